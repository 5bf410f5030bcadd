"""Every person and certificate index key a FalkorDB store holds, read page by page.

An import keeps these in ``talent.known_keys.KnownKeys`` so that it need not ask the store
about rows whose person and certificate it can prove new (a FalkorDB lookup by integer key
costs 50-65 µs; bench/RESULTS.md, "The worker import, part by part"). The pages are ranges of
node ids, which FalkorDB seeks without scanning (its plan says ``NodeByIdSeek``); the keys
come back as one list per page, not one row per node.

Neo4j finds a node by key in its B-tree index in microseconds, so there is nothing to save
there: these statements are FalkorDB's only, and ``scan_helps`` says so.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

from config import StoreKind
from graph.cypher import Dialect, statement
from graph.store import GraphStore

PAGE = 100_000  # node ids a page covers: at most that many keys of each kind in one answer

NODES = statement("worker_keys_nodes", "MATCH (n) RETURN count(n) AS nodes")

TOP = statement("worker_keys_top", "MATCH (n) RETURN max(id(n)) AS top", dialect=Dialect.FALKORDB)

KEYS = statement(
    "worker_keys_page",
    """
    MATCH (n)
    WHERE id(n) >= $low AND id(n) < $high
    RETURN collect(CASE WHEN n:Person THEN n.kh END) AS persons,
           collect(CASE WHEN n:Certificate THEN n.nk END) AS certificates
    """,
    dialect=Dialect.FALKORDB,
    low=0,
    high=PAGE,
)


@dataclass(frozen=True, slots=True)
class KeyPage:
    persons: list[int]  # Person.kh
    certificates: list[int]  # Certificate.nk


def scan_helps(store: GraphStore) -> bool:
    """Whether knowing every key saves lookups worth a scan (FalkorDB: yes; Neo4j: no)."""
    return store.kind is not StoreKind.NEO4J


async def node_count(store: GraphStore) -> int:
    """Nodes of every label (FalkorDB and Neo4j both answer from a count they keep)."""
    rows = await store.read(NODES)
    return int(rows[0]["nodes"]) if rows else 0


async def key_pages(store: GraphStore, page: int = PAGE) -> AsyncIterator[KeyPage]:
    """The index keys of every person and certificate, a range of node ids at a time."""
    rows = await store.read(TOP)
    top = rows[0]["top"] if rows else None
    if top is None:
        return  # no nodes at all
    for low in range(0, int(top) + 1, page):
        found = (await store.read(KEYS, low=low, high=low + page))[0]
        yield KeyPage(list(found["persons"]), list(found["certificates"]))
