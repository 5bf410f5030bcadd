"""Base queries: listing, one base, its audit trail."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from zhepai.schema import validation as check
from zhepai.schema.arguments import about, value
from zhepai.schema.bases.inputs import AuditEntry
from zhepai.schema.bases.types import Base
from zhepai.schema.context import CATALOGUE_TOP, Context
from zhepai.schema.enums import BaseAuditAction, BaseKind, BaseLevel, BaseStatus
from zhepai.schema.errors import bad_input, not_found
from zhepai.schema.pagination import AFTER_HELP, FIRST_HELP, Connection, connection, window
from zhepai.schema.permissions import IsPlanner


@strawberry.type(description="Queries of training bases.")
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
        region_code: Annotated[
            str | None, about("A county, a city or the province (six digits).")
        ] = None,
        series_code: Annotated[str | None, about("A series the bases cover (two digits).")] = None,
        kind: Annotated[BaseKind | None, about("Only bases of this kind.")] = None,
        level: Annotated[BaseLevel | None, about("Only bases of this level.")] = None,
        status: Annotated[BaseStatus | None, about("Only bases in this status; null: any.")] = (
            BaseStatus.ACTIVE
        ),
        first: Annotated[int | None, about(FIRST_HELP)] = None,
        after: Annotated[str | None, about(AFTER_HELP)] = None,
    ) -> Connection[Base]:
        check.region_code("regionCode", region_code)
        check.series_code("seriesCode", series_code)
        offset, limit = window(first, after)
        page = await info.context.repos.bases.search(
            region_code, series_code, value(kind), value(level), value(status), offset, limit
        )
        if page.total == 0:
            if region_code and await info.context.loaders.region.load(region_code) is None:
                raise not_found("regionCode", region_code, "region")
            if series_code and await info.context.loaders.series.load(series_code) is None:
                raise not_found("seriesCode", series_code, "series")
        records = await info.context.loaders.base.load_many(list(page.items))
        top = await info.context.loaders.catalogue.load(CATALOGUE_TOP)
        return connection([Base.of(r, top) for r in records if r], page.total, offset)

    @strawberry.field(description="One base by id, active or retired; null if there is none.")
    async def base(
        self, info: Info[Context, None], id: Annotated[strawberry.ID, about("The base's id.")]
    ) -> Base | None:
        record = await info.context.loaders.base.load(str(id))
        if record is None:
            return None
        return Base.of(record, await info.context.loaders.catalogue.load(CATALOGUE_TOP))

    @strawberry.field(
        permission_classes=[IsPlanner],
        description="Writes to bases, newest first; one base's with `id` (planners: it names "
        "who wrote).",
    )
    async def base_audit(
        self,
        info: Info[Context, None],
        id: Annotated[strawberry.ID | None, about("One base's id; null: every base.")] = None,
        last: Annotated[int, about("How many entries, 1 to 500.")] = 50,
    ) -> list[AuditEntry]:
        if not 1 <= last <= 500:
            raise bad_input("last", "须在 1 到 500 之间", value=last)
        entries = await info.context.repos.bases.audit(str(id) if id else None, last)
        return [
            AuditEntry(
                id=strawberry.ID(e.id), at=e.at, actor=e.actor,
                action=BaseAuditAction(e.action),
                entity_id=e.entity_id, change=e.change,
            )
            for e in entries
        ]  # fmt: skip
