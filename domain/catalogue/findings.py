"""Data-quality findings: where the notice's declared counts and its lists disagree.

The loader never corrects the source. It records each disagreement, and every irregularity
noted while extracting the seeds (``anomalies`` in catalogue.yaml), as a finding.
"""

from __future__ import annotations

from dataclasses import dataclass

from zhepai.loaders.seed_files import SeedBundle


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


def _count(kind: str, subject: str, declared: int, actual: int, what: str) -> Finding | None:
    if declared == actual:
        return None
    return Finding(
        kind=kind,
        subject=subject,
        declared=declared,
        actual=actual,
        message=f"{subject}: the directory declares {declared} {what}, the list has {actual}",
    )


def compute_findings(seeds: SeedBundle) -> list[Finding]:
    found: list[Finding | None] = []
    catalogue = seeds.catalogue.series
    for s in catalogue:
        subject = f"series {s.code} {s.name}"
        found.append(
            _count(
                "SERIES_OCCUPATION_COUNT",
                subject,
                s.declared.occupations,
                len(s.occupations),
                "occupations",
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
        subject = f"industry {ind.code} {ind.name}"
        if ind.declared.series is not None:
            found.append(
                _count(
                    "INDUSTRY_SERIES_COUNT", subject, ind.declared.series, len(members), "series"
                )
            )
        found.append(
            _count(
                "INDUSTRY_OCCUPATION_COUNT",
                subject,
                ind.declared.occupations,
                sum(len(s.occupations) for s in members),
                "occupations (counted per series, as the directory does)",
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
            _count(
                "INDUSTRY_DECLARED_SUM",
                f"{subject} occupations",
                ind.declared.occupations,
                sum(s.declared.occupations for s in members),
                "occupations, its series' declared counts add up to",
            )
        )
        found.append(
            _count(
                "INDUSTRY_DECLARED_SUM",
                f"{subject} 专项",
                ind.declared.specialties,
                sum(s.declared.specialties for s in members),
                "专项, its series' declared counts add up to",
            )
        )

    total = seeds.industries.catalogue_declared
    distinct = {o.id for s in catalogue for o in s.occupations}
    found.append(
        _count(
            "CATALOGUE_OCCUPATION_COUNT",
            "catalogue",
            total.occupations,
            len(distinct),
            "occupations (distinct)",
        )
    )
    found.append(
        _count(
            "CATALOGUE_SPECIALTY_COUNT",
            "catalogue",
            total.specialties,
            sum(len(s.specialties) for s in catalogue),
            "专项",
        )
    )
    if total.series is not None:
        found.append(
            _count("CATALOGUE_SERIES_COUNT", "catalogue", total.series, len(catalogue), "series")
        )

    for a in seeds.catalogue.anomalies:
        found.append(
            Finding(kind=a.kind, subject=a.subject, declared=None, actual=None, message=a.message)
        )
    return [f for f in found if f is not None]
