"""talentStats(asOf:) on any past day (talent/days.py): the nearer year end's counters moved
by the persons whose certificates were issued or revoked in between, against a recount of the
certificates by the definitions (docs/api.md, "Workers and statistics"), on hand-made
certificates around the days that matter and on random ones.

mutmut 3.8 on days.py with this module's tests of the domain (tools/mutation/run, the three
on the store left out) kills every mutant that changes behaviour: of 124, 119 killed, and
the 5 survivors, by mutant number per function, are equivalent:

* ``span`` 24 (``<=``): on the one tie, 1 July of a leap year, both year ends are exact and
  read 183 days of changes each.
* ``moves`` 54 56 59 61: a count missing from the filter read as None, not 0, is falsy too.
"""

from __future__ import annotations

import dataclasses
import gc
from collections import Counter
from collections.abc import AsyncIterator, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import CountingStore, GraphQLClient
from tests.workers_data import CHEGONG, GANJU, SECRET, TODAY, row, write_csv
from zhepai.domain.talent.cells import BUCKETS, LEVEL_RANK, SPECIALTY, Held, Tally
from zhepai.domain.talent.days import Span, moves, span
from zhepai.domain.talent.id_numbers import make, person_key
from zhepai.domain.talent.service import TalentService
from zhepai.domain.talent.stats import Dimension, Named, Place, TalentModel
from zhepai.domain.talent.writer import CertificateWriter, held, revocation
from zhepai.graph import statements
from zhepai.graph.cypher import Cypher
from zhepai.graph.errors import StoreTimeout
from zhepai.graph.maintenance import DROP_WORKERS
from zhepai.graph.store import GraphStore, Row
from zhepai.graph.talent import CELLS, FlowRow, TalentRepository
from zhepai.graph.talent_events import CHANGED, DatedCertificate, months
from zhepai.graph.workers import WorkerRepository
from zhepai.loaders.workers_import import import_workers
from zhepai.web.roles import Role

type Cell = tuple[str, str, str]
type Counts = dict[tuple[str, ...], tuple[int, int, int]]  # skilled, high-skilled, certificates


# --- the definitions, recounted from the certificates (independently of talent/cells.py) ---

HIGH = {"SENIOR", "TECHNICIAN", "SENIOR_TECHNICIAN", "PRINCIPAL_TECHNICIAN", "CHIEF_TECHNICIAN"}


def in_force(h: Held, day: str) -> bool:
    """Issued on or before ``day`` and not revoked by then; revoked without a date: never."""
    return h.issued_on <= day and (h.valid or (h.revoked_on is not None and h.revoked_on > day))


def counted(persons: Sequence[Sequence[Held]], day: str) -> tuple[Counter[Cell], Counter[Cell]]:
    """Skilled persons per cell of their highest certificate in force (a 专项 between
    APPRENTICE and JUNIOR; the latest issued, then the number), and certificates in force."""
    skilled: Counter[Cell] = Counter()
    certificates: Counter[Cell] = Counter()
    for certs in persons:
        live = [h for h in certs if in_force(h, day)]
        certificates.update((h.county, h.series, h.level or SPECIALTY) for h in live)
        qualifying = [h for h in live if h.level != "APPRENTICE"]
        if qualifying:
            top = max(
                qualifying,
                key=lambda h: (1.5 if h.level is None else LEVEL_RANK[h.level], h.issued_on, h.no),
            )
            skilled[(top.county, top.series, top.level or SPECIALTY)] += 1
    return skilled, certificates


def by(
    persons: Sequence[Sequence[Held]], day: str, counties: set[str], group: Sequence[int]
) -> tuple[tuple[int, int, int], Counts]:
    """The total and the groups (cell positions ``group``: 0 county, 2 level) in
    ``counties``, as a table of talentStats gives them."""
    skilled, certificates = counted(persons, day)
    groups: dict[tuple[str, ...], list[int]] = {}
    for source, column in ((skilled, 0), (certificates, 2)):
        for cell, n in source.items():
            if cell[0] not in counties:
                continue
            sums = groups.setdefault(tuple(cell[i] for i in group), [0, 0, 0])
            sums[column] += n
            if column == 0 and cell[2] in HIGH:
                sums[1] += n
    shown = {k: (g[0], g[1], g[2]) for k, g in groups.items() if any(g)}
    total = tuple(sum(g[i] for g in groups.values()) for i in range(3))
    return (total[0], total[1], total[2]), shown


