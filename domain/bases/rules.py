"""What makes a base valid, for the CSV import and the GraphQL mutations alike.

Shape (types, ranges, allowed codes) is checked by the pydantic model; references (the
county exists, the series exist) by ``BaseRules`` against the catalogue in the store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from zhepai.domain.text import no_control
from zhepai.graph.bases import KINDS, LEVELS, BaseWrite
from zhepai.graph.catalogue import CatalogueRepository
from zhepai.graph.regions import RegionRepository
from zhepai.graph.store import GraphStore
from zhepai.loaders.csv_files import Problem

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


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
                "1–64 letters, digits, '.', '_' or '-', starting with a letter or digit"
            )
        return value

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        checked = no_control(value)
        assert checked is not None
        return checked

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        if value not in KINDS:
            raise ValueError(f"one of {', '.join(KINDS)}")
        return value

    @field_validator("level")
    @classmethod
    def _level(cls, value: str | None) -> str | None:
        if value is not None and value not in LEVELS:
            raise ValueError(f"one of {', '.join(LEVELS)}, or empty")
        return value

    @field_validator("series")
    @classmethod
    def _series(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for code in value:
            if not re.match(r"^\d{2}$", code):
                raise ValueError(f"{code!r} is not a two-digit series code")
        if len(set(value)) != len(value):
            raise ValueError("a series is listed twice")
        return tuple(sorted(value))

    @field_validator("designated_year")
    @classmethod
    def _not_future(cls, value: int | None) -> int | None:
        if value is not None and value > datetime.now(UTC).year:
            raise ValueError("is in the future")
        return value

    @model_validator(mode="after")
    def _level_for_training_bases(self) -> BaseInputRow:
        if self.kind == "TRAINING_BASE" and self.level is None:
            raise ValueError("level: a TRAINING_BASE needs a level (PROVINCE, CITY or COUNTY)")
        if self.kind != "TRAINING_BASE" and self.level is not None:
            raise ValueError(f"level: only training bases have a level, not a {self.kind}")
        return self


def shape_problems(error: ValidationError) -> list[Problem]:
    problems = []
    for e in error.errors():
        loc = [str(p) for p in e["loc"]]
        message = str(e["msg"]).removeprefix("Value error, ")
        field = loc[0] if loc else ""
        if not field and message.startswith("level:"):
            field, message = "level", message.removeprefix("level: ")
        problems.append(Problem(field=field, code="INVALID", message=message))
    return problems


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
                Problem("region_code", "NOT_FOUND", f"{row.region_code} is not a Zhejiang county")
            )
        unknown = [c for c in row.series if c not in self.series]
        if unknown:
            problems.append(Problem("series", "NOT_FOUND", f"unknown series {', '.join(unknown)}"))
        return problems

    @staticmethod
    def to_write(row: BaseInputRow) -> BaseWrite:
        return BaseWrite(
            id=row.id,
            name=row.name,
            kind=row.kind,
            level=row.level,
            region_code=row.region_code,
            series_codes=row.series,
            designated_year=row.designated_year,
            capacity=row.capacity,
        )
