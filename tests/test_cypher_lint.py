"""Every statement the Neo4j backend can send passes Neo4j's own Cypher linter, warnings
included: a deprecated form or an accidental cartesian product is a finding like an error.

The linter is ``@neo4j-cypher/language-support@2.0.0-next.38`` (``lintCypherQuery``), run by
tools/cypher-lint with each statement's parameters declared. CI installs it with
``npm ci --prefix tools/cypher-lint``; without it this test fails rather than skips.
"""

from __future__ import annotations

from collections.abc import Mapping

from tests.cypherlint import errors, lint
from zhepai.graph import statements as all_statements
from zhepai.graph.cypher import Dialect
from zhepai.graph.workers import APPLY

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
# Warnings only: a subquery without a variable scope clause, and disconnected patterns.
DEPRECATED: tuple[str, str, dict[str, object]] = (
    "deprecated_on_purpose",
    "UNWIND $xs AS x CALL { MATCH (o:Occupation {id: 'a'}), (s:Series {code: 'b'}) "
    "RETURN count(*) AS n } RETURN x, n",
    {"xs": [1]},
)
# The text FalkorDB is sent, which Neo4j would be sent without the backend's spelling.
FALKOR_APPLY = ("workers_apply_as_falkordb_spells_it", APPLY.text, dict(APPLY.params))


def test_every_neo4j_statement_lints_without_errors_or_warnings() -> None:
    statements = [s for s in all_statements.ALL if s.dialect is not Dialect.FALKORDB]
    controls: list[tuple[str, str, Mapping[str, object]]] = [
        BROKEN,
        UNDECLARED,
        DEPRECATED,
        FALKOR_APPLY,
    ]
    results = lint([(s.name, s.neo4j_text, s.params) for s in statements] + controls)
    # the linter really runs, and reports warnings: the controls must be found out
    assert errors(results.pop(BROKEN[0]))
    assert errors(results.pop(UNDECLARED[0]))
    deprecated = results.pop(DEPRECATED[0])
    assert not errors(deprecated) and {d.severity for d in deprecated} == {"warning"}
    assert any("scope clause" in d.message for d in deprecated)
    assert any("cartesian product" in d.message for d in deprecated)
    assert any("scope clause" in d.message for d in results.pop(FALKOR_APPLY[0]))
    findings = {name: [str(d) for d in diags] for name, diags in results.items() if diags}
    assert findings == {}
    assert len(results) == len(statements)
