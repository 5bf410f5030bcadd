"""Caches of parsed documents, so a repeated query skips parsing and (keyed by the same
document object) validation."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from graphql.error import GraphQLError
from strawberry.extensions import ParserCache


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
