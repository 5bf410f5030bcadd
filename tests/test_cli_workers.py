"""The worker commands end to end on a store of their own: generate, import (twice), rebuild
the counters, import region figures."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.workers_data import SECRET
from zhepai.cli import app
from zhepai.config import get_settings

runner = CliRunner()


@pytest.fixture
def env(data_dir: Path) -> dict[str, str]:
    get_settings.cache_clear()
    return {"ZHEPAI_DATA_DIR": str(data_dir), "ZHEPAI_PERSON_KEY_SECRET": SECRET.decode()}


def invoke(env: dict[str, str], *args: str) -> str:
    result = runner.invoke(app, list(args), env=env)
    get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    return result.output


def test_generate_import_rebuild(env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "workers.csv"
    assert "SYNTHETIC" in invoke(env, "generate", "workers", "--count", "300", "--seed", "3",
                                 "--out", str(out))  # fmt: skip

    first = invoke(env, "import", "workers", str(out))
    assert re.search(r"│\s*300\s*│\s*300\s*│\s*0\s*│\s*0\s*│\s*0\s*│", first), first
    assert "300 synthetic rows" in first and "no rejects" in first
    again = invoke(env, "import", "workers", str(out))
    assert re.search(r"│\s*300\s*│\s*0\s*│\s*0\s*│\s*300\s*│\s*0\s*│", again), again

    rebuilt = invoke(env, "stats", "rebuild")
    assert re.search(r"recounted \d+ persons: \d+ cells, \d+ entries", rebuilt), rebuilt


def test_region_stats_and_a_refused_file(env: dict[str, str], tmp_path: Path) -> None:
    good = tmp_path / "employed.csv"
    good.write_text("region_code,year,employed,source\n330000,2024,38000000,test\n", "utf-8")
    assert "1 region figures stored" in invoke(env, "import", "region-stats", str(good))

    bad = tmp_path / "bad.csv"
    bad.write_text("region_code,year,employed,source\n330000,1999,5,test\n", "utf-8")
    result = runner.invoke(app, ["import", "region-stats", str(bad)], env=env)
    get_settings.cache_clear()
    assert result.exit_code == 2 and "line 2, column year" in result.output
