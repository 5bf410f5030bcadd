"""What every CSV import shares: lines decoded one at a time, records checked for shape, the
loop that sends bad rows to the rejects file, file checks.

Files are streamed: bytes are read a line at a time and decoded with ``surrogateescape``, so a
line that is not UTF-8 does not stop an import — its bad bytes survive as lone surrogates,
which no valid UTF-8 text can produce, and the row holding them is rejected.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from zhepai.domain.problems import Problem

# Bytes that failed to decode come back as U+DC80..U+DCFF under ``surrogateescape``.
BAD_BYTE = re.compile("[\udc80-\udcff]")
# The first cell of a made-up row (the demo's and the benchmarks' files): counted apart.
SYNTHETIC_PREFIX = "SYN-"

# (rows read so far, bytes read so far, file size in bytes)
ImportProgress = Callable[[int, int, int], None]


class ImportRefused(Exception):
    """The file as a whole cannot be imported; nothing was written."""

    exit_code = 1


class UnreadableFile(ImportRefused):
    exit_code = 1


class BadHeader(ImportRefused):
    exit_code = 2


class NoCatalogue(ImportRefused):
    """The store holds no counties, so every row would be rejected: load the seeds first."""

    exit_code = 1


def default_rejects_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.rejects.csv")


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


@dataclass(slots=True)  # built for every row imported: frozen ones build several times slower
class Record:
    line: int
    fields: list[str]  # as read, in the header's order (for the rejects file)
    problems: list[Problem]  # set when the record cannot even be read as a row


class Lines:
    """The file's lines, decoded one at a time. Counts what it has handed out: the csv
    reader pulls exactly the lines of one record, so ``count`` is the record's last line."""

    def __init__(self, handle: IO[bytes], path: Path) -> None:
        self._handle = handle
        self._path = path
        self.count = 0
        self.bytes_read = 0
        self._first = True

    def __iter__(self) -> Iterator[str]:
        try:
            for raw in self._handle:
                self.count += 1
                self.bytes_read += len(raw)
                if self._first:
                    # Spreadsheet programs often save UTF-8 with a byte-order mark.
                    raw = raw.removeprefix(b"\xef\xbb\xbf")
                    self._first = False
                yield raw.decode("utf-8", errors="surrogateescape")
        except OSError as exc:
            raise _unreadable(self._path, exc) from exc


def csv_records(lines: Lines, header: Sequence[str], path: Path) -> Iterator[Record]:
    """The records after the header, which is read and checked at once (``BadHeader``);
    each record is named by its first line and carries the problems of its shape."""
    reader = csv.reader(lines)
    try:
        found = next(reader, None)
    except csv.Error as exc:
        raise UnreadableFile(f"{path}: cannot read the header: {exc}") from exc
    check_header(found, header, path)
    return _rows(reader, lines, header)


def _rows(reader: Iterator[list[str]], lines: Lines, header: Sequence[str]) -> Iterator[Record]:
    width = len(header)
    while True:
        start = lines.count + 1  # a quoted field may span lines: a row is named by its first
        try:
            fields = next(reader, None)
        except csv.Error as exc:
            # The csv module resumes on the next line after an error like an oversized field.
            yield Record(start, [], [Problem("", "CSV", f"not a CSV row: {exc}")])
            continue
        if fields is None:
            return
        if not "".join(fields).strip():
            continue  # blank lines (often one at the end) are not rows
        if len(fields) != width:
            yield Record(start, fields, [column_count(header, fields)])
            continue
        yield Record(start, fields, undecodable(header, fields))


def accepted[T](
    records: Iterable[Record],
    check: Callable[[Record], T | list[Problem]],
    rejects: Rejects,
    report: ImportReport,
) -> Iterator[T]:
    """What ``check`` makes of each record it takes; the others go to ``rejects``. Counts
    the rows read, rejected and synthetic in ``report``."""
    for record in records:
        report.read += 1
        if record.fields and record.fields[0].strip().startswith(SYNTHETIC_PREFIX):
            report.synthetic += 1
        result = check(record)
        if isinstance(result, list):
            report.rejected += 1
            rejects.add(record.fields, record.line, result)
        else:
            yield result


def duplicate(
    field: str, value: str | None, line: int, first_line: Callable[[str, int], int]
) -> list[Problem]:
    """DUPLICATE when ``value`` appeared on an earlier line (``first_line`` records that and
    answers it). The later row loses: the file says two things about one key, and the first
    is what a reader of the file sees first."""
    if not value:
        return []
    first = first_line(value, line)
    if first == line:
        return []
    return [Problem(field, "DUPLICATE", f"{value} already appears on line {first}")]


