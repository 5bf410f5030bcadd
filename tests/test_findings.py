"""Data-quality findings: declared and listed counts compared on one basis, said in Chinese."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from zhepai.domain.catalogue.findings import Finding, compute_findings
from zhepai.loaders.seed_files import read_seeds

# A word of Latin letters (codes such as PRIMARY or OCC-0002 included): none belongs in a
# text shown to users.
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def _by_id(findings: list[Finding]) -> dict[str, Finding]:
    return {f.id: f for f in findings}


def test_the_catalogue_is_counted_per_series_like_the_directory() -> None:
    found = _by_id(compute_findings(read_seeds()))
    catalogue = found["CATALOGUE_OCCUPATION_COUNT:全目录"]
    # 901 listings (园艺工 three times), as the directory's 900 adds up its series
    assert (catalogue.declared, catalogue.actual) == (900, 901)
    assert "园艺工列在 3 个系列" in catalogue.message
    assert "不同的职业有 899 个" in catalogue.message
    industry = found["INDUSTRY_OCCUPATION_COUNT:第二产业"]
    assert (industry.declared, industry.actual) == (585, 586)
    # 第一产业 lists 39 (37 distinct): on the directory's basis there is nothing to report
    assert "INDUSTRY_OCCUPATION_COUNT:第一产业" not in found
    assert (found["SERIES_OCCUPATION_COUNT:系列 18 建筑施工"].actual) == 37


def test_without_the_one_extra_occupation_the_catalogue_agrees(seeds_copy: Path) -> None:
    # 建筑施工 lists one occupation more than it declares; that is the only real difference
    path = seeds_copy / "catalogue.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    building = next(s for s in data["series"] if s["code"] == "18")
    assert building["occupations"].pop()["name"] == "装配式建筑施工员"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    found = _by_id(compute_findings(read_seeds(seeds_copy)))
    assert not any(key.startswith("CATALOGUE_OCCUPATION_COUNT") for key in found)
    assert not any(key.startswith("INDUSTRY_OCCUPATION_COUNT") for key in found)
    assert "SERIES_OCCUPATION_COUNT:系列 18 建筑施工" not in found


def test_every_finding_is_said_in_chinese() -> None:
    findings = compute_findings(read_seeds())
    assert len(findings) >= 15
    for f in findings:
        assert f.message and not LATIN_WORD.search(f.message), f.message
        assert not LATIN_WORD.search(f.subject), f.subject
