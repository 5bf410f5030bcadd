"""Base writes. Each is recorded with who and when (``baseAudit``); the permission class on
each field is where the planner role will be required."""

from __future__ import annotations

import strawberry
from pydantic import ValidationError
from strawberry.types import Info

from zhepai.domain.bases.rules import BaseInputRow, BaseRules, shape_problems
from zhepai.graph.bases import RETIRED
from zhepai.loaders.csv_files import Problem
from zhepai.schema.bases.inputs import BaseInput, BasePayload, FieldError
from zhepai.schema.bases.types import Base
from zhepai.schema.context import Context
from zhepai.schema.permissions import CanWriteBases

# input field names as the API spells them, for errors
_API_FIELD = {"region_code": "regionCode", "series": "seriesCodes",
              "designated_year": "designatedYear"}  # fmt: skip


def _errors(problems: list[Problem]) -> list[FieldError]:
    return [FieldError(field=_API_FIELD.get(p.field, p.field), code=p.code, message=p.message)
            for p in problems]  # fmt: skip


async def _validated(
    info: Info[Context, None], given: BaseInput
) -> tuple[BaseInputRow | None, list[FieldError]]:
    try:
        row = BaseInputRow.model_validate(
            {
                "id": str(given.id), "name": given.name, "kind": given.kind,
                "level": given.level, "region_code": given.region_code,
                "series": tuple(given.series_codes), "designated_year": given.designated_year,
                "capacity": given.capacity,
            }
        )  # fmt: skip
    except ValidationError as exc:
        return None, _errors(shape_problems(exc))
    rules = await BaseRules.load(info.context.repos.bases.store)
    problems = rules.check(row)
    return (None, _errors(problems)) if problems else (row, [])


async def _write(info: Info[Context, None], row: BaseInputRow, action: str) -> BasePayload:
    repo = info.context.repos.bases
    await repo.write([BaseRules.to_write(row)], info.context.actor, action)
    (record,) = await repo.by_id([row.id])
    return BasePayload(base=Base.of(record) if record else None, errors=[])


@strawberry.type
class BaseMutation:
    @strawberry.mutation(permission_classes=[CanWriteBases], description="Add a base.")
    async def create_base(self, info: Info[Context, None], input: BaseInput) -> BasePayload:
        row, errors = await _validated(info, input)
        if row is None:
            return BasePayload(base=None, errors=errors)
        (existing,) = await info.context.repos.bases.by_id([row.id])
        if existing is not None:
            return BasePayload(
                base=None,
                errors=[FieldError(field="id", code="DUPLICATE", message=f"{row.id} exists")],
            )
        return await _write(info, row, "CREATE")

    @strawberry.mutation(
        permission_classes=[CanWriteBases], description="Change a base (it becomes active)."
    )
    async def update_base(
        self, info: Info[Context, None], id: strawberry.ID, input: BaseInput
    ) -> BasePayload:
        (existing,) = await info.context.repos.bases.by_id([str(id)])
        if existing is None:
            return BasePayload(
                base=None,
                errors=[FieldError(field="id", code="NOT_FOUND", message=f"no base {id}")],
            )
        if str(input.id) != str(id):
            return BasePayload(
                base=None,
                errors=[FieldError(field="input.id", code="MISMATCH",
                                   message="ids are permanent: input.id must equal id")],
            )  # fmt: skip
        row, errors = await _validated(info, input)
        if row is None:
            return BasePayload(base=None, errors=errors)
        return await _write(info, row, "UPDATE")

    @strawberry.mutation(
        permission_classes=[CanWriteBases],
        description="Retire a base: it stops counting for coverage; it and its history stay.",
    )
    async def retire_base(self, info: Info[Context, None], id: strawberry.ID) -> BasePayload:
        repo = info.context.repos.bases
        (existing,) = await repo.by_id([str(id)])
        if existing is None:
            return BasePayload(
                base=None,
                errors=[FieldError(field="id", code="NOT_FOUND", message=f"no base {id}")],
            )
        if existing.status == RETIRED:
            return BasePayload(
                base=Base.of(existing),
                errors=[FieldError(field="id", code="ALREADY_RETIRED", message=f"{id} is retired")],
            )
        await repo.set_status(existing, RETIRED, info.context.actor, "RETIRE")
        (record,) = await repo.by_id([str(id)])
        return BasePayload(base=Base.of(record) if record else None, errors=[])
