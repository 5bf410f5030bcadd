"""The bases CSV import (counts, idempotence, rejects) and the synthetic bases generator."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from prometheus_client import REGISTRY, generate_latest
from typer.testing import CliRunner

from zhepai.cli import app
from zhepai.config import get_settings
from zhepai.graph.bases import BaseRepository
from zhepai.graph.store import GraphStore
from zhepai.loaders.bases_import import HEADER, import_bases
from zhepai.loaders.bases_synthetic import PLAN, SYNTHETIC_MARK, write_synthetic
from zhepai.loaders.csv_files import BadHeader, NoCatalogue
from zhepai.loaders.seed_loader import load_seeds

HEAD = ",".join(HEADER)
GOOD = [
    "B-1,萧山区现代纺织培育基地,TRAINING_BASE,COUNTY,330109,09,2023,300",
    "B-2,开化县食用菌培育基地,TRAINING_BASE,PROVINCE,330824,02;01,2024,",
    '"B-3","浙江某纺织有限公司, 萧山",LEAD_ENTERPRISE,,330109,09;19;07,,1200',
    "B-4,淳安县特色乡村,CHARACTERISTIC_VILLAGE,,330127,06,2022,80",
]


def write_csv(path: Path, rows: list[str], header: str = HEAD) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def read_rejects(path: Path) -> dict[int, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {int(r["line"]): r for r in csv.DictReader(handle)}


@pytest.fixture
async def store(scratch_store: GraphStore) -> GraphStore:
    await load_seeds(scratch_store)
    return scratch_store


async def test_good_file_creates_then_reimport_changes_nothing_then_a_fix_updates(
    store: GraphStore, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "bases.csv", GOOD)

    first = await import_bases(store, path)
    assert (first.read, first.created, first.updated, first.unchanged, first.rejected) == (
        4, 4, 0, 0, 0,
    )  # fmt: skip
    assert first.rejects_path is None
    assert not (tmp_path / "bases.rejects.csv").exists()
    b2, b3 = await BaseRepository(store).by_id(["B-2", "B-3"])
    assert b2 is not None
    assert (b2.level, b2.region_code, b2.series_codes, b2.capacity) == (
        "PROVINCE", "330824", ("01", "02"), None,
    )  # fmt: skip
    assert b3 is not None
    assert b3.name == "浙江某纺织有限公司, 萧山"  # a quoted comma stays in the name
    assert (b3.level, b3.designated_year) == (None, None)

    again = await import_bases(store, path)
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 4, 0)

    fixed = write_csv(path, [GOOD[0].replace(",300", ",450"), *GOOD[1:]])
    third = await import_bases(store, fixed, actor="tester")
    assert (third.created, third.updated, third.unchanged) == (0, 1, 3)
    (b1,) = await BaseRepository(store).by_id(["B-1"])
    assert b1 is not None
    assert b1.capacity == 450
    audit = await BaseRepository(store).audit("B-1", 10)
    assert (audit[0].actor, audit[0].action) == ("tester", "UPDATE")


async def test_bad_rows_go_to_the_rejects_file_and_stored_bases_are_kept(
    store: GraphStore, tmp_path: Path
) -> None:
    await import_bases(store, write_csv(tmp_path / "first.csv", GOOD[:1]))
    rows = [
        GOOD[1],  # line 2: fine
        "B-1,萧山区,TRAINING_BASE,COUNTY,330800,09,2023,300",  # 3: a city, not a county
        "B-5,某基地,TRAINING_BASE,COUNTY,339999,09;99,2023,",  # 4: junk county, unknown series
        "B-2,重复,TRAINING_BASE,COUNTY,330109,09,2023,",  # 5: B-2 again (line 2)
        "B-6,无级别基地,TRAINING_BASE,,330109,09,2023,",  # 6: a training base needs a level
        "B-7,某企业,LEAD_ENTERPRISE,CITY,330109,09,2023,",  # 7: an enterprise has none
        "B-8,某企业,LEAD_ENTERPRISE,,330109,09,2023",  # 8: seven columns
        "B-9,某企业,LEAD_ENTERPRISE,,330109,09,2023,10,extra",  # 9: nine columns
        "B-10,坏字节,LEAD_ENTERPRISE,,330109,09,2023,10",  # 10: bytes replaced below
        "B-11,某企业,LEAD_ENTERPRISE,,330109,09,twenty,",  # 11: not a year
        "B-12,某企业,LEAD_ENTERPRISE,,330109,09,2024,20",  # 12: fine, after the bad line
    ]
    path = write_csv(tmp_path / "bases.csv", rows)
    path.write_bytes(path.read_bytes().replace("坏字节".encode(), b"\xff\xfe bad"))

    report = await import_bases(store, path)

    assert (report.read, report.created, report.rejected) == (11, 2, 9)
    assert report.rejects_path == tmp_path / "bases.rejects.csv"
    rejects = read_rejects(report.rejects_path)
    assert sorted(rejects) == [3, 4, 5, 6, 7, 8, 9, 10, 11]
    expected = {
        3: ("region_code", "330800 不是浙江省的县(市、区)"),
        4: ("region_code", "339999 不是浙江省的县(市、区); series: 系列 99 不存在"),
        5: ("id", "B-2 already appears on line 2"),
        6: ("level", "须有级别"),
        7: ("level", "只有培训基地有级别"),
        8: ("capacity", "expected 8 columns, got 7"),
        9: ("", "expected 8 columns, got 9 (extra: 'extra')"),
        10: ("name", "not valid UTF-8 (bytes 0xFF 0xFE)"),
        11: ("designated_year", "认定年份须为整数"),
    }
    for line, (column, reason) in expected.items():
        assert rejects[line]["column"] == column, rejects[line]
        assert reason in rejects[line]["reason"], rejects[line]
    assert rejects[3]["id"] == "B-1"  # the row's own cells come back to be corrected
    assert rejects[10]["name"] == "\ufffd\ufffd bad"
    assert rejects[8]["capacity"] == ""

    b1, b2, b5, b12 = await BaseRepository(store).by_id(["B-1", "B-2", "B-5", "B-12"])
    assert b1 is not None
    assert b1.region_code == "330109"  # the rejected update left it as it was
    assert b2 is not None
    assert b2.name == "开化县食用菌培育基地"  # the first of the two B-2 rows won
    assert b5 is None
    assert b12 is not None

    # Fixed up, the same file imports cleanly and the stale rejects file goes away.
    clean = await import_bases(store, write_csv(path, [GOOD[1], rows[-1]]))
    assert (clean.rejected, clean.unchanged, clean.rejects_path) == (0, 2, None)
    assert clean.stale_rejects_removed == tmp_path / "bases.rejects.csv"
    assert not (tmp_path / "bases.rejects.csv").exists()


async def test_a_bad_header_refuses_the_whole_file(
    scratch_store: GraphStore, tmp_path: Path
) -> None:
    store = scratch_store  # the header is refused before the catalogue is needed
    path = write_csv(tmp_path / "bases.csv", GOOD, header=HEAD.replace("region_code", "region"))
    with pytest.raises(BadHeader, match=re.escape(HEAD)):
        await import_bases(store, path)
    with pytest.raises(BadHeader, match="empty file"):
        await import_bases(store, write_csv(tmp_path / "empty.csv", [], header=""))
    # A right header on a store without the catalogue would reject every row: refused too.
    with pytest.raises(NoCatalogue, match="zhepai load"):
        await import_bases(store, write_csv(tmp_path / "good.csv", GOOD))
    assert await BaseRepository(store).by_id(["B-1", "B-2", "B-3", "B-4"]) == [None] * 4
    assert not (tmp_path / "bases.rejects.csv").exists()


def test_generator_follows_the_plan_and_marks_every_row(tmp_path: Path) -> None:
    report = write_synthetic(3, tmp_path / "a.csv")
    assert {k: report.counts[(k, lv or "")] for k, lv, _ in PLAN if lv is None} == {
        "LEAD_ENTERPRISE": 500,
        "CHARACTERISTIC_VILLAGE": 100,
        "PUBLIC_TRAINING_CENTRE": 25,
        "TECHNICAL_COLLEGE": 25,
    }
    assert [report.counts[("TRAINING_BASE", lv)] for lv in ("PROVINCE", "CITY", "COUNTY")] == [
        50, 100, 200,
    ]  # fmt: skip
    with (tmp_path / "a.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == report.rows == 1000
    assert all(r["id"].startswith("SYN-B") and r["name"].endswith(SYNTHETIC_MARK) for r in rows)
    assert len({r["name"] for r in rows}) == 1000
    assert all(1 <= len(r["series"].split(";")) <= 3 for r in rows)
    assert {r["designated_year"] for r in rows} == {"2022", "2023", "2024", "2025"}
    write_synthetic(4, tmp_path / "b.csv")
    assert (tmp_path / "a.csv").read_bytes() != (tmp_path / "b.csv").read_bytes()


def test_cli_generates_then_imports_with_no_rejects(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    get_settings.cache_clear()
    monkeypatch.chdir(tmp_path)
    data = ["--data-dir", str(tmp_path / "data")]

    first = runner.invoke(app, ["generate", "bases", "--seed", "7"])
    assert first.exit_code == 0, first.output
    assert "SYNTHETIC" in first.output
    assert re.search(r"total\s*│\s*│\s*1000", first.output)
    out = tmp_path / "bases.synthetic.csv"
    again = runner.invoke(app, ["generate", "bases", "--seed", "7", "--out", "second.csv"])
    assert again.exit_code == 0, again.output
    assert out.read_bytes() == (tmp_path / "second.csv").read_bytes()

    assert runner.invoke(app, ["load", *data]).exit_code == 0
    imported = runner.invoke(app, ["import", "bases", str(out), *data])
    assert imported.exit_code == 0, imported.output
    assert re.search(r"1000\s*│\s*1000\s*│\s*0\s*│\s*0\s*│\s*0", imported.output)
    assert "1000 synthetic rows" in imported.output
    assert "no rejects" in imported.output
    assert not (tmp_path / "bases.synthetic.rejects.csv").exists()
    rerun = runner.invoke(app, ["import", "bases", str(out), *data, "--actor", "again"])
    assert rerun.exit_code == 0, rerun.output
    assert re.search(r"1000\s*│\s*0\s*│\s*0\s*│\s*1000\s*│\s*0", rerun.output)


def test_cli_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    get_settings.cache_clear()
    data = ["--data-dir", str(tmp_path / "data")]
    bad = write_csv(tmp_path / "bad.csv", GOOD, header="id;name")
    refused = runner.invoke(app, ["import", "bases", str(bad), *data])
    assert refused.exit_code == 2, refused.output
    assert HEAD in refused.output.replace("\n", "")
    missing = runner.invoke(app, ["import", "bases", str(tmp_path / "nope.csv"), *data])
    assert missing.exit_code == 1, missing.output
    assert "cannot read" in missing.output


async def test_import_progress_shows_in_the_metrics_batch_by_batch(
    store: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def rows(outcome: str) -> float:
        value = REGISTRY.get_sample_value(
            "zhepai_import_rows_total", {"kind": "bases", "outcome": outcome}
        )
        assert value is not None
        return value

    before = {o: rows(o) for o in ("read", "created", "unchanged", "rejected")}
    seen: list[tuple[float, float]] = []
    monkeypatch.setattr("zhepai.loaders.bases_import.BATCH", 2)  # 4 good rows: two batches
    path = write_csv(tmp_path / "bases.csv", [*GOOD, "B-9,无县,TRAINING_BASE,COUNTY,339999,09,,"])

    def progress(*_: int) -> None:
        seen.append((rows("created") - before["created"], rows("read") - before["read"]))

    await import_bases(store, path, progress=progress)

    assert seen[:2] == [(2, 2), (4, 4)]  # counted as the batches are written, not at the end
    assert rows("created") - before["created"] == 4
    assert rows("read") - before["read"] == 5
    assert rows("rejected") - before["rejected"] == 1
    assert "zhepai_imports_running" in generate_latest().decode()
    await import_bases(store, path)
    assert rows("unchanged") - before["unchanged"] == 4