# --- the span a day is answered from ---


def test_a_day_is_answered_from_the_nearer_year_end() -> None:
    today = date(2026, 12, 5)
    assert span(date(2024, 1, 1), today) == Span(
        2023, "2023-12-31", "2024-01-01", ("2024-01-01", "2024-01-01")
    )
    assert span(date(2024, 6, 30), today) == Span(
        2023, "2023-12-31", "2024-06-30", ("2024-01-01", "2024-06-30")
    )
    assert span(date(2024, 7, 2), today) == Span(
        2024, "2024-12-31", "2024-07-02", ("2024-07-03", "2024-12-31")
    )
    assert span(date(2024, 12, 30), today) == Span(
        2024, "2024-12-31", "2024-12-30", ("2024-12-31", "2024-12-31")
    )
    assert span(date(2024, 12, 31), today) == Span(2024, "2024-12-31", "2024-12-31", None)
    # this year: the changes up to 31 December are the ones up to today
    assert span(date(2026, 11, 1), today) == Span(
        2026, "2026-12-31", "2026-11-01", ("2026-11-02", "2026-12-31")
    )
    assert span(today, today) is None
    assert span(date(2030, 1, 1), today) is None
    assert span(None, today) is None


# --- the moves of the changed persons, by hand ---

KAIHUA, KECHENG, JINGNING = "330824", "330802", "331127"


def cert(no: str, region: str, series: str, level: str, issued_on: str,
         revoked_on: str | None = None) -> DatedCertificate:  # fmt: skip
    return DatedCertificate(no, region, series, level, issued_on, revoked_on is None, revoked_on)


# 30 September 2020 is answered from that year's end: each person moves from 31 December back
MOVED = [
    # a 高级 in 景宁 02 until 1 November, then counted by the 初级 in 开化 01
    [cert("1a", KAIHUA, "01", "JUNIOR", "2019-01-01"),
     cert("1b", JINGNING, "02", "SENIOR", "2018-01-01", revoked_on="2020-11-01")],
    # an 初级 in 景宁 02 from 20 October: not yet on the day
    [cert("2", JINGNING, "02", "JUNIOR", "2020-10-20")],
    # counted by the 初级 in 开化 01 until a 技师 in 柯城 01 on 20 November
    [cert("3a", KAIHUA, "01", "JUNIOR", "2019-01-01"),
     cert("3b", KECHENG, "01", "TECHNICIAN", "2020-11-20")],
    # one apprentice certificate in 柯城 02 from 1 December, another until 10 October
    [cert("4", KECHENG, "02", "APPRENTICE", "2020-12-01")],
    [cert("5", KECHENG, "02", "APPRENTICE", "2019-01-01", revoked_on="2020-10-10")],
    # two 初级 of one day from 5 October, counted by the larger number, 6b in 景宁 01
    [cert("6a", KECHENG, "01", "JUNIOR", "2020-10-05"),
     cert("6b", JINGNING, "01", "JUNIOR", "2020-10-05")],
    # a 中级 in 柯城 02 until 11 November, then counted by the 初级 in 开化 02
    [cert("7a", KAIHUA, "02", "JUNIOR", "2019-01-01"),
     cert("7b", KECHENG, "02", "INTERMEDIATE", "2018-01-01", revoked_on="2020-11-11")],
]  # fmt: skip


