"""Progress against the plan's 2025 targets, for the province or any city or county.

Every target of the plan (seeds/plan.yaml) is reported with the actual figure the store can
give and how it is counted:

- SKILLED_WORKERS, HIGH_SKILLED_WORKERS: distinct persons (``talent/cells.py``);
- NEW_SKILLED_WORKERS: persons who became skilled within the plan period (2022–2025);
- HIGH_SKILLED_SHARE_OF_SKILLED: high-skilled / skilled;
- SKILLED_SHARE_OF_EMPLOYED: skilled / the employed population of the region, from the
  region statistics (``zhepai import region-stats``); without them the actual is null and the
  note says so;
- the base targets (villages, lead enterprises, training bases by level): active bases.

The targets are the province's. For a city or a county the actual is the region's own and a
count target is shown for scale only (``met`` null); a ratio target applies as it stands.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from zhepai.domain.talent.stats import TalentModel
from zhepai.graph.records import BaseRecord, TargetRecord
from zhepai.graph.talent import EntryRow, RegionStatRow

PLAN_START, PLAN_END = 2022, 2025

# target code -> (base kind, base level) counted for it
BASE_TARGETS: Mapping[str, tuple[str, str | None]] = {
    "CHARACTERISTIC_VILLAGES": ("CHARACTERISTIC_VILLAGE", None),
    "LEAD_ENTERPRISES": ("LEAD_ENTERPRISE", None),
    "PROVINCE_TRAINING_BASES": ("TRAINING_BASE", "PROVINCE"),
    "CITY_TRAINING_BASES": ("TRAINING_BASE", "CITY"),
    "COUNTY_TRAINING_BASES": ("TRAINING_BASE", "COUNTY"),
}


@dataclass(frozen=True, slots=True)
class Progress:
    code: str
    name: str
    target: float
    unit: str
    comparator: str
    year: int
    actual: float | None
    ratio: float | None  # actual / target
    met: bool | None
    note: str | None


def _met(actual: float, target: float, comparator: str) -> bool:
    return actual > target if comparator == ">" else actual >= target


@dataclass(frozen=True, slots=True)
class ProgressInputs:
    model: TalentModel
    entries: Sequence[EntryRow]
    region_stats: Sequence[RegionStatRow]
    bases: Sequence[BaseRecord]
    targets: Sequence[TargetRecord]


def employed(
    stats: Iterable[RegionStatRow], region: str, counties: frozenset[str]
) -> tuple[int, int, str] | None:
    """(employed persons, year, source) for the region: its own latest figure, or else the
    sum of its counties' figures for the latest year every county has."""
    own = [s for s in stats if s.region == region]
    if own:
        latest = max(own, key=lambda s: s.year)
        return latest.employed, latest.year, latest.source
    by_year: dict[int, list[RegionStatRow]] = {}
    for s in stats:
        if s.region in counties:
            by_year.setdefault(s.year, []).append(s)
    complete = [y for y, rows in by_year.items() if {r.region for r in rows} == counties]
    if not complete or len(counties) == 0:
        return None
    year = max(complete)
    rows = by_year[year]
    sources = sorted({r.source for r in rows})
    return sum(r.employed for r in rows), year, "; ".join(sources)


def progress(inputs: ProgressInputs, region_code: str) -> list[Progress]:
    model = inputs.model
    counties = model.counties_in(region_code)
    whole = region_code == model.province.code
    figures, _ = model.figures(region_code)
    new_skilled = sum(
        e.persons
        for e in inputs.entries
        if e.county in counties and PLAN_START <= e.year <= PLAN_END
    )
    work = employed(inputs.region_stats, region_code, counties)
    out: list[Progress] = []
    for t in inputs.targets:
        actual: float | None
        note: str | None = None
        match t.code:
            case "SKILLED_WORKERS":
                actual = figures.skilled
            case "HIGH_SKILLED_WORKERS":
                actual = figures.high_skilled
            case "NEW_SKILLED_WORKERS":
                actual = new_skilled
                note = f"persons who became skilled in {PLAN_START}–{PLAN_END}"
            case "HIGH_SKILLED_SHARE_OF_SKILLED":
                actual = figures.high_skilled / figures.skilled if figures.skilled else None
                note = None if figures.skilled else "no skilled workers stored yet"
            case "SKILLED_SHARE_OF_EMPLOYED":
                if work is None:
                    actual = None
                    note = (
                        "no employed-population figure for this region: load one with "
                        "`zhepai import region-stats`"
                    )
                else:
                    actual = figures.skilled / work[0] if work[0] else None
                    note = f"employed persons: {work[0]} ({work[1]}, {work[2]})"
            case code if code in BASE_TARGETS:
                kind, level = BASE_TARGETS[code]
                actual = sum(
                    1
                    for b in inputs.bases
                    if b.kind == kind
                    and b.level == level
                    and b.region_code in counties
                    and b.status == "ACTIVE"
                )
                note = "active bases standing in the region"
            case _:
                actual = None
                note = "not measured by this service"
        ratio = actual / t.value if actual is not None and t.value else None
        is_ratio = t.unit == "ratio"
        met = _met(actual, t.value, t.comparator) if actual is not None else None
        if not whole and not is_ratio:
            met = None
            scale = "the target is the province's; the actual is this region's"
            note = f"{note}; {scale}" if note else scale
        out.append(
            Progress(
                t.code, t.name, t.value, t.unit, t.comparator, t.year, actual, ratio, met, note
            )
        )
    return out
