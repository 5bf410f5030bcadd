"""Talent statistics from the counters: totals and groups for any region and series filter.

The counters (``talent/cells.py``) hold at most counties × series × levels numbers, so the
whole table is kept in memory between requests (``talent/service.py``) and every question is
answered by summing it: the cost does not depend on how many workers are stored.

Small cells: published counts from 1 to ``threshold - 1`` are withheld (null, with
``suppressed``), as statistics offices do, for callers who may not see them. When a single
group of a table is withheld, the next smallest is withheld too, so that the total minus the
others cannot give it away.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from graph.talent import CellRow
from talent.cells import BUCKETS, SPECIALTY, is_high_skilled


class Dimension(enum.StrEnum):
    CITY = "CITY"
    COUNTY = "COUNTY"
    INDUSTRY = "INDUSTRY"
    SERIES = "SERIES"
    LEVEL = "LEVEL"


@dataclass(frozen=True, slots=True)
class Place:
    code: str
    name: str
    city: str  # the county's city code


@dataclass(frozen=True, slots=True)
class Named:
    code: str
    name: str
    industry: str = ""  # for series: its industry code


@dataclass(frozen=True, slots=True)
class Figures:
    skilled: int
    high_skilled: int
    certificates: int


@dataclass(frozen=True, slots=True)
class Shown:
    """A figure as published: None when withheld."""

    skilled: int | None
    high_skilled: int | None
    certificates: int | None

    @property
    def suppressed(self) -> bool:
        return self.skilled is None or self.high_skilled is None or self.certificates is None


@dataclass(frozen=True, slots=True)
class Group:
    key: tuple[str, ...]
    label: tuple[str, ...]
    figures: Shown


@dataclass(frozen=True, slots=True)
class TalentTable:
    total: Shown
    groups: tuple[Group, ...]


class UnknownCode(ValueError):
    def __init__(self, argument: str, value: str) -> None:
        super().__init__(f"{argument}: no {argument.removesuffix('Code')} {value!r}")
        self.argument = argument
        self.value = value


class TalentModel:
    """The counters with the catalogue and regions needed to filter and label them."""

    def __init__(
        self,
        cells: Iterable[CellRow],
        counties: Sequence[Place],
        cities: Sequence[Named],
        province: Named,
        series: Sequence[Named],
        industries: Sequence[Named],
        levels: Sequence[Named],
    ) -> None:
        self.cells = tuple(cells)
        self.counties = {c.code: c for c in counties}
        self.cities = {c.code: c for c in cities}
        self.province = province
        self.series = {s.code: s for s in series}
        self.industries = {i.code: i for i in industries}
        self.levels = {lv.code: lv for lv in levels}

    def counties_in(self, region_code: str) -> frozenset[str]:
        if region_code == self.province.code:
            return frozenset(self.counties)
        if region_code in self.cities:
            return frozenset(c for c, p in self.counties.items() if p.city == region_code)
        if region_code in self.counties:
            return frozenset({region_code})
        raise UnknownCode("regionCode", region_code)

    def figures(
        self,
        region_code: str,
        group_by: Sequence[Dimension] = (),
        industry_code: str | None = None,
        series_code: str | None = None,
    ) -> tuple[Figures, list[tuple[tuple[str, ...], Figures]]]:
        counties = self.counties_in(region_code)
        if industry_code is not None and industry_code not in self.industries:
            raise UnknownCode("industryCode", industry_code)
        if series_code is not None and series_code not in self.series:
            raise UnknownCode("seriesCode", series_code)
        sums: dict[tuple[str, ...], list[int]] = defaultdict(lambda: [0, 0, 0])
        total = [0, 0, 0]
        for cell in self.cells:
            if cell.county not in counties:
                continue
            if series_code is not None and cell.series != series_code:
                continue
            info = self.series.get(cell.series)
            if industry_code is not None and (info is None or info.industry != industry_code):
                continue
            high = cell.persons if is_high_skilled(cell.level) else 0
            add = (cell.persons, high, cell.certificates)
            key = tuple(self._key(d, cell) for d in group_by)
            group = sums[key]
            for i in range(3):
                group[i] += add[i]
                total[i] += add[i]
        groups = [
            (key, Figures(*values))
            for key, values in sorted(sums.items(), key=lambda kv: self._order(group_by, kv[0]))
            if any(values)
        ]
        return Figures(*total), groups

    def _key(self, dimension: Dimension, cell: CellRow) -> str:
        match dimension:
            case Dimension.COUNTY:
                return cell.county
            case Dimension.CITY:
                return self.counties[cell.county].city
            case Dimension.SERIES:
                return cell.series
            case Dimension.INDUSTRY:
                info = self.series.get(cell.series)
                return info.industry if info else ""
            case Dimension.LEVEL:
                return cell.level

    def _order(self, group_by: Sequence[Dimension], key: tuple[str, ...]) -> tuple[object, ...]:
        # levels in ladder order, everything else by code
        return tuple(
            BUCKETS.index(k) if d is Dimension.LEVEL and k in BUCKETS else k
            for d, k in zip(group_by, key, strict=True)
        )

    def label(self, dimension: Dimension, code: str) -> str:
        match dimension:
            case Dimension.COUNTY:
                return self.counties[code].name if code in self.counties else code
            case Dimension.CITY:
                return self.cities[code].name if code in self.cities else code
            case Dimension.SERIES:
                return self.series[code].name if code in self.series else code
            case Dimension.INDUSTRY:
                return self.industries[code].name if code in self.industries else code
            case Dimension.LEVEL:
                if code == SPECIALTY:
                    return "专项职业能力"
                return self.levels[code].name if code in self.levels else code

    def table(
        self,
        region_code: str,
        group_by: Sequence[Dimension] = (),
        industry_code: str | None = None,
        series_code: str | None = None,
        threshold: int | None = None,
    ) -> TalentTable:
        """The figures, with small cells withheld when ``threshold`` is given."""
        total, groups = self.figures(region_code, group_by, industry_code, series_code)
        shown = [_shown(f, threshold) for _, f in groups]
        if threshold is not None:
            shown = _protect([f for _, f in groups], shown)
        return TalentTable(
            total=_shown(total, threshold),
            groups=tuple(
                Group(key, tuple(self.label(d, k) for d, k in zip(group_by, key, strict=True)), s)
                for (key, _), s in zip(groups, shown, strict=True)
            ),
        )


def _withheld(value: int, threshold: int | None) -> int | None:
    return None if threshold is not None and 0 < value < threshold else value


def _shown(f: Figures, threshold: int | None) -> Shown:
    return Shown(
        _withheld(f.skilled, threshold),
        _withheld(f.high_skilled, threshold),
        _withheld(f.certificates, threshold),
    )


def _protect(figures: list[Figures], shown: list[Shown]) -> list[Shown]:
    """Secondary suppression: per measure, a lone withheld value takes the next smallest
    non-zero one with it (else total minus the rest would reveal it)."""
    out = list(shown)
    for measure in ("skilled", "high_skilled", "certificates"):
        hidden = [i for i, s in enumerate(out) if getattr(s, measure) is None]
        if len(hidden) != 1:
            continue
        candidates = [
            i for i, f in enumerate(figures) if i not in hidden and getattr(f, measure) > 0
        ]
        if not candidates:
            continue
        j = min(candidates, key=lambda i: getattr(figures[i], measure))
        s = out[j]
        out[j] = Shown(
            None if measure == "skilled" else s.skilled,
            None if measure == "high_skilled" else s.high_skilled,
            None if measure == "certificates" else s.certificates,
        )
    return out
