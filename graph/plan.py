"""Reading the action plan: its 2025 targets, training plans and measures."""

from __future__ import annotations

from zhepai.graph.cypher import statement
from zhepai.graph.records import MeasureRecord, TargetRecord, TrainingPlanRecord, text_tuple
from zhepai.graph.store import GraphStore

TARGETS = statement(
    "plan_targets",
    """
    MATCH (t:PlanTarget)
    RETURN t.code AS code, t.name AS name, t.value AS value, t.unit AS unit,
           t.comparator AS comparator, t.year AS year, t.quote AS quote
    ORDER BY t.position
    """,
)

TRAINING_PLANS = statement(
    "training_plans",
    """
    MATCH (p:TrainingPlan)-[:FOR_INDUSTRY]->(i:Industry)
    RETURN p.code AS code, p.name AS name, i.code AS industry, p.focus AS focus,
           p.quote AS quote
    ORDER BY p.position
    """,
)

MEASURES = statement(
    "measures",
    """
    MATCH (m:Measure)
    WITH m, [(m)-[r:RESPONSIBLE]->(d:Department) | {name: d.name, position: r.position}]
            AS departments
    RETURN m.code AS code, m.part AS part, m.title AS title, departments
    ORDER BY m.position
    """,
)


class PlanRepository:
    def __init__(self, store: GraphStore) -> None:
        self._store = store

    async def targets(self) -> list[TargetRecord]:
        return [
            TargetRecord(
                code=r["code"],
                name=r["name"],
                value=float(r["value"]),
                unit=r["unit"],
                comparator=r["comparator"],
                year=r["year"],
                quote=r["quote"],
            )
            for r in await self._store.read(TARGETS)
        ]

    async def training_plans(self) -> list[TrainingPlanRecord]:
        return [
            TrainingPlanRecord(r["code"], r["name"], r["industry"], r["focus"], r["quote"])
            for r in await self._store.read(TRAINING_PLANS)
        ]

    async def measures(self) -> list[MeasureRecord]:
        out = []
        for r in await self._store.read(MEASURES):
            ordered = sorted(r["departments"], key=lambda d: d["position"])
            out.append(
                MeasureRecord(
                    code=r["code"],
                    part=r["part"],
                    title=r["title"],
                    departments=text_tuple(d["name"] for d in ordered),
                )
            )
        return out
