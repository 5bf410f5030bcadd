"""Fewer passes of Python's cycle collector while an import runs.

An import makes container objects that live until their batch is written, and reference
counting frees nearly all of them: at the default first threshold (700) the collector runs
every few dozen rows and finds almost nothing. A threshold of 20,000 still collects, less
often, without raising the import's peak memory (bench/RESULTS.md, "Known keys").
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
