"""Data-quality findings: where the notice's declared counts and its lists disagree.

The loader never corrects the source. It records each disagreement, and every irregularity
noted while extracting the seeds (``anomalies`` in catalogue.yaml), as a finding, in Chinese.

Occupations are counted as the annex's directory counts them, on every level alike: once in
each series that lists them (园艺工, listed in three series, counts three times). The
directory's totals add up its series' counts, so comparing them with distinct occupations
would report a difference that is only a change of basis.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from zhepai.loaders.seed_files import SeedBundle

CATALOGUE = "全目录"
PER_SERIES = "按系列计，一个职业列在几个系列就计几次，与目录的计法相同"


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str
    subject: str
    declared: int | None
    actual: int | None
    message: str

    @property
    def id(self) -> str:
        return f"{self.kind}:{self.subject}"


def _count(
    kind: str, subject: str, declared: int, actual: int, what: str, note: str = ""
) -> Finding | None:
    if declared == actual:
        return None
    message = f"{subject}：目录声明 {declared} 个{what}，名单列出 {actual} 个"
    return Finding(
        kind=kind,
        subject=subject,
        declared=declared,
        actual=actual,
        message=f"{message}（{note}）" if note else message,
    )


def _declared_sum(subject: str, declared: int, summed: int, what: str) -> Finding | None:
    if declared == summed:
        return None
    return Finding(
        kind="INDUSTRY_DECLARED_SUM",
        subject=f"{subject} {what}",
        declared=declared,
        actual=summed,
        message=f"{subject}：目录声明 {declared} 个{what}，所属系列声明的个数合计 {summed} 个",
    )


def compute_findings(seeds: SeedBundle) -> list[Finding]:
    found: list[Finding | None] = []
    catalogue = seeds.catalogue.series
    for s in catalogue:
        subject = f"系列 {s.code} {s.name}"
        found.append(
            _count(
                "SERIES_OCCUPATION_COUNT",
                subject,
                s.declared.occupations,
                len(s.occupations),
                "职业",
            )
        )
        found.append(
            _count(
                "SERIES_SPECIALTY_COUNT",
                subject,
                s.declared.specialties,
                len(s.specialties),
                "专项",
            )
        )

    for ind in seeds.industries.industries:
        members = [s for s in catalogue if s.industry == ind.code]
        subject = ind.name
        if ind.declared.series is not None:
            found.append(
                _count("INDUSTRY_SERIES_COUNT", subject, ind.declared.series, len(members), "系列")
            )
        found.append(
            _count(
                "INDUSTRY_OCCUPATION_COUNT",
                subject,
                ind.declared.occupations,
                sum(len(s.occupations) for s in members),
                "职业",
                PER_SERIES,
            )
        )
        found.append(
            _count(
                "INDUSTRY_SPECIALTY_COUNT",
                subject,
                ind.declared.specialties,
                sum(len(s.specialties) for s in members),
                "专项",
            )
        )
        found.append(
            _declared_sum(
                subject,
                ind.declared.occupations,
                sum(s.declared.occupations for s in members),
                "职业",
            )
        )
        found.append(
            _declared_sum(
                subject,
                ind.declared.specialties,
                sum(s.declared.specialties for s in members),
                "专项",
            )
        )

    total = seeds.industries.catalogue_declared
    listings = Counter(o.id for s in catalogue for o in s.occupations)
    names = {o.id: o.name for s in catalogue for o in s.occupations}
    repeated = "、".join(f"{names[i]}列在 {n} 个系列" for i, n in listings.items() if n > 1)
    note = f"{PER_SERIES}；不同的职业有 {len(listings)} 个" + (f"，{repeated}" if repeated else "")
    if sum(s.declared.occupations for s in catalogue) == total.occupations:
        note += "；各系列声明的个数合计与此相同，差额即各系列的差额，已分别列出"
    found.append(
        _count(
            "CATALOGUE_OCCUPATION_COUNT",
            CATALOGUE,
            total.occupations,
            listings.total(),
            "职业",
            note,
        )
    )
    found.append(
        _count(
            "CATALOGUE_SPECIALTY_COUNT",
            CATALOGUE,
            total.specialties,
            sum(len(s.specialties) for s in catalogue),
            "专项",
        )
    )
    if total.series is not None:
        found.append(
            _count("CATALOGUE_SERIES_COUNT", CATALOGUE, total.series, len(catalogue), "系列")
        )

    for a in seeds.catalogue.anomalies:
        found.append(
            Finding(kind=a.kind, subject=a.subject, declared=None, actual=None, message=a.message)
        )
    return [f for f in found if f is not None]
