"""Persons and their certificates: the batch write that keeps the statistics exact, and reads.

A person is keyed by a keyed hash of the ID number (``person_key``, 120 bits), stored as two
integers (``Person.kh`` and ``Person.kl``, 60 bits each); the clear number is never stored.
A certificate hangs off its holder (``HOLDS``) and points at the county where it was issued
(``ISSUED_IN``), its occupation or 专项 (``CERTIFIES``) and its level (``AT_LEVEL``);
those facts live on the edges only, and its own properties are the number, the series it is
counted in, the issue date, the employer and — only where they hold — that it is a
qualification and its status and day of revocation.

Shape 3 spends no byte on what another property or edge already says, nor on strings a
number can stand for (bench/RESULTS.md, "Store memory, shape 3"):

- the kind is not stored: a 专项 certificate is SPECIAL_ABILITY (its ``CERTIFIES`` edge ends
  at a ``Specialty``), an occupational one SKILL_LEVEL unless it carries
  ``qualification: true`` (the 职业资格 of before the skill-level system);
- days are integers, 20240131 for 2024-01-31 (they order as the days do);
- an employer is stored once, as an ``Employer`` node ``{id, name}``; a certificate keeps its
  ``id`` (``employer_id``: 60 bits of a hash of the name). Two names whose ids clash are
  refused with ``EmployerClash`` rather than mixed (for a million distinct names, about
  one chance in two million that any two clash);
- the series stays: it is the series the certificate was counted in when written (the
  catalogue's rule then), which the counters must go on agreeing with;
- a person's key is two integers, not a 32-character string, and the masked ID number one
  integer (``masked_number``), not an 18-character string; persons have no index of their
  own (certificates keep ``hk``).

The store holds ten million of each, so the shape is chosen for memory (bench/RESULTS.md,
"Store memory per certificate" and "Store memory, shape 3"): certificates are found through
an integer index key (``Certificate.nk``, from a hash of the number) and persons through
their certificates, each of which keeps its holder's ``kh`` as ``hk`` in the same index (an
index costs FalkorDB far more for each node it holds than for a further key of a node it
holds); the full number or key is checked next to it. Whether a row changed is decided by
comparing its fields with the stored ones, so no content hash is stored.

A changed certificate is created again with its new edges, in the same statement: the
stored one is marked ``rewired`` first and deleted last, so that its holder can still be
found through it in between. A new person is created with its certificates. One statement
writes a batch of rows (an import may write one in two: ``talent/writer.py``) together with
the counter changes it causes (see ``talent/cells.py``) and the ``workers`` version token,
guarded by the token the changes were computed against: if another writer got in between,
nothing is written and the caller recomputes. So counters and certificates can never
disagree, whatever point an import is killed at.
"""

from __future__ import annotations

import functools
import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

from zhepai.graph.cypher import Access, statement
from zhepai.graph.errors import StoreError, StoreShapeError
from zhepai.graph.store import Bound, GraphStore, Row

VERSION_KEY = "workers"
# The shape persons and certificates are stored in (see the module docstring), kept on the
# ``workers`` Meta node. 2: integer index keys, facts on edges only, no content hashes;
# 3: integer days, shared employers, no kind, the person key as two integers (``zhepai
# upgrade`` turns 2 into 3).
SHAPE = 3
VALID = "VALID"  # a certificate's status unless one is stored (only REVOKED is)
QUALIFICATION, SKILL_LEVEL, SPECIAL_ABILITY = "QUALIFICATION", "SKILL_LEVEL", "SPECIAL_ABILITY"

