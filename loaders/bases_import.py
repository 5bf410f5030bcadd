"""Importing bases from a CSV file, row by row, with a rejects file for the rows that fail.

The file is streamed: bytes are read a line at a time and decoded with ``surrogateescape``,
so a line that is not UTF-8 does not stop the import — its bad bytes survive as lone
surrogates, which no valid UTF-8 text can produce, and the row holding them is rejected.
Good rows are written in batches through ``BaseRepository.write`` (create / update /
unchanged by content hash), so re-running a file changes nothing and a rejected row never
touches what is already stored.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from graph.bases import BaseRepository, BaseWrite
from graph.store import GraphStore
from loaders.base_rows import BaseInputRow, BaseRules, Problem, shape_problems
from loaders.import_metrics import ImportMeter

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
REJECT_COLUMNS = (*HEADER, "line", "column", "reason")
BATCH = 500
SYNTHETIC_PREFIX = "SYN-"

# Bytes that failed to decode come back as U+DC80..U+DCFF under ``surrogateescape``.
_BAD_BYTE = re.compile("[\udc80-\udcff]")

# (rows read so far, bytes read so far, file size in bytes)
ImportProgress = Callable[[int, int, int], None]


class BaseImportError(Exception):
    """The file as a whole cannot be imported; nothing was written."""

    exit_code = 1


class UnreadableFile(BaseImportError):
    exit_code = 1


class BadHeader(BaseImportError):
    exit_code = 2


class NoCatalogue(BaseImportError):
    """The store holds no counties, so every row would be rejected: load the seeds first."""

    exit_code = 1


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


def default_rejects_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.rejects.csv")


class _Lines:
    """The file's lines, decoded one at a time. Counts what it has handed out: the csv
    reader pulls exactly the lines of one record, so ``count`` is the record's last line."""

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle = handle
        self.count = 0
        self.bytes_read = 0
        self._first = True

    def __iter__(self) -> Iterator[str]:
        for raw in self._handle:
            self.count += 1
            self.bytes_read += len(raw)
            if self._first:
                # Spreadsheet programs often save UTF-8 with a byte-order mark.
                raw = raw.removeprefix(b"\xef\xbb\xbf")
                self._first = False
            yield raw.decode("utf-8", errors="surrogateescape")


def _readable(value: str) -> str:
    """A field as it can be written back out: undecodable bytes become U+FFFD."""
    return value.encode("utf-8", errors="surrogateescape").decode("utf-8", errors="replace")


def _bad_bytes(value: str) -> str:
    return " ".join(f"0x{ord(c) - 0xDC00:02X}" for c in _BAD_BYTE.findall(value)[:4])


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


class _Rejects:
    """The rejects file, created on the first reject only (truncating an earlier run's)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[str] | None = None
        self._writer: Any = None

    def add(self, fields: list[str], line: int, problems: list[Problem]) -> None:
        if self._writer is None:
            self._handle = self.path.open("w", encoding="utf-8", newline="")
            self._writer = csv.writer(self._handle, lineterminator="\n")
            self._writer.writerow(REJECT_COLUMNS)
        # Keep the row's own cells; a short row is padded, a long one's extras are named in
        # the reason, so the rejects file always has the import columns to correct and reuse.
        cells = [_readable(f) for f in fields[: len(HEADER)]]
        cells += [""] * (len(HEADER) - len(cells))
        order = {name: i for i, name in enumerate(HEADER)}
        first = min(problems, key=lambda p: order.get(p.field, len(HEADER)))
        reason = "; ".join(f"{p.field}: {p.message}" if p.field else p.message for p in problems)
        self._writer.writerow([*cells, line, first.field, reason])

    @property
    def written(self) -> bool:
        return self._handle is not None

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()


class _Validator:
    """Turns a CSV record into a BaseWrite or the problems that stop it."""

    def __init__(self, rules: BaseRules) -> None:
        self._rules = rules
        self._first_line: dict[str, int] = {}

    def check(self, fields: list[str], line: int) -> BaseWrite | list[Problem]:
        if len(fields) != len(HEADER):
            return [_column_count(fields)]
        undecodable = [
            Problem(name, "ENCODING", f"not valid UTF-8 (bytes {_bad_bytes(value)})")
            for name, value in zip(HEADER, fields, strict=True)
            if _BAD_BYTE.search(value)
        ]
        if undecodable:
            return undecodable
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


def _column_count(fields: list[str]) -> Problem:
    if len(fields) < len(HEADER):
        return Problem(
            HEADER[len(fields)],
            "COLUMNS",
            f"expected {len(HEADER)} columns, got {len(fields)}",
        )
    extra = ", ".join(repr(_readable(f)) for f in fields[len(HEADER) :][:3])
    return Problem(
        "", "COLUMNS", f"expected {len(HEADER)} columns, got {len(fields)} (extra: {extra})"
    )


def _check_header(header: list[str] | None, path: Path) -> None:
    found = [_readable(h).strip() for h in header or []]
    if found != list(HEADER):
        shown = ",".join(found) if header else "(empty file)"
        raise BadHeader(
            f"{path}: the header must be exactly {','.join(HEADER)} — found {shown}; "
            "nothing was imported"
        )


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
    handle, size = _open(path, rejects_path)
    with handle:
        lines = _Lines(handle)
        reader = csv.reader(lines)
        try:
            header = next(reader, None)
        except (OSError, csv.Error) as exc:
            raise UnreadableFile(f"{path}: cannot read: {exc}") from exc
        _check_header(header, path)
        rules = await BaseRules.load(store)
        if not rules.counties:
            raise NoCatalogue("the store holds no regions: load the catalogue first (zhepai load)")
        report = ImportReport()
        rejects = _Rejects(rejects_path)
        meter = ImportMeter("bases")
        with meter.running():
            try:
                await _import_rows(
                    store, reader, lines, size, rules, rejects, actor, report, progress, meter
                )
            finally:
                rejects.close()
                meter.update(report.totals())
    _settle_rejects(rejects, report)
    return report


# File handling is plain blocking I/O on a local file: the import is a command-line batch job
# with nothing else running on its loop, so it is kept out of the async functions only to
# say so once, here.
def _open(path: Path, rejects_path: Path) -> tuple[IO[bytes], int]:
    if rejects_path.resolve() == path.resolve():
        raise UnreadableFile(f"{path}: the rejects file cannot be the imported file")
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise UnreadableFile(f"{path}: cannot read: {exc.strerror or exc}") from exc
    return handle, path.stat().st_size


def _settle_rejects(rejects: _Rejects, report: ImportReport) -> None:
    if rejects.written:
        report.rejects_path = rejects.path
    elif rejects.path.exists():
        # A clean run leaves no rejects behind: an old file would describe rows that are
        # now fixed, and be mistaken for this run's.
        rejects.path.unlink()
        report.stale_rejects_removed = rejects.path


async def _import_rows(
    store: GraphStore,
    reader: Iterator[list[str]],
    lines: _Lines,
    size: int,
    rules: BaseRules,
    rejects: _Rejects,
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
