"""GraphQL types of the catalogue: industries, series, occupations, 专项."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from zhepai.domain.catalogue.service import CatalogueTop
from zhepai.graph.records import IndustryRecord, OccupationRecord, SeriesRecord, SpecialtyRecord
from zhepai.schema.context import CATALOGUE_TOP, Context
from zhepai.schema.pagination import Connection
from zhepai.schema.regions.types import Region


@strawberry.type(description="One of the three industries (三次产业) of the catalogue.")
class Industry:
    code: str = strawberry.field(description="PRIMARY, SECONDARY or TERTIARY.")
    number: str = strawberry.field(description="Its number in the annex.")
    name: str = strawberry.field(description="Its name (Chinese).")
    focus: str = strawberry.field(description="What the annex says it focuses on.")
    declared_series_count: int = strawberry.field(description="Series as the annex declares them.")
    declared_occupation_count: int = strawberry.field(
        description="Occupations as the annex declares them."
    )
    declared_specialty_count: int = strawberry.field(description="专项 as the annex declares them.")
    # its series, from the request's one read of the catalogue's top tiers: the catalogue
    # tree then completes without a loader round per industry
    series_records: strawberry.Private[tuple[SeriesRecord, ...]]

    @classmethod
    def of(cls, r: IndustryRecord, top: CatalogueTop) -> Industry:
        return cls(
            code=r.code,
            number=r.number,
            name=r.name,
            focus=r.focus,
            declared_series_count=r.declared_series_count,
            declared_occupation_count=r.declared_occupation_count,
            declared_specialty_count=r.declared_specialty_count,
            series_records=tuple(top.series_of(r.code)),
        )

    @strawberry.field(description="Its series, in the annex's order.")
    def series(self) -> list[Series]:
        return [Series.of(s) for s in self.series_records]


@strawberry.type(description="A 浙派工匠 series (系列): code '01'…'36' as numbered in the annex.")
class Series:
    code: str = strawberry.field(description="Its two-digit code.")
    number: int = strawberry.field(description="Its number in the annex.")
    name: str = strawberry.field(description="Its name (Chinese).")
    definition: str = strawberry.field(description="What it covers (Chinese).")
    industry_code: str = strawberry.field(description="The industry it belongs to.")
    declared_occupation_count: int = strawberry.field(
        description="As the annex directory declares it (may differ from the list)."
    )
    declared_specialty_count: int = strawberry.field(
        description="专项 as the annex directory declares them."
    )
    listed_occupation_count: int = strawberry.field(
        description="Occupations the annex lists for the series."
    )
    listed_specialty_count: int = strawberry.field(
        description="专项 the annex lists for the series."
    )
    source: str | None = strawberry.field(description="Where its definition comes from.")

    @classmethod
    def of(cls, r: SeriesRecord) -> Series:
        return cls(
            code=r.code,
            number=r.number,
            name=r.name,
            definition=r.definition,
            industry_code=r.industry_code,
            declared_occupation_count=r.declared_occupation_count,
            declared_specialty_count=r.declared_specialty_count,
            listed_occupation_count=r.listed_occupation_count,
            listed_specialty_count=r.listed_specialty_count,
            source=r.source,
        )

    @strawberry.field(description="The industry it belongs to.")
    async def industry(self, info: Info[Context, None]) -> Industry:
        top = await info.context.loaders.catalogue.load(CATALOGUE_TOP)
        record = top.industry(self.industry_code)
        assert record is not None, f"series {self.code} points at a missing industry"
        return Industry.of(record, top)

    @strawberry.field(description="In the order the annex lists them.")
    async def occupations(self, info: Info[Context, None]) -> list[Occupation]:
        records = await info.context.loaders.occupations_by_series.load(self.code)
        top = await info.context.loaders.catalogue.load(CATALOGUE_TOP)
        return [Occupation.of(o, top) for o in records]

    @strawberry.field(description="In the order the annex lists them.")
    async def specialties(self, info: Info[Context, None]) -> list[Specialty]:
        records = await info.context.loaders.specialties_by_series.load(self.code)
        top = await info.context.loaders.catalogue.load(CATALOGUE_TOP)
        return [Specialty.of(s, top) for s in records]


@strawberry.type(
    description="An occupation's place in one series, with the work types listed there."
)
class SeriesMembership:
    series_code: str = strawberry.field(description="The series.")
    work_types: list[str] = strawberry.field(
        description="Work types (工种) the series lists for the occupation."
    )
    series_record: strawberry.Private[SeriesRecord | None]

    @strawberry.field(description="The series.")
    def series(self) -> Series:
        assert self.series_record is not None, f"unknown series {self.series_code}"
        return Series.of(self.series_record)


@strawberry.type(description="An occupation (职业); one node even when several series list it.")
class Occupation:
    id: strawberry.ID = strawberry.field(description="Its id, e.g. OCC-0461.")
    name: str = strawberry.field(description="Its name (Chinese).")
    work_types: list[str] = strawberry.field(
        description="Work types (工种) named in parentheses, across all its series."
    )
    memberships: list[SeriesMembership] = strawberry.field(
        description="Its place in each series that lists it."
    )

    @classmethod
    def of(cls, r: OccupationRecord, top: CatalogueTop) -> Occupation:
        """``top``: the request's catalogue read, which holds the occupation's series (so
        that they complete without a loader round an occupation)."""
        return cls(
            id=strawberry.ID(r.id),
            name=r.name,
            work_types=list(r.work_types),
            memberships=[
                SeriesMembership(
                    series_code=m.series_code,
                    work_types=list(m.work_types),
                    series_record=top.series_by_code(m.series_code),
                )
                for m in r.memberships
            ],
        )

    @strawberry.field(description="The series that list it.")
    def series(self) -> list[Series]:
        return [Series.of(m.series_record) for m in self.memberships if m.series_record]


@strawberry.type(description="Why a 专项 is linked to a region.")
class SpecialtyOrigin:
    region_code: str = strawberry.field(description="The region.")
    basis: str = strawberry.field(description="Why the 专项 is linked to it.")

    @strawberry.field(description="The region.")
    async def region(self, info: Info[Context, None]) -> Region:
        record = await info.context.loaders.region.load(self.region_code)
        assert record is not None
        return Region.of(record)


@strawberry.type(description="A special skill (专项职业能力) of one series.")
class Specialty:
    id: strawberry.ID = strawberry.field(description="Its id, e.g. SPC-001.")
    name: str = strawberry.field(description="Its name (Chinese).")
    series_code: str = strawberry.field(description="Its series.")
    origins: list[SpecialtyOrigin] = strawberry.field(
        description="The regions it is linked to, and why."
    )
    series_record: strawberry.Private[SeriesRecord | None]

    @classmethod
    def of(cls, r: SpecialtyRecord, top: CatalogueTop) -> Specialty:
        """``top``: the request's catalogue read, which holds the 专项's series."""
        return cls(
            id=strawberry.ID(r.id),
            name=r.name,
            series_code=r.series_code,
            origins=[SpecialtyOrigin(region_code=o.region_code, basis=o.basis) for o in r.origins],
            series_record=top.series_by_code(r.series_code),
        )

    @strawberry.field(description="Its series.")
    def series(self) -> Series:
        assert self.series_record is not None, f"{self.id} points at a missing series"
        return Series.of(self.series_record)

    @strawberry.field(
        description="Regions the 专项's name points to (e.g. 开化龙顶茶制作 → 开化县)."
    )
    async def origin_regions(self, info: Info[Context, None]) -> list[Region]:
        records = await info.context.loaders.region.load_many([o.region_code for o in self.origins])
        return [Region.of(r) for r in records if r is not None]


OccupationConnection = Connection[Occupation]
SpecialtyConnection = Connection[Specialty]
