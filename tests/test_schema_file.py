"""schema.graphql is the contract as reviewed: the code's schema must match it exactly.

After an intended change, regenerate it with ``./dev zhepai schema > schema.graphql`` and
commit it with the change, so every change to the contract shows in review.
"""

from __future__ import annotations

from pathlib import Path

from graphql import GraphQLObjectType, build_schema

from zhepai.schema.root import schema

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schema.graphql"


def test_committed_schema_matches_the_code() -> None:
    committed = SCHEMA_FILE.read_text(encoding="utf-8")
    assert committed == schema.as_str() + "\n", (
        "the GraphQL schema changed: review it, then ./dev zhepai schema > schema.graphql"
    )


def test_contract_names_are_present() -> None:
    """The names the issues fix as contract (frontends rely on them); never renamed. A String
    argument may become an enum of the same values where an issue asks (industryCode:
    issue 23)."""
    sdl = "\n".join(_signatures(SCHEMA_FILE.read_text(encoding="utf-8")))
    for name in (
        "industries: [Industry!]!",
        "seriesList(industryCode: IndustryCode",
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


def _signatures(sdl: str) -> list[str]:
    """Each root field as ``name(arg: Type, ...): Type``, without the descriptions that the
    printed schema puts between the arguments."""
    built = build_schema(sdl)
    lines = []
    for root in (built.query_type, built.mutation_type):
        assert isinstance(root, GraphQLObjectType)
        for name, field in root.fields.items():
            args = ", ".join(f"{a}: {arg.type}" for a, arg in field.args.items())
            lines.append(f"{name}({args}): {field.type}" if args else f"{name}: {field.type}")
    return lines
