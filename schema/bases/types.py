"""GraphQL types of training bases (filled by the bases import; see issue 4)."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from zhepai.graph.records import BaseRecord
from zhepai.schema.catalogue.types import Series
from zhepai.schema.context import Context
from zhepai.schema.regions.types import Region


@strawberry.type(description="A training base or other training resource, in one county.")
class Base:
    id: strawberry.ID
    name: str
    kind: str
    level: str | None
    region_code: str
    series_codes: list[str]
    designated_year: int | None
    capacity: int | None
    status: str

    @classmethod
    def of(cls, r: BaseRecord) -> Base:
        return cls(
            id=strawberry.ID(r.id),
            name=r.name,
            kind=r.kind,
            level=r.level,
            region_code=r.region_code,
            series_codes=list(r.series_codes),
            designated_year=r.designated_year,
            capacity=r.capacity,
            status=r.status,
        )

    @strawberry.field
    async def region(self, info: Info[Context, None]) -> Region:
        record = await info.context.loaders.region.load(self.region_code)
        assert record is not None, f"base {self.id} stands in a missing region"
        return Region.of(record)

    @strawberry.field
    async def series(self, info: Info[Context, None]) -> list[Series]:
        records = await info.context.loaders.series.load_many(self.series_codes)
        return [Series.of(s) for s in records if s is not None]
