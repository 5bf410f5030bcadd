"""The career state graph, built from the store and kept until the catalogue changes.

Building it reads every related pair (21,373 with the seeds) and the rules, which is not
work for every request. It is kept for the process and checked against the catalogue's
version token on every use (one read, graph.meta.VersionedCache), so an edit made by any
process — a seed reload, a change of relatedness — is seen by the next request, and nothing
is rebuilt otherwise. Base writes do not touch it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from zhepai.domain.careers.engine import CareerGraph
from zhepai.graph.careers import CareerRepository
from zhepai.graph.ladder import LadderRepository
from zhepai.graph.meta import VersionedCache
from zhepai.graph.records import EducationRecord, SkillLevelRecord
from zhepai.graph.store import GraphStore


@dataclass(frozen=True, slots=True)
class CareerData:
    graph: CareerGraph
    names: dict[str, str]  # occupation id -> name, for suggestions
    educations: tuple[EducationRecord, ...]
    level_codes: tuple[str, ...]
    levels: Mapping[str, SkillLevelRecord]  # the ladder's levels by code


class CareerService:
    def __init__(self, store: GraphStore) -> None:
        self._store = store
        # bases do not change the career graph: only the catalogue token counts
        self._cache = VersionedCache(store, ("catalogue",), self._build)

    @property
    def builds(self) -> int:
        return self._cache.builds

    async def data(self) -> CareerData:
        return await self._cache.get()

    async def _build(self) -> CareerData:
        repo = CareerRepository(self._store)
        ladder = await LadderRepository(self._store).levels()
        levels = [lv.code for lv in ladder]
        names = await repo.occupation_names()
        graph = CareerGraph(
            levels,
            await repo.rules(),
            names.keys(),
            await repo.related_pairs(),
            names=names,
            level_names={lv.code: lv.name for lv in ladder},
        )
        return CareerData(
            graph=graph,
            names=names,
            educations=tuple(await repo.educations()),
            level_codes=tuple(levels),
            levels={lv.code: lv for lv in ladder},
        )
