"""Whether one application can be made now: the rule that admits it and the time left."""

from __future__ import annotations

from dataclasses import dataclass

from zhepai.domain.careers.engine import CareerGraph, Position, StepRule
from zhepai.domain.careers.wording import Wording


@dataclass(frozen=True, slots=True)
class Eligibility:
    """``min_years``: the rule's period (None: none fixed); ``wait``: the part still to serve;
    ``missing``: what the worker lacks besides time (a certificate, relatedness)."""

    admitted: bool
    rule_code: str | None
    rule: str | None
    source: str | None
    min_years: int | None
    wait: float | None
    missing: tuple[str, ...]
    held: bool = False


def assess(
    graph: CareerGraph,
    position: Position,
    target: Position,
    education: str | None = None,
    served: float = 0.0,
) -> Eligibility:
    """Whether ``position`` admits an application for ``target`` now, by the best rule.

    Only the main rules count (routes rewarding merit are no entitlement). ``served`` is the
    time already served, in years, in the start occupation or a related one: it counts only
    when the target's occupation is that one or a related one.
    """
    edu = graph.check(position, education)
    graph.check(target)
    if target.level is None:
        raise ValueError("the target needs a level: 'no certificate' is not a goal")
    if served < 0:
        raise ValueError(f"time served cannot be negative: {served}")
    words = graph.wording
    here, goal = graph.rank(position.level), graph.rank(target.level)
    same = position.occupation == target.occupation
    if same and here >= goal:
        return Eligibility(
            True, None, words.held(position.occupation, position.level), None, 0, 0.0, (), True
        )
    counts = same or target.occupation in graph.related(position.occupation)
    usable = here if counts else -1
    admitted: list[tuple[tuple[float, bool, str], StepRule, float | None]] = []
    lacking: list[StepRule] = []
    for rule in graph.rules:
        if rule.route is not None or graph.rank(rule.to_level) != goal:
            continue
        if rule.educations and edu not in rule.educations:
            continue
        if graph.rank(rule.from_level) > usable:
            lacking.append(rule)
            continue
        # Years in an occupation the target does not count for serve nothing there.
        wait = None if rule.min_years is None else max(0.0, rule.min_years - served * counts)
        admitted.append(((wait or 0.0, wait is None, rule.code), rule, wait))
    if admitted:
        _, rule, wait = min(admitted, key=lambda a: a[0])
        return Eligibility(True, rule.code, Wording.rule(rule), rule.source, rule.min_years,
                           wait, ())  # fmt: skip
    missing: list[str] = []
    if here != -1 and not counts:
        missing.append(words.not_counted(position.occupation, position.level, target.occupation))
    lacking.sort(key=lambda r: (graph.rank(r.from_level), r.code))
    for rule in lacking:
        assert rule.from_level is not None  # a rule from no certificate is never lacking
        if words.certificate(rule.from_level) not in missing:
            missing.append(words.certificate(rule.from_level))
    if not missing:
        missing.append(words.no_rule(target.level))
    first = lacking[0] if lacking else None
    if first is None:
        return Eligibility(False, None, None, None, None, None, tuple(missing))
    return Eligibility(False, first.code, Wording.rule(first), first.source, first.min_years,
                       None, tuple(missing))  # fmt: skip
