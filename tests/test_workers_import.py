"""The worker import: counts, idempotence, corrections, every validation rule, strict mode,
JSON Lines, and the statistics counters staying equal to a recount."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.workers_data import (
    CHEGONG,
    GANJU,
    GOOD,
    LI,
    SECRET,
    TODAY,
    WANG,
    ZHANG,
    read_rejects,
    row,
    write_csv,
)
from zhepai.domain.talent.id_numbers import make, person_key
from zhepai.domain.talent.rebuild import rebuild, recount
from zhepai.domain.talent.writer import CertificateWriter, counter_rows, revocation
from zhepai.graph.errors import StoreShapeError, StoreTimeout
from zhepai.graph.maintenance import DROP_WORKERS, SET_WORKERS_SHAPE
from zhepai.graph.store import Bound, GraphStore
from zhepai.graph.talent import TalentRepository
from zhepai.graph.worker_keys import scan_helps
from zhepai.graph.workers import WorkerRepository
from zhepai.loaders.csv_files import BadHeader
from zhepai.loaders.worker_rows import FIELDS
from zhepai.loaders.workers_import import StrictRejected, import_workers


@pytest.fixture
async def store(seeded_store: GraphStore) -> AsyncIterator[GraphStore]:
    """The seeded store; every worker, counter and audit entry is removed afterwards."""
    yield seeded_store
    await seeded_store.write_all([(s, {}) for s in DROP_WORKERS])


# Tests marked with ``known_keys`` run with the keys in the store read first (so that new rows
# are not looked up: talent/known_keys.py) and without; the outcome must be the same.
async def run(store: GraphStore, path: Path, **options: object) -> tuple[int, ...]:
    report = await import_workers(store, path, SECRET, today=TODAY, **options)  # type: ignore[arg-type]
    if "known_keys" in options:  # the variant ran as it says (the keys are never read on Neo4j)
        assert report.keys_known == (options["known_keys"] is True and scan_helps(store))
    return (report.read, report.created, report.updated, report.unchanged, report.rejected)


async def counters(store: GraphStore) -> dict[tuple[str, str, str], tuple[int, int]]:
    return {
        (c.county, c.series, c.level): (c.persons, c.certificates)
        for c in await TalentRepository(store).cells()
    }


async def assert_counters_match_recount(store: GraphStore) -> None:
    counted, _ = await recount(store)
    cells, _ = counter_rows(counted)
    expected = {
        (str(c["county"]), str(c["series"]), str(c["level"])): (c["persons"], c["certificates"])
        for c in cells
    }
    assert await counters(store) == expected
    entries = {(e.county, e.year): e.persons for e in await TalentRepository(store).entries()}
    assert entries == counted.entries


@pytest.mark.parametrize("known_keys", [False, True], ids=["read", "known"])
async def test_import_creates_then_reimport_changes_nothing(
    store: GraphStore, tmp_path: Path, known_keys: bool
) -> None:
    path = write_csv(tmp_path / "workers.csv", GOOD)

    assert await run(store, path, known_keys=known_keys) == (6, 6, 0, 0, 0)
    assert await run(store, path, known_keys=known_keys) == (6, 0, 0, 6, 0)

    zhang = await WorkerRepository(store).person(person_key(ZHANG, SECRET))
    assert zhang is not None
    assert (zhang.masked, zhang.name, zhang.birth_year, zhang.sex) == (
        "330824********1231", "张三", 1990, "M",
    )  # fmt: skip
    assert [c.no for c in zhang.certificates] == ["C-0001", "C-0002"]
    # counted once, by the highest certificate: SENIOR in 开化县, series 16
    cells = await counters(store)
    assert cells[("330824", "16", "SENIOR")] == (1, 1)
    assert cells[("330824", "16", "JUNIOR")] == (0, 1)
    assert cells[("330824", "01", "SPECIALTY")] == (1, 1)  # 李四's 专项
    assert cells[("330802", "16", "INTERMEDIATE")] == (1, 1)  # 赵六: the name 车工 resolved
    assert cells[("330802", "16", "APPRENTICE")] == (0, 1)  # apprentices are not skilled
    await assert_counters_match_recount(store)


async def test_every_kind_of_certificate_is_stored_with_all_its_edges(
    store: GraphStore, tmp_path: Path
) -> None:
    """The apply statement creates a new person's occupational certificates with the person,
    a stored person's through a lookup and every 专项 certificate through a lookup: each path
    leaves the same certificate behind."""
    first = [
        row("C-0001", ZHANG, "张三", CHEGONG, level="JUNIOR", issued_on="2015-06-01"),
        row("C-0002", ZHANG, "张三", specialty=GANJU, evaluation="SPECIAL_ABILITY",
            issued_on="2016-06-01"),
    ]  # fmt: skip
    later = [  # the stored 张三 gains one of each; the new 李四 holds one of each
        row("C-0003", ZHANG, "张三", CHEGONG, level="SENIOR", issued_on="2021-06-01",
            employer="衢州某机床厂"),
        row("C-0004", ZHANG, "张三", specialty=GANJU, evaluation="SPECIAL_ABILITY",
            issued_on="2022-06-01", region="330802"),
        row("C-0005", LI, "李四", "车工", level="INTERMEDIATE", evaluation="QUALIFICATION",
            issued_on="2020-03-01"),
        row("C-0006", LI, "李四", specialty=GANJU, evaluation="SPECIAL_ABILITY",
            issued_on="2022-04-01"),
    ]  # fmt: skip
    assert await run(store, write_csv(tmp_path / "first.csv", first)) == (2, 2, 0, 0, 0)
    assert await run(store, write_csv(tmp_path / "later.csv", later)) == (4, 4, 0, 0, 0)
    assert await run(store, write_csv(tmp_path / "all.csv", first + later)) == (6, 0, 0, 6, 0)

    repo = WorkerRepository(store)
    held = {
        c.no: (c.kind, c.occupation, c.specialty, c.level, c.region, c.issued_on, c.employer)
        for key in (person_key(ZHANG, SECRET), person_key(LI, SECRET))
        if (person := await repo.person(key)) is not None
        for c in person.certificates
    }
    assert held == {
        "C-0001": ("SKILL_LEVEL", CHEGONG, None, "JUNIOR", "330824", "2015-06-01", None),
        "C-0002": ("SPECIAL_ABILITY", None, GANJU, None, "330824", "2016-06-01", None),
        "C-0003": ("SKILL_LEVEL", CHEGONG, None, "SENIOR", "330824", "2021-06-01", "衢州某机床厂"),
        "C-0004": ("SPECIAL_ABILITY", None, GANJU, None, "330802", "2022-06-01", None),
        "C-0005": ("QUALIFICATION", CHEGONG, None, "INTERMEDIATE", "330824", "2020-03-01", None),
        "C-0006": ("SPECIAL_ABILITY", None, GANJU, None, "330824", "2022-04-01", None),
    }
    await assert_counters_match_recount(store)


async def test_workers_stored_in_an_older_shape_are_not_written_over(
    store: GraphStore, tmp_path: Path
) -> None:
    """Persons of an older shape would not be found by this version's lookups, so writing
    on would duplicate them: the import and the rebuild refuse, naming the shape."""
    path = write_csv(tmp_path / "workers.csv", GOOD[:2])
    assert await run(store, path) == (2, 2, 0, 0, 0)
    await store.write(SET_WORKERS_SHAPE, shape=None)
    more = write_csv(tmp_path / "more.csv", GOOD[2:])
    with pytest.raises(StoreShapeError, match="shape 1, this version writes shape 3") as caught:
        await run(store, more)
    assert caught.value.code == "STORE_SHAPE"
    with pytest.raises(StoreShapeError):
        await rebuild(store)
    assert sum(c.certificates for c in await TalentRepository(store).cells()) == 2


@pytest.mark.parametrize("known_keys", [False, True], ids=["read", "known"])
async def test_a_corrected_row_updates_and_moves_the_counts(
    store: GraphStore, tmp_path: Path, known_keys: bool
) -> None:
    await run(store, write_csv(tmp_path / "a.csv", GOOD), known_keys=known_keys)
    fixed = [list(r) for r in GOOD]
    fixed[1][5] = "TECHNICIAN"  # 张三's second certificate was a 技师 one
    fixed[2][2] = "李思"  # a name typed wrong
    fixed[3][8] = "330824"  # 王五's certificate was issued in 开化县

    assert await run(store, write_csv(tmp_path / "b.csv", fixed), known_keys=known_keys) == (
        6,
        0,
        3,
        3,
        0,
    )

    cells = await counters(store)
    assert ("330824", "16", "SENIOR") not in cells
    # 张三 (now 技师) and 王五 (now issued in 开化县) are both 技师 of series 16 there
    assert cells[("330824", "16", "TECHNICIAN")] == (2, 2)
    li = await WorkerRepository(store).person(person_key(LI, SECRET))
    assert li is not None and li.name == "李思"
    assert ("330106", "16", "TECHNICIAN") not in cells
    await assert_counters_match_recount(store)


@pytest.mark.parametrize("known_keys", [False, True], ids=["read", "known"])
async def test_a_certificate_changing_hands_leaves_no_orphan(
    store: GraphStore, tmp_path: Path, known_keys: bool
) -> None:
    await run(store, write_csv(tmp_path / "a.csv", GOOD), known_keys=known_keys)
    moved = [list(r) for r in GOOD]
    moved[3][1], moved[3][2] = ZHANG, "张三"  # C-0004 was 张三's, not 王五's

    assert await run(store, write_csv(tmp_path / "b.csv", moved), known_keys=known_keys) == (
        6,
        0,
        1,
        5,
        0,
    )

    repo = WorkerRepository(store)
    assert await repo.person(person_key(WANG, SECRET)) is None  # held nothing any more
    zhang = await repo.person(person_key(ZHANG, SECRET))
    assert zhang is not None and [c.no for c in zhang.certificates][-1] == "C-0004"
    await assert_counters_match_recount(store)


BAD_ROWS: list[tuple[list[str], str, str]] = [
    # (row, column, reason fragment)
    (row("C-1001", ZHANG[:-1] + ("0" if ZHANG[-1] != "0" else "1"), "张三", CHEGONG,
         level="JUNIOR"), "person_id", "check"),
    (row("C-1002", "33082419901317123X", "张三", CHEGONG, level="JUNIOR"), "person_id",
     "calendar date"),
    (row("C-1003", "3308241990051712", "张三", CHEGONG, level="JUNIOR"), "person_id", "18"),
    (row("C-1004", ZHANG, "张三", CHEGONG, level="JUNIOR", region="330800"), "region_code",
     "not a Zhejiang county"),
    (row("C-1005", ZHANG, "张三", "OCC-9999", level="JUNIOR"), "occupation", "no occupation"),
    (row("C-1006", ZHANG, "张三", "不存在的工种", level="JUNIOR"), "occupation", "no occupation"),
    (row("C-1007", ZHANG, "张三", CHEGONG, GANJU, level="JUNIOR"), "occupation", "exactly one"),
    (row("C-1008", ZHANG, "张三"), "specialty", "exactly one"),
    (row("C-1009", ZHANG, "张三", CHEGONG), "level", "needs a level"),
    (row("C-1010", ZHANG, "张三", specialty=GANJU, level="JUNIOR", evaluation="SPECIAL_ABILITY"),
     "level", "no level"),
    (row("C-1011", ZHANG, "张三", CHEGONG, level="MASTER"), "level", "one of"),
    (row("C-1012", ZHANG, "张三", CHEGONG, level="JUNIOR", evaluation="EXAM"), "evaluation",
     "one of"),
    (row("C-1013", ZHANG, "张三", CHEGONG, level="JUNIOR", evaluation="SPECIAL_ABILITY"),
     "evaluation", "SPECIAL_ABILITY"),
    (row("C-1014", ZHANG, "张三", specialty=GANJU), "evaluation", "SPECIAL_ABILITY"),
    (row("C-1015", ZHANG, "张三", CHEGONG, level="CHIEF_TECHNICIAN", evaluation="QUALIFICATION"),
     "level", "national grade"),
    (row("C-1016", ZHANG, "张三", CHEGONG, level="JUNIOR", issued_on="2026-12-01"), "issued_on",
     "future"),
    (row("C-1017", ZHANG, "张三", CHEGONG, level="JUNIOR", issued_on="2006-05-16"), "issued_on",
     "16th birthday"),
    (row("C-1018", ZHANG, "张三", CHEGONG, level="JUNIOR", issued_on="2023/06/01"), "issued_on",
     "date"),
    (row("C-0001", ZHANG, "张三", CHEGONG, level="JUNIOR"), "certificate_no", "line 2"),
    (row("C 1019", ZHANG, "张三", CHEGONG, level="JUNIOR"), "certificate_no", "letters"),
    (row("C-1020", ZHANG, "", CHEGONG, level="JUNIOR"), "name", "required"),
    (row("C-1021", ZHANG, "张\x07三", CHEGONG, level="JUNIOR"), "name", "control"),
    (row("C-1022", ZHANG, "张三", CHEGONG, level="JUNIOR")[:9], "employer", "columns"),
]  # fmt: skip


async def test_every_bad_row_is_rejected_with_its_column_and_reason(
    store: GraphStore, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "w.csv", [GOOD[0]] + [r for r, _, _ in BAD_ROWS])
    # one line that is not UTF-8 at all
    with path.open("ab") as handle:
        handle.write(b"C-1099,330824199005171231,\xd5\xc5\xc8\xfd,OCC-0461,,JUNIOR,SKILL_LEVEL,"
                     b"2023-06-01,330824,\n")  # fmt: skip

    assert await run(store, path) == (len(BAD_ROWS) + 2, 1, 0, 0, len(BAD_ROWS) + 1)

    rejects = read_rejects(tmp_path / "w.rejects.csv")
    for line, (given, column, reason) in enumerate(BAD_ROWS, start=3):
        got = rejects[line]
        assert got["column"] == column, (line, got)
        assert reason.lower() in got["reason"].lower(), (line, got)
        assert got["certificate_no"] == given[0]
        if column in FIELDS and len(given) == len(FIELDS):
            assert got["value"] == given[FIELDS.index(column)].strip()
    encoding = rejects[len(BAD_ROWS) + 3]
    assert (encoding["column"], "UTF-8" in encoding["reason"]) == ("name", True)
    # nothing of the rejected rows reached the store
    stored = await WorkerRepository(store).certificates([r[0] for r, _, _ in BAD_ROWS])
    assert set(stored) == {"C-0001"}
    await assert_counters_match_recount(store)


async def test_strict_mode_writes_nothing_and_names_the_row(
    store: GraphStore, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "w.csv", [*GOOD, BAD_ROWS[3][0]])
    with pytest.raises(StrictRejected, match=r"line 8, column region_code \('330800'\)"):
        await run(store, path, strict=True)
    assert await WorkerRepository(store).certificates([r[0] for r in GOOD]) == {}
    assert await run(store, write_csv(tmp_path / "ok.csv", GOOD), strict=True) == (6, 6, 0, 0, 0)


async def test_a_wrong_header_refuses_the_file(store: GraphStore, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "w.csv", GOOD, header=(*FIELDS[:-1], "company"))
    with pytest.raises(BadHeader, match="employer"):
        await run(store, path)


async def test_json_lines_import_the_same(store: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "w.jsonl"
    lines = [json.dumps({k: (v or None) for k, v in zip(FIELDS, r, strict=True)},
                        ensure_ascii=False) for r in GOOD]  # fmt: skip
    lines.append('{"certificate_no": "C-2001", "unexpected": 1}')
    lines.append("[1, 2]")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    assert await run(store, path) == (8, 6, 0, 0, 2)
    csv_path = write_csv(tmp_path / "same.csv", GOOD)
    assert await run(store, csv_path) == (6, 0, 0, 6, 0)  # what JSON wrote equals the CSV
    rejects = read_rejects(tmp_path / "w.rejects.csv")
    assert "unexpected" in rejects[7]["reason"] and "JSON object" in rejects[8]["reason"]


@pytest.mark.parametrize("known_keys", [False, True], ids=["read", "known"])
async def test_revocations_and_rebuild_keep_the_counts_exact(
    store: GraphStore, tmp_path: Path, known_keys: bool
) -> None:
    await run(store, write_csv(tmp_path / "a.csv", GOOD), known_keys=known_keys)
    more = [
        row(f"C-3{i:03d}", make("330825", __import__("datetime").date(1970 + i % 30, 1 + i % 12,
            1 + i % 27), i), f"工人{i}", CHEGONG, level=("JUNIOR", "SENIOR", "TECHNICIAN")[i % 3],
            region=("330825", "330802", "330106")[i % 3], issued_on=f"20{10 + i % 15}-02-01")
        for i in range(60)
    ]  # fmt: skip
    await run(store, write_csv(tmp_path / "b.csv", more), known_keys=known_keys)
    repo = WorkerRepository(store)
    for no in ("C-0002", "C-3005", "C-3010"):
        stored = (await repo.certificates([no]))[no]
        person = await repo.person(stored.person)
        assert person is not None
        await CertificateWriter(repo).write([revocation(person, stored)], "test", "REVOKE", no)
    # a re-import does not bring a revoked certificate back
    assert await run(store, write_csv(tmp_path / "a2.csv", GOOD), known_keys=known_keys) == (
        6,
        0,
        0,
        6,
        0,
    )
    cells = await counters(store)
    assert cells[("330824", "16", "JUNIOR")] == (1, 1)  # 张三 now counts by his JUNIOR one
    await assert_counters_match_recount(store)

    before = await counters(store)
    report = await rebuild(store)
    assert report.persons == 4 + 60 and await counters(store) == before


class StallingStore:
    """The real store, but its first batch write times out after landing (as when FalkorDB
    pauses to rewrite its log and the answer comes too late)."""

    def __init__(self, inner: GraphStore) -> None:
        self.inner = inner
        self.stalls = 0

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)

    async def write(self, stmt: Any, **params: Any) -> list[Any]:
        rows = await self.inner.write(stmt, **params)
        self._stall(stmt.name)
        return rows

    async def send(self, bound: Bound, **params: Any) -> list[Any]:
        rows = await self.inner.send(bound, **params)
        self._stall(bound.stmt.name)
        return rows

    def _stall(self, name: str) -> None:
        if name == "workers_apply" and not self.stalls:
            self.stalls += 1
            raise StoreTimeout("workers_apply: no answer in time")


async def test_a_batch_that_timed_out_after_landing_is_retried_without_double_counting(
    store: GraphStore, tmp_path: Path
) -> None:
    stalling = StallingStore(store)

    report = await import_workers(stalling, write_csv(tmp_path / "w.csv", GOOD), SECRET,  # type: ignore[arg-type]
                                  today=TODAY)  # fmt: skip

    assert stalling.stalls == 1
    # the retry found the batch stored: nothing created twice, every counter exact
    assert (report.created + report.unchanged, report.rejected) == (6, 0)
    await assert_counters_match_recount(store)
