"""GraphQL types of data-quality findings."""

from __future__ import annotations

import strawberry

from zhepai.graph.records import FindingRecord


@strawberry.type(
    description=(
        "Where the notice disagrees with itself (declared vs listed counts), or another "
        "irregularity found in the source. The data is never corrected to hide one."
    )
)
class DataQualityFinding:
    id: strawberry.ID = strawberry.field(description="The finding's id.")
    kind: str = strawberry.field(description="What kind of irregularity.")
    subject: str = strawberry.field(description="What it is about (a series, a list).")
    declared: int | None = strawberry.field(description="The count the source declares.")
    actual: int | None = strawberry.field(description="The count the source lists.")
    message: str = strawberry.field(description="The finding in words.")

    @classmethod
    def of(cls, r: FindingRecord) -> DataQualityFinding:
        return cls(
            id=strawberry.ID(r.id),
            kind=r.kind,
            subject=r.subject,
            declared=r.declared,
            actual=r.actual,
            message=r.message,
        )
