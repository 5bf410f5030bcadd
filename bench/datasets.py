"""The data a run builds for itself, in a temporary directory: files and graphs.

One embedded store (one redis-server) holds every graph of a run, each under its own name:

- ``bench_large``: the seeds, the synthetic bases (``zhepai generate bases``: the plan's 350
  training bases and 650 other bases) and the largest ``--workers`` count of certificates;
- ``bench_small``: the same with the smallest count;
- ``bench_raw``: the seeds only, then the raw writes the import is compared with;
- ``bench_scratch``: the seeds and bases, for the import subprocesses of the memory case and
  the profile.

The seeds are loaded once (``bench_seeds``) and the bases imported once on a copy of them
(``bench_template``); every other graph is a copy of one of those two (``GRAPH.COPY``, a
FalkorDB command, with the indexes and constraints), which saves seconds a graph, and a graph
is emptied of its workers by copying the template over it, which takes no time where deleting
a million certificates takes minutes. The run keeps a share of the store for its whole length
(``Workspace.temporary``), so that the server never stops and replays its log between
phases. Statements the bench sends itself may run for minutes at a million certificates (the
checks, the counts), so its stores wait up to ``STORE_TIMEOUT_S``.

The workers file is generated once for the largest count (``zhepai generate workers``, seed
2025); smaller sets are its first rows, and the import case's chunks are consecutive slices
of it, so every part of the run sees the same certificates.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import redis
from pydantic import SecretStr

from zhepai.config import Settings
from zhepai.graph.backends.embedded import EmbeddedServer
from zhepai.graph.maintenance import DROP_WORKERS
from zhepai.graph.open import open_store
from zhepai.graph.store import GraphStore
from zhepai.loaders.bases_import import import_bases
from zhepai.loaders.bases_synthetic import write_synthetic
from zhepai.loaders.seed_loader import load_seeds
from zhepai.loaders.workers_import import beijing_today
from zhepai.loaders.workers_synthetic import write_synthetic_workers

# Fixed, made-up secrets (≥ 32 bytes, config.Settings): the data is synthetic and thrown away.
PERSON_SECRET = "bench-person-key-secret-synthetic-data-only"  # noqa: S105
CREDENTIAL_SECRET = "bench-credential-secret-synthetic-data-only"  # noqa: S105
SEED = 2025

LARGE, SMALL, RAW, SCRATCH = "bench_large", "bench_small", "bench_raw", "bench_scratch"
SEEDS_ONLY = "bench_seeds"  # loaded once, copied to the others
TEMPLATE = "bench_template"  # the seeds and the bases
STORE_TIMEOUT_S = 1800.0


@dataclass(slots=True)
class Workspace:
    root: Path
    server: EmbeddedServer | None = None

    @property
    def data_dir(self) -> Path:
        return self.root / "store"

    @property
    def files(self) -> Path:
        path = self.root / "files"
        path.mkdir(parents=True, exist_ok=True)
        return path

    @property
    def secret(self) -> bytes:
        return PERSON_SECRET.encode()

    def settings(self, graph: str) -> Settings:
        return Settings(
            graph_url="embedded",
            data_dir=self.data_dir,
            graph_name=graph,
            person_key_secret=SecretStr(PERSON_SECRET),
            credential_secret=SecretStr(CREDENTIAL_SECRET),
            load_seeds_if_empty=False,
            store_timeout_s=STORE_TIMEOUT_S,
        )

    def env(self, graph: str) -> dict[str, str]:
        """The environment for a ``zhepai`` subprocess on ``graph`` (over any ``.env``)."""
        return {
            **os.environ,
            "ZHEPAI_GRAPH_URL": "embedded",
            "ZHEPAI_DATA_DIR": str(self.data_dir),
            "ZHEPAI_GRAPH_NAME": graph,
            "ZHEPAI_PERSON_KEY_SECRET": PERSON_SECRET,
            "ZHEPAI_CREDENTIAL_SECRET": CREDENTIAL_SECRET,
            "ZHEPAI_LOAD_SEEDS_IF_EMPTY": "false",
        }

    async def open(self, graph: str) -> GraphStore:
        return await open_store(self.settings(graph))

    @classmethod
    @contextlib.contextmanager
    def temporary(cls) -> Iterator[Workspace]:
        """A workspace in a temporary directory, its store kept running until the end."""
        with tempfile.TemporaryDirectory(prefix="zhepai-bench-") as tmp, cls.kept(Path(tmp)) as w:
            yield w

    @classmethod
    @contextlib.contextmanager
    def kept(cls, root: Path) -> Iterator[Workspace]:
        """A workspace in ``root``, left there afterwards (``--keep``), its store kept
        running until the end."""
        root.mkdir(parents=True, exist_ok=True)
        workspace = cls(root.resolve())
        workspace.server = EmbeddedServer(workspace.data_dir)
        workspace.server.acquire()
        try:
            yield workspace
        finally:
            workspace.server.release()

    def progress(self) -> dict[str, Any]:
        """What a kept workspace already holds (``progress.json``): steps done and their
        figures."""
        path = self.root / "progress.json"
        loaded = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        return loaded if isinstance(loaded, dict) else {}

    def record(self, step: str, figures: dict[str, Any]) -> None:
        """Note ``step`` as done, with its figures, in ``progress.json`` (written whole, then
        renamed, so a run stopped meanwhile leaves the old file)."""
        path = self.root / "progress.json"
        data = {**self.progress(), step: figures}
        partial = path.with_suffix(".partial")
        partial.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
        partial.replace(path)

    def copy_graph(self, source: str, target: str) -> None:
        client = redis.Redis(
            unix_socket_path=str(EmbeddedServer(self.data_dir).socket_path),
            socket_timeout=STORE_TIMEOUT_S,  # deleting a graph of a million certificates
        )
        try:
            with contextlib.suppress(redis.ResponseError):  # no such graph yet
                client.execute_command("GRAPH.DELETE", target)  # type: ignore[no-untyped-call]
            # GRAPH.COPY forks, and redis runs one child at a time: while the append-only
            # log is being rewritten (often, under a million writes) it answers "could not
            # fork", so it is asked again until the rewrite is done.
            deadline = time.monotonic() + STORE_TIMEOUT_S
            while True:
                try:
                    client.execute_command("GRAPH.COPY", source, target)  # type: ignore[no-untyped-call]
                    return
                except redis.ResponseError as exc:
                    if "fork" not in str(exc) or time.monotonic() > deadline:
                        raise
                time.sleep(0.5)
        finally:
            client.close()

    def reset(self, graph: str) -> None:
        """``graph`` as the template: the seeds and the bases, no workers."""
        self.copy_graph(TEMPLATE, graph)


async def build_graphs(workspace: Workspace, graphs: dict[str, bool]) -> float:
    """Create each graph named in ``graphs`` (True: with the bases); returns the seconds."""
    started = time.perf_counter()
    store = await workspace.open(SEEDS_ONLY)
    try:
        await load_seeds(store)
    finally:
        await store.close()
    workspace.copy_graph(SEEDS_ONLY, TEMPLATE)
    bases = workspace.files / "bases.synthetic.csv"
    write_synthetic(SEED, bases)
    store = await workspace.open(TEMPLATE)
    try:
        await import_bases(store, bases, workspace.files / "bases.rejects.csv", "bench")
    finally:
        await store.close()
    for graph, with_bases in graphs.items():
        workspace.copy_graph(TEMPLATE if with_bases else SEEDS_ONLY, graph)
    return time.perf_counter() - started


async def drop_workers(store: GraphStore) -> None:
    """Empty a graph of its certificates, persons, counters and audit entries."""
    for stmt in DROP_WORKERS:
        await store.write(stmt)


@dataclass(slots=True)
class WorkerFiles:
    """The generated certificates, and slices of them as files of their own."""

    full: Path
    rows: int
    persons: int
    seconds: float  # to generate
    _slices: dict[tuple[int, int], Path] = field(default_factory=dict)

    @classmethod
    def generate(cls, directory: Path, rows: int) -> WorkerFiles:
        path = directory / f"workers-{rows}.csv"
        # Issue dates up to today (Beijing), as the import accepts them.
        report = write_synthetic_workers(rows, SEED, path, beijing_today())
        return cls(path, report.rows, report.persons, report.seconds)

    def slice(self, start: int, stop: int) -> Path:
        """Rows ``start`` … ``stop - 1`` (0-based, header excluded) as a CSV file.

        The generator writes one line per row (no quoted line breaks), so lines are rows."""
        if (start, stop) == (0, self.rows):
            return self.full
        if (start, stop) not in self._slices:
            path = self.full.with_name(f"{self.full.stem}.{start}-{stop}.csv")
            with (
                self.full.open("rb") as source,
                path.open("wb", buffering=1 << 20) as out,
            ):
                out.write(source.readline())
                for i, line in enumerate(source):
                    if i >= stop:
                        break
                    if i >= start:
                        out.write(line)
            self._slices[(start, stop)] = path
        return self._slices[(start, stop)]

    def chunks(self, count: int) -> list[Path]:
        """The whole file as ``count`` consecutive slices of (nearly) equal size, written in
        one pass."""
        bounds = [round(i * self.rows / count) for i in range(count + 1)]
        paths = [
            self.full.with_name(f"{self.full.stem}.{lo}-{hi}.csv")
            for lo, hi in itertools.pairwise(bounds)
        ]
        with self.full.open("rb") as source:
            header = source.readline()
            for path, lo, hi in zip(paths, bounds, bounds[1:], strict=False):
                with path.open("wb", buffering=1 << 20) as out:
                    out.write(header)
                    for _ in range(hi - lo):
                        out.write(source.readline())
                self._slices[(lo, hi)] = path
        return paths
