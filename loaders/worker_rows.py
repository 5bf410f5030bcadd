"""What makes a certificate row valid, for the worker import (CSV and JSON Lines).

Shape (types, formats, lengths) is checked by the pydantic model; the rest — the ID number
(GB 11643 checksum and birth date), catalogue references, the level / evaluation / 专项
rules and the issue date against the holder's age — by ``WorkerRules``, which names the
field each problem is in.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from zhepai.domain.problems import Problem
from zhepai.domain.talent.cells import VALID
from zhepai.domain.talent.id_numbers import IdNumber, InvalidIdNumber, mask, parse, person_key
from zhepai.domain.text import NO_CONTROL_PATTERN
from zhepai.graph.catalogue import CatalogueRepository
from zhepai.graph.ladder import LadderRepository
from zhepai.graph.regions import RegionRepository
from zhepai.graph.store import GraphStore
from zhepai.graph.workers import CertificateRecord, PersonWrite

FIELDS = (
    "certificate_no",
    "person_id",
    "name",
    "occupation",
    "specialty",
    "level",
    "evaluation",
    "issued_on",
    "region_code",
    "employer",
)
Evaluation = Literal["QUALIFICATION", "SKILL_LEVEL", "SPECIAL_ABILITY"]
EVALUATIONS: tuple[str, ...] = get_args(Evaluation)
MIN_AGE = 16

# The rules of a row's shape are pydantic's own constraints (patterns, a Literal), which it
# checks in Rust, not Python validators, which it would call back for every field;
# ``shape_problems`` words what they find.
_CERTIFICATE_NO = r"^[A-Za-z0-9][A-Za-z0-9-]{3,39}$"
Text = Annotated[str, StringConstraints(pattern=NO_CONTROL_PATTERN)]
_TEXT_FIELDS = ("name", "employer", "occupation", "specialty")
_MESSAGES = {
    ("certificate_no", "string_pattern_mismatch"): (
        "4–40 letters, digits or '-', starting with a letter or digit"
    ),
    ("evaluation", "literal_error"): f"one of {', '.join(EVALUATIONS)}",
    # the rejects file is the operator's, worded in English like every reason in it
    **{
        (field, "string_pattern_mismatch"): "contains control or format characters"
        for field in _TEXT_FIELDS
    },
}


class WorkerRow(BaseModel):
    """One certificate as given; fields named as in the CSV header, empty cells left out."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    certificate_no: Annotated[str, StringConstraints(pattern=_CERTIFICATE_NO)]
    person_id: str
    name: Text = Field(min_length=1, max_length=50)
    occupation: Text | None = None
    specialty: Text | None = None
    level: str | None = None
    evaluation: Evaluation
    issued_on: date
    region_code: str
    employer: Text | None = Field(default=None, max_length=200)


def shape_problems(error: ValidationError) -> list[Problem]:
    problems = []
    for e in error.errors():
        field = str(e["loc"][0]) if e["loc"] else ""
        message = _MESSAGES.get((field, e["type"])) or str(e["msg"]).removeprefix("Value error, ")
        code = "MISSING" if e["type"] == "missing" else "INVALID"
        problems.append(Problem(field=field, code=code, message=message))
    return problems


@dataclass(frozen=True, slots=True)
class Reference:
    id: str
    series: str


@dataclass(slots=True)  # built for every row imported: frozen ones build several times slower
class Accepted:
    person: PersonWrite
    certificate: CertificateRecord


@dataclass(slots=True)  # built for every row imported: frozen ones build several times slower
class Holder:
    """An ID number checked, with what the graph stores of it."""

    number: IdNumber
    key: str  # person_key
    masked: str


class Holders:
    """ID numbers checked and keyed, remembering the last one: files tend to list a person's
    certificates together (a fifth of the rows of a generated file repeat the number of the
    row before), and the checksum, the birth date, the HMAC and the mask cost about a
    fifth of a row's check."""

    def __init__(self, secret: bytes, today: date) -> None:
        self._secret = secret
        self._today = today
        self._last: tuple[str, Holder] | None = None

    def of(self, number: str) -> Holder:
        """Raises ``InvalidIdNumber`` (not remembered)."""
        last = self._last
        if last is not None and last[0] == number:
            return last[1]
        parsed = parse(number, today=self._today)
        holder = Holder(parsed, person_key(parsed.number, self._secret), mask(parsed.number))
        self._last = (number, holder)
        return holder


