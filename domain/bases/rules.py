"""What makes a base valid, for the CSV import and the GraphQL mutations alike.

Shape (types, ranges, allowed codes) is checked by the pydantic model; references (the
county exists, the series exist) by ``BaseRules`` against the catalogue in the store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from zhepai.domain.problems import Problem
from zhepai.domain.text import no_control
from zhepai.graph.bases import ACTIVE, KINDS, LEVELS
from zhepai.graph.catalogue import CatalogueRepository
from zhepai.graph.records import BaseRecord
from zhepai.graph.regions import RegionRepository
from zhepai.graph.store import GraphStore

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")

# Each field as a message names it (fields are named as in the CSV header).
LABELS = {
    "id": "编号", "name": "名称", "kind": "类型", "level": "级别", "region_code": "所在县(市、区)",
    "series": "系列", "designated_year": "认定年份", "capacity": "培训规模",
}  # fmt: skip


class BaseInputRow(BaseModel):
    """One base as given; fields named as in the CSV header."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str
    name: str = Field(min_length=1, max_length=200)
    kind: str
    level: str | None = None
    region_code: str
    series: tuple[str, ...] = Field(min_length=1)
    designated_year: int | None = Field(default=None, ge=1949)
    capacity: int | None = Field(default=None, ge=0, le=1_000_000)

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError(
                f"编号 {value!r} 不合规：须为 1–64 个字母、数字、“.”“_”或“-”，以字母或数字开头"
            )
        return value

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        try:
            checked = no_control(value)
        except ValueError:
            raise ValueError("名称含有控制字符或格式字符") from None
        assert checked is not None
        return checked

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        if value not in KINDS:
            raise ValueError(f"类型 {value!r} 不合规：须为 {'、'.join(KINDS)} 之一")
        return value

    @field_validator("level")
    @classmethod
    def _level(cls, value: str | None) -> str | None:
        if value is not None and value not in LEVELS:
            raise ValueError(f"级别 {value!r} 不合规：须为 {'、'.join(LEVELS)} 之一，或留空")
        return value

    @field_validator("series")
    @classmethod
    def _series(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for code in value:
            if not re.match(r"^\d{2}$", code):
                raise ValueError(f"系列 {code!r} 不合规：须为两位数字代码")
        if len(set(value)) != len(value):
            raise ValueError("系列重复列出")
        return tuple(sorted(value))

    @field_validator("designated_year")
    @classmethod
    def _not_future(cls, value: int | None) -> int | None:
        if value is not None and value > datetime.now(UTC).year:
            raise ValueError(f"认定年份 {value} 晚于今年")
        return value

    @model_validator(mode="after")
    def _level_for_training_bases(self) -> BaseInputRow:
        if self.kind == "TRAINING_BASE" and self.level is None:
            raise ValueError(f"level: 培训基地（TRAINING_BASE）须有级别：{'、'.join(LEVELS)} 之一")
        if self.kind != "TRAINING_BASE" and self.level is not None:
            raise ValueError(f"level: 只有培训基地有级别，{self.kind} 的级别须留空")
        return self


def shape_problems(error: ValidationError) -> list[Problem]:
    """Pydantic's errors as problems, each message in Chinese and naming its field."""
    problems = []
    for e in error.errors():
        field = str(e["loc"][0]) if e["loc"] else ""
        message = str(e["msg"]).removeprefix("Value error, ")
        if e["type"] != "value_error":
            message = _shape_message(LABELS.get(field, field), e["type"], e.get("ctx") or {})
        elif not field and message.startswith("level: "):
            field, message = "level", message.removeprefix("level: ")
        problems.append(Problem(field=field, code="INVALID", message=message))
    return problems


# Pydantic's error types, as messages naming the field ({label}) and its limits ({ctx}).
_SHAPE_MESSAGES = {
    "missing": "缺少{label}",
    "string_too_short": "{label}不能为空",
    "string_too_long": "{label}最多 {max_length} 个字符",
    "too_short": "{label}至少要有 {min_length} 项",
    "greater_than_equal": "{label}不能小于 {ge}",
    "less_than_equal": "{label}不能大于 {le}",
    "int_parsing": "{label}须为整数",
    "int_from_float": "{label}须为整数",
    "int_type": "{label}须为整数",
    "extra_forbidden": "未知字段 {label}",
}


def _shape_message(label: str, kind: str, ctx: dict[str, Any]) -> str:
    template = _SHAPE_MESSAGES.get(kind, "{label}不合规（{kind}）")
    return template.format(label=label, kind=kind, **ctx)


@dataclass(frozen=True, slots=True)
class BaseRules:
    """The catalogue facts a base must agree with."""

    counties: frozenset[str]
    series: frozenset[str]

    @classmethod
    async def load(cls, store: GraphStore) -> BaseRules:
        regions = await RegionRepository(store).regions("COUNTY", None, None, None)
        series = await CatalogueRepository(store).series_list(None)
        return cls(frozenset(r.code for r in regions), frozenset(s.code for s in series))

    def check(self, row: BaseInputRow) -> list[Problem]:
        problems = []
        if row.region_code not in self.counties:
            problems.append(
                Problem(
                    "region_code",
                    "NOT_FOUND",
                    f"所在县(市、区) {row.region_code} 不是浙江省的县(市、区)",
                )
            )
        unknown = [c for c in row.series if c not in self.series]
        if unknown:
            problems.append(Problem("series", "NOT_FOUND", f"系列 {'、'.join(unknown)} 不存在"))
        return problems

    @staticmethod
    def to_write(row: BaseInputRow) -> BaseRecord:
        """The base ``row`` states, active."""
        return BaseRecord(
            id=row.id,
            name=row.name,
            kind=row.kind,
            level=row.level,
            region_code=row.region_code,
            series_codes=row.series,
            designated_year=row.designated_year,
            capacity=row.capacity,
            status=ACTIVE,
        )
