"""The statistics tables, kept between requests until the workers (or what labels them) change.

Every worker write changes the ``workers`` version token in the same statement, so the table
is rebuilt on the first request after any import, correction or revocation, and never served
stale (graph.meta.VersionedCache, as for careers and coverage).
"""

from __future__ import annotations

from zhepai.domain.talent.progress import ProgressInputs
from zhepai.domain.talent.stats import Named, Place, TalentModel
from zhepai.graph.bases import BaseRepository
from zhepai.graph.catalogue import CatalogueRepository
from zhepai.graph.ladder import LadderRepository
from zhepai.graph.meta import VersionedCache
from zhepai.graph.plan import PlanRepository
from zhepai.graph.region_stats import RegionStatsRepository
from zhepai.graph.regions import RegionRepository
from zhepai.graph.store import GraphStore
from zhepai.graph.talent import TalentRepository


async def progress_inputs(store: GraphStore) -> ProgressInputs:
    regions = RegionRepository(store)
    catalogue = CatalogueRepository(store)
    talent = TalentRepository(store)
    counties = await regions.regions("COUNTY", None, None, None)
    cities = await regions.regions("CITY", None, None, None)
    provinces = await regions.regions("PROVINCE", None, None, None)
    province = provinces[0] if provinces else None
    model = TalentModel(
        cells=await talent.flows(),
        counties=[Place(r.code, r.name, r.parent_code or "") for r in counties],
        cities=[Named(r.code, r.name) for r in cities],
        province=Named(province.code, province.name) if province else Named("330000", "浙江省"),
        series=[Named(s.code, s.name, s.industry_code) for s in await catalogue.series_list(None)],
        industries=[Named(i.code, i.name) for i in await catalogue.industries()],
        levels=[Named(lv.code, lv.name) for lv in await LadderRepository(store).levels()],
    )
    return ProgressInputs(
        model=model,
        region_stats=await RegionStatsRepository(store).all(),
        bases=await BaseRepository(store).active(),
        targets=await PlanRepository(store).targets(),
    )


class TalentService:
    def __init__(self, store: GraphStore) -> None:
        self._cache = VersionedCache(
            store, ("catalogue", "workers", "bases", "regionStats"), lambda: progress_inputs(store)
        )

    @property
    def builds(self) -> int:
        return self._cache.builds

    async def inputs(self) -> ProgressInputs:
        return await self._cache.get()

    async def model(self) -> TalentModel:
        return (await self._cache.get()).model
