"""Reading what career paths are computed from: rules, related occupations, and the bases
where a step can be trained for."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from zhepai.graph.bases import base_record
from zhepai.graph.cypher import statement
from zhepai.graph.records import (
    BaseRecord,
    EducationRecord,
    RuleAlternativeRecord,
    StepRuleRecord,
)
from zhepai.graph.store import GraphStore, Row

STEP_RULES = statement(
    "career_step_rules",
    """
    MATCH (r:StepRule)
    RETURN r.code AS code, r.fromLevel AS fromLevel, r.toLevel AS toLevel,
           r.minYears AS minYears, r.condition AS condition, r.source AS source,
           [(a:RuleAlternative)-[:ALTERNATIVE_OF]->(r) |
              {code: a.code, minYears: a.minYears, condition: a.condition,
               education: [(a)-[:FOR_EDUCATION]->(e:Education) | e.code][0]}] AS alternatives
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
    RETURN a.id AS a, b.id AS b, r.reason AS reason
    """,
)

OCCUPATION_NAMES = statement(
    "career_occupation_names",
    "MATCH (o:Occupation) RETURN o.id AS id, o.name AS name ORDER BY o.id",
)

# Active bases covering a series of each occupation, nearest first when a region is given:
# in the region itself (0), elsewhere in its city (1), elsewhere in the province (2).
BASES_FOR_OCCUPATIONS = statement(
    "career_bases_for_occupations",
    """
    UNWIND $ids AS id
    MATCH (o:Occupation {id: id})-[:IN_SERIES]->(:Series)<-[:COVERS]-(b:Base)
    MATCH (b)-[:LOCATED_IN]->(r:Region)
    WHERE b.status = 'ACTIVE'
    WITH DISTINCT id, b, r,
         CASE
           WHEN $near IS NULL THEN 2
           WHEN r.code = $near THEN 0
           WHEN $nearCity IS NOT NULL AND $nearCity IN r.path THEN 1
           ELSE 2
         END AS distance
    ORDER BY id, distance, b.id
    WITH id, collect({id: b.id, name: b.name, kind: b.kind, level: b.level, region: r.code,
                      series: [(b)-[:COVERS]->(s:Series) | s.code],
                      designatedYear: b.designatedYear, capacity: b.capacity,
                      status: b.status}) AS bases
    RETURN id, bases[0..$limit] AS bases
    """,
    ids=["OCC-0461"],
    near="330824",
    nearCity="330800",
    limit=10,
)


def _rule(row: Row) -> StepRuleRecord:
    alternatives = sorted(
        (
            RuleAlternativeRecord(
                code=a["code"],
                education=a["education"],
                min_years=a["minYears"],
                condition=a["condition"],
            )
            for a in row["alternatives"]
        ),
        key=lambda a: a.code,
    )
    return StepRuleRecord(
        code=row["code"],
        from_level=row["fromLevel"],
        to_level=row["toLevel"],
        min_years=row["minYears"],
        condition=row["condition"],
        source=row["source"],
        alternatives=tuple(alternatives),
    )


class CareerRepository:
    def __init__(self, store: GraphStore) -> None:
        self._store = store

    async def rules(self) -> list[StepRuleRecord]:
        return [_rule(r) for r in await self._store.read(STEP_RULES)]

    async def educations(self) -> list[EducationRecord]:
        return [EducationRecord(r["code"], r["name"]) for r in await self._store.read(EDUCATIONS)]

    async def related_pairs(self) -> list[tuple[str, str, str]]:
        return [(r["a"], r["b"], r["reason"]) for r in await self._store.read(RELATED_PAIRS)]

    async def occupation_names(self) -> dict[str, str]:
        return {r["id"]: r["name"] for r in await self._store.read(OCCUPATION_NAMES)}

    async def bases_for_occupations(
        self, ids: Sequence[str], near: str | None, near_city: str | None, limit: int
    ) -> list[list[BaseRecord]]:
        rows = await self._store.read(
            BASES_FOR_OCCUPATIONS, ids=list(ids), near=near, nearCity=near_city, limit=limit
        )
        found: dict[str, list[BaseRecord]] = defaultdict(list)
        for row in rows:
            found[row["id"]] = [base_record(b) for b in row["bases"]]
        return [found.get(i, []) for i in ids]
