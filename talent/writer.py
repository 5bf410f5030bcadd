"""Writing certificates: the counter changes a batch causes, computed and written with it.

``CertificateWriter.write`` reads the stored certificates of every person a batch touches
(with the ``workers`` version they were read at), works out what changes — created, updated,
unchanged, certificates changing hands — and the counter changes that follow
(``talent/cells.py``), then writes everything in one statement guarded by that version. When
another writer got in first, nothing was written and the batch is worked out again. An
import also hands it the keys the store holds (``talent/known_keys.py``), and the persons and
certificates they prove new are left out of the read; the rows of the persons they prove new
are worked out (``prepare``) while the batch before it is still being written, and the few
others once it has landed.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from graph.errors import StoreError, StoreTimeout, StoreUnavailable
from graph.workers import (
    Batch,
    CertificateRecord,
    Checkpoint,
    PersonRecord,
    PersonState,
    PersonWrite,
    WorkerRepository,
)
from talent.cells import REVOKED, VALID, Held, Tally
from talent.known_keys import KnownKeys

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


@dataclass(slots=True)  # built for every row imported: not frozen, 3-6x cheaper to build
class Row:
    """One certificate with its holder, as a batch states it. ``status`` None keeps the
    stored status (VALID for a new certificate)."""

    person: PersonWrite
    certificate: CertificateRecord
    status: str | None = None


def revocation(person: PersonRecord, certificate: CertificateRecord) -> Row:
    """The row that revokes ``certificate`` of ``person`` (both as stored)."""
    holder = PersonWrite(person.key, person.masked, person.name, person.birth_year, person.sex)
    return Row(holder, replace(certificate, status=REVOKED), status=REVOKED)


def held(c: CertificateRecord) -> Held:
    return Held(c.no, c.region, c.series, c.level, c.issued_on, c.status == VALID)


def counter_rows(delta: Tally) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """The apply statement's ``cells`` and ``entries`` for a tally of changes."""
    persons, certificates = delta.persons, delta.certificates
    cells = [
        {"key": f"{county}|{series}|{level}", "county": county, "series": series,
         "level": level, "persons": persons.get(k, 0), "certificates": certificates.get(k, 0)}
        for k in sorted(persons.keys() | certificates.keys())
        for county, series, level in (k,)
    ]  # fmt: skip
    entries = [
        {"key": f"{county}|{year}", "county": county, "year": year, "persons": n}
        for (county, year), n in sorted(delta.entries.items())
    ]
    return cells, entries


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(slots=True)
class Plan:
    """What some rows change: the batch that writes it (with its counter rows, once worked
    out), the report, and the counter changes themselves, so that two plans can be joined."""

    batch: Batch
    report: WriteReport
    delta: Tally


