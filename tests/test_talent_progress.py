"""Where the current pace leads (talent/progress.py): projected, onTrack and the method, on
hand-made yearly counters, and null with the reason where the data are too thin."""

from __future__ import annotations

from datetime import date

import pytest

from zhepai.domain.talent.cells import BUCKETS
from zhepai.domain.talent.progress import Progress, ProgressInputs, progress
from zhepai.domain.talent.stats import Named, Place, TalentModel
from zhepai.graph.records import TargetRecord
from zhepai.graph.region_stats import Figure, RegionStatRow
from zhepai.graph.talent import FlowRow

COUNTIES = [Place("330824", "开化县", "330800"), Place("330802", "柯城区", "330800")]
TARGETS = [
    TargetRecord("SKILLED_WORKERS", "技能人才", 400, "persons", ">=", 2025, ""),
    TargetRecord("HIGH_SKILLED_WORKERS", "高技能人才", 100, "persons", ">=", 2025, ""),
    TargetRecord("NEW_SKILLED_WORKERS", "新增技能人才", 300, "persons", ">=", 2025, ""),
    TargetRecord("HIGH_SKILLED_SHARE_OF_SKILLED", "高技能占比", 0.35, "ratio", ">", 2025, ""),
    TargetRecord("SKILLED_SHARE_OF_EMPLOYED", "技能人才占就业", 0.35, "ratio", ">", 2025, ""),
    TargetRecord("LEAD_ENTERPRISES", "龙头企业", 5, "count", ">=", 2025, ""),
]


def flows(first: int, last: int) -> list[FlowRow]:
    """Each year: 100 new JUNIOR in 开化县 and 20 new SENIOR in 柯城区."""
    out = []
    for year in range(first, last + 1):
        out.append(FlowRow("330824", "16", "JUNIOR", year, 100, 100, 100, 100, 0))
        out.append(FlowRow("330802", "16", "SENIOR", year, 20, 20, 20, 20, 20))
    return out


def inputs(rows: list[FlowRow], employed: int | None = None) -> ProgressInputs:
    model = TalentModel(
        rows, COUNTIES, [Named("330800", "衢州市")], Named("330000", "浙江省"),
        [Named("16", "系列16", "SECONDARY")], [Named("SECONDARY", "第二产业")],
        [Named(b, b) for b in BUCKETS],
    )  # fmt: skip
    stats = [RegionStatRow("330000", 2024, Figure(employed, "测试"))] if employed else []
    return ProgressInputs(model=model, region_stats=stats, bases=[], targets=TARGETS)


def by_code(rows: list[Progress]) -> dict[str, Progress]:
    return {p.code: p for p in rows}


def test_a_target_year_ahead_is_reached_at_the_pace_of_the_last_complete_years() -> None:
    # given counters for 2021–2024 (and some of 2025), asked in March 2025
    rows = by_code(progress(inputs(flows(2021, 2025), employed=1000), "330000", date(2025, 3, 1)))
    skilled = rows["SKILLED_WORKERS"]
    # year-ends 2021: 120 … 2024: 480; +120 a year over 2021–2024, so 600 at the end of 2025
    assert skilled.projected == pytest.approx(600)
    assert skilled.on_track is True
    assert skilled.projection_method is not None and "2021–2024" in skilled.projection_method
    assert rows["HIGH_SKILLED_WORKERS"].projected == pytest.approx(100)
    assert rows["HIGH_SKILLED_WORKERS"].on_track is True
    # new skilled 2022–2024: 360 counted, + 120 for 2025
    assert rows["NEW_SKILLED_WORKERS"].projected == pytest.approx(480)
    assert rows["HIGH_SKILLED_SHARE_OF_SKILLED"].projected == pytest.approx(100 / 600)
    assert rows["HIGH_SKILLED_SHARE_OF_SKILLED"].on_track is False
    assert rows["SKILLED_SHARE_OF_EMPLOYED"].projected == pytest.approx(0.6)
    # bases have no history
    lead = rows["LEAD_ENTERPRISES"]
    assert (lead.projected, lead.on_track, lead.projection_method) == (None, None, None)
    assert lead.note is not None and "不作预测" in lead.note


def test_a_target_year_over_is_its_year_end() -> None:
    rows = by_code(progress(inputs(flows(2019, 2026)), "330000", date(2026, 6, 1)))
    skilled = rows["SKILLED_WORKERS"]
    assert skilled.projected == pytest.approx(8 * 120 - 120)  # end of 2025: 2019–2025
    assert skilled.projection_method is not None and "已结束" in skilled.projection_method
    assert rows["NEW_SKILLED_WORKERS"].projected == pytest.approx(4 * 120)  # 2022–2025


