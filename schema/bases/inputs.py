"""Inputs and payloads of base writes: expected failures are data (``errors``), not exceptions."""

from __future__ import annotations

import strawberry

from zhepai.schema.bases.types import Base
from zhepai.schema.enums import BaseAuditAction, BaseKind, BaseLevel


@strawberry.input(description="A base as a planner states it.")
class BaseInput:
    id: strawberry.ID = strawberry.field(description="The base's id; new on createBase.")
    name: str = strawberry.field(description="Its name (Chinese).")
    kind: BaseKind = strawberry.field(description="What kind of training resource it is.")
    level: BaseLevel | None = strawberry.field(
        default=None, description="Who designated it; training bases only."
    )
    region_code: str = strawberry.field(description="The county where the base stands.")
    series_codes: list[str] = strawberry.field(description="The series it trains for.")
    designated_year: int | None = strawberry.field(
        default=None, description="The year it was designated."
    )
    capacity: int | None = strawberry.field(default=None, description="Trainees a year.")


@strawberry.type(description="Why a write was refused, naming the input field.")
class FieldError:
    field: str = strawberry.field(description="The input field at fault, e.g. regionCode.")
    code: str = strawberry.field(description="A stable code, e.g. NOT_FOUND or INVALID.")
    message: str = strawberry.field(description="What is wrong, for people.")


@strawberry.type(description="The result of a base write: the base, or why not.")
class BasePayload:
    base: Base | None = strawberry.field(description="The base as written; null on errors.")
    errors: list[FieldError] = strawberry.field(description="Why the write was refused.")


@strawberry.type(description="Who changed a base, when, and to what.")
class AuditEntry:
    id: strawberry.ID = strawberry.field(description="The entry's id.")
    at: str = strawberry.field(description="When (ISO timestamp, UTC).")
    actor: str = strawberry.field(description="Who wrote (a user, or cli for imports).")
    action: BaseAuditAction = strawberry.field(description="What the write did.")
    entity_id: str = strawberry.field(description="The base's id.")
    change: str = strawberry.field(description="The base as written (JSON).")
