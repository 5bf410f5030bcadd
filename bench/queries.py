"""The GraphQL documents the benchmark sends, and a client call that insists on no errors.

Each is what a real caller asks: the explorer's heatmap asks the compact matrix rows, its gap
list 30–50 ranked gaps with their explanations, a statistics page the province by city and
level. The cases in ``bench/`` share them so that one query means the same work everywhere.
"""

from __future__ import annotations

from typing import Any

import httpx

SERIES_DETAIL = """
query($code: String!) { series(code: $code) {
  code name definition declaredOccupationCount declaredSpecialtyCount industry { code name }
  occupations { id name workTypes series { code name } }
  specialties { id name originRegions { code name } } } }
"""
SERIES_CODES = ("16", "13", "10", "01", "26")  # big and small series

CAREER_PATH = """
query($from: PositionInput!, $to: PositionInput!) {
  careerPath(from: $from, to: $to) {
    reachable totalMinYears totalIsLowerBound
    steps { kind minYears rule ruleSource to { occupation { id name } level { code } } } } }
"""

# careerPath near a county, with and without the bases to train at for each step (#19: the
# bases may cost at most half again what the path costs)
CAREER_NEAR = """
query($from: PositionInput!, $to: PositionInput!) {
  careerPath(from: $from, to: $to, nearRegionCode: "330824") {
    reachable totalMinYears
    steps { kind minYears to { occupation { id name } level { code } } } } }
"""
CAREER_NEAR_BASES = """
query($from: PositionInput!, $to: PositionInput!) {
  careerPath(from: $from, to: $to, nearRegionCode: "330824") {
    reachable totalMinYears
    steps { kind minYears to { occupation { id name } level { code } }
            trainingBases { id name region { name } } } } }
"""

# The next moves from a position, near a county, with where to train for each (#24).
NEXT_STEPS = """
query($position: PositionInput!) {
  nextSteps(position: $position, nearRegionCode: "330824") {
    kind minYears rule to { occupation { id name } level { code } }
    trainingBases { id name region { name } } } }
"""

COVERAGE_GAPS = """
query { coverageGaps(designation: "MOUNTAIN_26", baseLevels: [COUNTY], first: 50) {
  totalCount edges { node { rank demand county { name } series { name }
                            demandFactors { name value } nearestBase { id name } } } } }
"""

COVERAGE_MATRIX = """
query { coverageMatrix { gapCount pairCount
  rows { county { code name } gapCount cells { seriesCode covered baseCount demand } } } }
"""

COVERAGE_MATRIX_COMPACT = """
query { coverageMatrix { gapCount pairCount seriesCodes
  rows { county { code name } gapCount baseCounts demands } } }
"""

COVERAGE_SUGGEST = """
query { coverageSuggest(count: 50) { totalDemandClosed gapsBefore gapsAfter
  proposals { county { code name } series { code name } level closesDemand
              closes { county { code } series { code } } } } }
"""

# A planner's first question: where the next five bases should go.
COVERAGE_SUGGEST_5 = """
query { coverageSuggest(count: 5) { totalDemandClosed gapsBefore gapsAfter
  proposals { county { code name } series { code name } level closesDemand reason
              closes { county { code } series { code } } } } }
"""

PROVINCE = "330000"
TALENT_STATS = """
query { talentStats(regionCode: "330000", groupBy: [CITY, LEVEL]) {
  skilled highSkilled certificates suppressed
  groups { key label skilled highSkilled certificates suppressed } } }
"""

# A past day that is not a year end (#21): the nearer year end's counters and a read of the
# persons whose certificates changed between, here half a year of them.
TALENT_STATS_MID_YEAR = """
query { talentStats(regionCode: "330000", groupBy: [CITY, LEVEL], asOf: "2024-06-30") {
  skilled highSkilled certificates suppressed
  groups { key label skilled highSkilled certificates suppressed } } }
"""

# A researcher's chart (#21): the province's skilled workers year by year, by city.
TALENT_TREND = """
query { talentTrend(regionCode: "330000", fromYear: 2014, toYear: 2025, groupBy: [CITY]) {
  year skilled highSkilled newSkilled newHighSkilled certificatesIssued suppressed
  groups { key label skilled highSkilled } } }
"""

PLAN_PROGRESS = """
query { planProgress { regionCode
  targets { code name target unit comparator year actual ratio met note } } }
"""

# The catalogue query of docs/api.md, for the load case.
CATALOGUE = "query { industries { code name series { code name } } }"
TRIVIAL = "query { __typename }"


async def post(
    http: httpx.AsyncClient, document: str, variables: dict[str, Any] | None = None
) -> None:
    response = await http.post("/graphql", json={"query": document, "variables": variables or {}})
    response.raise_for_status()
    body = response.json()
    if body.get("errors"):
        raise RuntimeError(f"GraphQL errors: {body['errors']}")
