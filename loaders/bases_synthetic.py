"""A SYNTHETIC bases file, in the import format, for demos, load tests and gap planning.

No list of the real bases is public in machine-readable form, so this makes a plausible one
with the plan's numbers (四、(二): 50 province, 100 city and 200 county training bases, 500
lead enterprises, 100 characteristic villages), plus 25 public training centres and 25
technical colleges. Every row is marked — id prefix ``SYN-``, name suffix ``（合成数据）`` — and
the file is only ever loaded by an explicit ``zhepai import bases``. Regions and series come
from the seed files (not the store), so the same seed gives the same bytes anywhere.
"""

from __future__ import annotations

import csv
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from zhepai.loaders.bases_import import HEADER
from zhepai.loaders.seed_files import SeedBundle, read_seeds

SYNTHETIC_MARK = "（合成数据）"
MOUNTAIN = "MOUNTAIN_26"

# (kind, level, how many): the plan's targets, then the two kinds the plan names without a
# number (a modest 25 each, so the totals stay round at 1,000).
PLAN = (
    ("TRAINING_BASE", "PROVINCE", 50),
    ("TRAINING_BASE", "CITY", 100),
    ("TRAINING_BASE", "COUNTY", 200),
    ("LEAD_ENTERPRISE", None, 500),
    ("CHARACTERISTIC_VILLAGE", None, 100),
    ("PUBLIC_TRAINING_CENTRE", None, 25),
    ("TECHNICAL_COLLEGE", None, 25),
)

# Weights of the three industries when picking a base's main series.
_INDUSTRY_MIX = {
    "TRAINING_BASE": {"PRIMARY": 2, "SECONDARY": 5, "TERTIARY": 4},
    "LEAD_ENTERPRISE": {"PRIMARY": 1, "SECONDARY": 16, "TERTIARY": 3},
    "CHARACTERISTIC_VILLAGE": {"PRIMARY": 16, "SECONDARY": 2, "TERTIARY": 2},
    "PUBLIC_TRAINING_CENTRE": {"PRIMARY": 1, "SECONDARY": 4, "TERTIARY": 5},
    "TECHNICAL_COLLEGE": {"PRIMARY": 1, "SECONDARY": 6, "TERTIARY": 4},
}
_LEVEL_WORD = {"PROVINCE": "省级", "CITY": "市级", "COUNTY": "县级"}

_BRAND_FIRST = "恒华宏锦瑞鑫泰永盛嘉万金天新富德安兴隆正信达通明远昌"
_BRAND_SECOND = "源达丰盛利通和泰邦诚晟宇辉科创联业成茂祥发"
_ENTERPRISE_TAIL = ("股份有限公司", "有限公司", "集团有限公司")
_VILLAGE_FIRST = "上下东西南北前后大小石竹梅桃溪山岭塘"
_VILLAGE_SECOND = "坑坪岙源口头湾垟岩桥田坞"


@dataclass(frozen=True, slots=True)
class _County:
    code: str
    name: str
    city_name: str
    city_code: str
    mountain: bool

    @property
    def place(self) -> str:
        # A district is named with its city (杭州市萧山区); a county or county-level city
        # stands on its own name (淳安县, 建德市), as official base names do.
        return f"{self.city_name}{self.name}" if self.name.endswith("区") else self.name


@dataclass(frozen=True, slots=True)
class _Series:
    code: str
    name: str
    industry: str


@dataclass(slots=True)
class SyntheticReport:
    path: Path
    rows: int = 0
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)  # (kind, level or "")
    mountain_rows: int = 0


