"""The catalogue's top tiers — the 3 industries and 36 series — kept until the catalogue
changes.

Nearly every request names a series or an industry (a series page, the catalogue tree, the
series of a gap, a base, a certificate), and they change only when the seeds are loaded
again. They are kept for the process and checked against the catalogue's version token
(one read, ``graph.meta.VersionedCache``), so an edit made by any process is seen by the next
request and never served stale. A request reads them once (``schema/context.py``: the
``catalogue`` loader), so it sees one version of them throughout.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from zhepai.graph.catalogue import CatalogueRepository
from zhepai.graph.meta import VersionedCache
from zhepai.graph.records import IndustryRecord, SeriesRecord
from zhepai.graph.store import GraphStore


@dataclass(frozen=True, slots=True)
class CatalogueTop:
    industries: tuple[IndustryRecord, ...]  # in the notice's order
    series: tuple[SeriesRecord, ...]  # by code
    _industry: dict[str, IndustryRecord] = field(init=False, repr=False, compare=False)
    _series: dict[str, SeriesRecord] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_industry", {i.code: i for i in self.industries})
        object.__setattr__(self, "_series", {s.code: s for s in self.series})

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
        return CatalogueTop(tuple(await repo.industries()), tuple(await repo.series_list(None)))

    return VersionedCache(store, ("catalogue",), build)
