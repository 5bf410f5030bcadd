"""The statistics table's grouped sums (NumPy columns) against a plain cell-by-cell sum."""

from __future__ import annotations

import random
from collections import defaultdict

import pytest

from zhepai.domain.talent.cells import BUCKETS, is_high_skilled
from zhepai.domain.talent.stats import Dimension, Figures, Named, Place, TalentModel
from zhepai.graph.talent import CellRow

COUNTIES = [
    Place(f"33{c:02d}{k:02d}", f"县{c}{k}", f"33{c:02d}00") for c in (1, 2, 3) for k in (1, 2)
]
CITIES = [Named(f"33{c:02d}00", f"市{c}") for c in (1, 2, 3)]
SERIES = [Named(f"{s:02d}", f"系列{s}", "PIS"[s % 3]) for s in range(1, 7)]
INDUSTRIES = [Named(code, code) for code in "PIS"]
LEVELS = [Named(b, b) for b in BUCKETS]


def model(cells: list[CellRow]) -> TalentModel:
    return TalentModel(
        cells, COUNTIES, CITIES, Named("330000", "浙江省"), SERIES, INDUSTRIES, LEVELS
    )


def recount(
    cells: list[CellRow], counties: frozenset[str], group_by: list[Dimension],
    industry: str | None, series: str | None,
) -> tuple[Figures, list[tuple[tuple[str, ...], Figures]]]:  # fmt: skip
    industry_of = {s.code: s.industry for s in SERIES}
    city_of = {c.code: c.city for c in COUNTIES}
    sums: dict[tuple[str, ...], list[int]] = defaultdict(lambda: [0, 0, 0])
    for c in cells:
        if c.county not in counties or (series and c.series != series):
            continue
        if industry and industry_of.get(c.series) != industry:
            continue
        codes = {Dimension.COUNTY: c.county, Dimension.CITY: city_of[c.county],
                 Dimension.SERIES: c.series, Dimension.INDUSTRY: industry_of.get(c.series, ""),
                 Dimension.LEVEL: c.level}  # fmt: skip
        group = sums[tuple(codes[d] for d in group_by)]
        for i, v in enumerate((c.persons, c.persons if is_high_skilled(c.level) else 0,
                               c.certificates)):  # fmt: skip
            group[i] += v
    total = Figures(*(sum(g[i] for g in sums.values()) for i in range(3)))
    return total, sorted((k, Figures(*v)) for k, v in sums.items() if any(v))


@pytest.mark.parametrize("seed", range(20))
def test_grouped_sums_equal_a_recount(seed: int) -> None:
    # given random counters
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    cells = [
        CellRow(rng.choice(COUNTIES).code, rng.choice(SERIES).code, rng.choice(BUCKETS),
                rng.randint(0, 5), rng.randint(0, 7))
        for _ in range(rng.randint(0, 80))
    ]  # fmt: skip
    table = model(cells)
    for _ in range(20):
        region = rng.choice(["330000", *(c.code for c in CITIES), *(c.code for c in COUNTIES)])
        group_by = rng.sample(list(Dimension), rng.randint(0, 3))
        industry = rng.choice([None, "P", "I"])
        series = rng.choice([None, "01", "04"])
        # when the table is asked
        total, groups = table.figures(region, group_by, industry, series)
        # then it says what a cell-by-cell sum says (groups compared as a set: their order
        # is the ladder's for levels)
        want_total, want_groups = recount(
            cells, table.counties_in(region), group_by, industry, series
        )
        assert total == want_total
        assert sorted(groups) == want_groups


def test_an_empty_table_answers_zeros() -> None:
    total, groups = model([]).figures("330000", [Dimension.CITY, Dimension.LEVEL])
    assert total == Figures(0, 0, 0)
    assert groups == []
