"""Every statement the package can send, gathered for the linter test and for review."""

from __future__ import annotations

from zhepai.graph import (
    bases,
    bench_writes,
    careers,
    catalogue,
    coverage,
    ladder,
    maintenance,
    meta,
    plan,
    quality,
    region_stats,
    regions,
    seed_writes,
    talent,
    talent_events,
    upgrade,
    worker_keys,
    workers,
)
from zhepai.graph.backends import schema_falkordb, schema_neo4j
from zhepai.graph.cypher import Cypher, registered

# Importing the modules above registers their statements.
_MODULES = (
    bases,
    bench_writes,
    careers,
    coverage,
    catalogue, ladder, maintenance, meta, plan, quality, region_stats, regions, seed_writes,
    schema_falkordb, schema_neo4j, talent, talent_events, upgrade, worker_keys, workers,
)  # fmt: skip

ALL: tuple[Cypher, ...] = tuple(registered())
