"""Building a coverage model from the store: four reads, a few milliseconds."""

from __future__ import annotations

from graph.bases import BaseRepository
from graph.catalogue import CatalogueRepository
from graph.coverage import specialty_origins
from graph.regions import RegionRepository
from graph.store import GraphStore
from planning.coverage import County, CoverageModel, SeriesInfo


async def coverage_model(store: GraphStore) -> CoverageModel:
    regions = await RegionRepository(store).regions("COUNTY", None, None, None)
    series = await CatalogueRepository(store).series_list(None)
    return CoverageModel(
        counties=[
            County(r.code, r.name, r.parent_code or "", frozenset(r.designations)) for r in regions
        ],
        series=[SeriesInfo(s.code, s.industry_code, s.name) for s in series],
        bases=await BaseRepository(store).active(),
        specialties=await specialty_origins(store),
    )
