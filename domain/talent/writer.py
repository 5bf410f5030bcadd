"""Writing certificates: the counter changes a batch causes, computed and written with it.

``CertificateWriter.write`` reads the stored certificates of every person a batch touches,
works out what changes and the counter changes that follow (``talent/cells.py``), and writes
both in one statement guarded by the ``workers`` version it read: if another writer got in
first, nothing is written and the batch is worked out again. An import also passes the keys
the store holds (``talent/known_keys.py``) and then writes a batch in two statements: the rows
those keys prove new, worked out and spelled (``prepare``) while the batch before is being
written, so the store does not wait for them; then the few others, read once the first has
landed (bench/RESULTS.md, "A batch in two statements"). The first statement records the
checkpoint from before the batch, so a cut between the two resumes with the whole batch.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from zhepai.domain.talent.cells import REVOKED, VALID, Held, Tally
from zhepai.domain.talent.known_keys import KnownKeys
from zhepai.graph.errors import StoreError, StoreTimeout, StoreUnavailable
from zhepai.graph.store import Bound
from zhepai.graph.workers import (
    Batch,
    CertificateRecord,
    Checkpoint,
    EmployerClash,
    PersonRecord,
    PersonState,
    PersonWrite,
    WorkerRepository,
)

MAX_ATTEMPTS = 8
# A store that stalls (FalkorDB blocks for seconds while it forks to rewrite its log, and the
# pause grows with the graph) or restarts is waited for: a batch is one guarded statement,
# so trying it again after a timeout is safe whether or not the first attempt landed.
TRANSIENT_RETRIES = 6


class WriteConflict(StoreError):
    """Other writers kept changing the workers while this batch was being applied."""


@dataclass(slots=True)
class WriteReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, other: WriteReport) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged


@dataclass(slots=True)  # built for every row imported: frozen ones build several times slower
class Row:
    """One certificate with its holder, as a batch states it. ``status`` None keeps the
    stored status (VALID for a new certificate)."""

    person: PersonWrite
    certificate: CertificateRecord
    status: str | None = None


def revocation(person: PersonRecord, certificate: CertificateRecord, on: date | None = None) -> Row:
    """The row that revokes ``certificate`` of ``person`` (both as stored) on the day ``on``
    (today by default): the statistics count it in force until the day before. Revoking it
    again changes nothing: its day stays the first one."""
    holder = PersonWrite(person.key, person.masked, person.name, person.birth_year, person.sex)
    day: str | None = (on or datetime.now(UTC).date()).isoformat()
    if certificate.status == REVOKED:
        day = certificate.revoked_on
    return Row(holder, replace(certificate, status=REVOKED, revoked_on=day), status=REVOKED)


def held(c: CertificateRecord) -> Held:
    return Held(c.no, c.region, c.series, c.level, c.issued_on, c.status == VALID, c.revoked_on)


def flow_rows(delta: Tally) -> list[dict[str, object]]:
    """The apply statement's ``cells`` for a tally of changes: one per county × series ×
    level × year changed, named by its key alone (the statement splits it for a new counter:
    a batch's parameters are a megabyte, and each byte is parsed), and a new-high-skilled
    change only where there is one (most are 0)."""
    rows: list[dict[str, object]] = []
    persons, certificates, issued = delta.persons, delta.certificates, delta.issued
    entered, high = delta.entered, delta.entered_high
    for key in sorted(delta.keys()):
        county, series, level, year = key
        row: dict[str, object] = {
            "key": f"{county}|{series}|{level}|{year}", "persons": persons.get(key, 0),
            "certificates": certificates.get(key, 0), "issued": issued.get(key, 0),
            "entered": entered.get(key, 0),
        }  # fmt: skip
        if high.get(key):
            row["enteredHigh"] = high[key]
        rows.append(row)
    return rows


def counter_rows(delta: Tally) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """What a tally comes to today, as ``TalentRepository.cells`` and ``entries`` read it:
    persons and certificates per county × series × level, new skilled per county × year."""
    persons, certificates = delta.now()
    cells = [
        {"county": county, "series": series, "level": level,
         "persons": persons.get(k, 0), "certificates": certificates.get(k, 0)}
        for k in sorted(persons.keys() | certificates.keys())
        if persons.get(k, 0) or certificates.get(k, 0)
        for county, series, level in (k,)
    ]  # fmt: skip
    entries = [
        {"county": county, "year": year, "persons": n}
        for (county, year), n in sorted(delta.entries.items())
    ]
    return cells, entries


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _audit(report: WriteReport, actor: str, action: str, subject: str) -> list[dict[str, str]]:
    """The audit entry of one statement of a write."""
    change = json.dumps({"created": report.created, "updated": report.updated}, sort_keys=True)
    return [{"id": uuid.uuid4().hex, "at": _now(), "actor": actor, "action": action,
             "entityId": subject, "change": change}]  # fmt: skip


@dataclass(slots=True)
class Plan:
    """What some rows change: the batch that writes it and the report."""

    batch: Batch
    report: WriteReport


def _waiting(rows: Sequence[Row], stored: tuple[Sequence[str], Sequence[str]]) -> set[str]:
    """The persons of ``rows`` whose plan needs the store's state: those whose key or any of
    whose certificate numbers the store may hold."""
    keys, nos = stored
    if not keys and not nos:
        return set()
    numbers = set(nos)
    return set(keys) | {r.person.key for r in rows if r.certificate.no in numbers}


@dataclass(slots=True)
class Prepared:
    """A batch as far as it can be worked out before the batch ahead of it has landed: its
    keys, marked in the known keys under the version its first statement writes, and the rows
    whose persons and numbers the known keys prove new (``ahead``), which nothing stored can
    change: planned, and bound to their statement. The other rows (``rest``: usually a few,
    whose key shares its bit with a stored one, or whose person the batch ahead writes) are
    worked out against the state read once those have landed, and written by a second
    statement."""

    rows: Sequence[Row]
    keys: list[str]
    nos: list[str]
    known: KnownKeys | None = None  # the known keys it was marked in
    version: str = ""  # the version its first statement writes ("": a fresh one)
    stored: tuple[Sequence[str], Sequence[str]] = ((), ())  # may be stored (before marking)
    ahead: Plan | None = None
    bound: Bound | None = None  # the ahead rows' statement
    rest: Sequence[Row] = ()
    rest_version: str = ""  # the version the rest's first attempt writes
    landed: bool = False  # the ahead rows' statement has landed (a retry skips it)


class CertificateWriter:
    def __init__(self, repository: WorkerRepository, known: KnownKeys | None = None) -> None:
        """``known``: the keys the store holds (``talent/known_keys.py``), so that the
        persons and certificates they prove new are not read; an import passes them."""
        self._repo = repository
        self._known = known

    @property
    def known(self) -> KnownKeys | None:
        """The known keys still in use (None once another writer was found at work)."""
        return self._known

    def prepare(self, rows: Sequence[Row]) -> Prepared:
        """Work out what can be of a batch now. An import prepares a batch while the one
        before it is being written: the rows of persons the known keys prove new need no
        state, so working them out and spelling their statement takes no time from the
        store."""
        keys, nos = sorted({r.person.key for r in rows}), [r.certificate.no for r in rows]
        known = self._known
        if known is None:
            return Prepared(rows, keys, nos)
        version = uuid.uuid4().hex
        stored = known.marking(version, keys, nos)
        waiting = _waiting(rows, stored)
        new = [r for r in rows if r.person.key not in waiting] if waiting else rows
        rest = [r for r in rows if r.person.key in waiting] if waiting else []
        ahead = bound = None
        rest_version = version
        if new:
            ahead = self._plan(new, {})
            bound = self._repo.bound(ahead.batch)
            if rest:
                # the rest is written after the ahead rows: its version is marked after
                # theirs (its keys are marked with the batch's), before the next batch's
                rest_version = uuid.uuid4().hex
                known.then(rest_version)
        return Prepared(rows, keys, nos, known, version, stored, ahead, bound, rest, rest_version)

    async def write(
        self,
        rows: Sequence[Row],
        actor: str,
        action: str,
        subject: str,
        checkpoint: Checkpoint | None = None,
        prepared: Prepared | None = None,
        since: Checkpoint | None = None,
    ) -> WriteReport:
        """Create or update ``rows`` (certificate numbers unique within the call). The audit
        trail gets one entry naming ``subject`` (a file, a certificate) and the counts for
        each statement written; an import passes the ``checkpoint`` it has reached with these
        rows and the one it had reached before them (``since``: a first statement that
        writes only some of the rows records that one), and the batch as ``prepare`` left
        it (prepared after every batch written before it)."""
        prepared = prepared or self.prepare(rows)
        for attempt in range(TRANSIENT_RETRIES + 1):
            try:
                return await self._write(prepared, actor, action, subject, checkpoint, since)
            except (StoreTimeout, StoreUnavailable):
                if attempt == TRANSIENT_RETRIES:
                    raise
                await asyncio.sleep(2**attempt)
        raise AssertionError("unreachable")

    async def _write(
        self,
        prepared: Prepared,
        actor: str,
        action: str,
        subject: str,
        checkpoint: Checkpoint | None,
        since: Checkpoint | None,
    ) -> WriteReport:
        """The ahead rows' statement as prepared, then the other rows; or, once another
        writer has been found at work, all of them, read and worked out again."""
        report, rows = WriteReport(), prepared.rows
        known = self._known
        # prepared with the keys still known: as prepared
        as_prepared = known is not None and known is prepared.known
        if as_prepared and prepared.ahead is not None and prepared.bound is not None:
            ahead = prepared.ahead
            if not prepared.landed:
                assert known is not None
                ahead.batch.audit = _audit(ahead.report, actor, action, subject)
                first = since if prepared.rest else checkpoint
                if (
                    await self._repo.apply(
                        ahead.batch, known.version, first, prepared.version, prepared.bound
                    )
                    is None
                ):  # another writer got in: read everything again
                    return await self._write_rows(rows, actor, action, subject, checkpoint)
                prepared.landed = True
                known.settle(prepared.version)
            report.add(ahead.report)
            rows = prepared.rest
            if not rows:
                return report
        if as_prepared:
            written = await self._write_rows(
                rows, actor, action, subject, checkpoint, prepared.stored, prepared.rest_version
            )
        else:
            written = await self._write_rows(rows, actor, action, subject, checkpoint)
        report.add(written)
        return report

    async def _write_rows(
        self,
        rows: Sequence[Row],
        actor: str,
        action: str,
        subject: str,
        checkpoint: Checkpoint | None,
        asked: tuple[Sequence[str], Sequence[str]] | None = None,
        marked: str = "",
    ) -> WriteReport:
        """``rows`` read, worked out and written by one statement, again while other writers
        get in first. ``asked``: the persons and numbers of the rows that the store may
        hold, as the batch's preparation found them, which marked the rows' keys under the
        version ``marked`` for the first attempt; without, the first attempt also asks the
        store for its version."""
        keys, nos = sorted({r.person.key for r in rows}), [r.certificate.no for r in rows]
        for attempt in range(MAX_ATTEMPTS):
            expected = await self._version(first=attempt == 0 and asked is not None)
            known = self._known
            if attempt == 0 and asked is not None and known is not None:
                reading = asked
            else:
                reading = known.stored(keys, nos) if known is not None else (keys, nos)
            plan = self._plan(rows, await self._repo.state(*reading))
            batch, report = plan.batch, plan.report
            if not batch:
                return report
            batch.audit = _audit(report, actor, action, subject)
            if attempt == 0 and asked is not None and marked:
                version = marked
            else:
                version = uuid.uuid4().hex
                if known is not None:
                    known.writing(version, keys, nos)
            if await self._repo.apply(batch, expected, checkpoint, version) is not None:
                if known is not None:
                    known.settle(version)
                return report
            clashes = await self._repo.employer_clashes(batch)
            if clashes:
                named = "; ".join(f"{new!r} and the stored {old!r}" for new, old in clashes)
                raise EmployerClash(f"employer names with the same stored id: {named}")
        raise WriteConflict(f"the workers kept changing; gave up after {MAX_ATTEMPTS} attempts")

    async def _version(self, first: bool) -> str:
        """The workers version a batch is worked out against. With known keys, a first
        attempt takes the version they are at, without asking: if the store has moved on, the
        guarded write finds out, and the next attempt asks. A store found at a version the
        keys do not describe makes the writer read everything from then on."""
        known = self._known
        if known is not None and first:
            return known.version
        version = await self._repo.version()
        if known is not None and not known.settle(version):
            self._known = None
        return version

    @staticmethod
    def _plan(rows: Sequence[Row], state: dict[str, PersonState]) -> Plan:
        """What ``rows`` change, given the ``state`` of every stored person they touch."""
        report = WriteReport()
        before = {key: list(p.certificates) for key, p in state.items()}
        owner = {c.no: key for key, certs in before.items() for c in certs}
        stored = {c.no: c for certs in before.values() for c in certs}
        after: dict[str, dict[str, CertificateRecord]] = {
            key: {c.no: c for c in certs} for key, certs in before.items()
        }
        batch = Batch()
        persons: dict[str, PersonWrite] = {}
        touched: set[str] = set()  # persons whose certificates change
        for row in rows:
            cert, person = row.certificate, row.person
            old = stored.get(cert.no)
            status = row.status or (old.status if old is not None else VALID)
            # a row that keeps the stored status keeps its revocation date too
            revoked_on = cert.revoked_on if row.status else (old.revoked_on if old else None)
            if cert.status != status or cert.revoked_on != revoked_on:
                cert = replace(cert, status=status, revoked_on=revoked_on)
            stored_person = state.get(person.key)
            person_changed = stored_person is None or stored_person.person != person
            if person_changed:
                persons[person.key] = person
            if old == cert:
                if person_changed:
                    report.updated += 1
                else:
                    report.unchanged += 1
                continue
            if old is None:
                report.created += 1
            else:
                report.updated += 1
                batch.rewired.append(cert.no)
                after[owner[cert.no]].pop(cert.no, None)  # it may change hands
                touched.add(owner[cert.no])
            touched.add(person.key)
            after.setdefault(person.key, {})[cert.no] = cert
            batch.certificates.append(cert)
        delta = Tally.empty()
        for key in touched:
            delta.count([held(c) for c in after.get(key, {}).values()])
            if key in before:
                delta.count([held(c) for c in before[key]], sign=-1)
        batch.cells = flow_rows(delta)
        batch.orphans = sorted(k for k in touched if k in before and not after.get(k))
        batch.persons = [p for p in persons.values() if p.key not in state]
        batch.corrected = [p for p in persons.values() if p.key in state]
        return Plan(batch, report)
