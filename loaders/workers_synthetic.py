"""A SYNTHETIC workers-and-certificates file, in the import format, for demos and benchmarks.

Every row is marked — ``certificate_no`` starts with ``SYN-``, employers are ``…某某…有限公司`` —
and the file is only ever loaded by an explicit import. Names and ID numbers are made up; the ID
numbers are valid (GB 11643 check digit) and distinct within a file.

What is real data, from ``seeds/county_population.yaml`` (see its ``source`` blocks): counties
are drawn by resident population at the 2020 census, and each certificate's industry by that
county's split of employed persons over the three industries (2020 census long form). Within an
industry a series is drawn uniformly, then an occupation (or 专项) uniformly within the series.

What is illustrative, not sourced: the level mix (``LEVEL_WEIGHTS``), the shares of 专项 holders,
of multi-certificate holders and of rows with an employer, the ages (uniform 18–60 today), the
switch from QUALIFICATION to SKILL_LEVEL on 2020-01-01 and the growth of certification: a
holder's only certificate is dated with a weight growing ``GROWTH_BEFORE_PLAN`` a year from 2000
and ``GROWTH_IN_PLAN`` a year from the action plan's first year (2022), so that trends rise
towards the plan and projections have a pace to follow (the steps of a climb are spread evenly,
leaving room for the later ones). Levels outside the national five grades
(学徒工, 特级技师, 首席技师) are issued only from the notice that introduced the new ladder.

Rows are written as they are made; apart from a fixed-size table that keeps ID numbers distinct
(about 6 MB), memory does not grow with ``count``. The same seed, ``today`` and seed files give
the same bytes.
"""

from __future__ import annotations

import bisect
import csv
import random
import time
from array import array
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TextIO

import yaml
from pydantic import Field, ValidationError

from zhepai.domain.talent.id_numbers import make
from zhepai.loaders.seed_files import SEEDS_DIR, SeedBundle, SeedError, read_seeds
from zhepai.loaders.seed_models import Seed, Source
from zhepai.loaders.worker_rows import FIELDS

HEADER = FIELDS  # the import format, column for column
WEIGHTS_FILE = "county_population.yaml"
type Rand = Callable[[], float]

LEVEL_WEIGHTS = {
    "APPRENTICE": 3.0,
    "JUNIOR": 36.0,
    "INTERMEDIATE": 30.0,
    "SENIOR": 18.0,
    "TECHNICIAN": 8.0,
    "SENIOR_TECHNICIAN": 4.0,
    "PRINCIPAL_TECHNICIAN": 0.2,
    "CHIEF_TECHNICIAN": 0.05,
}
SPECIALTY_PERSON_SHARE = 0.10  # about 8% of rows, as occupational holders have more rows
MULTI_SHARE = 0.22  # persons with 2-4 certificates
EXTRA_CERTIFICATES = {2: 6.0, 3: 3.0, 4: 1.0}
ORIGIN_SPECIALTY_SHARE = 0.5  # a 专项 holder in a 专项's home county takes a local one
BORN_ELSEWHERE_SHARE = 0.25
EMPLOYER_SHARE = 0.7
EARLIEST_ISSUE = date(2000, 1, 1)
SKILL_LEVEL_FROM = date(2020, 1, 1)
NEW_LADDER_FROM = date(2022, 6, 6)  # the action plan's notice (seeds/README.md)
MIN_UPGRADE_DAYS = 180
GROWTH_BEFORE_PLAN = 1.08  # yearly growth of certificates issued, 2000–2021
GROWTH_IN_PLAN = 1.15  # and from the plan's first year on
PLAN_START = 2022
_SEQUENCES = 500  # per region, birth date and sex: sequence digits 000-999, odd = male
_SEQUENCE_STEP = 317  # coprime with 500, so k -> k * 317 + offset (mod 500) is a permutation

