"""GraphQL types of the action plan (2022–2025)."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from zhepai.graph.records import MeasureRecord, TargetRecord, TrainingPlanRecord
from zhepai.schema.catalogue.types import Industry
from zhepai.schema.context import CATALOGUE_TOP, Context


@strawberry.type(description="A 2025 target of the plan, with the phrase it comes from.")
class PlanTarget:
    code: str
    name: str
    value: float
    unit: str
    comparator: str
    year: int
    quote: str

    @classmethod
    def of(cls, r: TargetRecord) -> PlanTarget:
        return cls(
            code=r.code,
            name=r.name,
            value=r.value,
            unit=r.unit,
            comparator=r.comparator,
            year=r.year,
            quote=r.quote,
        )


@strawberry.type(description="A training plan by industry: 金穗, 金钥, 金服.")
class TrainingPlan:
    code: str
    name: str
    industry_code: str
    focus: str
    quote: str

    @classmethod
    def of(cls, r: TrainingPlanRecord) -> TrainingPlan:
        return cls(
            code=r.code, name=r.name, industry_code=r.industry_code, focus=r.focus, quote=r.quote
        )

    @strawberry.field
    async def industry(self, info: Info[Context, None]) -> Industry:
        top = await info.context.loaders.catalogue.load(CATALOGUE_TOP)
        record = top.industry(self.industry_code)
        assert record is not None, f"plan {self.code} points at a missing industry"
        return Industry.of(record, top)


@strawberry.type(description="A measure of parts 四 and 五, with its responsible departments.")
class Measure:
    code: str
    part: str
    title: str
    departments: list[str]

    @classmethod
    def of(cls, r: MeasureRecord) -> Measure:
        return cls(code=r.code, part=r.part, title=r.title, departments=list(r.departments))


@strawberry.type
class Plan:
    @strawberry.field
    async def targets(self, info: Info[Context, None]) -> list[PlanTarget]:
        return [PlanTarget.of(r) for r in await info.context.repos.plan.targets()]

    @strawberry.field
    async def training_plans(self, info: Info[Context, None]) -> list[TrainingPlan]:
        return [TrainingPlan.of(r) for r in await info.context.repos.plan.training_plans()]

    @strawberry.field
    async def measures(self, info: Info[Context, None]) -> list[Measure]:
        return [Measure.of(r) for r in await info.context.repos.plan.measures()]