@dataclass(frozen=True, slots=True)
class WorkerRules:
    """The catalogue facts and the secret a row is checked and keyed with."""

    occupations: dict[str, Reference]  # by id and by name
    specialties: dict[str, Reference]  # by id and by name
    ambiguous: dict[str, tuple[str, ...]]  # names that several entries share
    counties: frozenset[str]
    levels: dict[str, bool]  # level code -> has a national grade (QUALIFICATION allowed)
    secret: bytes

    @classmethod
    async def load(cls, store: GraphStore, secret: bytes) -> WorkerRules:
        catalogue = CatalogueRepository(store)
        series = sorted(s.code for s in await catalogue.series_list(None))
        occupations: dict[str, Reference] = {}
        specialties: dict[str, Reference] = {}
        names: dict[str, set[str]] = {}
        # an occupation listed in two series counts in the first (lowest code) of them
        for code, members in zip(
            series, await catalogue.occupations_by_series(series), strict=True
        ):
            for o in members:
                occupations.setdefault(o.id, Reference(o.id, code))
                names.setdefault(f"o:{o.name}", set()).add(o.id)
        for code, listed in zip(series, await catalogue.specialties_by_series(series), strict=True):
            for s in listed:
                specialties.setdefault(s.id, Reference(s.id, code))
                names.setdefault(f"s:{s.name}", set()).add(s.id)
        ambiguous: dict[str, tuple[str, ...]] = {}
        for tagged, ids in names.items():
            kind, name = tagged[:1], tagged[2:]
            target = occupations if kind == "o" else specialties
            if len(ids) == 1:
                target.setdefault(name, target[next(iter(ids))])
            else:
                ambiguous[tagged] = tuple(sorted(ids))
        counties = await RegionRepository(store).regions("COUNTY", None, None, None)
        levels = await LadderRepository(store).levels()
        return cls(
            occupations=occupations,
            specialties=specialties,
            ambiguous=ambiguous,
            counties=frozenset(r.code for r in counties),
            levels={lv.code: lv.national_grade is not None for lv in levels},
            secret=secret,
        )

    def check(
        self, row: WorkerRow, today: date, holders: Holders | None = None
    ) -> Accepted | list[Problem]:
        """``holders``: for an import, one ``Holders(self.secret, today)`` for all its rows."""
        problems: list[Problem] = []
        holders = holders or Holders(self.secret, today)
        holder: Holder | None
        try:
            holder = holders.of(row.person_id)
        except InvalidIdNumber as exc:
            problems.append(Problem("person_id", exc.code, exc.message))
            holder = None
        if row.region_code not in self.counties:
            problems.append(
                Problem("region_code", "NOT_FOUND", f"{row.region_code} is not a Zhejiang county")
            )
        reference = self._reference(row, problems)
        self._level(row, problems)
        if row.issued_on > today:
            problems.append(Problem("issued_on", "FUTURE", f"{row.issued_on} is in the future"))
        elif holder is not None:
            sixteenth = _birthday(holder.number.birth_date, MIN_AGE)
            if row.issued_on < sixteenth:
                problems.append(
                    Problem(
                        "issued_on",
                        "TOO_YOUNG",
                        f"{row.issued_on} is before the holder's 16th birthday ({sixteenth})",
                    )
                )
        if problems or holder is None or reference is None:
            return problems
        # positional: half the cost of keywords, for every row imported (fields in order)
        number = holder.number
        return Accepted(
            PersonWrite(holder.key, holder.masked, row.name, number.birth_date.year, number.sex),
            CertificateRecord(
                row.certificate_no,
                holder.key,
                row.evaluation,
                row.level,
                reference.id if row.occupation else None,  # occupation
                reference.id if row.specialty else None,  # specialty
                reference.series,
                row.region_code,
                row.issued_on.isoformat(),
                row.employer,
                VALID,
            ),
        )

    def _reference(self, row: WorkerRow, problems: list[Problem]) -> Reference | None:
        if (row.occupation is None) == (row.specialty is None):
            problems.append(
                Problem(
                    "occupation" if row.occupation else "specialty",
                    "EXACTLY_ONE",
                    "give exactly one of occupation and specialty",
                )
            )
            return None
        field, value, table, tag = (
            ("occupation", row.occupation, self.occupations, "o")
            if row.occupation is not None
            else ("specialty", row.specialty, self.specialties, "s")
        )
        assert value is not None
        found = table.get(value)
        if found is None:
            shared = self.ambiguous.get(f"{tag}:{value}")
            if shared:
                problems.append(
                    Problem(field, "AMBIGUOUS", f"{value} names {', '.join(shared)}: give the id")
                )
            else:
                problems.append(
                    Problem(field, "NOT_FOUND", f"no {field} {value!r} in the catalogue")
                )
        return found

    def _level(self, row: WorkerRow, problems: list[Problem]) -> None:
        """A 专项 certificate is SPECIAL_ABILITY and has no level; an occupational one is not,
        and has a ladder level (with a national grade, for a QUALIFICATION)."""
        special = row.evaluation == "SPECIAL_ABILITY"
        if row.specialty is not None:
            if not special:
                problems.append(
                    Problem("evaluation", "INCONSISTENT", "a 专项 certificate is SPECIAL_ABILITY")
                )
            if row.level is not None:
                problems.append(Problem("level", "NOT_ALLOWED", "a 专项 certificate has no level"))
            return
        if special:
            problems.append(
                Problem(
                    "evaluation",
                    "INCONSISTENT",
                    "SPECIAL_ABILITY certifies a 专项: give specialty, not occupation",
                )
            )
        if row.level is None:
            problems.append(
                Problem(
                    "level",
                    "MISSING",
                    f"an occupational certificate needs a level ({row.evaluation})",
                )
            )
        elif row.level not in self.levels:
            problems.append(Problem("level", "INVALID", f"one of {', '.join(self.levels)}"))
        elif row.evaluation == "QUALIFICATION" and not self.levels[row.level]:
            problems.append(
                Problem(
                    "level",
                    "INCONSISTENT",
                    f"{row.level} has no national grade, so no QUALIFICATION certificate",
                )
            )


@functools.lru_cache(maxsize=1 << 16)  # by birth date, as ``id_numbers._calendar_date``
def _birthday(born: date, years: int) -> date:
    try:
        return born.replace(year=born.year + years)
    except ValueError:  # born on 29 February
        return date(born.year + years, 3, 1)
