"""How many items each list field of the schema may return: the table the cost estimate
(schema/complexity.py) multiplies by, so that its 10,000-object limit holds.

A size is one of

* ``Most(each)``: at most ``each`` items in one list; ``Most(each, together)`` adds that the
  lists of all the items of one parent list hold at most ``together`` items between them (the
  36 series hold 901 occupations in all, though one holds 102);
* ``Asked(argument, default)``: as many as the field's own argument asks (``first``,
  ``last``), priced as asked before any cap, so that ``first: 1000000`` is refused rather than
  quietly served; ``parent=True`` reads the argument of the field above (coverageSuggest's
  ``count``);
* ``Grouped()``: talent groups, the product of the dimensions ``groupBy`` names;
* ``Years()``: a talent trend's points, one a year from ``fromYear`` to ``toYear``;
* ``Edges()``: a connection's edges, the page its ``first`` counted.

The catalogue's numbers are those of the seeds (tests/test_sizes.py checks each against the
seeded store); the others are bounds the code enforces (a page, the bases per career step)
or, where nothing enforces one, a bound stated here (a worker's certificates). Lists of
scalars cost nothing and need no size.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from math import prod
from typing import Any

from zhepai.domain.talent.cells import BUCKETS
from zhepai.domain.talent.stats import Dimension
from zhepai.schema.pagination import DEFAULT_PAGE

# The regions and the catalogue, as seeded.
COUNTIES = 90
CITIES = 11
REGIONS = 102  # the province, its cities and counties
SERIES = 36
INDUSTRIES = 3
LEVELS = 8
PAIRS = COUNTIES * SERIES  # county × series: the coverage matrix, every gap there can be

# A bound nothing enforces: workers are imported, and a worker may hold a certificate for
# each level of several occupations; the synthetic data gives nobody more than four.
CERTIFICATES_PER_WORKER = 30
# FieldError lists: a problem per input field, and the validation's own messages.
FIELD_ERRORS = 20
# A career path climbs the eight levels (a new start may climb again from the bottom), with
# a transfer for each hop between related occupations.
STEPS_PER_PATH = 2 * LEVELS
# Three other shapes, then one faster path per merit route (direct recognition, competition).
ALTERNATIVES = 3 + 2
# schema/context.py's BASES_PER_STEP (which imports the limits, so not from there)
BASES_PER_STEP = 10
# schema/coverage/types.py's BASES_PER_PAIR: the bases an under-served pair lists
BASES_PER_PAIR = 20
# domain/talent/trend.py's MAX_YEARS: the points of one talent trend
TREND_YEARS = 40
# Every move up the ladder, in the own occupation or one of its related ones (8 at most).
NEXT_STEPS = LEVELS * (1 + 8)


@dataclass(frozen=True, slots=True)
class Most:
    each: int
    together: int | None = None


@dataclass(frozen=True, slots=True)
class Asked:
    argument: str
    default: int
    parent: bool = False


@dataclass(frozen=True, slots=True)
class Grouped:
    """TalentStats.groups: one group per combination of the ``groupBy`` dimensions' values;
    a county fixes its city and a series its industry."""

    argument: str = "groupBy"
    parent: bool = True


@dataclass(frozen=True, slots=True)
class Years:
    """talentTrend's points: one a year, ``fromYear`` to ``toYear`` as asked."""

    most: int = TREND_YEARS


@dataclass(frozen=True, slots=True)
class Edges:
    """A connection's edges: the page its ``first`` already counted."""


Size = Most | Asked | Grouped | Years | Edges

_DIMENSION_VALUES = {
    Dimension.CITY: CITIES,
    Dimension.COUNTY: COUNTIES,
    Dimension.INDUSTRY: INDUSTRIES,
    Dimension.SERIES: SERIES,
    Dimension.LEVEL: len(BUCKETS),
}
_IMPLIED = {Dimension.CITY: Dimension.COUNTY, Dimension.INDUSTRY: Dimension.SERIES}

_PAGE = Asked("first", DEFAULT_PAGE)
_AUDIT = Asked("last", 50)

