"""Turning the validated seeds into rows for ``graph.seed_writes``: one entry per node."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from pypinyin import Style, lazy_pinyin

from zhepai.domain.catalogue.findings import compute_findings
from zhepai.graph import seed_writes as kinds
from zhepai.loaders.seed_files import SeedBundle


@dataclass(frozen=True, slots=True)
class Entry:
    key: str
    props: dict[str, Any]
    link: dict[str, Any] | None = None  # edge data for the kind's ``link`` statement
    hash: str = field(default="")

    def hashed(self) -> Entry:
        canonical = json.dumps([self.props, self.link], sort_keys=True, ensure_ascii=False)
        digest = hashlib.sha256(canonical.encode()).hexdigest()[:24]
        return Entry(self.key, self.props, self.link, digest)


def search_text(*names: str) -> str:
    """What ``search`` matches: names, and their pinyin in full and as initials, lowercased.

    Lines are joined with a separator that cannot occur in a query, so a match never spans
    two names.
    """
    parts: list[str] = []
    for name in names:
        parts.append(name.lower())
        parts.append("".join(lazy_pinyin(name)).lower())
        parts.append("".join(lazy_pinyin(name, style=Style.FIRST_LETTER)).lower())
    return "\n".join(parts)


def exact_keys(name: str) -> list[str]:
    """Spellings that count as naming exactly this: the name, its pinyin, its initials."""
    return [
        name.lower(),
        "".join(lazy_pinyin(name)).lower(),
        "".join(lazy_pinyin(name, style=Style.FIRST_LETTER)).lower(),
    ]


def build_entries(seeds: SeedBundle) -> dict[kinds.NodeKind, list[Entry]]:
    out: dict[kinds.NodeKind, list[Entry]] = {kind: [] for kind in kinds.ALL_KINDS}

    for pos, ind in enumerate(seeds.industries.industries):
        out[kinds.INDUSTRIES].append(
            Entry(
                ind.code,
                {
                    "number": ind.number,
                    "name": ind.name,
                    "focus": ind.focus,
                    "position": pos,
                    "declaredSeriesCount": ind.declared.series,
                    "declaredOccupationCount": ind.declared.occupations,
                    "declaredSpecialtyCount": ind.declared.specialties,
                    "source": ind.source,
                },
            )
        )

    occupations: dict[str, dict[str, Any]] = {}
    memberships: dict[str, list[dict[str, Any]]] = {}
    for s in seeds.catalogue.series:
        out[kinds.SERIES].append(
            Entry(
                s.code,
                {
                    "number": int(s.code),
                    "name": s.name,
                    "definition": s.definition,
                    "declaredOccupationCount": s.declared.occupations,
                    "declaredSpecialtyCount": s.declared.specialties,
                    "source": s.source,
                },
                {"industry": s.industry},
            )
        )
        for pos, o in enumerate(s.occupations):
            occ = occupations.setdefault(o.id, {"name": o.name, "workTypes": []})
            for wt in o.work_types:
                if wt not in occ["workTypes"]:
                    occ["workTypes"].append(wt)
            memberships.setdefault(o.id, []).append(
                {"series": s.code, "workTypes": list(o.work_types), "position": pos}
            )
        for pos, sp in enumerate(s.specialties):
            out[kinds.SPECIALTIES].append(
                Entry(
                    sp.id,
                    {
                        "name": sp.name,
                        "search": search_text(sp.name),
                        "exact": exact_keys(sp.name),
                    },
                    {
                        "series": s.code,
                        "position": pos,
                        "origins": [{"code": r.code, "basis": r.basis} for r in sp.origin_regions],
                    },
                )
            )
    synonyms: dict[str, list[str]] = {}
    for syn in seeds.synonyms.synonyms:
        synonyms.setdefault(syn.occupation, []).append(syn.term)
    for oid, occ in occupations.items():
        # occupation search runs in memory (domain/catalogue/search.py) over these names
        props = dict(occ, synonyms=synonyms.get(occ["name"], []))
        out[kinds.OCCUPATIONS].append(Entry(oid, props, {"memberships": memberships[oid]}))

    by_code = {r.code: r for r in seeds.regions.regions}
    member_of: dict[str, list[str]] = {}
    for d in seeds.designations.designations:
        for m in d.members:
            member_of.setdefault(m, []).append(d.code)
    seats = {s.code: s for s in seeds.seats.seats}
    for r in seeds.regions.regions:
        path = [r.code]
        while (parent := by_code[path[0]].parent) is not None:
            path.insert(0, parent)
        out[kinds.REGIONS].append(
            Entry(
                r.code,
                {
                    "name": r.name,
                    "level": r.level,
                    "parent": r.parent,
                    "path": path,
                    "search": search_text(r.name),
                    "latitude": seats[r.code].latitude,
                    "longitude": seats[r.code].longitude,
                },
                {"parent": r.parent} if r.parent else None,
            )
        )

    for d in seeds.designations.designations:
        out[kinds.DESIGNATIONS].append(
            Entry(
                d.code,
                {
                    "name": d.name,
                    "validFrom": d.valid_from.isoformat(),
                    "validTo": d.valid_to.isoformat() if d.valid_to else None,
                    "source": d.source,
                    "note": d.note,
                },
                {"members": sorted(d.members)},
            )
        )

    levels = sorted(seeds.ladder.levels, key=lambda lv: lv.rank)
    for lv, nxt in zip(levels, [*levels[1:], None], strict=True):
        out[kinds.SKILL_LEVELS].append(
            Entry(
                lv.code,
                {
                    "rank": lv.rank,
                    "name": lv.name,
                    "nationalGrade": lv.national_grade,
                },
                {"next": nxt.code} if nxt else None,
            )
        )
    for pos, ek in enumerate(seeds.ladder.evaluation_kinds):
        out[kinds.EVALUATION_KINDS].append(Entry(ek.code, {"name": ek.name, "position": pos}))

    plan = seeds.plan
    for pos, t in enumerate(plan.targets):
        out[kinds.PLAN_TARGETS].append(
            Entry(
                t.code,
                {
                    "name": t.name,
                    "value": t.value,
                    "unit": t.unit,
                    "comparator": t.comparator,
                    "year": t.year,
                    "quote": t.quote,
                    "position": pos,
                },
            )
        )
    for pos, tp in enumerate(plan.training_plans):
        out[kinds.TRAINING_PLANS].append(
            Entry(
                tp.code,
                {
                    "name": tp.name,
                    "focus": tp.focus,
                    "quote": tp.quote,
                    "position": pos,
                },
                {"industry": tp.industry},
            )
        )
    departments: list[str] = []
    for pos, measure in enumerate(plan.measures):
        departments.extend(d for d in measure.departments if d not in departments)
        out[kinds.MEASURES].append(
            Entry(
                measure.code,
                {
                    "part": measure.part,
                    "title": measure.title,
                    "position": pos,
                },
                {"departments": list(measure.departments)},
            )
        )
    for pos, name in enumerate(departments):
        out[kinds.DEPARTMENTS].append(Entry(name, {"position": pos}))

    for pos, f in enumerate(compute_findings(seeds)):
        out[kinds.FINDINGS].append(
            Entry(
                f.id,
                {
                    "kind": f.kind,
                    "subject": f.subject,
                    "declared": f.declared,
                    "actual": f.actual,
                    "message": f.message,
                    "position": pos,
                },
            )
        )

    rules = seeds.career_rules
    for pos, edu in enumerate(rules.educations):
        out[kinds.EDUCATIONS].append(Entry(edu.code, {"name": edu.name, "position": pos}))
    for pos, rule in enumerate(rules.rules):
        out[kinds.STEP_RULES].append(
            Entry(
                rule.code,
                {
                    "fromLevel": rule.from_level,
                    "toLevel": rule.to_level,
                    "minYears": rule.min_years,
                    "educations": rule.educations or None,
                    "route": rule.route,
                    "condition": rule.condition,
                    "source": rules.source_of(rule),
                    "assumption": rule.assumption,
                    "note": rule.note,
                    "position": pos,
                },
            )
        )

    for oid, pairs in related_pairs(seeds).items():
        out[kinds.RELATEDNESS].append(Entry(oid, {}, {"pairs": pairs}))

    return {kind: [e.hashed() for e in entries] for kind, entries in out.items()}


def related_pairs(seeds: SeedBundle) -> dict[str, list[dict[str, str]]]:
    """Every occupation's related occupations with a larger id, with the relation.

    Two occupations are related when a work family of relatedness.yaml holds both (kind
    WORK_FAMILY) or a pair names them (kind PAIR); the first family listed wins a pair.
    """
    relations: dict[tuple[str, str], dict[str, str]] = {}
    for family in seeds.relatedness.families:
        ids = sorted(m.id for m in family.members)
        relation = {"kind": "WORK_FAMILY", "reason": family.reason, "source": family.source}
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                relations.setdefault((a, b), relation)
    for pair in seeds.relatedness.pairs:
        a, b = sorted((pair.a.id, pair.b.id))
        relations.setdefault((a, b), {"kind": "PAIR", "reason": pair.reason, "source": pair.source})
    out: dict[str, list[dict[str, str]]] = {
        o.id: [] for s in seeds.catalogue.series for o in s.occupations
    }
    for (a, b), relation in sorted(relations.items()):
        out[a].append({"other": b, **relation})
    return out


def link_rows(kind: kinds.NodeKind, entries: list[Entry]) -> list[dict[str, Any]]:
    """Rows for the kind's ``link`` statement (occupations have one row per membership)."""
    rows: list[dict[str, Any]] = []
    for e in entries:
        if e.link is None:
            continue
        if kind is kinds.OCCUPATIONS:
            rows.extend({"key": e.key, **m} for m in e.link["memberships"])
        else:
            rows.append({"key": e.key, **e.link})
    return rows
