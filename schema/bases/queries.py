"""Base queries: listing, one base, its audit trail."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from zhepai.graph.bases import ACTIVE, KINDS, LEVELS, RETIRED
from zhepai.schema import validation as check
from zhepai.schema.bases.inputs import AuditEntry
from zhepai.schema.bases.types import Base
from zhepai.schema.context import Context
from zhepai.schema.errors import bad_input, not_found
from zhepai.schema.pagination import Connection, connection, window
from zhepai.schema.permissions import IsPlanner


def one_of(argument: str, value: str | None, allowed: tuple[str, ...]) -> str | None:
    if value is not None and value not in allowed:
        raise bad_input(argument, f"one of {', '.join(allowed)}", value=value)
    return value


@strawberry.type
class BaseQuery:
    @strawberry.field(
        description=(
            "Bases by where they stand (a county, or a city / the province with their "
            "counties), a series they cover, kind, level and status (default: active)."
        )
    )
    async def bases(
        self,
        info: Info[Context, None],
        region_code: str | None = None,
        series_code: str | None = None,
        kind: str | None = None,
        level: str | None = None,
        status: str | None = ACTIVE,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Base]:
        check.region_code("regionCode", region_code)
        check.series_code("seriesCode", series_code)
        one_of("kind", kind, KINDS)
        one_of("level", level, LEVELS)
        one_of("status", status, (ACTIVE, RETIRED))
        offset, limit = window(first, after)
        page = await info.context.repos.bases.search(
            region_code, series_code, kind, level, status, offset, limit
        )
        if page.total == 0:
            if region_code and await info.context.loaders.region.load(region_code) is None:
                raise not_found("regionCode", region_code, "region")
            if series_code and await info.context.loaders.series.load(series_code) is None:
                raise not_found("seriesCode", series_code, "series")
        records = await info.context.loaders.base.load_many(list(page.items))
        return connection([Base.of(r) for r in records if r], page.total, offset)

    @strawberry.field(description="One base by id, active or retired; null if there is none.")
    async def base(self, info: Info[Context, None], id: strawberry.ID) -> Base | None:
        record = await info.context.loaders.base.load(str(id))
        return Base.of(record) if record else None

    @strawberry.field(
        permission_classes=[IsPlanner],
        description="Writes to bases, newest first; one base's with `id` (planners: it names "
        "who wrote).",
    )
    async def base_audit(
        self, info: Info[Context, None], id: strawberry.ID | None = None, last: int = 50
    ) -> list[AuditEntry]:
        if not 1 <= last <= 500:
            raise bad_input("last", "between 1 and 500", value=last)
        entries = await info.context.repos.bases.audit(str(id) if id else None, last)
        return [
            AuditEntry(
                id=strawberry.ID(e.id), at=e.at, actor=e.actor, action=e.action,
                entity_id=e.entity_id, change=e.change,
            )
            for e in entries
        ]  # fmt: skip
