"""Reading the catalogue: industries, series, occupations and 专项 (special skills)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from zhepai.graph.cypher import statement
from zhepai.graph.records import (
    IndustryRecord,
    Membership,
    OccupationRecord,
    OccupationTerms,
    OriginRecord,
    Page,
    SeriesRecord,
    SpecialtyRecord,
    page_of,
    text_tuple,
)
from zhepai.graph.store import GraphStore, Row

INDUSTRIES = statement(
    "industries",
    """
    MATCH (i:Industry)
    RETURN i.code AS code, i.number AS number, i.name AS name, i.focus AS focus,
           i.declaredSeriesCount AS declaredSeries,
           i.declaredOccupationCount AS declaredOccupations,
           i.declaredSpecialtyCount AS declaredSpecialties
    ORDER BY i.position
    """,
)

# The listed counts come from OPTIONAL MATCH … count(): FalkorDB runs the pattern
# comprehensions these replace (size([(s)<-[:IN_SERIES]-(o:Occupation) | o.id])) slower, and
# every catalogue page lists series.
SERIES_LIST = statement(
    "series_list",
    """
    MATCH (s:Series)-[:IN_INDUSTRY]->(i:Industry)
    WHERE $industry IS NULL OR i.code = $industry
    OPTIONAL MATCH (s)<-[:IN_SERIES]-(o:Occupation)
    WITH s, i, count(o) AS listedOccupations
    OPTIONAL MATCH (s)<-[:IN_SERIES]-(sp:Specialty)
    WITH s, i, listedOccupations, count(sp) AS listedSpecialties
    RETURN s.code AS code, s.number AS number, s.name AS name, s.definition AS definition,
           i.code AS industry, s.declaredOccupationCount AS declaredOccupations,
           s.declaredSpecialtyCount AS declaredSpecialties, s.source AS source,
           listedOccupations, listedSpecialties
    ORDER BY s.code
    """,
    industry="PRIMARY",
)

OCCUPATIONS_BY_ID = statement(
    "occupations_by_id",
    """
    UNWIND $ids AS id
    MATCH (o:Occupation {id: id})
    RETURN o.id AS id, o.name AS name, o.workTypes AS workTypes,
           [(o)-[m:IN_SERIES]->(s:Series) | {series: s.code, workTypes: m.workTypes}]
             AS memberships
    """,
    ids=["OCC-0001"],
)

OCCUPATIONS_BY_SERIES = statement(
    "occupations_by_series",
    """
    UNWIND $codes AS code
    MATCH (s:Series {code: code})<-[r:IN_SERIES]-(o:Occupation)
    RETURN code, o.id AS id, o.name AS name, o.workTypes AS workTypes,
           [(o)-[m:IN_SERIES]->(x:Series) | {series: x.code, workTypes: m.workTypes}]
             AS memberships
    ORDER BY code, r.position
    """,
    codes=["01"],
)

SPECIALTIES_BY_ID = statement(
    "specialties_by_id",
    """
    UNWIND $ids AS id
    MATCH (sp:Specialty {id: id})-[:IN_SERIES]->(s:Series)
    RETURN sp.id AS id, sp.name AS name, s.code AS series,
           [(sp)-[o:ORIGINATES_IN]->(r:Region) | {code: r.code, basis: o.basis}] AS origins
    """,
    ids=["SPC-001"],
)

SPECIALTIES_BY_SERIES = statement(
    "specialties_by_series",
    """
    UNWIND $codes AS code
    MATCH (s:Series {code: code})<-[r:IN_SERIES]-(sp:Specialty)
    RETURN code, sp.id AS id, sp.name AS name, s.code AS series,
           [(sp)-[o:ORIGINATES_IN]->(g:Region) | {code: g.code, basis: o.basis}] AS origins
    ORDER BY code, r.position
    """,
    codes=["01"],
)

# Occupation search ranks in memory (domain/catalogue/search.py) over every occupation's
# names, read once per catalogue version; 专项 search stays in the store.
OCCUPATION_TERMS = statement(
    "occupation_terms",
    """
    MATCH (o:Occupation)
    RETURN o.id AS id, o.name AS name, o.workTypes AS workTypes,
           coalesce(o.synonyms, []) AS synonyms,
           [(o)-[:IN_SERIES]->(s:Series) | s.code] AS series
    ORDER BY o.id
    """,
)

SPECIALTY_SEARCH = statement(
    "specialty_search",
    """
    MATCH (sp:Specialty)-[:IN_SERIES]->(s:Series)
    WHERE ($series IS NULL OR s.code = $series)
      AND ($q IS NULL OR sp.search CONTAINS $q)
    WITH sp, [(sp)-[:ORIGINATES_IN]->(r:Region) | r.path] AS paths
    WITH sp, [path IN paths WHERE $region IN path] AS within
    WHERE $region IS NULL OR size(within) > 0
    WITH sp,
         CASE
           WHEN $q IS NULL THEN 0
           WHEN sp.name = $q THEN 0
           WHEN $q IN sp.exact THEN 1
           WHEN sp.name STARTS WITH $q THEN 2
           WHEN sp.name CONTAINS $q THEN 3
           ELSE 5
         END AS rank
    ORDER BY rank, sp.id
    WITH collect(sp.id) AS ids
    RETURN size(ids) AS total, ids[$skip..$end] AS page
    """,
    series="01",
    q="茶",
    region="330800",
    skip=0,
    end=20,
)


def _industry(row: Row) -> IndustryRecord:
    return IndustryRecord(
        code=row["code"],
        number=row["number"],
        name=row["name"],
        focus=row["focus"],
        declared_series_count=row["declaredSeries"],
        declared_occupation_count=row["declaredOccupations"],
        declared_specialty_count=row["declaredSpecialties"],
    )


def _series(row: Row) -> SeriesRecord:
    return SeriesRecord(
        code=row["code"],
        number=int(row["number"]),
        name=row["name"],
        definition=row["definition"],
        industry_code=row["industry"],
        declared_occupation_count=row["declaredOccupations"],
        declared_specialty_count=row["declaredSpecialties"],
        listed_occupation_count=row["listedOccupations"],
        listed_specialty_count=row["listedSpecialties"],
        source=row["source"],
    )


def _occupation(row: Row) -> OccupationRecord:
    memberships = sorted(
        (Membership(m["series"], text_tuple(m["workTypes"])) for m in row["memberships"]),
        key=lambda m: m.series_code,
    )
    return OccupationRecord(
        id=row["id"],
        name=row["name"],
        work_types=text_tuple(row["workTypes"]),
        memberships=tuple(memberships),
    )


def _specialty(row: Row) -> SpecialtyRecord:
    origins = sorted(
        (OriginRecord(o["code"], o["basis"]) for o in row["origins"]), key=lambda o: o.region_code
    )
    return SpecialtyRecord(
        id=row["id"], name=row["name"], series_code=row["series"], origins=tuple(origins)
    )


def _grouped[T](rows: list[Row], keys: Sequence[str], build: Any) -> list[list[T]]:
    groups: dict[str, list[T]] = defaultdict(list)
    for row in rows:
        groups[row["code"]].append(build(row))
    return [groups.get(k, []) for k in keys]


class CatalogueRepository:
    def __init__(self, store: GraphStore) -> None:
        self._store = store

    async def industries(self) -> list[IndustryRecord]:
        return [_industry(r) for r in await self._store.read(INDUSTRIES)]

    async def series_list(self, industry_code: str | None) -> list[SeriesRecord]:
        return [_series(r) for r in await self._store.read(SERIES_LIST, industry=industry_code)]

    async def occupations_by_id(self, ids: Sequence[str]) -> list[OccupationRecord | None]:
        rows = await self._store.read(OCCUPATIONS_BY_ID, ids=list(ids))
        found = {r["id"]: _occupation(r) for r in rows}
        return [found.get(i) for i in ids]

    async def occupations_by_series(self, codes: Sequence[str]) -> list[list[OccupationRecord]]:
        rows = await self._store.read(OCCUPATIONS_BY_SERIES, codes=list(codes))
        return _grouped(rows, codes, _occupation)

    async def specialties_by_id(self, ids: Sequence[str]) -> list[SpecialtyRecord | None]:
        rows = await self._store.read(SPECIALTIES_BY_ID, ids=list(ids))
        found = {r["id"]: _specialty(r) for r in rows}
        return [found.get(i) for i in ids]

    async def specialties_by_series(self, codes: Sequence[str]) -> list[list[SpecialtyRecord]]:
        rows = await self._store.read(SPECIALTIES_BY_SERIES, codes=list(codes))
        return _grouped(rows, codes, _specialty)

    async def occupation_terms(self) -> list[OccupationTerms]:
        return [
            OccupationTerms(
                id=r["id"],
                name=r["name"],
                work_types=text_tuple(r["workTypes"]),
                synonyms=text_tuple(r["synonyms"]),
                series=tuple(sorted(text_tuple(r["series"]))),
            )
            for r in await self._store.read(OCCUPATION_TERMS)
        ]

    async def search_specialties(
        self,
        q: str | None,
        series_code: str | None,
        region_code: str | None,
        offset: int,
        limit: int,
    ) -> Page[str]:
        rows = await self._store.read(
            SPECIALTY_SEARCH,
            q=q,
            series=series_code,
            region=region_code,
            skip=offset,
            end=offset + limit,
        )
        return page_of(rows, offset)
