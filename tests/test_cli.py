"""The zhepai command: load (idempotent, with a summary) and schema."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

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
