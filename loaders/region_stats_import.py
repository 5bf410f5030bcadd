"""``zhepai import region-stats FILE``: employed population per region, for the plan's
"skilled workers over 35% of the employed" target.

CSV with the header ``region_code,year,employed,source`` (``source``: where the figure comes
from, e.g. 浙江统计年鉴2024 表3-2). A small file that is all-or-nothing: any bad row refuses
the file, naming the line, column and reason, and nothing is written.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from zhepai.graph.regions import RegionRepository
from zhepai.graph.store import GraphStore
from zhepai.graph.talent import RegionStatRow, TalentRepository
from zhepai.loaders.csv_files import BadHeader, ImportRefused, UnreadableFile, check_header

HEADER = ("region_code", "year", "employed", "source")


class BadRegionStats(ImportRefused):
    exit_code = 2


@dataclass(frozen=True, slots=True)
class RegionStatsReport:
    rows: int


def _row(line: int, cells: list[str], known: set[str]) -> RegionStatRow:
    if len(cells) != len(HEADER):
        raise BadRegionStats(f"line {line}: expected {len(HEADER)} columns, got {len(cells)}")
    code, year, employed, source = (c.strip() for c in cells)
    if code not in known:
        raise BadRegionStats(f"line {line}, column region_code: {code!r} is not a Zhejiang region")
    if not year.isdigit() or not 2000 <= int(year) <= datetime.now(UTC).year:
        raise BadRegionStats(f"line {line}, column year: {year!r} is not a year from 2000 on")
    if not employed.isdigit() or int(employed) <= 0:
        raise BadRegionStats(f"line {line}, column employed: {employed!r} is not a positive count")
    if not source:
        raise BadRegionStats(f"line {line}, column source: say where the figure comes from")
    return RegionStatRow(code, int(year), int(employed), source)


def _read(path: Path) -> list[list[str]]:
    """The whole file (a region statistics file is a few hundred lines at most)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableFile(f"{path}: cannot read as UTF-8: {exc}") from exc
    return list(csv.reader(text.splitlines()))


async def import_region_stats(store: GraphStore, path: Path) -> RegionStatsReport:
    records = _read(path)
    check_header(records[0] if records else None, HEADER, path)
    reader = iter(records[1:])
    known = {r.code for r in await RegionRepository(store).regions(None, None, None, None)}
    rows: dict[tuple[str, int], RegionStatRow] = {}
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        row = _row(line, cells, known)
        if (row.region, row.year) in rows:
            raise BadRegionStats(f"line {line}: {row.region} {row.year} is given twice")
        rows[(row.region, row.year)] = row
    if not rows:
        raise BadHeader(f"{path}: no rows")
    written = await TalentRepository(store).write_region_stats(list(rows.values()))
    return RegionStatsReport(rows=written)
