"""Every example of README.md and docs/*.md runs against the demo store, in the order written,
so none can go stale: GraphQL operations, curl commands and zhepai command lines."""

from __future__ import annotations

import asyncio
import itertools
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import typer
from graphql import parse, print_ast
from typer.testing import CliRunner

from tests.conftest import Demo
from zhepai.cli import app as cli_app

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
TEXTS = {path: path.read_text(encoding="utf-8") for path in DOCUMENTS}

# Fields whose null or empty answer is the truth on the demo store, each with why; anything
# else empty means the example shows nothing.
MAY_BE_EMPTY = {
    "nationalGrade": "学徒工 and the levels above 高级技师 have no national grade",
    "workTypes": "the annex names work types for some occupations only",
    "originRegions": "most 专项 are not named after a region",
    "note": "only some targets need a note",
    "met": "a city's or county's count targets are the province's, shown for scale",
    "level": "bases other than training bases have no level",
    "errors": "a mutation that succeeds has no errors",
    "minYears": "steps by appointment or selection fix no period",
    "missing": "a worker who lacks only time lacks nothing else (yearsToWait says how long)",
}
WITHHELD = ("skilled", "highSkilled", "certificates")
UNMEASURED = ("actual", "ratio", "met", "projected", "onTrack", "projectionMethod")
UNCOUNTED = ("declared", "actual")

_REFUSED = re.compile(r"#\s*refused:\s*([A-Z_]+)")
_ASSIGN = re.compile(r"^(\w+)=\$\((.*)\)$")
_ZHEPAI = re.compile(r"^(?:\./dev zhepai|zhepai)\s+(.*)$")
_DEV_SERVE = re.compile(r"^\./dev serve\b(.*)$")
# A placeholder (FILE.csv, DIR, N), an optional part or a choice: check, do not run.
_PLACEHOLDER = re.compile(r"^[A-Z][A-Z0-9_]*(\.[a-z]+)?$|[\[\]|…]")


@dataclass(frozen=True, slots=True)
class Operation:
    document: str
    refused: str | None  # the code a "# refused: CODE" comment expects


@dataclass(frozen=True, slots=True)
class Shell:
    line: str


@dataclass(slots=True)
class Tour:
    """What the examples of one document run against."""

    http: httpx.AsyncClient
    home: Path  # the data directory serve --demo and token create are given
    demo_dir: Path  # the demo store's, beside it
    variables: dict[str, str] = field(default_factory=dict)


def _examples(text: str) -> Iterator[Operation | Shell]:
    for kind, body in re.findall(r"```(graphql|sh)\n(.*?)```", text, re.S):
        if kind == "graphql":
            yield from _operations(body)
        else:
            yield from (Shell(line) for line in _shell_lines(body))


def _operations(block: str) -> Iterator[Operation]:
    end = 0
    for definition in parse(block).definitions:
        assert definition.loc is not None
        comments = block[end : definition.loc.start]
        end = definition.loc.end
        refused = _REFUSED.search(comments)
        yield Operation(print_ast(definition), refused.group(1) if refused else None)


def _shell_lines(block: str) -> Iterator[str]:
    for line in re.sub(r"\\\n\s*", " ", block).splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            yield line


def _empty(value: Any, path: str = "") -> list[str]:
    """The paths in an answer that are null or empty where nothing says they may be."""
    name = path.rsplit(".", 1)[-1].split("[")[0]
    if value is None or value == []:
        return [] if name in MAY_BE_EMPTY else [path]
    if isinstance(value, list):
        return [p for i, item in enumerate(value) for p in _empty(item, f"{path}[{i}]")]
    if isinstance(value, dict):
        # a withheld statistic is null beside suppressed: true, a target not yet measurable
        # beside the note that says why, a finding that is not about counts beside its message
        excused: tuple[str, ...] = WITHHELD if value.get("suppressed") is True else ()
        excused += UNMEASURED if value.get("note") else ()
        excused += UNCOUNTED if value.get("message") else ()
        return [
            p
            for key, item in value.items()
            if not (key in excused and item is None)
            for p in _empty(item, f"{path}.{key}" if path else key)
        ]
    return []


async def _run_operation(tour: Tour, op: Operation) -> None:
    response = await tour.http.post("/graphql", json={"query": op.document})
    status, body = response.status_code, response.json()
    if op.refused is not None:
        codes = [e["extensions"]["code"] for e in body.get("errors", [])]
        assert codes == [op.refused], (op.document, body)
        return
    assert status == 200 and "errors" not in body, (op.document, body)
    assert not _empty(body["data"]), (op.document, _empty(body["data"]), body)