def readable(value: str) -> str:
    """A field as it can be written back out: undecodable bytes become U+FFFD."""
    return value.encode("utf-8", errors="surrogateescape").decode("utf-8", errors="replace")


def bad_bytes(value: str) -> str:
    return " ".join(f"0x{ord(c) - 0xDC00:02X}" for c in BAD_BYTE.findall(value)[:4])


def undecodable(header: Sequence[str], fields: Sequence[str]) -> list[Problem]:
    if not BAD_BYTE.search("".join(fields)):
        return []  # the common case, in one scan
    return [
        Problem(name, "ENCODING", f"not valid UTF-8 (bytes {bad_bytes(value)})")
        for name, value in zip(header, fields, strict=True)
        if BAD_BYTE.search(value)
    ]


def column_count(header: Sequence[str], fields: Sequence[str]) -> Problem:
    if len(fields) < len(header):
        return Problem(
            header[len(fields)], "COLUMNS", f"expected {len(header)} columns, got {len(fields)}"
        )
    extra = ", ".join(repr(readable(f)) for f in fields[len(header) :][:3])
    return Problem(
        "", "COLUMNS", f"expected {len(header)} columns, got {len(fields)} (extra: {extra})"
    )


def check_header(header: Sequence[str] | None, expected: Sequence[str], path: Path) -> None:
    found = [readable(h).strip() for h in header or []]
    if found != list(expected):
        shown = ",".join(found) if header else "(empty file)"
        raise BadHeader(
            f"{path}: the header must be exactly {','.join(expected)} — found {shown}; "
            "nothing was imported"
        )


class Rejects:
    """The rejects file, created on the first reject only (truncating an earlier run's):
    the row's own cells, then where it failed and why (and, with ``values``, the failing
    field's value)."""

    def __init__(self, path: Path, header: Sequence[str], values: bool = False) -> None:
        self.path = path
        self._header = tuple(header)
        self._values = values
        self._handle: IO[str] | None = None
        self._writer: Any = None

    def add(self, fields: Sequence[str], line: int, problems: Sequence[Problem]) -> None:
        if self._writer is None:
            self._handle = self.path.open("w", encoding="utf-8", newline="")
            self._writer = csv.writer(self._handle, lineterminator="\n")
            extra = ("line", "column", "value", "reason") if self._values else (
                "line", "column", "reason",
            )  # fmt: skip
            self._writer.writerow((*self._header, *extra))
        # Keep the row's own cells; a short row is padded, a long one's extras are named in
        # the reason, so the rejects file always has the import columns to correct and reuse.
        width = len(self._header)
        cells = [readable(f) for f in fields[:width]]
        cells += [""] * (width - len(cells))
        order = {name: i for i, name in enumerate(self._header)}
        first = min(problems, key=lambda p: order.get(p.field, width))
        reason = "; ".join(f"{p.field}: {p.message}" if p.field else p.message for p in problems)
        if self._values:
            value = cells[order[first.field]] if first.field in order else ""
            self._writer.writerow([*cells, line, first.field, value, reason])
        else:
            self._writer.writerow([*cells, line, first.field, reason])

    @property
    def written(self) -> bool:
        return self._handle is not None

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()

    def settle(self) -> tuple[Path | None, Path | None]:
        """(this run's rejects file or None, an earlier run's file now removed or None).

        A clean run leaves no rejects behind: an old file would describe rows that are now
        fixed, and be mistaken for this run's."""
        if self.written:
            return self.path, None
        if self.path.exists():
            self.path.unlink()
            return None, self.path
        return None, None


# File handling is plain blocking I/O on a local file: imports are command-line batch jobs
# with nothing else running on their loop.
def open_source(path: Path, rejects_path: Path) -> tuple[IO[bytes], int]:
    if rejects_path.resolve() == path.resolve():
        raise UnreadableFile(f"{path}: the rejects file cannot be the imported file")
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    return handle, source_size(path)


def source_size(path: Path) -> int:
    """The file's size in bytes (refused as ``open_source`` refuses it)."""
    try:
        return path.stat().st_size
    except OSError as exc:
        raise _unreadable(path, exc) from exc


def _unreadable(path: Path, exc: OSError) -> UnreadableFile:
    return UnreadableFile(f"{path}: cannot read: {exc.strerror or exc}")
