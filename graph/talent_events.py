"""The persons whose certificates changed within a span of days, with all their certificates:
what ``talentStats(asOf:)`` corrects the nearest year end's counters by (``talent/days.py``).

Days are stored as integers (``workers.day_number``), which order as the days do. The issue
and revocation days are indexed (each backend's schema setup), so the read is proportional
to the certificates issued or revoked within the span, not to the store.
"""

from __future__ import annotations

import asyncio
import functools
from dataclasses import dataclass
from datetime import date, timedelta

from zhepai.graph.cypher import statement
from zhepai.graph.store import GraphStore, Row
from zhepai.graph.workers import VALID, day_number, day_text

# One branch per index: a disjunction of two properties would scan the label. One row per
# certificate: rows of plain values come back faster than a list of maps per person
# (bench/RESULTS.md, "talentStats on any day"), and, being strings, integers and nulls, in
# FalkorDB's plain reply (``scalars``), which the client reads far faster than typed values
# ("The counters and a day's changes in FalkorDB's plain reply"). UNION drops the rows both
# branches find.
CHANGED = statement(
    "talent_changed_persons",
    """
    MATCH (c:Certificate)
    WHERE c.issuedOn >= $first AND c.issuedOn <= $last
    MATCH (c)<-[:HOLDS]-(p:Person)
    WITH DISTINCT p
    MATCH (p)-[:HOLDS]->(h:Certificate)-[:ISSUED_IN]->(r:Region)
    OPTIONAL MATCH (h)-[:AT_LEVEL]->(l:SkillLevel)
    RETURN p.kh AS kh, p.kl AS kl, h.no AS no, h.series AS series, h.issuedOn AS issuedOn,
           coalesce(h.status, 'VALID') AS status, h.revokedOn AS revokedOn,
           r.code AS region, l.code AS level
    UNION
    MATCH (c:Certificate)
    WHERE c.revokedOn >= $first AND c.revokedOn <= $last
    MATCH (c)<-[:HOLDS]-(p:Person)
    WITH DISTINCT p
    MATCH (p)-[:HOLDS]->(h:Certificate)-[:ISSUED_IN]->(r:Region)
    OPTIONAL MATCH (h)-[:AT_LEVEL]->(l:SkillLevel)
    RETURN p.kh AS kh, p.kl AS kl, h.no AS no, h.series AS series, h.issuedOn AS issuedOn,
           coalesce(h.status, 'VALID') AS status, h.revokedOn AS revokedOn,
           r.code AS region, l.code AS level
    """,
    scalars=True,
    first=20240101,
    last=20240630,
)
PARALLEL = 2  # months read at once


@dataclass(frozen=True, slots=True)
class DatedCertificate:
    """A certificate as the statistics need it (``talent/cells.py`` ``Held``)."""

    no: str
    region: str
    series: str
    level: str | None  # None for a 专项 certificate
    issued_on: str
    valid: bool
    revoked_on: str | None


class TalentEvents:
    def __init__(self, store: GraphStore) -> None:
        self._store = store

    async def changed(self, first: str, last: str) -> list[list[DatedCertificate]]:
        """Each person with a certificate issued or revoked from ``first`` to ``last``
        (inclusive ISO days): all of their certificates.

        Read a calendar month at a time, ``PARALLEL`` months at once: half a year of the
        province's changes in one read took longer than the store's timeout, and the store
        reads on a thread of its own for each (bench/RESULTS.md, "The province in shape 3"
        and "The first ask of a past day at 14M"). A person whose certificates changed in
        several months is read in each, and kept once."""
        persons: dict[tuple[int, int], dict[str, DatedCertificate]] = {}
        gate = asyncio.Semaphore(PARALLEL)

        async def month(start: str, end: str) -> list[Row]:
            async with gate:
                return await self._store.read(
                    CHANGED, first=day_number(start), last=day_number(end)
                )

        # Tasks, not a TaskGroup: a month's failure (the store's timeout) reaches the caller as
        # itself, not wrapped in an exception group, and the other months are cancelled.
        reads = [asyncio.ensure_future(month(*span)) for span in months(first, last)]
        try:
            for read in asyncio.as_completed(reads):
                for r in await read:
                    revoked = r["revokedOn"]
                    persons.setdefault((r["kh"], r["kl"]), {})[r["no"]] = DatedCertificate(
                        r["no"], r["region"], r["series"], r["level"], _day(r["issuedOn"]),
                        r["status"] == VALID, None if revoked is None else _day(revoked),
                    )  # fmt: skip
        finally:
            for read in reads:
                read.cancel()
            await asyncio.gather(*reads, return_exceptions=True)
        return [list(certificates.values()) for certificates in persons.values()]


@functools.lru_cache(maxsize=1 << 16)
def _day(number: int) -> str:
    return day_text(number)  # certificates share few days: each is spelled once


def months(first: str, last: str) -> list[tuple[str, str]]:
    """The inclusive span of ISO days ``first``–``last`` cut at the months' ends, in order."""
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    spans: list[tuple[str, str]] = []
    while start <= end:
        following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
        stop = min(end, following - timedelta(days=1))
        spans.append((start.isoformat(), stop.isoformat()))
        start = following
    return spans