SIZES: dict[str, Size] = {
    # connections: a page of `first`; its edges are that page
    "Query.bases": _PAGE,
    "Query.coverageGaps": _PAGE,
    "Query.occupations": _PAGE,
    "Query.specialties": _PAGE,
    "BaseConnection.edges": Edges(),
    "CoverageGapConnection.edges": Edges(),
    "OccupationConnection.edges": Edges(),
    "SpecialtyConnection.edges": Edges(),
    "Query.baseAudit": _AUDIT,
    "Query.workerAudit": _AUDIT,
    # the catalogue and the regions
    "Query.industries": Most(INDUSTRIES),
    "Query.seriesList": Most(SERIES),
    "Industry.series": Most(16, SERIES),
    "Series.occupations": Most(102, 901),
    "Series.specialties": Most(24, 116),
    "Occupation.memberships": Most(3, 901),
    "Occupation.series": Most(3, 901),
    "Specialty.origins": Most(1, 116),
    "Specialty.originRegions": Most(1, 116),
    "Query.regions": Most(REGIONS),
    "Region.children": Most(13, REGIONS - 1),
    "Query.designations": Most(2),
    "Query.skillLevels": Most(LEVELS),
    "Query.educations": Most(6),
    "Query.evaluationKinds": Most(3),
    "Query.dataQuality": Most(19),
    "Plan.targets": Most(10),
    "Plan.trainingPlans": Most(3),
    "Plan.measures": Most(11),
    "PlanProgress.targets": Most(10),
    # careers
    "Query.nextSteps": Most(NEXT_STEPS),
    "CareerPath.steps": Most(STEPS_PER_PATH),
    "CareerPath.alternatives": Most(ALTERNATIVES),
    "CareerStep.trainingBases": Most(BASES_PER_STEP),
    # bases and coverage
    "Base.series": Most(SERIES),
    "BasePayload.errors": Most(FIELD_ERRORS),
    "CoverageMatrix.rows": Most(COUNTIES),
    "CoverageMatrix.series": Most(SERIES),
    "CoverageRow.cells": Most(SERIES, PAIRS),
    "CoverageGap.demandFactors": Most(7),  # the seven weighed terms of a gap's demand
    "CoverageUnderServed.pairs": Asked("first", DEFAULT_PAGE, parent=True),
    "UnderServedPair.bases": Most(BASES_PER_PAIR),
    "WhatIf.closed": Most(PAIRS),
    "CoverageSuggestion.proposals": Asked("count", 1, parent=True),
    # a proposal closes gaps of its series; those of one suggestion are distinct gaps
    "BaseProposal.closes": Most(COUNTIES, PAIRS),
    # workers
    "TalentStats.groups": Grouped(),
    "Query.talentTrend": Years(),
    "TalentTrendPoint.groups": Grouped(),
    "Worker.certificates": Most(CERTIFICATES_PER_WORKER),
    "Worker.counties": Most(CERTIFICATES_PER_WORKER),
    "CredentialVerification.certificates": Most(CERTIFICATES_PER_WORKER),
    "RevokePayload.errors": Most(FIELD_ERRORS),
}
# What a list field missing from the table is priced at (tests/test_sizes.py keeps the
# table whole).
UNKNOWN = Most(100)


def items(size: Size, own: Mapping[str, Any], parent: Mapping[str, Any]) -> Most:
    """At most how many items, given the field's arguments and its parent field's."""
    if isinstance(size, Most):
        return size
    if isinstance(size, Edges):
        return Most(1)
    if isinstance(size, Years):
        first, last = own.get("fromYear"), own.get("toYear")
        if not isinstance(first, int) or not isinstance(last, int):
            return Most(size.most)  # refused later as bad input
        return Most(max(0, last - first + 1))
    given = (parent if size.parent else own).get(size.argument)
    if isinstance(size, Asked):
        if not isinstance(given, int) or isinstance(given, bool) or given < 0:
            return Most(size.default)  # absent, or refused later as bad input
        return Most(given)
    values = (given,) if isinstance(given, str) else given if isinstance(given, tuple) else ()
    dimensions = {Dimension(v) for v in values if isinstance(v, str) and v in Dimension.__members__}
    kept = [d for d in dimensions if _IMPLIED.get(d) not in dimensions]
    return Most(prod(_DIMENSION_VALUES[d] for d in kept))


def reads_parent(size: Size) -> bool:
    return isinstance(size, Asked | Grouped) and size.parent
