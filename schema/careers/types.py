"""GraphQL types of career paths on the 新八级 ladder."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

import strawberry

from zhepai.domain.careers.engine import CareerPath as PathResult
from zhepai.domain.careers.engine import Position as EnginePosition
from zhepai.domain.careers.engine import Relation as RelationRecord
from zhepai.domain.careers.engine import Step
from zhepai.domain.careers.personal import Answer
from zhepai.domain.catalogue.service import CatalogueTop
from zhepai.domain.coverage.model import CoverageModel
from zhepai.graph.records import SkillLevelRecord
from zhepai.schema.bases.types import Base
from zhepai.schema.catalogue.types import Occupation
from zhepai.schema.context import BASES_PER_STEP
from zhepai.schema.enums import RelationKind, SkillLevelCode, StepKind
from zhepai.schema.ladder.types import SkillLevel


@strawberry.input(description="An occupation and a level; level null means no certificate yet.")
class PositionInput:
    occupation_id: strawberry.ID = strawberry.field(description="The occupation, e.g. OCC-0461.")
    level: SkillLevelCode | None = strawberry.field(
        default=None, description="The level held, e.g. SENIOR; null: no certificate yet."
    )
    held_since: datetime.date | None = strawberry.field(
        default=None,
        description=(
            "When the level held was certified (取证时间). Without yearsWorked, the worker is "
            "taken to have worked in the occupation or a related one ever since."
        ),
    )
    years_worked: int | None = strawberry.field(
        default=None,
        description=(
            "Years worked in this occupation or a related one (从业年限): since heldSince when "
            "a level is held, in all when none. Paths count whole years."
        ),
    )


@strawberry.type(description="Why two occupations are related (相关职业).")
class Relation:
    kind: RelationKind = strawberry.field(
        description="WORK_FAMILY (a curated work family) or PAIR (a named pair)."
    )
    reason: str = strawberry.field(description="Why they are related (Chinese).")
    source: str = strawberry.field(description="The document that relates them.")

    @classmethod
    def of(cls, r: RelationRecord) -> Relation:
        return cls(kind=RelationKind(r.kind), reason=r.reason, source=r.source)


@dataclass(frozen=True, slots=True)
class Kept:
    """What the fields of a path read, awaited once by the query's resolver: the catalogue,
    the ladder, and the kept coverage model with the county to train near. With them at
    hand the fields are plain reads, which the execution completes in place
    (``schema/execution.py``) instead of a loader round and a task each."""

    top: CatalogueTop
    levels: Mapping[str, SkillLevelRecord]
    coverage: CoverageModel | None  # None when no step's trainingBases is asked
    near: str | None  # the region to train near: a county, a city or the province


@strawberry.type(description="An occupation at a level (level null: no certificate in it).")
class Position:
    occupation_id: strawberry.ID = strawberry.field(description="The occupation's id.")
    level_code: str | None = strawberry.field(
        description="The level's code; null: no certificate in the occupation."
    )
    kept: strawberry.Private[Kept]

    @classmethod
    def of(cls, p: EnginePosition, kept: Kept) -> Position:
        return cls(occupation_id=strawberry.ID(p.occupation), level_code=p.level, kept=kept)

    @strawberry.field(description="The occupation.")
    def occupation(self) -> Occupation:
        record = self.kept.top.occupation(str(self.occupation_id))
        assert record is not None, f"path through unknown occupation {self.occupation_id}"
        return Occupation.of(record, self.kept.top)

    @strawberry.field(description="The level; null: no certificate in the occupation.")
    def level(self) -> SkillLevel | None:
        if self.level_code is None:
            return None
        record = self.kept.levels.get(self.level_code)
        return SkillLevel.of(record) if record else None


@strawberry.type(description="One step of a path, with the rule that allows it and its source.")
class CareerStep:
    kind: StepKind = strawberry.field(
        description=(
            "PROMOTION: a higher level on the strength of a certificate held (same or related "
            "occupation); TRANSFER: the same level assessed in a related occupation; ENTRY: a "
            "first certificate, or a new start where the certificate held does not count."
        )
    )
    from_: Position | None = strawberry.field(
        name="from", description="Where the step starts; null when there was no certificate."
    )
    to: Position = strawberry.field(description="Where the step leads.")
    min_years: int | None = strawberry.field(
        description=(
            "The least time the step still takes (time already served deducted on the first "
            "step); null when the rules fix no period."
        )
    )
    rule: str = strawberry.field(description="The condition applied (申报条件 text, Chinese).")
    rule_source: str = strawberry.field(description="The document and clause of the rule.")
    rule_code: str = strawberry.field(description="The rule's code in seeds/career_rules.yaml.")
    relation: Relation | None = strawberry.field(
        description="Why the step's occupation counts; null when the occupation is the same."
    )
    requires_assessment: bool = strawberry.field(
        description="True when the step is an assessment in another occupation."
    )
    kept: strawberry.Private[Kept]

    @classmethod
    def of(cls, step: Step, kept: Kept) -> CareerStep:
        return cls(
            kind=StepKind(step.kind),
            from_=Position.of(step.from_pos, kept) if step.from_pos else None,
            to=Position.of(step.to_pos, kept),
            min_years=step.min_years,
            rule=step.rule,
            rule_source=step.source,
            rule_code=step.rule_code,
            relation=Relation.of(step.relation) if step.relation else None,
            requires_assessment=step.requires_assessment,
            kept=kept,
        )

    @strawberry.field(
        description=(
            "Active bases that train for the step's occupation (a series of it); nearest "
            "first when nearRegionCode is given (great-circle km between seats), then by id."
        )
    )
    def training_bases(self) -> list[Base]:
        # from the kept coverage model (bases by series, seats): only the nearest few bases
        # are ever built into answers
        kept = self.kept
        assert kept.coverage is not None  # awaited when the query asks for this field
        record = kept.top.occupation(str(self.to.occupation_id))
        series = [m.series_code for m in record.memberships] if record else []
        bases = kept.coverage.nearest_bases(series, kept.near, BASES_PER_STEP)
        return [Base.of(b, kept.top) for b in bases]


@strawberry.type(description="The least-time path between two positions, and other shapes.")
class CareerPath:
    reachable: bool = strawberry.field(description="False when no rule leads to the target.")
    total_min_years: int | None = strawberry.field(
        description="The least years the whole path takes; null when a step fixes no period."
    )
    total_is_lower_bound: bool = strawberry.field(
        description=(
            "True when totalMinYears is not a firm figure: a step's rules fix no period (it "
            "may take longer), or direct recognition or a competition among the alternatives "
            "fixes none and could make it shorter."
        )
    )
    steps: list[CareerStep] = strawberry.field(description="The steps, first to last.")
    alternatives: list[CareerPath] = strawberry.field(
        description=(
            "Up to 3 other paths of distinct shape, cheapest first, then the faster routes "
            "with no fixed period (direct recognition, competitions) where they exist."
        )
    )
    reason: str | None = strawberry.field(
        description="Why a target is unreachable, or that it is already held (Chinese)."
    )

    @classmethod
    def of(cls, p: PathResult, kept: Kept) -> CareerPath:
        return cls(
            reachable=p.reachable,
            total_min_years=p.total_min_years,
            total_is_lower_bound=p.total_is_lower_bound,
            steps=[CareerStep.of(s, kept) for s in p.steps],
            alternatives=[CareerPath.of(a, kept) for a in p.alternatives],
            reason=p.reason,
        )


@strawberry.type(description="An education that opens an alternative route (e.g. 技工学校).")
class Education:
    code: str = strawberry.field(description="Its code (for `education`).")
    name: str = strawberry.field(description="What it is (Chinese).")


@strawberry.type(description="Whether a worker may apply for a level now, and from when.")
class Eligibility:
    eligible_now: bool = strawberry.field(description="True when the worker may apply today.")
    eligible_from: datetime.date | None = strawberry.field(
        description="The day the rule's period is complete; null when none is fixed or unmet."
    )
    years_to_wait: float | None = strawberry.field(
        description="Years still to serve (0 when eligible now); null when not admissible."
    )
    rule: str | None = strawberry.field(description="The condition that admits it (Chinese).")
    rule_source: str | None = strawberry.field(description="The document and clause of the rule.")
    missing: list[str] = strawberry.field(
        description="What the worker still lacks besides time, e.g. the certificate below."
    )

    @classmethod
    def of(cls, a: Answer) -> Eligibility:
        return cls(
            eligible_now=a.eligible_now,
            eligible_from=a.eligible_from,
            years_to_wait=a.years_to_wait,
            rule=a.rule,
            rule_source=a.rule_source,
            missing=list(a.missing),
        )
