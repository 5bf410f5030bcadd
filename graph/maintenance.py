"""Statements for tests, benchmarks and operators, not for the API."""

from __future__ import annotations

from graph.cypher import Access, statement

DROP_ALL = statement("drop_all", "MATCH (n) DETACH DELETE n", access=Access.WRITE)

COUNT_NODES = statement("count_nodes", "MATCH (n) RETURN count(n) AS n")
