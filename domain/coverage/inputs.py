"""Building a coverage model from the store: eight reads."""

from __future__ import annotations

from zhepai.domain.coverage.figures import region_figures
from zhepai.domain.coverage.model import County, CoverageModel, SeriesInfo
from zhepai.graph.bases import BaseRepository
from zhepai.graph.catalogue import CatalogueRepository
from zhepai.graph.coverage import specialty_origins
from zhepai.graph.region_stats import RegionStatsRepository
from zhepai.graph.regions import RegionRepository
from zhepai.graph.store import GraphStore
from zhepai.graph.talent import TalentRepository


async def coverage_model(store: GraphStore) -> CoverageModel:
    repo = RegionRepository(store)
    regions = await repo.regions("COUNTY", None, None, None)
    validity = {d.code: (d.valid_from, d.valid_to) for d in await repo.designations()}
    series = await CatalogueRepository(store).series_list(None)
    # skilled persons by the county and series they are counted in (talent/cells.py)
    workers: dict[tuple[str, str], int] = {}
    for cell in await TalentRepository(store).cells():
        workers[(cell.county, cell.series)] = workers.get((cell.county, cell.series), 0) + (
            cell.persons
        )
    return CoverageModel(
        counties=[
            County(
                r.code,
                r.name,
                r.parent_code or "",
                frozenset(r.designations),
                r.latitude,
                r.longitude,
            )
            for r in regions
        ],
        series=[SeriesInfo(s.code, s.industry_code, s.name) for s in series],
        bases=await BaseRepository(store).active(),
        specialties=await specialty_origins(store),
        workers=workers,
        figures=region_figures(await RegionStatsRepository(store).all(), [r.code for r in regions]),
        validity=validity,
        seats={
            r.code: (r.latitude, r.longitude)
            for r in await repo.regions(None, None, None, None)
            if r.latitude is not None and r.longitude is not None
        },
    )