def test_the_moves_sum_the_changed_persons_and_drop_the_cells_that_cancel() -> None:
    when = span(date(2020, 9, 30), date(2026, 12, 5))
    assert when is not None and when.end == "2020-12-31"
    # persons: 开化 01 初级 −1 (1) +1 (3): 0; 景宁 02 高级 +1, 初级 −1; 柯城 01 技师 −1;
    # 景宁 01 初级 −1 (6); 开化 02 初级 −1, 柯城 02 中级 +1 (7). Certificates: 景宁 02 高级 +1,
    # 初级 −1; 柯城 01 技师 −1; 柯城 02 学徒 −1 (4) +1 (5): 0; 柯城 01 and 景宁 01 初级 −1 (6);
    # 柯城 02 中级 +1 (7)
    assert moves(MOVED, when) == [
        FlowRow(KECHENG, "01", "JUNIOR", 2020, 0, -1, 0, 0, 0),
        FlowRow(KECHENG, "01", "TECHNICIAN", 2020, -1, -1, 0, 0, 0),
        FlowRow(KECHENG, "02", "INTERMEDIATE", 2020, 1, 1, 0, 0, 0),
        FlowRow(KAIHUA, "02", "JUNIOR", 2020, -1, 0, 0, 0, 0),
        FlowRow(JINGNING, "01", "JUNIOR", 2020, -1, -1, 0, 0, 0),
        FlowRow(JINGNING, "02", "JUNIOR", 2020, -1, -1, 0, 0, 0),
        FlowRow(JINGNING, "02", "SENIOR", 2020, 1, 1, 0, 0, 0),
    ]
    # only the persons with a certificate of 开化: 1, 3 and 7, with all of their cells
    assert moves(MOVED, when, {KAIHUA}) == [
        FlowRow(KECHENG, "01", "TECHNICIAN", 2020, -1, -1, 0, 0, 0),
        FlowRow(KECHENG, "02", "INTERMEDIATE", 2020, 1, 1, 0, 0, 0),
        FlowRow(KAIHUA, "02", "JUNIOR", 2020, -1, 0, 0, 0, 0),
        FlowRow(JINGNING, "02", "SENIOR", 2020, 1, 1, 0, 0, 0),
    ]
    assert moves(MOVED, when, set()) == []


# --- random certificates: the domain, without the store ---

COUNTIES = [Place("330824", "开化县", "330800"), Place("330802", "柯城区", "330800"),
            Place("331127", "景宁县", "331100")]  # fmt: skip
CITIES = [Named("330800", "衢州市"), Named("331100", "丽水市")]
SERIES = [Named("01", "一", "A"), Named("02", "二", "B")]
DAYS = ["2019-12-31", "2020-01-01", "2020-01-02", "2020-03-15", "2020-06-30", "2020-07-01",
        "2020-07-02", "2020-12-30", "2020-12-31", "2021-01-01"]  # fmt: skip


def table_model(cells: list[FlowRow]) -> TalentModel:
    return TalentModel(
        cells, COUNTIES, CITIES, Named("330000", "浙江省"), SERIES,
        [Named("A", "甲"), Named("B", "乙")], [Named(b, b) for b in BUCKETS],
    )  # fmt: skip


@st.composite
def people(draw: st.DrawFn) -> list[list[Held]]:
    persons = []
    for p in range(draw(st.integers(1, 6))):
        certs = []
        for c in range(draw(st.integers(1, 3))):
            valid = draw(st.booleans())
            certs.append(Held(
                no=f"C-{p}-{c}",
                county=draw(st.sampled_from([x.code for x in COUNTIES])),
                series=draw(st.sampled_from(["01", "02"])),
                level=draw(st.none() | st.sampled_from(list(LEVEL_RANK))),
                issued_on=draw(st.sampled_from(DAYS)),
                valid=valid,
                revoked_on=None if valid else draw(st.none() | st.sampled_from(DAYS)),
            ))  # fmt: skip
        persons.append(certs)
    return persons


def flows(tally: Tally) -> list[FlowRow]:
    return [
        FlowRow(*key, tally.persons.get(key, 0), tally.certificates.get(key, 0),
                tally.issued.get(key, 0), tally.entered.get(key, 0),
                tally.entered_high.get(key, 0))
        for key in sorted(tally.keys())
    ]  # fmt: skip


def dated(h: Held) -> DatedCertificate:
    return DatedCertificate(h.no, h.county, h.series, h.level, h.issued_on, h.valid, h.revoked_on)


