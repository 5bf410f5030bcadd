"""Career paths over HTTP: minimum years, rules and sources, relations, personal eligibility,
errors, cache freshness."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import GraphQLClient, serving
from zhepai.config import Settings
from zhepai.graph.store import GraphStore
from zhepai.loaders.seed_loader import load_seeds
from zhepai.server import create_app

LATHE, MILLING, GRINDING, CHEF = "OCC-0461", "OCC-0462", "OCC-0464", "OCC-0759"
FITTER, WASHER, TEA, ELECTRICIAN = "OCC-0378", "OCC-0502", "OCC-0036", "OCC-0496"

PATH = """
query($from: PositionInput!, $to: PositionInput!, $education: EducationCode, $near: String) {
  careerPath(from: $from, to: $to, education: $education, nearRegionCode: $near) {
    reachable totalMinYears totalIsLowerBound reason
    steps { kind minYears rule ruleSource ruleCode requiresAssessment
            relation { kind reason source }
            from { occupation { id name } level { code } }
            to { occupation { id name } level { code rank } }
            trainingBases { id name } }
    alternatives { totalMinYears totalIsLowerBound
                   steps { kind minYears ruleCode to { occupation { id } level { code } } } } } }
"""

NEXT = """
query($position: PositionInput!, $education: EducationCode) {
  nextSteps(position: $position, education: $education) {
    kind minYears ruleCode requiresAssessment relation { kind reason source }
    to { occupation { id name } level { code } } } }
"""

ELIGIBILITY = """
query($position: PositionInput!, $level: SkillLevelCode!, $occupation: ID,
      $education: EducationCode, $asOf: Date) {
  eligibility(position: $position, targetLevel: $level, targetOccupationId: $occupation,
              education: $education, asOf: $asOf) {
    eligibleNow eligibleFrom yearsToWait rule ruleSource missing } }
