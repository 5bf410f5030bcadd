"""Every statement the Neo4j backend can send passes Neo4j's own Cypher linter.

The linter is ``@neo4j-cypher/language-support@2.0.0-next.38`` (``lintCypherQuery``), run by
tools/cypher-lint with each statement's parameters declared. CI installs it with
``npm ci --prefix tools/cypher-lint``; without it this test fails rather than skips.
"""

from __future__ import annotations

from tests.cypherlint import errors, lint
from zhepai.graph import statements as all_statements
from zhepai.graph.cypher import Dialect

BROKEN: tuple[str, str, dict[str, object]] = (
    "broken_on_purpose",
    "MATCH (n:Occupation {id: $id} RETURN n",
    {"id": "x"},
)
UNDECLARED: tuple[str, str, dict[str, object]] = (
    "undeclared_parameter",
    "MATCH (n:Occupation {id: $id}) RETURN n.name",
    {},
)


def test_every_neo4j_statement_lints_without_errors() -> None:
    statements = [s for s in all_statements.ALL if s.dialect is not Dialect.FALKORDB]
    results = lint([(s.name, s.text, s.params) for s in statements] + [BROKEN, UNDECLARED])
    # the linter really runs: the controls must fail
    assert errors(results.pop(BROKEN[0]))
    assert errors(results.pop(UNDECLARED[0]))
    failing = {name: errors(diags) for name, diags in results.items() if errors(diags)}
    assert failing == {}
    assert len(results) == len(statements)