def changed(persons: list[list[Held]], window: tuple[str, str]) -> list[list[DatedCertificate]]:
    """What graph/talent_events.py reads: the persons with an issue or a revocation in the
    window, with all of their certificates."""
    first, last = window
    return [
        [dated(h) for h in certs]
        for certs in persons
        if any(first <= h.issued_on <= last or (h.revoked_on is not None and not h.valid
               and first <= h.revoked_on <= last) for h in certs)
    ]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    people(),
    st.dates(date(2019, 12, 25), date(2021, 1, 5)),
    st.sampled_from(["330000", "330800", "330824", "331127"]),
)
def test_any_day_equals_a_recount_of_the_certificates(
    persons: list[list[Held]], day: date, region: str
) -> None:
    # given the counters of these persons
    tally = Tally.empty()
    for certs in persons:
        tally.count(certs)
    model = table_model(flows(tally))
    counties = set(model.counties_in(region))
    # when the day is answered from its span, moving the region's changed persons only
    when = span(day, date(2026, 12, 5))
    assert when is not None
    moved: list[FlowRow] = []
    if when.changes is not None:
        moved = moves(changed(persons, when.changes), when, counties)
    dims = [Dimension.COUNTY, Dimension.LEVEL]
    table = model.table(region, dims, until=when.year, moved=model.changes(moved))
    # then it is the recount of that day
    total, groups = by(persons, day.isoformat(), counties, (0, 2))
    t = table.total
    assert (t.skilled, t.high_skilled, t.certificates) == total
    got = {g.key: (g.figures.skilled, g.figures.high_skilled, g.figures.certificates)
           for g in table.groups}  # fmt: skip
    assert got == groups


# --- hand-made certificates in the store, through the API ---

# 衢州市 330800: 开化县 330824, 柯城区 330802
P = {name: make("330824", date(1980, 1, 1) + timedelta(days=i), 20 + i)
     for i, name in enumerate("ABCDEFGHIJ")}  # fmt: skip
ROWS = [
    # A: skilled from 15 March 2020 (the day of an issue, and the day before)
    row("D-A1", P["A"], "甲", CHEGONG, level="JUNIOR", issued_on="2020-03-15"),
    # B: high-skilled from 2019, revoked on 30 June 2020
    row("D-B1", P["B"], "乙", CHEGONG, level="SENIOR", issued_on="2019-05-01"),
    # C: skilled in 开化县, counted in 柯城区 from 20 August 2020 (moves out of 开化县)
    row("D-C1", P["C"], "丙", CHEGONG, level="JUNIOR", issued_on="2019-02-02"),
    row("D-C2", P["C"], "丙", CHEGONG, level="INTERMEDIATE", issued_on="2020-08-20",
        region="330802"),
    # D: skilled in 柯城区, high-skilled in 开化县 from 10 October 2020 (moves into it)
    row("D-D1", P["D"], "丁", CHEGONG, level="INTERMEDIATE", issued_on="2018-01-01",
        region="330802"),
    row("D-D2", P["D"], "丁", CHEGONG, level="SENIOR", issued_on="2020-10-10"),
    # E: skilled from 1 January 2020
    row("D-E1", P["E"], "戊", CHEGONG, level="JUNIOR", issued_on="2020-01-01"),
    # F: a 技师 in 柯城区 from 31 December 2020
    row("D-F1", P["F"], "己", CHEGONG, level="TECHNICIAN", issued_on="2020-12-31",
        region="330802"),
    # G: skilled since 2017, nothing happens to them in 2020
    row("D-G1", P["G"], "庚", CHEGONG, level="JUNIOR", issued_on="2017-04-04"),
    # H: a 专项 from 30 December 2020
    row("D-H1", P["H"], "辛", specialty=GANJU, evaluation="SPECIAL_ABILITY",
        issued_on="2020-12-30"),
    # I: an apprentice (a certificate, not a skilled worker)
    row("D-I1", P["I"], "壬", CHEGONG, level="APPRENTICE", issued_on="2020-05-05"),
    # J: skilled from 2 February 2020 until revoked on 11 November 2020
    row("D-J1", P["J"], "癸", CHEGONG, level="JUNIOR", issued_on="2020-02-02"),
]  # fmt: skip
REVOKED = {"D-B1": ("B", date(2020, 6, 30)), "D-J1": ("J", date(2020, 11, 11))}
ASKED = ["1995-06-15", "2017-04-03", "2019-12-31", "2020-01-01", "2020-03-14",
         "2020-03-15", "2020-06-29", "2020-06-30", "2020-07-01", "2020-08-19",
         "2020-08-20", "2020-10-09", "2020-10-10", "2020-11-10", "2020-11-11",
         "2020-12-29", "2020-12-30", "2021-06-30"]  # fmt: skip
REGIONS = {"330800": {"330824", "330802"}, "330824": {"330824"}, "330802": {"330802"}}

STATS = """
query ($region: String!, $asOf: Date) {
  talentStats(regionCode: $region, asOf: $asOf, groupBy: [COUNTY, LEVEL]) {
    skilled highSkilled certificates suppressed
    groups { key skilled highSkilled certificates }
  }
}
"""


