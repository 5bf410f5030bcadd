"""The rules as data: every 申报条件 clause is there, cited, and says what it is cited for;
and the personal arithmetic of time served."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
import yaml

from zhepai.domain.careers import personal
from zhepai.loaders.seed_files import SeedError, read_seeds


def english(text: str) -> bool:
    return any("a" <= c.lower() <= "z" for c in text)


def test_every_clause_of_the_2018_rules_is_a_rule() -> None:
    rules = read_seeds().career_rules
    clauses = {r.clause for r in rules.rules if r.document == "RULES_2018"}
    assert clauses == {
        "申报条件 五级/初级工 (1)",
        "申报条件 五级/初级工 (2)",
        "申报条件 四级/中级工 (1)",
        "申报条件 四级/中级工 (2)",
        "申报条件 四级/中级工 (3)",
        "申报条件 三级/高级工 (1)",
        "申报条件 三级/高级工 (2)",
        "申报条件 三级/高级工 (3)",
        "申报条件 二级/技师 (1)",
        "申报条件 二级/技师 (2) 前段",
        "申报条件 二级/技师 (2) 后段",
        "申报条件 一级/高级技师",
    }


def test_periods_are_the_ones_the_clauses_state() -> None:
    for rule in read_seeds().career_rules.rules:
        stated = [int(n) for n in re.findall(r"(\d+)年（含）以上", rule.condition)]
        if stated:
            assert [rule.min_years] == stated, rule.code
        elif rule.min_years not in (0, None):
            # a period the clause does not state is ours, and says so
            assert rule.assumption and rule.note, rule.code


def test_every_text_users_read_is_chinese_and_every_assumption_explained() -> None:
    rules = read_seeds().career_rules
    for rule in rules.rules:
        assert not english(rule.condition), rule.code
        assert rule.note is None or not english(rule.note), rule.code
        assert rules.source_of(rule).startswith("《"), rule.code
        if rule.min_years is None:
            assert rule.route is not None or "未规定年限" in rule.condition, rule.code
    for family in read_seeds().relatedness.families:
        assert not english(family.reason), family.code


def test_school_rules_name_the_schools_their_clause_names() -> None:
    for rule in read_seeds().career_rules.rules:
        if rule.educations:
            assert "毕业" in rule.condition, rule.code


def test_an_assumption_without_a_note_is_refused(seeds_copy: Path) -> None:
    path = seeds_copy / "career_rules.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["rules"][0].pop("note")
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(SeedError, match="an assumption needs a note"):
        read_seeds(seeds_copy)


def test_a_family_member_must_be_named_as_in_the_catalogue(seeds_copy: Path) -> None:
    path = seeds_copy / "relatedness.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["families"][0]["members"][0]["name"] = "车床工"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(SeedError, match=re.escape("families.0: OCC-0461 车床工 is not in")):
        read_seeds(seeds_copy)


# -- time served -----------------------------------------------------------------------


def test_years_are_counted_on_the_calendar() -> None:
    day = datetime.date
    assert personal.add_years(day(2020, 2, 29), 4) == day(2024, 2, 29)
    assert personal.add_years(day(2020, 2, 29), 1) == day(2021, 2, 28)
    assert personal.years_between(day(2020, 3, 1), day(2024, 3, 1)) == 4
    assert 3.74 < personal.years_between(day(2020, 3, 1), day(2023, 12, 1)) < 3.76


@pytest.mark.parametrize(
    ("level", "held_since", "years", "argument"),
    [
        ("JUNIOR", datetime.date(2031, 1, 1), None, "position.heldSince"),
        (None, datetime.date(2020, 1, 1), None, "position.heldSince"),
        ("JUNIOR", None, -1, "position.yearsWorked"),
        ("JUNIOR", datetime.date(2024, 1, 1), 2, "position.yearsWorked"),
    ],
)
def test_impossible_time_served_names_its_argument(
    level: str | None, held_since: datetime.date | None, years: int | None, argument: str
) -> None:
    served = personal.Served(held_since, years)
    with pytest.raises(personal.InputError) as caught:
        personal.check("position", level, served, datetime.date(2025, 1, 1))
    assert caught.value.argument == argument


def test_years_worked_win_over_the_days_since_the_certificate() -> None:
    served = personal.Served(datetime.date(2020, 1, 1), 2)
    assert personal.served_years(served, datetime.date(2025, 1, 1)) == 2
    assert personal.whole_years(personal.Served(datetime.date(2020, 1, 1), None),
                                datetime.date(2024, 12, 31)) == 4  # fmt: skip
