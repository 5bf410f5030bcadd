"""Career-path queries: the rules decide, the engine (careers.engine) computes."""

from __future__ import annotations

import datetime
import difflib
from collections.abc import Sequence
from typing import Annotated

import strawberry
from graphql.error import GraphQLError
from strawberry.types import Info
from strawberry.types.nodes import Selection

from zhepai.domain.careers import personal
from zhepai.domain.careers.engine import Position as EnginePosition
from zhepai.domain.careers.service import CareerData
from zhepai.schema import validation as check
from zhepai.schema.arguments import about, code, value
from zhepai.schema.careers.types import (
    CareerPath,
    CareerStep,
    Education,
    Eligibility,
    Kept,
    PositionInput,
)
from zhepai.schema.context import CATALOGUE_TOP, Context
from zhepai.schema.enums import EducationCode, SkillLevelCode
from zhepai.schema.errors import NOT_FOUND, bad_input, not_found


def _suggestions(data: CareerData, given: str) -> list[dict[str, str]]:
    """The closest occupations to what was given, by name or by id."""
    by_name = {name: oid for oid, name in data.names.items()}
    hits = difflib.get_close_matches(given, list(by_name), n=5, cutoff=0.3)
    ids = [by_name[h] for h in hits]
    ids += [i for i in difflib.get_close_matches(given, list(data.names), n=5) if i not in ids]
    return [{"id": i, "name": data.names[i]} for i in ids[:5]]


def _occupation(data: CareerData, argument: str, given: str) -> str:
    if given not in data.names:
        raise GraphQLError(
            f"找不到职业：{argument} 为 {given!r}",
            extensions={
                "code": NOT_FOUND,
                "argument": argument,
                "value": given,
                "suggestions": _suggestions(data, given),
            },
        )
    return given


def _position(data: CareerData, argument: str, given: PositionInput) -> EnginePosition:
    occupation = _occupation(data, f"{argument}.occupationId", str(given.occupation_id))
    return EnginePosition(occupation, value(given.level))


def _served(argument: str, given: PositionInput, as_of: datetime.date) -> personal.Served:
    served = personal.Served(given.held_since, given.years_worked)
    try:
        personal.check(argument, value(given.level), served, as_of)
    except personal.InputError as error:
        raise bad_input(error.argument, str(error)) from None
    return served


def _target(data: CareerData, given: PositionInput) -> EnginePosition:
    target = _position(data, "to", given)
    if target.level is None:
        raise bad_input("to.level", "目标须给出等级")
    for name, served in (("heldSince", given.held_since), ("yearsWorked", given.years_worked)):
        if served is not None:
            raise bad_input(f"to.{name}", "目标没有已任年限：请在 from 中给出")
    return target


def _education(data: CareerData, given: EducationCode | None) -> str | None:
    # an education no alternative names opens no route: the rules are then the main ones
    education = value(given)
    return education if education in data.graph.educations() else None


async def _kept(info: Info[Context, None], near: str | None) -> Kept:
    """What the steps' fields read (``Kept``), once ``nearRegionCode`` is a known region;
    the coverage model only when a step's ``trainingBases`` is asked (it is rebuilt after
    every write to the workers, which a path without bases need not wait for)."""
    check.region_code("nearRegionCode", near)
    top = await info.context.loaders.catalogue.load(CATALOGUE_TOP)
    if near is not None and top.region(near) is None:
        raise not_found("nearRegionCode", near, "region")
    data = await info.context.careers.data()
    asked = _asks(info.selected_fields, "trainingBases")
    coverage = await info.context.coverage.model() if asked else None
    return Kept(top, data.levels, coverage, near)


def _asks(selections: Sequence[Selection], name: str) -> bool:
    """Whether a field called ``name`` is selected anywhere below (fragments included)."""
    return any(getattr(s, "name", None) == name or _asks(s.selections, name) for s in selections)


# The arguments the career fields share, declared once.
EducationArg = Annotated[
    EducationCode | None, about("The worker's education, which may open shorter routes.")
]
NearArg = Annotated[str | None, about("A region: trainingBases nearest it first.")]


@strawberry.type
class CareerQuery:
    @strawberry.field(
        description=(
            "The least-time path from one position to another under the certification "
            "rules (申报条件), step by step with each rule and its source, and up to 3 "
            "alternatives, plus direct recognition or a competition where they could be "
            "faster. Time already served (from.heldSince, from.yearsWorked) shortens the first "
            "step; a target at or below the level held is reached with no step."
        )
    )
    async def career_path(
        self,
        info: Info[Context, None],
        from_: Annotated[
            PositionInput,
            strawberry.argument(name="from", description="The position held now."),
        ],
        to: Annotated[PositionInput, about("The position to reach (a level is required).")],
        education: EducationArg = None,
        near_region_code: NearArg = None,
    ) -> CareerPath:
        kept = await _kept(info, near_region_code)
        data = await info.context.careers.data()
        start = _position(data, "from", from_)
        target = _target(data, to)
        today = datetime.date.today()
        served = personal.whole_years(_served("from", from_, today), today)
        result = data.graph.path(start, target, _education(data, education), served)
        return CareerPath.of(result, kept)

    @strawberry.field(description="Every step possible from a position, with its rule.")
    async def next_steps(
        self,
        info: Info[Context, None],
        position: Annotated[PositionInput, about("The position held now.")],
        education: EducationArg = None,
        near_region_code: NearArg = None,
    ) -> list[CareerStep]:
        kept = await _kept(info, near_region_code)
        data = await info.context.careers.data()
        start = _position(data, "position", position)
        today = datetime.date.today()
        served = personal.whole_years(_served("position", position, today), today)
        steps = data.graph.next_steps(start, _education(data, education), served)
        return [CareerStep.of(s, kept) for s in steps]

    @strawberry.field(
        description=(
            "Whether a worker may apply for a level now (by the best rule open to them), from "
            "which day if not yet, and what is missing besides time. targetOccupationId "
            "defaults to the position's occupation; asOf to today."
        )
    )
    async def eligibility(
        self,
        info: Info[Context, None],
        position: Annotated[PositionInput, about("The position held now.")],
        target_level: Annotated[SkillLevelCode, about("The level applied for.")],
        target_occupation_id: Annotated[
            strawberry.ID | None, about("The occupation applied in; default the position's.")
        ] = None,
        education: EducationArg = None,
        as_of: Annotated[datetime.date | None, about("The day to judge on; default today.")] = None,
    ) -> Eligibility:
        data = await info.context.careers.data()
        start = _position(data, "position", position)
        day = as_of or datetime.date.today()
        served = _served("position", position, day)
        occupation = start.occupation
        if target_occupation_id is not None:
            occupation = _occupation(data, "targetOccupationId", str(target_occupation_id))
        goal = EnginePosition(occupation, code(target_level))
        answer = personal.eligibility(
            data.graph, start, goal, _education(data, education), served, day
        )
        return Eligibility.of(answer)

    @strawberry.field(description="Educations that open alternative routes (for `education`).")
    async def educations(self, info: Info[Context, None]) -> list[Education]:
        data = await info.context.careers.data()
        return [Education(code=e.code, name=e.name) for e in data.educations]
