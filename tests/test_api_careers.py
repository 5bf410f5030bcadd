"""Career paths over HTTP: minimum years, rules and sources, errors, cache freshness."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from tests.conftest import GraphQLClient, serving
from zhepai.config import Settings
from zhepai.graph.store import GraphStore
from zhepai.loaders.seed_loader import load_seeds
from zhepai.server import create_app

LATHE, MILLING, GRINDING, CHEF = "OCC-0461", "OCC-0462", "OCC-0464", "OCC-0759"

PATH = """
query($from: PositionInput!, $to: PositionInput!, $education: String, $near: String) {
  careerPath(from: $from, to: $to, education: $education, nearRegionCode: $near) {
    reachable totalMinYears totalIsLowerBound reason
    steps { kind minYears rule ruleSource ruleCode
            from { occupation { id name } level { code } }
            to { occupation { id name } level { code rank } }
            trainingBases { id name } }
    alternatives { totalMinYears steps { kind to { occupation { id } level { code } } } } } }
"""

NEXT = """
query($position: PositionInput!, $education: String) {
  nextSteps(position: $position, education: $education) {
    kind minYears ruleCode to { occupation { id } level { code } } } }
"""


def pos(occupation: str, level: str | None) -> dict[str, Any]:
    return {"occupationId": occupation, "level": level}


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
    assert p["totalIsLowerBound"] is False
    assert [s["to"]["level"]["code"] for s in p["steps"]] == [
        "INTERMEDIATE",
        "SENIOR",
        "TECHNICIAN",
    ]
    assert p["steps"][-1]["to"]["occupation"]["name"] == "铣工"
    assert sum(s["minYears"] for s in p["steps"]) == 13
    for step in p["steps"]:
        assert step["rule"] and step["ruleSource"] and step["ruleCode"]
        assert step["trainingBases"] == []  # no bases loaded in the seeds


async def test_a_path_across_industries_starts_over(gql: GraphQLClient) -> None:
    p = await path(gql, pos(LATHE, "SENIOR"), pos(CHEF, "INTERMEDIATE"))
    assert p["reachable"] is True
    assert p["totalMinYears"] == 1 + 4  # enter as 初级工 after a year, then 4 years
    assert p["steps"][0]["kind"] == "ENTRY"
    assert p["steps"][0]["from"]["occupation"]["id"] == LATHE
    assert p["steps"][-1]["to"]["occupation"]["name"] == "中式烹调师"


async def test_principal_and_chief_have_no_fixed_period(gql: GraphQLClient) -> None:
    p = await path(gql, pos(LATHE, "TECHNICIAN"), pos(LATHE, "CHIEF_TECHNICIAN"))
    assert p["reachable"] is True
    assert p["totalMinYears"] == 4  # a lower bound: the last two steps fix no period
    assert p["totalIsLowerBound"] is True
    assert [s["minYears"] for s in p["steps"]] == [4, None, None]


async def test_same_level_transfer_costs_nothing(gql: GraphQLClient) -> None:
    p = await path(gql, pos(LATHE, "SENIOR"), pos(GRINDING, "SENIOR"))
    assert p["totalMinYears"] == 0
    assert [s["kind"] for s in p["steps"]] == ["TRANSFER"]
    assert "16" in p["steps"][0]["rule"] + p["steps"][0]["ruleSource"]  # the shared series


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


async def test_no_certificate_yet(gql: GraphQLClient) -> None:
    p = await path(gql, pos(LATHE, None), pos(LATHE, "JUNIOR"))
    assert p["totalMinYears"] == 1
    assert p["steps"][0]["kind"] == "ENTRY"
    assert p["steps"][0]["from"] is None


async def test_alternatives_are_other_shapes(gql: GraphQLClient) -> None:
    p = await path(gql, pos(LATHE, "JUNIOR"), pos(MILLING, "TECHNICIAN"))
    shapes = [tuple((s["kind"], s["to"]["occupation"]["id"], s["to"]["level"]["code"])
                    for s in a["steps"]) for a in p["alternatives"]]  # fmt: skip
    main = tuple((s["kind"], s["to"]["occupation"]["id"], s["to"]["level"]["code"])
                 for s in p["steps"])  # fmt: skip
    assert 1 <= len(shapes) <= 3
    assert main not in shapes and len(set(shapes)) == len(shapes)
    years = [a["totalMinYears"] for a in p["alternatives"]]
    assert years == sorted(years) and years[0] >= p["totalMinYears"]


async def test_next_steps(gql: GraphQLClient) -> None:
    steps = (await gql(NEXT, position=pos(LATHE, "SENIOR")))["nextSteps"]
    assert steps[0]["kind"] == "PROMOTION"
    assert steps[0]["to"] == {"occupation": {"id": LATHE}, "level": {"code": "TECHNICIAN"}}
    assert steps[0]["minYears"] == 4
    assert {s["to"]["occupation"]["id"] for s in steps} >= {LATHE, MILLING}
    fresh = (await gql(NEXT, position=pos(CHEF, None)))["nextSteps"]
    assert {s["to"]["level"]["code"] for s in fresh} == {"APPRENTICE", "JUNIOR"}


async def test_unknown_occupation_suggests_close_names(gql: GraphQLClient) -> None:
    body = await gql.raw(PATH, **{"from": pos("车工人", "JUNIOR"), "to": pos(MILLING, "SENIOR")})
    error = body["errors"][0]
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert error["extensions"]["argument"] == "from.occupationId"
    assert {"id": LATHE, "name": "车工"} in error["extensions"]["suggestions"]


async def test_bad_levels_and_educations(gql: GraphQLClient) -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({"from": pos(LATHE, "MASTER"), "to": pos(MILLING, "SENIOR")}, "from.level"),
        ({"from": pos(LATHE, "JUNIOR"), "to": pos(MILLING, None)}, "to.level"),
        ({"from": pos(LATHE, "JUNIOR"), "to": pos(MILLING, "SENIOR"), "education": "PHD"},
         "education"),
        ({"from": pos(LATHE, "JUNIOR"), "to": pos(MILLING, "SENIOR"), "near": "339999"},
         "nearRegionCode"),
    ]  # fmt: skip
    for variables, argument in cases:
        body = await gql.raw(PATH, **variables)
        assert body["errors"][0]["extensions"]["argument"] == argument, body
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
        data["add"] = [{"a": LATHE, "b": CHEF, "reason": "test: kitchen machinery"}]
        related.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        rules_file = seeds_copy / "career_rules.yaml"
        rules = yaml.safe_load(rules_file.read_text(encoding="utf-8"))
        rules["rules"] = [r for r in rules["rules"] if r["code"] != "CHIEF_BY_SELECTION"]
        rules_file.write_text(yaml.safe_dump(rules, allow_unicode=True), encoding="utf-8")
        await load_seeds(scratch_store, seeds_copy)

        after = await path(gql, pos(LATHE, "SENIOR"), pos(CHEF, "SENIOR"))
        assert after["totalMinYears"] == 0
        assert [s["kind"] for s in after["steps"]] == ["TRANSFER"]
        assert "kitchen machinery" in after["steps"][0]["rule"] + after["steps"][0]["ruleSource"]
        chief = await path(gql, pos(LATHE, "SENIOR"), pos(LATHE, "CHIEF_TECHNICIAN"))
        assert chief["reachable"] is False
        assert chief["reason"]
        assert app.state.careers.builds == 2
