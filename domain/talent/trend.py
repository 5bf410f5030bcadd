"""``talentTrend``: a region's skilled workers year by year, from the yearly counters.

Each point is one year: the skilled and high-skilled persons at its end (as ``talentStats``
with ``asOf`` the 31 December), the year's new skilled and new high-skilled persons and the
certificates issued in it (``talent/cells.py`` defines each), and the groups' year-end
figures. Small cells are withheld as ``talent/suppression.py`` says.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from zhepai.domain.talent.columns import HIGH, ISSUED, NEW, NEW_HIGH, SKILLED
from zhepai.domain.talent.stats import Dimension, TalentModel
from zhepai.domain.talent.suppression import Grid, protect

FIRST_YEAR = 1990  # no certificate data reach further back
MAX_YEARS = 40  # points in one trend


@dataclass(frozen=True, slots=True)
class TrendGroup:
    key: tuple[str, ...]
    label: tuple[str, ...]
    skilled: int | None
    high_skilled: int | None

    @property
    def suppressed(self) -> bool:
        return self.skilled is None or self.high_skilled is None


@dataclass(frozen=True, slots=True)
class TrendPoint:
    year: int
    skilled: int | None
    high_skilled: int | None
    new_skilled: int | None
    new_high_skilled: int | None
    certificates_issued: int | None
    groups: tuple[TrendGroup, ...]

    @property
    def suppressed(self) -> bool:
        return None in (
            self.skilled, self.high_skilled, self.new_skilled, self.new_high_skilled,
            self.certificates_issued,
        ) or any(g.suppressed for g in self.groups)  # fmt: skip


class BadYears(ValueError):
    def __init__(self, argument: str, message: str) -> None:
        super().__init__(message)
        self.argument = argument


def check_years(first: int, last: int, this_year: int) -> None:
    if not FIRST_YEAR <= first <= this_year:
        raise BadYears("fromYear", f"fromYear 须在 {FIRST_YEAR}–{this_year} 之间")
    if not first <= last <= this_year:
        raise BadYears("toYear", f"toYear 须在 fromYear（{first}）与 {this_year} 之间")
    if last - first + 1 > MAX_YEARS:
        raise BadYears("toYear", f"一次最多 {MAX_YEARS} 年")


def _shown(value: int, shown: bool) -> int | None:
    return value if shown else None


def trend(
    model: TalentModel,
    region_code: str,
    first: int,
    last: int,
    group_by: Sequence[Dimension] = (),
    industry_code: str | None = None,
    series_code: str | None = None,
    threshold: int | None = None,
) -> list[TrendPoint]:
    """One point per year from ``first`` to ``last``; small cells withheld when
    ``threshold`` is given. Worked out once per model (``TalentModel.kept``)."""
    question = ("trend", region_code, first, last, tuple(group_by), industry_code, series_code,
                threshold)  # fmt: skip
    points = model.kept(
        question,
        lambda: tuple(_points(model, region_code, first, last, group_by, industry_code,
                              series_code, threshold)),
    )  # fmt: skip
    return list(points)


def _points(
    model: TalentModel,
    region_code: str,
    first: int,
    last: int,
    group_by: Sequence[Dimension],
    industry_code: str | None,
    series_code: str | None,
    threshold: int | None,
) -> list[TrendPoint]:
    yearly = model.yearly(region_code, first, last, group_by, industry_code, series_code)
    years = last - first + 1
    totals = yearly.totals
    skilled, high = (
        Grid.of([g[:, j].tolist() for _, g in yearly.groups], totals[:, j].tolist())
        for j in (SKILLED, HIGH)
    )
    new, new_high, issued = (totals[:, j].tolist() for j in (NEW, NEW_HIGH, ISSUED))
    every = [True] * years
    flows = (every, every, every)
    if threshold is not None:
        shown = protect(skilled, high, new, new_high, issued, threshold)
        flows = (shown.new, shown.new_high, shown.issued)
    labels = [
        tuple(model.label(d, k) for d, k in zip(group_by, key, strict=True))
        for key, _ in yearly.groups
    ]
    points = []
    for y in range(years):
        groups = tuple(
            TrendGroup(
                key,
                labels[g],
                _shown(skilled.values[g][y], skilled.shown[g][y]),
                _shown(high.values[g][y], high.shown[g][y]),
            )
            for g, (key, _) in enumerate(yearly.groups)
            if skilled.values[g][y] or high.values[g][y]
        )
        points.append(
            TrendPoint(
                first + y,
                _shown(skilled.totals[y], skilled.total_shown[y]),
                _shown(high.totals[y], high.total_shown[y]),
                _shown(new[y], flows[0][y]),
                _shown(new_high[y], flows[1][y]),
                _shown(issued[y], flows[2][y]),
                groups,
            )
        )
    return points
