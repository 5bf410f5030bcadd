"""Lint Cypher statements with Neo4j's official linter from the test suite.

The linter is the npm package ``@neo4j-cypher/language-support`` (pinned in
``tools/cypher-lint/package.json``), driven by ``tools/cypher-lint/lint.mjs``.
It needs Node.js and ``npm ci --prefix tools/cypher-lint`` run once from the
repository root.

Usage::

    found = lint([("load_occupations", CYPHER, {"rows": [{"id": "x"}]})])
    assert not errors(found["load_occupations"])

Statements are linted as Cypher 5 (Neo4j 5). Every ``$parameter`` a statement
uses must be declared in its mapping (only the names matter to the linter;
the sample values are passed along as JSON). Line and character are 0-based
positions in the statement text, as in the Language Server Protocol.
"""

from __future__ import annotations

import enum
import json
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "LINTER_DIR",
    "Diagnostic",
    "errors",
    "lint",
    "linter_available",
]

REPO_ROOT = Path(__file__).resolve().parent.parent
LINTER_DIR = REPO_ROOT / "tools" / "cypher-lint"
_SCRIPT = LINTER_DIR / "lint.mjs"
_PACKAGE = LINTER_DIR / "node_modules" / "@neo4j-cypher" / "language-support" / "package.json"
_SETUP_HINT = "run `npm ci --prefix tools/cypher-lint` from the repository root"
_TIMEOUT_SECONDS = 600.0


@dataclass(frozen=True)
class Diagnostic:
    """One finding of the linter; severity is "error", "warning", "information" or "hint"."""

    severity: str
    message: str
    line: int
    character: int

    def __str__(self) -> str:
        return f"{self.severity} at {self.line}:{self.character}: {self.message}"


def errors(diagnostics: Sequence[Diagnostic]) -> list[Diagnostic]:
    """The error-severity diagnostics among ``diagnostics``."""
    return [d for d in diagnostics if d.severity == "error"]


def _node() -> str | None:
    return shutil.which("node")


def linter_available() -> bool:
    """True when node is on PATH and the linter's node_modules are installed."""
    return _node() is not None and _SCRIPT.is_file() and _PACKAGE.is_file()


def _json_default(value: object) -> object:
    """JSON for sample values json can't encode: dates, UUIDs, Decimals and the like via str()."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (set, frozenset)):
        return list(value)
    if isinstance(value, Mapping):
        return dict(value)
    return str(value)


def _require_linter() -> str:
    node = _node()
    if node is None:
        raise RuntimeError(
            "Cypher linter unavailable: `node` (Node.js) is not on PATH; "
            f"install Node.js, then {_SETUP_HINT}"
        )
    if not _SCRIPT.is_file():
        raise RuntimeError(f"Cypher linter unavailable: {_SCRIPT} is missing")
    if not _PACKAGE.is_file():
        raise RuntimeError(
            "Cypher linter unavailable: @neo4j-cypher/language-support is not installed "
            f"in {LINTER_DIR / 'node_modules'}; {_SETUP_HINT}"
        )
    return node


def _parse_output(stdout: str, names: list[str]) -> dict[str, list[Diagnostic]]:
    try:
        raw: object = json.loads(stdout)
    except json.JSONDecodeError as exc:
        raise RuntimeError(f"Cypher linter printed invalid JSON ({exc}): {stdout[:500]!r}") from exc
    if not isinstance(raw, list) or len(raw) != len(names):
        raise RuntimeError(f"Cypher linter gave an unexpected answer: {stdout[:500]!r}")
    result: dict[str, list[Diagnostic]] = {}
    for expected, item in zip(names, raw, strict=True):
        if not isinstance(item, dict) or item.get("name") != expected:
            raise RuntimeError(f"Cypher linter answered out of order near {expected!r}: {item!r}")
        found = item.get("diagnostics")
        if not isinstance(found, list):
            raise RuntimeError(f"Cypher linter gave no diagnostics list for {expected!r}")
        diagnostics: list[Diagnostic] = []
        for d in found:
            if not isinstance(d, dict):
                raise RuntimeError(
                    f"Cypher linter gave a malformed diagnostic for {expected!r}: {d!r}"
                )
            diagnostics.append(
                Diagnostic(
                    severity=str(d.get("severity")),
                    message=str(d.get("message")),
                    line=int(d.get("line", 0)),
                    character=int(d.get("character", 0)),
                )
            )
        result[expected] = diagnostics
    return result


def lint(
    statements: Sequence[tuple[str, str, Mapping[str, object]]],
) -> dict[str, list[Diagnostic]]:
    """Lint ``(name, cypher, parameters)`` statements in one linter run.

    Returns every statement's diagnostics (possibly empty) by name. Raises
    ValueError on duplicate names and RuntimeError when the linter is missing
    or fails.
    """
    names = [name for name, _, _ in statements]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ValueError(f"duplicate statement names: {', '.join(duplicates)}")
    if not statements:
        return {}
    node = _require_linter()
    payload = json.dumps(
        [
            {"name": name, "cypher": cypher, "parameters": dict(parameters)}
            for name, cypher, parameters in statements
        ],
        default=_json_default,
    )
    try:
        proc = subprocess.run(
            [node, str(_SCRIPT)],
            input=payload,
            capture_output=True,
            text=True,
            encoding="utf-8",
            cwd=REPO_ROOT,
            timeout=_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise RuntimeError(f"Cypher linter timed out after {_TIMEOUT_SECONDS:.0f}s") from exc
    if proc.returncode != 0:
        detail = proc.stderr.strip() or proc.stdout.strip()
        hint = f" ({_SETUP_HINT})" if "ERR_MODULE_NOT_FOUND" in detail else ""
        raise RuntimeError(f"Cypher linter failed with exit code {proc.returncode}{hint}: {detail}")
    return _parse_output(proc.stdout, names)
