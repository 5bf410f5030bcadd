"""The schema: the root Query composed from the domains, with the extensions every request runs."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.schema.config import StrawberryConfig

from zhepai.schema.bases.mutations import BaseMutation
from zhepai.schema.bases.queries import BaseQuery
from zhepai.schema.caches import DocumentCache, GuardedValidationCache
from zhepai.schema.careers.queries import CareerQuery
from zhepai.schema.catalogue.queries import CatalogueQuery
from zhepai.schema.coverage.queries import CoverageQuery
from zhepai.schema.coverage.types import SCALARS
from zhepai.schema.errors import ErrorCodes
from zhepai.schema.execution import ExecutionContext
from zhepai.schema.ladder.queries import LadderQuery
from zhepai.schema.limits import DocumentLimits
from zhepai.schema.plan.queries import PlanQuery
from zhepai.schema.quality.queries import QualityQuery
from zhepai.schema.regions.queries import RegionQuery
from zhepai.schema.workers.mutations import WorkerMutation
from zhepai.schema.workers.queries import WorkerQuery
from zhepai.web.observability import GraphQLMetrics


@strawberry.type(description="What can be read: the catalogue, careers, coverage, talent.")
class Query(
    CatalogueQuery,
    RegionQuery,
    LadderQuery,
    QualityQuery,
    PlanQuery,
    CareerQuery,
    BaseQuery,
    CoverageQuery,
    WorkerQuery,
):
    pass


@strawberry.type(description="What can be written: bases and certificates, with codes issued.")
class Mutation(BaseMutation, WorkerMutation):
    pass


class Schema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        """Errors are logged by ErrorCodes: the unexpected ones with their traceback and
        request id. strawberry's default would log every error at ERROR level with the whole
        document, so a caller's mistakes would fill the log (up to the body limit a time)."""


# Frontends send the same few documents again and again, so parsing and validation are
# cached (bounded, keyed by the document) instead of redone for every request
# (bench/RESULTS.md, case 1).
schema = Schema(
    query=Query,
    mutation=Mutation,
    config=StrawberryConfig(scalar_map=SCALARS),
    execution_context_class=ExecutionContext,
    # GraphQLMetrics first: extensions unwind in reverse, so it sees the codes ErrorCodes gave.
    # DocumentLimits before the validation cache: hooks enter in this order, and a document
    # over the limits is refused before anything validates it.
    extensions=[
        GraphQLMetrics,
        ErrorCodes,
        DocumentLimits,
        lambda: DocumentCache(maxsize=512),
        lambda: GuardedValidationCache(maxsize=512),
    ],
)
