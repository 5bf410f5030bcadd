"""GraphQL types of the regions domain."""

from __future__ import annotations

from enum import Enum

import strawberry
from strawberry.types import Info

from zhepai.graph.records import DesignationRecord, RegionRecord
from zhepai.schema.context import Context


@strawberry.enum(description="Administrative level: the province, its 11 cities, 90 counties.")
class RegionLevel(Enum):
    PROVINCE = "PROVINCE"
    CITY = "CITY"
    COUNTY = "COUNTY"


@strawberry.type(description="A division of Zhejiang (GB/T 2260 code), with its designations.")
class Region:
    code: str
    name: str
    level: RegionLevel
    parent_code: str | None
    designations: list[str] = strawberry.field(
        description="Codes of the designations the region has ever held, e.g. MOUNTAIN_26."
    )
    latitude: float | None = strawberry.field(
        description="驻地纬度（度）：区县、设区市、省的政府驻地，见 seeds/region_seats.yaml。"
    )
    longitude: float | None = strawberry.field(description="驻地经度（度）。")

    @classmethod
    def of(cls, r: RegionRecord) -> Region:
        return cls(
            code=r.code,
            name=r.name,
            level=RegionLevel(r.level),
            parent_code=r.parent_code,
            designations=list(r.designations),
            latitude=r.latitude,
            longitude=r.longitude,
        )

    @strawberry.field
    async def parent(self, info: Info[Context, None]) -> Region | None:
        if self.parent_code is None:
            return None
        record = await info.context.loaders.region.load(self.parent_code)
        return Region.of(record) if record else None

    @strawberry.field
    async def children(self, info: Info[Context, None]) -> list[Region]:
        return [Region.of(r) for r in await info.context.loaders.region_children.load(self.code)]


@strawberry.type(description="A named list of regions valid for a period, e.g. 山区26县.")
class Designation:
    code: str
    name: str
    valid_from: str
    valid_to: str | None
    source: str | None
    note: str | None
    member_count: int

    @classmethod
    def of(cls, d: DesignationRecord) -> Designation:
        return cls(
            code=d.code,
            name=d.name,
            valid_from=d.valid_from,
            valid_to=d.valid_to,
            source=d.source,
            note=d.note,
            member_count=d.member_count,
        )