@pytest.fixture
async def store(seeded_store: GraphStore, tmp_path: Path) -> AsyncIterator[GraphStore]:
    report = await import_workers(
        seeded_store, write_csv(tmp_path / "days.csv", ROWS), SECRET, today=TODAY
    )
    assert report.rejected == 0
    repo = WorkerRepository(seeded_store)
    for no, (who, day) in REVOKED.items():
        person = await repo.person(person_key(P[who], SECRET))
        assert person is not None
        (certificate,) = (c for c in person.certificates if c.no == no)
        await CertificateWriter(repo).write(
            [revocation(person, certificate, on=day)], "test", "REVOKE", no
        )
    yield seeded_store
    await seeded_store.write_all([(s, {}) for s in DROP_WORKERS])


async def stored(store: GraphStore) -> list[list[Held]]:
    return [[held(c) for c in p.certificates] async for p in TalentRepository(store).persons()]


async def test_any_past_day_equals_a_recount_in_every_region(
    gql: GraphQLClient, store: GraphStore
) -> None:
    persons = await stored(store)
    researcher = gql.as_role(Role.RESEARCHER)
    for region, counties in REGIONS.items():
        for day in ASKED:
            # when a researcher asks for the region on that day
            stats = (await researcher(STATS, region=region, asOf=day))["talentStats"]
            # then every figure is the recount of the certificates in force at its end
            total, groups = by(persons, day, counties, (0, 2))
            where = f"{region} on {day}"
            assert (stats["skilled"], stats["highSkilled"], stats["certificates"]) == total, where
            got = {tuple(g["key"]): (g["skilled"], g["highSkilled"], g["certificates"])
                   for g in stats["groups"]}  # fmt: skip
            assert got == groups, where


async def test_the_days_that_matter_count_as_the_definitions_say(
    gql: GraphQLClient, store: GraphStore
) -> None:
    researcher = gql.as_role(Role.RESEARCHER)

    async def skilled(region: str, day: str) -> tuple[int, int, int]:
        s = (await researcher(STATS, region=region, asOf=day))["talentStats"]
        return s["skilled"], s["highSkilled"], s["certificates"]

    # A counts from the day of the issue, not the day before
    assert await skilled("330824", "2020-03-14") == (5, 1, 5)  # B C E G J
    assert await skilled("330824", "2020-03-15") == (6, 1, 6)
    # B, revoked on 30 June, is gone at that day's end
    assert await skilled("330824", "2020-06-29") == (6, 1, 7)  # + I's apprentice certificate
    assert await skilled("330824", "2020-06-30") == (5, 0, 6)
    # C moves to 柯城区 on 20 August; D into 开化县 on 10 October
    assert await skilled("330802", "2020-08-19") == (1, 0, 1)
    assert await skilled("330802", "2020-08-20") == (2, 0, 2)
    assert await skilled("330824", "2020-08-20") == (4, 0, 6)  # C2 is 柯城区's, C1 still here
    assert await skilled("330824", "2020-10-10") == (5, 1, 7)
    assert await skilled("330802", "2020-10-10") == (1, 0, 2)  # D1 stays in force there
    # before any certificate: nothing
    assert await skilled("330800", "1995-06-15") == (0, 0, 0)
    # from today on: today's figures
    today = (await researcher(STATS, region="330800"))["talentStats"]
    assert today == (await researcher(STATS, region="330800", asOf="2999-01-01"))["talentStats"]


async def test_small_cells_are_withheld_on_any_day(gql: GraphQLClient, store: GraphStore) -> None:
    public = (await gql(STATS, region="330824", asOf="2020-08-20"))["talentStats"]
    # 4 skilled (A E G J) are few; 6 certificates are not
    assert (public["skilled"], public["highSkilled"], public["certificates"]) == (None, 0, 6)
    assert public["suppressed"]
    groups = {tuple(g["key"]): (g["skilled"], g["certificates"]) for g in public["groups"]}
    # I's lone apprentice certificate is withheld, and the next smallest (5) with it
    assert groups == {("330824", "APPRENTICE"): (0, None), ("330824", "JUNIOR"): (None, None)}


