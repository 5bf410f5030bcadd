"""The whole catalogue as files, for people who want the data without the API.

It is read through the catalogue and region repositories (so from whichever store the
settings name) and written either as one nested JSON document or as a directory of CSV
files, one per entity, which join on their codes and ids:

``industries.csv``
    code, number, name, focus and the declared counts.
``series.csv``
    one row per series with its industry_code, definition, declared and listed counts.
``occupations.csv``
    one row per occupation **and series that lists it** (an occupation listed by two series
    has two rows with one occupation_id), in the annex's order, with the work types that
    series names for it, ``;``-separated.
``specialties.csv``
    one row per 专项 with its series_code and the names of its origin regions (``;``).
``specialty_origins.csv``
    one row per 专项 and origin region: region code, name, level and why they are linked.

CSV files are UTF-8 with a byte-order mark, which Excel needs to read Chinese.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from zhepai.graph.catalogue import CatalogueRepository
from zhepai.graph.records import (
    IndustryRecord,
    OccupationRecord,
    RegionRecord,
    SeriesRecord,
    SpecialtyRecord,
)
from zhepai.graph.regions import RegionRepository
from zhepai.graph.store import GraphStore

FORMAT = "zhepai-catalogue/1"
BOM = "\ufeff"
CSV_FILES = (
    "industries.csv",
    "series.csv",
    "occupations.csv",
    "specialties.csv",
    "specialty_origins.csv",
)


class ExportError(Exception):
    """The export cannot be written; nothing was, or only whole files were."""

    code = "EXPORT_FAILED"
    exit_code = 1


class EmptyCatalogue(ExportError):
    code = "CATALOGUE_EMPTY"


class BadTarget(ExportError):
    code = "BAD_TARGET"
    exit_code = 2


@dataclass(frozen=True, slots=True)
class SeriesEntry:
    series: SeriesRecord
    occupations: tuple[OccupationRecord, ...]  # in the annex's order
    specialties: tuple[SpecialtyRecord, ...]


@dataclass(frozen=True, slots=True)
class Catalogue:
    industries: tuple[IndustryRecord, ...]
    series: tuple[SeriesEntry, ...]  # by code
    regions: dict[str, RegionRecord]  # the origin regions, by code

    @property
    def occupation_ids(self) -> set[str]:
        return {o.id for entry in self.series for o in entry.occupations}

    def counts(self) -> dict[str, int]:
        return {
            "industries": len(self.industries),
            "series": len(self.series),
            "occupations": len(self.occupation_ids),
            "occupationListings": sum(len(e.occupations) for e in self.series),
            "specialties": sum(len(e.specialties) for e in self.series),
        }


async def read_catalogue(store: GraphStore) -> Catalogue:
    """Everything the export writes, in five batched reads."""
    catalogue = CatalogueRepository(store)
    industries = await catalogue.industries()
    if not industries:
        raise EmptyCatalogue("the store holds no catalogue: load the seeds first (zhepai load)")
    series = await catalogue.series_list(None)
    codes = [s.code for s in series]
    occupations = await catalogue.occupations_by_series(codes)
    specialties = await catalogue.specialties_by_series(codes)
    origin_codes = sorted(
        {o.region_code for group in specialties for sp in group for o in sp.origins}
    )
    regions = await RegionRepository(store).by_code(origin_codes)
    return Catalogue(
        industries=tuple(industries),
        series=tuple(
            SeriesEntry(s, tuple(occ), tuple(spc))
            for s, occ, spc in zip(series, occupations, specialties, strict=True)
        ),
        regions={r.code: r for r in regions if r is not None},
    )


def _work_types(occupation: OccupationRecord, series_code: str) -> tuple[str, ...]:
    """The work types the given series lists for the occupation (not those of its others)."""
    for membership in occupation.memberships:
        if membership.series_code == series_code:
            return membership.work_types
    return ()


def _origins(catalogue: Catalogue, specialty: SpecialtyRecord) -> list[dict[str, Any]]:
    origins = []
    for origin in specialty.origins:
        region = catalogue.regions.get(origin.region_code)
        origins.append(
            {
                "code": origin.region_code,
                "name": region.name if region else None,
                "level": region.level if region else None,
                "basis": origin.basis,
            }
        )
    return origins


def to_document(catalogue: Catalogue) -> dict[str, Any]:
    """One nested document: industries → series → occupations and 专项 → origin regions."""
    by_industry: dict[str, list[SeriesEntry]] = {}
    for entry in catalogue.series:
        by_industry.setdefault(entry.series.industry_code, []).append(entry)
    return {
        "format": FORMAT,
        "counts": catalogue.counts(),
        "industries": [
            {
                "code": i.code,
                "number": i.number,
                "name": i.name,
                "focus": i.focus,
                "declaredSeriesCount": i.declared_series_count,
                "declaredOccupationCount": i.declared_occupation_count,
                "declaredSpecialtyCount": i.declared_specialty_count,
                "series": [_series_document(catalogue, e) for e in by_industry.get(i.code, [])],
            }
            for i in catalogue.industries
        ],
    }


def _series_document(catalogue: Catalogue, entry: SeriesEntry) -> dict[str, Any]:
    s = entry.series
    return {
        "code": s.code,
        "number": s.number,
        "name": s.name,
        "definition": s.definition,
        "declaredOccupationCount": s.declared_occupation_count,
        "listedOccupationCount": s.listed_occupation_count,
        "declaredSpecialtyCount": s.declared_specialty_count,
        "listedSpecialtyCount": s.listed_specialty_count,
        "source": s.source,
        "occupations": [
            {"id": o.id, "name": o.name, "workTypes": list(_work_types(o, s.code))}
            for o in entry.occupations
        ],
        "specialties": [
            {"id": sp.id, "name": sp.name, "originRegions": _origins(catalogue, sp)}
            for sp in entry.specialties
        ],
    }


def to_csv_files(catalogue: Catalogue) -> dict[str, str]:
    """File name → content, for the files of CSV_FILES."""
    origin_rows = [
        [sp.id, o["code"], o["name"] or "", o["level"] or "", o["basis"]]
        for e in catalogue.series
        for sp in e.specialties
        for o in _origins(catalogue, sp)
    ]
    files = {
        "industries.csv": _csv(
            ["code", "number", "name", "focus", "declared_series_count",
             "declared_occupation_count", "declared_specialty_count"],
            ([i.code, i.number, i.name, i.focus, i.declared_series_count,
              i.declared_occupation_count, i.declared_specialty_count]
             for i in catalogue.industries),
        ),
        "series.csv": _csv(
            ["code", "number", "name", "industry_code", "definition",
             "declared_occupation_count", "listed_occupation_count",
             "declared_specialty_count", "listed_specialty_count", "source"],
            ([s.code, s.number, s.name, s.industry_code, s.definition,
              s.declared_occupation_count, s.listed_occupation_count,
              s.declared_specialty_count, s.listed_specialty_count, s.source or ""]
             for s in (e.series for e in catalogue.series)),
        ),
        "occupations.csv": _csv(
            ["occupation_id", "name", "series_code", "position", "work_types"],
            ([o.id, o.name, e.series.code, n, ";".join(_work_types(o, e.series.code))]
             for e in catalogue.series
             for n, o in enumerate(e.occupations, start=1)),
        ),
        "specialties.csv": _csv(
            ["specialty_id", "name", "series_code", "origin_regions"],
            ([sp.id, sp.name, e.series.code,
              ";".join(o["name"] or o["code"] for o in _origins(catalogue, sp))]
             for e in catalogue.series
             for sp in e.specialties),
        ),
        "specialty_origins.csv": _csv(
            ["specialty_id", "region_code", "region_name", "region_level", "basis"], origin_rows
        ),
    }  # fmt: skip
    assert tuple(files) == CSV_FILES
    return files


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return BOM + out.getvalue()


def write_json(catalogue: Catalogue, path: Path) -> list[Path]:
    if path.is_dir():
        raise BadTarget(f"{path} is a directory: the JSON export is one file")
    data = orjson.dumps(to_document(catalogue), option=orjson.OPT_INDENT_2) + b"\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BadTarget(f"{path.parent}: cannot create: {exc.strerror or exc}") from exc
    _write(path, data)
    return [path]


def write_csv(catalogue: Catalogue, directory: Path) -> list[Path]:
    """The CSV files into ``directory`` (created if missing; other files there are left)."""
    if directory.exists() and not directory.is_dir():
        raise BadTarget(f"{directory} is a file: the CSV export is a directory of files")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BadTarget(f"{directory}: cannot create: {exc.strerror or exc}") from exc
    written = []
    for name, content in to_csv_files(catalogue).items():
        _write(directory / name, content.encode("utf-8"))
        written.append(directory / name)
    return written


def _write(path: Path, data: bytes) -> None:
    """Write through a temporary sibling, so a failed export never leaves half a file."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_bytes(data)
        partial.replace(path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise BadTarget(f"{path}: cannot write: {exc.strerror or exc}") from exc