def _joined(ahead: Plan, rest: Plan) -> Plan:
    """Plans of two sets of rows that share no person, as one batch."""
    a, b = ahead.batch, rest.batch
    batch = Batch(
        persons=a.persons + b.persons,
        corrected=a.corrected + b.corrected,
        certificates=a.certificates + b.certificates,
        rewired=a.rewired + b.rewired,
        orphans=a.orphans + b.orphans,
    )
    spelled_a, spelled_b = a.spell(), b.spell()
    batch.spelled = {name: spelled_a[name] + spelled_b[name] for name in spelled_a}
    delta = ahead.delta.plus(rest.delta)
    batch.cells, batch.entries = counter_rows(delta.nonzero())
    report = WriteReport()
    report.add(ahead.report)
    report.add(rest.report)
    return Plan(batch, report, delta)


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
    keys, marked in the known keys under the version its first attempt writes, and the plan
    of the rows whose persons and numbers the known keys prove new (``ahead``), which
    nothing stored can change. The other rows (``rest``) are worked out when the batch is
    written, against the state read then: usually a few, whose key shares its bit with a
    stored one, or whose person the batch ahead writes."""

    rows: Sequence[Row]
    keys: list[str]
    nos: list[str]
    known: KnownKeys | None = None  # the known keys it was marked in
    version: str = ""  # the version its first attempt writes ("": a fresh one)
    stored: tuple[Sequence[str], Sequence[str]] = ((), ())  # may be stored (before marking)
    ahead: Plan | None = None
    rest: Sequence[Row] = ()


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
        state, and working them out (some 20 µs a row) then takes no time from the store."""
        keys, nos = sorted({r.person.key for r in rows}), [r.certificate.no for r in rows]
        known = self._known
        if known is None:
            return Prepared(rows, keys, nos)
        version = uuid.uuid4().hex
        stored = known.marking(version, keys, nos)
        waiting = _waiting(rows, stored)
        rest = [r for r in rows if r.person.key in waiting] if waiting else []
        ahead = None
        if len(rest) < len(rows) or not rows:
            new = [r for r in rows if r.person.key not in waiting] if waiting else rows
            # the counter rows of a batch joined with its rest are worked out once joined
            ahead = self._plan(new, {}, counters=not rest)
            ahead.batch.spell()
        return Prepared(rows, keys, nos, known, version, stored, ahead, rest)

    async def write(
        self,
        rows: Sequence[Row],
        actor: str,
        action: str,
        subject: str,
        checkpoint: Checkpoint | None = None,
        prepared: Prepared | None = None,
    ) -> WriteReport:
        """Create or update ``rows`` (certificate numbers unique within the call). The audit
        trail gets one entry naming ``subject`` (a file, a certificate) and the counts; an
        import passes the ``checkpoint`` it has reached with these rows, and the batch as
        ``prepare`` left it (prepared after every batch written before it)."""
        prepared = prepared or self.prepare(rows)
        for attempt in range(TRANSIENT_RETRIES + 1):
            try:
                return await self._write(prepared, actor, action, subject, checkpoint)
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
    ) -> WriteReport:
        rows, keys, nos = prepared.rows, prepared.keys, prepared.nos
        for attempt in range(MAX_ATTEMPTS):
            expected = await self._version(first=attempt == 0)
            known = self._known
            # the first attempt of a batch prepared with the keys still known: as prepared
            as_prepared = attempt == 0 and known is not None and known is prepared.known
            if as_prepared:
                plan, ahead = prepared.ahead, prepared.ahead
                if prepared.rest:
                    state = await self._repo.state(*prepared.stored)
                    plan = self._plan(prepared.rest, state, counters=ahead is None)
                    if ahead is not None:
                        plan = _joined(ahead, plan)
                assert plan is not None  # a batch has rows ahead, or rows to wait for
            else:
                asked = known.stored(keys, nos) if known is not None else (keys, nos)
                plan = self._plan(rows, await self._repo.state(*asked))
            batch, report = plan.batch, plan.report
            if not batch:
                return report
            batch.audit = [
                {"id": uuid.uuid4().hex, "at": _now(), "actor": actor, "action": action,
                 "entityId": subject,
                 "change": json.dumps({"created": report.created, "updated": report.updated},
                                      sort_keys=True)}
            ]  # fmt: skip
            if as_prepared:
                version = prepared.version
            else:
                version = uuid.uuid4().hex
                if known is not None:
                    known.writing(version, keys, nos)
            if await self._repo.apply(batch, expected, checkpoint, version) is not None:
                if known is not None:
                    known.settle(version)
                return report
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
    def _plan(rows: Sequence[Row], state: dict[str, PersonState], counters: bool = True) -> Plan:
        """What ``rows`` change, given the ``state`` of every stored person they touch;
        without ``counters``, the batch's counter rows are left to be worked out later."""
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
            if cert.status != status:
                cert = replace(cert, status=status)
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
        if counters:
            batch.cells, batch.entries = counter_rows(delta.nonzero())
        batch.orphans = sorted(k for k in touched if k in before and not after.get(k))
        batch.persons = [p for p in persons.values() if p.key not in state]
        batch.corrected = [p for p in persons.values() if p.key in state]
        return Plan(batch, report, delta)
