"""Region queries: the province, cities and counties, filtered by level, parent, designation."""

from __future__ import annotations

import datetime
from typing import Annotated

import strawberry
from strawberry.types import Info

from zhepai.schema import validation as check
from zhepai.schema.arguments import about, value
from zhepai.schema.context import Context
from zhepai.schema.errors import not_found
from zhepai.schema.regions.types import Designation, Region, RegionLevel


@strawberry.type
class RegionQuery:
    @strawberry.field(
        description=(
            "Regions by level, parent code and designation (e.g. MOUNTAIN_26). asOf keeps only "
            "designations valid on that date; without it every designation counts."
        )
    )
    async def regions(
        self,
        info: Info[Context, None],
        level: Annotated[RegionLevel | None, about("Only regions of this level.")] = None,
        parent_code: Annotated[
            str | None, about("Only the regions directly under this one.")
        ] = None,
        designation: Annotated[
            str | None, about("Only regions of this designation, e.g. MOUNTAIN_26.")
        ] = None,
        as_of: Annotated[
            datetime.date | None,
            about("Count designations valid on this day; null: any ever held."),
        ] = None,
    ) -> list[Region]:
        check.region_code("parentCode", parent_code)
        check.upper_code("designation", designation)
        repo = info.context.repos.regions
        records = await repo.regions(
            value(level),
            parent_code,
            designation,
            as_of.isoformat() if as_of else None,
        )
        if not records:
            if (
                parent_code is not None
                and await info.context.loaders.region.load(parent_code) is None
            ):
                raise not_found("parentCode", parent_code, "region")
            if designation is not None and designation not in {
                d.code for d in await repo.designations()
            }:
                raise not_found("designation", designation, "designation")
        return [Region.of(r) for r in records]

    @strawberry.field(description="One region by its six-digit code; null if there is none.")
    async def region(
        self, info: Info[Context, None], code: Annotated[str, about("The six-digit code.")]
    ) -> Region | None:
        check.region_code("code", code)
        record = await info.context.loaders.region.load(code)
        return Region.of(record) if record else None

    @strawberry.field(description="Designations (named region lists with validity periods).")
    async def designations(self, info: Info[Context, None]) -> list[Designation]:
        return [Designation.of(d) for d in await info.context.repos.regions.designations()]
