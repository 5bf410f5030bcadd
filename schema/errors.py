"""Error codes: every error the API returns carries ``extensions.code``.

Expected failures are raised as ``GraphQLError`` with a code by the resolvers (``not_found``,
``bad_input``), the permission classes (``FORBIDDEN``, ``UNAUTHENTICATED``) and the limits
(``QUERY_TOO_COMPLEX``). ``ErrorCodes`` then gives the others theirs: parse and validation
errors from graphql-core, store failures, and anything unexpected, which is masked — the
client sees a request id, the log holds the details.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from graphql import ExecutionResult as GraphQLExecutionResult
from graphql.error import GraphQLError
from graphql.validation.validate import ValidationAbortedError
from strawberry.extensions import SchemaExtension
from strawberry.types.execution import ExecutionResult

from zhepai.graph.errors import StoreError, StoreInputError, StoreTimeout, StoreUnavailable

log = logging.getLogger("zhepai.errors")

PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
BAD_USER_INPUT = "BAD_USER_INPUT"
NOT_FOUND = "NOT_FOUND"
UNAUTHENTICATED = "UNAUTHENTICATED"
FORBIDDEN = "FORBIDDEN"
QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
STORE_UNAVAILABLE = "STORE_UNAVAILABLE"
INTERNAL = "INTERNAL"


# What a NOT_FOUND names, in the words of the answer (the argument keeps its API name).
_WHAT = {
    "region": "地区", "county": "区县", "series": "系列", "industry": "产业",
    "designation": "区域称号", "occupation": "职业", "specialty": "专项", "base": "基地",
    "worker": "人员", "level": "等级",
}  # fmt: skip


def not_found(argument: str, value: str, what: str) -> GraphQLError:
    return GraphQLError(
        f"找不到{_WHAT.get(what, what)}：{argument} 为 {value!r}",
        extensions={"code": NOT_FOUND, "argument": argument, "value": value},
    )


def bad_input(argument: str, message: str, **details: Any) -> GraphQLError:
    return GraphQLError(
        f"{argument}：{message}",
        extensions={"code": BAD_USER_INPUT, "argument": argument, **details},
    )


def too_complex(limit: str, message: str, **details: Any) -> GraphQLError:
    """A document refused by a limit: ``limit`` names which (DEPTH, ALIASES, TOKENS, COST)."""
    return GraphQLError(message, extensions={"code": QUERY_TOO_COMPLEX, "limit": limit, **details})


def _coded(error: GraphQLError, code: str, message: str | None = None, **ext: Any) -> GraphQLError:
    return GraphQLError(
        message or error.message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=None,
        extensions={**(error.extensions or {}), "code": code, **ext},
    )


# graphql-core reports bad variable values while coercing them, before execution: they are
# the caller's input, not a malformed document.
_INPUT_PREFIXES = ("Variable '$",)
# The parser's own limits (set from schema/limits.py) end its messages so.
_PARSER_LIMIT = "Parsing aborted."


class ErrorCodes(SchemaExtension):
    """Give every error a code; mask the unexpected ones."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if isinstance(result, GraphQLExecutionResult | ExecutionResult) and result.errors:
            parsed = self.execution_context.graphql_document is not None
            result.errors = [self._process(e, parsed) for e in result.errors]

    def _request_id(self) -> str:
        context = self.execution_context.context
        return str(getattr(context, "request_id", "-"))

    def _process(self, error: GraphQLError, parsed: bool) -> GraphQLError:
        if error.extensions and "code" in error.extensions:
            return error
        original = error.original_error
        if error.path is None and error.message.startswith(_INPUT_PREFIXES):
            return _coded(error, BAD_USER_INPUT)
        if isinstance(error, ValidationAbortedError):
            # graphql-core's validation budget (schema/limits.py) or its error limit ran out
            return _coded(error, QUERY_TOO_COMPLEX, limit="VALIDATION")
        if original is None:
            if error.message.endswith(_PARSER_LIMIT):
                limit = "DEPTH" if "nested too deeply" in error.message else "TOKENS"
                return _coded(error, QUERY_TOO_COMPLEX, limit=limit)
            if not parsed or error.message.startswith("Syntax Error"):
                return _coded(error, PARSE_FAILED)
            return _coded(error, VALIDATION_FAILED)
        if isinstance(original, RecursionError):
            # graphql-core recurses over nested values and selections; a document nested
            # past the interpreter's limit is too complex, not a fault of ours.
            return _coded(error, QUERY_TOO_COMPLEX, "文档嵌套过深", limit="DEPTH")
        if isinstance(original, GraphQLError) and original.extensions:
            return error
        if isinstance(original, StoreInputError):
            return _coded(error, BAD_USER_INPUT, f"参数含有{original}")
        request_id = self._request_id()
        if isinstance(original, StoreUnavailable | StoreTimeout):
            log.warning("store failure [%s]: %s", request_id, original)
            return _coded(
                error,
                STORE_UNAVAILABLE,
                "图数据库暂时不可用或响应过慢，请稍后再试",
                requestId=request_id,
            )
        if isinstance(original, StoreError):
            log.error("store error [%s]: %s", request_id, original, exc_info=original)
        else:
            log.error("unexpected error [%s]", request_id, exc_info=original)
        return _coded(error, INTERNAL, f"内部错误（请求编号 {request_id}）", requestId=request_id)
