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
from zhepai.schema.enums import (
    AuditEntity,
    CertificateStatus,
    EvaluationCode,
    VerificationReason,
    WorkerAuditAction,
)
from zhepai.schema.ladder.types import SkillLevel
from zhepai.schema.regions.types import Region


@strawberry.type(description="One group of a statistics table; null counts are withheld.")
class TalentGroup:
    key: list[str] = strawberry.field(description="The codes of the group, one per groupBy.")
    label: list[str] = strawberry.field(description="Their names, in the same order.")
    skilled: int | None = strawberry.field(description="Skilled persons.")
    high_skilled: int | None = strawberry.field(description="High-skilled persons.")
    certificates: int | None = strawberry.field(description="Valid certificates.")
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
    region_code: str = strawberry.field(description="The region counted.")
    skilled: int | None = strawberry.field(description="Skilled persons.")
    high_skilled: int | None = strawberry.field(description="High-skilled persons.")
    certificates: int | None = strawberry.field(description="Valid certificates.")
    suppressed: bool = strawberry.field(description="True when a count is withheld.")
    groups: list[TalentGroup] = strawberry.field(
        description="One row per group of groupBy; none without groupBy."
    )

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
    suppressed: bool = strawberry.field(description="True when a count is withheld.")

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
    year: int = strawberry.field(description="The year.")
    skilled: int | None = strawberry.field(description="Skilled persons at the year's end.")
    high_skilled: int | None = strawberry.field(
        description="High-skilled persons at the year's end."
    )
    new_skilled: int | None = strawberry.field(
        description="Persons who became skilled in the year."
    )
    new_high_skilled: int | None = strawberry.field(
        description="Persons who became high-skilled in the year."
    )
    certificates_issued: int | None = strawberry.field(
        description="Certificates issued in the year."
    )
    suppressed: bool = strawberry.field(
        description="True when a count of the year or of a group is withheld."
    )
    groups: list[TalentTrendGroup] = strawberry.field(description="The groups' year-end figures.")

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
    code: str = strawberry.field(description="The target's code.")
    name: str = strawberry.field(description="What it measures (Chinese).")
    target: float = strawberry.field(description="The target figure.")
    unit: str = strawberry.field(description="The figure's unit.")
    comparator: str = strawberry.field(description="How the actual figure is compared (e.g. >=).")
    year: int = strawberry.field(description="The year it is due.")
    actual: float | None = strawberry.field(
        description="The figure now; null where it cannot be measured."
    )
    ratio: float | None = strawberry.field(description="The actual figure / the target.")
    met: bool | None = strawberry.field(
        description="Null where the target is the province's and the region is smaller."
    )
    note: str | None = strawberry.field(
        description="How the figure was reached, or why it is missing."
    )
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
    projection_method: str | None = strawberry.field(description="How projected was computed.")
    applies_to_region: bool = strawberry.field(
        description=(
            "Whether the target is the region's own: every target for the province, a ratio "
            "target for any region; a count target of the province is shown to a city or a "
            "county for scale only (met and onTrack null)."
        )
    )

    @classmethod
    def of(cls, p: Progress) -> TargetProgress:
        return cls(
            code=p.code, name=p.name, target=p.target, unit=p.unit, comparator=p.comparator,
            year=p.year, actual=p.actual, ratio=p.ratio, met=p.met, note=p.note,
            projected=p.projected, on_track=p.on_track, projection_method=p.projection_method,
            applies_to_region=p.applies,
        )  # fmt: skip


@strawberry.type(description="Where a region stands against the plan's targets.")
class PlanProgress:
    region_code: str = strawberry.field(description="The region measured.")
    targets: list[TargetProgress] = strawberry.field(
        description="Each target, with where the region stands."
    )


