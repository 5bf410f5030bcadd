"""Persons and their certificates: the batch write that keeps the statistics exact, and reads.

A person is keyed by a keyed hash of the ID number (``Person.key``); the clear number is never
stored. A certificate hangs off its holder (``HOLDS``) and points at the county where it was
issued (``ISSUED_IN``), its occupation or 专项 (``CERTIFIES``) and its level (``AT_LEVEL``);
the same facts are kept as properties for the statistics.

A changed certificate is deleted and created again with its new edges, in the same
statement. One statement writes a whole batch together with the counter changes it causes (see
``talent/cells.py``) and the ``workers`` version token, guarded by the token the changes were
computed against: if another writer got in between, nothing is written and the caller
recomputes. So counters and certificates can never disagree, whatever point an import is
killed at.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from graph.cypher import Access, statement
from graph.store import GraphStore, Row

VERSION_KEY = "workers"

# Everything the counters of a batch depend on: the stored certificates of every person the
# batch touches, including the earlier holders of certificates that change hands.
STATE = statement(
    "workers_state",
    """
    UNWIND $nos AS no
    MATCH (c:Certificate {no: no})<-[:HOLDS]-(holder:Person)
    WITH collect(DISTINCT holder.key) AS owners
    UNWIND owners + $keys AS k
    WITH DISTINCT k
    MATCH (p:Person {key: k})
    RETURN p.key AS person, p.contentHash AS hash,
           [(p)-[:HOLDS]->(c:Certificate) |
            {no: c.no, region: c.region, series: c.series, level: c.level,
             issuedOn: c.issuedOn, status: c.status, hash: c.contentHash}] AS certs
    """,
    nos=["C-1"],
    keys=["k"],
)

APPLY = statement(
    "workers_apply",
    """
    MERGE (m:Meta {key: 'workers'})
    ON CREATE SET m.version = ''
    WITH m
    WHERE m.version = $expected
    SET m.version = $version
    WITH m
    CALL {
      UNWIND $persons AS p
      CREATE (:Person {key: p.key, masked: p.masked, name: p.name, birthYear: p.birthYear,
                       sex: p.sex, contentHash: p.hash})
    }
    CALL {
      UNWIND $corrected AS p
      MATCH (x:Person {key: p.key})
      SET x.masked = p.masked, x.name = p.name, x.birthYear = p.birthYear, x.sex = p.sex,
          x.contentHash = p.hash
    }
    CALL {
      UNWIND $rewired AS no
      MATCH (k:Certificate {no: no})
      DETACH DELETE k
    }
    CALL {
      UNWIND $certificates AS c
      MATCH (p:Person {key: c.person}), (r:Region {code: c.region})
      CREATE (p)-[:HOLDS]->(k:Certificate {no: c.no, kind: c.kind,
          level: c.level, occupation: c.occupation, specialty: c.specialty, series: c.series,
          region: c.region, issuedOn: c.issuedOn, employer: c.employer, status: c.status,
          contentHash: c.hash})-[:ISSUED_IN]->(r)
      WITH k, c
      OPTIONAL MATCH (o:Occupation {id: c.occupation})
      OPTIONAL MATCH (s:Specialty {id: c.specialty})
      OPTIONAL MATCH (l:SkillLevel {code: c.level})
      FOREACH (_ IN CASE WHEN o IS NULL THEN [] ELSE [1] END | CREATE (k)-[:CERTIFIES]->(o))
      FOREACH (_ IN CASE WHEN s IS NULL THEN [] ELSE [1] END | CREATE (k)-[:CERTIFIES]->(s))
      FOREACH (_ IN CASE WHEN l IS NULL THEN [] ELSE [1] END | CREATE (k)-[:AT_LEVEL]->(l))
    }
    CALL {
      UNWIND $cells AS d
      MERGE (t:TalentCell {key: d.key})
      ON CREATE SET t.county = d.county, t.series = d.series, t.level = d.level,
                    t.persons = 0, t.certificates = 0
      SET t.persons = t.persons + d.persons, t.certificates = t.certificates + d.certificates
    }
    CALL {
      UNWIND $entries AS e
      MERGE (y:TalentEntry {key: e.key})
      ON CREATE SET y.county = e.county, y.year = e.year, y.persons = 0
      SET y.persons = y.persons + e.persons
    }
    CALL {
      UNWIND $orphans AS key
      MATCH (o:Person {key: key})
      DETACH DELETE o
    }
    CALL {
      UNWIND $audit AS a
      CREATE (:AuditEntry {id: a.id, at: a.at, actor: a.actor, action: a.action,
                           entity: 'Certificate', entityId: a.entityId, change: a.change})
    }
    RETURN m.version AS version
    """,
    access=Access.WRITE,
    expected="",
    version="token",
    rewired=["C-1"],
    persons=[
        {"key": "k", "masked": "330824********1234", "name": "张三", "birthYear": 1990,
         "sex": "M", "hash": "h"}
    ],
    corrected=[
        {"key": "k2", "masked": "330824********1234", "name": "张三", "birthYear": 1990,
         "sex": "M", "hash": "h"}
    ],
    certificates=[
        {"no": "C-1", "person": "k", "kind": "SKILL_LEVEL", "level": "JUNIOR",
         "occupation": "OCC-0001", "specialty": None, "series": "01", "region": "330824",
         "issuedOn": "2024-01-01", "employer": None, "status": "VALID", "hash": "h"}
    ],
    cells=[{"key": "330824|01|JUNIOR", "county": "330824", "series": "01", "level": "JUNIOR",
            "persons": 1, "certificates": 1}],
    entries=[{"key": "330824|2024", "county": "330824", "year": 2024, "persons": 1}],
    orphans=["k0"],
    audit=[{"id": "a", "at": "2025-01-01T00:00:00Z", "actor": "cli", "action": "IMPORT",
            "entityId": "file.csv", "change": "{}"}],
)  # fmt: skip

READ_VERSION = statement(
    "workers_version",
    "MATCH (m:Meta {key: 'workers'}) RETURN m.version AS version",
)

PERSON = statement(
    "workers_person",
    """
    MATCH (p:Person {key: $key})
    RETURN p.key AS person, p.masked AS masked, p.name AS name, p.birthYear AS birthYear,
           p.sex AS sex,
           [(p)-[:HOLDS]->(c:Certificate) |
            {no: c.no, kind: c.kind, level: c.level, occupation: c.occupation,
             specialty: c.specialty, series: c.series, region: c.region,
             issuedOn: c.issuedOn, employer: c.employer, status: c.status}] AS certs
    """,
    key="k",
)

CERTIFICATES = statement(
    "workers_certificates",
    """
    UNWIND $nos AS no
    MATCH (c:Certificate {no: no})<-[:HOLDS]-(p:Person)
    RETURN c.no AS no, p.key AS person, c.kind AS kind, c.level AS level,
           c.occupation AS occupation, c.specialty AS specialty, c.series AS series,
           c.region AS region, c.issuedOn AS issuedOn, c.employer AS employer,
           c.status AS status
    """,
    nos=["C-1"],
)

# Reads of personal data leave a trace too (who looked whom up, when).
RECORD_READ = statement(
    "workers_record_read",
    """
    CREATE (a:AuditEntry {id: $id, at: $at, actor: $actor, action: $action,
                          entity: 'Person', entityId: $entityId, change: $change})
    RETURN a.id AS id
    """,
    access=Access.WRITE,
    id="a",
    at="2025-01-01T00:00:00Z",
    actor="officer",
    action="READ",
    entityId="330824********1234",
    change="{}",
)

AUDIT = statement(
    "workers_audit",
    """
    MATCH (a:AuditEntry)
    WHERE a.entity IN ['Certificate', 'Person']
    RETURN a.id AS id, a.at AS at, a.actor AS actor, a.action AS action,
           a.entity AS entity, a.entityId AS entityId, a.change AS change
    ORDER BY a.at DESC, a.id
    LIMIT $limit
    """,
    limit=100,
)


def digest(*parts: str | None) -> str:
    """A short content hash (64 bits): stored on every node, so it is kept small — a
    collision would at worst make one changed row look unchanged to one re-import."""
    text = "\x1f".join("\x00" if p is None else p for p in parts)
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


@dataclass(frozen=True, slots=True)
class PersonWrite:
    key: str
    masked: str
    name: str
    birth_year: int
    sex: str

    @property
    def content_hash(self) -> str:
        return digest(self.masked, self.name, str(self.birth_year), self.sex)


@dataclass(frozen=True, slots=True)
class CertificateRecord:
    """A certificate as a row states it or the store holds it."""

    no: str
    person: str
    kind: str
    level: str | None
    occupation: str | None
    specialty: str | None
    series: str
    region: str
    issued_on: str
    employer: str | None
    status: str

    @property
    def content_hash(self) -> str:
        """What an import states about the certificate (its status is the store's own)."""
        return digest(
            self.person, self.kind, self.level, self.occupation, self.specialty, self.series,
            self.region, self.issued_on, self.employer,
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class StoredCertificate:
    no: str
    region: str
    series: str
    level: str | None
    issued_on: str
    status: str
    hash: str


@dataclass(frozen=True, slots=True)
class PersonState:
    key: str
    hash: str | None
    certificates: tuple[StoredCertificate, ...]


@dataclass(frozen=True, slots=True)
class PersonRecord:
    key: str
    masked: str
    name: str
    birth_year: int
    sex: str
    certificates: tuple[CertificateRecord, ...]


@dataclass(slots=True)
class Batch:
    """Everything one apply statement writes."""

    persons: list[PersonWrite] = field(default_factory=list)  # new ones
    corrected: list[PersonWrite] = field(default_factory=list)  # stored ones that changed
    certificates: list[CertificateRecord] = field(default_factory=list)
    rewired: list[str] = field(default_factory=list)  # stored certificates written anew
    cells: list[dict[str, Any]] = field(default_factory=list)
    entries: list[dict[str, Any]] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)  # persons left holding nothing
    audit: list[dict[str, Any]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(
            self.persons or self.corrected or self.certificates or self.cells or self.entries
        )


def _certificate(row: Row, person: str | None = None) -> CertificateRecord:
    return CertificateRecord(
        no=row["no"],
        person=person if person is not None else row["person"],
        kind=row["kind"],
        level=row["level"],
        occupation=row["occupation"],
        specialty=row["specialty"],
        series=row["series"],
        region=row["region"],
        issued_on=row["issuedOn"],
        employer=row["employer"],
        status=row["status"],
    )


def _person(p: PersonWrite) -> dict[str, Any]:
    return {"key": p.key, "masked": p.masked, "name": p.name, "birthYear": p.birth_year,
            "sex": p.sex, "hash": p.content_hash}  # fmt: skip


def stored_certificates(rows: Iterable[dict[str, Any]]) -> tuple[StoredCertificate, ...]:
    return tuple(
        StoredCertificate(
            no=c["no"],
            region=c["region"],
            series=c["series"],
            level=c["level"],
            issued_on=c["issuedOn"],
            status=c["status"],
            hash=c["hash"],
        )
        for c in rows
    )


class WorkerRepository:
    def __init__(self, store: GraphStore) -> None:
        self._store = store

    @property
    def store(self) -> GraphStore:
        return self._store

    async def version(self) -> str:
        rows = await self._store.read(READ_VERSION)
        return str(rows[0]["version"]) if rows else ""

    async def state(self, keys: Sequence[str], nos: Sequence[str]) -> dict[str, PersonState]:
        rows = await self._store.read(STATE, keys=list(keys), nos=list(nos))
        return {
            r["person"]: PersonState(r["person"], r["hash"], stored_certificates(r["certs"]))
            for r in rows
        }

    async def apply(self, batch: Batch, expected: str) -> str | None:
        """Write ``batch`` if the workers version is still ``expected``; the new version, or
        None when another writer changed the workers first (nothing was written)."""
        version = uuid.uuid4().hex
        rows = await self._store.write(
            APPLY,
            expected=expected,
            version=version,
            rewired=batch.rewired,
            persons=[_person(p) for p in batch.persons],
            corrected=[_person(p) for p in batch.corrected],
            certificates=[
                {"no": c.no, "person": c.person, "kind": c.kind, "level": c.level,
                 "occupation": c.occupation, "specialty": c.specialty, "series": c.series,
                 "region": c.region, "issuedOn": c.issued_on, "employer": c.employer,
                 "status": c.status, "hash": c.content_hash}
                for c in batch.certificates
            ],
            cells=batch.cells,
            entries=batch.entries,
            orphans=batch.orphans,
            audit=batch.audit,
        )  # fmt: skip
        return version if rows else None

    async def person(self, key: str) -> PersonRecord | None:
        rows = await self._store.read(PERSON, key=key)
        if not rows:
            return None
        r = rows[0]
        certs = sorted(
            (_certificate(c, person=key) for c in r["certs"]),
            key=lambda c: (c.issued_on, c.no),
        )
        return PersonRecord(
            key=key,
            masked=r["masked"],
            name=r["name"],
            birth_year=r["birthYear"],
            sex=r["sex"],
            certificates=tuple(certs),
        )

    async def certificates(self, nos: Sequence[str]) -> dict[str, CertificateRecord]:
        rows = await self._store.read(CERTIFICATES, nos=list(nos))
        return {r["no"]: _certificate(r) for r in rows}

    async def record_read(self, at: str, actor: str, action: str, masked: str, what: str) -> None:
        await self._store.write(
            RECORD_READ,
            id=uuid.uuid4().hex,
            at=at,
            actor=actor,
            action=action,
            entityId=masked,
            change=what,
        )

    async def audit(self, limit: int) -> list[Row]:
        return await self._store.read(AUDIT, limit=limit)
