"""The shape of every seed file, validated with pydantic before anything is written."""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

IndustryCode = Literal["PRIMARY", "SECONDARY", "TERTIARY"]
RegionLevel = Literal["PROVINCE", "CITY", "COUNTY"]

_REGION_CODE = re.compile(r"^33\d{4}$")


class Seed(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Source(Seed):
    """Where a seed file's facts come from."""

    model_config = ConfigDict(extra="allow", frozen=True)
    document: str
    file: str | None = None
    line: int | None = None
    part: str | None = None
    note: str | None = None


class Declared(Seed):
    series: int | None = None
    occupations: int = Field(ge=0)
    specialties: int = Field(ge=0)
    industries: int | None = None


class Industry(Seed):
    code: IndustryCode
    number: str
    name: str
    focus: str
    declared: Declared
    source: str | None = None


class IndustriesFile(Seed):
    source: Source
    catalogue_declared: Declared = Field(alias="catalogueDeclared")
    industries: list[Industry] = Field(min_length=1)


class OccupationEntry(Seed):
    id: str = Field(pattern=r"^OCC-\d{4}$")
    name: str = Field(min_length=1)
    work_types: list[str] = Field(default_factory=list, alias="workTypes")


class OriginRegion(Seed):
    code: str
    basis: str

    @field_validator("code")
    @classmethod
    def _zhejiang(cls, value: str) -> str:
        if not _REGION_CODE.match(value):
            raise ValueError(f"{value!r} is not a six-digit Zhejiang region code")
        return value


class SpecialtyEntry(Seed):
    id: str = Field(pattern=r"^SPC-\d{3}$")
    name: str = Field(min_length=1)
    origin_regions: list[OriginRegion] = Field(default_factory=list, alias="originRegions")


class SeriesEntry(Seed):
    code: str = Field(pattern=r"^\d{2}$")
    name: str
    industry: IndustryCode
    definition: str
    declared: Declared
    source: str | None = None
    occupations: list[OccupationEntry]
    specialties: list[SpecialtyEntry]


class Anomaly(Seed):
    kind: str
    subject: str
    message: str


class CatalogueFile(Seed):
    source: Source
    series: list[SeriesEntry] = Field(min_length=1)
    anomalies: list[Anomaly] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent_ids(self) -> CatalogueFile:
        """One id, one name: an occupation listed in several series must keep its id."""
        seen: dict[str, str] = {}
        names: dict[str, str] = {}
        spc: dict[str, str] = {}
        for s in self.series:
            for o in s.occupations:
                if seen.setdefault(o.id, o.name) != o.name:
                    raise ValueError(
                        f"series {s.code}: id {o.id} names both {seen[o.id]} and {o.name}"
                    )
                if names.setdefault(o.name, o.id) != o.id:
                    raise ValueError(f"series {s.code}: occupation {o.name} has two ids")
            for sp in s.specialties:
                if sp.id in spc:
                    raise ValueError(f"series {s.code}: specialty id {sp.id} used twice")
                spc[sp.id] = sp.name
        codes = [s.code for s in self.series]
        if len(set(codes)) != len(codes):
            raise ValueError("series codes repeat")
        return self


class RegionEntry(Seed):
    code: str
    name: str
    level: RegionLevel
    parent: str | None = None

    @field_validator("code", "parent")
    @classmethod
    def _zhejiang(cls, value: str | None) -> str | None:
        if value is not None and not _REGION_CODE.match(value):
            raise ValueError(f"{value!r} is not a six-digit Zhejiang region code")
        return value


class RegionsFile(Seed):
    source: Source
    regions: list[RegionEntry] = Field(min_length=1)

    @model_validator(mode="after")
    def _tree(self) -> RegionsFile:
        by_code = {r.code: r for r in self.regions}
        if len(by_code) != len(self.regions):
            raise ValueError("region codes repeat")
        parent_level = {"CITY": "PROVINCE", "COUNTY": "CITY"}
        for r in self.regions:
            if r.level == "PROVINCE":
                if r.parent is not None:
                    raise ValueError(f"region {r.code}: the province has no parent")
                continue
            parent = by_code.get(r.parent or "")
            if parent is None or parent.level != parent_level[r.level]:
                raise ValueError(
                    f"region {r.code}: parent {r.parent} is not a {parent_level[r.level]}"
                )
        return self


class Seat(Seed):
    """Where a region's seat lies (region_seats.yaml), in degrees."""

    code: str
    name: str
    latitude: float = Field(ge=27.0, le=31.5)  # Zhejiang's extent, with a margin
    longitude: float = Field(ge=118.0, le=123.2)
    source: str
    approximate: bool = False
    note: str | None = None

    @model_validator(mode="after")
    def _approximation_says_how(self) -> Seat:
        if self.approximate and not self.note:
            raise ValueError(f"seat {self.code}: an approximate point needs a note saying how")
        return self


class SeatsFile(Seed):
    source: Source
    seats: list[Seat] = Field(min_length=1)


class Designation(Seed):
    code: str = Field(pattern=r"^[A-Z][A-Z0-9_]+$")
    name: str
    valid_from: date = Field(alias="validFrom")
    valid_to: date | None = Field(default=None, alias="validTo")
    source: str | None = None
    note: str | None = None
    members: list[str] = Field(min_length=1)


class DesignationsFile(Seed):
    source: Source
    designations: list[Designation]


class Level(Seed):
    code: str
    rank: int = Field(ge=1, le=8)
    name: str
    national_grade: str | None = Field(default=None, alias="nationalGrade")


class EvaluationKind(Seed):
    code: str
    name: str


class LadderFile(Seed):
    source: Source
    levels: list[Level] = Field(min_length=8, max_length=8)
    evaluation_kinds: list[EvaluationKind] = Field(alias="evaluationKinds")

    @model_validator(mode="after")
    def _ranks(self) -> LadderFile:
        if sorted(level.rank for level in self.levels) != list(range(1, 9)):
            raise ValueError("levels must have ranks 1 to 8, once each")
        return self


class Target(Seed):
    code: str
    name: str
    value: float
    unit: str
    comparator: str
    year: int
    quote: str


class TrainingPlan(Seed):
    code: str
    name: str
    industry: IndustryCode
    focus: str
    quote: str


class Measure(Seed):
    code: str
    part: str
    title: str
    departments: list[str]


class PlanFile(Seed):
    source: Source
    targets: list[Target]
    training_plans: list[TrainingPlan] = Field(alias="trainingPlans")
    measures: list[Measure]


class Education(Seed):
    code: str = Field(pattern=r"^[A-Z][A-Z0-9_]+$")
    name: str


class RuleDocument(Seed):
    """A document career rules cite; ``note`` says what its clause texts were taken from."""

    title: str
    issuer: str
    note: str | None = None
    file: str | None = None
    line: int | None = None


class StepRule(Seed):
    """One clause of the 申报条件 (or of the notice): a step from a level held to a higher one."""

    code: str = Field(pattern=r"^[A-Z][A-Z0-9_]+$")
    from_level: str | None = Field(alias="from")
    to_level: str = Field(alias="to")
    min_years: int | None = Field(alias="minYears", ge=0)
    educations: list[str] = Field(default_factory=list)
    route: Literal["DIRECT_RECOGNITION", "COMPETITION"] | None = None
    condition: str = Field(min_length=1)
    document: str
    clause: str = Field(min_length=1)
    assumption: bool = False
    note: str | None = None

    @model_validator(mode="after")
    def _assumption_explained(self) -> StepRule:
        if self.assumption and not self.note:
            raise ValueError(f"rule {self.code}: an assumption needs a note saying what is ours")
        return self


class CareerRulesFile(Seed):
    source: Source
    documents: dict[str, RuleDocument]
    educations: list[Education]
    rules: list[StepRule] = Field(min_length=1)

    @model_validator(mode="after")
    def _known_references(self) -> CareerRulesFile:
        known = {e.code for e in self.educations}
        codes = [r.code for r in self.rules]
        if len(set(codes)) != len(codes):
            raise ValueError("rule codes must be unique")
        for r in self.rules:
            if r.document not in self.documents:
                raise ValueError(f"rule {r.code}: unknown document {r.document}")
            for education in r.educations:
                if education not in known:
                    raise ValueError(f"rule {r.code}: unknown education {education}")
        return self

    def source_of(self, rule: StepRule) -> str:
        """The document and clause a rule cites, as the API shows them."""
        return f"《{self.documents[rule.document].title}》 {rule.clause}"


class Member(Seed):
    id: str = Field(pattern=r"^OCC-\d{4}$")
    name: str


class WorkFamily(Seed):
    """Occupations related to each other for one stated reason."""

    code: str = Field(pattern=r"^[A-Z][A-Z0-9_]+$")
    name: str
    members: list[Member] = Field(min_length=2)
    reason: str = Field(min_length=1)
    source: str = Field(min_length=1)
    assumption: bool = False


class RelatedPair(Seed):
    a: Member
    b: Member
    reason: str = Field(min_length=1)
    source: str = Field(min_length=1)
    assumption: bool = False


class RelatednessFile(Seed):
    source: Source
    families: list[WorkFamily] = Field(default_factory=list)
    pairs: list[RelatedPair] = Field(default_factory=list)


class Synonym(Seed):
    """An everyday name people search for, and the occupation (by its printed name) it means."""

    term: str = Field(min_length=1, pattern=r"^\S+$")
    occupation: str = Field(min_length=1)
    reason: str = Field(min_length=1)
    source: str | None = None


class SynonymsFile(Seed):
    source: Source
    synonyms: list[Synonym] = Field(default_factory=list)

    @model_validator(mode="after")
    def _each_pair_once(self) -> SynonymsFile:
        pairs = [(s.term, s.occupation) for s in self.synonyms]
        if len(set(pairs)) != len(pairs):
            raise ValueError("a term is listed twice for the same occupation")
        return self