# Everything the counters of a batch depend on: the stored certificates of every person the
# batch touches, including the earlier holders of certificates that change hands. Every read
# of persons or certificates goes through it (a person by key: ``nos`` empty; certificates
# by number: ``keys`` empty), so the certificate fields are read back from the edges in this
# one place.
STATE = statement(
    "workers_state",
    """
    UNWIND $keys AS k
    CALL {
      WITH k
      MATCH (:Certificate {hk: k.kh})<-[:HOLDS]-(p:Person)
      WITH p, k
      WHERE p.kl = k.kl
      RETURN p LIMIT 1
    }
    WITH collect(p) AS named
    CALL {
      UNWIND $nos AS no
      MATCH (c:Certificate {nk: no.nk})
      WHERE c.no = no.no
      MATCH (c)<-[:HOLDS]-(holder:Person)
      RETURN collect(holder) AS owners
    }
    UNWIND named + owners AS p
    WITH DISTINCT p
    RETURN p.kh AS kh, p.kl AS kl, p.masked AS masked, p.name AS name, p.birthYear AS birthYear,
           p.sex AS sex,
           [(p)-[:HOLDS]->(c:Certificate) |
            {no: c.no, qualification: c.qualification, series: c.series, issuedOn: c.issuedOn,
             employer: c.employer, status: coalesce(c.status, 'VALID'),
             revokedOn: c.revokedOn,
             region: head([(c)-[:ISSUED_IN]->(r:Region) | r.code]),
             level: head([(c)-[:AT_LEVEL]->(l:SkillLevel) | l.code]),
             occupation: head([(c)-[:CERTIFIES]->(o:Occupation) | o.id]),
             specialty: head([(c)-[:CERTIFIES]->(s:Specialty) | s.id])}] AS certs
    """,
    nos=[{"no": "C-1", "nk": 1}],
    keys=[{"kh": 1, "kl": 11}],
)

