#!/usr/bin/env python3
"""Check the seed files in seeds/ against the sources and print a verification summary.

Maintainer tool; NEVER run by the application. Needs PyYAML (the project's venv has it, or
`pip install pyyaml` anywhere): it checks that the hand-formatted YAML parses as intended.

    python3 seeds/tools/verify_seeds.py

Checks, among others: every file starts with a `source:` mapping; the catalogue round-trips
(joining each series' occupations/专项 back with "," and "、" reproduces the printed text);
occupation ids are consistent; every quote, title and department list in plan.yaml and the
ladder occur verbatim in line 12 of the notice; regions equal the csv; designation counts.
"""

from __future__ import annotations

import csv
import os
import re
import sys
from collections import Counter, defaultdict

try:
    import yaml
except ImportError:  # pragma: no cover
    sys.exit("verify_seeds.py needs PyYAML (pip install pyyaml)")

HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = os.path.dirname(HERE)
NOTICE = "/work/shared/sources/zhejiang-craftsmen-action-plan-2022.txt"
REGIONS_CSV = "/work/shared/sources/zhejiang_regions.csv"

failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
    return cond


def load(name):
    path = os.path.join(SEEDS, name)
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    data = yaml.safe_load(text)
    first_key = next(iter(data))
    check(first_key == "source", f"{name}: first key is {first_key}, not source")
    src = data["source"]
    for k in ("document", "file", "line", "part"):
        check(k in src and src[k] not in (None, ""), f"{name}: source.{k} missing")
    check("\\u" not in text, f"{name}: escaped unicode")
    return data


