"""GraphQL types of the workers domain: statistics, plan progress, workers, credentials."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.types import Info

from zhepai.domain.talent.cells import LEVEL_RANK, VALID
from zhepai.domain.talent.credentials import Verification
from zhepai.domain.talent.progress import Progress
from zhepai.domain.talent.stats import Group, TalentTable
from zhepai.domain.talent.trend import TrendGroup, TrendPoint
from zhepai.graph.workers import CertificateRecord, PersonRecord
from zhepai.schema.catalogue.types import Occupation, Series, Specialty
from zhepai.schema.context import CATALOGUE_TOP, Context
from zhepai.schema.ladder.types import SkillLevel
from zhepai.schema.regions.types import Region


@strawberry.type(description="One group of a statistics table; null counts are withheld.")
class TalentGroup:
    key: list[str] = strawberry.field(description="The codes of the group, one per groupBy.")
    label: list[str] = strawberry.field(description="Their names, in the same order.")
    skilled: int | None
    high_skilled: int | None
    certificates: int | None
    suppressed: bool = strawberry.field(
        description="True when a count is withheld (small cell, or to protect one)."
    )

    @classmethod
    def of(cls, g: Group) -> TalentGroup:
        return cls(
            key=list(g.key),
            label=list(g.label),
            skilled=g.figures.skilled,
            high_skilled=g.figures.high_skilled,
            certificates=g.figures.certificates,
            suppressed=g.figures.suppressed,
        )


@strawberry.type(
    description=(
        "Skilled workers (distinct persons with a valid certificate at JUNIOR or above, or a "
        "专项), high-skilled ones (highest level SENIOR or above) and valid certificates. "
        "Each person is counted once, where their highest certificate was issued."
    )
)
class TalentStats:
    region_code: str
    skilled: int | None
    high_skilled: int | None
    certificates: int | None
    suppressed: bool
    groups: list[TalentGroup]

    @classmethod
    def of(cls, region_code: str, t: TalentTable) -> TalentStats:
        return cls(
            region_code=region_code,
            skilled=t.total.skilled,
            high_skilled=t.total.high_skilled,
            certificates=t.total.certificates,
            suppressed=t.total.suppressed,
            groups=[TalentGroup.of(g) for g in t.groups],
        )


@strawberry.type(description="One group of a trend point; null counts are withheld.")
class TalentTrendGroup:
    key: list[str] = strawberry.field(description="The codes of the group, one per groupBy.")
    label: list[str] = strawberry.field(description="Their names, in the same order.")
    skilled: int | None = strawberry.field(description="Skilled persons at the year's end.")
    high_skilled: int | None = strawberry.field(description="High-skilled ones among them.")
    suppressed: bool

    @classmethod
    def of(cls, g: TrendGroup) -> TalentTrendGroup:
        return cls(
            key=list(g.key), label=list(g.label), skilled=g.skilled,
            high_skilled=g.high_skilled, suppressed=g.suppressed,
        )  # fmt: skip


@strawberry.type(
    description=(
        "One year of a trend: year-end figures (skilled, highSkilled) and the year's flows "
        "(newSkilled: persons who became skilled in the year and are at its end; "
        "newHighSkilled likewise; certificatesIssued: certificates issued in the year, "
        "revoked ones too). Null counts are withheld."
    )
)
class TalentTrendPoint:
    year: int
    skilled: int | None
    high_skilled: int | None
    new_skilled: int | None
    new_high_skilled: int | None
    certificates_issued: int | None
    suppressed: bool = strawberry.field(
        description="True when a count of the year or of a group is withheld."
    )
    groups: list[TalentTrendGroup]

    @classmethod
    def of(cls, p: TrendPoint) -> TalentTrendPoint:
        return cls(
            year=p.year, skilled=p.skilled, high_skilled=p.high_skilled,
            new_skilled=p.new_skilled, new_high_skilled=p.new_high_skilled,
            certificates_issued=p.certificates_issued, suppressed=p.suppressed,
            groups=[TalentTrendGroup.of(g) for g in p.groups],
        )  # fmt: skip


@strawberry.type(description="A 2025 target of the plan and where the region stands.")
class TargetProgress:
    code: str
    name: str
    target: float
    unit: str
    comparator: str
    year: int
    actual: float | None
    ratio: float | None = strawberry.field(description="actual / target.")
    met: bool | None = strawberry.field(
        description="Null where the target is the province's and the region is smaller."
    )
    note: str | None
    projected: float | None = strawberry.field(
        description=(
            "The figure expected at the end of the target's year at the pace of the last "
            "complete years (projectionMethod says how); null where the data are too thin "
            "(note says why)."
        )
    )
    on_track: bool | None = strawberry.field(
        description="Whether the projected figure meets the target; null as met is."
    )
    projection_method: str | None

    @classmethod
    def of(cls, p: Progress) -> TargetProgress:
        return cls(
            code=p.code, name=p.name, target=p.target, unit=p.unit, comparator=p.comparator,
            year=p.year, actual=p.actual, ratio=p.ratio, met=p.met, note=p.note,
            projected=p.projected, on_track=p.on_track, projection_method=p.projection_method,
        )  # fmt: skip


@strawberry.type
class PlanProgress:
    region_code: str
    targets: list[TargetProgress]


@strawberry.type(description="A certificate: an occupation at a level, or a 专项.")
class Certificate:
    certificate_no: str
    evaluation: str = strawberry.field(description="QUALIFICATION, SKILL_LEVEL or SPECIAL_ABILITY.")
    level_code: str | None
    occupation_id: str | None
    specialty_id: str | None
    series_code: str
    region_code: str
    issued_on: str
    employer: str | None
    status: str = strawberry.field(description="VALID or REVOKED.")
    revoked_on: str | None = strawberry.field(
        description="The day it was revoked (ISO date), where known."
    )

    @classmethod
    def of(cls, c: CertificateRecord) -> Certificate:
        return cls(
            certificate_no=c.no, evaluation=c.kind, level_code=c.level,
            occupation_id=c.occupation, specialty_id=c.specialty, series_code=c.series,
            region_code=c.region, issued_on=c.issued_on, employer=c.employer, status=c.status,
            revoked_on=c.revoked_on,
        )  # fmt: skip

    @strawberry.field
    async def level(self, info: Info[Context, None]) -> SkillLevel | None:
        if self.level_code is None:
            return None
        record = await info.context.loaders.skill_level.load(self.level_code)
        return SkillLevel.of(record) if record else None

    @strawberry.field
    async def occupation(self, info: Info[Context, None]) -> Occupation | None:
        if self.occupation_id is None:
            return None
        record = await info.context.loaders.occupation.load(self.occupation_id)
        if record is None:
            return None
        return Occupation.of(record, await info.context.loaders.catalogue.load(CATALOGUE_TOP))

    @strawberry.field
    async def specialty(self, info: Info[Context, None]) -> Specialty | None:
        if self.specialty_id is None:
            return None
        record = await info.context.loaders.specialty.load(self.specialty_id)
        if record is None:
            return None
        return Specialty.of(record, await info.context.loaders.catalogue.load(CATALOGUE_TOP))

    @strawberry.field
    async def series(self, info: Info[Context, None]) -> Series | None:
        record = await info.context.loaders.series.load(self.series_code)
        return Series.of(record) if record else None

    @strawberry.field
    async def region(self, info: Info[Context, None]) -> Region | None:
        record = await info.context.loaders.region.load(self.region_code)
        return Region.of(record) if record else None


@strawberry.type(description="A worker's record (officers only). The ID number is never shown.")
class Worker:
    masked_id: str
    name: str
    birth_year: int
    sex: str
    certificates: list[Certificate]
    highest_level_code: str | None
    county_codes: list[str]

    @classmethod
    def of(cls, p: PersonRecord) -> Worker:
        levels = [c.level for c in p.certificates if c.level and c.status == VALID]
        return cls(
            masked_id=p.masked,
            name=p.name,
            birth_year=p.birth_year,
            sex=p.sex,
            certificates=[Certificate.of(c) for c in p.certificates],
            highest_level_code=max(levels, key=LEVEL_RANK.__getitem__) if levels else None,
            county_codes=sorted({c.region for c in p.certificates}),
        )

    @strawberry.field(description="The highest level of a valid occupational certificate.")
    async def highest_level(self, info: Info[Context, None]) -> SkillLevel | None:
        if self.highest_level_code is None:
            return None
        record = await info.context.loaders.skill_level.load(self.highest_level_code)
        return SkillLevel.of(record) if record else None

    @strawberry.field(description="The counties where the worker's certificates were issued.")
    async def counties(self, info: Info[Context, None]) -> list[Region]:
        records = await info.context.loaders.region.load_many(self.county_codes)
        return [Region.of(r) for r in records if r is not None]


@strawberry.type(description="A signed code a worker shows an employer; it expires.")
class CredentialCode:
    code: str
    expires_at: datetime
    certificate_nos: list[str]


@strawberry.type(description="What a credential code vouches for, or why it does not.")
class CredentialVerification:
    valid: bool
    reason: str | None = strawberry.field(
        description="Why not: TAMPERED, EXPIRED, REVOKED, UNKNOWN or MALFORMED, with details."
    )
    masked_name: str | None
    certificates: list[Certificate]

    @classmethod
    def of(cls, v: Verification) -> CredentialVerification:
        return cls(
            valid=v.valid,
            reason=v.reason,
            masked_name=v.masked_name,
            certificates=[Certificate.of(c) for c in v.certificates],
        )


@strawberry.type(description="Who imported, revoked, looked up or issued what, and when.")
class WorkerAuditEntry:
    id: strawberry.ID
    at: str
    actor: str
    action: str = strawberry.field(
        description="IMPORT, REVOKE, READ (a worker looked up) or ISSUE_CREDENTIAL."
    )
    entity: str = strawberry.field(description="Certificate or Person.")
    entity_id: str = strawberry.field(
        description="A file name, a certificate number or a masked ID number."
    )
    change: str = strawberry.field(description="Details (JSON).")