@strawberry.type(description="A certificate: an occupation at a level, or a 专项.")
class Certificate:
    certificate_no: str = strawberry.field(description="Its number.")
    evaluation: EvaluationCode = strawberry.field(description="The kind of evaluation.")
    level_code: str | None = strawberry.field(description="The level's code; null for a 专项.")
    occupation_id: str | None = strawberry.field(description="The occupation; null for a 专项.")
    specialty_id: str | None = strawberry.field(description="The 专项; null for an occupation.")
    series_code: str = strawberry.field(description="The series it belongs to.")
    region_code: str = strawberry.field(description="The county where it was issued.")
    issued_on: str = strawberry.field(description="The day it was issued (ISO date).")
    employer: str | None = strawberry.field(description="The employer at issue, where known.")
    status: CertificateStatus = strawberry.field(description="Whether it stands.")
    revoked_on: str | None = strawberry.field(
        description="The day it was revoked (ISO date), where known."
    )

    @classmethod
    def of(cls, c: CertificateRecord) -> Certificate:
        return cls(
            certificate_no=c.no, evaluation=EvaluationCode(c.kind), level_code=c.level,
            occupation_id=c.occupation, specialty_id=c.specialty, series_code=c.series,
            region_code=c.region, issued_on=c.issued_on, employer=c.employer,
            status=CertificateStatus(c.status),
            revoked_on=c.revoked_on,
        )  # fmt: skip

    @strawberry.field(description="The level; null for a 专项.")
    async def level(self, info: Info[Context, None]) -> SkillLevel | None:
        if self.level_code is None:
            return None
        record = await info.context.loaders.skill_level.load(self.level_code)
        return SkillLevel.of(record) if record else None

    @strawberry.field(description="The occupation; null for a 专项.")
    async def occupation(self, info: Info[Context, None]) -> Occupation | None:
        if self.occupation_id is None:
            return None
        record = await info.context.loaders.occupation.load(self.occupation_id)
        if record is None:
            return None
        return Occupation.of(record, await info.context.loaders.catalogue.load(CATALOGUE_TOP))

    @strawberry.field(description="The 专项; null for an occupation.")
    async def specialty(self, info: Info[Context, None]) -> Specialty | None:
        if self.specialty_id is None:
            return None
        record = await info.context.loaders.specialty.load(self.specialty_id)
        if record is None:
            return None
        return Specialty.of(record, await info.context.loaders.catalogue.load(CATALOGUE_TOP))

    @strawberry.field(description="The series it belongs to.")
    async def series(self, info: Info[Context, None]) -> Series | None:
        record = await info.context.loaders.series.load(self.series_code)
        return Series.of(record) if record else None

    @strawberry.field(description="The county where it was issued.")
    async def region(self, info: Info[Context, None]) -> Region | None:
        record = await info.context.loaders.region.load(self.region_code)
        return Region.of(record) if record else None


@strawberry.type(description="A worker's record (officers only). The ID number is never shown.")
class Worker:
    masked_id: str = strawberry.field(description="The ID number, masked.")
    name: str = strawberry.field(description="The worker's name.")
    birth_year: int = strawberry.field(description="The year of birth.")
    sex: str = strawberry.field(description="As recorded.")
    certificates: list[Certificate] = strawberry.field(
        description="Every certificate, revoked ones too."
    )
    highest_level_code: str | None = strawberry.field(description="The highest level's code.")
    county_codes: list[str] = strawberry.field(
        description="The counties where the certificates were issued."
    )

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
    code: str = strawberry.field(description="The code to show (signed text).")
    expires_at: datetime = strawberry.field(description="When it stops verifying.")
    certificate_nos: list[str] = strawberry.field(description="The certificates it vouches for.")


@strawberry.type(description="What a credential code vouches for, or why it does not.")
class CredentialVerification:
    valid: bool = strawberry.field(description="True when the code vouches for its certificates.")
    reason: str | None = strawberry.field(
        description="Why not: TAMPERED, EXPIRED, REVOKED, UNKNOWN or MALFORMED, with details."
    )
    masked_name: str | None = strawberry.field(description="The holder's name, masked.")
    certificates: list[Certificate] = strawberry.field(
        description="The certificates the code names, where they could be read."
    )

    @strawberry.field(description="Why not, as a code: reason without its details.")
    def reason_code(self) -> VerificationReason | None:
        return None if self.reason is None else VerificationReason(self.reason.split(":")[0])

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
    id: strawberry.ID = strawberry.field(description="The entry's id.")
    at: str = strawberry.field(description="When (ISO timestamp, UTC).")
    actor: str = strawberry.field(description="Who did it.")
    action: WorkerAuditAction = strawberry.field(description="What was done.")
    entity: AuditEntity = strawberry.field(description="What it was done to.")
    entity_id: str = strawberry.field(
        description="A file name, a certificate number or a masked ID number."
    )
    change: str = strawberry.field(description="Details (JSON).")
