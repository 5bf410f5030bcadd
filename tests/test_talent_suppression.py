"""Small-cell suppression of trends (talent/suppression.py): nothing withheld can be worked
out from what is shown, by subtracting years, groups or measures — checked by an attacker
written from the published numbers alone."""

from __future__ import annotations

import random
from itertools import combinations

import numpy as np
import pytest

from zhepai.domain.talent.suppression import Grid, protect

K = 5


def published(grid: Grid) -> tuple[list[list[int | None]], list[int | None]]:
    groups = [
        [v if s else None for v, s in zip(row, shown, strict=True)]
        for row, shown in zip(grid.values, grid.shown, strict=True)
    ]
    totals = [v if s else None for v, s in zip(grid.totals, grid.total_shown, strict=True)]
    return groups, totals


def safe(n: int) -> bool:
    return n == 0 or abs(n) >= K


def attack(
    skilled: Grid, high: Grid, new: list[int | None], new_high: list[int | None]
) -> list[str]:
    """Everything a reader can derive from the published table that is small; and every
    withheld count that the year totals pin down exactly."""
    found = []
    tables = {"skilled": published(skilled), "high": published(high)}
    for name, (groups, totals) in tables.items():
        for r, row in enumerate([*groups, totals]):
            shown = [(y, v) for y, v in enumerate(row) if v is not None]
            found += [f"{name} row {r} year {y}: {v}" for y, v in shown if not safe(v)]
            found += [
                f"{name} row {r} years {a}-{b}: {w - v}"
                for (a, v), (b, w) in combinations(shown, 2)
                if not safe(w - v)
            ]
        # the year totals as equations over the withheld groups: a withheld count is pinned
        # when its unit vector lies in the equations' row space
        hidden = [(g, y) for g, row in enumerate(groups) for y, v in enumerate(row)
                  if v is None]  # fmt: skip
        years = len(totals)
        if not hidden:
            equations = np.zeros((0, 0))
        else:
            equations = np.array(
                [[1.0 if y == t else 0.0 for _, y in hidden] for t in range(years)
                 if totals[t] is not None],
            ).reshape(-1, len(hidden))  # fmt: skip
        rank = np.linalg.matrix_rank(equations) if equations.size else 0
        for i, (g, y) in enumerate(hidden):
            unit = np.zeros((1, len(hidden)))
            unit[0, i] = 1.0
            stacked = np.vstack([equations, unit]) if equations.size else unit
            if np.linalg.matrix_rank(stacked) == rank:
                found.append(f"{name} group {g} year {y} pinned by the total")
        for t, total in enumerate(totals):
            if total is None:
                continue
            rest = total - sum(row[t] or 0 for row in groups)
            if not safe(rest):
                found.append(f"{name} year {t}: withheld groups add up to {rest}")
        # the withheld remainder's change between years withholding the same groups
        for a, b in combinations(range(years), 2):
            ta, tb = totals[a], totals[b]
            if ta is None or tb is None:
                continue
            ha = {g for g, row in enumerate(groups) if row[a] is None}
            hb = {g for g, row in enumerate(groups) if row[b] is None}
            if ha and ha == hb:
                ra = ta - sum(row[a] or 0 for row in groups)
                rb = tb - sum(row[b] or 0 for row in groups)
                if not safe(rb - ra):
                    found.append(f"{name} years {a}-{b}: withheld groups changed by {rb - ra}")
    # skilled minus high-skilled of one group (or the total), and its change
    (sg, st), (hg, ht) = tables["skilled"], tables["high"]
    for r, (srow, hrow) in enumerate(zip([*sg, st], [*hg, ht], strict=True)):
        both = [(y, s - h) for y, (s, h) in enumerate(zip(srow, hrow, strict=True))
                if s is not None and h is not None]  # fmt: skip
        found += [f"row {r} year {y}: skilled - high = {d}" for y, d in both if not safe(d)]
        found += [
            f"row {r} years {a}-{b}: (skilled - high) changed by {e - d}"
            for (a, d), (b, e) in combinations(both, 2)
            if not safe(e - d)
        ]
    # the totals' change against the new persons in between
    for stock, flows, name in ((st, new, "skilled"), (ht, new_high, "high")):
        for a, b in combinations(range(len(stock)), 2):
            sa, sb, between = stock[a], stock[b], flows[a + 1 : b + 1]
            if sa is None or sb is None or any(f is None for f in between):
                continue
            left = sb - sa - sum(f or 0 for f in between)
            if not safe(left):
                found.append(f"{name} years {a}-{b}: {left} left, net")
    return found


def random_table(rng: random.Random) -> tuple[list[list[int]], list[list[int]], list[int]]:
    groups, years = rng.randint(0, 5), rng.randint(1, 6)
    skilled, high = [], []
    for _ in range(groups):
        base = rng.choice([0, 2, 8, 40, 300])
        row = [max(0, base + rng.randint(-3, 12) * y) for y in range(years)]
        skilled.append(row)
        high.append([min(v, rng.randint(0, v)) for v in row])
    new = [rng.choice([0, 1, 3, 7, 20]) for _ in range(years)]
    return skilled, high, new


@pytest.mark.parametrize("seed", range(300))
def test_nothing_withheld_can_be_derived(seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    skilled_values, high_values, new = random_table(rng)
    years = len(new)
    totals_s = [sum(r[y] for r in skilled_values) for y in range(years)]
    totals_h = [sum(r[y] for r in high_values) for y in range(years)]
    skilled, high = Grid.of(skilled_values, totals_s), Grid.of(high_values, totals_h)
    new_high = [rng.choice([0, 2, 9]) for _ in range(years)]
    issued = [rng.choice([0, 4, 30]) for _ in range(years)]

    shown = protect(skilled, high, new, new_high, issued, K)

    new_pub = [v if s else None for v, s in zip(new, shown.new, strict=True)]
    high_pub = [v if s else None for v, s in zip(new_high, shown.new_high, strict=True)]
    assert attack(skilled, high, new_pub, high_pub) == []
    for values, mask in ((new, shown.new), (new_high, shown.new_high), (issued, shown.issued)):
        assert all(safe(v) for v, s in zip(values, mask, strict=True) if s)
    # nothing is withheld that is 0 or stands alone safely: the values shown are the true ones
    assert skilled.values == skilled_values and high.values == high_values


def test_a_small_change_between_years_is_withheld() -> None:
    # given one group growing from 100 to 102 persons, another steady at 50
    skilled = Grid.of([[100, 102], [50, 50]], [150, 152])
    high = Grid.of([[0, 0], [0, 0]], [0, 0])
    protect(skilled, high, [0, 0], [0, 0], [0, 0], K)
    groups, totals = published(skilled)
    # then the later year of the group and of the total are withheld (each +2); with that
    # total withheld, the other group can stay
    assert groups == [[100, None], [50, 50]]
    assert totals == [150, None]


def test_a_lone_withheld_group_takes_the_next_smallest_with_it() -> None:
    skilled = Grid.of([[3], [40], [60]], [103])
    high = Grid.of([[0], [0], [0]], [0])
    protect(skilled, high, [0], [0], [0], K)
    groups, totals = published(skilled)
    assert groups == [[None], [None], [60]]
    assert totals == [103]


def test_a_small_difference_between_skilled_and_high_skilled_is_withheld() -> None:
    skilled = Grid.of([[30], [50]], [80])
    high = Grid.of([[28], [10]], [38])
    protect(skilled, high, [0], [0], [0], K)
    # 30 - 28 = 2 non-high-skilled persons: the high-skilled count goes, and the other
    # group's with it
    groups, _ = published(high)
    assert groups == [[None], [None]]
