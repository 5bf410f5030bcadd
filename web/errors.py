"""Refusals made before GraphQL runs, shaped as GraphQL responses so clients parse one shape.

``{"errors": [{"message": ..., "extensions": {"code": ...}}]}`` with the HTTP status that fits
(400, 401, 404, 405, 413), counted with the other errors by code. No ``data`` key: the GraphQL
over HTTP spec keeps it for requests that reached execution.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.responses import JSONResponse

from zhepai.web.observability import ERRORS


def error_response(
    status: int,
    code: str,
    message: str,
    headers: Mapping[str, str] | None = None,
    **extensions: Any,
) -> JSONResponse:
    ERRORS.labels(code).inc()
    body = {
        "errors": [{"message": message, "extensions": {"code": code, **extensions}}],
    }
    return JSONResponse(body, status_code=status, headers=headers)
