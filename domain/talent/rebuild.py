"""``zhepai stats rebuild``: recount every counter from the certificates and replace them.

The counters are maintained batch by batch; this recount is the check that they are right
(the tests compare the two after mixed imports, corrections and revocations) and the repair
if they ever were not. The replacement is guarded by the ``workers`` version read before the
recount, so a write landing meanwhile makes the rebuild refuse rather than lose it.
"""

from __future__ import annotations

from dataclasses import dataclass

from zhepai.domain.talent.cells import Tally
from zhepai.domain.talent.writer import flow_rows, held
from zhepai.graph.errors import StoreError
from zhepai.graph.store import GraphStore
from zhepai.graph.talent import TalentRepository
from zhepai.graph.workers import WorkerRepository


class ChangedDuringRebuild(StoreError):
    """Workers were written while the recount ran; nothing was replaced."""


@dataclass(frozen=True, slots=True)
class RebuildReport:
    persons: int
    cells: int
    entries: int


async def recount(store: GraphStore) -> tuple[Tally, int]:
    """Every counter as the certificates say it should be, and how many persons there are."""
    total = Tally.empty()
    persons = 0
    async for person in TalentRepository(store).persons():
        persons += 1
        total.count([held(c) for c in person.certificates])
    return total.nonzero(), persons


async def rebuild(store: GraphStore) -> RebuildReport:
    expected = await WorkerRepository(store).version()
    counted, persons = await recount(store)
    cells = flow_rows(counted)
    if not await TalentRepository(store).replace(cells, expected):
        raise ChangedDuringRebuild(
            "workers were written during the recount; nothing was replaced — run it again"
        )
    return RebuildReport(persons=persons, cells=len(cells), entries=len(counted.entries))
