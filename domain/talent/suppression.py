"""Small-cell suppression of a trend: what a year-by-year table withholds, so that nothing
withheld can be worked out from what is shown.

A trend shows, for each year, the skilled and high-skilled persons at the year's end in total
and in each group, and the year's new skilled, new high-skilled persons and certificates
issued in total. A published count from 1 to ``threshold - 1`` says too much about too few
people, and so does any number a reader can derive from published ones. The derivations
checked, each of which must come to 0 or to at least ``threshold`` (else a count is withheld,
the one named after the arrow):

1. a count itself → that count;
2. the change of a row (a group's or the total's skilled, or high-skilled) between any two
   years shown → the later year's;
3. skilled minus high-skilled of one group in one year, and its change between two years →
   the high-skilled count;
4. a year's total minus its groups shown, which is the sum of the groups withheld: it must
   cover no group or at least two, and come to 0 or at least ``threshold`` → one more group,
   the smallest shown (or the year's total when no group is left to withhold);
5. that remainder's change between two years withholding the same groups, and the skilled
   remainder minus the high-skilled one when they withhold the same groups → as in 4, in the
   later year or in the high-skilled column;
6. a year's total change minus its new persons (those who left, net of those who moved in),
   over any years whose figures are all shown → the later year's new persons.

Withholding only ever takes numbers away, so a derivation that passes stays passed: rules
1–3 are settled in one pass, and 4–5 are applied again until nothing changes, which ends, as
every round withholds another count. Derivations across separate queries (another region,
series or grouping) are not tracked: the threshold, not this table, protects those.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations


@dataclass(slots=True)
class Grid:
    """One measure of a trend: ``values[g][y]`` per group and year, and the totals; what is
    shown. Rows absent from a year are 0 there, and a 0 is always shown."""

    values: list[list[int]]
    totals: list[int]
    shown: list[list[bool]]
    total_shown: list[bool]

    @classmethod
    def of(cls, values: Sequence[Sequence[int]], totals: Sequence[int]) -> Grid:
        return cls(
            [list(r) for r in values],
            list(totals),
            [[True] * len(totals) for _ in values],
            [True] * len(totals),
        )

    def rows(self) -> list[tuple[list[int], list[bool]]]:
        return [*zip(self.values, self.shown, strict=True), (self.totals, self.total_shown)]


def _small(n: int, threshold: int) -> bool:
    return 0 < abs(n) < threshold


def _primary(values: list[int], shown: list[bool], threshold: int) -> None:
    for y, v in enumerate(values):
        if _small(v, threshold):
            shown[y] = False


def _changes(values: list[int], shown: list[bool], hide: list[bool], threshold: int) -> None:
    """Rule 2 on one row (``values`` as shown by ``shown``), withholding in ``hide``."""
    kept: list[int] = []
    for b, v in enumerate(values):
        if not shown[b]:
            continue
        if any(_small(v - values[a], threshold) for a in kept):
            hide[b] = shown[b] = False
        else:
            kept.append(b)


def _rows(skilled: Grid, high: Grid, threshold: int) -> None:
    """Rules 1–3."""
    for grid in (skilled, high):
        for values, shown in grid.rows():
            _primary(values, shown, threshold)
            _changes(values, shown, shown, threshold)
    for (s, s_shown), (h, h_shown) in zip(skilled.rows(), high.rows(), strict=True):
        both = [s_shown[y] and h_shown[y] for y in range(len(s))]
        for y, ok in enumerate(both):
            if ok and _small(s[y] - h[y], threshold):
                h_shown[y] = both[y] = False
        rest = [s[y] - h[y] for y in range(len(s))]
        _changes(rest, both, h_shown, threshold)


def _withheld(grid: Grid, y: int) -> tuple[frozenset[int], int]:
    # a withheld 0 counts too: rule 3 may withhold one, and the total must not give it back
    hidden = frozenset(g for g, row in enumerate(grid.shown) if not row[y])
    return hidden, sum(grid.values[g][y] for g in hidden)


def _withhold_more(grid: Grid, y: int) -> None:
    """One more count of year ``y``: the smallest group shown, or else the total."""
    candidates = [g for g, row in enumerate(grid.shown) if row[y] and grid.values[g][y]]
    if candidates:
        g = min(candidates, key=lambda g: (grid.values[g][y], g))
        grid.shown[g][y] = False
    else:
        grid.total_shown[y] = False


def _column_round(skilled: Grid, high: Grid, threshold: int) -> bool:
    """Rules 4 and 5, once over every year; whether anything more was withheld."""
    changed = False
    years = len(skilled.totals)
    for grid in (skilled, high):
        for y in range(years):
            if not grid.total_shown[y]:
                continue
            hidden, rest = _withheld(grid, y)
            if len(hidden) == 1 or _small(rest, threshold):
                _withhold_more(grid, y)
                changed = True
        for a, b in combinations(range(years), 2):
            if not (grid.total_shown[a] and grid.total_shown[b]):
                continue
            hidden_a, rest_a = _withheld(grid, a)
            hidden_b, rest_b = _withheld(grid, b)
            if hidden_a and hidden_a == hidden_b and _small(rest_b - rest_a, threshold):
                _withhold_more(grid, b)
                changed = True
    for y in range(years):
        if not (skilled.total_shown[y] and high.total_shown[y]):
            continue
        hidden_s, rest_s = _withheld(skilled, y)
        hidden_h, rest_h = _withheld(high, y)
        if hidden_s and hidden_s == hidden_h and _small(rest_s - rest_h, threshold):
            _withhold_more(high, y)
            changed = True
    return changed


def _flows(stock: Grid, new: list[int], new_shown: list[bool], threshold: int) -> None:
    """Rule 6: totals shown from year a to b, and every new count in between."""
    years = len(new)
    for b in range(1, years):
        for a in range(b - 1, -1, -1):
            if not (stock.total_shown[a] and stock.total_shown[b]):
                continue
            if not all(new_shown[y] for y in range(a + 1, b + 1)):
                break
            left = stock.totals[b] - stock.totals[a] - sum(new[a + 1 : b + 1])
            if _small(left, threshold):
                new_shown[b] = False
                break


@dataclass(frozen=True, slots=True)
class Shown:
    skilled: Grid
    high: Grid
    new: list[bool]
    new_high: list[bool]
    issued: list[bool]


def protect(
    skilled: Grid,
    high: Grid,
    new: list[int],
    new_high: list[int],
    issued: list[int],
    threshold: int,
) -> Shown:
    """Withhold what the rules above say (``skilled`` and ``high`` in place)."""
    _rows(skilled, high, threshold)
    while _column_round(skilled, high, threshold):
        pass
    flows = []
    for values in (new, new_high, issued):
        shown = [True] * len(values)
        _primary(values, shown, threshold)
        flows.append(shown)
    _flows(skilled, new, flows[0], threshold)
    _flows(high, new_high, flows[1], threshold)
    return Shown(skilled, high, *flows)
