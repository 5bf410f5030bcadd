"""zhepai export catalogue: the whole catalogue from the store, as JSON or CSV files.

The expected figures come from seeds/catalogue.yaml itself, read independently here, so the
export is checked against the source rather than against itself.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from zhepai.cli import app
from zhepai.config import get_settings
from zhepai.domain.exports.catalogue import BOM, CSV_FILES
from zhepai.loaders.seed_files import SEEDS_DIR

runner = CliRunner()


@pytest.fixture(scope="module")
def seeded_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An embedded store directory holding the seeds, loaded through the CLI."""
    get_settings.cache_clear()
    data_dir = tmp_path_factory.mktemp("export-store")
    loaded = runner.invoke(app, ["load", "--data-dir", str(data_dir)])
    assert loaded.exit_code == 0, loaded.output
    return data_dir


@pytest.fixture(scope="module")
def source() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(
        (SEEDS_DIR / "catalogue.yaml").read_text(encoding="utf-8")
    )
    return data


def export(data_dir: Path, fmt: str, out: Path) -> str:
    result = runner.invoke(
        app,
        ["export", "catalogue", "--format", fmt, "--out", str(out), "--data-dir", str(data_dir)],
    )
    assert result.exit_code == 0, result.output
    return result.output


def read_csv(path: Path) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith(BOM)  # Excel reads Chinese only with it
    return list(csv.DictReader(text.removeprefix(BOM).splitlines()))


def test_json_is_one_nested_document_matching_the_seeds(
    seeded_dir: Path, source: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "nested" / "catalogue.json"

    output = export(seeded_dir, "json", out)

    doc = json.loads(out.read_text(encoding="utf-8"))
    listings = [o for s in source["series"] for o in s["occupations"]]
    specialties = [sp for s in source["series"] for sp in s.get("specialties", [])]
    assert doc["format"] == "zhepai-catalogue/1"
    assert doc["counts"] == {
        "industries": 3,
        "series": len(source["series"]),
        "occupations": len({o["id"] for o in listings}),
        "occupationListings": len(listings),
        "specialties": len(specialties),
    }
    assert f"{len({o['id'] for o in listings})} occupations" in output
    series = {s["code"]: s for i in doc["industries"] for s in i["series"]}
    assert list(series) == [s["code"] for s in source["series"]]
    for expected in source["series"]:
        got = series[expected["code"]]
        assert got["name"] == expected["name"]
        assert [(o["id"], o["name"], o["workTypes"]) for o in got["occupations"]] == [
            (o["id"], o["name"], o.get("workTypes", [])) for o in expected["occupations"]
        ]
        assert [sp["id"] for sp in got["specialties"]] == [
            sp["id"] for sp in expected.get("specialties", [])
        ]
    assert {i["code"]: [s["code"] for s in i["series"]] for i in doc["industries"]} == {
        code: [s["code"] for s in source["series"] if s["industry"] == code]
        for code in ("PRIMARY", "SECONDARY", "TERTIARY")
    }
    longjing = next(sp for sp in series["06"]["specialties"] if sp["name"] == "开化龙顶茶制作")
    assert [(r["code"], r["name"], r["level"]) for r in longjing["originRegions"]] == [
        ("330824", "开化县", "COUNTY")
    ]


def test_csv_writes_one_file_per_entity_that_join_on_ids(
    seeded_dir: Path, source: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "catalogue"

    export(seeded_dir, "csv", out)

    assert sorted(p.name for p in out.iterdir()) == sorted(CSV_FILES)
    industries = read_csv(out / "industries.csv")
    series = read_csv(out / "series.csv")
    occupations = read_csv(out / "occupations.csv")
    specialties = read_csv(out / "specialties.csv")
    origins = read_csv(out / "specialty_origins.csv")
    assert [i["code"] for i in industries] == ["PRIMARY", "SECONDARY", "TERTIARY"]
    assert [s["code"] for s in series] == [s["code"] for s in source["series"]]
    assert {s["industry_code"] for s in series} <= {i["code"] for i in industries}
    # one row per listing: 园艺工 is listed by three series, each with its own work types
    listings = Counter(o["id"] for s in source["series"] for o in s["occupations"])
    assert Counter(r["occupation_id"] for r in occupations) == listings
    gardener = {r["series_code"]: r["work_types"] for r in occupations if r["name"] == "园艺工"}
    assert gardener == {
        "01": "蔬菜栽培工;果树栽培工",
        "03": "花卉栽培工",
        "06": "茶树栽培工;桑树栽培工",
    }
    assert len(specialties) == sum(len(s.get("specialties", [])) for s in source["series"])
    expected_origins = {
        (sp["id"], r["code"])
        for s in source["series"]
        for sp in s.get("specialties", [])
        for r in sp.get("originRegions", [])
    }
    assert {(r["specialty_id"], r["region_code"]) for r in origins} == expected_origins
    by_id = {r["specialty_id"]: r for r in specialties}
    assert {r["specialty_id"] for r in origins} <= set(by_id)
    longjing = next(r for r in specialties if r["name"] == "开化龙顶茶制作")
    assert (longjing["series_code"], longjing["origin_regions"]) == ("06", "开化县")


def test_an_empty_store_or_a_file_for_the_csv_directory_is_refused(
    seeded_dir: Path, tmp_path: Path
) -> None:
    empty = runner.invoke(
        app,
        ["export", "catalogue", "--format", "json", "--out", str(tmp_path / "c.json"),
         "--data-dir", str(tmp_path / "empty-store")],
    )  # fmt: skip
    assert empty.exit_code == 1
    assert "CATALOGUE_EMPTY" in empty.output
    assert not (tmp_path / "c.json").exists()

    a_file = tmp_path / "taken"
    a_file.write_text("not a directory", encoding="utf-8")
    refused = runner.invoke(
        app,
        ["export", "catalogue", "--format", "csv", "--out", str(a_file),
         "--data-dir", str(seeded_dir)],
    )  # fmt: skip
    assert refused.exit_code == 2
    assert "BAD_TARGET" in refused.output
    assert a_file.read_text(encoding="utf-8") == "not a directory"
