"""The synthetic workers file: import shape, valid IDs, the issue rules, weights, determinism."""

from __future__ import annotations

import csv
import itertools
import re
import tracemalloc
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pytest

from zhepai.domain.talent.id_numbers import parse
from zhepai.loaders.seed_files import read_seeds
from zhepai.loaders.workers_synthetic import (
    _GIVEN,
    SyntheticWorkersReport,
    _Generator,
    read_county_weights,
    write_synthetic_workers,
)

TODAY = date(2025, 6, 1)
ROWS = 6000
EXPECTED_HEADER = (
    "certificate_no,person_id,name,occupation,specialty,level,evaluation,issued_on,"
    "region_code,employer"
)
SEEDS = read_seeds()
COUNTIES = {r.code for r in SEEDS.regions.regions if r.level == "COUNTY"}
RANK = {lv.code: lv.rank for lv in SEEDS.ladder.levels}
NEW_LADDER = {lv.code for lv in SEEDS.ladder.levels if lv.national_grade is None}
INDUSTRY = {o.id: s.industry for s in SEEDS.catalogue.series for o in s.occupations}
SPECIALTIES = {p.id for s in SEEDS.catalogue.series for p in s.specialties}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SyntheticWorkersReport]:
    out = tmp_path_factory.mktemp("synthetic") / "workers.csv"
    return out, write_synthetic_workers(ROWS, seed=1, out=out, today=TODAY)


@pytest.fixture(scope="module")
def rows(generated: tuple[Path, SyntheticWorkersReport]) -> list[dict[str, str]]:
    with generated[0].open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_header_and_shape_fit_the_import(
    generated: tuple[Path, SyntheticWorkersReport], rows: list[dict[str, str]]
) -> None:
    path, report = generated
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[0] == EXPECTED_HEADER
    assert lines[-1] == ""  # newline-terminated, no BOM, no blank rows
    assert len(rows) == report.rows == ROWS
    for row in rows:
        assert None not in row and None not in row.values()  # exactly ten fields
        for column in ("certificate_no", "person_id", "name", "evaluation", "issued_on"):
            assert row[column], column
        assert row["region_code"] in COUNTIES
        assert bool(row["occupation"]) != bool(row["specialty"])  # exactly one of them


def test_certificate_numbers_are_unique_and_marked(rows: list[dict[str, str]]) -> None:
    numbers = [row["certificate_no"] for row in rows]
    assert len(set(numbers)) == len(numbers)
    assert all(re.fullmatch(r"SYN-\d{12}", n) for n in numbers)


def test_every_person_id_is_a_valid_zhejiang_number_of_one_person(
    generated: tuple[Path, SyntheticWorkersReport], rows: list[dict[str, str]]
) -> None:
    names: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        parsed = parse(row["person_id"], today=TODAY)
        assert parsed.region in COUNTIES
        given = row["name"][1:]
        assert 1 <= len(given) <= 2
        assert set(given) <= set(_GIVEN[parsed.sex])  # the name fits the sex in the number
        names[row["person_id"]].add(row["name"])
    assert all(len(n) == 1 for n in names.values())
    # A person's rows are written together: distinct IDs = persons means no ID was reused.
    assert len(names) == generated[1].persons


def test_issue_dates_and_evaluation_kinds_follow_the_rules(rows: list[dict[str, str]]) -> None:
    for row in rows:
        holder = parse(row["person_id"], today=TODAY)
        issued = date.fromisoformat(row["issued_on"])
        age_today = (
            TODAY.year
            - holder.birth_date.year
            - ((TODAY.month, TODAY.day) < (holder.birth_date.month, holder.birth_date.day))
        )
        assert 18 <= age_today <= 60
        assert issued <= TODAY
        sixteenth = holder.birth_date.replace(year=holder.birth_date.year + 16)
        assert issued >= sixteenth
        if row["evaluation"] == "SPECIAL_ABILITY":
            assert row["specialty"] in SPECIALTIES
            assert row["occupation"] == row["level"] == ""
            continue
        assert row["occupation"] in INDUSTRY
        assert row["level"] in RANK
        assert row["evaluation"] == (
            "QUALIFICATION" if issued < date(2020, 1, 1) else "SKILL_LEVEL"
        )
        if row["level"] in NEW_LADDER:
            assert issued >= date(2022, 6, 6)


def test_levels_lean_to_junior_and_intermediate(
    generated: tuple[Path, SyntheticWorkersReport], rows: list[dict[str, str]]
) -> None:
    report = generated[1]
    assert Counter(row["level"] for row in rows) == report.levels
    occupational = [level for level, _ in report.levels.most_common() if level]
    assert set(occupational[:2]) == {"JUNIOR", "INTERMEDIATE"}
    assert report.levels["CHIEF_TECHNICIAN"] < report.levels["SENIOR_TECHNICIAN"] / 10
    assert 0.05 < report.specialty_share < 0.12
    assert sum(report.evaluations.values()) == report.rows


