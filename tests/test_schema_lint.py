"""The schema passes graphql-schema-linter's description and naming rules (issue 23, point 4).

The linter is ``graphql-schema-linter@3.0.1`` (pinned in tools/schema-lint/package.json,
installed by ``./dev setup``: ``npm ci --prefix tools/schema-lint``). Field-ordering rules are
off: fields follow their meaning, not the alphabet. The test skips only where Node.js is
absent; with Node.js and no installed linter it fails.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from zhepai.schema.root import schema

LINTER_DIR = Path(__file__).resolve().parent.parent / "tools" / "schema-lint"
LINTER = LINTER_DIR / "node_modules" / "graphql-schema-linter" / "lib" / "cli.js"
RULES = (
    "arguments-have-descriptions",
    "descriptions-are-capitalized",
    "enum-values-all-caps",
    "enum-values-have-descriptions",
    "fields-are-camel-cased",
    "fields-have-descriptions",
    "input-object-values-are-camel-cased",
    "input-object-values-have-descriptions",
    "types-are-capitalized",
    "types-have-descriptions",
)
# WorkerAuditEntry.entity returns the stored labels Certificate and Person as it always did:
# upper-casing them would change results (issue 23: "JSON results do not change").
IGNORE = {"enum-values-all-caps": ["AuditEntity.Certificate", "AuditEntity.Person"]}

# Breaks one rule of each kind, and orders its fields against the alphabet.
CONTROL = '''
"""A query."""
type Query {
  """Zeta."""
  zeta(a: Int): Int
  """Alpha."""
  snake_field: Int
}

type Undescribed {
  """A field."""
  id: Int
}

"""A level."""
enum Level {
  """Low."""
  low
}
'''


def lint(sdl: str) -> list[dict[str, str]]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not on PATH")
    assert LINTER.is_file(), "graphql-schema-linter is not installed: run ./dev setup"
    done = subprocess.run(
        [node, str(LINTER), "--stdin", "--format", "json", "--rules", ",".join(RULES),
         "--ignore", json.dumps(IGNORE)],
        input=sdl, capture_output=True, text=True, cwd=LINTER_DIR, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stderr
    errors: list[dict[str, str]] = json.loads(done.stdout)["errors"]
    return errors


def test_the_linter_runs_the_rules_and_not_the_ordering_ones() -> None:
    # given a schema that breaks a description rule and a naming rule of each kind
    # when it is linted
    found = {(e["rule"], e["message"]) for e in lint(CONTROL)}
    # then each is reported, and the fields out of order are not
    rules = {rule for rule, _ in found}
    assert {
        "arguments-have-descriptions",
        "enum-values-all-caps",
        "fields-are-camel-cased",
        "types-have-descriptions",
    } <= rules
    assert not any("sorted" in rule for rule in rules)


def test_the_schema_passes_the_description_and_naming_rules() -> None:
    findings = [f"{e['rule']}: {e['message']}" for e in lint(str(schema))]
    assert findings == []
