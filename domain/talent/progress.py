"""Progress against the plan's 2025 targets, for the province or any city or county, and where
the current pace leads.

Every target of the plan (seeds/plan.yaml) is reported with the actual figure the store can
give and how it is counted:

- SKILLED_WORKERS, HIGH_SKILLED_WORKERS: distinct persons (``talent/cells.py``);
- NEW_SKILLED_WORKERS: persons who became skilled in a year of the plan period (2022–2025);
- HIGH_SKILLED_SHARE_OF_SKILLED: high-skilled / skilled;
- SKILLED_SHARE_OF_EMPLOYED: skilled / the employed population of the region, from the
  region statistics (``zhepai import region-stats``); without them the actual is null and the
  note says so;
- the base targets (villages, lead enterprises, training bases by level): active bases.

The targets are the province's. For a city or a county the actual is the region's own and a
count target is shown for scale only (``met`` and ``onTrack`` null); a ratio target applies
as it stands.

**Projection** (``projected``, ``onTrack``, ``projectionMethod``): the figure expected at the
end of the target's year at the pace of the last complete years. A count of persons is carried
forward by its average yearly change over the last ``PACE_YEARS`` complete years (fewer when
the data begin later, but at least two changes: three year-ends); new skilled workers add the
average yearly number of the same years to those counted so far; a ratio is the ratio of the
projected counts (employed persons: their latest figure, held constant). A target whose year
is already over is "projected" as its actual year-end figure. Too few complete years, or a
target with no yearly history (bases), gives null and the reason in ``note``.

**Small counts** (``threshold``: callers without the researcher role, as ``talentStats``): a
count of persons below the threshold (1–4 by default) is withheld, and with it every figure
computed from it — a ratio whose numerator or denominator is small, the plan period's new
skilled persons when one of its years is small (with the trend's other years the sum gives
it back), and the projections of persons when any year-end or yearly count of the region's
history is small (a projection and its stated yearly step would give such a count back).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from zhepai.domain.talent.columns import HIGH, NEW, SKILLED
from zhepai.domain.talent.stats import TalentModel
from zhepai.graph.records import BaseRecord, TargetRecord
from zhepai.graph.region_stats import Figure, RegionStatRow

PLAN_START, PLAN_END = 2022, 2025
PACE_YEARS = 3  # the yearly changes averaged: the last three complete years
MIN_YEAR_ENDS = 3  # complete years needed for a pace: two yearly changes at least

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
    projected: float | None = None
    on_track: bool | None = None
    projection_method: str | None = None
    applies: bool = True  # the region's own target (False: a count of the province's, for scale)


def _met(actual: float, target: float, comparator: str) -> bool:
    return actual > target if comparator == ">" else actual >= target


@dataclass(frozen=True, slots=True)
class ProgressInputs:
    model: TalentModel
    region_stats: Sequence[RegionStatRow]
    bases: Sequence[BaseRecord]
    targets: Sequence[TargetRecord]


def employed(
    stats: Iterable[RegionStatRow], region: str, counties: frozenset[str]
) -> tuple[int, int, str] | None:
    """(employed persons, year, source) for the region: its own latest figure, or else the
    sum of its counties' figures for the latest year every county has."""
    figures = [(s.region, s.year, s.employed) for s in stats if s.series is None and s.employed]
    own = [(year, f) for code, year, f in figures if code == region]
    if own:
        year, latest = max(own, key=lambda pair: pair[0])
        return latest.value, year, latest.source
    by_year: dict[int, dict[str, Figure]] = {}
    for code, year, figure in figures:
        if code in counties:
            by_year.setdefault(year, {})[code] = figure
    complete = [y for y, found in by_year.items() if set(found) == counties]
    if not complete or len(counties) == 0:
        return None
    year = max(complete)
    found = by_year[year].values()
    sources = sorted({f.source for f in found})
    return sum(f.value for f in found), year, "; ".join(sources)


