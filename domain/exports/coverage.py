"""Coverage as CSV, for people who work in spreadsheets (UTF-8 with a BOM, which Excel needs
to read Chinese correctly)."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence

from zhepai.domain.coverage.geo import ADMINISTRATIVE, DISTANCE, Reach
from zhepai.domain.coverage.model import CoverageModel, Terms, Weights

BOM = "\ufeff"


def matrix_csv(
    model: CoverageModel,
    counties: Sequence[str],
    series: Sequence[str],
    terms: Terms,
) -> str:
    """One row per county, one column per series; a cell is the number of counting bases
    that reach the pair (0: a gap)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["county_code", "county_name", "city_code", *series])
    cells = model.matrix(counties, series, terms)
    for i, code in enumerate(counties):
        row = cells[i * len(series) : (i + 1) * len(series)]
        county = model.counties[code]
        writer.writerow([code, county.name, county.city_code, *(c.base_count for c in row)])
    return BOM + out.getvalue()


def gaps_csv(
    model: CoverageModel,
    counties: Sequence[str],
    series: Sequence[str],
    terms: Terms,
) -> str:
    """The ranked gaps with their demand factors and nearest base."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    factor_names = [f.name.lower() for f in model.factors(counties[0], series[0])] if (
        counties and series
    ) else []  # fmt: skip
    writer.writerow(
        ["rank", "county_code", "county_name", "series_code", "series_name", "demand",
         *factor_names, "nearest_base_id", "nearest_base_km"]
    )  # fmt: skip
    for gap in model.gaps(counties, series, terms):
        nearest = model.nearest_base(gap.county, gap.series)
        km = nearest[1] if nearest else None
        writer.writerow(
            [gap.rank, gap.county, model.counties[gap.county].name, gap.series,
             model.series[gap.series].name, f"{gap.demand:g}",
             *(f"{f.value:g}" for f in model.factors(gap.county, gap.series, terms.weights)),
             nearest[0] if nearest else "", f"{km:.1f}" if km is not None else ""]
        )  # fmt: skip
    return BOM + out.getvalue()


def _pairs(argument: str, text: str, names: dict[str, str], top: float) -> dict[str, float]:
    """``county:40,city:80`` -> {"county_km": 40.0, ...}; ValueError names what is wrong."""
    found: dict[str, float] = {}
    for part in (p for p in text.split(",") if p.strip()):
        key, _, value = part.partition(":")
        if key.strip() not in names:
            raise ValueError(f"{argument}: 未知的项 {key.strip()!r}（可用：{', '.join(names)}）")
        try:
            number = float(value)
        except ValueError:
            raise ValueError(f"{argument}: {key.strip()} 须为数字") from None
        if not math.isfinite(number) or not 0 <= number <= top:
            raise ValueError(f"{argument}: {key.strip()} 须在 0 到 {top:g} 之间")
        found[names[key.strip()]] = number
    return found


def reach_from(mode: str | None, km: str | None) -> Reach:
    """The export's ``reach`` and ``reachKm`` (``county:40,city:80,province:150``)."""
    mode = mode or DISTANCE
    if mode not in (DISTANCE, ADMINISTRATIVE):
        raise ValueError(f"reach: 须为 {DISTANCE} 或 {ADMINISTRATIVE}")
    if mode == ADMINISTRATIVE:
        if km:
            raise ValueError("reachKm: 只在 reach 为 DISTANCE 时适用")
        return Reach(ADMINISTRATIVE)
    names = {"county": "county_km", "city": "city_km", "province": "province_km"}
    return Reach(DISTANCE, **_pairs("reachKm", km or "", names, 1000.0))


def weights_from(text: str | None) -> Weights:
    """The export's ``demandWeights`` (``workers:0,specialties:50``)."""
    names = {
        "workers": "workers",
        "specialties": "specialties",
        "leadEnterprises": "lead_enterprises",
        "employment": "employment",
        "workingAge": "working_age",
        "newSkilledTarget": "new_skilled_target",
        "base": "base",
    }
    return Weights(**_pairs("demandWeights", text or "", names, 1_000_000.0))