_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余杜叶程魏"
    "苏吕丁任沈姚卢傅钟姜崔谭廖范汪陆金石戴贾夏邱方侯邹熊孟秦江薛尹段雷史龙陶贺顾毛郝龚邵钱"
    "严洪应楼俞舒童柳翁"
)
_GIVEN = {
    "M": "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆旭宁龙林阳建国峰志文海东亮晨坤锋荣",
    "F": "芳娜敏静丽艳娟霞燕玲萍红婷雪琳慧莉颖倩洁佳梅琴云莹丹悦雯思怡欣蕾瑶璐晶露青月珍",
}
_TRADES = {
    "PRIMARY": ("农业开发", "茶业", "生态农业", "水产养殖", "林业"),
    "SECONDARY": ("机械", "电子", "五金", "纺织", "汽车零部件", "建设工程", "化工", "电器", "模具"),
    "TERTIARY": ("商贸", "物流", "餐饮管理", "信息技术", "家政服务", "酒店管理", "电子商务"),
}


class CountyWeights(Seed):
    code: str = Field(pattern=r"^33\d{4}$")
    name: str
    population: int = Field(gt=0)
    primary: float = Field(ge=0, le=1)
    secondary: float = Field(ge=0, le=1)
    tertiary: float = Field(ge=0, le=1)
    basis: str | None = None


class CountyPopulationFile(Seed):
    source: Source
    industry_source: Source = Field(alias="industrySource")
    hangzhou_source: Source = Field(alias="hangzhouSource")
    checks: list[str] = Field(default_factory=list)
    counties: list[CountyWeights] = Field(min_length=1)


def read_county_weights(directory: Path = SEEDS_DIR) -> CountyPopulationFile:
    path = directory / WEIGHTS_FILE
    try:
        return CountyPopulationFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise SeedError(f"{path}: {exc}") from exc


@dataclass(slots=True)
class SyntheticWorkersReport:
    path: Path
    rows: int = 0
    persons: int = 0
    specialty_rows: int = 0
    levels: Counter[str] = field(default_factory=Counter)  # "" for 专项 rows
    evaluations: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def specialty_share(self) -> float:
        return self.specialty_rows / self.rows if self.rows else 0.0

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


class _Picker[T]:
    """Weighted choice by one uniform draw and a bisect (what random.choices does, minus a list)."""

    def __init__(self, items: list[T], weights: list[float]) -> None:
        self.items = items
        self._cumulative: list[float] = []
        total = 0.0
        for w in weights:
            total += w
            self._cumulative.append(total)
        self._hi = len(items) - 1

    def pick(self, rand: Rand) -> T:
        x = rand() * self._cumulative[-1]
        return self.items[bisect.bisect(self._cumulative, x, 0, self._hi)]


@dataclass(frozen=True, slots=True)
class _County:
    index: int
    code: str
    place: str  # 温州市龙湾区 for a district, 开化县 for a county (as in bases_synthetic)
    industry: _Picker[str]


def _one[T](rand: Rand, items: Sequence[T]) -> T:
    # random.choice draws with getrandbits in Python code; one float a pick is far cheaper.
    return items[int(rand() * len(items))]


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February: the birthday falls on 1 March in a common year
        return date(day.year + years, 3, 1)


