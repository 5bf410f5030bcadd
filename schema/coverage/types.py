"""GraphQL types of coverage planning: gaps, the matrix, what-ifs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NewType, cast

import strawberry
from strawberry.types import Info
from strawberry.types.scalar import ScalarDefinition

from zhepai.domain.catalogue.service import CatalogueTop
from zhepai.domain.coverage.model import DEFAULT_WEIGHTS, Cell, CoverageModel, Gap, Weights
from zhepai.domain.coverage.model import DemandFactor as FactorRecord
from zhepai.domain.coverage.suggest import Proposal
from zhepai.domain.coverage.underserved import UnderServed
from zhepai.schema.bases.types import Base
from zhepai.schema.catalogue.types import Series
from zhepai.schema.context import Context
from zhepai.schema.enums import BaseKind, BaseLevel
from zhepai.schema.regions.types import Region


def _region(top: CatalogueTop, code: str) -> Region:
    record = top.region(code)
    assert record is not None  # the model's counties are the catalogue's
    return Region.of(record)


def _series(top: CatalogueTop, code: str) -> Series:
    record = top.series_by_code(code)
    assert record is not None
    return Series.of(record)


class Keeps:
    """What the fields of an object built from the kept coverage model built, kept with the
    object: the API keeps a page of gaps and a matrix with the model (``CoverageModel.kept``),
    and asked again, they answer what they built before. The type declares ``built``."""

    built: dict[str, Any]

    def kept[T](self, field: str, build: Callable[[], T]) -> T:
        if field not in self.built:
            self.built[field] = build()
        return cast("T", self.built[field])


@strawberry.type(description="One term of a gap's demand: value × weight = contribution.")
class DemandFactor:
    name: str = strawberry.field(description="The factor's name.")
    value: float = strawberry.field(description="Its value for the pair.")
    weight: float = strawberry.field(description="Its weight.")
    contribution: float = strawberry.field(description="The value × weight.")
    description: str = strawberry.field(description="What it measures.")

    @classmethod
    def of(cls, f: FactorRecord) -> DemandFactor:
        return cls(
            name=f.name,
            value=f.value,
            weight=f.weight,
            contribution=f.contribution,
            description=f.description,
        )


@strawberry.type(description="A county × series pair that no counting base reaches.")
class CoverageGap(Keeps):
    """Everything a gap shows comes from the kept coverage model and catalogue top, which the
    query's resolver has awaited: the fields resolve without a store read or a loader round,
    and its factors and nearest base only when asked."""

    county_code: str = strawberry.field(description="The county.")
    series_code: str = strawberry.field(description="The series.")
    demand: float = strawberry.field(
        description="How much the gap matters: the sum of demandFactors' contributions."
    )
    rank: int = strawberry.field(description="1 = the gap that matters most.")
    model: strawberry.Private[CoverageModel]
    weights: strawberry.Private[Weights]
    top: strawberry.Private[CatalogueTop]
    built: strawberry.Private[dict[str, Any]]  # what the fields built, kept with the gap

    @classmethod
    def of(
        cls, g: Gap, model: CoverageModel, top: CatalogueTop, weights: Weights = DEFAULT_WEIGHTS
    ) -> CoverageGap:
        return cls(
            county_code=g.county,
            series_code=g.series,
            demand=g.demand,
            rank=g.rank,
            model=model,
            weights=weights,
            top=top,
            built={},
        )

    @strawberry.field(description="The terms of demand.")
    def demand_factors(self) -> list[DemandFactor]:
        def build() -> list[DemandFactor]:
            factors = self.model.factors(self.county_code, self.series_code, self.weights)
            return [DemandFactor.of(f) for f in factors]

        return self.kept("factors", build)

    @strawberry.field(description="The county.")
    def county(self) -> Region:
        return self.kept("county", lambda: _region(self.top, self.county_code))

    @strawberry.field(description="The series.")
    def series(self) -> Series:
        return self.kept("series", lambda: _series(self.top, self.series_code))

    @strawberry.field(
        description="覆盖该系列的在用基地中离该区县最近的一个（按驻地间距离；同距离按基地编号）。"
    )
    def nearest_base(self) -> Base | None:
        def build() -> Base | None:
            nearest = self.model.nearest(self.county_code, self.series_code)
            return Base.of(nearest[0], self.top) if nearest else None

        return self.kept("nearest", build)

    @strawberry.field(
        description="到 nearestBase 的距离（公里，一位小数）：两地驻地间的大圆距离，不是道路里程。"
    )
    def nearest_base_km(self) -> float | None:
        nearest = self.model.nearest(self.county_code, self.series_code)
        km = nearest[1] if nearest else None
        return round(km, 1) if km is not None else None


@strawberry.type(description="One county × series pair of the matrix.")
class CoverageCell:
    series_code: str = strawberry.field(description="The column's series.")
    covered: bool = strawberry.field(description="True when a counting base reaches the pair.")
    base_count: int = strawberry.field(description="Counting bases that reach the pair.")
    demand: float = strawberry.field(
        description="The pair's demand (see CoverageGap.demandFactors)."
    )


# Dense matrix rows: one scalar value per row instead of one list item per cell, which
# graphql-core would complete one by one (registered in schema/root.py's scalar_map).
IntVector = NewType("IntVector", list[int])
FloatVector = NewType("FloatVector", list[float])

SCALARS: dict[object, ScalarDefinition] = {
    IntVector: strawberry.scalar(
        name="IntVector",
        serialize=list,
        parse_value=lambda v: [int(x) for x in v],
        description="A list of integers sent as one value (dense matrix rows).",
    ),
    FloatVector: strawberry.scalar(
        name="FloatVector",
        serialize=list,
        parse_value=lambda v: [float(x) for x in v],
        description="A list of numbers sent as one value (dense matrix rows).",
    ),
}


@strawberry.type(description="A county's row of the matrix.")
class CoverageRow(Keeps):
    county_code: str = strawberry.field(description="The row's county.")
    gap_count: int = strawberry.field(description="Its pairs no counting base reaches.")
    row: strawberry.Private[tuple[Cell, ...]]
    top: strawberry.Private[CatalogueTop]
    built: strawberry.Private[dict[str, Any]]

    @strawberry.field(description="One cell per column.")
    def cells(self) -> list[CoverageCell]:
        return self.kept(
            "cells",
            lambda: [
                CoverageCell(
                    series_code=c.series,
                    covered=c.covered,
                    base_count=c.base_count,
                    demand=c.demand,
                )
                for c in self.row
            ],
        )

    @strawberry.field(
        description=(
            "The cells' base counts, aligned with CoverageMatrix.seriesCodes (0: a gap): the "
            "compact form of `cells` for heatmaps, one value per row instead of 36 objects."
        )
    )
    def base_counts(self) -> IntVector:
        return self.kept("base counts", lambda: IntVector([c.base_count for c in self.row]))

    @strawberry.field(description="The cells' demand, aligned likewise.")
    def demands(self) -> FloatVector:
        return self.kept("demands", lambda: FloatVector([c.demand for c in self.row]))

    @strawberry.field(description="The row's county.")
    def county(self) -> Region:
        return self.kept("county", lambda: _region(self.top, self.county_code))


@strawberry.type(description="Counties (rows) × series (columns).")
class CoverageMatrix:
    series_codes: list[str] = strawberry.field(description="The columns, in order.")
    rows: list[CoverageRow] = strawberry.field(description="One row per county.")
    gap_count: int = strawberry.field(description="Pairs no counting base reaches.")
    pair_count: int = strawberry.field(description="All pairs.")

    @strawberry.field(description="The columns' series, in order.")
    async def series(self, info: Info[Context, None]) -> list[Series]:
        records = await info.context.loaders.series.load_many(self.series_codes)
        return [Series.of(s) for s in records if s is not None]


@strawberry.input(description="A base that does not exist yet.")
class ProposedBaseInput:
    region_code: str = strawberry.field(description="The county where it would stand.")
    series_codes: list[str] = strawberry.field(description="The series it would train for.")
    level: BaseLevel | None = strawberry.field(
        default=None, description="Who would designate it; a training base needs one."
    )
    kind: BaseKind | None = strawberry.field(default=None, description="Default TRAINING_BASE.")


@strawberry.type(description="What the proposed bases would close.")
class WhatIf:
    gaps_before: int = strawberry.field(description="Gaps in scope now.")
    gaps_after: int = strawberry.field(description="Gaps left with the proposed bases.")
    closed: list[CoverageGap] = strawberry.field(description="The gaps they would close.")
    demand_newly_covered: float = strawberry.field(description="The demand of those gaps.")


@strawberry.type(description="一处建议新设的基地：它补上的缺口及其需求之和。")
class BaseProposal:
    county_code: strawberry.Private[str]
    series_code: strawberry.Private[str]
    top: strawberry.Private[CatalogueTop]
    level: BaseLevel = strawberry.field(description="The level of the proposed training base.")
    closes_demand: float = strawberry.field(description="它补上的缺口的需求之和。")
    closes: list[CoverageGap] = strawberry.field(description="它补上的缺口（此前尚未补上的）。")
    reason: str = strawberry.field(description="为什么建议这里（中文说明）。")

    @classmethod
    def of(
        cls,
        p: Proposal,
        gaps: dict[tuple[str, str], CoverageGap],
        model: CoverageModel,
        top: CatalogueTop,
    ) -> BaseProposal:
        names = "、".join(model.counties[c].name for c in p.closes)
        series = model.series[p.series]
        return cls(
            county_code=p.county,
            series_code=p.series,
            top=top,
            level=BaseLevel(p.level),
            closes_demand=p.closes_demand,
            closes=[gaps[(c, p.series)] for c in p.closes],
            reason=(
                f"在{model.counties[p.county].name}新设{_LEVEL_NAMES[p.level]}{series.name}基地，"
                f"可补上 {len(p.closes)} 个尚未补上的缺口（{names}），"
                f"需求合计 {p.closes_demand:g}。"
            ),
        )

    @strawberry.field(description="The county where it would stand.")
    def county(self) -> Region:
        return _region(self.top, self.county_code)

    @strawberry.field(description="The series it would train for.")
    def series(self) -> Series:
        return _series(self.top, self.series_code)


_LEVEL_NAMES = {"PROVINCE": "省级", "CITY": "市级", "COUNTY": "区县级"}


@strawberry.type(description="贪心选址的建议：每一处都补上此前尚未补上的需求最多的缺口。")
class CoverageSuggestion:
    proposals: list[BaseProposal] = strawberry.field(
        description="The proposed bases, in the order chosen."
    )
    total_demand_closed: float = strawberry.field(
        description="全部建议补上的需求之和，等于 coverageWhatIf 对同样新增的 demandNewlyCovered。"
    )
    gaps_before: int = strawberry.field(description="Gaps in scope now.")
    gaps_after: int = strawberry.field(description="Gaps left with every proposal built.")


BASES_PER_PAIR = 20  # schema/sizes.py prices the list at this


@strawberry.type(
    description="一个培训能力远低于其需求的已覆盖区县 × 系列（规则见 coverageUnderServed）。"
)
class UnderServedPair:
    county_code: str = strawberry.field(description="区县代码。")
    series_code: str = strawberry.field(description="系列代码。")
    rank: int = strawberry.field(description="1 = 缺口（shortfall）最大的一对。")
    demand: float = strawberry.field(description="需求（同 CoverageGap.demand）。")
    capacity: float = strawberry.field(
        description="到达它的计入基地分给它的培训规模之和（人/年；每个基地平均分给它到达的各对）。"
    )
    capacity_per_demand: float = strawberry.field(
        description="培训规模与需求之比：capacity ÷ demand。"
    )
    shortfall: float = strawberry.field(
        description="要达到全省典型比值还差的培训规模：典型值 × demand − capacity。"
    )
    base_ids: strawberry.Private[tuple[str, ...]]
    top: strawberry.Private[CatalogueTop]
    model: strawberry.Private[CoverageModel]

    @classmethod
    def of(cls, p: UnderServed, model: CoverageModel, top: CatalogueTop) -> UnderServedPair:
        return cls(
            county_code=p.county,
            series_code=p.series,
            rank=p.rank,
            demand=p.demand,
            capacity=p.capacity,
            capacity_per_demand=p.capacity_per_demand,
            shortfall=p.shortfall,
            base_ids=p.bases,
            top=top,
            model=model,
        )

    @strawberry.field(description="区县。")
    def county(self) -> Region:
        return _region(self.top, self.county_code)

    @strawberry.field(description="系列。")
    def series(self) -> Series:
        return _series(self.top, self.series_code)

    @strawberry.field(description="到达它的计入基地数。")
    def base_count(self) -> int:
        return len(self.base_ids)

    @strawberry.field(description=f"到达它的计入基地（按编号，至多 {BASES_PER_PAIR} 个）。")
    def bases(self) -> list[Base]:
        return [
            Base.of(self.model.active_base(i), self.top) for i in self.base_ids[:BASES_PER_PAIR]
        ]


@strawberry.type(description="培训能力远低于需求的已覆盖区县 × 系列，缺口大者在前。")
class CoverageUnderServed:
    typical_capacity_per_demand: float | None = strawberry.field(
        description="全省可判断的已覆盖各对 capacity ÷ demand 的中位数；没有可判断的对时为空。"
    )
    share: float = strawberry.field(description="低于典型值的这一比例即为能力不足。")
    judged_pairs: int = strawberry.field(description="范围内培训规模已知的已覆盖对数。")
    unknown_capacity_pairs: int = strawberry.field(
        description="范围内有未填培训规模的基地到达、因而无法判断的已覆盖对数。"
    )
    total_count: int = strawberry.field(description="范围内能力不足的对数。")
    pairs: list[UnderServedPair] = strawberry.field(description="能力不足的对（前 first 个）。")
