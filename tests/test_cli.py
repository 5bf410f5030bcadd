"""The zhepai command: load (idempotent, with a summary), schema, and serve --demo with the
token a separate `token create` prints."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import httpx
from typer.testing import CliRunner

from tests.serving import zhepai_serve
from zhepai.cli import app
from zhepai.config import get_settings

runner = CliRunner()


def test_load_twice_then_nothing_to_do(tmp_path: Path) -> None:
    get_settings.cache_clear()
    first = runner.invoke(app, ["load", "--data-dir", str(tmp_path)])
    assert first.exit_code == 0, first.output
    assert re.search(r"occupations\s*│\s*899\s*│\s*0\s*│\s*0\s*│\s*0", first.output)
    assert re.search(r"loaded: \d+ created, 0 updated, 0 deleted", first.output)
    second = runner.invoke(app, ["load", "--data-dir", str(tmp_path)])
    assert second.exit_code == 0, second.output
    assert "nothing to do" in second.output


def test_schema_prints_the_contract() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    for name in (
        "industries:",
        "seriesList(",
        "occupations(",
        "specialties(",
        "regions(",
        "region(",
        "skillLevels:",
        "dataQuality:",
        "type OccupationConnection",
    ):
        assert name in result.output


CREATE = (
    'mutation { createBase(input: {id: "DEMO-9", name: "演示基地", kind: TRAINING_BASE, '
    'level: COUNTY, regionCode: "330824", seriesCodes: ["30"]}) { errors { code } } }'
)


def test_serve_demo_answers_the_tour_and_accepts_a_token_made_in_one_step(
    tmp_path: Path,
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHEPAI_")}
    data = tmp_path / "data"
    serving = zhepai_serve(
        "--demo", "--data-dir", str(data), "--log-level", "warning",
        cwd=tmp_path, env=env, ready_within_s=300,
    )  # fmt: skip
    with serving as url:
        # a separate process, as a newcomer runs it: nothing configured, same data directory
        made = subprocess.run(
            [sys.executable, "-m", "zhepai.cli", "token", "create", "--role", "planner",
             "--data-dir", str(data)],
            cwd=tmp_path, env=env, capture_output=True, text=True, check=True,
        )  # fmt: skip
        bearer = {"authorization": f"Bearer {made.stdout.strip()}"}
        answer = httpx.post(f"{url}/graphql", json={"query": CREATE}, headers=bearer, timeout=30)
        assert answer.json() == {"data": {"createBase": {"errors": []}}}
        stats = httpx.post(
            f"{url}/graphql",
            json={"query": '{ talentStats(regionCode: "330000") { skilled certificates } }'},
            timeout=30,
        ).json()["data"]["talentStats"]
        assert 0 < stats["skilled"] <= stats["certificates"]
    # the demo lives beside the data directory's own store, which it never started
    assert (data / "demo" / "demo-loaded").is_file()
    assert sorted(p.name for p in data.iterdir()) == ["demo", "jwt-secret"]