class _Generator:
    def __init__(self, seed: int, bundle: SeedBundle, weights: CountyPopulationFile, today: date):
        self.rand: Rand = random.Random(seed).random  # noqa: S311 - made-up data, not secrets
        self.today = today.toordinal()
        names = {r.code: r.name for r in bundle.regions.regions}
        rows = {c.code: c for c in weights.counties}
        codes = [r.code for r in bundle.regions.regions if r.level == "COUNTY"]
        if sorted(rows) != sorted(codes):
            raise SeedError(f"{WEIGHTS_FILE}: counties differ from regions.yaml's COUNTY codes")
        parents = {r.code: r.parent or "" for r in bundle.regions.regions}
        counties = []
        for i, code in enumerate(codes):
            row, name = rows[code], names[code]
            place = f"{names[parents[code]]}{name}" if name.endswith("区") else name
            mix = _Picker(
                ["PRIMARY", "SECONDARY", "TERTIARY"], [row.primary, row.secondary, row.tertiary]
            )
            counties.append(_County(i, code, place, mix))
        self.counties = _Picker(counties, [float(rows[c].population) for c in codes])

        series = bundle.catalogue.series
        self.occupations = {
            ind: [
                [o.id for o in s.occupations] for s in series if s.industry == ind and s.occupations
            ]
            for ind in _TRADES
        }
        self.specialties = {
            ind: [
                [p.id for p in s.specialties] for s in series if s.industry == ind and s.specialties
            ]
            for ind in _TRADES
        }
        self.local_specialties: dict[str, list[str]] = {}
        for s in series:
            for p in s.specialties:
                for origin in p.origin_regions:
                    self.local_specialties.setdefault(origin.code, []).append(p.id)

        ladder = sorted(bundle.ladder.levels, key=lambda lv: lv.rank)
        if {lv.code for lv in ladder} != set(LEVEL_WEIGHTS):
            raise SeedError("ladder.yaml: levels differ from LEVEL_WEIGHTS")
        kinds = {k.code for k in bundle.ladder.evaluation_kinds}
        if not {"QUALIFICATION", "SKILL_LEVEL", "SPECIAL_ABILITY"} <= kinds:
            raise SeedError("ladder.yaml: an evaluation kind the generator writes is missing")
        self.ladder = [lv.code for lv in ladder]
        self.new_ladder = {lv.code for lv in ladder if lv.national_grade is None}
        self.extra = _Picker(list(EXTRA_CERTIFICATES), list(EXTRA_CERTIFICATES.values()))
        self.levels = _Picker(self.ladder, [LEVEL_WEIGHTS[c] for c in self.ladder])
        national = [c for c in self.ladder if c not in self.new_ladder]
        # Upgrades stop at the top national grade: 特级/首席技师 are appointed, not climbed to.
        self.top_upgrade = self.ladder.index(national[-1])
        self.national_levels = _Picker(national, [LEVEL_WEIGHTS[c] for c in national])

        self.first_day = EARLIEST_ISSUE.toordinal()
        self.issue_weights = _issue_weights(EARLIEST_ISSUE, today)
        # Holders are 18-60 today: born from the day after their 61st birthday back from today.
        self.first_birth = _years_after(today, -61).toordinal() + 1
        self.birth_days = _years_after(today, -18).toordinal() - self.first_birth + 1
        self.used = array("H", bytes(2 * len(codes) * self.birth_days * 2))

    def person(self) -> tuple[str, str, list[tuple[str, ...]]]:
        """One person's ID number, name and certificate rows (without certificate numbers)."""
        rand = self.rand
        county = self.counties.pick(rand)
        male = rand() < 0.5
        birth, person_id = self._id_number(county, male)
        given = _GIVEN["M" if male else "F"]
        name = _one(rand, _SURNAMES) + _one(rand, given)
        if rand() < 0.8:
            name += _one(rand, given)
        industry = county.industry.pick(rand)
        employer = ""
        if rand() < EMPLOYER_SHARE:
            employer = f"{county.place}某某{_one(rand, _TRADES[industry])}有限公司"
        earliest = max(_years_after(birth, 16).toordinal(), EARLIEST_ISSUE.toordinal())
        if rand() < SPECIALTY_PERSON_SHARE:
            rows = [self._specialty(county, industry, earliest)]
        else:
            rows = self._occupational(industry, earliest)
        return person_id, name, [(*r, county.code, employer) for r in rows]

    def _id_number(self, county: _County, male: bool) -> tuple[date, str]:
        rand = self.rand
        region = county if rand() >= BORN_ELSEWHERE_SHARE else self.counties.pick(rand)
        while True:
            day = int(rand() * self.birth_days)
            slot = (region.index * self.birth_days + day) * 2 + male
            k = self.used[slot]
            if k < _SEQUENCES:  # a full slot (500 people) is drawn again with another day
                self.used[slot] = k + 1
                break
        birth = date.fromordinal(self.first_birth + day)
        seq = (k * _SEQUENCE_STEP + slot * 7919) % _SEQUENCES * 2 + male
        return birth, make(region.code, birth, seq)

    def _date(self, start: int, recent: bool) -> int:
        """A day from ``start`` to today: drawn by the year's weight (``_issue_weights``) for
        a ``recent`` certificate (a holder's only one), uniformly for a climb up the ladder,
        whose later steps need the room."""
        if not recent:
            u = self.rand()
            return min(start + int((self.today - start + 1) * u), self.today)
        cumulative = self.issue_weights
        lo_index, hi_index = start - self.first_day, self.today - self.first_day
        lo = cumulative[lo_index - 1] if lo_index > 0 else 0.0
        x = lo + self.rand() * (cumulative[hi_index] - lo)
        return self.first_day + min(bisect.bisect_left(cumulative, x, lo_index, hi_index), hi_index)

    def _specialty(self, county: _County, industry: str, earliest: int) -> tuple[str, ...]:
        rand = self.rand
        local = self.local_specialties.get(county.code)
        if local and rand() < ORIGIN_SPECIALTY_SHARE:
            specialty = _one(rand, local)
        else:
            specialty = _one(rand, _one(rand, self.specialties[industry]))
        issued = date.fromordinal(self._date(earliest, recent=True))
        return ("", specialty, "", "SPECIAL_ABILITY", issued.isoformat())

    def _occupational(self, industry: str, earliest: int) -> list[tuple[str, ...]]:
        rand = self.rand
        occupation = _one(rand, _one(rand, self.occupations[industry]))
        level = self.levels.pick(rand)
        if level in self.new_ladder and max(earliest, NEW_LADDER_FROM.toordinal()) > self.today:
            level = self.national_levels.pick(rand)
        wanted = 1
        if rand() < MULTI_SHARE:
            wanted = self.extra.pick(rand)
        rows: list[tuple[str, ...]] = []
        rank, start = self.ladder.index(level), earliest
        while True:
            if level in self.new_ladder:
                start = max(start, NEW_LADDER_FROM.toordinal())
            if start > self.today:
                break
            issued = date.fromordinal(self._date(start, recent=wanted == 1))
            kind = "QUALIFICATION" if issued < SKILL_LEVEL_FROM else "SKILL_LEVEL"
            rows.append((occupation, "", level, kind, issued.isoformat()))
            rank += 1 if rand() < 0.85 else 2  # now and then a level is skipped
            if len(rows) == wanted or rank > self.top_upgrade:
                break
            level, start = self.ladder[rank], issued.toordinal() + MIN_UPGRADE_DAYS
        return rows


