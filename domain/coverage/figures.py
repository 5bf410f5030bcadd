"""The region figures coverage demand weighs (``zhepai import region-stats``), per county.

Each is the county's own figure for the latest year it was given: a city's or the province's
figure is not spread over its counties (that would need a rule for how, which we do not
have). Population and targets are in 万人, the unit of the statistical yearbooks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from zhepai.graph.region_stats import Figure, RegionStatRow

TEN_THOUSAND = 10_000.0


@dataclass(frozen=True, slots=True)
class RegionFigures:
    working_age: Mapping[str, float] = field(default_factory=dict)  # county -> 万人
    new_skilled_target: Mapping[str, float] = field(default_factory=dict)  # county -> 万人
    # (county, series) -> the series' share (0–1) of the county's employed persons
    industry_share: Mapping[tuple[str, str], float] = field(default_factory=dict)


def _latest(found: dict[str, tuple[int, Figure]], region: str, year: int, f: Figure) -> None:
    if region not in found or found[region][0] < year:
        found[region] = (year, f)


def region_figures(rows: Iterable[RegionStatRow], counties: Iterable[str]) -> RegionFigures:
    wanted = set(counties)
    working_age: dict[str, tuple[int, Figure]] = {}
    target: dict[str, tuple[int, Figure]] = {}
    employed: dict[tuple[str, int], int] = {}  # (county, year) -> employed persons
    by_series: dict[tuple[str, str], dict[int, int]] = {}  # (county, series) -> year -> persons
    for row in rows:
        if row.region not in wanted:
            continue
        if row.series is not None:
            if row.employed is not None:
                by_series.setdefault((row.region, row.series), {})[row.year] = row.employed.value
            continue
        if row.working_age is not None:
            _latest(working_age, row.region, row.year, row.working_age)
        if row.new_skilled_target is not None:
            _latest(target, row.region, row.year, row.new_skilled_target)
        if row.employed is not None:
            employed[(row.region, row.year)] = row.employed.value
    share: dict[tuple[str, str], float] = {}
    for (county, series), years in by_series.items():
        both = [y for y in years if (county, y) in employed]
        if both:
            year = max(both)
            share[(county, series)] = min(1.0, years[year] / employed[(county, year)])
    return RegionFigures(
        working_age={c: f.value / TEN_THOUSAND for c, (_, f) in working_age.items()},
        new_skilled_target={c: f.value / TEN_THOUSAND for c, (_, f) in target.items()},
        industry_share=share,
    )
