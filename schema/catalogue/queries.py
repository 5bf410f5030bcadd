"""Catalogue queries: thin resolvers over ``graph.catalogue``."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from zhepai.domain.text import normalise_query
from zhepai.schema import validation as check
from zhepai.schema.catalogue.types import Industry, Occupation, Series, Specialty
from zhepai.schema.context import CATALOGUE_TOP, Context
from zhepai.schema.errors import not_found
from zhepai.schema.pagination import Connection, connection, window


async def _require_series(info: Info[Context, None], argument: str, code: str | None) -> None:
    if code is not None and await info.context.loaders.series.load(code) is None:
        raise not_found(argument, code, "series")


@strawberry.type
class CatalogueQuery:
    @strawberry.field(description="The three industries, in the annex's order.")
    async def industries(self, info: Info[Context, None]) -> list[Industry]:
        top = await info.context.loaders.catalogue.load(CATALOGUE_TOP)
        return [Industry.of(r, top) for r in top.industries]

    @strawberry.field(
        description="Series, optionally of one industry (PRIMARY, SECONDARY, TERTIARY)."
    )
    async def series_list(
        self, info: Info[Context, None], industry_code: str | None = None
    ) -> list[Series]:
        check.upper_code("industryCode", industry_code)
        top = await info.context.loaders.catalogue.load(CATALOGUE_TOP)
        records = top.series_of(industry_code)
        if not records and industry_code is not None:
            raise not_found("industryCode", industry_code, "industry")
        return [Series.of(r) for r in records]

    @strawberry.field(description="One series by its two-digit code; null if there is none.")
    async def series(self, info: Info[Context, None], code: str) -> Series | None:
        check.series_code("code", code)
        record = await info.context.loaders.series.load(code)
        return Series.of(record) if record else None

    @strawberry.field(
        description=(
            "Occupations, searched by name, everyday name (电焊工, 汽修), work type or pinyin "
            "(全拼 or initials, from a syllable's start), forgiving one typo; ranked: exact "
            "name, name prefix, everyday name, work type, substring, pinyin, typo. "
            "first ≤ 100, default 20."
        )
    )
    async def occupations(
        self,
        info: Info[Context, None],
        search: str | None = None,
        series_code: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Occupation]:
        check.series_code("seriesCode", series_code)
        check.search_text("search", search)
        offset, limit = window(first, after)
        page = await info.context.occupation_search.occupations(
            normalise_query(search or ""), series_code, offset, limit
        )
        if page.total == 0:
            await _require_series(info, "seriesCode", series_code)
        records = await info.context.loaders.occupation.load_many(list(page.items))
        top = await info.context.loaders.catalogue.load(CATALOGUE_TOP)
        items = [Occupation.of(r, top) for r in records if r is not None]
        return connection(items, page.total, offset)

    @strawberry.field(description="One occupation by id (e.g. OCC-0001); null if there is none.")
    async def occupation(self, info: Info[Context, None], id: strawberry.ID) -> Occupation | None:
        record = await info.context.loaders.occupation.load(str(id))
        if record is None:
            return None
        return Occupation.of(record, await info.context.loaders.catalogue.load(CATALOGUE_TOP))

    @strawberry.field(
        description=(
            "专项, searched by name or pinyin; regionCode keeps those whose origin lies in "
            "that region (a city's code takes in its counties)."
        )
    )
    async def specialties(
        self,
        info: Info[Context, None],
        search: str | None = None,
        series_code: str | None = None,
        region_code: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Specialty]:
        check.series_code("seriesCode", series_code)
        check.region_code("regionCode", region_code)
        check.search_text("search", search)
        offset, limit = window(first, after)
        page = await info.context.repos.catalogue.search_specialties(
            normalise_query(search or ""), series_code, region_code, offset, limit
        )
        if page.total == 0:
            await _require_series(info, "seriesCode", series_code)
            if (
                region_code is not None
                and await info.context.loaders.region.load(region_code) is None
            ):
                raise not_found("regionCode", region_code, "region")
        records = await info.context.loaders.specialty.load_many(list(page.items))
        top = await info.context.loaders.catalogue.load(CATALOGUE_TOP)
        items = [Specialty.of(r, top) for r in records if r is not None]
        return connection(items, page.total, offset)

    @strawberry.field(description="One 专项 by id (e.g. SPC-001); null if there is none.")
    async def specialty(self, info: Info[Context, None], id: strawberry.ID) -> Specialty | None:
        record = await info.context.loaders.specialty.load(str(id))
        if record is None:
            return None
        return Specialty.of(record, await info.context.loaders.catalogue.load(CATALOGUE_TOP))
