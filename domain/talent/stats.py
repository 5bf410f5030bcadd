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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from zhepai.domain.talent.cells import BUCKETS, SPECIALTY, is_high_skilled
from zhepai.graph.talent import CellRow


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
        self._columns = _Columns(self)

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
        return self._columns.figures(counties, group_by, industry_code, series_code, self._order)

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


class _Columns:
    """The counters as columns, so that a question is a mask and a grouped sum in NumPy.

    Cell by cell in Python, a province-wide table over every populated county × series ×
    level cell (up to about 30,000) took tens of milliseconds, and grew as more workers
    populated more cells; as columns it takes a fraction of a millisecond."""

    def __init__(self, model: TalentModel) -> None:
        cells = model.cells
        self.codes: dict[Dimension, list[str]] = {}
        self.index: dict[Dimension, npt.NDArray[np.int64]] = {}
        places = model.counties
        infos = [model.series.get(c.series) for c in cells]
        for dimension, values in (
            (Dimension.COUNTY, [c.county for c in cells]),
            (Dimension.CITY, [places[c.county].city if c.county in places else "" for c in cells]),
            (Dimension.SERIES, [c.series for c in cells]),
            (Dimension.INDUSTRY, [i.industry if i is not None else "" for i in infos]),
            (Dimension.LEVEL, [c.level for c in cells]),
        ):
            codes = sorted(set(values))
            position = {code: i for i, code in enumerate(codes)}
            self.codes[dimension] = codes
            self.index[dimension] = np.fromiter(
                (position[v] for v in values), dtype=np.int64, count=len(values)
            )
        # per cell: persons, high-skilled persons, certificates
        self.values = np.array(
            [(c.persons, c.persons if is_high_skilled(c.level) else 0, c.certificates)
             for c in cells],
            dtype=np.int64,
        ).reshape(len(cells), 3)  # fmt: skip

    def _only(self, dimension: Dimension, code: str) -> npt.NDArray[np.bool_]:
        codes = self.codes[dimension]
        if code not in codes:
            return np.zeros(len(self.values), dtype=np.bool_)
        matches: npt.NDArray[np.bool_] = self.index[dimension] == codes.index(code)
        return matches

    def figures(
        self,
        counties: frozenset[str],
        group_by: Sequence[Dimension],
        industry_code: str | None,
        series_code: str | None,
        order: Callable[[Sequence[Dimension], tuple[str, ...]], tuple[object, ...]],
    ) -> tuple[Figures, list[tuple[tuple[str, ...], Figures]]]:
        """Totals and non-zero groups of the cells in ``counties`` (and the series or
        industry), groups in ``order``."""
        county_codes = self.codes[Dimension.COUNTY]
        wanted = np.fromiter((c in counties for c in county_codes), np.bool_, len(county_codes))
        mask = wanted[self.index[Dimension.COUNTY]]
        if series_code is not None:
            mask &= self._only(Dimension.SERIES, series_code)
        if industry_code is not None:
            mask &= self._only(Dimension.INDUSTRY, industry_code)
        values = self.values[mask]
        summed = values.sum(axis=0)
        total = Figures(*(int(v) for v in summed))
        if not group_by:
            return total, [((), total)] if summed.any() else []
        # one integer per group: the groupBy positions as digits of a mixed-radix number
        key = np.zeros(len(values), dtype=np.int64)
        for d in group_by:
            key = key * len(self.codes[d]) + self.index[d][mask]
        keys, inverse = np.unique(key, return_inverse=True)
        # float weights are exact for counts below 2**53
        sums = np.stack(
            [np.bincount(inverse, weights=values[:, j], minlength=len(keys)) for j in range(3)],
            axis=1,
        ).astype(np.int64)
        groups = []
        for combined, row in zip(keys.tolist(), sums.tolist(), strict=True):
            if not any(row):
                continue
            parts: list[str] = []
            rest = combined
            for d in reversed(group_by):
                rest, i = divmod(rest, len(self.codes[d]))
                parts.append(self.codes[d][i])
            groups.append((tuple(reversed(parts)), Figures(*row)))
        groups.sort(key=lambda g: order(group_by, g[0]))
        return total, groups


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
