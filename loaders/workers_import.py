"""Importing certificates from CSV or JSON Lines, streamed in batches, with a rejects file.

Each row is validated on its own (``loaders/worker_rows.py``); bad rows go to the rejects file
with their line, the failing column, its value and the reason, good rows are written in
batches by ``CertificateWriter`` (which keeps the statistics in step, in the same statement).
Memory does not grow with the file: rows are read one at a time, and the only thing kept for
the whole file is a compact record of the certificate numbers already seen
(``loaders/seen_numbers.py``), so that a number given twice rejects the later row.

Idempotent: a row equal to what is stored changes nothing, a corrected row updates its
certificate. Each batch is one atomic statement, so an import killed at any point and run
again ends exactly where an uninterrupted run does. Each batch also stores how far the import
had got (``graph.workers.Checkpoint``: the rows accepted so far and a digest of them). A run
that finds the checkpoint still describing the last write, and reaches the same digest after
as many rows of its own, has proved those rows written and unchanged: it checks them without
reading them back from the store (a read that costs about as much as writing), and writes
on from there. ``strict`` checks the whole file first
and writes nothing at all if any row fails.
"""

from __future__ import annotations

import asyncio
import enum
import hashlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta, timezone
from operator import attrgetter
from pathlib import Path
from typing import Any

import orjson
from pydantic import ValidationError

from zhepai.domain.problems import Problem
from zhepai.domain.talent.known_keys import keep as keep_keys
from zhepai.domain.talent.known_keys import load as known_keys_in
from zhepai.domain.talent.writer import CertificateWriter, Row, WriteReport
from zhepai.graph.errors import StoreError
from zhepai.graph.store import GraphStore
from zhepai.graph.workers import CertificateRecord, Checkpoint, PersonWrite, WorkerRepository
from zhepai.loaders.csv_files import (
    ImportProgress,
    ImportRefused,
    ImportReport,
    Lines,
    NoCatalogue,
    Rejects,
    accepted,
    csv_records,
    default_rejects_path,
    duplicate,
    open_source,
    readable,
    source_size,
    undecodable,
)

# The tests build records for the validator from here (re-exported).
from zhepai.loaders.csv_files import Record as Record
from zhepai.loaders.gc_pace import fewer_collections
from zhepai.loaders.import_metrics import ImportMeter
from zhepai.loaders.seen_numbers import SeenNumbers
from zhepai.loaders.worker_rows import (
    FIELDS,
    Accepted,
    Holders,
    WorkerRow,
    WorkerRules,
    shape_problems,
)

log = logging.getLogger(__name__)

BATCH = 2000
# Rows taken between two turns of the event loop. The write of the batch before waits for
# such a turn after each answer from the store (its version, its state, its apply), so the
# turns must come often (bench/RESULTS.md, "The event loop turns every 5 rows").
_YIELD_EVERY = 5
CHINA = timezone(timedelta(hours=8))  # issue dates are Beijing dates; China keeps no DST


class Format(enum.StrEnum):
    CSV = "csv"
    JSONL = "jsonl"

    @classmethod
    def of(cls, path: Path) -> Format:
        return cls.JSONL if path.suffix.lower() in (".jsonl", ".ndjson") else cls.CSV


class StrictRejected(ImportRefused):
    """--strict: a row failed, so nothing was written."""

    exit_code = 3


@dataclass(slots=True)
class WorkerImportReport(ImportReport):
    # Rows an earlier run of this file had already written when it was cut short: checked
    # again, and counted unchanged, but not read back from the store (see ``Checkpoint``).
    resumed: int = 0
    # Whether the store's keys were read first, so that rows they prove new were not looked
    # up (``talent/known_keys.py``).
    keys_known: bool = False

    def add(self, written: WriteReport) -> None:
        self.created += written.created
        self.updated += written.updated
        self.unchanged += written.unchanged


def beijing_today() -> date:
    return datetime.now(CHINA).date()


def _json_records(lines: Lines) -> Iterator[Record]:
    for text in lines:
        line = lines.count
        if not text.strip():
            continue
        try:
            value = orjson.loads(text.encode("utf-8", "surrogatepass"))
        except orjson.JSONDecodeError as exc:
            yield Record(line, [], [Problem("", "JSON", f"not a JSON object: {exc}")])
            continue
        if not isinstance(value, dict):
            yield Record(line, [], [Problem("", "JSON", "each line must be a JSON object")])
            continue
        fields = [_cell(value.get(name)) for name in FIELDS]
        extra = sorted(set(value) - set(FIELDS))
        problems = [Problem("", "COLUMNS", f"unknown fields {', '.join(extra)}")] if extra else []
        problems += [
            Problem(name, "INVALID", "must be a string, a number or null")
            for name in FIELDS
            if isinstance(value.get(name), dict | list | bool)
        ]
        yield Record(line, fields, problems or undecodable(FIELDS, fields))


