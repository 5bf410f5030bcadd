"""The typed client example (issue #26): examples/typed-client/generated/ is what graphql-codegen
makes of schema.graphql and the example's documents, which are the explorer's own; its fetch
example type-checks against them, and its persisted documents run in trusted-documents mode.

graphql-codegen is pinned in tools/graphql-codegen (``./dev setup`` runs ``npm ci`` there);
the tests that run it skip only where npm is absent.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from graphql import OperationDefinitionNode, parse, print_ast

from tests.conftest import app_settings, serving
from zhepai.graph.store import GraphStore
from zhepai.server import create_app
from zhepai.web.persisted import load_trusted

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools" / "graphql-codegen"
EXAMPLE = ROOT / "examples" / "typed-client"
GENERATED = EXAMPLE / "generated"
DOCUMENTS = EXAMPLE / "documents" / "explorer.graphql"
# a document of the explorer's scripts: a template literal that starts with `query Name`
_EXPLORER_DOCUMENT = re.compile(r"`\s*(query (\w+)[^`]*)`")

needs_npm = pytest.mark.skipif(shutil.which("npm") is None, reason="npm is not installed")


def _tool(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    binary = TOOL / "node_modules" / ".bin" / args[0]
    assert binary.exists(), "graphql-codegen is not installed: run ./dev setup"
    return subprocess.run(
        [str(binary), *args[1:]],
        cwd=TOOL,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _operations(text: str) -> dict[str, str]:
    return {
        d.name.value: print_ast(d)
        for d in parse(text).definitions
        if isinstance(d, OperationDefinitionNode) and d.name is not None
    }


def test_the_example_documents_are_the_explorers() -> None:
    explorer: dict[str, str] = {}
    for script in sorted((ROOT / "explorer" / "js").glob("*.js")):
        for document, name in _EXPLORER_DOCUMENT.findall(script.read_text(encoding="utf-8")):
            if "${" not in document:  # documents assembled at run time are not the example's
                explorer[name] = print_ast(parse(document).definitions[0])
    example = _operations(DOCUMENTS.read_text(encoding="utf-8"))
    assert example, DOCUMENTS
    for name, document in example.items():
        assert explorer.get(name) == document, f"{name} differs from the explorer's"


@needs_npm
def test_the_generated_client_is_what_codegen_makes_now(tmp_path: Path) -> None:
    # given graphql-codegen run afresh into a directory of the test's own
    made = _tool("graphql-codegen", "--config", "codegen.yml", env={"CODEGEN_OUT": f"{tmp_path}/"})
    assert made.returncode == 0, made.stdout + made.stderr
    # then it wrote exactly the files that are kept, with the same text
    fresh = {p.relative_to(tmp_path).as_posix(): p for p in tmp_path.rglob("*") if p.is_file()}
    kept = {p.relative_to(GENERATED).as_posix(): p for p in GENERATED.rglob("*") if p.is_file()}
    assert sorted(fresh) == sorted(kept)
    stale = [name for name in fresh if fresh[name].read_bytes() != kept[name].read_bytes()]
    assert not stale, (
        f"{stale} are out of date: run `npm run generate --prefix tools/graphql-codegen`"
    )


@needs_npm
def test_the_fetch_example_type_checks() -> None:
    checked = _tool("tsc", "--noEmit", "-p", "tsconfig.json")
    assert checked.returncode == 0, checked.stdout + checked.stderr


async def test_the_generated_documents_run_in_trusted_documents_mode(
    seeded_store: GraphStore,
) -> None:
    # given a server that runs only the generated persisted documents
    listed = GENERATED / "persisted-documents.json"
    names = {
        next(iter(_operations(body))): digest.removeprefix("sha256:")
        for digest, body in json.loads(listed.read_text(encoding="utf-8")).items()
    }
    assert set(names) == set(_operations(DOCUMENTS.read_text(encoding="utf-8")))
    assert len(load_trusted(listed)) == len(names)
    app = create_app(app_settings(trusted_documents=listed), store=seeded_store)
    async with serving(app) as gql:
        # when a client sends a document's hash only, as fetch.ts does with byHash
        for name, variables in (
            ("ExplorerReference", {}),
            ("ExplorerOccupationSearch", {"q": "chegong"}),
        ):
            extensions = {"persistedQuery": {"version": 1, "sha256Hash": names[name]}}
            answer = await gql.http.post(
                "/graphql", json={"extensions": extensions, "variables": variables}
            )
            # then it runs
            body = answer.json()
            assert answer.status_code == 200 and "errors" not in body, body
            assert all(body["data"].values()), body
