"""GraphQL types of the regions domain."""

from __future__ import annotations

from enum import Enum

import strawberry
from strawberry.types import Info

from zhepai.graph.records import DesignationRecord, RegionRecord
from zhepai.schema.context import Context


@strawberry.enum(description="Administrative level: the province, its 11 cities, 90 counties.")
class RegionLevel(Enum):
    PROVINCE = strawberry.enum_value("PROVINCE", description="Zhejiang itself (330000).")
    CITY = strawberry.enum_value("CITY", description="One of its 11 cities (设区市).")
    COUNTY = strawberry.enum_value("COUNTY", description="One of its 90 counties (县、市、区).")


@strawberry.type(description="A division of Zhejiang (GB/T 2260 code), with its designations.")
class Region:
    code: str = strawberry.field(description="Its six-digit code.")
    name: str = strawberry.field(description="Its name (Chinese).")
    level: RegionLevel = strawberry.field(description="Province, city or county.")
    parent_code: str | None = strawberry.field(
        description="The region it belongs to; null for the province."
    )
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

    @strawberry.field(description="The region it belongs to.")
    async def parent(self, info: Info[Context, None]) -> Region | None:
        if self.parent_code is None:
            return None
        record = await info.context.loaders.region.load(self.parent_code)
        return Region.of(record) if record else None

    @strawberry.field(description="The regions that belong to it.")
    async def children(self, info: Info[Context, None]) -> list[Region]:
        return [Region.of(r) for r in await info.context.loaders.region_children.load(self.code)]


@strawberry.type(description="A named list of regions valid for a period, e.g. 山区26县.")
class Designation:
    code: str = strawberry.field(description="Its code, e.g. MOUNTAIN_26.")
    name: str = strawberry.field(description="Its name (Chinese).")
    valid_from: str = strawberry.field(description="The first day it holds (ISO date).")
    valid_to: str | None = strawberry.field(description="The last day it holds; null: still valid.")
    source: str | None = strawberry.field(description="The document that names it.")
    note: str | None = strawberry.field(description="A remark, where one is due.")
    member_count: int = strawberry.field(description="How many regions it lists.")

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