def main() -> int:
    lines = open(NOTICE, encoding="utf-8").read().split("\n")
    directory, annex, body = lines[14], lines[15], lines[11]
    rows = list(csv.DictReader(open(REGIONS_CSV, encoding="utf-8", newline="")))

    # ---------------------------------------------------------------- regions
    regions = load("regions.yaml")["regions"]
    check(len(regions) == 102, "regions: not 102")
    check(
        [(r["code"], r["name"], r["level"], r["parent"] or "") for r in regions]
        == [(r["code"], r["name"], r["level"], r["parent_code"]) for r in rows],
        "regions differ from the csv",
    )
    codes = {r["code"] for r in regions}
    lv = Counter(r["level"] for r in regions)
    check(all(isinstance(r["code"], str) for r in regions), "region code not a string")

    # ---------------------------------------------------------------- designations
    des = {d["code"]: d for d in load("designations.yaml")["designations"]}
    m26 = [r["code"] for r in rows if r["mountain_county"] == "true"]
    check(des["MOUNTAIN_26"]["members"] == m26, "MOUNTAIN_26 != csv mountain_county rows")
    name_of = {r["code"]: r["name"] for r in rows}
    code_of = {v: k for k, v in name_of.items()}
    exp25 = (set(m26) - {code_of[n] for n in ("平阳县", "柯城区", "莲都区")}) | {
        code_of["洞头区"],
        code_of["嵊泗县"],
    }
    check(set(des["MOUNTAIN_ISLAND_25"]["members"]) == exp25, "MOUNTAIN_ISLAND_25 members")
    check(
        len(des["MOUNTAIN_26"]["members"]) == 26
        and len(des["MOUNTAIN_ISLAND_25"]["members"]) == 25,
        "designation counts",
    )
    for d in des.values():
        for k in ("validFrom", "validTo"):
            v = d[k]
            check(
                v is None or (isinstance(v, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", v)),
                f"{d['code']}.{k}",
            )

    # ---------------------------------------------------------------- catalogue
    cat = load("catalogue.yaml")
    series = cat["series"]
    check([s["code"] for s in series] == [f"{i:02d}" for i in range(1, 37)], "series codes")
    occ_by_id, id_by_occ = {}, {}
    spc_ids = []
    for s in series:
        m = re.search(
            r"浙派工匠\("
            + re.escape(s["name"])
            + r"\) 定义:(\S+) 职业:(.+?)。(?: 专项:(.+?)。)?(?= |$)",
            annex,
        )
        if not check(m, f"series {s['name']} not found in the annex"):
            continue
        check(m.group(1) == s["definition"], f"{s['name']}: definition")
        printed = ",".join(
            o["name"] + ("(" + "、".join(o["workTypes"]) + ")" if o.get("workTypes") else "")
            for o in s["occupations"]
        )
        check(printed == m.group(2), f"{s['name']}: occupations do not round-trip")
        spec_printed = m.group(3) or ""
        names = [x["name"] for x in s["specialties"]]
        check(
            spec_printed.replace("、", ",") == ",".join(names)
            if "、" in spec_printed and "(" not in spec_printed
            else spec_printed == ",".join(names),
            f"{s['name']}: 专项 do not round-trip",
        )
        d = re.search(
            r"浙派工匠\(" + re.escape(s["name"]) + r"\):(\d+)个职业(?:(\d+)个专项)?", directory
        )
        check(
            d
            and int(d.group(1)) == s["declared"]["occupations"]
            and int(d.group(2) or 0) == s["declared"]["specialties"],
            f"{s['name']}: declared",
        )
        for o in s["occupations"]:
            check(
                occ_by_id.setdefault(o["id"], o["name"]) == o["name"],
                f"id {o['id']} used for two names",
            )
            check(id_by_occ.setdefault(o["name"], o["id"]) == o["id"], f"{o['name']} has two ids")
        for x in s["specialties"]:
            spc_ids.append(x["id"])
            for lk in x.get("originRegions", []):
                check(lk["code"] in codes and lk.get("basis"), f"{x['name']}: bad originRegions")
    check(len(spc_ids) == len(set(spc_ids)), "duplicate 专项 ids")
    check(
        sorted(occ_by_id) == [f"OCC-{i:04d}" for i in range(1, len(occ_by_id) + 1)],
        "OCC ids not dense",
    )
    check(spc_ids == [f"SPC-{i:03d}" for i in range(1, len(spc_ids) + 1)], "SPC ids not in order")
    for a in cat["anomalies"]:
        check(
            a["kind"] == "SOURCE_LAYOUT" or a["subject"] in annex,
            f"anomaly subject not in annex: {a['subject']}",
        )
    memberships = sum(len(s["occupations"]) for s in series)
    listed_spc = sum(len(s["specialties"]) for s in series)

    # ---------------------------------------------------------------- industries
    ind = load("industries.yaml")
    check(
        ind["catalogueDeclared"]
        == {"occupations": 900, "specialties": 116, "series": 36, "industries": 3},
        "catalogueDeclared",
    )
    for i in ind["industries"]:
        d = i["declared"]
        check(
            f"{i['number']}、{i['name']}:{d['series']}个系列,{d['occupations']}个职业{d['specialties']}个专项"
            in directory,
            f"industry {i['code']} declared",
        )

    # ---------------------------------------------------------------- ladder
    lad = load("ladder.yaml")
    names = [l["name"] for l in sorted(lad["levels"], key=lambda l: l["rank"])]
    check(
        "建立由" + "、".join(names) + "构成的职业技能等级(岗位)序列(以下简称“新八级”)" in body,
        "ladder order",
    )
    ek = [e["name"] for e in lad["evaluationKinds"]]
    check(f"以{ek[0]}、{ek[1]}和{ek[2]}等为主要内容" in body, "evaluation kinds")

    # ---------------------------------------------------------------- plan
    plan = load("plan.yaml")
    for t in plan["targets"]:
        check(t["quote"] in body, f"target quote {t['code']}")
    for p in plan["trainingPlans"]:
        check(
            p["quote"] in body and f"“{p['name']}”培训计划" in p["quote"],
            f"training plan {p['code']}",
        )
    resp = re.findall(r"\(责任单位:([^)]*)\)", body)
    check(len(plan["measures"]) == 11 == len(resp), "11 measures")
    for m, r in zip(plan["measures"], resp):
        check(m["title"] + "。" in body, f"measure title {m['code']}")
        check(re.split("[、,]", r) == m["departments"], f"measure departments {m['code']}")

    # ---------------------------------------------------------------- summary
    print("verification summary")
    print(
        f"  regions: {len(regions)} ({lv['PROVINCE']} province, {lv['CITY']} cities, {lv['COUNTY']} counties)"
    )
    print("  designations: " + ", ".join(f"{k} {len(v['members'])}" for k, v in des.items()))
    print(
        f"  series: {len(series)}; occupation memberships: {memberships}; distinct occupations: {len(occ_by_id)}"
    )
    print(
        f"  专项 listed: {listed_spc}; with originRegions: "
        f"{sum(1 for s in series for x in s['specialties'] if x.get('originRegions'))}"
    )
    print(f"  anomalies: {len(cat['anomalies'])}")
    print(f"  ladder levels: {len(lad['levels'])}; evaluation kinds: {len(lad['evaluationKinds'])}")
    print(
        f"  targets: {len(plan['targets'])}; training plans: {len(plan['trainingPlans'])}; "
        f"measures: {len(plan['measures'])}"
    )
    print("  per series, listed 职业/专项 (declared in brackets):")
    for i in range(0, len(series), 4):
        print(
            "    "
            + "  ".join(
                f"{s['code']} {s['name']} {len(s['occupations'])}/{len(s['specialties'])}"
                f" [{s['declared']['occupations']}/{s['declared']['specialties']}]"
                for s in series[i : i + 4]
            )
        )
    print("  listed counts differing from declared (declared -> listed):")
    for s in series:
        d = s["declared"]
        lo, ls = len(s["occupations"]), len(s["specialties"])
        if lo != d["occupations"] or ls != d["specialties"]:
            print(
                f"    {s['code']} {s['name']}: 职业 {d['occupations']} -> {lo}, 专项 {d['specialties']} -> {ls}"
            )
    per = defaultdict(lambda: [0, set(), 0, 0])
    for s in series:
        p = per[s["industry"]]
        p[0] += len(s["occupations"])
        p[1] |= {o["name"] for o in s["occupations"]}
        p[2] += len(s["specialties"])
        p[3] += 1
    for i in ind["industries"]:
        p, d = per[i["code"]], i["declared"]
        print(
            f"    {i['code']}: series {d['series']} -> {p[3]}, 职业 {d['occupations']} -> {p[0]} "
            f"(distinct {len(p[1])}), 专项 {d['specialties']} -> {p[2]}"
        )
    c = ind["catalogueDeclared"]
    print(
        f"    catalogue: series {c['series']} -> {len(series)}, 职业 {c['occupations']} -> {len(occ_by_id)} distinct "
        f"({memberships} memberships), 专项 {c['specialties']} -> {listed_spc}"
    )
    if failures:
        print("\nFAILURES:")
        for f in failures:
            print("  " + f)
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
