"""Hand-made certificate rows for the worker tests: a few persons, every field spelled out."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from zhepai.domain.talent.id_numbers import make
from zhepai.loaders.worker_rows import FIELDS

SECRET = b"test-person-key-secret-of-32-bytes-or-more"
CREDENTIAL_SECRET = "test-credential-secret-of-32-bytes-or-more"  # noqa: S105 - tests only
TODAY = date(2026, 11, 28)

# 开化县 330824, 柯城区 330802 (衢州), 西湖区 330106 (杭州)
ZHANG = make("330824", date(1990, 5, 17), 123)  # male
LI = make("330824", date(1985, 2, 3), 222)  # female
WANG = make("330106", date(2000, 8, 8), 301)
ZHAO = make("330802", date(1979, 12, 1), 9)

CHEGONG, XIGONG = "OCC-0461", "OCC-0462"  # 车工, 铣工: series 16
GANJU = "SPC-001"  # 柑橘繁育 (专项), series 01


def row(
    no: str,
    person: str,
    name: str,
    occupation: str = "",
    specialty: str = "",
    level: str = "",
    evaluation: str = "SKILL_LEVEL",
    issued_on: str = "2023-06-01",
    region: str = "330824",
    employer: str = "",
) -> list[str]:
    return [no, person, name, occupation, specialty, level, evaluation, issued_on, region, employer]


GOOD = [
    row("C-0001", ZHANG, "张三", CHEGONG, level="JUNIOR", issued_on="2015-06-01"),
    row("C-0002", ZHANG, "张三", CHEGONG, level="SENIOR", issued_on="2021-06-01"),
    row("C-0003", LI, "李四", specialty=GANJU, evaluation="SPECIAL_ABILITY",
        issued_on="2022-04-01"),
    row("C-0004", WANG, "王五", XIGONG, level="TECHNICIAN", region="330106", issued_on="2024-01-15",
        employer="杭州某机械有限公司"),
    row("C-0005", ZHAO, "赵六", CHEGONG, level="APPRENTICE", region="330802"),
    row("C-0006", ZHAO, "赵六", "车工", level="INTERMEDIATE", evaluation="QUALIFICATION",
        region="330802", issued_on="2019-03-01"),
]  # fmt: skip


def write_csv(path: Path, rows: list[list[str]], header: tuple[str, ...] = FIELDS) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def read_rejects(path: Path) -> dict[int, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {int(r["line"]): r for r in csv.DictReader(handle)}
