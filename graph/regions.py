"""Reading regions (province, cities, counties) and designations such as MOUNTAIN_26."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from zhepai.graph.cypher import statement
from zhepai.graph.records import DesignationRecord, RegionRecord, text_tuple
from zhepai.graph.store import GraphStore, Row

# A designation counts for a region when it is valid on $asOf (ISO dates compare as text);
# a null $asOf counts every designation the region ever had.
REGIONS = statement(
    "regions",
    """
    MATCH (r:Region)
    WHERE ($level IS NULL OR r.level = $level)
      AND ($parent IS NULL OR r.parent = $parent)
    WITH r, [(r)-[:DESIGNATED_AS]->(d:Designation)
             WHERE $asOf IS NULL
                OR (d.validFrom <= $asOf AND (d.validTo IS NULL OR d.validTo >= $asOf))
             | d.code] AS designations
    WHERE $designation IS NULL OR $designation IN designations
    RETURN r.code AS code, r.name AS name, r.level AS level, r.parent AS parent, designations,
           r.latitude AS latitude, r.longitude AS longitude
    ORDER BY r.code
    """,
    level="COUNTY",
    parent="330800",
    designation="MOUNTAIN_26",
    asOf="2024-01-01",
)

REGIONS_BY_CODE = statement(
    "regions_by_code",
    """
    UNWIND $codes AS code
    MATCH (r:Region {code: code})
    RETURN r.code AS code, r.name AS name, r.level AS level, r.parent AS parent,
           [(r)-[:DESIGNATED_AS]->(d:Designation) | d.code] AS designations,
           r.latitude AS latitude, r.longitude AS longitude
    """,
    codes=["330824"],
)

REGIONS_BY_PARENT = statement(
    "regions_by_parent",
    """
    UNWIND $codes AS code
    MATCH (r:Region)-[:PART_OF]->(:Region {code: code})
    RETURN code AS key, r.code AS code, r.name AS name, r.level AS level, r.parent AS parent,
           [(r)-[:DESIGNATED_AS]->(d:Designation) | d.code] AS designations,
           r.latitude AS latitude, r.longitude AS longitude
    ORDER BY key, r.code
    """,
    codes=["330800"],
)

DESIGNATIONS = statement(
    "designations",
    """
    MATCH (d:Designation)
    RETURN d.code AS code, d.name AS name, d.validFrom AS validFrom, d.validTo AS validTo,
           d.source AS source, d.note AS note,
           size([(r:Region)-[:DESIGNATED_AS]->(d) | r.code]) AS members
    ORDER BY d.validFrom, d.code
    """,
)


def _region(row: Row) -> RegionRecord:
    return RegionRecord(
        code=row["code"],
        name=row["name"],
        level=row["level"],
        parent_code=row["parent"],
        designations=tuple(sorted(text_tuple(row["designations"]))),
        latitude=row["latitude"],
        longitude=row["longitude"],
    )


class RegionRepository:
    def __init__(self, store: GraphStore) -> None:
        self._store = store

    async def regions(
        self,
        level: str | None,
        parent_code: str | None,
        designation: str | None,
        as_of: str | None,
    ) -> list[RegionRecord]:
        rows = await self._store.read(
            REGIONS, level=level, parent=parent_code, designation=designation, asOf=as_of
        )
        return [_region(r) for r in rows]

    async def by_code(self, codes: Sequence[str]) -> list[RegionRecord | None]:
        rows = await self._store.read(REGIONS_BY_CODE, codes=list(codes))
        found = {r["code"]: _region(r) for r in rows}
        return [found.get(c) for c in codes]

    async def children(self, codes: Sequence[str]) -> list[list[RegionRecord]]:
        rows = await self._store.read(REGIONS_BY_PARENT, codes=list(codes))
        groups: dict[str, list[RegionRecord]] = defaultdict(list)
        for row in rows:
            groups[row["key"]].append(_region(row))
        return [groups.get(c, []) for c in codes]

    async def designations(self) -> list[DesignationRecord]:
        return [
            DesignationRecord(
                code=r["code"],
                name=r["name"],
                valid_from=r["validFrom"],
                valid_to=r["validTo"],
                source=r["source"],
                note=r["note"],
                member_count=r["members"],
            )
            for r in await self._store.read(DESIGNATIONS)
        ]