# The guard takes the Meta node's write lock (SET … REMOVE: Neo4j's idiom) before it reads
# the version: Neo4j reads without locking, so two writers could both pass an unlocked check.
APPLY = statement(
    "workers_apply",
    """
    MERGE (m:Meta {key: 'workers'})
    ON CREATE SET m.version = '', m.shape = $shape
    SET m._lock = true
    REMOVE m._lock
    WITH m
    CALL {
      UNWIND $employers AS x
      OPTIONAL MATCH (e:Employer {id: x.id})
      RETURN count(CASE WHEN e.name <> x.name THEN 1 END) AS clashes
    }
    WITH m, clashes
    WHERE m.version = $expected AND m.shape = $shape AND clashes = 0
    SET m.version = $version, m.checkpoint = $checkpoint
    WITH m
    CALL {
      UNWIND $employers AS x
      MERGE (e:Employer {id: x.id})
      ON CREATE SET e.name = x.name
    }
    CALL {
      UNWIND $rewired AS no
      MATCH (k:Certificate {nk: no.nk})
      WHERE k.no = no.no
      SET k.rewired = true
    }
    CALL {
      UNWIND $orphans AS x
      CALL {
        WITH x
        MATCH (:Certificate {hk: x.kh})<-[:HOLDS]-(o:Person)
        WITH o, x
        WHERE o.kl = x.kl
        RETURN o LIMIT 1
      }
      DETACH DELETE o
    }
    CALL {
      UNWIND $corrected AS p
      CALL {
        WITH p
        MATCH (:Certificate {hk: p.kh})<-[:HOLDS]-(x:Person)
        WITH x, p
        WHERE x.kl = p.kl
        RETURN x LIMIT 1
      }
      SET x.masked = p.masked, x.name = p.name, x.birthYear = p.birthYear, x.sex = p.sex
    }
    CALL {
      UNWIND $occupational AS c
      CALL {
        WITH c
        MATCH (:Certificate {hk: c.kh})<-[:HOLDS]-(p:Person)
        WITH p, c
        WHERE p.kl = c.kl
        RETURN p LIMIT 1
      }
      MATCH (r:Region {code: c.region})
      MATCH (o:Occupation {id: c.occupation})
      MATCH (l:SkillLevel {code: c.level})
      CREATE (p)-[:HOLDS]->(k:Certificate {no: c.no, nk: c.nk, hk: c.kh,
          qualification: c.qualification, series: c.series, issuedOn: c.issuedOn,
          employer: c.employer, status: c.status, revokedOn: c.revokedOn})-[:ISSUED_IN]->(r),
             (k)-[:CERTIFIES]->(o), (k)-[:AT_LEVEL]->(l)
    }
    CALL {
      UNWIND $special AS c
      CALL {
        WITH c
        MATCH (:Certificate {hk: c.kh})<-[:HOLDS]-(p:Person)
        WITH p, c
        WHERE p.kl = c.kl
        RETURN p LIMIT 1
      }
      MATCH (r:Region {code: c.region})
      MATCH (s:Specialty {id: c.specialty})
      CREATE (p)-[:HOLDS]->(k:Certificate {no: c.no, nk: c.nk, hk: c.kh, series: c.series,
          issuedOn: c.issuedOn, employer: c.employer, status: c.status,
          revokedOn: c.revokedOn})-[:ISSUED_IN]->(r),
             (k)-[:CERTIFIES]->(s)
    }
    CALL {
      UNWIND $persons AS p
      CREATE (x:Person {kh: p.kh, kl: p.kl, masked: p.masked, name: p.name,
                        birthYear: p.birthYear, sex: p.sex})
      RETURN collect(x) AS born
    }
    CALL {
      WITH born
      UNWIND $bornOccupational AS c
      WITH born[c.born] AS x, c
      MATCH (r:Region {code: c.region})
      MATCH (o:Occupation {id: c.occupation})
      MATCH (l:SkillLevel {code: c.level})
      CREATE (x)-[:HOLDS]->(k:Certificate {no: c.no, nk: c.nk, hk: x.kh,
          qualification: c.qualification, series: c.series, issuedOn: c.issuedOn,
          employer: c.employer, status: c.status, revokedOn: c.revokedOn})-[:ISSUED_IN]->(r),
             (k)-[:CERTIFIES]->(o), (k)-[:AT_LEVEL]->(l)
    }
    CALL {
      WITH born
      UNWIND $bornSpecial AS c
      WITH born[c.born] AS x, c
      MATCH (r:Region {code: c.region})
      MATCH (s:Specialty {id: c.specialty})
      CREATE (x)-[:HOLDS]->(k:Certificate {no: c.no, nk: c.nk, hk: x.kh, series: c.series,
          issuedOn: c.issuedOn, employer: c.employer, status: c.status,
          revokedOn: c.revokedOn})-[:ISSUED_IN]->(r),
             (k)-[:CERTIFIES]->(s)
    }
    CALL {
      UNWIND $rewired AS no
      MATCH (k:Certificate {nk: no.nk})
      WHERE k.no = no.no AND k.rewired
      DETACH DELETE k
    }
    CALL {
      UNWIND $cells AS d
      MERGE (t:TalentCell {key: d.key})
      ON CREATE SET t.persons = 0, t.certificates = 0, t.issued = 0, t.entered = 0,
                    t.enteredHigh = 0
      SET t.persons = t.persons + d.persons, t.certificates = t.certificates + d.certificates,
          t.issued = t.issued + d.issued, t.entered = t.entered + d.entered,
          t.enteredHigh = t.enteredHigh + coalesce(d.enteredHigh, 0)
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
    checkpoint='{"rows": 2000, "digest": "0f"}',
    shape=3,
    employers=[{"id": 7, "name": "杭州某某机械有限公司"}],
    rewired=[{"no": "C-1", "nk": 1}],
    persons=[
        {"kh": 1, "kl": 11, "masked": 3639065357, "name": "张三", "birthYear": 1990, "sex": "M"}
    ],
    bornOccupational=[
        {"born": 0, "no": "C-1", "nk": 1, "level": "JUNIOR", "occupation": "OCC-0001",
         "series": "01", "region": "330824", "issuedOn": 20240101, "employer": 7}
    ],
    bornSpecial=[
        {"born": 0, "no": "C-4", "nk": 4, "specialty": "SPC-001", "series": "01",
         "region": "330824", "issuedOn": 20240101}
    ],
    corrected=[
        {"kh": 2, "kl": 12, "masked": 3639065357, "name": "张三",
         "birthYear": 1990, "sex": "M"}
    ],
    occupational=[
        {"no": "C-2", "nk": 2, "kh": 2, "kl": 12, "qualification": True,
         "level": "JUNIOR", "occupation": "OCC-0001", "series": "01",
         "region": "330824", "issuedOn": 20190101, "employer": None, "status": None}
    ],
    special=[
        {"no": "C-3", "nk": 3, "kh": 1, "kl": 11, "specialty": "SPC-001",
         "series": "01", "region": "330824", "issuedOn": 20240101, "employer": None,
         "status": "REVOKED", "revokedOn": 20250101}
    ],
    cells=[{"key": "330824|01|JUNIOR|2024", "persons": 1, "certificates": 1, "issued": 1,
            "entered": 1, "enteredHigh": 0}],
    orphans=[{"kh": 0, "kl": 10}],
    audit=[{"id": "a", "at": "2025-01-01T00:00:00Z", "actor": "cli", "action": "IMPORT",
            "entityId": "file.csv", "change": "{}"}],
)  # fmt: skip

READ_VERSION = statement(
    "workers_version",
    "MATCH (m:Meta {key: 'workers'}) RETURN m.version AS version, m.shape AS shape",
)

# What the last apply statement recorded of the import it belonged to (see ``Checkpoint``).
READ_CHECKPOINT = statement(
    "workers_checkpoint",
    "MATCH (m:Meta {key: 'workers'}) RETURN m.checkpoint AS checkpoint",
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


# The names of employers by id: resolved once per process (an id's name never changes).
EMPLOYER_NAMES = statement(
    "workers_employer_names",
    """
    UNWIND $ids AS i
    MATCH (e:Employer {id: i})
    RETURN e.id AS id, e.name AS name
    """,
    ids=[7],
)

KH_BITS = 60  # Person.kh: the first 15 hex digits of the person key; Person.kl the other 15


def person_index(key: str) -> int:
    """``Person.kh``: the first 60 bits of the person key (itself a keyed hash, so uniform)."""
    return int(key[: KH_BITS // 4], 16)


def person_rest(key: str) -> int:
    """``Person.kl``: the other 60 bits of the person key."""
    return int(key[KH_BITS // 4 :], 16)


def key_text(kh: int, kl: int) -> str:
    """The person key of its two stored halves."""
    return f"{kh:015x}{kl:015x}"


def masked_number(masked: str) -> int:
    """A stored masked ID number: its nine digits shown (six of the region, three before the
    check character), times 11, plus the check character (X as 10). ``330824********1234``
    is 330824123 × 11 + 4."""
    check = masked[17]
    return int(masked[:6] + masked[14:17]) * 11 + (10 if check == "X" else int(check))


def masked_text(number: int) -> str:
    """The masked ID number of a stored one."""
    digits, check = f"{number // 11:09d}", number % 11
    return f"{digits[:6]}{'*' * 8}{digits[6:]}{'X' if check == 10 else check}"


def _hash60(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest()) >> 4


@functools.lru_cache(maxsize=1 << 14)
def number_index(no: str) -> int:
    """``Certificate.nk``: 60 bits of a hash of the certificate number. Two numbers may share
    one; every lookup checks the number itself too. (Kept for the last few batches: a write
    needs a number's key up to three times, for the import's known keys, its read if it is
    made, and its write.)"""
    return _hash60(no)


@functools.lru_cache(maxsize=1 << 12)
def employer_id(name: str) -> int:
    """``Employer.id``, which certificates keep: 60 bits of a hash of the name (files list
    the same employers again and again, hence the cache)."""
    return _hash60(name)


def day_number(day: str) -> int:
    """A stored day: 20240131 for the ISO day 2024-01-31."""
    return int(day[0:4]) * 10000 + int(day[5:7]) * 100 + int(day[8:10])


def day_text(number: int) -> str:
    """The ISO day of a stored one."""
    return f"{number // 10000:04d}-{number // 100 % 100:02d}-{number % 100:02d}"


def _person_ref(key: str) -> dict[str, Any]:
    return {"kh": person_index(key), "kl": person_rest(key)}


def _number_ref(no: str) -> dict[str, Any]:
    return {"no": no, "nk": number_index(no)}


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """How far an import had got when it wrote its last batch: its first ``rows`` accepted
    rows, whose fingerprint is ``digest``; ``first`` is the fingerprint of the first row
    alone, so that a run of another file sees at its first row that it cannot resume (None
    in checkpoints written before it was kept). Every apply statement records one (or none,
    for writes that are not an import), so a checkpoint that is still stored describes the
    last write to the persons and certificates, and nothing has changed them since."""

    rows: int
    digest: str
    first: str | None = None

    def encode(self) -> str:
        value: dict[str, object] = {"rows": self.rows, "digest": self.digest}
        if self.first is not None:
            value["first"] = self.first
        return orjson.dumps(value).decode()

    @classmethod
    def decode(cls, text: object) -> Checkpoint | None:
        if not isinstance(text, str):
            return None
        try:
            value = orjson.loads(text)
            first = value.get("first")
            return cls(
                int(value["rows"]), str(value["digest"]), None if first is None else str(first)
            )
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError):
            return None  # written by another version: no resuming from it


@dataclass(slots=True)  # built for every row imported: frozen ones build several times slower
class PersonWrite:
    key: str
    masked: str
    name: str
    birth_year: int
    sex: str


@dataclass(slots=True)  # built for every row imported: frozen ones build several times slower
class CertificateRecord:
    """A certificate as a row states it or the store holds it; equal records mean a row
    changes nothing."""

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
    revoked_on: str | None = None  # ISO date; set only on revoked certificates


@dataclass(frozen=True, slots=True)
class PersonState:
    """A stored person as an import compares with it."""

    person: PersonWrite
    certificates: tuple[CertificateRecord, ...]


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
    orphans: list[str] = field(default_factory=list)  # persons left holding nothing
    audit: list[dict[str, Any]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.persons or self.corrected or self.certificates or self.cells)


def stored_kind(specialty: str | None, qualification: bool | None) -> str:
    """A certificate's kind from what the store keeps of it (see the module docstring)."""
    if specialty is not None:
        return SPECIAL_ABILITY
    return QUALIFICATION if qualification else SKILL_LEVEL


def _certificate(row: Row, person: str, employers: dict[int, str]) -> CertificateRecord:
    employer, revoked = row["employer"], row.get("revokedOn")
    return CertificateRecord(
        no=row["no"],
        person=person,
        kind=stored_kind(row["specialty"], row["qualification"]),
        level=row["level"],
        occupation=row["occupation"],
        specialty=row["specialty"],
        series=row["series"],
        region=row["region"],
        issued_on=day_text(row["issuedOn"]),
        employer=None if employer is None else employers[employer],
        status=row["status"],
        revoked_on=None if revoked is None else day_text(revoked),
    )


def person_params(p: PersonWrite) -> dict[str, Any]:
    """A person as the apply statement takes it."""
    return {"kh": person_index(p.key), "kl": person_rest(p.key), "masked": masked_number(p.masked),
            "name": p.name, "birthYear": p.birth_year, "sex": p.sex}  # fmt: skip


def certificate_params(c: CertificateRecord, holder: bool) -> dict[str, Any]:
    """A certificate as the apply statement takes it: the holder's key only when ``holder``
    (not for one created under its new holder), and only the fields it has. A missing key
    reads as null, as a null value would, and each one left out is bytes less to spell and
    for the store to parse (a batch's parameters are a megabyte): no empty 专项 or level,
    no employer when none is known, and the status and its day only once revoked."""
    params: dict[str, Any] = {
        "no": c.no,
        "nk": number_index(c.no),
        "series": c.series,
        "region": c.region,
        "issuedOn": day_number(c.issued_on),
    }
    if holder:
        params["kh"] = person_index(c.person)
        params["kl"] = person_rest(c.person)
    if c.specialty is not None:
        params["specialty"] = c.specialty
    else:
        params["occupation"] = c.occupation
        params["level"] = c.level
        if c.kind == QUALIFICATION:
            params["qualification"] = True
    if c.employer is not None:
        params["employer"] = employer_id(c.employer)
    if c.status != VALID:
        params["status"] = c.status
    if c.revoked_on is not None:
        params["revokedOn"] = day_number(c.revoked_on)
    return params  # fmt: skip


def employer_params(certificates: Sequence[CertificateRecord]) -> list[dict[str, Any]]:
    """The apply statement's ``employers``: each employer of ``certificates`` once."""
    names = sorted({c.employer for c in certificates if c.employer is not None})
    return [{"id": employer_id(name), "name": name} for name in names]


def certificate_lists(batch: Batch) -> dict[str, list[dict[str, Any]]]:
    """The apply statement's ``persons`` (new ones) with ``bornOccupational`` and
    ``bornSpecial`` (their certificates, each naming its holder by its place in ``persons``,
    so that no lookup is needed), and ``occupational`` and ``special`` (the certificates of
    stored persons, whose holder is looked up)."""
    born = {p.key: i for i, p in enumerate(batch.persons)}
    lists: dict[str, list[dict[str, Any]]] = {
        "persons": [person_params(p) for p in batch.persons],
        "bornOccupational": [], "bornSpecial": [], "occupational": [], "special": [],
    }  # fmt: skip
    for c in batch.certificates:
        special = c.specialty is not None
        place = born.get(c.person)
        if place is None:
            lists["special" if special else "occupational"].append(
                certificate_params(c, holder=True)
            )
        else:
            params = certificate_params(c, holder=False)
            params["born"] = place
            lists["bornSpecial" if special else "bornOccupational"].append(params)
    return lists


def person_state(row: Row, employers: dict[int, str]) -> PersonState:
    """A person row of a read (``person``, the person's fields and ``certs``), with the
    names of the employers its certificates name."""
    key = key_text(row["kh"], row["kl"])
    masked = masked_text(row["masked"])
    person = PersonWrite(key, masked, row["name"], row["birthYear"], row["sex"])
    return PersonState(person, tuple(_certificate(c, key, employers) for c in row["certs"]))


class EmployerClash(StoreError):
    """Two employer names have the same ``employer_id``: the batch is refused, not mixed."""

    code = "EMPLOYER_CLASH"


class WorkerRepository:
    def __init__(self, store: GraphStore) -> None:
        self._store = store
        self._employers: dict[int, str] = {}  # names read so far (an id keeps its name)

    @property
    def store(self) -> GraphStore:
        return self._store

    async def version(self) -> str:
        """The workers version token ('' before the first write); raises StoreShapeError
        when the workers were stored by a version that wrote another shape."""
        rows = await self._store.read(READ_VERSION)
        if not rows:
            return ""
        shape = rows[0]["shape"] or 1
        if shape != SHAPE:
            remedy = (
                "run `zhepai upgrade`"
                if shape == SHAPE - 1
                else "import the workers again into a new data directory"
            )
            raise StoreShapeError(
                f"the persons and certificates in this store were written in shape {shape}, "
                f"this version writes shape {SHAPE} (CHANGELOG.md); {remedy}"
            )
        return str(rows[0]["version"])

    async def state(self, keys: Sequence[str], nos: Sequence[str]) -> dict[str, PersonState]:
        if not keys and not nos:
            return {}  # an import's batch of rows its known keys prove new: nothing to ask
        rows = await self._store.read(
            STATE, keys=[_person_ref(k) for k in keys], nos=[_number_ref(n) for n in nos]
        )
        ids = {c["employer"] for r in rows for c in r["certs"] if c["employer"] is not None}
        employers = await self.employers(ids)
        states = (person_state(r, employers) for r in rows)
        return {state.person.key: state for state in states}

    async def employers(self, ids: set[int]) -> dict[int, str]:
        """The names of the employers ``ids`` (read once a process)."""
        unknown = sorted(ids - self._employers.keys())
        if unknown:
            for r in await self._store.read(EMPLOYER_NAMES, ids=unknown):
                self._employers[r["id"]] = r["name"]
        return self._employers

    async def employer_clashes(self, batch: Batch) -> list[tuple[str, str]]:
        """The employer names of ``batch`` whose id the store holds under another name,
        each with that name (the reason an apply statement refuses a batch besides another
        writer getting in first)."""
        wanted = {e["id"]: e["name"] for e in employer_params(batch.certificates)}
        rows = await self._store.read(EMPLOYER_NAMES, ids=sorted(wanted))
        return [(wanted[r["id"]], r["name"]) for r in rows if r["name"] != wanted[r["id"]]]

    async def checkpoint(self) -> Checkpoint | None:
        rows = await self._store.read(READ_CHECKPOINT)
        return Checkpoint.decode(rows[0]["checkpoint"]) if rows else None

    def bound(self, batch: Batch) -> Bound:
        """``batch`` bound to the apply statement, but for the versions, the checkpoint and
        the audit entry, which ``apply`` adds (an import binds a batch while the one before
        it is written)."""
        return self._store.bind(
            APPLY,
            shape=SHAPE,
            employers=employer_params(batch.certificates),
            rewired=[_number_ref(n) for n in batch.rewired],
            corrected=[person_params(p) for p in batch.corrected],
            **certificate_lists(batch),
            cells=batch.cells,
            orphans=[_person_ref(k) for k in batch.orphans],
        )

    async def apply(
        self,
        batch: Batch,
        expected: str,
        checkpoint: Checkpoint | None = None,
        version: str | None = None,
        bound: Bound | None = None,
    ) -> str | None:
        """Write ``batch`` (``bound`` already, or now) if the workers version is still
        ``expected``; the new version (``version``, or a fresh one), or None when another
        writer changed the workers first (nothing was written). The ``checkpoint`` replaces
        the stored one (None removes it)."""
        version = version or uuid.uuid4().hex
        rows = await self._store.send(
            bound or self.bound(batch),
            expected=expected,
            version=version,
            checkpoint=checkpoint.encode() if checkpoint is not None else None,
            audit=batch.audit,
        )
        return version if rows else None

    async def person(self, key: str) -> PersonRecord | None:
        found = (await self.state([key], [])).get(key)
        if found is None:
            return None
        p = found.person
        certs = sorted(found.certificates, key=lambda c: (c.issued_on, c.no))
        return PersonRecord(p.key, p.masked, p.name, p.birth_year, p.sex, tuple(certs))

    async def certificates(self, nos: Sequence[str]) -> dict[str, CertificateRecord]:
        """The stored certificates among ``nos``, by number (read with their holders)."""
        wanted = set(nos)
        return {
            c.no: c
            for holder in (await self.state([], list(wanted))).values()
            for c in holder.certificates
            if c.no in wanted
        }

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
