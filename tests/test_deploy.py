"""The deployment files: docker-compose.yml runs the API on Neo4j with the settings the code
reads, and the Dockerfile installs the package and runs it as a non-root user.

No container engine is needed: the files are parsed and checked against the code. Where a
compose CLI is installed, `config` validates the compose file too.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from starlette.routing import Route

from zhepai.config import Settings, StoreKind
from zhepai.server import create_app

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


def test_the_image_installs_the_package_and_runs_unprivileged() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text("utf-8")
    builder, final = dockerfile.split("\nFROM ")[-2:]
    # the builder installs the project itself as a package (the wheel test checks what that
    # carries); the image takes only the venv and runs the installed command
    assert "RUN pip install --no-deps ." in builder
    assert "COPY . ." in builder
    assert [line for line in final.splitlines() if line.startswith("COPY ")] == [
        "COPY --from=builder /opt/venv /opt/venv"
    ]
    assert 'ENTRYPOINT ["zhepai"]' in final
    ignored = {
        line.strip()
        for line in (ROOT / ".dockerignore").read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    # the build needs the README (the package's long description) and the seeds' README
    assert {"!README.md", "!seeds/README.md"} <= ignored
    assert not {"seeds", "explorer", "schema", "graph", "domain"} & ignored
    bases = re.findall(r"^ARG PYTHON_IMAGE=(\S+)$", dockerfile, re.MULTILINE)
    assert bases and bases[0].startswith("python:3.12-slim")
    users = re.findall(r"^USER (\S+)$", final, re.MULTILINE)
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