@pytest.mark.parametrize("first", [2023, 2024, 2025])
def test_too_few_complete_years_give_null_and_say_why(first: int) -> None:
    # given counters from ``first`` only, asked in 2025: two complete years at most
    rows = by_code(progress(inputs(flows(first, 2025)), "330000", date(2025, 3, 1)))
    for code in ("SKILLED_WORKERS", "HIGH_SKILLED_WORKERS", "HIGH_SKILLED_SHARE_OF_SKILLED"):
        p = rows[code]
        assert (p.projected, p.on_track, p.projection_method) == (None, None, None)
        assert p.note is not None and "无预测" in p.note


def test_a_county_is_projected_but_not_judged_against_the_province_target() -> None:
    rows = by_code(progress(inputs(flows(2021, 2025)), "330824", date(2025, 3, 1)))
    skilled = rows["SKILLED_WORKERS"]
    assert skilled.projected == pytest.approx(500)
    assert skilled.on_track is None and skilled.met is None
    assert rows["HIGH_SKILLED_SHARE_OF_SKILLED"].on_track is False  # a ratio applies as is
    assert {code: row.applies for code, row in rows.items()} == {
        "SKILLED_WORKERS": False, "HIGH_SKILLED_WORKERS": False, "NEW_SKILLED_WORKERS": False,
        "HIGH_SKILLED_SHARE_OF_SKILLED": True, "SKILLED_SHARE_OF_EMPLOYED": True,
        "LEAD_ENTERPRISES": False,
    }  # fmt: skip
    province = progress(inputs(flows(2021, 2025)), "330000", date(2025, 3, 1))
    assert all(row.applies for row in province)


def small_flows() -> list[FlowRow]:
    """开化县: 3 new JUNIOR a year, 2021–2025; 柯城区: 2 new SENIOR in 2024."""
    rows = [FlowRow("330824", "16", "JUNIOR", y, 3, 3, 3, 3, 0) for y in range(2021, 2026)]
    return [*rows, FlowRow("330802", "16", "SENIOR", 2024, 2, 2, 2, 2, 2)]


def test_small_counts_are_withheld_with_what_is_made_from_them() -> None:
    day = date(2025, 3, 1)
    kecheng = by_code(progress(inputs(small_flows()), "330802", day, threshold=5))
    for code in ("SKILLED_WORKERS", "HIGH_SKILLED_WORKERS", "NEW_SKILLED_WORKERS",
                 "HIGH_SKILLED_SHARE_OF_SKILLED", "SKILLED_SHARE_OF_EMPLOYED"):  # fmt: skip
        row = kecheng[code]
        assert (row.actual, row.ratio, row.met, row.projected) == (None, None, None, None), code
        assert row.note is not None and "不予公布" in row.note, code
        assert row.projection_method is None, code
    assert kecheng["LEAD_ENTERPRISES"].actual == 0  # bases are not persons
    seen = by_code(progress(inputs(small_flows()), "330802", day))  # a researcher
    assert seen["SKILLED_WORKERS"].actual == 2 and seen["HIGH_SKILLED_SHARE_OF_SKILLED"].actual == 1

    # 开化县 holds 15 today (shown), but its year ends 2021–2024 were 3, 6, 9, 12 and its
    # yearly new 3: a projection and its yearly step would give those back
    kaihua = by_code(progress(inputs(small_flows()), "330824", day, threshold=5))
    assert kaihua["SKILLED_WORKERS"].actual == 15
    # 12 new in 2022–2025, but 3 a year: the published years of the trend and the sum would
    # give a withheld year back
    assert kaihua["NEW_SKILLED_WORKERS"].actual is None
    assert kaihua["HIGH_SKILLED_WORKERS"].actual == 0  # nobody is not a small count
    assert kaihua["HIGH_SKILLED_SHARE_OF_SKILLED"].actual == 0
    for code in ("SKILLED_WORKERS", "HIGH_SKILLED_WORKERS", "NEW_SKILLED_WORKERS"):
        row = kaihua[code]
        assert row.projected is None and row.projection_method is None, code
        assert row.note is not None and "逐年人数中有过少的数" in row.note, code
    researcher = by_code(progress(inputs(small_flows()), "330824", day))
    assert researcher["SKILLED_WORKERS"].projected == pytest.approx(15)  # 12 + 3 a year
    # at threshold 3, 3 is not small and 2 is: 开化县 is shown whole, 柯城区 withheld
    three = by_code(progress(inputs(small_flows()), "330824", day, threshold=3))
    assert three["SKILLED_WORKERS"].projected == pytest.approx(15)
    assert (
        by_code(progress(inputs(small_flows()), "330802", day, threshold=3))[
            "SKILLED_WORKERS"
        ].actual
        is None
    )
