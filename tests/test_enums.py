"""Each enum of schema/enums.py holds exactly the codes the API already used: those the seeds
list (levels, educations, evaluations, industries) and those domain/ and graph/ write."""

from __future__ import annotations

from enum import Enum

from tests.conftest import GraphQLClient
from zhepai.domain.careers.engine import ENTRY, PROMOTION, TRANSFER
from zhepai.domain.talent.cells import REVOKED, VALID
from zhepai.domain.talent.stats import Dimension
from zhepai.graph.bases import ACTIVE, KINDS, LEVELS, RETIRED
from zhepai.schema import enums

REFERENCE = """
{ skillLevels { code } educations { code } evaluationKinds { code } industries { code } }
"""


def codes(enum: type[Enum]) -> list[str]:
    return [str(member.value) for member in enum]


async def test_the_seeded_sets_match_the_enums(gql: GraphQLClient) -> None:
    data = await gql(REFERENCE)
    for field, enum in (
        ("skillLevels", enums.SkillLevelCode),
        ("educations", enums.EducationCode),
        ("evaluationKinds", enums.EvaluationCode),
        ("industries", enums.IndustryCode),
    ):
        assert [row["code"] for row in data[field]] == codes(enum), field


def test_the_written_sets_match_the_enums() -> None:
    assert codes(enums.BaseKind) == list(KINDS)
    assert codes(enums.BaseLevel) == list(LEVELS)
    assert codes(enums.BaseStatus) == [ACTIVE, RETIRED]
    assert codes(enums.TalentGroupBy) == [d.value for d in Dimension]
    assert codes(enums.StepKind) == [PROMOTION, TRANSFER, ENTRY]
    assert codes(enums.CertificateStatus) == [VALID, REVOKED]


def test_names_are_the_codes() -> None:
    """A GraphQL enum answers with the member's name: each name must be its code, or results
    would change."""
    for enum in vars(enums).values():
        if isinstance(enum, type) and issubclass(enum, Enum):
            assert [m.name for m in enum] == codes(enum), enum.__name__
