"""Ladder queries."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from zhepai.schema.context import Context
from zhepai.schema.ladder.types import EvaluationKind, SkillLevel


@strawberry.type
class LadderQuery:
    @strawberry.field(description="The eight levels, by rank.")
    async def skill_levels(self, info: Info[Context, None]) -> list[SkillLevel]:
        return [SkillLevel.of(r) for r in await info.context.repos.ladder.levels()]

    @strawberry.field(description="The three kinds of evaluation.")
    async def evaluation_kinds(self, info: Info[Context, None]) -> list[EvaluationKind]:
        return [EvaluationKind.of(r) for r in await info.context.repos.ladder.evaluation_kinds()]
