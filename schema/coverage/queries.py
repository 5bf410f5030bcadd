"""Coverage queries: thin resolvers over domain/coverage."""

from __future__ import annotations

import datetime
import math
from collections.abc import Sequence
from typing import Annotated

import strawberry
from strawberry.types import Info

from zhepai.domain.coverage.model import CoverageModel, Proposed, Terms
from zhepai.domain.coverage.suggest import KIND, suggest
from zhepai.domain.coverage.underserved import DEFAULT_SHARE, under_served
from zhepai.schema import validation as check
from zhepai.schema.arguments import about, code, value
from zhepai.schema.context import CATALOGUE_TOP, Context
from zhepai.schema.coverage import inputs as parse
from zhepai.schema.coverage.inputs import CoverageReach, DemandWeightsInput, ReachKmInput
from zhepai.schema.coverage.types import (
    BaseProposal,
    CoverageGap,
    CoverageMatrix,
    CoverageRow,
    CoverageSuggestion,
    CoverageUnderServed,
    ProposedBaseInput,
    UnderServedPair,
    WhatIf,
)
from zhepai.schema.enums import BaseKind, BaseLevel, IndustryCode
from zhepai.schema.errors import bad_input, not_found
from zhepai.schema.pagination import AFTER_HELP, FIRST_HELP, Connection, connection, window

# The arguments the coverage fields share, declared once.
RegionArg = Annotated[str | None, about("A city or the province (six digits); null: the province.")]
IndustryArg = Annotated[IndustryCode | None, about("Only series of this industry.")]
SeriesArg = Annotated[str | None, about("Only this series (two digits).")]
AsOfArg = Annotated[datetime.date | None, about("The day designations are read on; default today.")]
DesignationArg = Annotated[
    str | None, about("Only counties of this designation, e.g. MOUNTAIN_26.")
]
BaseLevelsArg = Annotated[
    list[BaseLevel] | None, about("Count only bases of these levels; null: all.")
]
BaseKindsArg = Annotated[
    list[BaseKind] | None, about("Count only bases of these kinds; null: all.")
]
ReachArg = Annotated[CoverageReach | None, about("How far a base reaches.")]
ReachKmArg = Annotated[ReachKmInput | None, about("Radii for reach DISTANCE; null: the defaults.")]
WeightsArg = Annotated[
    DemandWeightsInput | None, about("Weights of the demand factors; null: the defaults.")
]

MAX_PROPOSALS = 100
REACH_HELP = "reach：DISTANCE（默认，按驻地距离与 reachKm 半径）或 ADMINISTRATIVE（按行政区划）。"
AS_OF_HELP = "asOf：山区26县（MOUNTAIN_26）在此日有效时才在同需求时优先（默认今天）。"


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
    # the designations the model's counties carry (each seeded one has members): no store read
    if designation and not any(designation in c.designations for c in model.counties.values()):
        raise not_found("designation", designation, "designation")
    if industry_code and industry_code not in {s.industry_code for s in model.series.values()}:
        raise not_found("industryCode", industry_code, "industry")
    if series_code and series_code not in model.series:
        raise not_found("seriesCode", series_code, "series")
    return model.scope(region_code, designation, industry_code, series_code)


def _terms(
    base_levels: list[BaseLevel] | None,
    base_kinds: list[BaseKind] | None,
    reach: CoverageReach | None,
    reach_km: ReachKmInput | None,
    demand_weights: DemandWeightsInput | None,
    as_of: datetime.date | None = None,
) -> Terms:
    """The arguments that say how a coverage question is asked; errors name the argument."""
    return Terms(
        parse.filters(base_levels, base_kinds),
        parse.reach(reach, reach_km),
        parse.weights(demand_weights),
        as_of.isoformat() if as_of else None,
    )


def _asked(
    counties: Sequence[str], series: Sequence[str], terms: Terms, day: bool = True
) -> tuple[object, ...]:
    """What an answer kept with the model (``CoverageModel.kept``) depends on besides the
    model: the scope, the terms, and the day designations are read on (a gap's rank reads
    it)."""
    scope = (tuple(counties), tuple(series), terms.filters, terms.reach, terms.weights)
    return (*scope, terms.as_of or datetime.date.today().isoformat()) if day else scope


