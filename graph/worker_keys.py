"""Every person and certificate index key a FalkorDB store holds, read page by page.

An import keeps these in ``talent.known_keys.KnownKeys`` so that it need not look up rows
whose person and certificate it can prove new (FalkorDB's integer-key lookups are slow:
bench/RESULTS.md, "Index keys"). The pages are ranges of node ids, which FalkorDB seeks
within the label without scanning it (``Node By Label and ID Scan``); the keys come back as
one comma-separated string a page, which NumPy parses in C, where a list of integers would
be parsed by the client one by one (bench/RESULTS.md, "Known keys").

The scan is made on FalkorDB only (``scan_helps``): Neo4j's B-tree indexes are made for such
lookups, and with no Neo4j server at hand a scan there could not be shown to pay. The
highest node id (``TOP``) costs a pass over every node.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from zhepai.config import StoreKind
from zhepai.graph.backends.falkordb import FalkorStore
from zhepai.graph.cypher import Dialect, statement
from zhepai.graph.store import GraphStore

PAGE = 100_000  # node ids a page covers: at most that many keys of each kind in one answer

NODES = statement("worker_keys_nodes", "MATCH (n) RETURN count(n) AS nodes")

TOP = statement("worker_keys_top", "MATCH (n) RETURN max(id(n)) AS top", dialect=Dialect.FALKORDB)

PERSON_KEYS = statement(
    "worker_keys_persons",
    """
    MATCH (p:Person)
    WHERE id(p) >= $low AND id(p) < $high
    WITH collect(toString(p.kh)) AS keys
    RETURN string.join(keys, ',') AS keys
    """,
    dialect=Dialect.FALKORDB,
    low=0,
    high=PAGE,
)

CERTIFICATE_KEYS = statement(
    "worker_keys_certificates",
    """
    MATCH (c:Certificate)
    WHERE id(c) >= $low AND id(c) < $high
    WITH collect(toString(c.nk)) AS keys
    RETURN string.join(keys, ',') AS keys
    """,
    dialect=Dialect.FALKORDB,
    low=0,
    high=PAGE,
)


@dataclass(frozen=True, slots=True)
class KeyPage:
    persons: npt.NDArray[np.uint64]  # Person.kh
    certificates: npt.NDArray[np.uint64]  # Certificate.nk


def kept_keys_file(store: GraphStore) -> Path | None:
    """Where an embedded FalkorDB store keeps the keys its last import knew, beside its data
    (``talent/known_keys.py``); None for other stores."""
    if isinstance(store, FalkorStore) and store.server is not None:
        return store.server.data_dir / "known-keys" / f"{store.graph_name}.npz"
    return None


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
        persons = await store.read(PERSON_KEYS, low=low, high=low + page)
        certificates = await store.read(CERTIFICATE_KEYS, low=low, high=low + page)
        yield KeyPage(_numbers(persons[0]["keys"]), _numbers(certificates[0]["keys"]))


def _numbers(text: str) -> npt.NDArray[np.uint64]:
    return np.fromstring(text, dtype=np.uint64, sep=",")  # exact for 64-bit integers
