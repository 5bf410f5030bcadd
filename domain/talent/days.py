"""``talentStats(asOf:)`` on any past day, from the yearly counters and the day's year.

The counters give every year's end exactly (``talent/cells.py``). A person's counts change
only on the days one of their certificates is issued or revoked, so a day's figures are the
nearer year end's plus, for each person with such a day between that year end and the day
asked, the move from where they stood then to where they stand on that day, as
``cells.change`` says with the definitions the counters use. The nearer end is the previous
year's (changes from 1 January to the day) or the day's own year's (changes after the day
to 31 December): either is exact, and the nearer one reads fewer changes.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from zhepai.domain.talent.cells import CellKey, Held, change
from zhepai.graph.talent import FlowRow
from zhepai.graph.talent_events import DatedCertificate


@dataclass(frozen=True, slots=True)
class Span:
    """A past day as the counters answer it: those summed up to the end of ``year``
    (``end``), moved to ``day`` by the persons with a certificate issued or revoked in
    ``changes`` (first and last day, inclusive; None when ``day`` is that year end)."""

    year: int
    end: str
    day: str
    changes: tuple[str, str] | None


def span(as_of: date | None, today: date) -> Span | None:
    """How to answer ``as_of`` (None: today's figures, for no day or one from today on)."""
    if as_of is None or as_of >= today:
        return None
    year = as_of.year
    after = (date(year, 12, 31) - as_of).days  # days from the day to its year's end
    if after == 0:
        return Span(year, as_of.isoformat(), as_of.isoformat(), None)
    if after < as_of.timetuple().tm_yday:
        first = (as_of + timedelta(days=1)).isoformat()
        return Span(year, f"{year:04d}-12-31", as_of.isoformat(), (first, f"{year:04d}-12-31"))
    return Span(
        year - 1, f"{year - 1:04d}-12-31", as_of.isoformat(),
        (f"{year:04d}-01-01", as_of.isoformat()),
    )  # fmt: skip


def held(c: DatedCertificate) -> Held:
    return Held(c.no, c.region, c.series, c.level, c.issued_on, c.valid, c.revoked_on)


def moves(
    persons: Iterable[Sequence[DatedCertificate]],
    when: Span,
    counties: Collection[str] | None = None,
) -> list[FlowRow]:
    """What the changed persons add to the counters at ``when.end`` to give ``when.day``,
    as counter rows (persons and certificates in force only). With ``counties``, only the
    persons holding a certificate issued in one of them: a person counts in a county only
    through a certificate of theirs issued there, so the others cannot move its figures."""
    persons_by: dict[CellKey, int] = {}
    certificates_by: dict[CellKey, int] = {}
    for certificates in persons:
        if counties is not None and not any(c.region in counties for c in certificates):
            continue
        p, c = change([held(x) for x in certificates], when.end, when.day)
        for source, target in ((p, persons_by), (c, certificates_by)):
            for cell, n in source.items():
                target[cell] = target.get(cell, 0) + n
    return [
        FlowRow(*cell, when.year, persons_by.get(cell, 0), certificates_by.get(cell, 0), 0, 0, 0)
        for cell in sorted(persons_by.keys() | certificates_by.keys())
        if persons_by.get(cell, 0) or certificates_by.get(cell, 0)
    ]
