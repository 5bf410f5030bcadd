"""The counters as NumPy columns, so that a statistics question is a mask and a grouped sum.

Cell by cell in Python, a province-wide table over every populated county × series × level
cell took tens of milliseconds, and grew as more workers populated more cells; as columns it
takes a fraction of a millisecond. With years the counters are several times as many, so a
question that does not need every dimension is answered from a rollup over the ones it needs
(a trend by city needs counties and years only), built on first use and kept with the model.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from zhepai.domain.talent.cells import is_high_skilled
from zhepai.graph.talent import FlowRow

type Ints = npt.NDArray[np.int64]
type Order = Callable[[Sequence["Dimension"], tuple[str, ...]], tuple[object, ...]]


class Dimension(enum.StrEnum):
    CITY = "CITY"
    COUNTY = "COUNTY"
    INDUSTRY = "INDUSTRY"
    SERIES = "SERIES"
    LEVEL = "LEVEL"


@dataclass(frozen=True, slots=True)
class Figures:
    skilled: int
    high_skilled: int
    certificates: int


# Columns of the values: the stocks first (summed up to a year's end), then the year's flows
SKILLED, HIGH, CERTIFICATES, NEW, NEW_HIGH, ISSUED = range(6)
_STOCKS = [SKILLED, HIGH, CERTIFICATES]


@dataclass(frozen=True, slots=True)
class Yearly:
    """Per year from ``first``: the year-end stocks (skilled, high-skilled, certificates in
    force) and the year's flows (new skilled, new high-skilled, certificates issued), in
    total and for each group that has any."""

    first: int
    totals: Ints  # years × 6 (SKILLED … ISSUED)
    groups: list[tuple[tuple[str, ...], Ints]]  # each years × 6


@dataclass(frozen=True, slots=True)
class _View:
    """Counters (summed over the dimensions left out): each one's position in the codes of
    the dimensions kept, its year and its values."""

    index: dict[Dimension, Ints]
    year: Ints
    values: Ints  # n × 6


class Columns:
    """The counters of a model: ``base`` holds each as read, ``years`` the first and last
    year any changed in."""

    def __init__(
        self,
        cells: Sequence[FlowRow],
        city_of: Mapping[str, str],
        industry_of: Mapping[str, str],
    ) -> None:
        self.codes: dict[Dimension, list[str]] = {}
        index: dict[Dimension, Ints] = {}
        for dimension, values in (
            (Dimension.COUNTY, [c.county for c in cells]),
            (Dimension.CITY, [city_of.get(c.county, "") for c in cells]),
            (Dimension.SERIES, [c.series for c in cells]),
            (Dimension.INDUSTRY, [industry_of.get(c.series, "") for c in cells]),
            (Dimension.LEVEL, [c.level for c in cells]),
        ):
            codes = sorted(set(values))
            position = {code: i for i, code in enumerate(codes)}
            self.codes[dimension] = codes
            index[dimension] = np.fromiter(
                (position[v] for v in values), dtype=np.int64, count=len(values)
            )
        counts: Ints = np.array(
            [(c.persons, c.persons if is_high_skilled(c.level) else 0, c.certificates,
              c.entered, c.entered_high, c.issued)
             for c in cells],
            dtype=np.int64,
        ).reshape(len(cells), 6)  # fmt: skip
        year = np.fromiter((c.year for c in cells), dtype=np.int64, count=len(cells))
        self.base = _View(index, year, counts)
        self.years = (int(year.min()), int(year.max())) if len(cells) else None
        self._views: dict[frozenset[Dimension], _View] = {}

    def _view(self, needed: set[Dimension]) -> _View:
        """The counters summed over every dimension but ``needed`` (and the year)."""
        kept = frozenset(needed)
        if len(kept) == len(Dimension) or self.years is None:
            return self.base
        view = self._views.get(kept)
        if view is not None:
            return view
        base, first = self.base, self.years[0]
        span = self.years[1] - first + 1
        dims = sorted(kept)
        key = np.zeros(len(base.year), dtype=np.int64)
        for d in dims:
            key = key * len(self.codes[d]) + base.index[d]
        key = key * span + (base.year - first)
        keys, inverse = np.unique(key, return_inverse=True)
        inverse = inverse.reshape(-1)
        # float weights are exact for counts below 2**53
        values = np.stack(
            [np.bincount(inverse, weights=base.values[:, j], minlength=len(keys))
             for j in range(6)],
            axis=1,
        ).astype(np.int64)  # fmt: skip
        rest, year = np.divmod(keys, span)
        index: dict[Dimension, Ints] = {}
        for d in reversed(dims):
            rest, index[d] = np.divmod(rest, len(self.codes[d]))
        view = self._views[kept] = _View(index, year + first, values)
        return view

    def figures(
        self,
        counties: frozenset[str],
        group_by: Sequence[Dimension],
        industry_code: str | None,
        series_code: str | None,
        order: Order,
        until: int | None = None,
    ) -> tuple[Figures, list[tuple[tuple[str, ...], Figures]]]:
        """Totals and non-zero groups of the cells in ``counties`` (and the series or
        industry), today or at the end of the year ``until``, groups in ``order``."""
        view = self._view(_needed(group_by, industry_code, series_code))
        mask = self._mask(view, counties, industry_code, series_code)
        if until is not None:
            mask &= view.year <= until
        values = view.values[mask][:, _STOCKS]
        summed = values.sum(axis=0)
        total = Figures(*(int(v) for v in summed))
        if not group_by:
            return total, [((), total)] if summed.any() else []
        keys, inverse = self._groups(view, mask, group_by)
        sums = np.stack(
            [np.bincount(inverse, weights=values[:, j], minlength=len(keys)) for j in range(3)],
            axis=1,
        ).astype(np.int64)
        groups = [
            (self._key(combined, group_by), Figures(*row))
            for combined, row in zip(keys.tolist(), sums.tolist(), strict=True)
            if any(row)
        ]
        groups.sort(key=lambda g: order(group_by, g[0]))
        return total, groups

    def yearly(
        self,
        counties: frozenset[str],
        group_by: Sequence[Dimension],
        industry_code: str | None,
        series_code: str | None,
        order: Order,
        first: int,
        last: int,
    ) -> Yearly:
        view = self._view(_needed(group_by, industry_code, series_code))
        mask = self._mask(view, counties, industry_code, series_code) & (view.year <= last)
        values = view.values[mask]
        years = last - first + 1
        # slot 0 gathers every year before ``first``: only the stocks need it
        slot = np.clip(view.year[mask] - first + 1, 0, years)
        keys, inverse = self._groups(view, mask, group_by)
        cells = len(keys) * (years + 1)
        combined = inverse * (years + 1) + slot
        sums = np.stack(
            [np.bincount(combined, weights=values[:, j], minlength=cells) for j in range(6)],
            axis=1,
        ).astype(np.int64).reshape(len(keys), years + 1, 6)  # fmt: skip
        sums[:, :, _STOCKS] = np.cumsum(sums[:, :, _STOCKS], axis=1)
        per_group = sums[:, 1:, :]
        groups = [
            (self._key(k, group_by), per_group[i])
            for i, k in enumerate(keys.tolist())
            if per_group[i].any()
        ]
        groups.sort(key=lambda g: order(group_by, g[0]))
        totals = per_group.sum(axis=0) if len(keys) else np.zeros((years, 6), dtype=np.int64)
        return Yearly(first, totals, groups if group_by else [])

    def _mask(
        self,
        view: _View,
        counties: frozenset[str],
        industry_code: str | None,
        series_code: str | None,
    ) -> npt.NDArray[np.bool_]:
        county_codes = self.codes[Dimension.COUNTY]
        wanted = np.fromiter((c in counties for c in county_codes), np.bool_, len(county_codes))
        mask: npt.NDArray[np.bool_] = wanted[view.index[Dimension.COUNTY]]
        for dimension, code in (
            (Dimension.SERIES, series_code),
            (Dimension.INDUSTRY, industry_code),
        ):
            if code is not None:
                codes = self.codes[dimension]
                if code not in codes:
                    mask &= False
                else:
                    mask &= view.index[dimension] == codes.index(code)
        return mask

    def _groups(
        self, view: _View, mask: npt.NDArray[np.bool_], group_by: Sequence[Dimension]
    ) -> tuple[Ints, Ints]:
        """The distinct groups of the masked counters and each counter's group: one integer
        per group, the groupBy positions as digits of a mixed-radix number."""
        key = np.zeros(int(mask.sum()), dtype=np.int64)
        for d in group_by:
            key = key * len(self.codes[d]) + view.index[d][mask]
        keys, inverse = np.unique(key, return_inverse=True)
        return keys, inverse.reshape(-1)

    def _key(self, combined: int, group_by: Sequence[Dimension]) -> tuple[str, ...]:
        parts: list[str] = []
        rest = combined
        for d in reversed(group_by):
            rest, i = divmod(rest, len(self.codes[d]))
            parts.append(self.codes[d][i])
        return tuple(reversed(parts))


type Table = tuple[Figures, list[tuple[tuple[str, ...], Figures]]]


def added(a: Table, b: Table, group_by: Sequence[Dimension], order: Order) -> Table:
    """Two tables' figures summed, total and group by group; groups left at zero dropped."""
    sums: dict[tuple[str, ...], Figures] = {}
    for key, f in (*a[1], *b[1]):
        sums[key] = _plus(sums[key], f) if key in sums else f
    groups = [(k, f) for k, f in sums.items() if f.skilled or f.high_skilled or f.certificates]
    groups.sort(key=lambda g: order(group_by, g[0]))
    return _plus(a[0], b[0]), groups


def _plus(a: Figures, b: Figures) -> Figures:
    return Figures(
        a.skilled + b.skilled, a.high_skilled + b.high_skilled, a.certificates + b.certificates
    )


def _needed(
    group_by: Sequence[Dimension], industry_code: str | None, series_code: str | None
) -> set[Dimension]:
    needed = {Dimension.COUNTY, *group_by}
    if industry_code is not None:
        needed.add(Dimension.INDUSTRY)
    if series_code is not None:
        needed.add(Dimension.SERIES)
    return needed
