"""The statistics tables, kept between requests until the workers (or what labels them) change.

Every worker write changes the ``workers`` version token in the same statement, so the table
is rebuilt on the first request after any import, correction or revocation, and never served
stale (graph.meta.VersionedCache, as for careers and coverage).
"""

from __future__ import annotations

import contextlib
import gc
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from datetime import date

from zhepai.domain.talent.columns import Columns
from zhepai.domain.talent.days import Span, moves, span
from zhepai.domain.talent.progress import ProgressInputs
from zhepai.domain.talent.stats import Dimension, Named, Place, TalentModel, TalentTable
from zhepai.graph.bases import BaseRepository
from zhepai.graph.catalogue import CatalogueRepository
from zhepai.graph.ladder import LadderRepository
from zhepai.graph.meta import VersionedCache
from zhepai.graph.plan import PlanRepository
from zhepai.graph.region_stats import RegionStatsRepository
from zhepai.graph.regions import RegionRepository
from zhepai.graph.store import GraphStore
from zhepai.graph.talent import TalentRepository
from zhepai.graph.talent_events import TalentEvents

# Reads of a past day's changes made again when the workers changed meanwhile (the counters
# and the changes must describe the same certificates); past it, the last one is answered.
_ATTEMPTS = 5
DAYS_KEPT = 16


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a past day's changes are read and moved: building
    that many objects set off full collections that walked them all again and again
    (bench/RESULTS.md, "The first ask of a past day at 14M"). They hold no cycles."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


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
        self._events = TalentEvents(store)
        # a past day's moves, with the inputs they were read against: a researcher asks the
        # same few days by region and grouping, and each read costs the changes of months
        self._days: OrderedDict[Span, tuple[ProgressInputs, Columns | None]] = OrderedDict()

    @property
    def builds(self) -> int:
        return self._cache.builds

    async def inputs(self) -> ProgressInputs:
        return await self._cache.get()

    async def model(self) -> TalentModel:
        return (await self._cache.get()).model

    async def table(
        self,
        region_code: str,
        group_by: Sequence[Dimension],
        industry_code: str | None,
        series_code: str | None,
        threshold: int | None,
        as_of: date | None,
        today: date,
    ) -> TalentTable:
        """``talentStats``: today's figures, or those at the end of the past day ``as_of``
        (``talent/days.py``). The changes are read after the counters, and read again if the
        tokens say a write landed in between."""
        when = span(as_of, today)
        inputs = await self._cache.get()
        model, moved = inputs.model, None
        for attempt in range(_ATTEMPTS):
            model = inputs.model
            model.check(region_code, industry_code, series_code)
            if when is None or when.changes is None:
                break
            kept = self._days.get(when)
            if kept is not None and kept[0] is inputs:
                moved = kept[1]
                break
            # the whole province's moves: a region's table sums only its own counties' cells,
            # and a person outside them moves no cell inside them (days.moves)
            with _collector_paused():
                moved = model.changes(moves(await self._events.changed(*when.changes), when))
            again = await self._cache.get()
            if again is inputs:
                self._days[when] = (inputs, moved)
                while len(self._days) > DAYS_KEPT:
                    self._days.popitem(last=False)
            if again is inputs or attempt == _ATTEMPTS - 1:
                break
            inputs = again
        return model.table(
            region_code, group_by, industry_code, series_code, threshold,
            None if when is None else when.year, moved,
        )  # fmt: skip
