"""The unit every store call is made of: a named, parameterised Cypher statement.

Statements are module-level constants. Each declares its parameters with a sample value, so
that the backends can refuse a call with missing or unexpected parameters, and the Neo4j linter
test can type-check every statement without running it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, LiteralString


class Access(StrEnum):
    READ = "read"
    WRITE = "write"
    SCHEMA = "schema"


class Dialect(StrEnum):
    """Which stores a statement may be sent to."""

    COMMON = "common"
    NEO4J = "neo4j"
    FALKORDB = "falkordb"


@dataclass(frozen=True, slots=True)
class Cypher:
    name: str
    text: LiteralString
    access: Access = Access.READ
    params: Mapping[str, Any] = field(default_factory=dict)
    dialect: Dialect = Dialect.COMMON
    # Every value it returns is a string, an integer or null: FalkorDB may then answer in
    # its plain reply, without a type beside each value, which the client reads several
    # times faster (graph/backends/falkordb.py; a test holds each such statement to it).
    scalars: bool = False

    @property
    def neo4j_text(self) -> LiteralString:
        """The text as Neo4j is sent it. The dialects part at one spelling: Neo4j 5 deprecates
        a ``CALL { … }`` subquery without a variable scope clause, which FalkorDB cannot
        parse, so Neo4j is sent ``CALL () { … }``, and a subquery that imports variables with
        a first line ``WITH a, b`` is sent ``CALL (a, b) { … }`` without that line. The
        linter test lints this text."""
        text = _IMPORTING.sub(r"CALL (\2) {\1", self.text)
        return text.replace("CALL {", "CALL () {")

    def bind(self, **values: Any) -> Mapping[str, Any]:
        """Check the call's parameters against the declaration and return them."""
        return self._checked(values, partial=False)

    def bind_part(self, **values: Any) -> Mapping[str, Any]:
        """``bind`` for some of the parameters (the others are given when the statement is
        sent: ``GraphStore.bind``)."""
        return self._checked(values, partial=True)

    def _checked(self, values: dict[str, Any], partial: bool) -> Mapping[str, Any]:
        missing = set() if partial else self.params.keys() - values.keys()
        extra = values.keys() - self.params.keys()
        if missing or extra:
            raise TypeError(
                f"statement {self.name}: missing parameters {sorted(missing)}, "
                f"unexpected {sorted(extra)}"
            )
        return values


_REGISTRY: dict[str, Cypher] = {}


# A subquery whose first clause imports variables: ``CALL {`` and a line ``WITH a, b``.
_IMPORTING = re.compile(r"CALL \{(\n[ ]*)WITH (\w+(?:, \w+)*)\n[ ]*")


def statement(
    name: str,
    text: LiteralString,
    *,
    access: Access = Access.READ,
    dialect: Dialect = Dialect.COMMON,
    scalars: bool = False,
    **params: Any,
) -> Cypher:
    """Declare a statement; names are unique across the package."""
    if name in _REGISTRY:
        raise ValueError(f"duplicate statement name {name!r}")
    stmt = Cypher(
        name=name, text=text, access=access, params=params, dialect=dialect, scalars=scalars
    )
    _REGISTRY[name] = stmt
    return stmt


def registered() -> list[Cypher]:
    """Every statement declared so far (import the query modules first)."""
    return list(_REGISTRY.values())
