"""The demo store: the seeds, then synthetic bases and workers, so that every query of the
README's tour answers with something (coverage, bases along a career path, statistics).

It is an embedded store in a directory of its own, ``<data_dir>/demo``, so a demo never
writes into the store a server answers from. Everything synthetic is marked by the
generators: base ids and certificate numbers ``SYN-…``, base names ``（合成数据）``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from zhepai.config import Settings
from zhepai.graph.store import GraphStore
from zhepai.loaders.bases_import import import_bases
from zhepai.loaders.bases_synthetic import write_synthetic
from zhepai.loaders.seed_loader import load_seeds, store_is_empty
from zhepai.loaders.workers_import import beijing_today, import_workers
from zhepai.loaders.workers_synthetic import write_synthetic_workers

DEMO_DIR = "demo"
SEED = 7
# Enough certificates that the tour's county and series (开化县, 蚕桑茶业) hold some, few
# enough that a first demo start stays short.
WORKERS = 20_000
ACTOR = "demo"
# Written last and holding what was loaded: a load cut short, or one of other sizes, runs
# again (every step is idempotent).
_DONE = "demo-loaded"
_CONTENT = f"seeds, synthetic bases (seed {SEED}), {WORKERS} synthetic certificates (seed {SEED})"


def demo_settings(settings: Settings) -> Settings:
    """The settings of the demo store beside the store ``settings`` name."""
    return settings.model_copy(
        update={
            "graph_url": "embedded",
            "data_dir": settings.data_dir / DEMO_DIR,
            "load_seeds_if_empty": False,  # load_demo does it, with the rest
        }
    )


@dataclass(frozen=True, slots=True)
class DemoReport:
    loaded: bool  # False: the store already held the demo
    bases: int = 0
    certificates: int = 0


async def load_demo(
    store: GraphStore,
    directory: Path,
    person_secret: bytes,
    say: Callable[[str], None] = lambda _: None,
) -> DemoReport:
    """Fill ``store`` (the demo store in ``directory``) unless it already holds the demo."""
    done = directory / _DONE
    finished = done.is_file() and done.read_text(encoding="utf-8") == _CONTENT
    if finished and not await store_is_empty(store):
        return DemoReport(loaded=False)
    files = directory / "synthetic"
    files.mkdir(parents=True, exist_ok=True)
    say("loading the seeds")
    await load_seeds(store)
    say("generating and importing synthetic bases (SYN-…, 合成数据)")
    bases_file = files / "bases.synthetic.csv"
    write_synthetic(SEED, bases_file)
    bases = await import_bases(store, bases_file, actor=ACTOR)
    say(f"generating and importing {WORKERS} synthetic certificates (SYN-…)")
    workers_file = files / "workers.synthetic.csv"
    write_synthetic_workers(WORKERS, SEED, workers_file, today=beijing_today())
    workers = await import_workers(store, workers_file, person_secret, actor=ACTOR)
    done.write_text(_CONTENT, encoding="utf-8")
    return DemoReport(loaded=True, bases=bases.read, certificates=workers.read)
