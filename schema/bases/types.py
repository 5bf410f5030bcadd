"""GraphQL types of training bases (filled by the bases import; see issue 4)."""

from __future__ import annotations

import strawberry

from zhepai.domain.catalogue.service import CatalogueTop
from zhepai.graph.records import BaseRecord
from zhepai.schema.catalogue.types import Series
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
    # the catalogue the request holds: a base's region and series are looked up, not loaded
    top: strawberry.Private[CatalogueTop]

    @classmethod
    def of(cls, r: BaseRecord, top: CatalogueTop) -> Base:
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
            top=top,
        )

    @strawberry.field(description="The county where it stands.")
    def region(self) -> Region:
        record = self.top.region(self.region_code)
        assert record is not None, f"base {self.id} stands in a missing region"
        return Region.of(record)

    @strawberry.field(description="The series it trains for.")
    def series(self) -> list[Series]:
        found = (self.top.series_by_code(code) for code in self.series_codes)
        return [Series.of(s) for s in found if s is not None]
