"""Inputs and payloads of base writes: expected failures are data (``errors``), not exceptions."""

from __future__ import annotations

import strawberry

from zhepai.schema.bases.types import Base


@strawberry.input(description="A base as a planner states it.")
class BaseInput:
    id: strawberry.ID
    name: str
    kind: str = strawberry.field(
        description=(
            "TRAINING_BASE, LEAD_ENTERPRISE, CHARACTERISTIC_VILLAGE, PUBLIC_TRAINING_CENTRE "
            "or TECHNICAL_COLLEGE."
        )
    )
    level: str | None = strawberry.field(
        default=None, description="PROVINCE, CITY or COUNTY; training bases only."
    )
    region_code: str = strawberry.field(description="The county where the base stands.")
    series_codes: list[str]
    designated_year: int | None = None
    capacity: int | None = None


@strawberry.type(description="Why a write was refused, naming the input field.")
class FieldError:
    field: str
    code: str
    message: str


@strawberry.type
class BasePayload:
    base: Base | None
    errors: list[FieldError]


@strawberry.type(description="Who changed a base, when, and to what.")
class AuditEntry:
    id: strawberry.ID
    at: str
    actor: str
    action: str
    entity_id: str
    change: str = strawberry.field(description="The base as written (JSON).")
