"""Career-path queries: the rules decide, the engine (careers.engine) computes."""

from __future__ import annotations

import difflib
from typing import Annotated

import strawberry
from graphql.error import GraphQLError
from strawberry.types import Info

from zhepai.domain.careers.engine import Position as EnginePosition
from zhepai.domain.careers.service import CareerData
from zhepai.schema import validation as check
from zhepai.schema.careers.types import CareerPath, CareerStep, Education, PositionInput
from zhepai.schema.context import Context
from zhepai.schema.errors import NOT_FOUND, bad_input, not_found


def _suggestions(data: CareerData, given: str) -> list[dict[str, str]]:
    """The closest occupations to what was given, by name or by id."""
    by_name = {name: oid for oid, name in data.names.items()}
    hits = difflib.get_close_matches(given, list(by_name), n=5, cutoff=0.3)
    ids = [by_name[h] for h in hits]
    ids += [i for i in difflib.get_close_matches(given, list(data.names), n=5) if i not in ids]
    return [{"id": i, "name": data.names[i]} for i in ids[:5]]


def _position(data: CareerData, argument: str, given: PositionInput) -> EnginePosition:
    occupation = str(given.occupation_id)
    if occupation not in data.names:
        raise GraphQLError(
            f"no occupation with {argument}.occupationId {occupation!r}",
            extensions={
                "code": NOT_FOUND,
                "argument": f"{argument}.occupationId",
                "value": occupation,
                "suggestions": _suggestions(data, occupation),
            },
        )
    if given.level is not None and given.level not in data.level_codes:
        raise bad_input(
            f"{argument}.level",
            f"unknown level {given.level!r}; one of {', '.join(data.level_codes)}",
            value=given.level,
        )
    return EnginePosition(occupation, given.level)


def _education(data: CareerData, education: str | None) -> str | None:
    known = [e.code for e in data.educations]
    if education is not None and education not in known:
        raise bad_input(
            "education", f"unknown education {education!r}; one of {', '.join(known)}",
            value=education,
        )  # fmt: skip
    # an education no alternative names opens no route: the rules are then the main ones
    return education if education in data.graph.educations() else None


async def _near(info: Info[Context, None], code: str | None) -> tuple[str | None, str | None]:
    check.region_code("nearRegionCode", code)
    if code is None:
        return None, None
    region = await info.context.loaders.region.load(code)
    if region is None:
        raise not_found("nearRegionCode", code, "region")
    # the city a county belongs to; a city is its own "city"; the province has none
    city = region.parent_code if region.level == "COUNTY" else None
    return code, (code if region.level == "CITY" else city)


@strawberry.type
class CareerQuery:
    @strawberry.field(
        description=(
            "The least-time path from one position to another under the certification "
            "rules, step by step with each rule and its source, and up to 3 alternatives."
        )
    )
    async def career_path(
        self,
        info: Info[Context, None],
        from_: Annotated[PositionInput, strawberry.argument(name="from")],
        to: PositionInput,
        education: str | None = None,
        near_region_code: str | None = None,
    ) -> CareerPath:
        near, city = await _near(info, near_region_code)
        data = await info.context.careers.data()
        start = _position(data, "from", from_)
        target = _position(data, "to", to)
        if target.level is None:
            raise bad_input("to.level", "a target needs a level")
        result = data.graph.path(start, target, _education(data, education))
        return CareerPath.of(result, near, city)

    @strawberry.field(description="Every step possible from a position, with its rule.")
    async def next_steps(
        self,
        info: Info[Context, None],
        position: PositionInput,
        education: str | None = None,
        near_region_code: str | None = None,
    ) -> list[CareerStep]:
        near, city = await _near(info, near_region_code)
        data = await info.context.careers.data()
        start = _position(data, "position", position)
        steps = data.graph.next_steps(start, _education(data, education))
        return [CareerStep.of(s, near, city) for s in steps]

    @strawberry.field(description="Educations that open alternative routes (for `education`).")
    async def educations(self, info: Info[Context, None]) -> list[Education]:
        data = await info.context.careers.data()
        return [Education(code=e.code, name=e.name) for e in data.educations]
