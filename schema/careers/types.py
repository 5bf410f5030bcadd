"""GraphQL types of career paths on the 新八级 ladder."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from zhepai.domain.careers.engine import CareerPath as PathResult
from zhepai.domain.careers.engine import Position as EnginePosition
from zhepai.domain.careers.engine import Step
from zhepai.schema.bases.types import Base
from zhepai.schema.catalogue.types import Occupation
from zhepai.schema.context import CATALOGUE_TOP, Context
from zhepai.schema.ladder.types import SkillLevel


@strawberry.input(description="An occupation and a level; level null means no certificate yet.")
class PositionInput:
    occupation_id: strawberry.ID
    level: str | None = strawberry.field(
        default=None, description="A SkillLevel code, e.g. SENIOR; null: no certificate yet."
    )


@strawberry.type(description="An occupation at a level (level null: no certificate in it).")
class Position:
    occupation_id: strawberry.ID
    level_code: str | None

    @classmethod
    def of(cls, p: EnginePosition) -> Position:
        return cls(occupation_id=strawberry.ID(p.occupation), level_code=p.level)

    @strawberry.field
    async def occupation(self, info: Info[Context, None]) -> Occupation:
        record = await info.context.loaders.occupation.load(str(self.occupation_id))
        assert record is not None, f"path through unknown occupation {self.occupation_id}"
        return Occupation.of(record, await info.context.loaders.catalogue.load(CATALOGUE_TOP))

    @strawberry.field
    async def level(self, info: Info[Context, None]) -> SkillLevel | None:
        if self.level_code is None:
            return None
        record = await info.context.loaders.skill_level.load(self.level_code)
        return SkillLevel.of(record) if record else None


@strawberry.type(description="One step of a path, with the rule that allows it and its source.")
class CareerStep:
    kind: str = strawberry.field(description="PROMOTION, TRANSFER or ENTRY.")
    from_: Position | None = strawberry.field(
        name="from", description="Where the step starts; null when there was no certificate."
    )
    to: Position
    min_years: int | None = strawberry.field(
        description="The least time the step takes; null when the rules fix no period."
    )
    rule: str = strawberry.field(description="The condition applied (申报条件 or relatedness).")
    rule_source: str
    rule_code: str
    near_region_code: strawberry.Private[str | None]
    near_city_code: strawberry.Private[str | None]

    @classmethod
    def of(cls, step: Step, near: str | None, near_city: str | None) -> CareerStep:
        return cls(
            kind=step.kind,
            from_=Position.of(step.from_pos) if step.from_pos else None,
            to=Position.of(step.to_pos),
            min_years=step.min_years,
            rule=step.rule,
            rule_source=step.source,
            rule_code=step.rule_code,
            near_region_code=near,
            near_city_code=near_city,
        )

    @strawberry.field(
        description=(
            "Active bases that train for the step's occupation (a series of it); nearest "
            "first when nearRegionCode is given: same county, same city, then the province."
        )
    )
    async def training_bases(self, info: Info[Context, None]) -> list[Base]:
        key = (str(self.to.occupation_id), self.near_region_code, self.near_city_code)
        return [Base.of(b) for b in await info.context.loaders.bases_for_occupation.load(key)]


@strawberry.type(description="The least-time path between two positions, and other shapes.")
class CareerPath:
    reachable: bool
    total_min_years: int | None
    total_is_lower_bound: bool = strawberry.field(
        description="True when a step's rules fix no period: the total is then a minimum."
    )
    steps: list[CareerStep]
    alternatives: list[CareerPath] = strawberry.field(
        description="Up to 3 other paths of distinct shape, cheapest first."
    )
    reason: str | None = strawberry.field(description="Why a target is unreachable.")

    @classmethod
    def of(cls, p: PathResult, near: str | None, near_city: str | None) -> CareerPath:
        return cls(
            reachable=p.reachable,
            total_min_years=p.total_min_years,
            total_is_lower_bound=p.total_is_lower_bound,
            steps=[CareerStep.of(s, near, near_city) for s in p.steps],
            alternatives=[CareerPath.of(a, near, near_city) for a in p.alternatives],
            reason=p.reason,
        )


@strawberry.type(description="An education that opens an alternative route (e.g. 技工学校).")
class Education:
    code: str
    name: str
