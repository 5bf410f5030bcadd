"""What a person counts for in the statistics, and how a change moves the counters.

The statistics are counters kept in the graph and changed in the same statement as the
certificates they count, so no query ever scans the workers. This module is the one place
that says what is counted (README "Worker statistics"):

- a **skilled worker** is a distinct person holding at least one valid certificate at JUNIOR
  or above, or a valid 专项 (special ability) certificate;
- each skilled person is counted **once**, in the county, series and level of their *primary*
  certificate: the highest level they hold (a 专项 ranks between APPRENTICE and JUNIOR), the
  latest issued among equals. Group counts therefore add up to the total;
- a person is **high-skilled** when that highest occupational level is SENIOR or above;
- a person became skilled in the year of their earliest qualifying certificate (for the
  plan's "new skilled workers" target), counted in the county of the primary certificate;
- **certificates** counts valid certificates where each was issued, at its own level.

A change to a person (new, corrected or revoked certificates) is applied as the difference
between what they counted for before and after, so counters stay exact under any mix of
imports, updates and revocations; ``rebuild`` recounts from the certificates to prove it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

LEVEL_RANK = {
    "APPRENTICE": 1,
    "JUNIOR": 2,
    "INTERMEDIATE": 3,
    "SENIOR": 4,
    "TECHNICIAN": 5,
    "SENIOR_TECHNICIAN": 6,
    "PRINCIPAL_TECHNICIAN": 7,
    "CHIEF_TECHNICIAN": 8,
}
SPECIALTY = "SPECIALTY"  # the level bucket of 专项 certificates, which have no level
SKILLED_FROM = LEVEL_RANK["JUNIOR"]
HIGH_SKILLED_FROM = LEVEL_RANK["SENIOR"]
_SPECIALTY_RANK = 1.5  # above APPRENTICE (not skilled), below JUNIOR

VALID, REVOKED = "VALID", "REVOKED"
BUCKETS = (*LEVEL_RANK, SPECIALTY)


@dataclass(slots=True)  # built for every row imported: frozen ones build several times slower
class Held:
    """A certificate as the statistics see it."""

    no: str
    county: str
    series: str
    level: str | None  # None for a 专项 certificate
    issued_on: str  # ISO date
    valid: bool

    @property
    def bucket(self) -> str:
        return self.level or SPECIALTY

    @property
    def rank(self) -> float:
        return LEVEL_RANK[self.level] if self.level else _SPECIALTY_RANK

    @property
    def qualifies(self) -> bool:
        return self.valid and (self.level is None or LEVEL_RANK[self.level] >= SKILLED_FROM)


def is_high_skilled(bucket: str) -> bool:
    return bucket != SPECIALTY and LEVEL_RANK[bucket] >= HIGH_SKILLED_FROM


# county × series × level bucket, and county × the year persons became skilled. Plain
# tuples: one of each is built for every certificate counted, and a NamedTuple builds ten
# times slower.
type CellKey = tuple[str, str, str]
type EntryKey = tuple[str, int]


@dataclass(slots=True)
class Tally:
    """Counter changes: persons and certificates per cell, new skilled persons per entry.
    Plain dicts rather than Counters: a batch of 2,000 rows adds thousands of them."""

    persons: dict[CellKey, int]
    certificates: dict[CellKey, int]
    entries: dict[EntryKey, int]

    @classmethod
    def empty(cls) -> Tally:
        return cls({}, {}, {})

    def count(self, held: Iterable[Held], sign: int = 1) -> None:
        """Add what one person's certificates count for (``sign`` -1 takes it away)."""
        certs = held if isinstance(held, list | tuple) else list(held)
        if len(certs) == 1:
            self._count_one(certs[0], sign)
        else:
            self._count_many(certs, sign)

    def _count_one(self, h: Held, sign: int) -> None:
        """``_count_many`` for a person with one certificate (most of them: the one an import
        creates them with), which is their primary one if it qualifies: no search for it."""
        if not h.valid:
            return
        key = (h.county, h.series, h.bucket)
        certificates = self.certificates
        certificates[key] = certificates.get(key, 0) + sign
        if h.qualifies:
            persons, entries = self.persons, self.entries
            persons[key] = persons.get(key, 0) + sign
            entry = (h.county, int(h.issued_on[:4]))
            entries[entry] = entries.get(entry, 0) + sign

    def _count_many(self, certs: list[Held] | tuple[Held, ...], sign: int) -> None:
        certificates = self.certificates
        for h in certs:
            if h.valid:
                key = (h.county, h.series, h.bucket)
                certificates[key] = certificates.get(key, 0) + sign
        first = primary(certs)
        if first is not None:
            key = (first.county, first.series, first.bucket)
            self.persons[key] = self.persons.get(key, 0) + sign
            became = min(h.issued_on for h in certs if h.qualifies)
            entry = (first.county, int(became[:4]))
            self.entries[entry] = self.entries.get(entry, 0) + sign

    def nonzero(self) -> Tally:
        return Tally(
            {k: n for k, n in self.persons.items() if n},
            {k: n for k, n in self.certificates.items() if n},
            {k: n for k, n in self.entries.items() if n},
        )

    def __bool__(self) -> bool:
        return (
            any(self.persons.values())
            or any(self.certificates.values())
            or any(self.entries.values())
        )


def primary(held: Iterable[Held]) -> Held | None:
    """The certificate a person is counted by: highest level, latest issued, then number."""
    qualifying = [h for h in held if h.qualifies]
    if not qualifying:
        return None
    return max(qualifying, key=lambda h: (h.rank, h.issued_on, h.no))
