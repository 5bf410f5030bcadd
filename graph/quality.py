"""Reading the data-quality findings the seed loader recorded."""

from __future__ import annotations

from zhepai.graph.cypher import statement
from zhepai.graph.records import FindingRecord
from zhepai.graph.store import GraphStore

FINDINGS = statement(
    "data_quality_findings",
    """
    MATCH (f:DataQualityFinding)
    RETURN f.id AS id, f.kind AS kind, f.subject AS subject, f.declared AS declared,
           f.actual AS actual, f.message AS message
    ORDER BY f.position
    """,
)


class QualityRepository:
    def __init__(self, store: GraphStore) -> None:
        self._store = store

    async def findings(self) -> list[FindingRecord]:
        return [
            FindingRecord(
                id=r["id"],
                kind=r["kind"],
                subject=r["subject"],
                declared=r["declared"],
                actual=r["actual"],
                message=r["message"],
            )
            for r in await self._store.read(FINDINGS)
        ]
