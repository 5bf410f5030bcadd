"""Statements for tests, benchmarks and operators, not for the API."""

from __future__ import annotations

from zhepai.graph.cypher import Access, Dialect, statement

DROP_ALL = statement("drop_all", "MATCH (n) DETACH DELETE n", access=Access.WRITE)

COUNT_NODES = statement("count_nodes", "MATCH (n) RETURN count(n) AS n")

# Removing every base with its audit trail and version token (tests and benchmarks only).
DROP_BASES = statement("drop_bases", "MATCH (b:Base) DETACH DELETE b", access=Access.WRITE)
DROP_AUDIT = statement("drop_audit", "MATCH (a:AuditEntry) DETACH DELETE a", access=Access.WRITE)
DROP_BASES_VERSION = statement(
    "drop_bases_version",
    "MATCH (m:Meta {key: 'bases'}) DETACH DELETE m",
    access=Access.WRITE,
)

# Removing every worker, certificate, counter and region figure (tests and benchmarks only).
DROP_CERTIFICATES = statement(
    "drop_certificates", "MATCH (c:Certificate) DETACH DELETE c", access=Access.WRITE
)
DROP_PERSONS = statement("drop_persons", "MATCH (p:Person) DETACH DELETE p", access=Access.WRITE)
DROP_TALENT_CELLS = statement(
    "drop_talent_cells", "MATCH (t:TalentCell) DETACH DELETE t", access=Access.WRITE
)
DROP_TALENT_ENTRIES = statement(
    "drop_talent_entries", "MATCH (y:TalentEntry) DETACH DELETE y", access=Access.WRITE
)
DROP_EMPLOYERS = statement("drop_employers", "MATCH (e:Employer) DELETE e", access=Access.WRITE)
DROP_REGION_STATS = statement(
    "drop_region_stats", "MATCH (s:RegionStat) DETACH DELETE s", access=Access.WRITE
)
DROP_WORKERS_VERSIONS = statement(
    "drop_workers_versions",
    "MATCH (m:Meta) WHERE m.key IN ['workers', 'regionStats'] DETACH DELETE m",
    access=Access.WRITE,
)
DROP_WORKERS = (
    DROP_CERTIFICATES,
    DROP_PERSONS,
    DROP_EMPLOYERS,
    DROP_TALENT_CELLS,
    DROP_TALENT_ENTRIES,
    DROP_REGION_STATS,
    DROP_WORKERS_VERSIONS,
    DROP_AUDIT,
)

# Marking the workers as stored in another shape (tests of the refusal to write over it).
SET_WORKERS_SHAPE = statement(
    "set_workers_shape",
    "MATCH (m:Meta {key: 'workers'}) SET m.shape = $shape RETURN m.shape AS shape",
    access=Access.WRITE,
    shape=1,
)

# The certificates written back as shape 2 stored them, ISO days, the kind and the employer's
# name on each (tests of ``zhepai upgrade``: graph/upgrade.py).
DOWNGRADE_CERTIFICATES = statement(
    "downgrade_certificates_to_shape_2",
    """
    MATCH (c:Certificate)
    OPTIONAL MATCH (c)-[:CERTIFIES]->(s:Specialty)
    OPTIONAL MATCH (e:Employer {id: c.employer})
    WITH c, s, e, toString(c.issuedOn) AS i, toString(c.revokedOn) AS r
    SET c.kind = CASE WHEN s IS NOT NULL THEN 'SPECIAL_ABILITY'
                      WHEN c.qualification THEN 'QUALIFICATION' ELSE 'SKILL_LEVEL' END,
        c.issuedOn = substring(i, 0, 4) + '-' + substring(i, 4, 2) + '-' + substring(i, 6, 2),
        c.revokedOn = substring(r, 0, 4) + '-' + substring(r, 4, 2) + '-' + substring(r, 6, 2),
        c.employer = e.name
    REMOVE c.qualification, c.hk
    RETURN count(c) AS n
    """,
    access=Access.WRITE,
)

# The persons' keys and masked numbers written back as shape 2 stored them, 32 hex digits and
# a string (``persons``: each one's kh, kl, that key and masked number).
DOWNGRADE_PERSONS = statement(
    "downgrade_persons_to_shape_2",
    """
    UNWIND $persons AS x
    MATCH (p:Person {kh: x.kh})
    WHERE p.kl = x.kl
    SET p.key = x.key, p.masked = x.masked
    REMOVE p.kl
    RETURN count(p) AS n
    """,
    access=Access.WRITE,
    persons=[
        {
            "kh": 1,
            "kl": 11,
            "key": "00000000000000100000000000000b00",
            "masked": "330824********1234",
        }
    ],
)

# Recording how far an import had got, for rows written by a version that stored no
# checkpoint (the benchmark's whole-province run, resumed; see bench/runs.py).
SET_WORKERS_CHECKPOINT = statement(
    "set_workers_checkpoint",
    """
    MATCH (m:Meta {key: 'workers'})
    SET m.checkpoint = $checkpoint
    RETURN m.checkpoint AS checkpoint
    """,
    access=Access.WRITE,
    checkpoint='{"rows": 2000, "digest": "0f"}',
)

# Shape 2's index of persons by key, made again: a test checks that setting up the schema
# drops it (graph/backends/schema_falkordb.py, RETIRED).
MAKE_SHAPE_2_PERSON_INDEX = statement(
    "falkor_make_shape_2_person_index",
    "CREATE INDEX FOR (n:Person) ON (n.kh)",
    access=Access.SCHEMA,
    dialect=Dialect.FALKORDB,
)