def test_multiple_certificates_climb_the_same_occupation(rows: list[dict[str, str]]) -> None:
    by_person: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_person[row["person_id"]].append(row)
    several = [r for r in by_person.values() if len(r) > 1]
    assert 0.12 < len(several) / len(by_person) < 0.30
    assert max(len(r) for r in several) <= 4
    for certificates in several:
        assert len({c["occupation"] for c in certificates}) == 1
        assert len({c["region_code"] for c in certificates}) == 1
        ranks = [RANK[c["level"]] for c in certificates]
        dates = [c["issued_on"] for c in certificates]
        assert ranks == sorted(set(ranks))
        assert dates == sorted(set(dates))


def test_counties_follow_population_and_industries_the_mix(rows: list[dict[str, str]]) -> None:
    weights = read_county_weights().counties
    by_size = sorted(weights, key=lambda c: c.population)
    counts = Counter(row["region_code"] for row in rows)
    assert counts[by_size[-1].code] > 5 * counts[by_size[0].code]  # 萧山区 vs 嵊泗县, 30:1
    top, bottom = by_size[-10:], by_size[:10]
    assert sum(counts[c.code] for c in top) > 3 * sum(counts[c.code] for c in bottom)
    industries = Counter(INDUSTRY[row["occupation"]] for row in rows if row["occupation"])
    total = sum(industries.values())
    # The seed's population-weighted mix is 5.9 : 48.3 : 45.9.
    assert 0.03 < industries["PRIMARY"] / total < 0.09
    assert 0.42 < industries["SECONDARY"] / total < 0.55
    assert 0.40 < industries["TERTIARY"] / total < 0.52


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    a, b, c = (tmp_path / f"{name}.csv" for name in "abc")
    write_synthetic_workers(500, seed=7, out=a, today=TODAY)
    write_synthetic_workers(500, seed=7, out=b, today=TODAY)
    write_synthetic_workers(500, seed=8, out=c, today=TODAY)
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()


def test_zero_rows_is_a_header_only_file(tmp_path: Path) -> None:
    out = tmp_path / "empty.csv"
    report = write_synthetic_workers(0, seed=1, out=out, today=TODAY)
    assert (report.rows, report.persons) == (0, 0)
    assert out.read_text(encoding="utf-8") == EXPECTED_HEADER + "\n"


def test_memory_does_not_grow_with_the_row_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Sample the traced memory every 1,000 persons, once the seeds are read and the run is on.
    samples: list[int] = []
    person = _Generator.person
    calls = itertools.count(1)

    def sampled(generator: _Generator) -> tuple[str, str, list[tuple[str, ...]]]:
        if next(calls) % 1000 == 0:
            samples.append(tracemalloc.get_traced_memory()[0])
        return person(generator)

    monkeypatch.setattr(_Generator, "person", sampled)
    tracemalloc.start()
    try:
        write_synthetic_workers(20_000, seed=2, out=tmp_path / "m.csv", today=TODAY)
    finally:
        tracemalloc.stop()
    assert len(samples) >= 15
    assert max(samples) - samples[0] < 256 * 1024  # flat from person 1,000 to ~16,000


def test_the_weights_file_is_the_census_and_matches_the_regions() -> None:
    weights = read_county_weights()
    codes = [c.code for c in weights.counties]
    assert sorted(codes) == sorted(COUNTIES)
    by_code = {c.code: c for c in weights.counties}
    # The census total of Zhejiang's resident population (2020-11-01).
    assert sum(c.population for c in weights.counties) == 64_567_588
    # The six Hangzhou districts reformed in 2021 add up to their census-day predecessors.
    reformed = ("330102", "330105", "330109", "330110", "330113", "330114")
    assert sum(by_code[c].population for c in reformed) == 7_627_815
    for county in weights.counties:
        assert abs(county.primary + county.secondary + county.tertiary - 1) < 0.002


def test_issue_dates_grow_year_by_year_and_faster_in_the_plan(
    rows: list[dict[str, str]],
) -> None:
    per_year = Counter(int(r["issued_on"][:4]) for r in rows)
    # more certificates each five years, and every year of the plan more than the one before
    assert per_year[2005] < per_year[2010] < per_year[2015] < per_year[2020]
    assert per_year[2021] < per_year[2022] < per_year[2023] < per_year[2024]
    # growth over the plan's years outpaces growth over three years before it
    assert per_year[2024] / per_year[2021] > per_year[2018] / per_year[2015] * 1.1
    # and some certificates go back to the earliest years, for long trends
    assert min(per_year) <= 2002
