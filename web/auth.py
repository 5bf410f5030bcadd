"""Authentication: the bearer token, if any, becomes the request's principal.

No ``Authorization`` header: the caller is anonymous. A header that is not a valid bearer
token (bad signature, expired, wrong issuer or audience, unknown role) is refused with 401
and ``UNAUTHENTICATED`` before anything else runs: a caller who tried to authenticate and
failed is told so rather than silently served as anonymous.
"""

from __future__ import annotations

import logging

from starlette.types import ASGIApp, Receive, Scope, Send

from zhepai.schema.errors import UNAUTHENTICATED
from zhepai.web.errors import error_response
from zhepai.web.roles import ANONYMOUS
from zhepai.web.tokens import TokenError, TokenKeys, verify

log = logging.getLogger("zhepai.auth")

# Health checks never look at tokens: a probe that forwards a stale one must not fail them.
_UNCHECKED = frozenset({"/healthz", "/readyz"})


class Authenticate:
    def __init__(self, app: ASGIApp, keys: TokenKeys | None) -> None:
        self.app = app
        self.keys = keys

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in _UNCHECKED:
            await self.app(scope, receive, send)
            return
        header = dict(scope["headers"]).get(b"authorization")
        principal = ANONYMOUS
        if header is not None:
            scheme, _, token = header.decode("latin-1").partition(" ")
            try:
                if scheme.lower() != "bearer" or not token.strip():
                    raise TokenError("须为 `Authorization: Bearer <token>`")
                principal = verify(self.keys, token.strip())
            except TokenError as exc:
                log.info("refused a token: %s", exc)
                response = error_response(
                    401,
                    UNAUTHENTICATED,
                    str(exc),
                    headers={"www-authenticate": 'Bearer error="invalid_token"'},
                )
                await response(scope, receive, send)
                return
        scope.setdefault("state", {})["principal"] = principal
        await self.app(scope, receive, send)