@dataclass(frozen=True, slots=True)
class Pace:
    """Year-end skilled and high-skilled counts and yearly new skilled persons of a region,
    for the complete years ``origin`` … ``last``, the pace taken over ``first`` … ``last``,
    the data beginning in ``data_from``; ``why`` says why there is no pace."""

    first: int
    last: int
    skilled: list[int]
    high: list[int]
    new: list[int]
    why: str | None
    origin: int = 0
    data_from: int = 0

    def at(self, series: list[int], year: int) -> int:
        return series[year - self.origin]

    def _window(self) -> int:
        return min(PACE_YEARS, self.last - self.first)

    def stock(self, series: list[int], year: int) -> tuple[float, str]:
        """The count at the end of ``year`` and how it was reached."""
        if year <= self.last:
            return float(self.at(series, year)), f"{year} 年已结束：取该年年末实际数"
        k = self._window()
        step = (self.at(series, self.last) - self.at(series, self.last - k)) / k
        value = self.at(series, self.last) + step * (year - self.last)
        return value, (
            f"线性外推：按 {self.last - k}–{self.last} 年年末数的年均变化"
            f"（每年 {step:+,.0f} 人）推至 {year} 年末"
        )

    def flow_total(self, start: int, year: int) -> tuple[float, str]:
        """New skilled persons from ``start`` to the end of ``year``."""
        counted = sum(self.at(self.new, y) for y in range(start, min(year, self.last) + 1))
        if year <= self.last:
            return float(counted), f"{year} 年已结束：取 {start}–{year} 年的实际数"
        k = self._window()
        step = sum(self.at(self.new, y) for y in range(self.last - k + 1, self.last + 1)) / k
        return counted + step * (year - self.last), (
            f"{start}–{self.last} 年实际数，加 {self.last - k + 1}–{self.last} 年的年均新增"
            f"（每年 {step:,.0f} 人）乘以至 {year} 年末的剩余年数"
        )


def pace(model: TalentModel, region_code: str, today: date) -> Pace:
    last = today.year - 1
    span = model.years
    if span is None or span[0] > last:
        return Pace(last, last, [], [], [], "尚无完整年度的证书数据，无法预测")
    first = max(span[0], last - PACE_YEARS)
    ends = last - first + 1
    if ends < MIN_YEAR_ENDS:
        return Pace(
            first, last, [], [], [],
            f"数据年份不足：只有 {ends} 个完整年度（{first}–{last} 年）的年末数，"
            f"预测至少需要 {MIN_YEAR_ENDS} 个",
        )  # fmt: skip
    # the plan-period sums need the years from its start too
    start = min(first, PLAN_START)
    yearly = model.yearly(region_code, start, last).totals
    return Pace(
        first,
        last,
        [int(v) for v in yearly[:, SKILLED]],
        [int(v) for v in yearly[:, HIGH]],
        [int(v) for v in yearly[:, NEW]],
        None,
        start,
        span[0],
    )


def _join(*notes: str | None) -> str | None:
    kept = [n for n in notes if n]
    return "；".join(kept) if kept else None


WITHHELD = "人数过少（或可由此推算出过少的人数），不予公布"
PERSON_TARGETS = frozenset(
    {"SKILLED_WORKERS", "HIGH_SKILLED_WORKERS", "NEW_SKILLED_WORKERS",
     "HIGH_SKILLED_SHARE_OF_SKILLED", "SKILLED_SHARE_OF_EMPLOYED"}
)  # fmt: skip


def _small(counts: Iterable[int], threshold: int | None) -> bool:
    return threshold is not None and any(0 < n < threshold for n in counts)


