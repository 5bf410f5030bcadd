"""The deployment files: docker-compose.yml runs the API on Neo4j with the settings the code
reads, and the Dockerfile ships every module the app is made of, as a non-root user.

No container engine is needed: the files are parsed and checked against the code. Where a
compose CLI is installed, `config` validates the compose file too.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from starlette.routing import Route

from config import Settings, StoreKind
from server import create_app

ROOT = Path(__file__).resolve().parent.parent
_DEFAULTED = re.compile(r"\$\{(\w+):-([^}]*)\}")


def compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text("utf-8"))
    return data


def resolved(value: str) -> str:
    """A compose value as it is with none of its variables set (their defaults)."""
    return _DEFAULTED.sub(lambda m: m.group(2), value)


def test_the_api_service_runs_on_the_neo4j_service_with_real_settings() -> None:
    services = compose()["services"]
    assert set(services) >= {"neo4j", "api"}
    api, neo4j = services["api"], services["neo4j"]
    env = {k: resolved(str(v)) for k, v in api["environment"].items()}

    # every variable names a setting the code reads, and they make a Neo4j store
    fields = {f"ZHEPAI_{name.upper()}" for name in Settings.model_fields}
    assert set(env) <= fields, set(env) - fields
    settings = Settings.model_validate(
        {k.removeprefix("ZHEPAI_").lower(): v for k, v in env.items()}
    )
    assert settings.store_kind is StoreKind.NEO4J
    assert settings.graph_url == "bolt://neo4j:7687"
    user, _, password = resolved(neo4j["environment"]["NEO4J_AUTH"]).partition("/")
    assert (settings.neo4j_user, settings.neo4j_password.get_secret_value()) == (user, password)
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert "healthcheck" in neo4j
    assert api["build"] == "."


def test_the_api_healthcheck_asks_readyz_on_the_served_port() -> None:
    api = compose()["services"]["api"]
    command = api["command"]
    port = command[command.index("--port") + 1]
    assert command[command.index("--host") + 1] == "0.0.0.0"  # noqa: S104 (reachable outside)
    assert any(p.endswith(f":{port}") for p in api["ports"])
    check = " ".join(api["healthcheck"]["test"])
    assert f"http://127.0.0.1:{port}/readyz" in check
    paths = {r.path for r in create_app().routes if isinstance(r, Route)}
    assert "/readyz" in paths


def _copied(dockerfile: str) -> set[str]:
    final = dockerfile.split("\nFROM ")[-1]  # the last stage is the image
    copied: set[str] = set()
    for line in final.splitlines():
        if line.startswith("COPY ") and "--from=" not in line:
            copied.update(p.rstrip("/") for p in line.split()[1:-1])
    return copied


def test_the_image_holds_every_module_of_the_app_and_runs_unprivileged() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text("utf-8")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    modules = {f"{m}.py" for m in project["py-modules"]}
    packages = {p.rstrip("*") for p in project["packages"]["find"]["include"]}
    copied = _copied(dockerfile)
    # every package of the repository is packaged (tests and benchmarks stay out)
    on_disk = {d.name for d in ROOT.iterdir() if (d / "__init__.py").is_file()}
    assert on_disk - {"tests", "bench"} == packages, on_disk ^ packages
    assert modules | packages | {"seeds", "explorer"} <= copied, (
        modules | packages | {"seeds", "explorer"}
    ) - copied
    assert all((ROOT / path).exists() for path in copied)
    ignored = {
        line.strip()
        for line in (ROOT / ".dockerignore").read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert not ignored & copied
    bases = re.findall(r"^ARG PYTHON_IMAGE=(\S+)$", dockerfile, re.MULTILINE)
    assert bases and bases[0].startswith("python:3.12-slim")
    users = re.findall(r"^USER (\S+)$", dockerfile.split("\nFROM ")[-1], re.MULTILINE)
    assert users and users[-1] not in ("root", "0")


def _compose_cli() -> list[str] | None:
    docker = shutil.which("docker")
    if (
        docker
        and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0
    ):
        return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    return [legacy] if legacy else None


def test_compose_config_validates_where_a_compose_cli_exists() -> None:
    cli = _compose_cli()
    if cli is None:
        pytest.skip(
            "no docker compose / docker-compose here: the file is checked by the tests above"
        )
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_PASSWORD"}
    result = subprocess.run(
        [*cli, "-f", str(ROOT / "docker-compose.yml"), "config", "-q"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
