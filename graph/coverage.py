"""Reading the demand inputs of coverage planning that are not bases or regions."""

from __future__ import annotations

from zhepai.graph.cypher import statement
from zhepai.graph.store import GraphStore

SPECIALTY_ORIGINS = statement(
    "coverage_specialty_origins",
    """
    MATCH (sp:Specialty)-[:IN_SERIES]->(s:Series)
    MATCH (sp)-[:ORIGINATES_IN]->(r:Region)
    RETURN r.code AS region, s.code AS series, count(sp) AS n
    """,
)


async def specialty_origins(store: GraphStore) -> dict[tuple[str, str], int]:
    """(region code, series code) -> how many 专项 of the series are named after the region."""
    return {(r["region"], r["series"]): r["n"] for r in await store.read(SPECIALTY_ORIGINS)}
