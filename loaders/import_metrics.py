"""Import progress as Prometheus metrics: rows read, written and rejected, by import kind.

The counts are added at every batch, not at the end, so a scrape during a long import sees
it advance. Metrics are per process: they show on the /metrics of the process that runs the
import.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from prometheus_client import Counter, Gauge

OUTCOMES = ("read", "created", "updated", "unchanged", "rejected")
KINDS = ("bases", "workers")

IMPORT_ROWS = Counter(
    "zhepai_import_rows_total",
    "Rows handled by data imports: read, then created / updated / unchanged or rejected",
    ["kind", "outcome"],
)
# livesum: under `zhepai serve --workers N`, the imports running in the live workers, together
IMPORTS_RUNNING = Gauge(
    "zhepai_imports_running", "Imports in progress", ["kind"], multiprocess_mode="livesum"
)

for _kind in KINDS:  # every series present from the start, so a dashboard starts at zero
    IMPORTS_RUNNING.labels(_kind)
    for _outcome in OUTCOMES:
        IMPORT_ROWS.labels(_kind, _outcome)


class ImportMeter:
    """Adds one import's running totals to the metrics, as differences since last time."""

    def __init__(self, kind: str) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown import kind {kind!r}; one of {', '.join(KINDS)}")
        self.kind = kind
        self._added = dict.fromkeys(OUTCOMES, 0)

    def update(self, totals: Mapping[str, int]) -> None:
        for outcome in OUTCOMES:
            delta = totals[outcome] - self._added[outcome]
            if delta:
                IMPORT_ROWS.labels(self.kind, outcome).inc(delta)
                self._added[outcome] = totals[outcome]

    @contextmanager
    def running(self) -> Iterator[ImportMeter]:
        with IMPORTS_RUNNING.labels(self.kind).track_inprogress():
            yield self
