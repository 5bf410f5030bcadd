"""Base writes: parse the input, call domain/bases/service.py, map its answer. Each write is
recorded with who and when (``baseAudit``)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from zhepai.domain.bases import service
from zhepai.schema.arguments import about, code, value
from zhepai.schema.bases.inputs import BaseInput, BasePayload, FieldError
from zhepai.schema.bases.types import Base
from zhepai.schema.context import CATALOGUE_TOP, Context
from zhepai.schema.permissions import CanWriteBases

# input field names as the API spells them, for errors
_API_FIELD = {"region_code": "regionCode", "series": "seriesCodes",
              "designated_year": "designatedYear"}  # fmt: skip


def _given(input: BaseInput) -> dict[str, object]:
    """The input as the domain names its fields."""
    return {
        "id": str(input.id), "name": input.name, "kind": code(input.kind),
        "level": value(input.level),
        "region_code": input.region_code, "series": tuple(input.series_codes),
        "designated_year": input.designated_year, "capacity": input.capacity,
    }  # fmt: skip


async def _payload(info: Info[Context, None], result: service.BaseResult) -> BasePayload:
    top = await info.context.loaders.catalogue.load(CATALOGUE_TOP)
    return BasePayload(
        base=Base.of(result.base, top) if result.base else None,
        errors=[
            FieldError(
                # updateBase's input naming another base: the field at fault is input.id
                field="input.id" if p.code == "MISMATCH" else _API_FIELD.get(p.field, p.field),
                code=p.code,
                message=p.message,
            )
            for p in result.problems
        ],
    )


@strawberry.type
class BaseMutation:
    @strawberry.mutation(permission_classes=[CanWriteBases], description="Add a base.")
    async def create_base(
        self, info: Info[Context, None], input: Annotated[BaseInput, about("The new base.")]
    ) -> BasePayload:
        repo, actor = info.context.repos.bases, info.context.actor
        return await _payload(info, await service.create(repo, _given(input), actor))

    @strawberry.mutation(
        permission_classes=[CanWriteBases], description="Change a base (it becomes active)."
    )
    async def update_base(
        self,
        info: Info[Context, None],
        id: Annotated[strawberry.ID, about("The base to change.")],
        input: Annotated[BaseInput, about("The base as it should be; its id must be id.")],
    ) -> BasePayload:
        repo, actor = info.context.repos.bases, info.context.actor
        return await _payload(info, await service.update(repo, str(id), _given(input), actor))

    @strawberry.mutation(
        permission_classes=[CanWriteBases],
        description="Retire a base: it stops counting for coverage; it and its history stay.",
    )
    async def retire_base(
        self, info: Info[Context, None], id: Annotated[strawberry.ID, about("The base to retire.")]
    ) -> BasePayload:
        repo, actor = info.context.repos.bases, info.context.actor
        return await _payload(info, await service.retire(repo, str(id), actor))
