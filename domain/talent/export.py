"""A trend as a table for analysis: CSV (``GET /export/talent.csv``, ``zhepai export talent``)
and Parquet, for pandas and R users.

One row per year for the whole region (``group_key`` empty) and one per year and group, in
the order of the trend; a withheld count is an empty cell (CSV) or null (Parquet), and the
year's flows (new persons, certificates issued) are the region's, so a group's row leaves
them empty.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from zhepai.domain.talent.stats import Dimension
from zhepai.domain.talent.trend import BadYears, TrendPoint, check_years

BOM = "\ufeff"  # Excel reads UTF-8 Chinese only with it
COLUMNS = (
    "year",
    "group_key",
    "group_label",
    "skilled",
    "high_skilled",
    "new_skilled",
    "new_high_skilled",
    "certificates_issued",
)
TOTAL_LABEL = "合计"

type Cell = int | str | None


def rows(points: Sequence[TrendPoint]) -> list[tuple[Cell, ...]]:
    out: list[tuple[Cell, ...]] = []
    for p in points:
        out.append(
            (p.year, "", TOTAL_LABEL, p.skilled, p.high_skilled, p.new_skilled,
             p.new_high_skilled, p.certificates_issued)
        )  # fmt: skip
        out.extend(
            (p.year, "/".join(g.key), "/".join(g.label), g.skilled, g.high_skilled,
             None, None, None)
            for g in p.groups
        )  # fmt: skip
    return out


def trend_csv(points: Sequence[TrendPoint]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(tuple("" if v is None else v for v in r) for r in rows(points))
    return BOM + buffer.getvalue()


def write_csv(points: Sequence[TrendPoint], path: Path) -> Path:
    path.write_text(trend_csv(points), encoding="utf-8")
    return path


def write_parquet(points: Sequence[TrendPoint], path: Path) -> Path:
    import pyarrow as pa  # imported here: only this export needs it
    import pyarrow.parquet as pq

    table = list(zip(*rows(points), strict=True)) or [() for _ in COLUMNS]
    types = [pa.int32(), pa.string(), pa.string(), *[pa.int64()] * 5]
    arrays = [pa.array(list(c), type=t) for c, t in zip(table, types, strict=True)]
    pq.write_table(pa.Table.from_arrays(arrays, names=list(COLUMNS)), path)
    return path


@dataclass(frozen=True, slots=True)
class TrendRequest:
    region_code: str
    first: int
    last: int
    group_by: tuple[Dimension, ...] = ()
    industry_code: str | None = None
    series_code: str | None = None


def trend_request(params: Mapping[str, str], this_year: int) -> TrendRequest:
    """``talentTrend``'s arguments from a query string (``groupBy`` comma-separated); raises
    ``BadYears`` naming the argument at fault."""
    years: list[int] = []
    for name in ("fromYear", "toYear"):
        value = params.get(name, "")
        if not value.isdigit():
            raise BadYears(name, f"{name} 须为年份（如 2025）")
        years.append(int(value))
    check_years(years[0], years[1], this_year)
    dims: list[Dimension] = []
    for value in (v for v in params.get("groupBy", "").split(",") if v):
        if value not in Dimension.__members__ or Dimension(value) in dims:
            raise BadYears("groupBy", f"groupBy 须为不重复的 {', '.join(Dimension.__members__)}")
        dims.append(Dimension(value))
    return TrendRequest(
        params.get("regionCode") or "330000", years[0], years[1], tuple(dims),
        params.get("industryCode") or None, params.get("seriesCode") or None,
    )  # fmt: skip
