"""The statistics table's grouped sums (NumPy columns) against a plain cell-by-cell sum,
today, at a year's end and year by year."""

from __future__ import annotations

import random
from collections import defaultdict

import pytest

from zhepai.domain.talent.cells import BUCKETS, is_high_skilled
from zhepai.domain.talent.stats import (
    ANSWERS_KEPT,
    Dimension,
    Figures,
    Named,
    Place,
    TalentModel,
)
from zhepai.domain.talent.trend import trend
from zhepai.graph.talent import FlowRow

COUNTIES = [
    Place(f"33{c:02d}{k:02d}", f"县{c}{k}", f"33{c:02d}00") for c in (1, 2, 3) for k in (1, 2)
]
CITIES = [Named(f"33{c:02d}00", f"市{c}") for c in (1, 2, 3)]
SERIES = [Named(f"{s:02d}", f"系列{s}", "PIS"[s % 3]) for s in range(1, 7)]
INDUSTRIES = [Named(code, code) for code in "PIS"]
LEVELS = [Named(b, b) for b in BUCKETS]


def model(cells: list[FlowRow]) -> TalentModel:
    return TalentModel(
        cells, COUNTIES, CITIES, Named("330000", "浙江省"), SERIES, INDUSTRIES, LEVELS
    )


def recount(
    cells: list[FlowRow], counties: frozenset[str], group_by: list[Dimension],
    industry: str | None, series: str | None, until: int | None = None,
) -> tuple[Figures, list[tuple[tuple[str, ...], Figures]]]:  # fmt: skip
    industry_of = {s.code: s.industry for s in SERIES}
    city_of = {c.code: c.city for c in COUNTIES}
    sums: dict[tuple[str, ...], list[int]] = defaultdict(lambda: [0, 0, 0])
    for c in cells:
        if c.county not in counties or (series and c.series != series):
            continue
        if until is not None and c.year > until:
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
        FlowRow(rng.choice(COUNTIES).code, rng.choice(SERIES).code, rng.choice(BUCKETS),
                rng.randint(2018, 2024), rng.randint(-2, 5), rng.randint(-2, 7),
                rng.randint(0, 7), rng.randint(0, 3), rng.randint(0, 2))
        for _ in range(rng.randint(0, 80))
    ]  # fmt: skip
    table = model(cells)
    for _ in range(20):
        region = rng.choice(["330000", *(c.code for c in CITIES), *(c.code for c in COUNTIES)])
        group_by = rng.sample(list(Dimension), rng.randint(0, 3))
        industry = rng.choice([None, "P", "I"])
        series = rng.choice([None, "01", "04"])
        until = rng.choice([None, 2017, 2020, 2024])
        # when the table is asked
        total, groups = table.figures(region, group_by, industry, series, until)
        # then it says what a cell-by-cell sum says (groups compared as a set: their order
        # is the ladder's for levels)
        want_total, want_groups = recount(
            cells, table.counties_in(region), group_by, industry, series, until
        )
        assert total == want_total
        assert sorted(groups) == want_groups
        # and year by year, each year's end is the table at that year's end
        yearly = table.yearly(region, 2019, 2023, group_by, industry, series)
        for i, year in enumerate(range(2019, 2024)):
            at_end, by_group = recount(
                cells, table.counties_in(region), group_by, industry, series, year
            )
            assert tuple(yearly.totals[i, :3]) == (
                at_end.skilled,
                at_end.high_skilled,
                at_end.certificates,
            )
            if group_by:
                got = {k: tuple(int(v) for v in g[i, :3]) for k, g in yearly.groups}
                want = {k: (f.skilled, f.high_skilled, f.certificates) for k, f in by_group}
                assert {k: v for k, v in got.items() if any(v)} == want
            # the year's flows: the counters of that year only
            flows = [c for c in cells if c.year == year and c.county in table.counties_in(region)
                     and (not series or c.series == series)
                     and (not industry or {s.code: s.industry for s in SERIES}[c.series]
                          == industry)]  # fmt: skip
            assert tuple(yearly.totals[i, 3:]) == (
                sum(c.entered for c in flows), sum(c.entered_high for c in flows),
                sum(c.issued for c in flows),
            )  # fmt: skip


def test_an_empty_table_answers_zeros() -> None:
    total, groups = model([]).figures("330000", [Dimension.CITY, Dimension.LEVEL])
    assert total == Figures(0, 0, 0)
    assert groups == []


def test_a_model_keeps_its_answers_and_forgets_the_oldest() -> None:
    # given a model of a few counters
    cells = [FlowRow(COUNTIES[0].code, "01", BUCKETS[0], 2024, 3, 0, 3, 3, 0)]
    table = model(cells)
    # when the same table and trend are asked twice, then the second is the kept answer
    first = table.table("330000", [Dimension.CITY], threshold=5)
    assert table.table("330000", [Dimension.CITY], threshold=5) is first
    assert table.table("330000", [Dimension.CITY]) is not first  # another question
    assert trend(table, "330000", 2023, 2024) == trend(table, "330000", 2023, 2024)
    # and past ANSWERS_KEPT other questions the first is worked out again, equal
    for year in range(ANSWERS_KEPT):
        table.table("330000", [Dimension.CITY], threshold=5, until=1000 + year)
    again = table.table("330000", [Dimension.CITY], threshold=5)
    assert again is not first
    assert again == first
    # a new model (a write) answers from its own counters
    more = model([*cells, FlowRow(COUNTIES[0].code, "01", BUCKETS[0], 2024, 2, 0, 2, 2, 0)])
    assert more.table("330000", [Dimension.CITY]).total.skilled == 5
