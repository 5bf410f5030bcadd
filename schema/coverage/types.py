"""GraphQL types of coverage planning: gaps, the matrix, what-ifs."""

from __future__ import annotations

from typing import NewType

import strawberry
from strawberry.types import Info
from strawberry.types.scalar import ScalarDefinition

from zhepai.domain.coverage.model import DEFAULT_WEIGHTS, Cell, CoverageModel, Gap, Weights
from zhepai.domain.coverage.model import DemandFactor as FactorRecord
from zhepai.domain.coverage.suggest import Proposal
from zhepai.domain.coverage.underserved import UnderServed
from zhepai.schema.bases.types import Base
from zhepai.schema.catalogue.types import Series
from zhepai.schema.context import Context
from zhepai.schema.enums import BaseKind, BaseLevel
from zhepai.schema.regions.types import Region


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
class CoverageGap:
    county_code: str = strawberry.field(description="The county.")
    series_code: str = strawberry.field(description="The series.")
    demand: float = strawberry.field(
        description="How much the gap matters: the sum of demandFactors' contributions."
    )
    demand_factors: list[DemandFactor] = strawberry.field(description="The terms of demand.")
    rank: int = strawberry.field(description="1 = the gap that matters most.")
    nearest_base_km: float | None = strawberry.field(
        description="到 nearestBase 的距离（公里，一位小数）：两地驻地间的大圆距离，不是道路里程。"
    )
    nearest_base_id: strawberry.Private[str | None]

    @classmethod
    def of(cls, g: Gap, model: CoverageModel, weights: Weights = DEFAULT_WEIGHTS) -> CoverageGap:
        nearest = model.nearest_base(g.county, g.series)
        km = nearest[1] if nearest else None
        return cls(
            county_code=g.county,
            series_code=g.series,
            demand=g.demand,
            demand_factors=[DemandFactor.of(f) for f in model.factors(g.county, g.series, weights)],
            rank=g.rank,
            nearest_base_km=round(km, 1) if km is not None else None,
            nearest_base_id=nearest[0] if nearest else None,
        )

    @strawberry.field(description="The county.")
    async def county(self, info: Info[Context, None]) -> Region:
        record = await info.context.loaders.region.load(self.county_code)
        assert record is not None
        return Region.of(record)

    @strawberry.field(description="The series.")
    async def series(self, info: Info[Context, None]) -> Series:
        record = await info.context.loaders.series.load(self.series_code)
        assert record is not None
        return Series.of(record)

    @strawberry.field(
        description="覆盖该系列的在用基地中离该区县最近的一个（按驻地间距离；同距离按基地编号）。"
    )
    async def nearest_base(self, info: Info[Context, None]) -> Base | None:
        if self.nearest_base_id is None:
            return None
        record = await info.context.loaders.base.load(self.nearest_base_id)
        return Base.of(record) if record else None


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
class CoverageRow:
    county_code: str = strawberry.field(description="The row's county.")
    gap_count: int = strawberry.field(description="Its pairs no counting base reaches.")
    row: strawberry.Private[tuple[Cell, ...]]

    @strawberry.field(description="One cell per column.")
    def cells(self) -> list[CoverageCell]:
        return [
            CoverageCell(
                series_code=c.series, covered=c.covered, base_count=c.base_count, demand=c.demand
            )
            for c in self.row
        ]

    @strawberry.field(
        description=(
            "The cells' base counts, aligned with CoverageMatrix.seriesCodes (0: a gap): the "
            "compact form of `cells` for heatmaps, one value per row instead of 36 objects."
        )
    )
    def base_counts(self) -> IntVector:
        return IntVector([c.base_count for c in self.row])

    @strawberry.field(description="The cells' demand, aligned likewise.")
    def demands(self) -> FloatVector:
        return FloatVector([c.demand for c in self.row])

    @strawberry.field(description="The row's county.")
    async def county(self, info: Info[Context, None]) -> Region:
        record = await info.context.loaders.region.load(self.county_code)
        assert record is not None
        return Region.of(record)


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
    level: BaseLevel = strawberry.field(description="The level of the proposed training base.")
    closes_demand: float = strawberry.field(description="它补上的缺口的需求之和。")
    closes: list[CoverageGap] = strawberry.field(description="它补上的缺口（此前尚未补上的）。")
    reason: str = strawberry.field(description="为什么建议这里（中文说明）。")

    @classmethod
    def of(
        cls, p: Proposal, gaps: dict[tuple[str, str], CoverageGap], model: CoverageModel
    ) -> BaseProposal:
        names = "、".join(model.counties[c].name for c in p.closes)
        series = model.series[p.series]
        return cls(
            county_code=p.county,
            series_code=p.series,
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
    async def county(self, info: Info[Context, None]) -> Region:
        record = await info.context.loaders.region.load(self.county_code)
        assert record is not None
        return Region.of(record)

    @strawberry.field(description="The series it would train for.")
    async def series(self, info: Info[Context, None]) -> Series:
        record = await info.context.loaders.series.load(self.series_code)
        assert record is not None
        return Series.of(record)


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

    @classmethod
    def of(cls, p: UnderServed) -> UnderServedPair:
        return cls(
            county_code=p.county,
            series_code=p.series,
            rank=p.rank,
            demand=p.demand,
            capacity=p.capacity,
            capacity_per_demand=p.capacity_per_demand,
            shortfall=p.shortfall,
            base_ids=p.bases,
        )

    @strawberry.field(description="区县。")
    async def county(self, info: Info[Context, None]) -> Region:
        record = await info.context.loaders.region.load(self.county_code)
        assert record is not None
        return Region.of(record)

    @strawberry.field(description="系列。")
    async def series(self, info: Info[Context, None]) -> Series:
        record = await info.context.loaders.series.load(self.series_code)
        assert record is not None
        return Series.of(record)

    @strawberry.field(description="到达它的计入基地数。")
    def base_count(self) -> int:
        return len(self.base_ids)

    @strawberry.field(description=f"到达它的计入基地（按编号，至多 {BASES_PER_PAIR} 个）。")
    async def bases(self, info: Info[Context, None]) -> list[Base]:
        records = await info.context.loaders.base.load_many(list(self.base_ids[:BASES_PER_PAIR]))
        return [Base.of(r) for r in records if r is not None]


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
