"""Reading the eight-level skill ladder (新八级) and the kinds of skill evaluation."""

from __future__ import annotations

from zhepai.graph.cypher import statement
from zhepai.graph.records import EvaluationKindRecord, SkillLevelRecord
from zhepai.graph.store import GraphStore

SKILL_LEVELS = statement(
    "skill_levels",
    """
    MATCH (l:SkillLevel)
    RETURN l.code AS code, l.rank AS rank, l.name AS name, l.nationalGrade AS nationalGrade
    ORDER BY l.rank
    """,
)

EVALUATION_KINDS = statement(
    "evaluation_kinds",
    "MATCH (k:EvaluationKind) RETURN k.code AS code, k.name AS name ORDER BY k.position",
)


class LadderRepository:
    def __init__(self, store: GraphStore) -> None:
        self._store = store

    async def levels(self) -> list[SkillLevelRecord]:
        return [
            SkillLevelRecord(r["code"], r["rank"], r["name"], r["nationalGrade"])
            for r in await self._store.read(SKILL_LEVELS)
        ]

    async def evaluation_kinds(self) -> list[EvaluationKindRecord]:
        return [
            EvaluationKindRecord(r["code"], r["name"])
            for r in await self._store.read(EVALUATION_KINDS)
        ]