async def test_a_days_moves_are_kept_until_the_workers_change(store: GraphStore) -> None:
    counting = CountingStore(store)
    service = TalentService(counting)  # type: ignore[arg-type]
    day, region = date(2020, 6, 30), "330824"

    async def total(code: str) -> tuple[int | None, int | None, int | None]:
        t = (await service.table(code, [], None, None, None, day, TODAY)).total
        return t.skilled, t.high_skilled, t.certificates

    # one read of the half-year's changes (a month at a time) serves every region and
    # grouping asked that day
    reads = len(months("2020-01-01", "2020-06-30"))
    assert await total(region) == (5, 0, 6)
    await total("330802")
    await service.table("330800", [Dimension.COUNTY], None, None, None, day, TODAY)
    assert counting.calls.count("talent_changed_persons") == reads == 6
    # a write to the workers (E's certificate revoked on 1 May) is read again, and counted
    repo = WorkerRepository(store)
    person = await repo.person(person_key(P["E"], SECRET))
    assert person is not None
    (certificate,) = person.certificates
    await CertificateWriter(repo).write(
        [revocation(person, certificate, on=date(2020, 5, 1))], "test", "REVOKE", "D-E1"
    )
    assert await total(region) == (4, 0, 5)
    assert counting.calls.count("talent_changed_persons") == 2 * reads
    recount, _ = by(await stored(store), day.isoformat(), REGIONS[region], (0, 2))
    assert await total(region) == recount


def test_the_changes_are_read_a_calendar_month_at_a_time() -> None:
    assert months("2019-11-15", "2020-02-03") == [
        ("2019-11-15", "2019-11-30"), ("2019-12-01", "2019-12-31"),
        ("2020-01-01", "2020-01-31"), ("2020-02-01", "2020-02-03"),
    ]  # fmt: skip
    assert months("2024-02-01", "2024-02-29") == [("2024-02-01", "2024-02-29")]
    assert months("2020-12-31", "2021-01-01") == [("2020-12-31", "2020-12-31"),
                                                  ("2021-01-01", "2021-01-01")]  # fmt: skip
    assert months("2020-03-01", "2020-02-28") == []


async def test_the_collector_runs_again_after_a_past_days_changes(store: GraphStore) -> None:
    service = TalentService(store)
    assert gc.isenabled()
    await service.table("330824", [], None, None, None, date(2020, 6, 30), TODAY)
    assert gc.isenabled()
    gc.disable()  # and a process that had it off keeps it off
    try:
        await service.table("330824", [], None, None, None, date(2021, 6, 30), TODAY)
        assert not gc.isenabled()
    finally:
        gc.enable()


class FailingMonth(CountingStore):
    """The real store, but the second read of a day's changes times out."""

    async def read(self, stmt: Cypher, **params: Any) -> list[Row]:
        if stmt is CHANGED and self.calls.count(CHANGED.name) == 1:
            self.calls.append(stmt.name)
            raise StoreTimeout("talent_changed_persons timed out")
        return await super().read(stmt, **params)


async def test_a_month_that_times_out_fails_the_ask_as_a_timeout(store: GraphStore) -> None:
    failing = FailingMonth(store)
    service = TalentService(failing)  # type: ignore[arg-type]
    with pytest.raises(StoreTimeout):
        await service.table("330824", [], None, None, None, date(2020, 6, 30), TODAY)
    assert gc.isenabled()


# Each statement declared ``scalars``, with parameters that make it return what it can.
SCALAR_CASES: dict[str, dict[str, Any]] = {
    CELLS.name: {},
    CHANGED.name: {"first": 19000101, "last": 20991231},
}


async def test_statements_declared_scalars_answer_alike_in_the_plain_reply(
    store: GraphStore,
) -> None:
    """FalkorDB's plain reply is lossless only for strings, integers and nulls: each statement
    read that way must answer as it does with a type beside each value."""
    declared = {s.name: s for s in statements.ALL if s.scalars}
    assert declared.keys() == SCALAR_CASES.keys()  # a new one is checked here too
    kinds: set[type] = set()
    for name, stmt in declared.items():
        plain = await store.read(stmt, **SCALAR_CASES[name])
        typed = await store.read(dataclasses.replace(stmt, scalars=False), **SCALAR_CASES[name])
        assert plain, name
        assert sorted(map(repr, plain)) == sorted(map(repr, typed)), name
        kinds |= {type(v) for row in plain for v in row.values()}
    assert kinds == {str, int, type(None)}
