"""``zhepai import region-stats FILE``: figures per region and year, each with its source.

Two headers are accepted. The first, ``region_code,year,employed,source``, gives employed
persons (the plan's "skilled workers over 35% of the employed" target). The full one,
``region_code,year,series_code,employed,working_age,new_skilled_target,source``, adds the
working-age population, the plan's target of new skilled workers for that year, and, on a
row with ``series_code``, the employed persons of that series (the employment mix coverage
demand weighs). A figure may be left empty (an earlier import's value is kept); a row gives
at least one. ``source`` says where the row's figures come from, e.g. 浙江统计年鉴2024 表3-2.

A small file that is all-or-nothing: any bad row refuses the file, naming the line, column
and reason, and nothing is written.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from zhepai.graph.catalogue import CatalogueRepository
from zhepai.graph.region_stats import Figure, RegionStatRow, RegionStatsRepository
from zhepai.graph.regions import RegionRepository
from zhepai.graph.store import GraphStore
from zhepai.loaders.csv_files import BadHeader, ImportRefused, UnreadableFile, readable

EMPLOYED_ONLY = ("region_code", "year", "employed", "source")
HEADER = (
    "region_code", "year", "series_code", "employed", "working_age", "new_skilled_target",
    "source",
)  # fmt: skip
FIGURES = ("employed", "working_age", "new_skilled_target")


class BadRegionStats(ImportRefused):
    exit_code = 2


@dataclass(frozen=True, slots=True)
class RegionStatsReport:
    rows: int


@dataclass(frozen=True, slots=True)
class Known:
    regions: set[str]
    series: set[str]


def _count(line: int, column: str, text: str) -> int | None:
    if not text:
        return None
    if not text.isdigit() or int(text) <= 0:
        raise BadRegionStats(f"line {line}, column {column}: {text!r} is not a positive count")
    return int(text)


def _row(line: int, cells: dict[str, str], known: Known) -> RegionStatRow:
    code, year, series = cells["region_code"], cells["year"], cells["series_code"]
    if code not in known.regions:
        raise BadRegionStats(f"line {line}, column region_code: {code!r} is not a Zhejiang region")
    if not year.isdigit() or not 2000 <= int(year) <= datetime.now(UTC).year:
        raise BadRegionStats(f"line {line}, column year: {year!r} is not a year from 2000 on")
    if series and series not in known.series:
        raise BadRegionStats(f"line {line}, column series_code: {series!r} is not a series code")
    values = {column: _count(line, column, cells[column]) for column in FIGURES}
    if series and values["employed"] is None:
        raise BadRegionStats(f"line {line}, column employed: a series row gives its employed")
    for column in FIGURES[1:]:
        if series and values[column] is not None:
            raise BadRegionStats(
                f"line {line}, column {column}: a series row gives only the series' employed"
            )
    if not any(v is not None for v in values.values()):
        raise BadRegionStats(f"line {line}: no figure given ({', '.join(FIGURES)})")
    source = cells["source"]
    if not source:
        raise BadRegionStats(f"line {line}, column source: say where the figure comes from")

    def figure(column: str) -> Figure | None:
        value = values[column]
        return None if value is None else Figure(value, source)

    return RegionStatRow(
        code,
        int(year),
        employed=figure("employed"),
        working_age=figure("working_age"),
        new_skilled_target=figure("new_skilled_target"),
        series=series or None,
    )


def _read(path: Path) -> list[list[str]]:
    """The whole file (a region statistics file is a few thousand lines at most)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableFile(f"{path}: cannot read as UTF-8: {exc}") from exc
    return list(csv.reader(text.splitlines()))


def _header(found: list[str] | None, path: Path) -> tuple[str, ...]:
    names = tuple(readable(h).strip() for h in found or [])
    if names in (EMPLOYED_ONLY, HEADER):
        return names
    shown = ",".join(names) if found else "(empty file)"
    raise BadHeader(
        f"{path}: the header must be exactly {','.join(EMPLOYED_ONLY)} or "
        f"{','.join(HEADER)} — found {shown}; nothing was imported"
    )


def _check_mix(rows: dict[tuple[str, int, str | None], tuple[int, RegionStatRow]]) -> None:
    """A region's series cannot employ more persons than the region (when the file gives
    both for the same year)."""
    summed: dict[tuple[str, int], int] = {}
    for region, year, series in rows:
        employed = rows[(region, year, series)][1].employed
        if series is not None and employed is not None:
            summed[(region, year)] = summed.get((region, year), 0) + employed.value
    for (region, year), total in sorted(summed.items()):
        line, row = rows.get((region, year, None), (0, None))
        if row is not None and row.employed is not None and total > row.employed.value:
            raise BadRegionStats(
                f"line {line}, column employed: the series rows of {region} {year} employ "
                f"{total}, more than the {row.employed.value} given here"
            )


async def import_region_stats(store: GraphStore, path: Path) -> RegionStatsReport:
    records = _read(path)
    header = _header(records[0] if records else None, path)
    known = Known(
        regions={r.code for r in await RegionRepository(store).regions(None, None, None, None)},
        series={s.code for s in await CatalogueRepository(store).series_list(None)},
    )
    rows: dict[tuple[str, int, str | None], tuple[int, RegionStatRow]] = {}
    for line, cells in enumerate(records[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise BadRegionStats(f"line {line}: expected {len(header)} columns, got {len(cells)}")
        named = dict.fromkeys(HEADER, "") | {
            name: cell.strip() for name, cell in zip(header, cells, strict=True)
        }
        row = _row(line, named, known)
        key = (row.region, row.year, row.series)
        if key in rows:
            given = " ".join(str(part) for part in key if part is not None)
            raise BadRegionStats(f"line {line}: {given} is given twice")
        rows[key] = (line, row)
    if not rows:
        raise BadHeader(f"{path}: no rows")
    _check_mix(rows)
    written = await RegionStatsRepository(store).write([row for _, row in rows.values()])
    return RegionStatsReport(rows=written)
