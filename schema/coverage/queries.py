"""Coverage queries: thin resolvers over planning.coverage."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from zhepai.domain.coverage.model import CoverageModel, Filters, Proposed
from zhepai.graph.bases import KINDS, LEVELS
from zhepai.schema import validation as check
from zhepai.schema.context import Context
from zhepai.schema.coverage.types import (
    CoverageGap,
    CoverageMatrix,
    CoverageRow,
    ProposedBaseInput,
    WhatIf,
)
from zhepai.schema.errors import bad_input, not_found
from zhepai.schema.pagination import Connection, connection, window


def _filters(levels: list[str] | None, kinds: list[str] | None) -> Filters:
    for argument, given, allowed in (("baseLevels", levels, LEVELS), ("baseKinds", kinds, KINDS)):
        for value in given or ():
            if value not in allowed:
                raise bad_input(argument, f"{value!r} is not one of {', '.join(allowed)}")
    return Filters(
        levels=frozenset(levels) if levels is not None else None,
        kinds=frozenset(kinds) if kinds is not None else None,
    )


async def _scope(
    info: Info[Context, None],
    model: CoverageModel,
    region_code: str | None,
    designation: str | None,
    industry_code: str | None = None,
    series_code: str | None = None,
) -> tuple[list[str], list[str]]:
    check.region_code("regionCode", region_code)
    check.upper_code("designation", designation)
    check.upper_code("industryCode", industry_code)
    check.series_code("seriesCode", series_code)
    if region_code and await info.context.loaders.region.load(region_code) is None:
        raise not_found("regionCode", region_code, "region")
    if designation and designation not in {
        d.code for d in await info.context.repos.regions.designations()
    }:
        raise not_found("designation", designation, "designation")
    if industry_code and industry_code not in {s.industry_code for s in model.series.values()}:
        raise not_found("industryCode", industry_code, "industry")
    if series_code and series_code not in model.series:
        raise not_found("seriesCode", series_code, "series")
    return model.scope(region_code, designation, industry_code, series_code)


@strawberry.type
class CoverageQuery:
    @strawberry.field(
        description=(
            "County × series pairs no counting base reaches, most demand first (see "
            "demandFactors). regionCode: a city or the province; designation: e.g. MOUNTAIN_26."
        )
    )
    async def coverage_gaps(
        self,
        info: Info[Context, None],
        region_code: str | None = None,
        designation: str | None = None,
        industry_code: str | None = None,
        series_code: str | None = None,
        base_levels: list[str] | None = None,
        base_kinds: list[str] | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[CoverageGap]:
        filters = _filters(base_levels, base_kinds)
        offset, limit = window(first, after)
        model = await info.context.coverage.model()
        counties, series = await _scope(
            info, model, region_code, designation, industry_code, series_code
        )
        gaps = model.gaps(counties, series, filters)
        page = [CoverageGap.of(g, model) for g in gaps[offset : offset + limit]]
        return connection(page, len(gaps), offset)

    @strawberry.field(description="Every county × series pair of the scope, covered or not.")
    async def coverage_matrix(
        self,
        info: Info[Context, None],
        region_code: str | None = None,
        designation: str | None = None,
        industry_code: str | None = None,
        base_levels: list[str] | None = None,
        base_kinds: list[str] | None = None,
    ) -> CoverageMatrix:
        filters = _filters(base_levels, base_kinds)
        model = await info.context.coverage.model()
        counties, series = await _scope(info, model, region_code, designation, industry_code)
        cells = model.matrix(counties, series, filters)
        width = len(series)
        rows = [
            CoverageRow(
                county_code=county,
                gap_count=sum(1 for c in cells[i * width : (i + 1) * width] if not c.covered),
                row=tuple(cells[i * width : (i + 1) * width]),
            )
            for i, county in enumerate(counties)
        ]
        return CoverageMatrix(
            series_codes=series,
            rows=rows,
            gap_count=sum(r.gap_count for r in rows),
            pair_count=len(cells),
        )

    @strawberry.field(description="Which gaps the proposed bases would close, and how much demand.")
    async def coverage_what_if(
        self,
        info: Info[Context, None],
        additions: list[ProposedBaseInput],
        region_code: str | None = None,
        designation: str | None = None,
        base_levels: list[str] | None = None,
        base_kinds: list[str] | None = None,
    ) -> WhatIf:
        filters = _filters(base_levels, base_kinds)
        model = await info.context.coverage.model()
        counties, series = await _scope(info, model, region_code, designation)
        proposed = []
        for i, a in enumerate(additions):
            argument = f"additions.{i}"
            check.region_code(f"{argument}.regionCode", a.region_code)
            if a.region_code not in model.counties:
                raise not_found(f"{argument}.regionCode", a.region_code, "county")
            unknown = [c for c in a.series_codes if c not in model.series]
            if unknown or not a.series_codes:
                raise bad_input(f"{argument}.seriesCodes", f"unknown or no series: {unknown}")
            kind = a.kind or "TRAINING_BASE"
            if kind not in KINDS or (a.level is not None and a.level not in LEVELS):
                raise bad_input(argument, "kind or level is not a known code")
            if kind == "TRAINING_BASE" and a.level is None:
                raise bad_input(f"{argument}.level", "a TRAINING_BASE needs a level")
            proposed.append(Proposed(a.region_code, tuple(a.series_codes), a.level, kind))
        result = model.what_if(proposed, counties, series, filters)
        return WhatIf(
            gaps_before=result.gaps_before,
            gaps_after=result.gaps_after,
            closed=[CoverageGap.of(g, model) for g in result.closed],
            demand_newly_covered=result.demand_newly_covered,
        )
