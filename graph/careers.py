"""Reading what career paths are computed from: rules, related occupations, and the bases
where a step can be trained for."""

from __future__ import annotations

from zhepai.graph.cypher import statement
from zhepai.graph.records import EducationRecord, RelationRecord, StepRuleRecord
from zhepai.graph.store import GraphStore, Row

STEP_RULES = statement(
    "career_step_rules",
    """
    MATCH (r:StepRule)
    RETURN r.code AS code, r.fromLevel AS fromLevel, r.toLevel AS toLevel,
           r.minYears AS minYears, r.condition AS condition, r.source AS source,
           r.educations AS educations, r.route AS route, r.assumption AS assumption,
           r.note AS note
    ORDER BY r.position
    """,
)

EDUCATIONS = statement(
    "career_educations",
    "MATCH (e:Education) RETURN e.code AS code, e.name AS name ORDER BY e.position",
)

RELATED_PAIRS = statement(
    "career_related_pairs",
    """
    MATCH (a:Occupation)-[r:RELATED]->(b:Occupation)
    RETURN a.id AS a, b.id AS b, r.kind AS kind, r.reason AS reason, r.source AS source
    """,
)

OCCUPATION_NAMES = statement(
    "career_occupation_names",
    "MATCH (o:Occupation) RETURN o.id AS id, o.name AS name ORDER BY o.id",
)


# Active bases covering a series of each occupation, nearest first when a region is given:
# by great-circle km between its seat and the base's county seat (the haversine of
# domain/coverage/geo.py, spelt in Cypher so the store can cut the list; the order is pinned
# by tests/test_api_coverage_distance.py), then by id. Without a region or a seat: by id.
def _rule(row: Row) -> StepRuleRecord:
    return StepRuleRecord(
        code=row["code"],
        from_level=row["fromLevel"],
        to_level=row["toLevel"],
        min_years=row["minYears"],
        condition=row["condition"],
        source=row["source"],
        educations=frozenset(row["educations"] or ()),
        route=row["route"],
        assumption=bool(row["assumption"]),
        note=row["note"],
    )


class CareerRepository:
    def __init__(self, store: GraphStore) -> None:
        self._store = store

    async def rules(self) -> list[StepRuleRecord]:
        return [_rule(r) for r in await self._store.read(STEP_RULES)]

    async def educations(self) -> list[EducationRecord]:
        return [EducationRecord(r["code"], r["name"]) for r in await self._store.read(EDUCATIONS)]

    async def related_pairs(self) -> list[tuple[str, str, RelationRecord]]:
        return [
            (r["a"], r["b"], RelationRecord(r["kind"], r["reason"], r["source"]))
            for r in await self._store.read(RELATED_PAIRS)
        ]

    async def occupation_names(self) -> dict[str, str]:
        return {r["id"]: r["name"] for r in await self._store.read(OCCUPATION_NAMES)}
