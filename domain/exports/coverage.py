"""Coverage as CSV, for people who work in spreadsheets (UTF-8 with a BOM, which Excel needs
to read Chinese correctly)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from zhepai.domain.coverage.model import CoverageModel, Filters

BOM = "\ufeff"


def matrix_csv(
    model: CoverageModel, counties: Sequence[str], series: Sequence[str], filters: Filters
) -> str:
    """One row per county, one column per series; a cell is the number of counting bases
    that reach the pair (0: a gap)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["county_code", "county_name", "city_code", *series])
    cells = model.matrix(counties, series, filters)
    for i, code in enumerate(counties):
        row = cells[i * len(series) : (i + 1) * len(series)]
        county = model.counties[code]
        writer.writerow([code, county.name, county.city_code, *(c.base_count for c in row)])
    return BOM + out.getvalue()


def gaps_csv(
    model: CoverageModel, counties: Sequence[str], series: Sequence[str], filters: Filters
) -> str:
    """The ranked gaps with their demand factors and nearest base."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    factor_names = [f.name.lower() for f in model.factors(counties[0], series[0])] if (
        counties and series
    ) else []  # fmt: skip
    writer.writerow(
        ["rank", "county_code", "county_name", "series_code", "series_name", "demand",
         *factor_names, "nearest_base_id"]
    )  # fmt: skip
    for gap in model.gaps(counties, series, filters):
        writer.writerow(
            [gap.rank, gap.county, model.counties[gap.county].name, gap.series,
             model.series[gap.series].name, f"{gap.demand:g}",
             *(f"{f.value:g}" for f in model.factors(gap.county, gap.series)),
             model.nearest_base(gap.county, gap.series) or ""]
        )  # fmt: skip
    return BOM + out.getvalue()
