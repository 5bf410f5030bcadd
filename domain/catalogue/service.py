"""The catalogue — the 3 industries, 36 series, their ~900 occupations and 116 专项 — and the
102 regions, kept until the catalogue changes.

Nearly every request names a series or an industry (a series page, the catalogue tree, the
series of a gap, a base, a certificate), and they change only when the seeds are loaded
again. They are kept for the process and checked against the catalogue's version token
(one read, ``graph.meta.VersionedCache``), so an edit made by any process is seen by the next
request and never served stale. A request reads them once (``schema/context.py``: the
``catalogue`` loader), so it sees one version of them throughout, and a series page needs no
read of its own. The whole catalogue is a few hundred kilobytes. Occupation search keeps
its index (``search.py``) the same way.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field

from zhepai.domain.catalogue.search import OccupationIndex
from zhepai.graph.catalogue import CatalogueRepository
from zhepai.graph.meta import VersionedCache
from zhepai.graph.records import (
    IndustryRecord,
    OccupationRecord,
    Page,
    RegionRecord,
    SeriesRecord,
    SpecialtyRecord,
)
from zhepai.graph.regions import RegionRepository
from zhepai.graph.store import GraphStore


@dataclass(frozen=True, slots=True)
class CatalogueTop:
    industries: tuple[IndustryRecord, ...]  # in the notice's order
    series: tuple[SeriesRecord, ...]  # by code
    regions: tuple[RegionRecord, ...] = ()  # seeds too: a base's or a gap's region is one
    # each series' occupations and 专项, in the notice's order (series code -> records)
    occupations: Mapping[str, tuple[OccupationRecord, ...]] = field(default_factory=dict)
    specialties: Mapping[str, tuple[SpecialtyRecord, ...]] = field(default_factory=dict)
    _industry: dict[str, IndustryRecord] = field(init=False, repr=False, compare=False)
    _series: dict[str, SeriesRecord] = field(init=False, repr=False, compare=False)
    _region: dict[str, RegionRecord] = field(init=False, repr=False, compare=False)
    _occupation: dict[str, OccupationRecord] = field(init=False, repr=False, compare=False)
    _specialty: dict[str, SpecialtyRecord] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_industry", {i.code: i for i in self.industries})
        object.__setattr__(self, "_series", {s.code: s for s in self.series})
        object.__setattr__(self, "_region", {r.code: r for r in self.regions})
        by_id = {o.id: o for found in self.occupations.values() for o in found}
        object.__setattr__(self, "_occupation", by_id)
        object.__setattr__(
            self, "_specialty", {x.id: x for found in self.specialties.values() for x in found}
        )

    def occupation(self, occupation_id: str) -> OccupationRecord | None:
        return self._occupation.get(occupation_id)

    def specialty(self, specialty_id: str) -> SpecialtyRecord | None:
        return self._specialty.get(specialty_id)

    def region(self, code: str) -> RegionRecord | None:
        return self._region.get(code)

    def industry(self, code: str) -> IndustryRecord | None:
        return self._industry.get(code)

    def series_by_code(self, code: str) -> SeriesRecord | None:
        return self._series.get(code)

    def series_of(self, industry_code: str | None) -> list[SeriesRecord]:
        """The series of one industry (every series for None), by code."""
        return [s for s in self.series if industry_code in (None, s.industry_code)]


def catalogue_cache(store: GraphStore) -> VersionedCache[CatalogueTop]:
    """The top tiers of ``store``'s catalogue, kept for the process (``.get()``)."""

    async def build() -> CatalogueTop:
        repo = CatalogueRepository(store)
        regions = await RegionRepository(store).regions(None, None, None, None)
        series = await repo.series_list(None)
        codes = [s.code for s in series]
        occupations = await repo.occupations_by_series(codes)
        specialties = await repo.specialties_by_series(codes)
        return CatalogueTop(
            tuple(await repo.industries()),
            tuple(series),
            tuple(regions),
            {c: tuple(found) for c, found in zip(codes, occupations, strict=True)},
            {c: tuple(found) for c, found in zip(codes, specialties, strict=True)},
        )

    return VersionedCache(store, ("catalogue",), build)


class OccupationSearch:
    """Occupation search over an index of every occupation's names and their pinyin, built
    when first asked for after the catalogue changed and kept until it changes again."""

    def __init__(self, store: GraphStore) -> None:
        self._store = store
        self._cache = VersionedCache(store, ("catalogue",), self._build)

    @property
    def builds(self) -> int:
        return self._cache.builds

    async def occupations(
        self, q: str | None, series_code: str | None, offset: int, limit: int
    ) -> Page[str]:
        return (await self._cache.get()).search(q, series_code, offset, limit)

    async def _build(self) -> OccupationIndex:
        terms = await CatalogueRepository(self._store).occupation_terms()
        # spelling out the pinyin of every name is CPU work: keep it off the event loop
        return await asyncio.to_thread(OccupationIndex, terms)