def _issue_weights(first: date, today: date) -> array[float]:
    """The running sum, day by day from ``first`` to ``today``, of each day's share of its
    year's weight: a year weighs ``GROWTH_BEFORE_PLAN`` times the one before it, and from the
    plan's first year ``GROWTH_IN_PLAN`` times."""
    out = array("d")
    total = 0.0
    day = first.toordinal()
    for year in range(first.year, today.year + 1):
        weight = GROWTH_BEFORE_PLAN ** (min(year, PLAN_START - 1) - first.year)
        weight *= GROWTH_IN_PLAN ** max(0, year - PLAN_START + 1)
        per_day = weight / (date(year, 12, 31).toordinal() - date(year, 1, 1).toordinal() + 1)
        last = min(date(year, 12, 31), today).toordinal()
        while day <= last:
            total += per_day
            out.append(total)
            day += 1
    return out


def write_synthetic_workers(
    count: int, seed: int, out: Path, today: date | None = None
) -> SyntheticWorkersReport:
    """Write ``count`` certificate rows for ``seed`` to ``out`` (UTF-8 CSV, ``HEADER`` first).

    ``today`` (default: the current date) bounds ages and issue dates; pass it to reproduce a
    file byte for byte. The report counts rows, persons, levels and kinds, and the time taken.
    """
    today = today or date.today()
    if count < 0:
        raise ValueError("count must not be negative")
    if today < EARLIEST_ISSUE:
        raise ValueError(f"today must not be before {EARLIEST_ISSUE}, the earliest issue date")
    started = time.perf_counter()
    generator = _Generator(seed, read_seeds(), read_county_weights(), today)
    report = SyntheticWorkersReport(path=out)
    # "\n" endings and no BOM: identical bytes on every platform for the same seed.
    with out.open("w", encoding="utf-8", newline="", buffering=1 << 20) as handle:
        _write(generator, count, handle, report)
    report.seconds = time.perf_counter() - started
    return report


def _write(
    generator: _Generator, count: int, handle: TextIO, report: SyntheticWorkersReport
) -> None:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(HEADER)
    while report.rows < count:
        person_id, name, rows = generator.person()
        report.persons += 1
        for row in rows[: count - report.rows]:  # the last person may lose later certificates
            report.rows += 1
            writer.writerow((f"SYN-{report.rows:012d}", person_id, name, *row))
            report.levels[row[2]] += 1
            report.evaluations[row[3]] += 1
            report.specialty_rows += row[3] == "SPECIAL_ABILITY"
