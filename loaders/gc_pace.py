"""Fewer passes of Python's cycle collector while an import runs.

An import makes container objects that live until their batch is written (the row's dict,
its model and records, the batch's maps). With the default first threshold of 700, importing
100,000 rows ran 1,263 first-generation passes (one every 79 rows), 115 second-generation and
9 full ones, and between them they found 245 objects (measured by hand with
``gc.get_stats()``): what an import makes is freed by reference counting.

Raising the first threshold to 20,000 made ``import_workers`` of 100,000 rows, then the next
100,000, about 9% faster (4,209 -> 4,616 and 4,266 -> 4,669 rows/s; measured by hand, one run
each, the two thresholds in turns). The collector still runs, only less often: at most
20,000 objects wait for a pass, and the import process's peak memory stayed flat
(bench/RESULTS.md, case 5: 479 MiB at 100,000 rows and at 1,000,000).
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

FIRST_THRESHOLD = 20_000

_lock = threading.Lock()
_depth = 0  # imports running in this process (the outermost one restores the thresholds)
_saved: tuple[int, int, int] | None = None


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Raise the collector's first threshold for the duration (restored afterwards, also
    when several imports overlap in one process)."""
    global _depth, _saved
    with _lock:
        if _depth == 0:
            _saved = gc.get_threshold()
            gc.set_threshold(max(FIRST_THRESHOLD, _saved[0]), _saved[1], _saved[2])
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _saved is not None:
                gc.set_threshold(*_saved)
                _saved = None
