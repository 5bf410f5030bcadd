"""``zhepai export talent``: a trend written as CSV and as Parquet, the same table in both."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

import pyarrow.parquet as pq
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


def invoke(env: dict[str, str], *args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args), env=env)
    get_settings.cache_clear()
    assert result.exit_code == code, result.output
    return result.output


def test_a_trend_exports_as_csv_and_parquet(env: dict[str, str], tmp_path: Path) -> None:
    # given 400 synthetic certificates imported
    workers = tmp_path / "workers.csv"
    invoke(env, "generate", "workers", "--count", "400", "--seed", "5", "--out", str(workers))
    invoke(env, "import", "workers", str(workers))
    this_year = str(datetime.now(UTC).year)
    common = ["export", "talent", "--from-year", "2015", "--to-year", this_year,
              "--group-by", "CITY", "--small-cells"]  # fmt: skip
    # when the province's trend by city is exported both ways
    as_csv, as_parquet = tmp_path / "t.csv", tmp_path / "t.parquet"
    invoke(env, *common, "--format", "csv", "--out", str(as_csv))
    assert "wrote" in invoke(env, *common, "--format", "parquet", "--out", str(as_parquet))
    # then both hold the same rows: one per year for the province, then its cities
    with as_csv.open(encoding="utf-8-sig", newline="") as handle:
        from_csv = list(csv.DictReader(handle))
    from_parquet = pq.read_table(as_parquet).to_pylist()
    assert len(from_csv) == len(from_parquet) > 2 * (int(this_year) - 2015 + 1)
    for a, b in zip(from_csv, from_parquet, strict=True):
        assert {k: v or None for k, v in a.items()} == {
            k: None if v in (None, "") else str(v) for k, v in b.items()
        }
    # and with every cell shown, the cities add up to the province each year
    for year in range(2015, int(this_year) + 1):
        rows = [r for r in from_parquet if r["year"] == year]
        total = next(r for r in rows if r["group_key"] == "")
        assert total["skilled"] == sum(r["skilled"] for r in rows if r["group_key"])
    assert from_parquet[-1]["skilled"] or from_parquet[-2]["skilled"]


def test_bad_years_are_refused_by_name(env: dict[str, str], tmp_path: Path) -> None:
    out = invoke(env, "export", "talent", "--from-year", "2020", "--to-year", "2019",
                 "--out", str(tmp_path / "x.csv"), code=2)  # fmt: skip
    assert "toYear" in out
    assert not (tmp_path / "x.csv").exists()
