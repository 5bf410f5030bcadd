"""The one interface every backend implements (graph/open.py picks one from settings)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from zhepai.graph.cypher import Cypher

if TYPE_CHECKING:
    from zhepai.config import StoreKind

Row = dict[str, Any]
Step = tuple[Cypher, Mapping[str, Any]]


@dataclass(frozen=True, slots=True)
class Bound:
    """A write statement with part of its parameters, checked and, where the store spells
    parameters into the query's text (FalkorDB), spelled: ``GraphStore.bind`` makes one ahead
    of time, and ``send`` adds the other parameters. An import binds a batch while the batch
    before it is being written, so the store does not wait for the spelling (a batch's
    parameters are a megabyte)."""

    stmt: Cypher
    params: Mapping[str, Any]
    spelled: str = ""  # FalkorDB: ``params`` as the query header spells them


class Changes(Protocol):
    """What a store tells of writes without being asked (graph/backends/falkor_watch.py)."""

    def mark(self) -> int | None:
        """A count of the writes seen so far, or None when writes may go unseen: two equal
        counts mean no write reached the graph between them."""
        ...


class GraphStore(Protocol):
    """Reads, writes and schema setup against one graph.

    ``read`` and ``write`` run one statement in a managed transaction. ``write_all`` runs its
    steps in order, in one transaction where the store has multi-statement transactions
    (Neo4j); on FalkorDB each step is atomic on its own, so callers order steps so that a
    replay after a crash converges (the loaders write their change markers last).
    """

    @property
    def kind(self) -> StoreKind: ...

    @property
    def description(self) -> str: ...

    @property
    def watch(self) -> Changes | None:
        """Tells writes without a read, where the store can (the embedded one)."""
        ...

    async def read(self, stmt: Cypher, **params: Any) -> list[Row]: ...

    async def write(self, stmt: Cypher, **params: Any) -> list[Row]: ...

    async def write_all(self, steps: Sequence[Step]) -> None: ...

    def bind(self, stmt: Cypher, **params: Any) -> Bound:
        """``stmt`` with some of its parameters, to ``send`` later with the rest."""
        ...

    async def send(self, bound: Bound, **params: Any) -> list[Row]:
        """Write ``bound`` with the rest of its parameters."""
        ...

    async def setup_schema(self) -> None: ...

    async def ping(self) -> None:
        """Raise ``StoreUnavailable`` unless the store answers."""
        ...

    async def drop_all(self) -> None:
        """Delete every node and relationship of this graph (tests and benchmarks only)."""
        ...

    async def close(self) -> None: ...