def progress(
    inputs: ProgressInputs,
    region_code: str,
    today: date | None = None,
    threshold: int | None = None,
) -> list[Progress]:
    """Every target's progress; with ``threshold``, small counts withheld (module docstring)."""
    today = today or date.today()
    model = inputs.model
    counties = model.counties_in(region_code)
    whole = region_code == model.province.code
    figures, _ = model.figures(region_code)
    plan = model.yearly(region_code, PLAN_START, PLAN_END).totals
    new_skilled = int(plan[:, NEW].sum())
    work = employed(inputs.region_stats, region_code, counties)
    trend = pace(model, region_code, today)
    small_history = _small([*trend.skilled, *trend.high, *trend.new], threshold)
    small_now = {
        "SKILLED_WORKERS": _small([figures.skilled], threshold),
        "HIGH_SKILLED_WORKERS": _small([figures.high_skilled], threshold),
        # the sum and each year of it: with the trend's published years, a year could be
        # worked out from the sum
        "NEW_SKILLED_WORKERS": _small([new_skilled, *(int(n) for n in plan[:, NEW])], threshold),
        "HIGH_SKILLED_SHARE_OF_SKILLED": _small([figures.skilled, figures.high_skilled], threshold),
        "SKILLED_SHARE_OF_EMPLOYED": _small([figures.skilled], threshold),
    }
    out: list[Progress] = []
    for t in inputs.targets:
        actual: float | None
        note: str | None = None
        projected: float | None = None
        method: str | None = None
        why = trend.why
        match t.code:
            case "SKILLED_WORKERS":
                actual = figures.skilled
                if why is None:
                    projected, method = trend.stock(trend.skilled, t.year)
            case "HIGH_SKILLED_WORKERS":
                actual = figures.high_skilled
                if why is None:
                    projected, method = trend.stock(trend.high, t.year)
            case "NEW_SKILLED_WORKERS":
                actual = new_skilled
                note = f"{PLAN_START}–{PLAN_END} 年间成为技能人才的人数"
                if why is None and trend.data_from > PLAN_START:
                    why = f"缺少 {PLAN_START} 年以来的逐年数据，无法预测"
                if why is None:
                    projected, method = trend.flow_total(PLAN_START, t.year)
            case "HIGH_SKILLED_SHARE_OF_SKILLED":
                actual = figures.high_skilled / figures.skilled if figures.skilled else None
                note = None if figures.skilled else "尚无技能人才数据"
                if why is None:
                    skilled, _ = trend.stock(trend.skilled, t.year)
                    high, _ = trend.stock(trend.high, t.year)
                    projected = high / skilled if skilled > 0 else None
                    method = f"高技能人才数与技能人才数各自推至 {t.year} 年末后之比"
                    if projected is None:
                        why = f"推算的 {t.year} 年末技能人才数不为正，无法计算比例"
            case "SKILLED_SHARE_OF_EMPLOYED":
                if work is None:
                    actual = None
                    note = "本地区无就业人数数据：请用 `zhepai import region-stats` 导入"
                    why = why or "无就业人数数据，无法预测"
                else:
                    actual = figures.skilled / work[0] if work[0] else None
                    note = f"就业人数：{work[0]}（{work[1]} 年，{work[2]}）"
                    if why is None and work[0]:
                        skilled, _ = trend.stock(trend.skilled, t.year)
                        projected = skilled / work[0]
                        method = (
                            f"技能人才数推至 {t.year} 年末，除以最新就业人数"
                            f"（{work[1]} 年，视为不变）"
                        )
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
                note = "本地区现有的在册基地数"
                why = "基地没有逐年记录，不作预测"
            case _:
                actual = None
                note = "本服务不统计此项"
                why = "本服务不统计此项，不作预测"
        if t.code in PERSON_TARGETS and small_now[t.code]:
            actual, note = None, WITHHELD
        if t.code in PERSON_TARGETS and small_history and projected is not None:
            projected, why = None, "本地区逐年人数中有过少的数，不予推算"
        ratio = actual / t.value if actual is not None and t.value else None
        is_ratio = t.unit == "ratio"
        met = _met(actual, t.value, t.comparator) if actual is not None else None
        on_track = _met(projected, t.value, t.comparator) if projected is not None else None
        if not whole and not is_ratio:
            met = on_track = None
            note = _join(note, "目标为全省目标，实际数为本地区的数，仅供参照")
        if projected is None:
            note = _join(note, f"无预测：{why}" if why else None)
            method = None
        out.append(
            Progress(
                t.code, t.name, t.value, t.unit, t.comparator, t.year, actual, ratio, met, note,
                projected, on_track, method, whole or is_ratio,
            )
        )  # fmt: skip
    return out
