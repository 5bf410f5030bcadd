#!/usr/bin/env python3
"""Regenerate seeds/catalogue.yaml (and seeds/industries.yaml) from the notice's annex.

Maintainer tool, standard library only. It is NEVER run by the application: the application
loads the reviewed YAML files in seeds/. Run it when the source text changes, then review the
diff by eye before committing.

    python3 seeds/tools/extract_annex.py                # writes seeds/catalogue.yaml, seeds/industries.yaml
    python3 seeds/tools/extract_annex.py --dry-run      # only prints the verification report
    python3 seeds/tools/extract_annex.py --out /tmp/c.yaml --industries-out /tmp/i.yaml

What it reads (read-only):
  * the notice, /work/shared/sources/zhejiang-craftsmen-action-plan-2022.txt
      line 1   the notice's full title
      line 15  the annex's first sentence (catalogue totals) and its directory (declared counts
               per industry and per series)
      line 16  the annex body: 36 series, each "(一)浙派工匠(名称) 定义:… 职业:… 专项:…"
  * the regions list, /work/shared/sources/zhejiang_regions.csv (for 专项 -> region links)

Parsing rules:
  * occupations (职业) and 专项 are split at top-level "," (commas inside parentheses do not split);
  * text in parentheses after an occupation name is its work types (工种), separated by "、";
  * a 专项 keeps its full printed name, parentheses included (红糖制作(义乌), 跨境(进口)电商运营);
  * a top-level "、" inside a 专项 list is treated as a separator and reported as an anomaly;
  * names are kept exactly as printed, suspected misprints are only reported (MANUAL_ANOMALIES).

Ids:
  * occupations get OCC-0001, OCC-0002, … in order of first appearance in the annex; an occupation
    printed in several series (园艺工) keeps one id, its work types are recorded per series;
  * 专项 get SPC-001, SPC-002, … in annex order;
  * if the output file already exists, ids are taken from it by name (occupation name, 专项 name):
    existing ids never change, new names get the next free number (above every id ever issued);
    ids of names that disappeared are written as "# retired: ID name" comments at the end of the
    file and reported, so they are never reused (a name that comes back gets its old id again).

专项 -> region links (originRegions): a region's full name, or its short name (full name minus a
trailing 市/县/区, at least 2 characters), occurring in the 专项 name; plus the towns in TOWNS.
Names in UNLINKED_PLACES are deliberately not linked and are reported as anomalies. Every link is
printed in the report for review; a false positive would be added to REJECTED_MATCHES.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
from collections import Counter, OrderedDict

HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = os.path.dirname(HERE)
DEFAULT_NOTICE = "/work/shared/sources/zhejiang-craftsmen-action-plan-2022.txt"
DEFAULT_REGIONS = "/work/shared/sources/zhejiang_regions.csv"

TITLE_LINE = 1
DIRECTORY_LINE = 15
ANNEX_LINE = 16

CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
INDUSTRY_CODES = {"一": "PRIMARY", "二": "SECONDARY", "三": "TERTIARY"}
# Focus of each industry as worded in the notice body (line 12, parts 一 and 三:
# "围绕现代农业、先进制造业、现代服务业").
INDUSTRY_FOCUS = {"PRIMARY": "现代农业", "SECONDARY": "先进制造业", "TERTIARY": "现代服务业"}

# Towns named in 专项 -> (county code, basis)
TOWNS = {
    "昌化": (
        "330112",
        "name contains 昌化, a town of 临安区 (昌化镇; the former 昌化县 is now part of 临安区)",
    ),
    "石浦": ("330225", "name contains 石浦, a town of 象山县 (石浦镇)"),
}

# Historic or indirect place names that are deliberately not linked.
UNLINKED_PLACES = OrderedDict(
    [
        (
            "越窑",
            "越窑得名于历史上的越州（今绍兴、宁波一带），是窑系名称而非现行行政区划，"
            "产区跨多个县：未关联地区。",
        ),
        (
            "婺州窑",
            "婺州是金华一带的旧称（婺州窑即金华一带的窑系），没有现行行政区划用这个名字"
            "（婺城区只是其中一部分）：未关联地区。",
        ),
        (
            "畲族",
            "畲族是民族而非地名，聚居地分布在多个县（景宁畲族自治县等）：未关联地区。",
        ),
        (
            "畲乡",
            "畲乡指畲族聚居的村落，是间接说法而非行政区划名称：未关联地区。",
        ),
        (
            "德辉",
            "德辉是字号（店名、品牌），不是行政区划名称；原文无法确定所指地点：未关联地区。",
        ),
        (
            "西砚",
            "西砚一般认为得名于西安，即衢县（今衢州一带）的旧称；没有现行行政区划用这个名字："
            "未关联地区。",
        ),
    ]
)

# Automatic matches judged false positives after review: {(专项 name, region code): reason}.
REJECTED_MATCHES: dict = {}

# Irregularities noticed by reading the source; names are kept as printed.
MANUAL_ANOMALIES = [
    {
        "kind": "SUSPECTED_MISPRINT",
        "subject": "航空附件装配",
        "message": "设备制造 (十四)：职业名称没有通常的「工」字结尾（国家职业分类中为航空附件装配工）；"
        "按原文保留。",
    },
    {
        "kind": "SUSPECTED_MISPRINT",
        "subject": "浸渍纸层压板板工",
        "message": "木材加工 (八)：「板」字重复（国家职业分类中为浸渍纸层压板工）；按原文保留。",
    },
    {
        "kind": "SUSPECTED_MISPRINT",
        "subject": "钩锈制作",
        "message": "服装制作 (十九)：「锈」可能是「绣」的误印，即钩绣制作；按原文保留。",
    },
    {
        "kind": "SUSPECTED_MISPRINT",
        "subject": "莹石雕刻",
        "message": "工艺美术 (十)：这种石头通常写作萤石；按原文保留。",
    },
    {
        "kind": "SOURCE_LAYOUT",
        "subject": "附件目录",
        "message": "附件目录（各系列声明的个数）与附件的第一句同在第 15 行；各系列正文在第 16 行，"
        "正文在 (七) 和 (二十一) 之前重复了产业标题「二、」和「三、」，但 (一) 之前没有重复「一、」。",
    },
]


# --------------------------------------------------------------------------- source parsing


def cn_number(text: str) -> int:
    """Chinese numeral 1..99 (一, 十, 十二, 二十, 三十六) -> int."""
    if text == "十":
        return 10
    if "十" in text:
        tens, _, units = text.partition("十")
        return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[units] if units else 0)
    return CN_DIGITS[text]


def split_top(text: str, seps: str = ",") -> list[str]:
    """Split at separators that are not inside ASCII or fullwidth parentheses."""
    parts, buf, depth = [], [], 0
    for ch in text:
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth -= 1
        if ch in seps and depth == 0:
            parts.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
    parts.append("".join(buf))
    return [p.strip() for p in parts]


def read_lines(path: str) -> list[str]:
    with open(path, encoding="utf-8") as fh:
        return fh.read().split("\n")


def parse_directory(line: str):
    m = re.search(
        r"将与浙江经济社会发展密切相关的(\d+)个职业(\d+)个专项按产业分为(.)大类(\d+)个系列", line
    )
    if not m:
        raise SystemExit("catalogue sentence not found on the directory line")
    totals = {
        "occupations": int(m.group(1)),
        "specialties": int(m.group(2)),
        "series": int(m.group(4)),
        "industries": cn_number(m.group(3)),
    }
    industries, series = [], []
    pat = re.compile(
        r"([一二三])、(第.产业):(\d+)个系列,(\d+)个职业(\d+)个专项"
        r"|浙派工匠\(([^)]+)\):(\d+)个职业(?:(\d+)个专项)?"
    )
    current = None
    for m in pat.finditer(line):
        if m.group(1):
            current = INDUSTRY_CODES[m.group(1)]
            industries.append(
                {
                    "code": current,
                    "number": m.group(1),
                    "name": m.group(2),
                    "declared": {
                        "series": int(m.group(3)),
                        "occupations": int(m.group(4)),
                        "specialties": int(m.group(5)),
                    },
                    "text": m.group(0),
                }
            )
        else:
            series.append(
                {
                    "name": m.group(6),
                    "industry": current,
                    "declared": {
                        "occupations": int(m.group(7)),
                        "specialties": int(m.group(8) or 0),
                    },
                    "text": m.group(0),
                }
            )
    return totals, industries, series


def parse_annex(line: str, anomalies: list):
    head = re.compile(r"\(([一二三四五六七八九十]+)\)浙派工匠\(([^)]+)\)")
    ind_head = re.compile(r"([一二三])、(第.产业):(\d+)个系列,(\d+)个职业(\d+)个专项")
    heads = list(head.finditer(line))
    out = []
    industry = "PRIMARY"  # line 16 starts with (一) without repeating 一、第一产业
    for i, h in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(line)
        body = line[h.end() : end]
        ih = ind_head.search(body)
        next_industry = INDUSTRY_CODES[ih.group(1)] if ih else None
        if ih:
            body = body[: ih.start()]
        m = re.fullmatch(
            r"\s*定义:(?P<d>[^ ]+?)\s+职业:(?P<o>.+?)。(?:\s+专项:(?P<s>.+?)。)?\s*", body
        )
        if not m:
            raise SystemExit(f"cannot parse series {h.group(0)}: {body[:80]}")
        number = cn_number(h.group(1))
        roman = h.group(1)
        occs = []
        for item in split_top(m.group("o")):
            om = re.fullmatch(r"([^()]+)(?:\(([^()]+)\))?", item)
            if not om:
                raise SystemExit(f"cannot parse occupation {item!r}")
            occs.append(
                {"name": om.group(1), "workTypes": om.group(2).split("、") if om.group(2) else []}
            )
        specs = []
        if m.group("s"):
            for item in split_top(m.group("s")):
                sub = split_top(item, "、")
                if len(sub) > 1:
                    anomalies.append(
                        {
                            "kind": "SEPARATOR_IRREGULARITY",
                            "subject": item,
                            "message": f"{h.group(2)} ({roman})：专项名单在这里用「、」而不是「,」"
                            f"分隔（“{item}”），已拆为 {len(sub)} 项：" + "、".join(sub) + "。",
                        }
                    )
                specs.extend(sub)
        out.append(
            {
                "number": number,
                "roman": roman,
                "code": f"{number:02d}",
                "name": h.group(2),
                "industry": industry,
                "definition": m.group("d"),
                "occupations": occs,
                "specialties": specs,
            }
        )
        if next_industry:
            industry = next_industry
    return out


def read_regions(path: str):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def region_matches(name: str, regions):
    """[(code, basis)] for one 专项 name."""
    found = OrderedDict()
    for r in regions:
        if r["level"] == "PROVINCE":
            continue
        full = r["name"]
        short = re.sub(r"[市县区]$", "", full)
        for key in (full, short):
            if len(key) >= 2 and key in name:
                if (name, r["code"]) in REJECTED_MATCHES:
                    break
                found.setdefault(r["code"], f"name contains {key} ({full})")
                break
    for town, (code, basis) in TOWNS.items():
        if town in name:
            found.setdefault(code, basis)
    return list(found.items())


# --------------------------------------------------------------------------- existing ids


def existing_ids(path: str):
    occ, spc = {}, {}
    if not os.path.exists(path):
        return occ, spc
    text = open(path, encoding="utf-8").read()
    # retired ids are kept as comments ("# retired: OCC-0123 name") so that they are never reused
    for m in re.finditer(r"^# retired: ((OCC|SPC)-\d+) (.+)$", text, re.M):
        (occ if m.group(2) == "OCC" else spc)[m.group(3).strip()] = m.group(1)
    for m in re.finditer(r"id: (OCC-\d+),\s*name: ([^,}\n]+)", text):
        occ[unquote(m.group(2))] = m.group(1)
    for m in re.finditer(r"id: (SPC-\d+)(?:,\s*|\n\s*)name: ([^}\n]+?)\s*(?:[,}]|\n)", text):
        spc[unquote(m.group(2))] = m.group(1)
    return occ, spc


def unquote(s: str) -> str:
    s = s.strip()
    return json.loads(s) if s.startswith('"') else s


class IdAllocator:
    def __init__(self, prefix: str, width: int, known: dict):
        self.prefix, self.width, self.known = prefix, width, dict(known)
        nums = [int(v.split("-")[1]) for v in known.values()]
        self.next = (max(nums) + 1) if nums else 1
        self.used = set()

    def get(self, name: str) -> str:
        if name not in self.known:
            self.known[name] = f"{self.prefix}-{self.next:0{self.width}d}"
            self.next += 1
        self.used.add(name)
        return self.known[name]

    def orphans(self):
        return {n: i for n, i in self.known.items() if n not in self.used}


# --------------------------------------------------------------------------- YAML output

# Plain (unquoted) scalars are used when they are unambiguous; anything doubtful is double-quoted.
_FLOW_BAD = re.compile(r"[:#,\[\]{}&*!|>'\"%@`]|^[-?\s]|\s$")
_BLOCK_BAD = re.compile(r": |\s#|:$|^[-?:,\[\]{}#&*!|>'\"%@`\s]|\s$")
_RESERVED = re.compile(
    r"^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|"
    r"on|On|ON|off|Off|OFF|y|Y|n|N|[-+]?[0-9][0-9_.:eE+-]*|\.[0-9].*|\.inf|\.nan)$"
)


def scalar(value, in_flow: bool = False) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    s = str(value)
    bad = _FLOW_BAD if in_flow else _BLOCK_BAD
    if s == "" or bad.search(s) or _RESERVED.match(s):
        return json.dumps(s, ensure_ascii=False)
    return s


def flow(mapping: dict) -> str:
    items = []
    for k, v in mapping.items():
        if isinstance(v, list):
            items.append(f"{k}: [" + ", ".join(scalar(x, True) for x in v) + "]")
        elif isinstance(v, dict):
            items.append(f"{k}: {flow(v)}")
        else:
            items.append(f"{k}: {scalar(v, True)}")
    return "{" + ", ".join(items) + "}"


# --------------------------------------------------------------------------- main


def build(notice_path, regions_path, catalogue_path):
    lines = read_lines(notice_path)
    title = lines[TITLE_LINE - 1].strip()
    totals, d_industries, d_series = parse_directory(lines[DIRECTORY_LINE - 1])
    anomalies = []
    series = parse_annex(lines[ANNEX_LINE - 1], anomalies)
    regions = read_regions(regions_path)
    by_code = {r["code"]: r for r in regions}

    if [s["name"] for s in series] != [d["name"] for d in d_series]:
        raise SystemExit("series names/order differ between the directory and the annex body")
    for s, d in zip(series, d_series):
        if s["industry"] != d["industry"]:
            raise SystemExit(f"industry differs for {s['name']}")
        s["declared"] = d["declared"]

    occ_known, spc_known = existing_ids(catalogue_path)
    occ_ids = IdAllocator("OCC", 4, occ_known)
    spc_ids = IdAllocator("SPC", 3, spc_known)
    links = []
    seen_unlinked = set()
    for s in series:
        for o in s["occupations"]:
            o["id"] = occ_ids.get(o["name"])
        recs = []
        for name in s["specialties"]:
            rec = {"id": spc_ids.get(name), "name": name, "originRegions": []}
            for code, basis in region_matches(name, regions):
                rec["originRegions"].append({"code": code, "basis": basis})
                links.append((s["name"], name, code, by_code[code]["name"], basis))
            for place, why in UNLINKED_PLACES.items():
                if place in name and (place, name) not in seen_unlinked:
                    seen_unlinked.add((place, name))
                    anomalies.append(
                        {
                            "kind": "UNLINKED_PLACE_NAME",
                            "subject": name,
                            "message": f"{s['name']} ({s['roman']})：{why}",
                        }
                    )
            recs.append(rec)
        s["specialtyRecords"] = recs

    annex_text = lines[ANNEX_LINE - 1] + lines[DIRECTORY_LINE - 1]
    for a in MANUAL_ANOMALIES:
        if a["kind"] != "SOURCE_LAYOUT" and a["subject"] not in annex_text:
            raise SystemExit(f"manual anomaly subject not in the source: {a['subject']}")
    anomalies = (
        [a for a in anomalies if a["kind"] == "SEPARATOR_IRREGULARITY"]
        + [a for a in anomalies if a["kind"] == "UNLINKED_PLACE_NAME"]
        + MANUAL_ANOMALIES
    )
    return {
        "title": title,
        "totals": totals,
        "industries": d_industries,
        "series": series,
        "anomalies": anomalies,
        "links": links,
        "occ_orphans": occ_ids.orphans(),
        "spc_orphans": spc_ids.orphans(),
    }


def render_catalogue(data, notice_path) -> str:
    out = []
    w = out.append
    w("# 浙派工匠36个系列目录(2022版): series, occupations (职业) and special skills (专项).")
    w("# Generated by seeds/tools/extract_annex.py from the notice, then reviewed; edit with care:")
    w(
        "# ids are stable (existing ids are kept by name; new entries get new ids; ids are never reused)."
    )
    w("source:")
    w(f"  document: {scalar(data['title'])}")
    w(f"  file: {os.path.basename(notice_path)}")
    w(f"  line: {ANNEX_LINE}")
    w("  part: 附件")
    w(
        "  note: "
        + scalar(
            f"Annex 浙派工匠36个系列目录(2022版). Series bodies (definition, 职业, 专项) from line {ANNEX_LINE}; "
            f"declared counts per series from the annex directory on line {DIRECTORY_LINE}. Names kept as printed. "
            f"originRegions link 专项 names to zhejiang_regions.csv (GB/T 2260, 2023 edition)."
        )
    )
    w("")
    w("series:")
    for s in data["series"]:
        w(f"  - code: {scalar(s['code'])}")
        w(f"    name: {scalar(s['name'])}")
        w(f"    industry: {s['industry']}")
        w(f"    definition: {scalar(s['definition'])}")
        w(f"    declared: {flow(s['declared'])}")
        src = f"附件 ({s['roman']}), line {ANNEX_LINE}; declared: 附件 目录, line {DIRECTORY_LINE}"
        w(f"    source: {scalar(src)}")
        w("    occupations:")
        for o in s["occupations"]:
            m = {"id": o["id"], "name": o["name"]}
            if o["workTypes"]:
                m["workTypes"] = o["workTypes"]
            w(f"      - {flow(m)}")
        if not s["specialtyRecords"]:
            w("    specialties: []")
        else:
            w("    specialties:")
            for r in s["specialtyRecords"]:
                if not r["originRegions"]:
                    w(f"      - {flow({'id': r['id'], 'name': r['name']})}")
                else:
                    w(f"      - id: {r['id']}")
                    w(f"        name: {scalar(r['name'])}")
                    w("        originRegions:")
                    for lk in r["originRegions"]:
                        w(f"          - {flow(lk)}")
        w("")
    w("# Irregularities noticed in the source. Declared-vs-listed count differences are not listed")
    w("# here: the loader computes them from `declared` and the lists.")
    w("anomalies:")
    for a in data["anomalies"]:
        w(f"  - kind: {a['kind']}")
        w(f"    subject: {scalar(a['subject'])}")
        w(f"    message: {scalar(a['message'])}")
    retired = sorted({**data["occ_orphans"], **data["spc_orphans"]}.items(), key=lambda kv: kv[1])
    if retired:
        w("")
        w("# Ids whose names are no longer in the source. Kept here so they are never reused:")
        for name, i in retired:
            w(f"# retired: {i} {name}")
    return "\n".join(out) + "\n"


def render_industries(data, notice_path) -> str:
    t = data["totals"]
    out = []
    w = out.append
    w(
        "# The three industries (三次产业) of the 浙派工匠 catalogue and the annex's declared totals."
    )
    w("# Generated by seeds/tools/extract_annex.py, then reviewed.")
    w("source:")
    w(f"  document: {scalar(data['title'])}")
    w(f"  file: {os.path.basename(notice_path)}")
    w(f"  line: {DIRECTORY_LINE}")
    w("  part: 附件")
    w(
        "  note: "
        + scalar(
            f"Annex 浙派工匠36个系列目录(2022版): catalogueDeclared from its first sentence (将与浙江经济社会发展"
            f"密切相关的{t['occupations']}个职业{t['specialties']}个专项按产业分为三大类{t['series']}个系列), declared counts "
            f"from its directory (line {DIRECTORY_LINE}); focus wording from line 12 (一、指导思想 / 三、主要目标: "
            f"围绕现代农业、先进制造业、现代服务业). Declared counts as printed; the lists do not always agree."
        )
    )
    w("")
    w(
        "catalogueDeclared: "
        + flow(
            {
                "occupations": t["occupations"],
                "specialties": t["specialties"],
                "series": t["series"],
                "industries": t["industries"],
            }
        )
    )
    w("")
    w("industries:")
    for i in data["industries"]:
        w(f"  - code: {i['code']}")
        w(f"    number: {i['number']}")
        w(f"    name: {i['name']}")
        w(f"    focus: {INDUSTRY_FOCUS[i['code']]}")
        w(f"    declared: {flow(i['declared'])}")
        src = f"附件 目录 {i['text']}, line {DIRECTORY_LINE}"
        w(f"    source: {scalar(src)}")
    return "\n".join(out) + "\n"


def report(data) -> int:
    series = data["series"]
    p = print
    memberships = sum(len(s["occupations"]) for s in series)
    distinct = len({o["name"] for s in series for o in s["occupations"]})
    spc = sum(len(s["specialtyRecords"]) for s in series)
    spc_distinct = len({r["name"] for s in series for r in s["specialtyRecords"]})
    p(f"series: {len(series)}")
    p(f"occupation memberships: {memberships}; distinct occupations: {distinct}")
    p(f"专项 listed: {spc}; distinct names: {spc_distinct}")
    multi = Counter(o["name"] for s in series for o in s["occupations"])
    for name, n in multi.items():
        if n > 1:
            where = [
                f"{s['name']}{[o['workTypes'] for o in s['occupations'] if o['name'] == name][0]}"
                for s in series
                if any(o["name"] == name for o in s["occupations"])
            ]
            p(f"  occupation in {n} series: {name}: {', '.join(where)}")
    p("\nseries whose listed counts differ from declared (declared -> listed):")
    for s in series:
        lo, ls = len(s["occupations"]), len(s["specialtyRecords"])
        d = s["declared"]
        if (lo, ls) != (d["occupations"], d["specialties"]):
            parts = []
            if lo != d["occupations"]:
                parts.append(f"职业 {d['occupations']} -> {lo}")
            if ls != d["specialties"]:
                parts.append(f"专项 {d['specialties']} -> {ls}")
            p(f"  ({s['roman']}) {s['code']} {s['name']}: " + "; ".join(parts))
    p("\nper industry (declared -> listed):")
    for i in data["industries"]:
        ss = [s for s in series if s["industry"] == i["code"]]
        d = i["declared"]
        lo = sum(len(s["occupations"]) for s in ss)
        lod = len({o["name"] for s in ss for o in s["occupations"]})
        ls = sum(len(s["specialtyRecords"]) for s in ss)
        dso = sum(s["declared"]["occupations"] for s in ss)
        dss = sum(s["declared"]["specialties"] for s in ss)
        p(
            f"  {i['code']} {i['name']}: series {d['series']} -> {len(ss)}; 职业 {d['occupations']} -> {lo} "
            f"(distinct {lod}; sum of series declared {dso}); 专项 {d['specialties']} -> {ls} "
            f"(sum of series declared {dss})"
        )
    t = data["totals"]
    p(
        f"\ncatalogue (declared -> listed): series {t['series']} -> {len(series)}; 职业 {t['occupations']} -> "
        f"{distinct} distinct ({memberships} memberships); 专项 {t['specialties']} -> {spc}; "
        f"industries {t['industries']} -> {len(data['industries'])}"
    )
    p("\n专项 -> region links (check each by eye):")
    for sname, name, code, rname, basis in data["links"]:
        p(f"  {sname}: {name} -> {code} {rname}  [{basis}]")
    p(f"\nanomalies: {len(data['anomalies'])}")
    for a in data["anomalies"]:
        p(f"  {a['kind']}: {a['subject']}")
    if data["occ_orphans"] or data["spc_orphans"]:
        p("\nids in the existing file whose names are no longer in the source (not reused):")
        for n, i in {**data["occ_orphans"], **data["spc_orphans"]}.items():
            p(f"  {i} {n}")
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--notice", default=DEFAULT_NOTICE)
    ap.add_argument("--regions", default=DEFAULT_REGIONS)
    ap.add_argument(
        "--out",
        default=os.path.join(SEEDS, "catalogue.yaml"),
        help="catalogue file to write (its existing ids are kept by name)",
    )
    ap.add_argument("--industries-out", default=os.path.join(SEEDS, "industries.yaml"))
    ap.add_argument("--dry-run", action="store_true", help="print the report only, write nothing")
    args = ap.parse_args(argv)
    data = build(args.notice, args.regions, args.out)
    if not args.dry_run:
        with open(args.out, "w", encoding="utf-8") as fh:
            fh.write(render_catalogue(data, args.notice))
        with open(args.industries_out, "w", encoding="utf-8") as fh:
            fh.write(render_industries(data, args.notice))
        print(f"wrote {args.out}\nwrote {args.industries_out}\n")
    return report(data)


if __name__ == "__main__":
    sys.exit(main())