@strawberry.type
class CoverageQuery:
    @strawberry.field(
        description=(
            "County × series pairs no counting base reaches, most demand first (see "
            "demandFactors). regionCode: a city or the province; designation: e.g. MOUNTAIN_26. "
            + REACH_HELP
            + AS_OF_HELP
        )
    )
    async def coverage_gaps(
        self,
        info: Info[Context, None],
        region_code: RegionArg = None,
        designation: DesignationArg = None,
        industry_code: IndustryArg = None,
        series_code: SeriesArg = None,
        base_levels: BaseLevelsArg = None,
        base_kinds: BaseKindsArg = None,
        reach: ReachArg = CoverageReach.DISTANCE,
        reach_km: ReachKmArg = None,
        demand_weights: WeightsArg = None,
        as_of: AsOfArg = None,
        first: Annotated[int | None, about(FIRST_HELP)] = None,
        after: Annotated[str | None, about(AFTER_HELP)] = None,
    ) -> Connection[CoverageGap]:
        terms = _terms(base_levels, base_kinds, reach, reach_km, demand_weights, as_of)
        offset, limit = window(first, after)
        model = await info.context.coverage.model()
        counties, series = await _scope(
            info, model, region_code, designation, value(industry_code), series_code
        )
        top = await info.context.loaders.catalogue.load(CATALOGUE_TOP)

        def page() -> tuple[list[CoverageGap], int]:
            gaps = model.gaps(counties, series, terms)
            window = gaps[offset : offset + limit]
            return [CoverageGap.of(g, model, top, terms.weights) for g in window], len(gaps)

        # the page's objects are kept with the model: a planner's list is asked again and
        # again, and its gaps keep what their fields built (CoverageGap)
        question = ("gap page", *_asked(counties, series, terms), offset, limit)
        items, total = model.kept(question, page)
        return connection(items, total, offset)

    @strawberry.field(
        description="Every county × series pair of the scope, covered or not. " + REACH_HELP
    )
    async def coverage_matrix(
        self,
        info: Info[Context, None],
        region_code: RegionArg = None,
        designation: DesignationArg = None,
        industry_code: IndustryArg = None,
        base_levels: BaseLevelsArg = None,
        base_kinds: BaseKindsArg = None,
        reach: ReachArg = CoverageReach.DISTANCE,
        reach_km: ReachKmArg = None,
        demand_weights: WeightsArg = None,
    ) -> CoverageMatrix:
        terms = _terms(base_levels, base_kinds, reach, reach_km, demand_weights)
        model = await info.context.coverage.model()
        counties, series = await _scope(info, model, region_code, designation, value(industry_code))
        top = await info.context.loaders.catalogue.load(CATALOGUE_TOP)

        def matrix() -> CoverageMatrix:
            cells = model.matrix(counties, series, terms)
            width = len(series)
            rows = [
                CoverageRow(
                    county_code=county,
                    gap_count=sum(1 for c in cells[i * width : (i + 1) * width] if not c.covered),
                    row=tuple(cells[i * width : (i + 1) * width]),
                    top=top,
                    built={},
                )
                for i, county in enumerate(counties)
            ]
            return CoverageMatrix(
                series_codes=series,
                rows=rows,
                gap_count=sum(r.gap_count for r in rows),
                pair_count=len(cells),
            )

        # kept with the model, rows and all (a heatmap is asked again and again); the day does
        # not count: a matrix does not read designations
        return model.kept(("matrix rows", *_asked(counties, series, terms, day=False)), matrix)

    @strawberry.field(
        description="Which gaps the proposed bases would close, and how much demand. " + REACH_HELP
    )
    async def coverage_what_if(
        self,
        info: Info[Context, None],
        additions: Annotated[list[ProposedBaseInput], about("The bases to add.")],
        region_code: RegionArg = None,
        designation: DesignationArg = None,
        base_levels: BaseLevelsArg = None,
        base_kinds: BaseKindsArg = None,
        reach: ReachArg = CoverageReach.DISTANCE,
        reach_km: ReachKmArg = None,
        demand_weights: WeightsArg = None,
        as_of: AsOfArg = None,
    ) -> WhatIf:
        terms = _terms(base_levels, base_kinds, reach, reach_km, demand_weights, as_of)
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
                raise bad_input(
                    f"{argument}.seriesCodes", f"未给出系列，或系列代码不存在：{unknown}"
                )
            kind = code(a.kind) if a.kind else KIND
            if kind == KIND and a.level is None:
                raise bad_input(f"{argument}.level", "培训基地（TRAINING_BASE）须给出级别")
            proposed.append(Proposed(a.region_code, tuple(a.series_codes), value(a.level), kind))
        result = model.what_if(proposed, counties, series, terms)
        top = await info.context.loaders.catalogue.load(CATALOGUE_TOP)
        return WhatIf(
            gaps_before=result.gaps_before,
            gaps_after=result.gaps_after,
            closed=[CoverageGap.of(g, model, top, terms.weights) for g in result.closed],
            demand_newly_covered=result.demand_newly_covered,
        )

    @strawberry.field(
        description=(
            "建议下一批基地设在哪里：贪心的最大覆盖选址，每一处都补上此前尚未补上的需求最多的缺口"
            "（count 为 1 时即最优）。建议的基地为 level 级培训基地，设在范围内的区县，只计范围内的"
            "缺口；totalDemandClosed 等于 coverageWhatIf 对同样新增的结果。" + REACH_HELP
        )
    )
    async def coverage_suggest(
        self,
        info: Info[Context, None],
        count: Annotated[int, about("How many bases to propose, 1 to 100.")],
        level: Annotated[
            BaseLevel, about("The level of the proposed training bases.")
        ] = BaseLevel.COUNTY,
        region_code: RegionArg = None,
        designation: DesignationArg = None,
        industry_code: IndustryArg = None,
        series_code: SeriesArg = None,
        reach: ReachArg = CoverageReach.DISTANCE,
        reach_km: ReachKmArg = None,
        demand_weights: WeightsArg = None,
        base_kinds: BaseKindsArg = None,
        base_levels: BaseLevelsArg = None,
        as_of: AsOfArg = None,
    ) -> CoverageSuggestion:
        if not 1 <= count <= MAX_PROPOSALS:
            raise bad_input("count", f"须在 1 到 {MAX_PROPOSALS} 之间", value=count)
        terms = _terms(base_levels, base_kinds, reach, reach_km, demand_weights, as_of)
        if not terms.filters.counts(KIND, code(level)):
            raise bad_input("level", "建议的培训基地不在 baseLevels/baseKinds 计入的范围内")
        model = await info.context.coverage.model()
        counties, series = await _scope(
            info, model, region_code, designation, value(industry_code), series_code
        )
        top = await info.context.loaders.catalogue.load(CATALOGUE_TOP)

        def suggestion() -> CoverageSuggestion:
            result = suggest(model, count, code(level), counties, series, terms)
            closed = {(c, p.series) for p in result.proposals for c in p.closes}
            gaps = {
                (g.county, g.series): CoverageGap.of(g, model, top, terms.weights)
                for g in model.gaps(counties, series, terms)
                if (g.county, g.series) in closed
            }
            return CoverageSuggestion(
                proposals=[BaseProposal.of(p, gaps, model, top) for p in result.proposals],
                total_demand_closed=result.total_demand_closed,
                gaps_before=result.gaps_before,
                gaps_after=result.gaps_after,
            )

        # kept with the model, as a page of gaps is
        question = ("suggestion", count, code(level), *_asked(counties, series, terms))
        return model.kept(question, suggestion)

    @strawberry.field(
        description=(
            "已覆盖、但到达的基地培训规模远低于需求的区县 × 系列（能力不足），缺口大者在前。"
            "规则（我们的假设）：每个基地的培训规模平均分给它到达的各区县 × 系列；一对的规模为到达"
            "它的计入基地所分之和，有基地未填规模则不判断；规模 ÷ 需求低于全省典型值（中位数）的 "
            "share 倍即为能力不足。" + REACH_HELP
        )
    )
    async def coverage_under_served(
        self,
        info: Info[Context, None],
        region_code: RegionArg = None,
        designation: DesignationArg = None,
        industry_code: IndustryArg = None,
        series_code: SeriesArg = None,
        base_levels: BaseLevelsArg = None,
        base_kinds: BaseKindsArg = None,
        reach: ReachArg = CoverageReach.DISTANCE,
        reach_km: ReachKmArg = None,
        demand_weights: WeightsArg = None,
        share: Annotated[
            float, about("低于全省典型比值的这一比例（0–1）即为能力不足，默认 0.25。")
        ] = DEFAULT_SHARE,
        first: Annotated[int | None, about(FIRST_HELP)] = None,
    ) -> CoverageUnderServed:
        if not (math.isfinite(share) and 0 < share <= 1):
            raise bad_input("share", "须大于 0、不超过 1", value=share)
        terms = _terms(base_levels, base_kinds, reach, reach_km, demand_weights)
        _, limit = window(first, None)
        model = await info.context.coverage.model()
        counties, series = await _scope(
            info, model, region_code, designation, value(industry_code), series_code
        )
        report = under_served(model, counties, series, terms, share=share)
        top = await info.context.loaders.catalogue.load(CATALOGUE_TOP)
        return CoverageUnderServed(
            typical_capacity_per_demand=report.typical,
            share=share,
            judged_pairs=report.judged,
            unknown_capacity_pairs=report.unknown,
            total_count=len(report.pairs),
            pairs=[UnderServedPair.of(p, model, top) for p in report.pairs[:limit]],
        )
