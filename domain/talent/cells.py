"""What a person counts for in the statistics, year by year, and how a change moves the counters.

The statistics are counters kept in the graph and changed in the same statement as the
certificates they count, so no query ever scans the workers. This module is the one place
that says what is counted (docs/api.md, "Workers and statistics"):

- a certificate is **in force** on a day when it was issued on or before that day and not
  revoked by then (revoked on that day or earlier). A certificate revoked without a date
  (before revocation dates were kept) is treated as never in force;
- a **skilled worker** on a day is a distinct person holding a certificate in force at JUNIOR
  or above, or a 专项 (special ability) certificate in force;
- each skilled person is counted **once**, in the county, series and level of their *primary*
  certificate on that day: the highest level they hold (a 专项 ranks between APPRENTICE and
  JUNIOR), the latest issued among equals, then the number. Group counts add up to the total;
- a person is **high-skilled** when that highest occupational level is SENIOR or above;
- a person is a **new skilled worker** of a year when they are skilled at its end and the
  earliest certificate that makes them so was issued within it (so someone whose only
  certificate was revoked and who qualifies again later is new again); a **new high-skilled
  worker** likewise, with the certificates at SENIOR or above;
- **certificates** counts certificates in force where each was issued, at its own level, and
  **issued** the certificates issued in a year (revoked ones too: issuing is a fact of that
  year).

The counters hold, per county × series × level × year, the *change* in that year: a person
moved or lost is -1 in the year's cell they left and +1 in the one they went to, at the end
of the year. Any year's end is then the sum of the years up to it, and today the sum of all.

A change to a person (new, corrected or revoked certificates) is applied as the difference
between what they counted for before and after, so counters stay exact under any mix of
imports, updates and revocations; ``rebuild`` recounts from the certificates to prove it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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
_HIGH = frozenset(b for b, r in LEVEL_RANK.items() if r >= HIGH_SKILLED_FROM)


@dataclass(slots=True)  # built for every row imported: frozen ones build several times slower
class Held:
    """A certificate as the statistics see it."""

    no: str
    county: str
    series: str
    level: str | None  # None for a 专项 certificate
    issued_on: str  # ISO date
    valid: bool
    revoked_on: str | None = None  # ISO date, for a revoked certificate whose date is known

    @property
    def bucket(self) -> str:
        return self.level or SPECIALTY

    @property
    def rank(self) -> float:
        return LEVEL_RANK[self.level] if self.level else _SPECIALTY_RANK

    @property
    def qualifies(self) -> bool:
        return self.valid and (self.level is None or LEVEL_RANK[self.level] >= SKILLED_FROM)

    @property
    def ever(self) -> bool:
        """In force on some day: valid, or revoked on a known day after it was issued."""
        return self.valid or (self.revoked_on is not None and self.revoked_on > self.issued_on)

    def in_force(self, day: str) -> bool:
        return self.issued_on <= day and (
            self.valid or (self.revoked_on is not None and self.revoked_on > day)
        )


def is_high_skilled(bucket: str) -> bool:
    return bucket in _HIGH


def _skilled_level(h: Held) -> bool:
    return h.level is None or LEVEL_RANK[h.level] >= SKILLED_FROM


# county × series × level bucket × year; county × series × level bucket; county × year. Plain
# tuples: one is built for every certificate counted, and a NamedTuple builds far slower.
type FlowKey = tuple[str, str, str, int]
type CellKey = tuple[str, str, str]
type EntryKey = tuple[str, int]


def _add(counter: dict[FlowKey, int], key: FlowKey, n: int) -> None:
    counter[key] = counter.get(key, 0) + n


@dataclass(slots=True)
class Tally:
    """Counter changes per county × series × level × year: skilled persons (the change at the
    year's end), certificates in force (likewise), certificates issued, new skilled and new
    high-skilled persons. Plain dicts rather than Counters: a batch of 2,000 rows adds
    thousands of them."""

    persons: dict[FlowKey, int]
    certificates: dict[FlowKey, int]
    issued: dict[FlowKey, int]
    entered: dict[FlowKey, int]
    entered_high: dict[FlowKey, int]

    @classmethod
    def empty(cls) -> Tally:
        return cls({}, {}, {}, {}, {})

    def count(self, held: Iterable[Held], sign: int = 1) -> None:
        """Add what one person's certificates count for (``sign`` -1 takes it away)."""
        certs = held if isinstance(held, list | tuple) else list(held)
        if len(certs) == 1 and certs[0].valid:
            self._count_one(certs[0], sign)
        else:
            self._count_many(certs, sign)

    def _count_one(self, h: Held, sign: int) -> None:
        """``_count_many`` for a person with one valid certificate (most of them: the one an
        import creates them with), which is their primary one from its issue on if it
        qualifies: no year-by-year search."""
        key = (h.county, h.series, h.bucket, int(h.issued_on[:4]))
        certificates, issued = self.certificates, self.issued
        certificates[key] = certificates.get(key, 0) + sign
        issued[key] = issued.get(key, 0) + sign
        if h.level is None or LEVEL_RANK[h.level] >= SKILLED_FROM:
            persons, entered = self.persons, self.entered
            persons[key] = persons.get(key, 0) + sign
            entered[key] = entered.get(key, 0) + sign
            if h.level in _HIGH:
                self.entered_high[key] = self.entered_high.get(key, 0) + sign

    def _count_many(self, certs: list[Held] | tuple[Held, ...], sign: int) -> None:
        live = [h for h in certs if h.ever]
        years: set[int] = set()
        for h in live:
            year = int(h.issued_on[:4])
            years.add(year)
            _add(self.issued, (h.county, h.series, h.bucket, year), sign)
            _add(self.certificates, (h.county, h.series, h.bucket, year), sign)
            if not h.valid and h.revoked_on is not None:
                gone = int(h.revoked_on[:4])
                years.add(gone)
                _add(self.certificates, (h.county, h.series, h.bucket, gone), -sign)
        before: tuple[str, str, str] | None = None
        for year in sorted(years):
            end = f"{year:04d}-12-31"
            qualifying = [h for h in live if _skilled_level(h) and h.in_force(end)]
            first = _primary(qualifying)
            cell = (first.county, first.series, first.bucket) if first is not None else None
            if cell != before:
                if before is not None:
                    _add(self.persons, (*before, year), -sign)
                if cell is not None:
                    _add(self.persons, (*cell, year), sign)
            if first is not None and cell is not None:
                key = (*cell, year)
                if int(min(h.issued_on for h in qualifying)[:4]) == year:
                    _add(self.entered, key, sign)
                if first.bucket in _HIGH:
                    high = min(h.issued_on for h in qualifying if h.bucket in _HIGH)
                    if int(high[:4]) == year:
                        _add(self.entered_high, key, sign)
            before = cell

    def nonzero(self) -> Tally:
        return Tally(*({k: n for k, n in d.items() if n} for d in self._measures()))

    def _measures(self) -> tuple[dict[FlowKey, int], ...]:
        return (self.persons, self.certificates, self.issued, self.entered, self.entered_high)

    def keys(self) -> set[FlowKey]:
        out: set[FlowKey] = set()
        for d in self._measures():
            out.update(k for k, n in d.items() if n)
        return out

    def now(self) -> tuple[dict[CellKey, int], dict[CellKey, int]]:
        """Skilled persons and certificates in force per cell today: every year summed."""
        persons: dict[CellKey, int] = {}
        certificates: dict[CellKey, int] = {}
        for source, target in ((self.persons, persons), (self.certificates, certificates)):
            for (county, series, level, _), n in source.items():
                cell = (county, series, level)
                target[cell] = target.get(cell, 0) + n
        return persons, certificates

    @property
    def entries(self) -> dict[EntryKey, int]:
        """New skilled persons per county (of their primary certificate then) and year."""
        out: dict[EntryKey, int] = {}
        for (county, _, _, year), n in self.entered.items():
            out[(county, year)] = out.get((county, year), 0) + n
        return {k: n for k, n in out.items() if n}

    def __bool__(self) -> bool:
        return any(any(d.values()) for d in self._measures())


def _primary(qualifying: list[Held]) -> Held | None:
    if not qualifying:
        return None
    return max(qualifying, key=lambda h: (h.rank, h.issued_on, h.no))


def primary(held: Iterable[Held], day: str | None = None) -> Held | None:
    """The certificate a person is counted by (today, or on ``day``): highest level, latest
    issued, then number."""
    if day is None:
        return _primary([h for h in held if h.qualifies])
    return _primary([h for h in held if _skilled_level(h) and h.in_force(day)])


def change(
    held: Sequence[Held], before: str, after: str
) -> tuple[dict[CellKey, int], dict[CellKey, int]]:
    """How one person's skilled-person and certificates-in-force counts move, cell by cell,
    from the end of the day ``before`` to the end of ``after``: what ``Tally`` counts at each
    year's end, at any two days (``talent/days.py``)."""
    persons: dict[CellKey, int] = {}
    certificates: dict[CellKey, int] = {}
    for day, sign in ((before, -1), (after, 1)):
        first = primary(held, day)
        if first is not None:
            cell = (first.county, first.series, first.bucket)
            persons[cell] = persons.get(cell, 0) + sign
        for h in held:
            if h.in_force(day):
                cell = (h.county, h.series, h.bucket)
                certificates[cell] = certificates.get(cell, 0) + sign
    return (
        {k: n for k, n in persons.items() if n},
        {k: n for k, n in certificates.items() if n},
    )