"""


def pos(occupation: str, level: str | None, **served: Any) -> dict[str, Any]:
    return {"occupationId": occupation, "level": level, **served}


def english(text: str) -> bool:
    return any("a" <= c.lower() <= "z" for c in text)


async def path(gql: GraphQLClient, start: dict[str, Any], target: dict[str, Any],
               **extra: Any) -> dict[str, Any]:  # fmt: skip
    result: dict[str, Any] = (await gql(PATH, **{"from": start, "to": target, **extra}))[
        "careerPath"
    ]
    return result


async def test_lathe_junior_to_milling_technician(gql: GraphQLClient) -> None:
    p = await path(gql, pos(LATHE, "JUNIOR"), pos(MILLING, "TECHNICIAN"))
    assert p["reachable"] is True
    assert p["totalMinYears"] == 4 + 5 + 4
    # direct recognition (notice 四、(三)) could be faster: the total is a lower bound
    assert p["totalIsLowerBound"] is True
    assert [s["to"]["level"]["code"] for s in p["steps"]] == [
        "INTERMEDIATE",
        "SENIOR",
        "TECHNICIAN",
    ]
    assert p["steps"][-1]["to"]["occupation"]["name"] == "铣工"
    assert sum(s["minYears"] for s in p["steps"]) == 13
    for step in p["steps"]:
        assert step["rule"] and step["ruleSource"] and step["ruleCode"]
        assert not english(step["rule"])
        assert step["trainingBases"] == []  # no bases loaded in the seeds
    assert p["steps"][-1]["ruleSource"] == (
        "《国家职业技能标准编制技术规程（2018年版）》 申报条件 二级/技师 (1)"
    )
    assert [s["requiresAssessment"] for s in p["steps"]] == [False, False, True]
    assert [s["relation"] for s in p["steps"][:2]] == [None, None]
    relation = p["steps"][-1]["relation"]
    assert relation["kind"] == "WORK_FAMILY" and "机械切削加工" in relation["reason"]
    assert "6-18-01" in relation["source"]
    direct = [a for a in p["alternatives"] if a["totalIsLowerBound"]]
    assert ["DIRECT_RECOGNITION_TECHNICIAN"] in [
        [s["ruleCode"] for s in a["steps"]] for a in direct
    ]
    assert all(s["minYears"] is None for a in direct for s in a["steps"][-1:])


async def test_a_path_across_industries_starts_over(gql: GraphQLClient) -> None:
    p = await path(gql, pos(LATHE, "SENIOR"), pos(CHEF, "INTERMEDIATE"))
    assert p["reachable"] is True
    assert p["totalMinYears"] == 1 + 4  # enter as 初级工 after a year, then 4 years
    assert p["steps"][0]["kind"] == "ENTRY"
    assert p["steps"][0]["from"]["occupation"]["id"] == LATHE
    assert (p["steps"][0]["requiresAssessment"], p["steps"][0]["relation"]) == (True, None)
    assert p["steps"][-1]["to"]["occupation"]["name"] == "中式烹调师"
    # never back to 学徒工, never a step within an occupation that does not go up
    for candidate in (p, *p["alternatives"]):
        assert "APPRENTICE" not in [s["to"]["level"]["code"] for s in candidate["steps"]]


async def test_a_series_alone_no_longer_relates(gql: GraphQLClient) -> None:
    # 洗衣机制造工 shares 车工's series (机电制造) but not its work; 钳工 is in another series.
    steps = (await gql(NEXT, position=pos(LATHE, "SENIOR")))["nextSteps"]
    targets = {s["to"]["occupation"]["id"] for s in steps}
    assert WASHER not in targets
    assert {LATHE, MILLING, GRINDING, FITTER} <= targets
    assert len(targets) <= 10
    for step in steps:
        if step["to"]["occupation"]["id"] == LATHE:
            assert (step["relation"], step["requiresAssessment"]) == (None, False)
        else:
            assert step["requiresAssessment"] is True
            assert not english(step["relation"]["reason"])
            assert step["relation"]["source"]


async def test_principal_and_chief_have_no_fixed_period(gql: GraphQLClient) -> None:
    p = await path(gql, pos(LATHE, "TECHNICIAN"), pos(LATHE, "CHIEF_TECHNICIAN"))
    assert p["reachable"] is True
    assert p["totalMinYears"] == 4  # a lower bound: the last two steps fix no period
    assert p["totalIsLowerBound"] is True
    assert [s["minYears"] for s in p["steps"]] == [4, None, None]


async def test_same_level_in_a_related_occupation_is_an_assessment(gql: GraphQLClient) -> None:
    p = await path(gql, pos(LATHE, "SENIOR"), pos(GRINDING, "SENIOR"))
    assert p["totalMinYears"] == 0
    (step,) = p["steps"]
    assert (step["kind"], step["requiresAssessment"]) == ("TRANSFER", True)
    assert step["relation"]["reason"] in step["rule"]
    assert not english(step["rule"])


async def test_school_routes(gql: GraphQLClient) -> None:
    # 四级(3): a 技工学校 graduate (or final-year student) applies for 中级工 at once.
    tea = await path(gql, pos(TEA, None), pos(TEA, "INTERMEDIATE"), education="TECHNICAL_SCHOOL")
    assert (tea["totalMinYears"], [s["ruleCode"] for s in tea["steps"]]) == (
        0,
        ["INTERMEDIATE_BY_SCHOOL"],
    )
    assert tea["steps"][0]["ruleSource"].endswith("申报条件 四级/中级工 (3)")
    # 技师学院: 四级(3), 三级(2), then 二级(2) 3 years; with 预备技师 2 years, one step.
    college = await path(gql, pos(ELECTRICIAN, None), pos(ELECTRICIAN, "TECHNICIAN"),
                         education="TECHNICIAN_COLLEGE")  # fmt: skip
    assert college["totalMinYears"] == 3
    prepared = await path(gql, pos(ELECTRICIAN, None), pos(ELECTRICIAN, "TECHNICIAN"),
                          education="PREPARATORY_TECHNICIAN")  # fmt: skip
    assert (prepared["totalMinYears"], [s["ruleCode"] for s in prepared["steps"]]) == (
        2,
        ["TECHNICIAN_BY_PREPARATORY"],
    )


async def test_time_already_served_counts(gql: GraphQLClient) -> None:
    # 四级(2): 6 years worked without a certificate admit 中级工 at once.
    p = await path(gql, pos(LATHE, None, yearsWorked=6), pos(LATHE, "INTERMEDIATE"))
    assert (p["totalMinYears"], [s["ruleCode"] for s in p["steps"]]) == (
        0,
        ["INTERMEDIATE_BY_EXPERIENCE"],
    )
    since = (datetime.date.today() - datetime.timedelta(days=3 * 366)).isoformat()
    held = await path(gql, pos(LATHE, "JUNIOR", heldSince=since), pos(LATHE, "SENIOR"))
    assert [s["minYears"] for s in held["steps"]] == [1, 5]
    steps = (await gql(NEXT, position=pos(LATHE, "JUNIOR", yearsWorked=3)))["nextSteps"]
    assert steps[0]["minYears"] == 1


async def test_education_opens_a_shorter_route(gql: GraphQLClient) -> None:
    plain = await path(gql, pos(LATHE, "JUNIOR"), pos(LATHE, "INTERMEDIATE"))
    school = await path(gql, pos(LATHE, "JUNIOR"), pos(LATHE, "INTERMEDIATE"),
                        education="TECHNICAL_SCHOOL")  # fmt: skip
    assert plain["totalMinYears"] == 4
    assert school["totalMinYears"] == 0
    assert school["steps"][0]["ruleCode"] == "INTERMEDIATE_BY_SCHOOL"


async def test_a_target_at_or_below_the_start_needs_no_step(gql: GraphQLClient) -> None:
    p = await path(gql, pos(LATHE, "TECHNICIAN"), pos(LATHE, "SENIOR"))
    assert p["reachable"] is True
    assert p["steps"] == []
    assert p["totalMinYears"] == 0
    assert p["reason"] == "已持有车工技师证书，目标等级不高于所持等级，无需再申报"


async def test_no_certificate_yet(gql: GraphQLClient) -> None:
    p = await path(gql, pos(LATHE, None), pos(LATHE, "JUNIOR"))
    assert p["totalMinYears"] == 1
    assert p["steps"][0]["kind"] == "ENTRY"
    assert p["steps"][0]["from"] is None


async def test_alternatives_are_other_shapes(gql: GraphQLClient) -> None:
    p = await path(gql, pos(LATHE, "JUNIOR"), pos(MILLING, "TECHNICIAN"))

    def shape(steps: list[dict[str, Any]]) -> tuple[tuple[str, ...], ...]:
        return tuple(
            (s["kind"], s["to"]["occupation"]["id"], s["to"]["level"]["code"], s["ruleCode"])
            for s in steps
        )

    shapes = [shape(a["steps"]) for a in p["alternatives"]]
    main = shape(p["steps"])
    assert 1 <= len(shapes) <= 5
    assert main not in shapes and len(set(shapes)) == len(shapes)
    fixed = [a["totalMinYears"] for a in p["alternatives"] if not a["totalIsLowerBound"]]
    assert fixed == sorted(fixed) and fixed[0] >= p["totalMinYears"]


async def test_next_steps(gql: GraphQLClient) -> None:
    steps = (await gql(NEXT, position=pos(LATHE, "SENIOR")))["nextSteps"]
    assert steps[0]["kind"] == "PROMOTION"
    assert steps[0]["to"] == {
        "occupation": {"id": LATHE, "name": "车工"},
        "level": {"code": "TECHNICIAN"},
    }
    assert steps[0]["minYears"] == 4
    assert {s["to"]["occupation"]["id"] for s in steps} >= {LATHE, MILLING}
    fresh = (await gql(NEXT, position=pos(CHEF, None)))["nextSteps"]
    # 学徒工, 五级(1) and 四级(2) (6 years uncertified) need no certificate
    assert {s["to"]["level"]["code"] for s in fresh} == {"APPRENTICE", "JUNIOR", "INTERMEDIATE"}


async def test_unknown_occupation_suggests_close_names(gql: GraphQLClient) -> None:
    body = await gql.raw(PATH, **{"from": pos("车工人", "JUNIOR"), "to": pos(MILLING, "SENIOR")})
    error = body["errors"][0]
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert error["extensions"]["argument"] == "from.occupationId"
    assert {"id": LATHE, "name": "车工"} in error["extensions"]["suggestions"]


async def test_bad_levels_and_educations(gql: GraphQLClient) -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({"from": pos(LATHE, "JUNIOR"), "to": pos(MILLING, None)}, "to.level"),
        ({"from": pos(LATHE, "JUNIOR"), "to": pos(MILLING, "SENIOR"), "near": "339999"},
         "nearRegionCode"),
        ({"from": pos(LATHE, "JUNIOR", heldSince="2999-01-01"), "to": pos(MILLING, "SENIOR")},
         "from.heldSince"),
        ({"from": pos(LATHE, None, heldSince="2020-01-01"), "to": pos(MILLING, "SENIOR")},
         "from.heldSince"),
        ({"from": pos(LATHE, None, yearsWorked=-1), "to": pos(MILLING, "SENIOR")},
         "from.yearsWorked"),
        ({"from": pos(LATHE, "JUNIOR", heldSince="2024-01-01", yearsWorked=40),
          "to": pos(MILLING, "SENIOR")}, "from.yearsWorked"),
        ({"from": pos(LATHE, "JUNIOR"), "to": pos(MILLING, "SENIOR", yearsWorked=2)},
         "to.yearsWorked"),
    ]  # fmt: skip
    for variables, argument in cases:
        body = await gql.raw(PATH, **variables)
        assert body["errors"][0]["extensions"]["argument"] == argument, body
    # codes outside the enums are refused before anything runs, naming the enum
    unknown: list[tuple[dict[str, Any], str]] = [
        ({"from": pos(LATHE, "MASTER"), "to": pos(MILLING, "SENIOR")}, "SkillLevelCode"),
        ({"from": pos(LATHE, "JUNIOR"), "to": pos(MILLING, "SENIOR"), "education": "PHD"},
         "EducationCode"),
    ]  # fmt: skip
    for variables, enum in unknown:
        error = (await gql.raw(PATH, **variables))["errors"][0]
        assert error["extensions"]["code"] == "BAD_USER_INPUT", error
        assert f"does not exist in '{enum}' enum" in error["message"], error
        assert body["errors"][0]["extensions"]["code"] in {"BAD_USER_INPUT", "NOT_FOUND"}


async def test_edits_are_seen_and_nothing_is_rebuilt_otherwise(
    scratch_store: GraphStore, seeds_copy: Path
) -> None:
    await load_seeds(scratch_store, seeds_copy)
    app = create_app(Settings(load_seeds_if_empty=False), store=scratch_store)
    async with serving(app) as gql:
        before = await path(gql, pos(LATHE, "SENIOR"), pos(CHEF, "SENIOR"))
        await path(gql, pos(LATHE, "SENIOR"), pos(CHEF, "SENIOR"))
        assert app.state.careers.builds == 1
        assert before["totalMinYears"] == 1 + 4 + 5

        # an administrator relates the two occupations, and takes away a rule
        related = seeds_copy / "relatedness.yaml"
        data = yaml.safe_load(related.read_text(encoding="utf-8"))
        data["pairs"] = [
            {
                "a": {"id": LATHE, "name": "车工"},
                "b": {"id": CHEF, "name": "中式烹调师"},
                "reason": "测试：厨房机械",
                "source": "测试",
            }
        ]
        related.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        rules_file = seeds_copy / "career_rules.yaml"
        rules = yaml.safe_load(rules_file.read_text(encoding="utf-8"))
        rules["rules"] = [r for r in rules["rules"] if r["code"] != "CHIEF_BY_SELECTION"]
        rules_file.write_text(yaml.safe_dump(rules, allow_unicode=True), encoding="utf-8")
        await load_seeds(scratch_store, seeds_copy)

        after = await path(gql, pos(LATHE, "SENIOR"), pos(CHEF, "SENIOR"))
        assert after["totalMinYears"] == 0
        assert [s["kind"] for s in after["steps"]] == ["TRANSFER"]
        assert after["steps"][0]["relation"] == {"kind": "PAIR", "reason": "测试：厨房机械",
                                                 "source": "测试"}  # fmt: skip
        chief = await path(gql, pos(LATHE, "SENIOR"), pos(LATHE, "CHIEF_TECHNICIAN"))
        assert chief["reachable"] is False
        assert chief["reason"]
        assert app.state.careers.builds == 2


async def eligibility(gql: GraphQLClient, position: dict[str, Any], level: str,
                      **extra: Any) -> dict[str, Any]:  # fmt: skip
    result: dict[str, Any] = (await gql(ELIGIBILITY, position=position, level=level, **extra))[
        "eligibility"
    ]
    return result


async def test_eligibility_from_the_day_of_the_certificate(gql: GraphQLClient) -> None:
    # 四级(1): 4 years after the 五级 certificate.
    worker = pos(LATHE, "JUNIOR", heldSince="2020-03-01")
    early = await eligibility(gql, worker, "INTERMEDIATE", asOf="2023-06-01")
    assert (early["eligibleNow"], early["eligibleFrom"]) == (False, "2024-03-01")
    assert 0.7 < early["yearsToWait"] < 0.8
    assert "4年（含）以上" in early["rule"]
    assert early["ruleSource"].endswith("申报条件 四级/中级工 (1)")
    assert early["missing"] == []
    due = await eligibility(gql, worker, "INTERMEDIATE", asOf="2024-03-01")
    assert (due["eligibleNow"], due["yearsToWait"]) == (True, 0)
    # in a related occupation the same years count; in an unrelated one they do not
    milling = await eligibility(gql, worker, "INTERMEDIATE", occupation=MILLING, asOf="2024-03-01")
    assert milling["eligibleNow"] is True
    chef = await eligibility(gql, worker, "INTERMEDIATE", occupation=CHEF, asOf="2024-03-01")
    # the 初级工 certificate does not count there: 6 years as a cook (四级(2)) from now
    assert (chef["eligibleNow"], chef["eligibleFrom"]) == (False, "2030-03-01")
    assert chef["ruleSource"].endswith("申报条件 四级/中级工 (2)")
    senior = await eligibility(gql, worker, "SENIOR", occupation=CHEF, asOf="2024-03-01")
    assert senior["missing"] == [
        "所持车工初级工证书不属于中式烹调师的本职业或相关职业，不能用于申报",
        "取得本职业或相关职业的中级工证书",
    ]


async def test_eligibility_names_the_certificate_missing(gql: GraphQLClient) -> None:
    none = await eligibility(gql, pos(LATHE, None, yearsWorked=10), "SENIOR", asOf="2024-01-01")
    assert none["eligibleNow"] is False
    assert none["missing"] == ["取得本职业或相关职业的中级工证书"]
    assert none["eligibleFrom"] is None and none["yearsToWait"] is None
    worked = await eligibility(gql, pos(LATHE, None, yearsWorked=6), "INTERMEDIATE")
    assert worked["eligibleNow"] is True
    assert worked["ruleSource"].endswith("申报条件 四级/中级工 (2)")
    school = await eligibility(gql, pos(TEA, None), "INTERMEDIATE", education="TECHNICAL_SCHOOL")
    assert (school["eligibleNow"], school["yearsToWait"]) == (True, 0)
    held = await eligibility(gql, pos(LATHE, "SENIOR"), "JUNIOR")
    assert held["eligibleNow"] is True and held["rule"].startswith("已持有")
    appointed = await eligibility(gql, pos(LATHE, "SENIOR_TECHNICIAN"), "PRINCIPAL_TECHNICIAN")
    assert (appointed["eligibleNow"], appointed["yearsToWait"]) == (True, None)
    assert "未规定年限" in appointed["rule"]


async def test_eligibility_refuses_bad_input_by_argument(gql: GraphQLClient) -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({"position": pos(LATHE, "JUNIOR", heldSince="2030-01-01"), "level": "SENIOR",
          "asOf": "2025-01-01"}, "position.heldSince"),
        ({"position": pos(LATHE, "JUNIOR", yearsWorked=-2), "level": "SENIOR"},
         "position.yearsWorked"),
        ({"position": pos(LATHE, "JUNIOR"), "level": "SENIOR", "occupation": "OCC-9999"},
         "targetOccupationId"),
    ]  # fmt: skip
    for variables, argument in cases:
        body = await gql.raw(ELIGIBILITY, **variables)
        assert body["errors"][0]["extensions"]["argument"] == argument, body
        assert body["errors"][0]["extensions"]["code"] in {"BAD_USER_INPUT", "NOT_FOUND"}
    unknown: list[dict[str, Any]] = [
        {"position": pos(LATHE, "JUNIOR"), "level": "MASTER"},
        {"position": pos(LATHE, "GURU"), "level": "SENIOR"},
        {"position": pos(LATHE, "JUNIOR"), "level": "SENIOR", "education": "PHD"},
    ]
    for variables in unknown:
        error = (await gql.raw(ELIGIBILITY, **variables))["errors"][0]
        assert error["extensions"]["code"] == "BAD_USER_INPUT", error
        assert "does not exist in" in error["message"], error


async def test_the_coverage_model_is_built_only_when_bases_are_asked(
    seeded_store: GraphStore,
) -> None:
    # the coverage model is rebuilt after every write to the workers: a path without
    # trainingBases does not wait for it
    app = create_app(Settings(load_seeds_if_empty=False), store=seeded_store)
    bases = """
    fragment Where on CareerStep { trainingBases { id } }
    query($from: PositionInput!, $to: PositionInput!) {
      careerPath(from: $from, to: $to) { alternatives { steps { ...Where } } } }
    """
    plain = """
    query($from: PositionInput!, $to: PositionInput!) {
      careerPath(from: $from, to: $to) { steps { to { occupation { id } level { code } } } } }
    """
    async with serving(app) as gql:
        await gql(NEXT, position=pos(LATHE, "SENIOR"))
        await gql(plain, **{"from": pos(LATHE, "JUNIOR"), "to": pos(LATHE, "SENIOR")})
        assert app.state.coverage.builds == 0
        await gql(bases, **{"from": pos(LATHE, "JUNIOR"), "to": pos(MILLING, "TECHNICIAN")})
        assert app.state.coverage.builds == 1
