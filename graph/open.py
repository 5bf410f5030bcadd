"""Opening the store that settings name: the one module that knows every backend.

Apart from graph/store.py, so that the backends can import the interface they implement
without importing, through it, each other.
"""

from __future__ import annotations

from zhepai.config import Settings, StoreKind
from zhepai.graph.store import GraphStore


async def open_store(settings: Settings, *, require_up: bool = True) -> GraphStore:
    """Connect to the store ``settings.graph_url`` names (starting it when embedded).

    Remote stores are connected to lazily. An embedded store that cannot be started raises
    StoreUnavailable, unless ``require_up`` is False (the server: it starts anyway and the
    store is started again when used)."""
    # Imported here: a process uses one backend, and each pulls in its own driver.
    if settings.store_kind is StoreKind.NEO4J:
        from zhepai.graph.backends.neo4j import Neo4jStore

        return Neo4jStore.connect(settings)
    from zhepai.graph.backends.falkordb import FalkorStore

    if settings.store_kind is StoreKind.FALKORDB:
        return FalkorStore.remote(settings)
    return await FalkorStore.embedded(settings, require_up=require_up)
