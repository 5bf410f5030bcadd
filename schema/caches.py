"""Caches of parsed documents, so a repeated query skips parsing and (keyed by the same
document object) validation."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from graphql.error import GraphQLError
from strawberry.extensions import ParserCache, ValidationCache


class DocumentCache(ParserCache):
    """strawberry's ParserCache, minus one flaw: it raises syntax errors from inside its
    hook, past the other extensions (ErrorCodes would never see them). A document that does
    not parse is left to strawberry's own parse, which reports it as any other error."""

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        with contextlib.suppress(GraphQLError):
            context.graphql_document = self.cached_parse_document(
                context.query, **context.parse_options
            )
        yield


class GuardedValidationCache(ValidationCache):
    """strawberry's ValidationCache, except that it leaves alone a document another extension
    already refused (DocumentLimits): the original would validate it anyway, and overwrite
    the refusal with the validation's result."""

    def on_validate(self) -> Iterator[None]:
        if self.execution_context.pre_execution_errors is not None:
            yield
            return
        yield from super().on_validate()
