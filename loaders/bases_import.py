"""Importing bases from a CSV file, row by row, with a rejects file for the rows that fail.

The file is streamed (``loaders/csv_files.py``). Good rows are written in batches through
``BaseRepository.write`` (create / update / unchanged by content hash), so re-running a file
changes nothing and a rejected row never touches what is already stored.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from zhepai.domain.bases.rules import BaseInputRow, BaseRules, shape_problems
from zhepai.domain.problems import Problem
from zhepai.graph.bases import BaseRepository
from zhepai.graph.records import BaseRecord
from zhepai.graph.store import GraphStore
from zhepai.loaders import csv_files
from zhepai.loaders.import_metrics import ImportMeter

HEADER = (
    "id",
    "name",
    "kind",
    "level",
    "region_code",
    "series",
    "designated_year",
    "capacity",
)
BATCH = 500

# The import's refusals and report, under the names callers know them by.
BaseImportError = csv_files.ImportRefused
ImportReport = csv_files.ImportReport  # cli.py takes it from here


def _shape_input(fields: list[str]) -> dict[str, Any]:
    """The row as BaseInputRow takes it: empty cells are left out (required ones then fail
    as "Field required", optional ones default to None); series split on ``;``."""
    data: dict[str, Any] = {}
    for name, value in zip(HEADER, fields, strict=True):
        value = value.strip()
        if not value:
            continue
        if name == "series":
            # A trailing or doubled ';' is a typing slip, not a missing series.
            data[name] = tuple(code.strip() for code in value.split(";") if code.strip())
        else:
            data[name] = value
    return data


class _Validator:
    """Turns a CSV record into a BaseRecord or the problems that stop it."""

    def __init__(self, rules: BaseRules) -> None:
        self._rules = rules
        self._first_line: dict[str, int] = {}

    def check(self, record: csv_files.Record) -> BaseRecord | list[Problem]:
        if record.problems:
            return record.problems
        base_id = record.fields[0].strip()
        problems = csv_files.duplicate("id", base_id, record.line, self._first_line.setdefault)
        data = _shape_input(record.fields)
        try:
            row = BaseInputRow.model_validate(data)
        except ValidationError as exc:
            shape = shape_problems(exc)
            # Still report missing counties / series for the fields whose shape was fine,
            # so one pass over the rejects file fixes the row.
            flagged = {p.field for p in shape}
            unchecked = BaseInputRow.model_construct(
                id=data.get("id", ""),
                name=data.get("name", ""),
                kind=data.get("kind", ""),
                region_code=data.get("region_code", ""),
                series=data.get("series", ()),
            )
            references = [
                p
                for p in self._rules.check(unchecked)
                if p.field not in flagged and p.field in data
            ]
            return shape + references + problems
        problems = self._rules.check(row) + problems
        if problems:
            return problems
        return self._rules.to_write(row)


async def import_bases(
    store: GraphStore,
    path: Path,
    rejects_path: Path | None = None,
    actor: str = "cli",
    progress: csv_files.ImportProgress | None = None,
) -> ImportReport:
    """Import the bases in ``path``; bad rows go to ``rejects_path`` (default
    ``<stem>.rejects.csv`` beside the file), good ones are written in batches."""
    rejects_path = rejects_path or csv_files.default_rejects_path(path)
    handle, size = csv_files.open_source(path, rejects_path)
    with handle:
        lines = csv_files.Lines(handle, path)
        records = csv_files.csv_records(lines, HEADER, path)
        rules = await BaseRules.load(store)
        if not rules.counties:
            raise csv_files.NoCatalogue(
                "the store holds no regions: load the catalogue first (zhepai load)"
            )
        report = ImportReport()
        rejects = csv_files.Rejects(rejects_path, HEADER)
        meter = ImportMeter("bases")
        with meter.running():
            try:
                await _import_rows(
                    store, records, lines, size, rules, rejects, actor, report, progress, meter
                )
            finally:
                rejects.close()
                meter.update(report.totals())
    report.rejects_path, report.stale_rejects_removed = rejects.settle()
    return report


async def _import_rows(
    store: GraphStore,
    records: Iterator[csv_files.Record],
    lines: csv_files.Lines,
    size: int,
    rules: BaseRules,
    rejects: csv_files.Rejects,
    actor: str,
    report: ImportReport,
    progress: csv_files.ImportProgress | None,
    meter: ImportMeter,
) -> None:
    repository = BaseRepository(store)
    validator = _Validator(rules)
    batch: list[BaseRecord] = []

    async def flush() -> None:
        written = await repository.write(batch, actor, "IMPORT")
        report.created += written.created
        report.updated += written.updated
        report.unchanged += written.unchanged
        batch.clear()
        meter.update(report.totals())
        if progress is not None:
            progress(report.read, lines.bytes_read, size)

    for write in csv_files.accepted(records, validator.check, rejects, report):
        batch.append(write)
        if len(batch) >= BATCH:
            await flush()
    await flush()
