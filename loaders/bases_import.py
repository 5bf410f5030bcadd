"""Importing bases from a CSV file, row by row, with a rejects file for the rows that fail.

The file is streamed (``loaders/csv_files.py``). Good rows are written in batches through
``BaseRepository.write`` (create / update / unchanged by content hash), so re-running a file
changes nothing and a rejected row never touches what is already stored.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from zhepai.domain.bases.rules import BaseInputRow, BaseRules, shape_problems
from zhepai.graph.bases import BaseRepository, BaseWrite
from zhepai.graph.store import GraphStore
from zhepai.loaders.csv_files import (
    ImportRefused,
    Lines,
    NoCatalogue,
    Problem,
    Rejects,
    UnreadableFile,
    check_header,
    column_count,
    default_rejects_path,
    open_source,
    undecodable,
)
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
SYNTHETIC_PREFIX = "SYN-"

# (rows read so far, bytes read so far, file size in bytes)
ImportProgress = Callable[[int, int, int], None]

# The import's refusals, under the names callers know them by.
BaseImportError = ImportRefused


@dataclass(slots=True)
class ImportReport:
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    synthetic: int = 0
    rejects_path: Path | None = None  # set only when a rejects file was written
    stale_rejects_removed: Path | None = None  # an earlier run's rejects file, now gone

    def totals(self) -> dict[str, int]:
        return {
            "read": self.read,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
        }


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
    """Turns a CSV record into a BaseWrite or the problems that stop it."""

    def __init__(self, rules: BaseRules) -> None:
        self._rules = rules
        self._first_line: dict[str, int] = {}

    def check(self, fields: list[str], line: int) -> BaseWrite | list[Problem]:
        if len(fields) != len(HEADER):
            return [column_count(HEADER, fields)]
        bad = undecodable(HEADER, fields)
        if bad:
            return bad
        problems = self._duplicate(fields[0].strip(), line)
        data = _shape_input(fields)
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

    def _duplicate(self, base_id: str, line: int) -> list[Problem]:
        if not base_id:
            return []
        first = self._first_line.setdefault(base_id, line)
        if first == line:
            return []
        # The later row loses: the file says two things about one base, and the first one
        # is what a reader of the file sees first.
        return [Problem("id", "DUPLICATE", f"{base_id} already appears on line {first}")]


async def import_bases(
    store: GraphStore,
    path: Path,
    rejects_path: Path | None = None,
    actor: str = "cli",
    progress: ImportProgress | None = None,
) -> ImportReport:
    """Import the bases in ``path``; bad rows go to ``rejects_path`` (default
    ``<stem>.rejects.csv`` beside the file), good ones are written in batches."""
    rejects_path = rejects_path or default_rejects_path(path)
    handle, size = open_source(path, rejects_path)
    with handle:
        lines = Lines(handle)
        reader = csv.reader(lines)
        try:
            header = next(reader, None)
        except (OSError, csv.Error) as exc:
            raise UnreadableFile(f"{path}: cannot read: {exc}") from exc
        check_header(header, HEADER, path)
        rules = await BaseRules.load(store)
        if not rules.counties:
            raise NoCatalogue("the store holds no regions: load the catalogue first (zhepai load)")
        report = ImportReport()
        rejects = Rejects(rejects_path, HEADER)
        meter = ImportMeter("bases")
        with meter.running():
            try:
                await _import_rows(
                    store, reader, lines, size, rules, rejects, actor, report, progress, meter
                )
            finally:
                rejects.close()
                meter.update(report.totals())
    report.rejects_path, report.stale_rejects_removed = rejects.settle()
    return report


async def _import_rows(
    store: GraphStore,
    reader: Iterator[list[str]],
    lines: Lines,
    size: int,
    rules: BaseRules,
    rejects: Rejects,
    actor: str,
    report: ImportReport,
    progress: ImportProgress | None,
    meter: ImportMeter,
) -> None:
    repository = BaseRepository(store)
    validator = _Validator(rules)
    batch: list[BaseWrite] = []

    async def flush() -> None:
        written = await repository.write(batch, actor, "IMPORT")
        report.created += written.created
        report.updated += written.updated
        report.unchanged += written.unchanged
        batch.clear()
        meter.update(report.totals())
        if progress is not None:
            progress(report.read, lines.bytes_read, size)

    while True:
        start = lines.count + 1  # a quoted field may span lines: a row is named by its first
        try:
            fields = next(reader, None)
        except csv.Error as exc:
            # The csv module resumes on the next line after an error like an oversized field.
            report.read += 1
            report.rejected += 1
            rejects.add([], start, [Problem("", "CSV", f"not a CSV row: {exc}")])
            continue
        if fields is None:
            break
        if not any(f.strip() for f in fields):
            continue  # blank lines (often one at the end) are not rows
        report.read += 1
        if fields[0].strip().startswith(SYNTHETIC_PREFIX):
            report.synthetic += 1
        result = validator.check(fields, start)
        if isinstance(result, BaseWrite):
            batch.append(result)
            if len(batch) >= BATCH:
                await flush()
        else:
            report.rejected += 1
            rejects.add(fields, start, result)
    await flush()
