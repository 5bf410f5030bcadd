"""Training bases: writing them (with an audit trail), listing them, reading them for coverage.

A base is a node keyed by its id, standing in one county (``LOCATED_IN``) and covering series
(``COVERS``). Writes are idempotent: a row whose content hash equals the stored one is left
alone. Every write that changes a base also records an ``AuditEntry`` (who, when, what), in
the same statement on FalkorDB and the same transaction on Neo4j, so no change goes unrecorded.
Retiring keeps the base (status RETIRED) and its history.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime

from zhepai.graph.cypher import Access, statement
from zhepai.graph.records import BaseRecord, Page, page_of, text_tuple
from zhepai.graph.store import GraphStore, Row

KINDS = (
    "TRAINING_BASE",
    "LEAD_ENTERPRISE",
    "CHARACTERISTIC_VILLAGE",
    "PUBLIC_TRAINING_CENTRE",
    "TECHNICAL_COLLEGE",
)
LEVELS = ("PROVINCE", "CITY", "COUNTY")
ACTIVE, RETIRED = "ACTIVE", "RETIRED"

HASHES = statement(
    "bases_hashes",
    """
    UNWIND $ids AS id
    MATCH (b:Base {id: id})
    RETURN b.id AS id, b.contentHash AS hash, b.status AS status
    """,
    ids=["B-1"],
)

# One statement per batch: the node, its edges and the audit entry together, so a base is
# never stored without its record of who wrote it. With $onlyNew, a row whose base exists is
# dropped: MERGE is atomic on both stores (FalkorDB runs one write at a time; Neo4j locks the
# unique key), and the audit id stamped on a new node tells this call's MERGE from another's.
UPSERT = statement(
    "bases_upsert",
    """
    UNWIND $rows AS row
    MATCH (r:Region {code: row.region})
    MERGE (b:Base {id: row.id})
    ON CREATE SET b.creationAudit = row.auditId
    WITH b, r, row
    WHERE NOT $onlyNew OR b.creationAudit = row.auditId
    SET b.name = row.name, b.kind = row.kind, b.level = row.level, b.status = row.status,
        b.designatedYear = row.designatedYear, b.capacity = row.capacity,
        b.contentHash = row.hash
    WITH b, r, row
    OPTIONAL MATCH (b)-[old]->()
    WHERE type(old) IN ['LOCATED_IN', 'COVERS']
    DELETE old
    WITH DISTINCT b, r, row
    MERGE (b)-[:LOCATED_IN]->(r)
    WITH b, row
    UNWIND row.series AS code
    MATCH (s:Series {code: code})
    MERGE (b)-[:COVERS]->(s)
    WITH DISTINCT b, row
    CREATE (a:AuditEntry {id: row.auditId, at: row.at, actor: row.actor, action: row.action,
                          entity: 'Base', entityId: row.id, change: row.change})
    WITH count(DISTINCT b) AS written
    WHERE written > 0
    MERGE (m:Meta {key: 'bases'})
    SET m.version = $version
    RETURN written
    """,
    access=Access.WRITE,
    rows=[
        {
            "id": "B-1", "name": "n", "kind": "TRAINING_BASE", "level": "COUNTY",
            "status": ACTIVE, "designatedYear": 2023, "capacity": 100, "hash": "h",
            "region": "330824", "series": ["01"], "auditId": "a", "at": "2025-01-01T00:00:00Z",
            "actor": "cli", "action": "IMPORT", "change": "{}",
        }
    ],
    onlyNew=False,
    version="token",
)  # fmt: skip

# Only a base whose status changes: of two callers retiring one base, one writes (the base's
# write lock, taken before the status is read, makes the second wait and then see the first's).
SET_STATUS = statement(
    "bases_set_status",
    """
    MATCH (b:Base {id: $id})
    SET b._lock = true
    REMOVE b._lock
    WITH b
    WHERE b.status <> $status
    SET b.status = $status, b.contentHash = $hash
    CREATE (a:AuditEntry {id: $auditId, at: $at, actor: $actor, action: $action,
                          entity: 'Base', entityId: $id, change: $change})
    WITH b
    MERGE (m:Meta {key: 'bases'})
    SET m.version = $version
    RETURN b.id AS id
    """,
    access=Access.WRITE,
    id="B-1",
    status=RETIRED,
    hash="h",
    auditId="a",
    at="2025-01-01T00:00:00Z",
    actor="cli",
    action="RETIRE",
    change="{}",
    version="token",
)

BY_ID = statement(
    "bases_by_id",
    """
    UNWIND $ids AS id
    MATCH (b:Base {id: id})
    RETURN b.id AS id, b.name AS name, b.kind AS kind, b.level AS level, b.status AS status,
           b.designatedYear AS designatedYear, b.capacity AS capacity,
           [(b)-[:LOCATED_IN]->(r:Region) | r.code][0] AS region,
           [(b)-[:COVERS]->(s:Series) | s.code] AS series
    """,
    ids=["B-1"],
)

# Filters: where the base stands ($region: a county, or a city / the province taking in their
# counties through the region's path), a series it covers, kind, level, status.
SEARCH = statement(
    "bases_search",
    """
    MATCH (b:Base)-[:LOCATED_IN]->(r:Region)
    WHERE ($region IS NULL OR $region IN r.path)
      AND ($kind IS NULL OR b.kind = $kind)
      AND ($level IS NULL OR b.level = $level)
      AND ($status IS NULL OR b.status = $status)
    WITH b, [(b)-[:COVERS]->(s:Series) | s.code] AS series
    WHERE $series IS NULL OR $series IN series
    WITH b ORDER BY b.id
    WITH collect(b.id) AS ids
    RETURN size(ids) AS total, ids[$skip..$end] AS page
    """,
    region="330800",
    kind="TRAINING_BASE",
    level="COUNTY",
    status=ACTIVE,
    series="01",
    skip=0,
    end=20,
)

# Everything coverage is computed from, in one read: each active base with its county and
# the counties' cities. About a thousand rows for the whole plan.
ACTIVE_FOR_COVERAGE = statement(
    "bases_active_for_coverage",
    """
    MATCH (b:Base {status: 'ACTIVE'})-[:LOCATED_IN]->(r:Region)
    RETURN b.id AS id, b.name AS name, b.kind AS kind, b.level AS level, b.status AS status,
           b.designatedYear AS designatedYear, b.capacity AS capacity,
           r.code AS region,
           [(b)-[:COVERS]->(s:Series) | s.code] AS series
    ORDER BY b.id
    """,
)

AUDIT = statement(
    "bases_audit",
    """
    MATCH (a:AuditEntry {entity: 'Base'})
    WHERE $id IS NULL OR a.entityId = $id
    RETURN a.id AS id, a.at AS at, a.actor AS actor, a.action AS action,
           a.entityId AS entityId, a.change AS change
    ORDER BY a.at DESC, a.id
    LIMIT $limit
    """,
    id="B-1",
    limit=100,
)


def content_hash(base: BaseRecord) -> str:
    """What a write compares with the stored hash, to leave an unchanged base alone."""
    body = json.dumps(asdict(base), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(body.encode()).hexdigest()[:24]


@dataclass(frozen=True, slots=True)
class AuditRecord:
    id: str
    at: str
    actor: str
    action: str
    entity_id: str
    change: str


@dataclass(slots=True)
class WriteReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def base_record(row: Row) -> BaseRecord:
    """A base as the statements here and in graph/careers.py return it."""
    return BaseRecord(
        id=row["id"],
        name=row["name"],
        kind=row["kind"],
        level=row["level"],
        region_code=row["region"],
        series_codes=tuple(sorted(text_tuple(row["series"]))),
        designated_year=row["designatedYear"],
        capacity=row["capacity"],
        status=row["status"],
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class BaseRepository:
    def __init__(self, store: GraphStore) -> None:
        self._store = store

    @property
    def store(self) -> GraphStore:
        return self._store

    async def write(self, bases: Sequence[BaseRecord], actor: str, action: str) -> WriteReport:
        """Create or update ``bases`` (ids unique within the call); unchanged ones are skipped."""
        report = WriteReport()
        if not bases:
            return report
        stored = {
            r["id"]: r["hash"] for r in await self._store.read(HASHES, ids=[b.id for b in bases])
        }
        rows = []
        at = _now()
        for base in bases:
            digest = content_hash(base)
            if stored.get(base.id) == digest:
                report.unchanged += 1
                continue
            if base.id in stored:
                report.updated += 1
            else:
                report.created += 1
            rows.append(
                self._row(base, digest, at, actor, action if base.id not in stored else "UPDATE")
            )
        if rows:
            # the version token changes in the same statement, so caches built from the bases
            # (coverage) can never miss a write
            await self._store.write(UPSERT, rows=rows, onlyNew=False, version=uuid.uuid4().hex)
        return report

    @staticmethod
    def _row(base: BaseRecord, digest: str, at: str, actor: str, action: str) -> Row:
        """A base and its audit entry as UPSERT takes them."""
        return {
            "id": base.id, "name": base.name, "kind": base.kind, "level": base.level,
            "status": base.status, "designatedYear": base.designated_year,
            "capacity": base.capacity, "hash": digest, "region": base.region_code,
            "series": list(base.series_codes), "auditId": uuid.uuid4().hex, "at": at,
            "actor": actor, "action": action,
            "change": json.dumps(asdict(base), ensure_ascii=False, sort_keys=True),
        }  # fmt: skip

    async def create(self, base: BaseRecord, actor: str) -> bool:
        """Store ``base`` unless a base with its id exists, in one statement: of two callers
        racing with one id, exactly one gets True."""
        row = self._row(base, content_hash(base), _now(), actor, "CREATE")
        rows = await self._store.write(UPSERT, rows=[row], onlyNew=True, version=uuid.uuid4().hex)
        return bool(rows)

    async def set_status(self, base: BaseRecord, status: str, actor: str, action: str) -> bool:
        """Give ``base`` ``status``; False if it had that status already (then nothing is
        written)."""
        rows = await self._store.write(
            SET_STATUS,
            id=base.id,
            status=status,
            hash=content_hash(replace(base, status=status)),
            auditId=uuid.uuid4().hex,
            at=_now(),
            actor=actor,
            action=action,
            change=json.dumps({"status": status}),
            version=uuid.uuid4().hex,
        )
        return bool(rows)

    async def by_id(self, ids: Sequence[str]) -> list[BaseRecord | None]:
        rows = await self._store.read(BY_ID, ids=list(ids))
        found = {r["id"]: base_record(r) for r in rows}
        return [found.get(i) for i in ids]

    async def search(
        self,
        region_code: str | None,
        series_code: str | None,
        kind: str | None,
        level: str | None,
        status: str | None,
        offset: int,
        limit: int,
    ) -> Page[str]:
        rows = await self._store.read(
            SEARCH,
            region=region_code,
            series=series_code,
            kind=kind,
            level=level,
            status=status,
            skip=offset,
            end=offset + limit,
        )
        return page_of(rows, offset)

    async def active(self) -> list[BaseRecord]:
        return [base_record(r) for r in await self._store.read(ACTIVE_FOR_COVERAGE)]

    async def audit(self, base_id: str | None, limit: int) -> list[AuditRecord]:
        return [
            AuditRecord(r["id"], r["at"], r["actor"], r["action"], r["entityId"], r["change"])
            for r in await self._store.read(AUDIT, id=base_id, limit=limit)
        ]
