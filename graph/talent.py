"""The statistics counters (``TalentCell``) and their recount.

Counters are written by ``graph/workers.py`` with every batch, one per county × series ×
level × year changed (``talent/cells.py``); here they are read whole (bounded by that
product, however many workers there are) and, for ``zhepai stats rebuild``, recounted from
the certificates and replaced in one statement. Stores written before the year was kept
hold ``TalentCell`` nodes without one and ``TalentEntry`` nodes: ``zhepai stats rebuild``
replaces both.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from zhepai.graph.cypher import Access, statement
from zhepai.graph.errors import StoreError
from zhepai.graph.store import GraphStore
from zhepai.graph.workers import KH_BITS, SHAPE, PersonState, WorkerRepository, key_text

# A counter is named by its key alone, county|series|level|year (``talent/writer.py``): its
# parts are not stored again as properties, as there are a few hundred thousand counters.
CELLS = statement(
    "talent_cells",
    """
    MATCH (t:TalentCell)
    WHERE t.persons <> 0 OR t.certificates <> 0 OR t.issued <> 0 OR t.entered <> 0
       OR t.enteredHigh <> 0 OR t.issued IS NULL
    RETURN t.key AS key, t.persons AS persons, t.certificates AS certificates,
           t.issued AS issued, t.entered AS entered, t.enteredHigh AS enteredHigh
    """,
    # every cell, read after every write to the workers (bench/RESULTS.md, "The counters
    # and a day's changes in FalkorDB's plain reply")
    scalars=True,
)

# Persons whose index key ``kh`` (60 uniform bits of the person key) falls in [lo, hi), found
# through their certificates (which keep it as ``hk``: graph/workers.py): fixed
# ranges split the persons into even slices that an index range scan reads without sorting.
# The caller checks each key against the range again and the total against COUNT_PERSONS
# (FalkorDB, as shipped by falkordblite 0.11, once returned keys beyond a range's bound).
PERSONS_IN_RANGE = statement(
    "talent_persons_in_range",
    """
    MATCH (c:Certificate)
    WHERE c.hk >= $lo AND c.hk < $hi
    MATCH (c)<-[:HOLDS]-(p:Person)
    RETURN DISTINCT p.kh AS kh, p.kl AS kl
    """,
    lo=0,
    hi=1,
)

COUNT_PERSONS = statement("talent_count_persons", "MATCH (p:Person) RETURN count(p) AS n")

# Guarded as graph/workers.py's APPLY is, the lock taken before the version is read.
REPLACE = statement(
    "talent_replace",
    """
    MERGE (m:Meta {key: 'workers'})
    ON CREATE SET m.version = '', m.shape = $shape
    SET m._lock = true
    REMOVE m._lock
    WITH m
    WHERE m.version = $expected AND m.shape = $shape
    SET m.version = $version
    WITH m
    OPTIONAL MATCH (t:TalentCell)
    DELETE t
    WITH m, count(t) AS cellsBefore
    OPTIONAL MATCH (y:TalentEntry)
    DELETE y
    WITH m, cellsBefore, count(y) AS entriesBefore
    FOREACH (d IN $cells |
      CREATE (:TalentCell {key: d.key, persons: d.persons, certificates: d.certificates,
                           issued: d.issued, entered: d.entered,
                           enteredHigh: coalesce(d.enteredHigh, 0)}))
    RETURN cellsBefore, entriesBefore
    """,
    access=Access.WRITE,
    expected="",
    version="token",
    shape=2,
    cells=[{"key": "330824|01|JUNIOR|2024", "persons": 1, "certificates": 1, "issued": 1,
            "entered": 1, "enteredHigh": 0}],
)  # fmt: skip

_SLICES = 4096


@dataclass(frozen=True, slots=True)
class CellRow:
    county: str
    series: str
    level: str
    persons: int
    certificates: int


@dataclass(frozen=True, slots=True)
class FlowRow:
    """One counter: the changes of a year in a county × series × level (``talent/cells.py``)."""

    county: str
    series: str
    level: str
    year: int
    persons: int
    certificates: int
    issued: int
    entered: int
    entered_high: int


class CountersOutdated(StoreError):
    """The counters were written before they were kept by year."""


@dataclass(frozen=True, slots=True)
class EntryRow:
    county: str
    year: int
    persons: int


class TalentRepository:
    def __init__(self, store: GraphStore) -> None:
        self._store = store
        self._workers = WorkerRepository(store)

    async def flows(self) -> list[FlowRow]:
        out = []
        for r in await self._store.read(CELLS):
            parts = r["key"].split("|")
            if len(parts) != 4 or r["issued"] is None:
                raise CountersOutdated(
                    "统计计数器为旧格式（未按年份记录）：请先运行 `zhepai stats rebuild` 重新计数"
                )
            county, series, level, year = parts
            out.append(
                FlowRow(county, series, level, int(year), r["persons"], r["certificates"],
                        r["issued"], r["entered"], r["enteredHigh"])
            )  # fmt: skip
        return out

    async def cells(self) -> list[CellRow]:
        """The counters as they stand today: every year summed."""
        return current(await self.flows())

    async def entries(self) -> list[EntryRow]:
        """New skilled persons per county and year."""
        return entries(await self.flows())

    async def persons(self) -> AsyncIterator[PersonState]:
        """Every person with their certificates, a slice of the key space at a time."""
        expected = (await self._store.read(COUNT_PERSONS))[0]["n"]
        seen = 0
        step = (1 << KH_BITS) // _SLICES
        for i in range(_SLICES):
            lo, hi = i * step, (i + 1) * step
            rows = await self._store.read(PERSONS_IN_RANGE, lo=lo, hi=hi)
            keys = [key_text(r["kh"], r["kl"]) for r in rows if lo <= r["kh"] < hi]
            found = await self._workers.state(keys, []) if keys else {}
            for key in keys:
                if key in found:  # else removed meanwhile: the count below tells
                    seen += 1
                    yield found[key]
        if seen != expected:
            raise StoreError(f"the person scan saw {seen} persons of {expected}; run it again")

    async def replace(self, cells: list[dict[str, Any]], expected: str) -> bool:
        """Replace every counter, unless the workers changed since ``expected``."""
        rows = await self._store.write(
            REPLACE,
            cells=cells,
            expected=expected,
            version=uuid.uuid4().hex,
            shape=SHAPE,
        )
        return bool(rows)


def current(flows: list[FlowRow]) -> list[CellRow]:
    """Persons and certificates per county × series × level today, from the yearly changes."""
    sums: dict[tuple[str, str, str], list[int]] = {}
    for f in flows:
        cell = sums.setdefault((f.county, f.series, f.level), [0, 0])
        cell[0] += f.persons
        cell[1] += f.certificates
    return [CellRow(*k, p, c) for k, (p, c) in sorted(sums.items()) if p or c]


def entries(flows: list[FlowRow]) -> list[EntryRow]:
    sums: dict[tuple[str, int], int] = {}
    for f in flows:
        if f.entered:
            sums[(f.county, f.year)] = sums.get((f.county, f.year), 0) + f.entered
    return [EntryRow(*k, n) for k, n in sorted(sums.items()) if n]
