"""GraphQL types of training bases (filled by the bases import; see issue 4)."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from zhepai.graph.records import BaseRecord
from zhepai.schema.catalogue.types import Series
from zhepai.schema.context import Context
from zhepai.schema.enums import BaseKind, BaseLevel, BaseStatus
from zhepai.schema.regions.types import Region


@strawberry.type(description="A training base or other training resource, in one county.")
class Base:
    id: strawberry.ID = strawberry.field(description="The base's id, as the planners give it.")
    name: str = strawberry.field(description="Its name (Chinese).")
    kind: BaseKind = strawberry.field(description="What kind of training resource it is.")
    level: BaseLevel | None = strawberry.field(
        description="Who designated it; training bases only."
    )
    region_code: str = strawberry.field(description="The county where it stands.")
    series_codes: list[str] = strawberry.field(description="The series it trains for.")
    designated_year: int | None = strawberry.field(description="The year it was designated.")
    capacity: int | None = strawberry.field(description="Trainees a year, where known.")
    status: BaseStatus = strawberry.field(description="Whether it counts for coverage.")

    @classmethod
    def of(cls, r: BaseRecord) -> Base:
        return cls(
            id=strawberry.ID(r.id),
            name=r.name,
            kind=BaseKind(r.kind),
            level=BaseLevel(r.level) if r.level else None,
            region_code=r.region_code,
            series_codes=list(r.series_codes),
            designated_year=r.designated_year,
            capacity=r.capacity,
            status=BaseStatus(r.status),
        )

    @strawberry.field(description="The county where it stands.")
    async def region(self, info: Info[Context, None]) -> Region:
        record = await info.context.loaders.region.load(self.region_code)
        assert record is not None, f"base {self.id} stands in a missing region"
        return Region.of(record)

    @strawberry.field(description="The series it trains for.")
    async def series(self, info: Info[Context, None]) -> list[Series]:
        records = await info.context.loaders.series.load_many(self.series_codes)
        return [Series.of(s) for s in records if s is not None]
