"""The limits every GraphQL document must fit, assembled in one place.

| limit | default | refusal |
|---|---|---|
| fields nested (depth) | 10 | QUERY_TOO_COMPLEX, limit DEPTH |
| aliases | 15 | QUERY_TOO_COMPLEX, limit ALIASES |
| lexical tokens (and comments) | 1,000 | QUERY_TOO_COMPLEX, limit TOKENS |
| objects in an answer (schema/sizes.py) | 10,000 | QUERY_TOO_COMPLEX, limit COST |
| validation work (overlapping fields) | 50,000 units | QUERY_TOO_COMPLEX, limit VALIDATION |
| page size | `first` ≤ 100 (schema/pagination.py) | capped |
| request body | 1 MiB (web/body.py) | HTTP 413, QUERY_TOO_COMPLEX, limit BODY_BYTES |
| store query | 10 s (the backends) | STORE_UNAVAILABLE |
| introspection for anonymous callers | on; off in production | GRAPHQL_VALIDATION_FAILED |

The defaults follow GraphQL Armor's (depth 6, aliases 15, tokens 1,000), with depth raised
to fit this schema's career paths and alternatives, and GitHub's and Shopify's practice of
pricing connections by ``first``. The token limit is applied by the parser, so a huge
document is never built; depth, aliases and cost are measured before graphql-core validates
the document (which takes quadratic time on some documents) and a refused document is not
validated at all. Each comes from the settings (``ZHEPAI_MAX_DEPTH`` …) through the context,
so one schema serves apps with different limits.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from graphql import FragmentDefinitionNode, GraphQLError, OperationDefinitionNode
from graphql.validation import NoSchemaIntrospectionCustomRule
from graphql.validation.rules import overlapping_fields_can_be_merged
from strawberry.extensions import SchemaExtension

from zhepai.schema.complexity import TooDeep, measure, operation_of
from zhepai.schema.errors import too_complex
from zhepai.web.roles import Role

if TYPE_CHECKING:
    from zhepai.config import Settings


# graphql-core meters the work of comparing fields that share a response name and aborts
# validation past a budget (500,000 units by default, ~0.5 s here for a 1,000-token document
# repeating one field). A tenth of it still validates 200 repetitions of a field, far more
# than any real query, and aborts the worst document in ~0.1 s. graphql-core documents this
# module attribute as the way to set it; it applies to the whole process.
VALIDATION_BUDGET = 50_000
overlapping_fields_can_be_merged.MAX_COMPLEXITY_BUDGET = VALIDATION_BUDGET


@dataclass(frozen=True, slots=True)
class Limits:
    max_depth: int = 10
    max_aliases: int = 15
    max_tokens: int = 1000
    max_cost: int = 10_000
    introspection: bool = True

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            max_depth=settings.max_depth,
            max_aliases=settings.max_aliases,
            max_tokens=settings.max_tokens,
            max_cost=settings.max_cost,
            introspection=settings.introspection,
        )


DEFAULT_LIMITS = Limits()
# Measures grow exponentially with nested lists; what a response shows stays a JSON number.
_SHOWN_MAX = 2**53 - 1


def _shown(value: int) -> int:
    return min(value, _SHOWN_MAX)


class DocumentLimits(SchemaExtension):
    """Refuses documents over the limits before they are validated or run."""

    def _limits(self) -> Limits:
        limits = getattr(self.execution_context.context, "limits", None)
        return limits if isinstance(limits, Limits) else DEFAULT_LIMITS

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        limits = self._limits()
        options = cast("dict[str, Any]", context.parse_options)
        options["max_lexical_tokens"] = limits.max_tokens
        options["max_comments"] = limits.max_tokens
        # graphql-core's own rules already bound how deep introspection may nest
        # (MaxIntrospectionDepthRule); switched off, anonymous callers are refused it, while
        # a caller with a token (a frontend's codegen, an officer's GraphiQL) keeps it
        role = getattr(context.context, "role", Role.ANONYMOUS)
        if not limits.introspection and role is Role.ANONYMOUS:
            context.validation_rules = (*context.validation_rules, NoSchemaIntrospectionCustomRule)
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if context.graphql_document is not None and context.pre_execution_errors is None:
            refusal = self._refusal()
            if refusal is not None:
                # Set before validation: strawberry then skips validating the document
                # (and GuardedValidationCache leaves the refusal in place).
                context.pre_execution_errors = [refusal]
        yield

    def _refusal(self) -> GraphQLError | None:
        context = self.execution_context
        limits = self._limits()
        document = context.graphql_document
        assert document is not None
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        operation = operation_of(operations, context.operation_name)
        if operation is None:
            return None  # strawberry refuses a missing or ambiguous operation itself
        fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        try:
            found = measure(
                context.schema._schema,
                operation,
                fragments,
                context.variables or {},
                limits.max_depth,
            )
        except (TooDeep, RecursionError):
            return too_complex(
                "DEPTH",
                f"字段嵌套超过 {limits.max_depth} 层",
                max=limits.max_depth,
            )
        if found.aliases > limits.max_aliases:
            return too_complex(
                "ALIASES",
                f"用了 {_shown(found.aliases)} 个别名，至多允许 {limits.max_aliases} 个",
                max=limits.max_aliases,
                actual=_shown(found.aliases),
            )
        if found.cost > limits.max_cost:
            return too_complex(
                "COST",
                f"查询可能返回多达 {_shown(found.cost)} 个对象，至多允许 {limits.max_cost} 个"
                "（请用 `first` 分页取更小的页）",
                max=limits.max_cost,
                actual=_shown(found.cost),
            )
        return None