class _Generator:
    def __init__(self, seed: int, bundle: SeedBundle) -> None:
        self._rng = random.Random(seed)  # noqa: S311 - made-up data, not secrets
        names = {r.code: r.name for r in bundle.regions.regions}
        mountain = next(
            (set(d.members) for d in bundle.designations.designations if d.code == MOUNTAIN),
            set(),
        )
        self.counties = [
            _County(r.code, r.name, names[r.parent or ""], r.parent or "", r.code in mountain)
            for r in bundle.regions.regions
            if r.level == "COUNTY"
        ]
        self.cities = sorted({c.city_code for c in self.counties})
        self.series = [_Series(s.code, s.name, s.industry) for s in bundle.catalogue.series]
        self._names: set[str] = set()

    def rows(self) -> list[list[str]]:
        out: list[list[str]] = []
        for kind, level, count in PLAN:
            for i in range(count):
                county = self._county(kind, level, i)
                series = self._series(kind)
                name = self._name(kind, level, county, series[0])
                out.append(
                    [
                        f"SYN-B{len(out) + 1:04d}",
                        name,
                        kind,
                        level or "",
                        county.code,
                        ";".join(sorted(s.code for s in series)),
                        str(self._rng.randint(2022, 2025)),
                        self._capacity(kind),
                    ]
                )
        return out

    def _in_city(self, city: str) -> list[_County]:
        return [c for c in self.counties if c.city_code == city]

    def _county(self, kind: str, level: str | None, i: int) -> _County:
        rng = self._rng
        if level == "CITY" or (kind == "PUBLIC_TRAINING_CENTRE" and i < len(self.cities)):
            # City bases: round the cities (about 9 each); one training centre per city first.
            return rng.choice(self._in_city(self.cities[i % len(self.cities)]))
        if level == "PROVINCE" or kind == "TECHNICAL_COLLEGE":
            # In a city's urban districts, spread over the cities.
            city = rng.choice(self.cities)
            districts = [c for c in self._in_city(city) if c.name.endswith("区")]
            return rng.choice(districts or self._in_city(city))
        # Everywhere else, by county. Mountain counties get fewer bases (the gap the
        # planning tools are meant to find), except characteristic villages, which are
        # mostly rural and mountainous.
        heavy = kind == "CHARACTERISTIC_VILLAGE"
        weights = [
            (6 if heavy else 1) if c.mountain else (1 if heavy else 3) for c in self.counties
        ]
        return rng.choices(self.counties, weights=weights)[0]

    def _series(self, kind: str) -> list[_Series]:
        rng = self._rng
        mix = _INDUSTRY_MIX[kind]
        industry = rng.choices(list(mix), weights=list(mix.values()))[0]
        main = rng.choice([s for s in self.series if s.industry == industry])
        chosen = [main]
        for _ in range(rng.choices((0, 1, 2), weights=(5, 3, 2))[0]):
            # Extra series mostly from the same industry, now and then from another.
            pool = [
                s
                for s in self.series
                if s not in chosen and (s.industry == industry or rng.random() < 0.1)
            ]
            chosen.append(rng.choice(pool))
        return chosen

    def _capacity(self, kind: str) -> str:
        if self._rng.random() < 0.12:
            return ""  # not every designation states a capacity
        high = 800 if kind == "CHARACTERISTIC_VILLAGE" else 2000
        return str(self._rng.randrange(50, high + 1, 10))

    def _name(self, kind: str, level: str | None, county: _County, main: _Series) -> str:
        rng = self._rng
        place, city = county.place, county.city_name
        if kind == "TRAINING_BASE":
            variants = [f"{place}{main.name}“浙派工匠”{_LEVEL_WORD[level or 'COUNTY']}培育基地"]
        elif kind == "LEAD_ENTERPRISE":
            brand = rng.choice(_BRAND_FIRST) + rng.choice(_BRAND_SECOND)
            variants = [f"浙江{brand}{main.name}{rng.choice(_ENTERPRISE_TAIL)}"]
        elif kind == "CHARACTERISTIC_VILLAGE":
            village = rng.choice(_VILLAGE_FIRST) + rng.choice(_VILLAGE_SECOND)
            variants = [f"{county.name}{village}村“浙派工匠”特色乡村"]
        elif kind == "PUBLIC_TRAINING_CENTRE":
            variants = [f"{place}公共实训基地", f"{place}{main.name}公共实训基地"]
        else:
            variants = [f"{city}技师学院", f"{place}技工学校", f"{city}{main.name}技师学院"]
        # Names are unique in the file, as real designations are: a clash falls back to a
        # more specific variant, then to a numbered one.
        numbered = (f"{variants[-1]}（{n}）" for n in range(2, 100))
        for name in (*variants, *numbered):
            if name not in self._names:
                self._names.add(name)
                return f"{name}{SYNTHETIC_MARK}"
        raise RuntimeError(f"no unique name for a {kind} in {county.name}")  # pragma: no cover


def write_synthetic(seed: int, out: Path, bundle: SeedBundle | None = None) -> SyntheticReport:
    """Write the synthetic file for ``seed`` to ``out``; the same seed gives the same bytes."""
    bundle = bundle or read_seeds()
    generator = _Generator(seed, bundle)
    rows = generator.rows()
    mountain = {c.code for c in generator.counties if c.mountain}
    report = SyntheticReport(path=out, rows=len(rows))
    # "\n" endings and no BOM: identical bytes on every platform for the same seed.
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    for row in rows:
        report.counts[(row[2], row[3])] += 1
        report.mountain_rows += row[4] in mountain
    return report
