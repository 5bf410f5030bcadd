"""Worker queries: statistics and plan progress (public), a worker's record (officers),
credential verification (public)."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated

import strawberry
from strawberry.types import Info

from zhepai.domain.talent import credentials
from zhepai.domain.talent.progress import progress
from zhepai.domain.talent.stats import Dimension, UnknownCode
from zhepai.domain.talent.trend import BadYears, check_years, trend
from zhepai.schema.arguments import about, code, value
from zhepai.schema.context import Context
from zhepai.schema.enums import AuditEntity, IndustryCode, TalentGroupBy, WorkerAuditAction
from zhepai.schema.errors import bad_input, not_found
from zhepai.schema.validation import region_code, series_code
from zhepai.schema.workers.access import IsOfficer, small_cells_below
from zhepai.schema.workers.arguments import now, person_of
from zhepai.schema.workers.types import (
    CredentialVerification,
    PlanProgress,
    TalentStats,
    TalentTrendPoint,
    TargetProgress,
    Worker,
    WorkerAuditEntry,
)

PROVINCE = "330000"


def _group_by(given: list[TalentGroupBy] | None) -> list[Dimension]:
    dims: list[Dimension] = []
    for member in given or []:
        if Dimension(code(member)) in dims:
            raise bad_input("groupBy", "同一维度只能列一次", value=code(member))
        dims.append(Dimension(code(member)))
    return dims


# The arguments talentStats and talentTrend share, declared once.
RegionArg = Annotated[str, about("The province, a city or a county (six digits).")]
IndustryArg = Annotated[IndustryCode | None, about("Only certificates of this industry's series.")]
SeriesArg = Annotated[str | None, about("Only certificates of this series (two digits).")]
GroupByArg = Annotated[
    list[TalentGroupBy] | None, about("Dimensions to group by, in order; each at most once.")
]


@strawberry.type
class WorkerQuery:
    @strawberry.field(
        description=(
            "Skilled and high-skilled workers in a region (the province, a city or a county), "
            "optionally for one industry or series, grouped by any of CITY, COUNTY, INDUSTRY, "
            "SERIES, LEVEL. Without the researcher role, counts from 1 to 4 are withheld. "
            "asOf: the figures at the end of that day (any past day), counting the "
            "certificates issued on or before it and not revoked by then; without it, or from "
            "today on, today's."
        )
    )
    async def talent_stats(
        self,
        info: Info[Context, None],
        region_code: RegionArg,
        group_by: GroupByArg = None,
        industry_code: IndustryArg = None,
        series_code: SeriesArg = None,
        as_of: Annotated[
            date | None, about("The day the figures stand at the end of; default today.")
        ] = None,
    ) -> TalentStats:
        region = _region(region_code)
        series = _series(series_code)
        industry = value(industry_code)
        dims = _group_by(group_by)
        threshold = small_cells_below(info)
        try:
            table = await info.context.talent.table(
                region, dims, industry, series, threshold, as_of, now().date()
            )
        except UnknownCode as exc:
            raise not_found(exc.argument, exc.value, exc.argument.removesuffix("Code")) from exc
        return TalentStats.of(region, table)

    @strawberry.field(
        description=(
            "A region's skilled workers year by year, fromYear to toYear (at most 40 years): "
            "the year-end skilled and high-skilled persons (as talentStats asOf 31 December), "
            "the year's new skilled and new high-skilled persons and certificates issued, and "
            "the groups' year-end figures (groupBy as in talentStats). Without the researcher "
            "role, small counts are withheld, and so is any count that subtracting other "
            "years or groups would reveal (docs/api.md, 'Statistics over time')."
        )
    )
    async def talent_trend(
        self,
        info: Info[Context, None],
        region_code: RegionArg,
        from_year: Annotated[int, about("The first year.")],
        to_year: Annotated[int, about("The last year.")],
        industry_code: IndustryArg = None,
        series_code: SeriesArg = None,
        group_by: GroupByArg = None,
    ) -> list[TalentTrendPoint]:
        region = _region(region_code)
        series = _series(series_code)
        industry = value(industry_code)
        dims = _group_by(group_by)
        try:
            check_years(from_year, to_year, now().year)
        except BadYears as exc:
            raise bad_input(exc.argument, str(exc)) from exc
        model = await info.context.talent.model()
        threshold = small_cells_below(info)
        try:
            points = trend(model, region, from_year, to_year, dims, industry, series, threshold)
        except UnknownCode as exc:
            raise not_found(exc.argument, exc.value, exc.argument.removesuffix("Code")) from exc
        return [TalentTrendPoint.of(p) for p in points]

    @strawberry.field(
        description=(
            "The plan's 2025 targets and the actual figures (default: the province). Without "
            "the researcher role, a count of persons from 1 to 4, any ratio or sum made from "
            "one, and projections from a history holding one are withheld (null, with note)."
        )
    )
    async def plan_progress(
        self,
        info: Info[Context, None],
        region_code: Annotated[str | None, about("A city or a county; null: the province.")] = None,
    ) -> PlanProgress:
        region = _region(region_code or PROVINCE)
        inputs = await info.context.talent.inputs()
        threshold = small_cells_below(info)
        try:
            rows = progress(inputs, region, now().date(), threshold)
        except UnknownCode as exc:
            raise not_found("regionCode", region, "region") from exc
        return PlanProgress(region_code=region, targets=[TargetProgress.of(p) for p in rows])

    @strawberry.field(
        permission_classes=[IsOfficer],
        description="A worker by full ID number (hashed on arrival; every lookup is audited).",
    )
    async def worker(
        self,
        info: Info[Context, None],
        person_id: Annotated[str, about("The full ID number (18 characters).")],
    ) -> Worker | None:
        key, masked = person_of(info, person_id)
        repo = info.context.repos.workers
        record = await repo.person(key)
        await repo.record_read(
            now().isoformat(timespec="milliseconds"),
            info.context.actor,
            "READ",
            masked,
            json.dumps({"found": record is not None, "requestId": info.context.request_id}),
        )
        return Worker.of(record) if record else None

    @strawberry.field(
        permission_classes=[IsOfficer],
        description="The audit trail of worker data, newest first (officers).",
    )
    async def worker_audit(
        self,
        info: Info[Context, None],
        last: Annotated[int, about("How many entries, 1 to 500.")] = 50,
    ) -> list[WorkerAuditEntry]:
        if not 1 <= last <= 500:
            raise bad_input("last", "须在 1 到 500 之间", value=last)
        return [
            WorkerAuditEntry(
                id=strawberry.ID(r["id"]), at=r["at"], actor=r["actor"],
                action=WorkerAuditAction(r["action"]), entity=AuditEntity(r["entity"]),
                entity_id=r["entityId"], change=r["change"],
            )
            for r in await info.context.repos.workers.audit(last)
        ]  # fmt: skip

    @strawberry.field(description="Check a credential code (public): valid, or why not.")
    async def verify_credential(
        self,
        info: Info[Context, None],
        code: Annotated[str, about("The credential code, as shown.")],
    ) -> CredentialVerification:
        if len(code) > 4096:
            raise bad_input("code", "证书核验码至多 4096 个字符")
        read = credentials.read(code, info.context.workers.credential_secret, now())
        if isinstance(read, str):
            return CredentialVerification(
                valid=False, reason=read, masked_name=None, certificates=[]
            )
        repo = info.context.repos.workers
        stored = await repo.certificates(read)
        holders = {c.person for c in stored.values()}
        name = None
        if len(holders) == 1:
            person = await repo.person(next(iter(holders)))
            name = person.name if person else None
        return CredentialVerification.of(credentials.verify(read, stored, name))


def _region(value: str) -> str:
    checked = region_code("regionCode", value)
    assert checked is not None
    return checked


def _series(value: str | None) -> str | None:
    return series_code("seriesCode", value)
