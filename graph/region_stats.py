"""Region figures (``RegionStat``): employed persons, working-age population and the plan's
yearly target of new skilled workers per region and year, each with its own source, and
employed persons of one series in a region (the employment mix).

A figure left out of an import keeps what an earlier one stored (``coalesce``): a file of
working-age population does not erase the employment figures. ``source`` is the employed
figure's source (the name stores written before the other figures already use).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from zhepai.graph.cypher import Access, statement
from zhepai.graph.store import GraphStore

REGION_STATS = statement(
    "region_stats",
    """
    MATCH (s:RegionStat)
    RETURN s.region AS region, s.year AS year, s.series AS series,
           s.employed AS employed, s.source AS source,
           s.workingAge AS workingAge, s.workingAgeSource AS workingAgeSource,
           s.newSkilledTarget AS newSkilledTarget,
           s.newSkilledTargetSource AS newSkilledTargetSource
    ORDER BY s.region, s.year
    """,
)

UPSERT_REGION_STATS = statement(
    "region_stats_upsert",
    """
    UNWIND $rows AS row
    MATCH (r:Region {code: row.region})
    MERGE (s:RegionStat {key: row.key})
    SET s.region = row.region, s.year = row.year, s.series = row.series,
        s.employed = coalesce(row.employed, s.employed),
        s.source = CASE WHEN row.employed IS NULL THEN s.source ELSE row.source END,
        s.workingAge = coalesce(row.workingAge, s.workingAge),
        s.workingAgeSource = CASE WHEN row.workingAge IS NULL
                                  THEN s.workingAgeSource ELSE row.source END,
        s.newSkilledTarget = coalesce(row.newSkilledTarget, s.newSkilledTarget),
        s.newSkilledTargetSource = CASE WHEN row.newSkilledTarget IS NULL
                                        THEN s.newSkilledTargetSource ELSE row.source END
    MERGE (s)-[:OF]->(r)
    WITH count(s) AS written
    MERGE (m:Meta {key: 'regionStats'})
    SET m.version = $version
    RETURN written
    """,
    access=Access.WRITE,
    rows=[{"key": "330000|2024", "region": "330000", "year": 2024, "series": None,
           "employed": 38000000, "workingAge": None, "newSkilledTarget": None,
           "source": "统计年鉴"}],
    version="token",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Figure:
    value: int
    source: str


@dataclass(frozen=True, slots=True)
class RegionStatRow:
    """A region's figures for a year; with ``series``, the employed persons of that series
    (and no other figure)."""

    region: str
    year: int
    employed: Figure | None = None
    working_age: Figure | None = None
    new_skilled_target: Figure | None = None
    series: str | None = None

    @property
    def figures(self) -> list[Figure]:
        return [f for f in (self.employed, self.working_age, self.new_skilled_target) if f]


def _figure(row: dict[str, Any], value: str, source: str) -> Figure | None:
    return None if row[value] is None else Figure(int(row[value]), row[source] or "")


class RegionStatsRepository:
    def __init__(self, store: GraphStore) -> None:
        self._store = store

    async def all(self) -> list[RegionStatRow]:
        return [
            RegionStatRow(
                r["region"],
                r["year"],
                _figure(r, "employed", "source"),
                _figure(r, "workingAge", "workingAgeSource"),
                _figure(r, "newSkilledTarget", "newSkilledTargetSource"),
                r["series"],
            )
            for r in await self._store.read(REGION_STATS)
        ]

    async def write(self, rows: list[RegionStatRow]) -> int:
        """Store ``rows``; the figures of one row share its source (one line of a file)."""
        result = await self._store.write(
            UPSERT_REGION_STATS,
            rows=[
                {
                    "key": "|".join([r.region, str(r.year), *([r.series] if r.series else [])]),
                    "region": r.region,
                    "year": r.year,
                    "series": r.series,
                    "employed": r.employed.value if r.employed else None,
                    "workingAge": r.working_age.value if r.working_age else None,
                    "newSkilledTarget": (
                        r.new_skilled_target.value if r.new_skilled_target else None
                    ),
                    "source": next(f.source for f in r.figures),
                }
                for r in rows
            ],
            version=uuid.uuid4().hex,
        )
        return int(result[0]["written"]) if result else 0
