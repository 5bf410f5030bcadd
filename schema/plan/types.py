"""GraphQL types of the action plan (2022–2025)."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from zhepai.graph.records import MeasureRecord, TargetRecord, TrainingPlanRecord
from zhepai.schema.catalogue.types import Industry
from zhepai.schema.context import CATALOGUE_TOP, Context


@strawberry.type(description="A 2025 target of the plan, with the phrase it comes from.")
class PlanTarget:
    code: str = strawberry.field(description="Its code.")
    name: str = strawberry.field(description="What it measures (Chinese).")
    value: float = strawberry.field(description="The target figure.")
    unit: str = strawberry.field(description="The figure's unit.")
    comparator: str = strawberry.field(description="How the actual figure is compared (e.g. >=).")
    year: int = strawberry.field(description="The year it is due.")
    quote: str = strawberry.field(description="The plan's phrase it comes from.")

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
    code: str = strawberry.field(description="Its code.")
    name: str = strawberry.field(description="Its name (Chinese).")
    industry_code: str = strawberry.field(description="The industry it serves.")
    focus: str = strawberry.field(description="What it focuses on.")
    quote: str = strawberry.field(description="The plan's phrase it comes from.")

    @classmethod
    def of(cls, r: TrainingPlanRecord) -> TrainingPlan:
        return cls(
            code=r.code, name=r.name, industry_code=r.industry_code, focus=r.focus, quote=r.quote
        )

    @strawberry.field(description="The industry it serves.")
    async def industry(self, info: Info[Context, None]) -> Industry:
        top = await info.context.loaders.catalogue.load(CATALOGUE_TOP)
        record = top.industry(self.industry_code)
        assert record is not None, f"plan {self.code} points at a missing industry"
        return Industry.of(record, top)


@strawberry.type(description="A measure of parts 四 and 五, with its responsible departments.")
class Measure:
    code: str = strawberry.field(description="Its code.")
    part: str = strawberry.field(description="The part of the plan (四 or 五).")
    title: str = strawberry.field(description="Its title (Chinese).")
    departments: list[str] = strawberry.field(description="The responsible departments.")

    @classmethod
    def of(cls, r: MeasureRecord) -> Measure:
        return cls(code=r.code, part=r.part, title=r.title, departments=list(r.departments))


@strawberry.type(description="The 2025 action plan (浙派工匠 plan).")
class Plan:
    @strawberry.field(description="The 2025 targets.")
    async def targets(self, info: Info[Context, None]) -> list[PlanTarget]:
        return [PlanTarget.of(r) for r in await info.context.repos.plan.targets()]

    @strawberry.field(description="The training plans by industry.")
    async def training_plans(self, info: Info[Context, None]) -> list[TrainingPlan]:
        return [TrainingPlan.of(r) for r in await info.context.repos.plan.training_plans()]

    @strawberry.field(description="The measures of parts 四 and 五.")
    async def measures(self, info: Info[Context, None]) -> list[Measure]:
        return [Measure.of(r) for r in await info.context.repos.plan.measures()]
