"""A worker's own situation: time already served, and whether an application can be made now.

``held_since`` is when the level held was certified; ``years_worked`` the years in the
occupation or a related one — since ``held_since`` when a level is held, in all when none.
Without ``years_worked`` a holder is taken to have worked since ``held_since`` without a break
(our assumption, said in the answer's rule text by the caller's documentation). Paths count
whole years served; eligibility counts to the day.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from zhepai.domain.careers.eligibility import assess
from zhepai.domain.careers.engine import CareerGraph, Position

# Days per year when a wait is expressed in years (leap years averaged).
_YEAR_DAYS = 365.2425


class InputError(ValueError):
    """Bad personal data; ``argument`` names the GraphQL argument it came from."""

    def __init__(self, argument: str, message: str) -> None:
        super().__init__(message)
        self.argument = argument


@dataclass(frozen=True, slots=True)
class Served:
    held_since: datetime.date | None
    years_worked: int | None


@dataclass(frozen=True, slots=True)
class Answer:
    eligible_now: bool
    eligible_from: datetime.date | None
    years_to_wait: float | None
    rule: str | None
    rule_source: str | None
    missing: tuple[str, ...]


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day ``years`` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def years_between(start: datetime.date, end: datetime.date) -> float:
    """Whole calendar years from ``start`` to ``end``, plus the rest as a fraction."""
    whole = end.year - start.year - ((end.month, end.day) < (start.month, start.day))
    rest = (end - add_years(start, whole)).days / _YEAR_DAYS
    return whole + rest


def check(argument: str, level: str | None, served: Served, as_of: datetime.date) -> None:
    """Refuse what cannot be: a date in the future, negative years, a date with no level."""
    if served.years_worked is not None and served.years_worked < 0:
        raise InputError(f"{argument}.yearsWorked", "从业年限不能为负数")
    if served.held_since is None:
        return
    if level is None:
        raise InputError(
            f"{argument}.heldSince", "给出取证时间须同时给出等级：未持证则没有取证时间"
        )
    if served.held_since > as_of:
        raise InputError(f"{argument}.heldSince", f"取证时间 {served.held_since} 晚于 {as_of}")
    elapsed = years_between(served.held_since, as_of)
    if served.years_worked is not None and served.years_worked > elapsed:
        raise InputError(
            f"{argument}.yearsWorked",
            f"自 {served.held_since} 起从业 {served.years_worked} 年，多于至今的 {elapsed:.1f} 年",
        )


def served_years(served: Served, as_of: datetime.date) -> float:
    if served.years_worked is not None:
        return float(served.years_worked)
    if served.held_since is not None:
        return years_between(served.held_since, as_of)
    return 0.0


def whole_years(served: Served, as_of: datetime.date) -> int:
    """Completed years served, as paths count them."""
    return int(served_years(served, as_of))


def eligibility(
    graph: CareerGraph,
    position: Position,
    target: Position,
    education: str | None,
    served: Served,
    as_of: datetime.date,
) -> Answer:
    """Whether ``position`` may apply for ``target`` on ``as_of``, and from when if not yet."""
    result = assess(graph, position, target, education, served_years(served, as_of))
    if not result.admitted:
        return Answer(False, None, None, result.rule, result.source, result.missing)
    if result.held:
        return Answer(True, None, 0.0, result.rule, None, ())
    if result.wait is None or result.min_years is None:
        # No period is fixed (appointment, selection): nothing to wait for.
        return Answer(True, None, None, result.rule, result.source, ())
    counted = target.occupation == position.occupation or target.occupation in graph.related(
        position.occupation
    )
    if counted and served.years_worked is None and served.held_since is not None:
        # Counted to the day from the certificate: the day the period is complete.
        eligible_from = add_years(served.held_since, result.min_years)
    elif result.wait == int(result.wait):
        eligible_from = add_years(as_of, int(result.wait))
    else:
        eligible_from = as_of + datetime.timedelta(days=round(result.wait * _YEAR_DAYS))
    wait = max(0.0, (eligible_from - as_of).days / _YEAR_DAYS)
    return Answer(
        eligible_from <= as_of, eligible_from, round(wait, 2), result.rule, result.source, ()
    )
