"""schema.graphql is the contract as reviewed: the code's schema must match it exactly.

After an intended change, regenerate it with ``./dev zhepai schema > schema.graphql`` and
commit it with the change, so every change to the contract shows in review.
"""

from __future__ import annotations

from pathlib import Path

from zhepai.schema.root import schema

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schema.graphql"


def test_committed_schema_matches_the_code() -> None:
    committed = SCHEMA_FILE.read_text(encoding="utf-8")
    assert committed == schema.as_str() + "\n", (
        "the GraphQL schema changed: review it, then ./dev zhepai schema > schema.graphql"
    )


def test_contract_names_are_present() -> None:
    """The names the issues fix as contract (frontends rely on them); never renamed."""
    sdl = SCHEMA_FILE.read_text(encoding="utf-8")
    for name in (
        "industries: [Industry!]!",
        "seriesList(industryCode: String",
        "series(code: String!): Series",
        "occupations(search: String",
        "occupation(id: ID!): Occupation",
        "specialties(search: String",
        "regions(level: RegionLevel",
        "region(code: String!): Region",
        "skillLevels: [SkillLevel!]!",
        "dataQuality: [DataQualityFinding!]!",
        "careerPath(from: PositionInput!, to: PositionInput!",
        "nextSteps(position: PositionInput!",
        "bases(regionCode: String",
        "coverageGaps(regionCode: String",
        "coverageMatrix(regionCode: String",
        "coverageWhatIf(additions: [ProposedBaseInput!]!",
        "createBase(input: BaseInput!): BasePayload!",
        "updateBase(id: ID!, input: BaseInput!): BasePayload!",
        "retireBase(id: ID!): BasePayload!",
    ):
        assert name in sdl, name