def _cell(value: Any) -> str:
    if value is None or isinstance(value, dict | list | bool):
        return ""
    return str(value)


class _Validator:
    def __init__(self, rules: WorkerRules, today: date) -> None:
        self._rules = rules
        self._today = today
        self._first_line = SeenNumbers().first_line
        self._holders = Holders(rules.secret, today)

    def check(self, record: Record) -> Accepted | list[Problem]:
        if record.problems:
            return record.problems
        data = {n: v for n, raw in zip(FIELDS, record.fields, strict=True) if (v := raw.strip())}
        number = data.get("certificate_no")
        repeated = duplicate("certificate_no", number, record.line, self._first_line)
        try:
            row = WorkerRow.model_validate(data)
        except ValidationError as exc:
            return shape_problems(exc) + repeated
        result = self._rules.check(row, self._today, self._holders)
        if repeated:
            return (result if isinstance(result, list) else []) + repeated
        return result


async def import_workers(
    store: GraphStore,
    path: Path,
    secret: bytes,
    rejects_path: Path | None = None,
    actor: str = "cli",
    strict: bool = False,
    file_format: Format | None = None,
    progress: ImportProgress | None = None,
    today: date | None = None,
    batch_size: int = BATCH,
    known_keys: bool | None = None,
) -> WorkerImportReport:
    """Import the certificates in ``path``; see the module docstring for the rules.
    ``known_keys``: whether to read every key in the store first, so that rows it proves new
    are not looked up (``talent/known_keys.py``; FalkorDB only, never on Neo4j); by default,
    when the file is big enough against the store for that to pay. Either way the result is
    the same."""
    rejects_path = rejects_path or default_rejects_path(path)
    file_format = file_format or Format.of(path)
    rules = await WorkerRules.load(store, secret)
    if not rules.counties:
        raise NoCatalogue("the store holds no regions: load the catalogue first (zhepai load)")
    today = today or beijing_today()
    if strict:
        await _strict_check(path, rejects_path, file_format, rules, today)
    repository = WorkerRepository(store)
    known = None
    if known_keys is not False:
        known = await known_keys_in(store, None if known_keys else source_size(path))
    writer = CertificateWriter(repository, known)

    async def one_pass(resume: Checkpoint | None) -> tuple[WorkerImportReport | None, Rejects]:
        rejects = Rejects(rejects_path, FIELDS, values=True)
        options = _Options(actor, progress, batch_size, resume)
        report = await _import(
            path, file_format, _Validator(rules, today), writer, rejects, options
        )
        return report, rejects

    report, rejects = await one_pass(await repository.checkpoint())
    if report is None:
        # The checkpoint was not reached by this file's rows (another file, rows changed
        # since, another secret or catalogue): the file is read again, writing every row.
        report, rejects = await one_pass(None)
    if report is None:
        raise AssertionError("a pass without a checkpoint always ends with a report")
    report.rejects_path, report.stale_rejects_removed = rejects.settle()
    report.keys_known = known is not None
    if known is not None and writer.known is known:
        try:
            await keep_keys(store, known)  # for the next import (talent/known_keys.py)
        except (OSError, StoreError) as exc:  # everything is written: only a later read lost
            log.warning("the store's keys were not kept for the next import: %s", exc)
    return report


@dataclass(frozen=True, slots=True)
class Prefix:
    """The first rows of a file as an import would checkpoint them after writing them."""

    checkpoint: Checkpoint
    last: str  # the certificate number of the last of those rows
    following: str | None  # the number of the next accepted row, if any


async def prefix(
    store: GraphStore, path: Path, secret: bytes, rows: int, today: date | None = None
) -> Prefix:
    """The checkpoint an import of ``path`` records once it has written its first ``rows``
    accepted rows (checked as the import checks them; nothing is written)."""
    validator = _Validator(await WorkerRules.load(store, secret), today or beijing_today())
    taken, last = _Taken(), ""
    for _, result in _checked(path, default_rejects_path(path), Format.of(path), validator):
        if not isinstance(result, Accepted):
            continue
        if taken.rows == rows:
            return Prefix(taken.checkpoint(), last, result.certificate.no)
        taken.add(result)
        last = result.certificate.no
    if taken.rows < rows:
        raise ValueError(f"{path} has {taken.rows} acceptable rows, not {rows}")
    return Prefix(taken.checkpoint(), last, None)


_PERSON_VALUES = attrgetter(*(f.name for f in fields(PersonWrite)))
_CERTIFICATE_VALUES = attrgetter(*(f.name for f in fields(CertificateRecord)))


