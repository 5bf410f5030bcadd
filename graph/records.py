"""Plain records the repositories return; the GraphQL layer maps them to its types."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class IndustryRecord:
    code: str
    number: str
    name: str
    focus: str
    declared_series_count: int
    declared_occupation_count: int
    declared_specialty_count: int


@dataclass(frozen=True, slots=True)
class SeriesRecord:
    code: str
    number: int
    name: str
    definition: str
    industry_code: str
    declared_occupation_count: int
    declared_specialty_count: int
    listed_occupation_count: int
    listed_specialty_count: int
    source: str | None


@dataclass(frozen=True, slots=True)
class Membership:
    series_code: str
    work_types: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OccupationRecord:
    id: str
    name: str
    work_types: tuple[str, ...]
    memberships: tuple[Membership, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class OriginRecord:
    region_code: str
    basis: str


@dataclass(frozen=True, slots=True)
class SpecialtyRecord:
    id: str
    name: str
    series_code: str
    origins: tuple[OriginRecord, ...]


@dataclass(frozen=True, slots=True)
class RegionRecord:
    code: str
    name: str
    level: str
    parent_code: str | None
    designations: tuple[str, ...]
    latitude: float | None = None  # the seat's, in degrees (seeds/region_seats.yaml)
    longitude: float | None = None


@dataclass(frozen=True, slots=True)
class DesignationRecord:
    code: str
    name: str
    valid_from: str
    valid_to: str | None
    source: str | None
    note: str | None
    member_count: int


@dataclass(frozen=True, slots=True)
class SkillLevelRecord:
    code: str
    rank: int
    name: str
    national_grade: str | None


@dataclass(frozen=True, slots=True)
class EvaluationKindRecord:
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class FindingRecord:
    id: str
    kind: str
    subject: str
    declared: int | None
    actual: int | None
    message: str


@dataclass(frozen=True, slots=True)
class TargetRecord:
    code: str
    name: str
    value: float
    unit: str
    comparator: str
    year: int
    quote: str


@dataclass(frozen=True, slots=True)
class TrainingPlanRecord:
    code: str
    name: str
    industry_code: str
    focus: str
    quote: str


@dataclass(frozen=True, slots=True)
class MeasureRecord:
    code: str
    part: str
    title: str
    departments: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Page[T]:
    """One page of an ordered result, with the size of the whole result."""

    total: int
    offset: int
    items: tuple[T, ...]


def page_of(rows: list[dict[str, Any]], offset: int) -> Page[str]:
    """The page a search statement answered (``total`` and ``page`` columns).

    FalkorDB answers no row at all, rather than a row of zero, when a label does not exist
    yet (no base loaded, say): that is an empty page too.
    """
    if not rows:
        return Page(total=0, offset=offset, items=())
    return Page(total=rows[0]["total"], offset=offset, items=text_tuple(rows[0]["page"]))


def text_tuple(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if value else ()


@dataclass(frozen=True, slots=True)
class StepRuleRecord:
    """One application condition (申报条件): from a level held (None: none) to a higher one.

    The career engine computes with these records as they are read (it names them StepRule).
    ``min_years`` None: no fixed period. ``educations``: any of them satisfies the clause;
    empty: it needs none. ``route``: a route rewarding merit instead of time (direct
    recognition, competitions), never part of the main path. ``note``: what is ours, when
    ``assumption``.
    """

    code: str
    from_level: str | None
    to_level: str
    min_years: int | None
    condition: str
    source: str
    educations: frozenset[str] = frozenset()
    route: str | None = None
    assumption: bool = False
    note: str | None = None


@dataclass(frozen=True, slots=True, order=True)
class RelationRecord:
    """Why two occupations are related: a work family (WORK_FAMILY) or a named pair (PAIR)."""

    kind: str
    reason: str
    source: str


@dataclass(frozen=True, slots=True)
class EducationRecord:
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class BaseRecord:
    """A training base or other training resource: as the store holds it, and as the bases
    import and the mutations write it (graph/bases.py)."""

    id: str
    name: str
    kind: str
    level: str | None
    region_code: str
    series_codes: tuple[str, ...]
    designated_year: int | None
    capacity: int | None
    status: str


@dataclass(frozen=True, slots=True)
class OccupationTerms:
    """What occupation search matches: an occupation's names and the series it is in."""

    id: str
    name: str
    work_types: tuple[str, ...]
    synonyms: tuple[str, ...]
    series: tuple[str, ...]
