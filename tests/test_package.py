"""The installed package: one import name, zhepai, that serves from any directory.

The wheel is built from a copy of the tracked files (the build writes beside its sources), its
names are checked against the tree, and a server is started from the unpacked wheel in an
empty directory, where nothing of the checkout can be found.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import httpx
import pytest

from tests.serving import zhepai_serve

ROOT = Path(__file__).resolve().parent.parent
# Not part of the package: the tests, the benchmarks, the seeds' maintainer tools, the linter
NOT_PACKAGED = {"tests", "bench", "tools", "build", ".venv"}


def _tracked() -> list[str]:
    out = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return [line for line in out.stdout.splitlines() if (ROOT / line).is_file()]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in _tracked():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(out), str(source)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    (built,) = out.glob("zhepai-*.whl")
    return built


def _names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def test_the_wheel_adds_one_top_level_name(wheel: Path) -> None:
    tops = {name.split("/")[0] for name in _names(wheel)}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"zhepai"}


def test_every_module_of_the_tree_is_in_the_wheel_and_nothing_else(wheel: Path) -> None:
    modules = {
        name
        for name in _tracked()
        if name.endswith(".py")
        and name.split("/")[0] not in NOT_PACKAGED
        and not name.startswith("seeds/")
    }
    packaged = {n.removeprefix("zhepai/") for n in _names(wheel) if n.endswith(".py")}
    assert packaged == modules, packaged ^ modules


def test_the_package_list_names_every_package_directory() -> None:
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"][
            "packages"
        ]
    )
    on_disk = {
        "zhepai" + ("." + ".".join(p.parent.relative_to(ROOT).parts) if p.parent != ROOT else "")
        for p in ROOT.rglob("__init__.py")
        if not (set(p.relative_to(ROOT).parts) & NOT_PACKAGED)
    }
    assert listed == on_disk, listed ^ on_disk


def test_the_wheel_carries_the_seeds_and_the_explorer(wheel: Path) -> None:
    names = _names(wheel)
    seeds = {p.name for p in (ROOT / "seeds").glob("*.yaml")}
    assert {f"zhepai/seeds/{s}" for s in seeds} <= names
    explorer = {
        str(p.relative_to(ROOT))
        for p in (ROOT / "explorer").rglob("*")
        if p.is_file() and "screenshots" not in p.parts
    }
    assert {f"zhepai/{e}" for e in explorer} <= names, {f"zhepai/{e}" for e in explorer} - names
    assert "zhepai/py.typed" in names
    assert not any(n.startswith("zhepai/explorer/screenshots/") for n in names)


def test_an_unpacked_wheel_serves_the_seeds_and_the_explorer_from_any_directory(
    wheel: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # the unpacked wheel first on the path: the checkout's editable mapping is never asked
    env = {**os.environ, "PYTHONPATH": str(site), "ZHEPAI_GRAPH_URL": "embedded"}
    where = subprocess.run(
        [sys.executable, "-c", "import zhepai.server as s; print(s.__file__)"],
        cwd=elsewhere, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert where.stdout.strip().startswith(str(site))
    serving = zhepai_serve(
        "--data-dir", str(tmp_path / "data"), "--log-level", "warning", cwd=elsewhere, env=env
    )
    with serving as url:
        page = httpx.get(f"{url}/explorer/", timeout=10)
        assert page.status_code == 200
        assert "<html" in page.text.lower()
        answer = httpx.post(
            f"{url}/graphql", json={"query": "{ industries { code name } }"}, timeout=30
        ).json()
        assert len(answer["data"]["industries"]) == 3
