"""Turning persons and certificates stored in shape 2 into shape 3 in place
(``zhepai upgrade``; the shapes are described in ``graph/workers.py``).

It first sets up this version's indexes (as a seed load does). Shape 2 kept a
certificate's days as ISO strings, its kind as a string and its employer's name on every
certificate, and a person's key as a 32-character string. The upgrade stores each employer
once (all names are known before any id is used, so a clash of ids is found before anything
changes), then rewrites the certificates a batch at a time (those still to do are the ones
whose issue day is a string, found through the issue-day index), each keeping its holder's
index key (``hk``), then the persons a slice of their index key at a time (those still
holding ``key``, found through their certificates): the key's first 120 bits are kept, as
the two integers this version stores, and the masked number becomes one. A cut upgrade goes
on where it stopped, and a finished one finds nothing. The workers are marked shape 3, with
a new version token, once none is left; until then imports refuse the store, so nothing
writes a mixed shape.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from zhepai.graph.cypher import Access, statement
from zhepai.graph.errors import StoreShapeError
from zhepai.graph.store import GraphStore
from zhepai.graph.talent import COUNT_PERSONS
from zhepai.graph.workers import (
    KH_BITS,
    QUALIFICATION,
    READ_VERSION,
    SHAPE,
    EmployerClash,
    day_number,
    employer_id,
    masked_number,
    person_rest,
)

FROM_SHAPE = 2
BATCH = 20_000

EMPLOYER_NAMES_STORED = statement(
    "upgrade_employer_names",
    """
    MATCH (c:Certificate)
    WHERE c.employer >= ''
    RETURN DISTINCT c.employer AS name
    """,
)

CREATE_EMPLOYERS = statement(
    "upgrade_create_employers",
    """
    UNWIND $employers AS x
    MERGE (e:Employer {id: x.id})
    ON CREATE SET e.name = x.name
    RETURN count(e) AS n
    """,
    access=Access.WRITE,
    employers=[{"id": 7, "name": "杭州某某机械有限公司"}],
)

# Certificates still in shape 2: their issue day is a string, which the index finds.
TO_DO = statement(
    "upgrade_certificates_to_do",
    """
    MATCH (c:Certificate)
    WHERE c.issuedOn >= ''
    RETURN c.nk AS nk, c.no AS no, c.kind AS kind, c.issuedOn AS issuedOn,
           c.revokedOn AS revokedOn, c.employer AS employer
    LIMIT $size
    """,
    size=BATCH,
)

REWRITE = statement(
    "upgrade_certificates_rewrite",
    """
    UNWIND $rows AS r
    MATCH (c:Certificate {nk: r.nk})
    WHERE c.no = r.no
    MATCH (c)<-[:HOLDS]-(p:Person)
    SET c.issuedOn = r.issuedOn, c.revokedOn = r.revokedOn, c.employer = r.employer,
        c.qualification = r.qualification, c.hk = p.kh
    REMOVE c.kind
    RETURN count(c) AS n
    """,
    access=Access.WRITE,
    rows=[{"nk": 1, "no": "C-1", "issuedOn": 20240101, "revokedOn": None, "employer": 7,
           "qualification": True}],
)  # fmt: skip

# Persons still in shape 2, a slice of the index key at a time, through their certificates
# (rewritten first, so holding ``hk``): they hold ``key``.
PERSONS_TO_DO = statement(
    "upgrade_persons_to_do",
    """
    MATCH (c:Certificate)
    WHERE c.hk >= $lo AND c.hk < $hi
    MATCH (c)<-[:HOLDS]-(p:Person)
    WHERE p.key IS NOT NULL
    RETURN DISTINCT p.kh AS kh, p.key AS key, p.masked AS masked
    """,
    lo=0,
    hi=1,
)

REWRITE_PERSONS = statement(
    "upgrade_persons_rewrite",
    """
    UNWIND $rows AS r
    CALL {
      WITH r
      MATCH (:Certificate {hk: r.kh})<-[:HOLDS]-(p:Person)
      WITH p, r
      WHERE p.key = r.key
      RETURN p LIMIT 1
    }
    SET p.kl = r.kl, p.masked = r.masked
    REMOVE p.key
    RETURN count(p) AS n
    """,
    access=Access.WRITE,
    rows=[{"kh": 1, "key": "00000000000000100000000000000b00", "kl": 11, "masked": 3639065357}],
)

MARK = statement(
    "upgrade_mark_workers",
    """
    MATCH (m:Meta {key: 'workers'})
    SET m._lock = true
    REMOVE m._lock
    WITH m
    WHERE m.shape = $old
    SET m.shape = $new, m.version = $version
    RETURN m.shape AS shape
    """,
    access=Access.WRITE,
    old=2,
    new=3,
    version="token",
)


@dataclass(slots=True)
class UpgradeReport:
    from_shape: int | None  # None: no workers stored
    upgraded: bool = False
    employers: int = 0
    certificates: int = 0
    persons: int = 0


async def upgrade_workers(
    store: GraphStore, progress: Callable[[int], None] | None = None
) -> UpgradeReport:
    """Upgrade the workers of ``store`` to this version's shape; a store already in it is
    left as it is. ``progress`` is told the certificates rewritten by each batch."""
    rows = await store.read(READ_VERSION)
    if not rows:
        return UpgradeReport(None)
    shape = rows[0]["shape"] or 1
    if shape == SHAPE:
        return UpgradeReport(shape)
    if shape != FROM_SHAPE:
        raise StoreShapeError(
            f"the persons and certificates were written in shape {shape}; this version "
            f"upgrades shape {FROM_SHAPE} only: import the workers again into a new data "
            "directory"
        )
    report = UpgradeReport(shape, upgraded=True)
    await store.setup_schema()  # this version's indexes: hk, through which persons are found
    names = sorted(r["name"] for r in await store.read(EMPLOYER_NAMES_STORED))
    ids: dict[int, str] = {}
    for name in names:
        other = ids.setdefault(employer_id(name), name)
        if other != name:
            raise EmployerClash(f"employer names with the same id: {other!r} and {name!r}")
    for first in range(0, len(names), BATCH):
        chunk = names[first : first + BATCH]
        await store.write(
            CREATE_EMPLOYERS, employers=[{"id": employer_id(n), "name": n} for n in chunk]
        )
    report.employers = len(names)
    while batch := await store.read(TO_DO, size=BATCH):
        await store.write(REWRITE, rows=[_rewritten(r) for r in batch])
        report.certificates += len(batch)
        if progress is not None:
            progress(len(batch))
    persons = (await store.read(COUNT_PERSONS))[0]["n"]
    slices = persons // BATCH + 1
    step = -(-(1 << KH_BITS) // slices)  # the last slice ends at or past the top key
    for lo in range(0, 1 << KH_BITS, step):
        found = await store.read(PERSONS_TO_DO, lo=lo, hi=lo + step)
        if found:
            rows = [{"kh": r["kh"], "key": r["key"], "kl": person_rest(str(r["key"])[:30]),
                     "masked": masked_number(str(r["masked"]))} for r in found]  # fmt: skip
            await store.write(REWRITE_PERSONS, rows=rows)
            report.persons += len(rows)
    await store.write(MARK, old=FROM_SHAPE, new=SHAPE, version=uuid.uuid4().hex)
    return report


def _rewritten(row: dict[str, object]) -> dict[str, object]:
    revoked, employer = row["revokedOn"], row["employer"]
    return {
        "nk": row["nk"],
        "no": row["no"],
        "issuedOn": day_number(str(row["issuedOn"])),
        "revokedOn": None if revoked is None else day_number(str(revoked)),
        "employer": None if employer is None else employer_id(str(employer)),
        "qualification": True if row["kind"] == QUALIFICATION else None,
    }
