"""The coverage model, kept between requests until the bases or the catalogue change.

Reading every base on each request would cost more than the computation (the benchmark's
direct column is the cached model answering). The model is therefore built once and checked
against the version tokens (one read per request, graph.meta.VersionedCache): every base
write changes the ``bases`` token in the same statement, every seed load the ``catalogue``
one, every region-stats import the ``regionStats`` one, so no request is ever answered from
stale data.
"""

from __future__ import annotations

from zhepai.domain.coverage.inputs import coverage_model
from zhepai.domain.coverage.model import CoverageModel
from zhepai.graph.meta import VersionedCache
from zhepai.graph.store import GraphStore


class CoverageService:
    def __init__(self, store: GraphStore) -> None:
        self._cache = VersionedCache(
            store, ("catalogue", "bases", "workers", "regionStats"), lambda: coverage_model(store)
        )

    @property
    def builds(self) -> int:
        return self._cache.builds

    async def model(self) -> CoverageModel:
        return await self._cache.get()
