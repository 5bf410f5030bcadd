#!/usr/bin/env python3
"""Regenerate seeds/region_seats.yaml (the coordinates of each region's seat) from cpca's
adcodes.csv and zhejiang_regions.csv.

Maintainer tool, standard library only; NEVER run by the application (which loads the reviewed
YAML). cpca is not a dependency of zhepai: fetch its wheel once, then point this tool at it.

    .venv/bin/pip download --no-deps cpca==0.5.5 -d /tmp/cpca
    python3 seeds/tools/build_region_seats.py --wheel /tmp/cpca/cpca-0.5.5-py3-none-any.whl
    python3 seeds/tools/build_region_seats.py --wheel ... --dry-run   # checks only

cpca 0.5.5 (MIT licence, (c) 2018 QinYuan Du) ships cpca/resources/adcodes.csv: 12-digit
codes, names, longitude, latitude. cpca does not name the datum; if it is GCJ-02, as Chinese web
maps give, the points are within ~0.5 km of WGS-84 in Zhejiang, far below what great-circle
distances between seats are used for. Its codes predate
some changes; each one is resolved below, and every point not read straight from cpca for the
same code is either a rename (same town, other code) or marked ``approximate`` with how.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import math
import os
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = os.path.dirname(HERE)
WHEEL_SHA256 = "1635b589506b3e28424032bce61d2488e1f6fac1034a736014e70e043f824fe6"
MEMBER = "cpca/resources/adcodes.csv"
REGIONS_CSV = "/work/shared/sources/zhejiang_regions.csv"

# Renamed with a new code; the seat stayed in the same town, so cpca's point under the old
# code is the seat's.
RENAMED = {
    "330112": ("330185", "cpca lists it as 临安市 (330185), which became 临安区 (330112) in 2017; "
               "the point is cpca's for 330185, the seat town (锦城) did not change"),
    "330213": ("330283", "cpca lists it as 奉化市 (330283), which became 奉化区 (330213) in 2016; "
               "the point is cpca's for 330283, the seat town did not change"),
    "331083": ("331021", "cpca lists it as 玉环县 (331021), which became 玉环市 (331083) in 2017; "
               "the point is cpca's for 331021, the seat town (玉城) did not change"),
}  # fmt: skip

REFORM_2021 = (
    "浙江省人民政府《关于调整杭州市部分行政区划的通知》(2021-03-11, in force 2021-04-09), as "
    "quoted at https://hg3970.com/baike/48683.html"
)

# Seats that moved, or regions cpca does not know: (latitude, longitude, source, note).
PLACED = {
    "330113": (
        None,  # cpca's 余杭区 point, read below
        None,
        "cpca adcodes.csv, 330110000000 余杭区 (the pre-2021 余杭区)",
        "临平区 (new in 2021) is seated in 临平街道 (西大街33号, " + REFORM_2021 + "), where the "
        "pre-2021 余杭区 was seated; cpca's 余杭区 point is that old seat. Approximate: the two "
        "seats' buildings were not compared.",
    ),
    "330110": (
        30.28,
        119.99,
        "our estimate; no source gives a point",
        "Since 2021 余杭区 is seated in 仓前街道 (文一西路1500号, "
        + REFORM_2021
        + "); cpca's point "
        "(330110000000) is the old seat in 临平, about 33 km away, now 临平区's. The point is our "
        "estimate of where 文一西路1500号 lies (west of 未来科技城), good to a few km.",
    ),
    "330114": (
        30.30,
        120.49,
        "our estimate; no source gives a point",
        "钱塘区 (new in 2021) is seated in 河庄街道 (青六北路499号, " + REFORM_2021 + "); cpca has "
        "no such code. The point is our estimate of where 河庄街道 lies (south bank of the "
        "钱塘江 estuary, east of 萧山), good to about 5 km.",
    ),
    "330383": (
        27.58194,
        120.54889,
        "zh.wikipedia.org 龙港市, infobox 坐标 27°34′55″N 120°32′56″E (as stored at "
        "https://54e1ad4b48888.kfd.me/zh-hk/%E9%BE%99%E6%B8%AF%E5%B8%82)",
        "龙港市 (new in 2019, from 苍南县龙港镇) is seated at 镇前路195号; cpca has no such code. "
        "Approximate: the article's point for the city, not checked against the seat's address.",
    ),
}

# Same code, but the seat moved within the district when it merged in 2021.
MOVED_NEARBY = {
    "330102": "The 2021 上城区 (old 上城区 + most of 江干区) is seated in 望江街道 (望潮路77号, "
              + REFORM_2021 + "); cpca's point is the old 上城区's seat. 望江街道 belonged to the "
              "old 上城区 (about 18 km²), so the point is off by a few km at most.",
}  # fmt: skip

# Checked, not changed: the point agrees with the seat after the 2021 reform.
CHECKED = {
    "330105": "The 2021 拱墅区 (old 下城区 + 拱墅区) is seated at 台州路1号, 拱宸桥街道 (" + REFORM_2021
              + "); zh.wikipedia.org 拱墅区 gives 30.32203°N 120.13736°E for it, {km:.1f} km from "
              "cpca's point.",
}  # fmt: skip

BOX = (27.0, 31.5, 118.0, 123.2)  # Zhejiang's extent, lat/lon, with a margin


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def read_cpca(wheel: str) -> dict[str, tuple[int, str, float, float]]:
    with open(wheel, "rb") as fh:
        digest = hashlib.sha256(fh.read()).hexdigest()
    assert digest == WHEEL_SHA256, f"{wheel}: sha256 {digest}, expected {WHEEL_SHA256}"
    with zipfile.ZipFile(wheel) as z:
        text = z.read(MEMBER).decode("utf-8")
    out: dict[str, tuple[int, str, float, float]] = {}
    for line, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if line == 1:
            assert row == ["adcode", "name", "longitude", "latitude"], row
            continue
        code, name, lon, lat = row
        if code.startswith("33") and code.endswith("000000") and lon and lat:
            out[code[:6]] = (line, name, float(lat), float(lon))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--wheel", required=True, help="cpca-0.5.5-py3-none-any.whl")
    ap.add_argument("--csv", default=REGIONS_CSV)
    ap.add_argument("--dry-run", action="store_true")
    args = ap.parse_args(argv)
    cpca = read_cpca(args.wheel)
    with open(args.csv, encoding="utf-8", newline="") as fh:
        regions = list(csv.DictReader(fh))
    assert len(regions) == 102

    rows: list[dict[str, object]] = []
    for r in regions:
        code, name = r["code"], r["name"]
        row: dict[str, object] = {"code": code, "name": name, "approximate": False, "note": None}
        if code in PLACED:
            lat, lon, source, note = PLACED[code]
            if lat is None:  # 临平区: the old 余杭区 point
                line, cname, lat, lon = cpca["330110"]
                source = f"cpca adcodes.csv line {line}, 330110000000 {cname} (the pre-2021 余杭区)"
            row |= {"latitude": lat, "longitude": lon, "source": source, "approximate": True,
                    "note": note}  # fmt: skip
        elif code in RENAMED:
            old, note = RENAMED[code]
            line, cname, lat, lon = cpca[old]
            row |= {"latitude": lat, "longitude": lon, "note": note,
                    "source": f"cpca adcodes.csv line {line}, {old}000000 {cname}"}  # fmt: skip
        else:
            line, cname, lat, lon = cpca[code]
            assert cname == name, (code, cname, name)
            row |= {"latitude": lat, "longitude": lon,
                    "source": f"cpca adcodes.csv line {line}, {code}000000 {cname}"}  # fmt: skip
            if code in MOVED_NEARBY:
                row |= {"approximate": True, "note": MOVED_NEARBY[code]}
            if code in CHECKED:
                km = haversine_km(lat, lon, 30.32203, 120.13736)
                assert km < 1.0, km
                row["note"] = CHECKED[code].format(km=km)
        rows.append(row)

    by_code = {str(r["code"]): r for r in rows}
    for r in regions:
        seat = by_code[r["code"]]
        lat, lon = float(seat["latitude"]), float(seat["longitude"])  # type: ignore[arg-type]
        assert BOX[0] <= lat <= BOX[1] and BOX[2] <= lon <= BOX[3], (r["code"], lat, lon)
        if r["level"] == "COUNTY":
            city = by_code[r["parent_code"]]
            km = haversine_km(lat, lon, float(city["latitude"]), float(city["longitude"]))  # type: ignore[arg-type]
            assert km < 160, (r["code"], km)  # a county seat lies within its city
    # Distinct codes, distinct points: two counties on one point would be a copying slip.
    points = {(r["latitude"], r["longitude"]) for r in rows if r["code"] != "330113"}
    assert len(points) == len(rows) - 1

    out = [
        "# The seat of every region (the province, 11 cities, 90 counties): latitude and longitude",
        "# in degrees. Distances in coverage planning are great-circle kilometres between seats.",
        "# Generated by seeds/tools/build_region_seats.py from cpca's adcodes.csv, then reviewed.",
        "source:",
        '  document: "cpca 0.5.5 (PyPI, MIT licence, (c) 2018 QinYuan Du): cpca/resources/adcodes.csv'
        ' (adcode, name, longitude, latitude)"',
        "  file: cpca-0.5.5-py3-none-any.whl",
        f"  sha256: {WHEEL_SHA256}",
        "  part: rows 33xxxx000000",
        "  note: "
        + q(
            "Points are cpca's for the same code unless a row's note says otherwise: 3 renamed "
            "divisions take cpca's point under their former code; 临平区, 余杭区, 钱塘区, 龙港市 and "
            "上城区 (seats new or moved since cpca's data) are marked approximate: true with how "
            "each point was found. cpca does not name the datum; if it is GCJ-02, as Chinese web "
            "maps give, the points are within about 0.5 km of WGS-84 in Zhejiang."
        ),
        "",
        "seats:",
    ]
    for row in rows:
        out.append(f"  - code: {q(str(row['code']))}")
        out.append(f"    name: {row['name']}")
        out.append(f"    latitude: {row['latitude']}")
        out.append(f"    longitude: {row['longitude']}")
        out.append(f"    source: {q(str(row['source']))}")
        if row["approximate"]:
            out.append("    approximate: true")
        if row["note"]:
            out.append(f"    note: {q(str(row['note']))}")
    text = "\n".join(out) + "\n"
    approximate = [str(r["name"]) for r in rows if r["approximate"]]
    if not args.dry_run:
        path = os.path.join(SEEDS, "region_seats.yaml")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        print(f"wrote {path}")
    print(f"seats: {len(rows)}; approximate: {len(approximate)} ({' '.join(approximate)}); "
          f"renamed: {len(RENAMED)}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