class _Taken:
    """The accepted rows of a pass so far, as a checkpoint records them: their number and a
    digest of every value written, resolved (the import and ``prefix`` both count so), and
    the digest of the first row alone."""

    def __init__(self) -> None:
        self.rows = 0
        self._digest = hashlib.blake2b(digest_size=16)
        self.first: str | None = None

    def add(self, accepted: Accepted) -> None:
        self.rows += 1
        # every field, as JSON arrays: orjson spells a dataclass five times slower
        values = (_PERSON_VALUES(accepted.person), _CERTIFICATE_VALUES(accepted.certificate))
        self._digest.update(orjson.dumps(values))
        if self.rows == 1:
            self.first = self._digest.hexdigest()

    def checkpoint(self) -> Checkpoint:
        return Checkpoint(self.rows, self._digest.hexdigest(), self.first)


@dataclass(frozen=True, slots=True)
class _Options:
    actor: str
    progress: ImportProgress | None
    batch_size: int
    resume: Checkpoint | None  # the stored checkpoint, if this pass may resume from it


async def _import(
    path: Path,
    file_format: Format,
    validator: _Validator,
    writer: CertificateWriter,
    rejects: Rejects,
    options: _Options,
) -> WorkerImportReport | None:
    """One pass over the file. With ``resume``, the accepted rows up to it are only checked,
    not written, once their fingerprint proves them the rows the checkpoint was written
    after; when it does not (another file, a changed row, another secret or catalogue),
    None: the caller reads the file again from the start, writing every row."""
    report = WorkerImportReport()
    actor, progress, batch_size, resume = (
        options.actor, options.progress, options.batch_size, options.resume,
    )  # fmt: skip
    taken = _Taken()
    batch: list[Row] = []
    # One batch is written while the next is read, checked and worked out (``prepare``): the
    # store works on one core while Python works on the other. Batches still land strictly
    # in file order.
    writing: asyncio.Task[WriteReport] | None = None
    meter = ImportMeter("workers")
    since = resume  # the checkpoint of the rows handed to the writer so far

    async def flush() -> None:
        nonlocal writing, since
        prepared = None
        if batch:
            rows = list(batch)
            batch.clear()
            reached = taken.checkpoint()
            prepared = writer.prepare(rows)
        if writing is not None:
            report.add(await writing)
            writing = None
            meter.update(report.totals())
        if prepared is not None:
            writing = asyncio.create_task(
                writer.write(rows, actor, "IMPORT", path.name, reached, prepared, since)
            )
            since = reached

    handle, size = open_source(path, rejects.path)
    with handle, meter.running(), fewer_collections():
        lines = Lines(handle, path)
        try:
            records = _records(lines, file_format, path)
            for result in accepted(records, validator.check, rejects, report):
                taken.add(result)
                if taken.rows % _YIELD_EVERY == 0:
                    await asyncio.sleep(0)  # let the running write take its next step
                if resume is not None:
                    if taken.rows == 1 and resume.first not in (None, taken.first):
                        return None  # another file (or its first row changed): no resuming
                    if taken.rows < resume.rows:
                        if progress is not None and taken.rows % batch_size == 0:
                            progress(report.read, lines.bytes_read, size)
                        continue
                    if taken.checkpoint().digest != resume.digest:  # `first` may be missing (older)
                        return None
                    report.unchanged = report.resumed = taken.rows
                    resume = None
                    continue
                batch.append(Row(result.person, result.certificate))
                if len(batch) >= batch_size:
                    await flush()
                    if progress is not None:
                        progress(report.read, lines.bytes_read, size)
            if resume is not None:
                return None  # the file ended before the checkpoint's rows
            await flush()
            await flush()  # the last batch
        finally:
            rejects.close()
            meter.update(report.totals())
            if writing is not None and not writing.done():
                writing.cancel()  # a batch in flight is one atomic statement: all or nothing
    if progress is not None:
        progress(report.read, size, size)
    return report


def _records(lines: Lines, file_format: Format, path: Path) -> Iterator[Record]:
    if file_format is Format.JSONL:
        return _json_records(lines)
    return csv_records(lines, FIELDS, path)


def _checked(
    path: Path, rejects_path: Path, file_format: Format, validator: _Validator
) -> Iterator[tuple[Record, Accepted | list[Problem]]]:
    """Every record of the file with what the checks made of it (nothing written)."""
    handle, _ = open_source(path, rejects_path)
    with handle:
        for record in _records(Lines(handle, path), file_format, path):
            yield record, validator.check(record)


async def _strict_check(
    path: Path, rejects_path: Path, file_format: Format, rules: WorkerRules, today: date
) -> None:
    for record, result in _checked(path, rejects_path, file_format, _Validator(rules, today)):
        if not isinstance(result, Accepted):
            first = result[0]
            value = ""
            if first.field in FIELDS and record.fields:
                value = readable(record.fields[FIELDS.index(first.field)])
            raise StrictRejected(
                f"{path}: line {record.line}, column {first.field or '-'}"
                f"{f' ({value!r})' if value else ''}: {first.message} "
                "— nothing was imported (--strict)"
            )
