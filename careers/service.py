"""The career state graph, built from the store and kept until the catalogue changes.

Building it reads every related pair (about 21,000) and the rules: a quarter of a second,
far too much per request. It is kept for the process and checked against the catalogue's
version token on every use (one indexed read), so an edit made by any process — a seed
reload, a change of relatedness — is seen by the next request, and nothing is rebuilt
otherwise.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from careers.engine import Alternative, CareerGraph, StepRule
from graph.careers import CareerRepository
from graph.ladder import LadderRepository
from graph.meta import catalogue_version
from graph.records import EducationRecord
from graph.store import GraphStore


@dataclass(frozen=True, slots=True)
class CareerData:
    version: str | None
    graph: CareerGraph
    names: dict[str, str]  # occupation id -> name, for suggestions
    educations: tuple[EducationRecord, ...]
    level_codes: tuple[str, ...]


class CareerService:
    def __init__(self, store: GraphStore) -> None:
        self._store = store
        self._data: CareerData | None = None
        self._lock = asyncio.Lock()
        self.builds = 0  # how many times the graph was built (tests and metrics read it)

    async def data(self) -> CareerData:
        version = await catalogue_version(self._store)
        current = self._data
        if current is not None and current.version == version:
            return current
        async with self._lock:  # one rebuild however many requests arrive meanwhile
            current = self._data
            if current is None or current.version != version:
                current = await self._build(version)
                self._data = current
        return current

    async def _build(self, version: str | None) -> CareerData:
        repo = CareerRepository(self._store)
        levels = [lv.code for lv in await LadderRepository(self._store).levels()]
        rules = [
            StepRule(
                code=r.code,
                from_level=r.from_level,
                to_level=r.to_level,
                min_years=r.min_years,
                condition=r.condition,
                source=r.source,
                alternatives=tuple(
                    Alternative(a.code, a.education, a.min_years, a.condition)
                    for a in r.alternatives
                ),
            )
            for r in await repo.rules()
        ]
        names = await repo.occupation_names()
        graph = CareerGraph(levels, rules, names.keys(), await repo.related_pairs())
        self.builds += 1
        return CareerData(
            version=version,
            graph=graph,
            names=names,
            educations=tuple(await repo.educations()),
            level_codes=tuple(levels),
        )
