"""Statements on the labels that grow with the province (persons, certificates) reach them
through an index, never by scanning the label: a scan is invisible on a test-sized graph and
fatal at 14 million certificates (a missed index once made a batch read take seconds)."""

from __future__ import annotations

import re

import pytest

from zhepai.graph.backends.falkordb import FalkorStore
from zhepai.graph.cypher import Dialect
from zhepai.graph.statements import ALL
from zhepai.graph.store import GraphStore

BIG = ("Person", "Certificate")
# Statements whose whole point is to visit every node of the label.
SCANS_ON_PURPOSE = {
    "drop_certificates",
    "drop_persons",
    "talent_count_persons",
    "upgrade_employer_names",  # once, before an upgrade: every employer name stored
    "downgrade_certificates_to_shape_2",  # tests only
    "downgrade_persons_to_shape_2",  # tests only
}
SCAN = re.compile(r"Node By Label Scan \| \(\w+:(\w+)\)")

CHECKED = [
    s
    for s in ALL
    if s.dialect is not Dialect.NEO4J
    and s.access.value != "schema"
    and any(f":{label}" in s.text for label in BIG)
    and s.name not in SCANS_ON_PURPOSE
]


def test_the_check_covers_the_worker_statements() -> None:
    names = {s.name for s in CHECKED}
    worker_statements = {"workers_state", "workers_apply", "talent_persons_in_range"}
    assert worker_statements <= names


@pytest.mark.parametrize("stmt", CHECKED, ids=lambda s: s.name)
async def test_big_labels_are_reached_through_an_index(
    seeded_store: GraphStore, stmt: object
) -> None:
    if not isinstance(seeded_store, FalkorStore):
        pytest.skip("execution plans are read from FalkorDB")
    from zhepai.graph.cypher import Cypher

    assert isinstance(stmt, Cypher)
    plan = await seeded_store.explain(stmt, **stmt.params)
    scanned = [label for label in SCAN.findall(plan) if label in BIG]
    assert not scanned, f"{stmt.name} scans {scanned}:\n{plan}"
