"""Catalogue queries: thin resolvers over ``graph.catalogue``."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from zhepai.domain.text import normalise_query
from zhepai.schema import validation as check
from zhepai.schema.arguments import about, value
from zhepai.schema.catalogue.types import Industry, Occupation, Series, Specialty
from zhepai.schema.context import CATALOGUE_TOP, Context
from zhepai.schema.enums import IndustryCode
from zhepai.schema.errors import not_found
from zhepai.schema.pagination import AFTER_HELP, FIRST_HELP, Connection, connection, window


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
        self,
        info: Info[Context, None],
        industry_code: Annotated[IndustryCode | None, about("Only this industry's series.")] = None,
    ) -> list[Series]:
        top = await info.context.loaders.catalogue.load(CATALOGUE_TOP)
        records = top.series_of(value(industry_code))
        return [Series.of(r) for r in records]

    @strawberry.field(description="One series by its two-digit code; null if there is none.")
    async def series(
        self, info: Info[Context, None], code: Annotated[str, about("The series' code, e.g. 06.")]
    ) -> Series | None:
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
        search: Annotated[str | None, about("Words to look for; null: every occupation.")] = None,
        series_code: Annotated[str | None, about("Only occupations of this series.")] = None,
        first: Annotated[int | None, about(FIRST_HELP)] = None,
        after: Annotated[str | None, about(AFTER_HELP)] = None,
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
    async def occupation(
        self, info: Info[Context, None], id: Annotated[strawberry.ID, about("The occupation's id.")]
    ) -> Occupation | None:
        # a NUL is the caller's mistake, as anywhere (the kept catalogue would just not find it)
        check.search_text("id", str(id))
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
        search: Annotated[str | None, about("Words to look for; null: every 专项.")] = None,
        series_code: Annotated[str | None, about("Only 专项 of this series.")] = None,
        region_code: Annotated[str | None, about("Only 专项 from this region.")] = None,
        first: Annotated[int | None, about(FIRST_HELP)] = None,
        after: Annotated[str | None, about(AFTER_HELP)] = None,
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
    async def specialty(
        self, info: Info[Context, None], id: Annotated[strawberry.ID, about("The 专项's id.")]
    ) -> Specialty | None:
        check.search_text("id", str(id))
        record = await info.context.loaders.specialty.load(str(id))
        if record is None:
            return None
        return Specialty.of(record, await info.context.loaders.catalogue.load(CATALOGUE_TOP))
