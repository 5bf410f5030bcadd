"""GraphQL types of the skill ladder (新八级)."""

from __future__ import annotations

import strawberry

from zhepai.graph.records import EvaluationKindRecord, SkillLevelRecord


@strawberry.type(description="A level of the eight-level ladder, rank 1 (学徒工) to 8 (首席技师).")
class SkillLevel:
    code: str = strawberry.field(description="Its code, e.g. SENIOR.")
    rank: int = strawberry.field(description="1 (lowest) to 8.")
    name: str = strawberry.field(description="Its name (Chinese).")
    national_grade: str | None = strawberry.field(
        description="The national grade (五级 … 一级) where one applies."
    )

    @classmethod
    def of(cls, r: SkillLevelRecord) -> SkillLevel:
        return cls(code=r.code, rank=r.rank, name=r.name, national_grade=r.national_grade)


@strawberry.type(
    description="A kind of skill evaluation (职业资格评价, 职业技能等级认定, 专项职业能力考核)."
)
class EvaluationKind:
    code: str = strawberry.field(description="Its code.")
    name: str = strawberry.field(description="Its name (Chinese).")

    @classmethod
    def of(cls, r: EvaluationKindRecord) -> EvaluationKind:
        return cls(code=r.code, name=r.name)
