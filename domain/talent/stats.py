"""Talent statistics from the counters: totals and groups for any region and series filter,
today or on any past day (``talent/days.py``), and year by year (``talent/trend.py``).

The counters (``talent/cells.py``) hold at most counties × series × levels × years numbers,
so the whole table is kept in memory between requests (``talent/service.py``) and every
question is answered by summing it (``talent/columns.py``): the cost does not depend on how
many workers are stored.

Small cells: published counts from 1 to ``threshold - 1`` are withheld (null, with
``suppressed``), as statistics offices do, for callers who may not see them. When a single
group of a table is withheld, the next smallest is withheld too, so that the total minus the
others cannot give it away.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass

from zhepai.domain.answers import KeptAnswers
from zhepai.domain.talent.cells import BUCKETS, SPECIALTY
from zhepai.domain.talent.columns import Columns, Dimension, Figures, Yearly, added
from zhepai.graph.talent import FlowRow

__all__ = ["Dimension", "Figures", "Named", "Place", "TalentModel", "UnknownCode", "Yearly"]

# Answers kept with a model (a statistics page asks the same few tables again and again);
# the oldest asked goes first.
ANSWERS_KEPT = 256


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
        cells: Iterable[FlowRow],
        counties: Sequence[Place],
        cities: Sequence[Named],
        province: Named,
        series: Sequence[Named],
        industries: Sequence[Named],
        levels: Sequence[Named],
    ) -> None:
        cells = tuple(cells)  # not kept: the columns hold them, as numbers, not objects
        self.counties = {c.code: c for c in counties}
        self.cities = {c.code: c for c in cities}
        self.province = province
        self.series = {s.code: s for s in series}
        self.industries = {i.code: i for i in industries}
        self.levels = {lv.code: lv for lv in levels}
        self._city_of = {code: p.city for code, p in self.counties.items()}
        self._industry_of = {code: s.industry for code, s in self.series.items()}
        self._columns = Columns(cells, self._city_of, self._industry_of)
        self._answers = KeptAnswers(ANSWERS_KEPT)

    def kept[T](self, question: Hashable, answer: Callable[[], T]) -> T:
        """The answer to ``question``, worked out once for this model (``domain/answers.py``):
        its counters never change."""
        return self._answers.get(question, answer)

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
        until: int | None = None,
        moved: Columns | None = None,
    ) -> tuple[Figures, list[tuple[tuple[str, ...], Figures]]]:
        """Today's figures, or those at the end of the year ``until``, plus the counter
        changes ``moved`` (a past day's, ``talent/days.py``; see ``changes``)."""
        counties = self.check(region_code, industry_code, series_code)
        figures = self._columns.figures(
            counties, group_by, industry_code, series_code, self._order, until
        )
        if moved is None:
            return figures
        more = moved.figures(counties, group_by, industry_code, series_code, self._order)
        return added(figures, more, group_by, self._order)

    def changes(self, moved: Sequence[FlowRow]) -> Columns | None:
        """Counter changes (a past day's moves) as this model sums them; None for none."""
        return Columns(moved, self._city_of, self._industry_of) if moved else None

    def check(
        self, region_code: str, industry_code: str | None, series_code: str | None
    ) -> frozenset[str]:
        """The region's counties, once the codes are known ones."""
        counties = self.counties_in(region_code)
        if industry_code is not None and industry_code not in self.industries:
            raise UnknownCode("industryCode", industry_code)
        if series_code is not None and series_code not in self.series:
            raise UnknownCode("seriesCode", series_code)
        return counties

    @property
    def years(self) -> tuple[int, int] | None:
        """The first and last year any counter changed in (None before any worker)."""
        return self._columns.years

    def yearly(
        self,
        region_code: str,
        first: int,
        last: int,
        group_by: Sequence[Dimension] = (),
        industry_code: str | None = None,
        series_code: str | None = None,
    ) -> Yearly:
        """Year-end figures and the years' flows from ``first`` to ``last``, by group."""
        counties = self.check(region_code, industry_code, series_code)
        return self._columns.yearly(
            counties, group_by, industry_code, series_code, self._order, first, last
        )

    def _order(self, group_by: Sequence[Dimension], key: tuple[str, ...]) -> tuple[object, ...]:
        # levels in ladder order, everything else by code
        return tuple(
            BUCKETS.index(k) if d is Dimension.LEVEL and k in BUCKETS else k
            for d, k in zip(group_by, key, strict=True)
        )

    def _labels(self, group_by: Sequence[Dimension], key: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(self.label(d, k) for d, k in zip(group_by, key, strict=True))

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
        until: int | None = None,
        moved: Columns | None = None,
    ) -> TalentTable:
        """The figures (today, or at the end of the year ``until``, plus ``moved``), with
        small cells withheld when ``threshold`` is given; kept when nothing is ``moved``."""

        def work() -> TalentTable:
            total, groups = self.figures(
                region_code, group_by, industry_code, series_code, until, moved
            )
            shown = [_shown(f, threshold) for _, f in groups]
            if threshold is not None:
                shown = _protect([f for _, f in groups], shown)
            return TalentTable(
                total=_shown(total, threshold),
                groups=tuple(
                    Group(key, self._labels(group_by, key), s)
                    for (key, _), s in zip(groups, shown, strict=True)
                ),
            )

        if moved is not None:
            return work()
        asked = (region_code, tuple(group_by), industry_code, series_code, threshold, until)
        return self.kept(("table", *asked), work)


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
