"""Data-quality queries."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from zhepai.schema.context import Context
from zhepai.schema.quality.types import DataQualityFinding


@strawberry.type
class QualityQuery:
    @strawberry.field(description="Every finding the seed loader recorded, in a stable order.")
    async def data_quality(self, info: Info[Context, None]) -> list[DataQualityFinding]:
        return [DataQualityFinding.of(r) for r in await info.context.repos.quality.findings()]
