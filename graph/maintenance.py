"""Statements for tests, benchmarks and operators, not for the API."""

from __future__ import annotations

from graph.cypher import Access, statement

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
