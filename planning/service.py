"""The coverage model, kept between requests until the bases or the catalogue change.

Reading a thousand bases costs tens of milliseconds on the embedded store — more than the
whole computation. The model is therefore built once and checked against the version tokens
(one read per request): every base write changes the ``bases`` token in the same statement,
every seed load the ``catalogue`` one, so no request is ever answered from stale data.
"""

from __future__ import annotations

import asyncio

from graph.meta import versions
from graph.store import GraphStore
from planning.coverage import CoverageModel
from planning.inputs import coverage_model


class CoverageService:
    def __init__(self, store: GraphStore) -> None:
        self._store = store
        self._model: tuple[dict[str, str], CoverageModel] | None = None
        self._lock = asyncio.Lock()
        self.builds = 0

    async def model(self) -> CoverageModel:
        current = await versions(self._store)
        cached = self._model
        if cached is not None and cached[0] == current:
            return cached[1]
        async with self._lock:
            cached = self._model
            if cached is None or cached[0] != current:
                # tokens read before the data: a write landing meanwhile changes them again,
                # so at worst the next request rebuilds once more
                cached = (current, await coverage_model(self._store))
                self._model = cached
                self.builds += 1
        return cached[1]
