"""Loading or refreshing the seeds: only what changed is written, and the report says what.

A load is idempotent: a second run finds every hash equal and writes nothing. Nodes the seeds
no longer hold are removed with their edges (the seeds own these kinds of node entirely).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zhepai.graph import seed_writes as kinds
from zhepai.graph.meta import bump_catalogue_version, catalogue_version
from zhepai.graph.store import GraphStore, Step
from zhepai.loaders.seed_files import SEEDS_DIR, SeedError, read_seeds
from zhepai.loaders.seed_rows import Entry, build_entries, link_rows

BATCH = 500

Progress = Callable[[str, int, int], None]  # (kind, done, total)


@dataclass(slots=True)
class KindReport:
    name: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


@dataclass(slots=True)
class LoadReport:
    kinds: list[KindReport] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(k.changed for k in self.kinds)

    def total(self, attribute: str) -> int:
        return sum(int(getattr(k, attribute)) for k in self.kinds)


class SeedInUseError(SeedError):
    """The seeds drop nodes that imported records still point at."""

    code = "SEED_IN_USE"


def _chunks[T](items: Sequence[T], size: int = BATCH) -> list[Sequence[T]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


async def load_seeds(
    store: GraphStore,
    seeds_dir: Path = SEEDS_DIR,
    progress: Progress | None = None,
) -> LoadReport:
    """Validate every seed file, then bring the store in line with them."""
    entries = build_entries(read_seeds(seeds_dir))  # raises before any write
    await store.setup_schema()
    report = LoadReport()
    plans: list[tuple[kinds.NodeKind, list[Entry], list[str], KindReport]] = []
    for kind in kinds.ALL_KINDS:
        stored = {row["key"]: row["hash"] for row in await store.read(kind.hashes)}
        wanted = entries[kind]
        keys = {e.key for e in wanted}
        kr = KindReport(kind.name)
        todo: list[Entry] = []
        for e in wanted:
            if e.key not in stored:
                kr.created += 1
                todo.append(e)
            elif stored[e.key] != e.hash:
                kr.updated += 1
                todo.append(e)
            else:
                kr.unchanged += 1
        stale = sorted(k for k in stored if k not in keys)
        kr.deleted = len(stale)
        report.kinds.append(kr)
        plans.append((kind, todo, stale, kr))

    for kind, _, stale, _ in plans:
        if kind.in_use is not None and stale:
            used = sorted(r["key"] for r in await store.read(kind.in_use, keys=stale))
            if used:
                raise SeedInUseError(
                    f"{kind.name}: {', '.join(used[:10])}"
                    f"{' …' if len(used) > 10 else ''} left the seeds but certificates or "
                    "bases still point at them; keep them in the seeds (or move those "
                    "records first). Nothing was written."
                )
    total = sum(len(todo) + len(stale) for _, todo, stale, _ in plans)
    done = 0
    # Nodes first (every kind), so that edges find both ends; hashes last.
    for kind, todo, _, _ in plans:
        for chunk in _chunks(todo):
            await store.write(kind.upsert, rows=[{"key": e.key, "props": e.props} for e in chunk])
    for kind, todo, _, _ in plans:
        for chunk in _chunks(todo):
            steps: list[Step] = []
            if kind.unlink is not None:
                steps.append((kind.unlink, {"keys": [e.key for e in chunk]}))
            if kind.link is not None:
                links: list[dict[str, Any]] = link_rows(kind, list(chunk))
                if links:
                    steps.append((kind.link, {"rows": links}))
            if steps:
                await store.write_all(steps)
    for kind, todo, stale, _ in plans:
        for chunk in _chunks(todo):
            marks = [{"key": e.key, "hash": e.hash} for e in chunk]
            await store.write(kind.mark, rows=marks)
            done += len(chunk)
            if progress:
                progress(kind.name, done, total)
        for keys_chunk in _chunks(stale):
            await store.write(kind.delete, keys=list(keys_chunk))
            done += len(keys_chunk)
            if progress:
                progress(kind.name, done, total)
    if report.changed or await catalogue_version(store) is None:
        await bump_catalogue_version(store)
    return report


async def store_is_empty(store: GraphStore) -> bool:
    return not await store.read(kinds.INDUSTRIES.hashes)
