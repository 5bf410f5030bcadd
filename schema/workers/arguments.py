"""Arguments the worker fields share: a full ID number, hashed on arrival; the clock."""

from __future__ import annotations

from datetime import UTC, datetime

from strawberry.types import Info

from zhepai.domain.talent.id_numbers import InvalidIdNumber, mask, parse, person_key
from zhepai.schema.context import Context
from zhepai.schema.errors import bad_input


def now() -> datetime:
    return datetime.now(UTC)


def person_of(info: Info[Context, None], person_id: str) -> tuple[str, str]:
    """(person key, masked number) for a full ID number given as an argument."""
    try:
        holder = parse(person_id)
    except InvalidIdNumber as exc:
        raise bad_input("personId", exc.message, reason=exc.code) from exc
    return person_key(holder.number, info.context.workers.person_secret), mask(holder.number)
