"""Statements: declared parameters are enforced, names are unique, Cypher lives only in graph/."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest

from zhepai.graph import statements
from zhepai.graph.catalogue import OCCUPATIONS_BY_ID
from zhepai.graph.cypher import Access, Dialect, registered, statement

ROOT = Path(__file__).resolve().parent.parent


def test_bind_refuses_missing_and_unexpected_parameters() -> None:
    with pytest.raises(TypeError, match="missing parameters"):
        OCCUPATIONS_BY_ID.bind()
    with pytest.raises(TypeError, match="unexpected"):
        OCCUPATIONS_BY_ID.bind(ids=[], extra=1)
    assert OCCUPATIONS_BY_ID.bind(ids=["OCC-0001"]) == {"ids": ["OCC-0001"]}


def test_statement_names_are_unique() -> None:
    with pytest.raises(ValueError, match="duplicate statement name"):
        statement("industries", "RETURN 1")


def test_every_module_with_statements_is_registered() -> None:
    """graph/statements.py must import every module that declares statements, or the
    linter test would silently skip that module's Cypher."""
    from zhepai import graph
    from zhepai.graph import backends

    for package in (graph, backends):
        for module in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            importlib.import_module(module.name)
    everything = {s.name for s in registered()}
    assert {s.name for s in statements.ALL} == everything
    assert len(everything) > 90


def test_schema_statements_are_per_backend() -> None:
    for stmt in statements.ALL:
        if stmt.access is Access.SCHEMA:
            assert stmt.dialect is not Dialect.COMMON, stmt.name


CYPHER = re.compile(r"\b(MATCH|MERGE|UNWIND|DETACH DELETE)\s*[\(\$a-z]")


def test_no_cypher_outside_graph() -> None:
    offenders = []
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if rel.parts[0] in {"graph", "tests", ".venv", "bench", "build"} or "seeds" in rel.parts:
            continue
        if CYPHER.search(path.read_text(encoding="utf-8")):
            offenders.append(str(rel))
    assert offenders == []