def _split_command(args: list[str]) -> tuple[list[str], Any, list[str]]:
    """(the subcommand path, its command, the rest) of a zhepai command line."""
    path: list[str] = []
    command: Any = typer.main.get_command(cli_app)
    while args and args[0] in getattr(command, "commands", {}):
        path.append(args[0])
        command = command.commands[args.pop(0)]
    assert path and not hasattr(command, "commands"), f"no such command: {path} {args}"
    return path, command, args


async def _run_zhepai(tour: Tour, line: str) -> str:
    path, command, rest = _split_command(shlex.split(line, comments=True))
    options = {opt for param in command.params for opt in param.opts}
    named = {word.strip("[]").split("=")[0] for word in rest if word.strip("[").startswith("--")}
    assert named <= options, (line, named - options)
    if path == ["serve"] or any(_PLACEHOLDER.search(word) for word in rest):
        return ""  # checked, not run: serve does not return, placeholders are not values
    if "--data-dir" in options and "--data-dir" not in rest:
        # token create is given what serve --demo was given (the secret lives there); the
        # other commands act on the demo store itself
        home = tour.home if path == ["token", "create"] else tour.demo_dir
        rest += ["--data-dir", str(home)]
    result = await asyncio.to_thread(CliRunner().invoke, cli_app, [*path, *rest])
    assert result.exit_code == 0, (line, result.output)
    return result.stdout.strip()


async def _run_curl(tour: Tour, line: str) -> None:
    words = shlex.split(re.sub(r"\$(\w+)", lambda m: tour.variables[m.group(1)], line))
    url = next(w for w in words if "localhost:8000" in w)
    headers: dict[str, str] = {}
    for flag, value in itertools.pairwise(words):
        if flag == "-H":
            name, _, given = value.partition(":")
            headers[name.strip()] = given.strip()
    data = words[words.index("-d") + 1] if "-d" in words else None
    target = url.split("localhost:8000", 1)[1]
    if data is None:
        response = await tour.http.get(target, headers=headers)
    else:
        response = await tour.http.post(target, content=data.encode(), headers=headers)
    assert response.status_code == 200, (line, response.text)
    assert response.text.strip(), line
    if target.startswith("/graphql"):
        body = response.json()
        assert "errors" not in body, (line, body)
        assert not _empty(body["data"]), (line, _empty(body["data"]))
        for payload in body["data"].values():
            if isinstance(payload, dict) and "errors" in payload:
                assert payload["errors"] == [], (line, payload)


async def _run_shell(tour: Tour, shell: Shell) -> None:
    line = shell.line
    assigned = _ASSIGN.match(line)
    if assigned:
        inner = _ZHEPAI.match(assigned.group(2))
        assert inner, line
        tour.variables[assigned.group(1)] = await _run_zhepai(tour, inner.group(1))
    elif line.startswith("curl "):
        await _run_curl(tour, line)
    elif (zhepai := _ZHEPAI.match(line)) is not None:
        await _run_zhepai(tour, zhepai.group(1))
    elif (serve := _DEV_SERVE.match(line)) is not None:
        await _run_zhepai(tour, "serve" + serve.group(1))
    # anything else (docker, openssl, export, ./dev test) is not the API's to run


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.relative_to(ROOT).as_posix())
async def test_every_example_runs_on_the_demo_store(
    document: Path,
    demo: Demo,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)  # files the examples write land here
    examples = list(_examples(TEXTS[document]))
    assert examples, f"{document.name} shows no example"
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=demo.app), base_url="http://localhost:8000"
    ) as http:
        tour = Tour(http=http, home=demo.home, demo_dir=demo.settings.data_dir)
        for example in examples:
            if isinstance(example, Operation):
                await _run_operation(tour, example)
            else:
                await _run_shell(tour, example)


def test_the_readme_fits_a_newcomers_reading() -> None:
    readme = TEXTS[ROOT / "README.md"]
    assert len(readme.splitlines()) <= 250
    first_screen = "\n".join(readme.splitlines()[:40])
    for audience in ("career-path frontends", "policy researchers", "base planners"):
        assert audience in first_screen
    assert "./dev serve --demo" in first_screen and "./dev test" in first_screen
    for link in re.findall(r"\]\((docs/[^)#]+)", readme):
        assert (ROOT / link).is_file(), link


def test_an_example_that_shows_nothing_is_caught() -> None:
    assert _empty({"coverageGaps": {"totalCount": 0, "edges": []}}) == ["coverageGaps.edges"]
    assert _empty({"talentStats": {"skilled": None, "suppressed": True, "groups": [{}]}}) == []
    assert _empty({"series": None}) == ["series"]
    assert _empty({"skillLevels": [{"nationalGrade": None}]}) == []
