"""The level part of the career search: which rules lead from a level to which, and the best
walks up the ladder (see engine.py, "Algorithm")."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from zhepai.domain.careers.wording import Wording
from zhepai.graph.records import StepRuleRecord

# The level index of "no certificate" in the ladder tables.
NONE = -1


@dataclass(frozen=True, slots=True)
class Option:
    """One rule as a way to take a level step: what it costs before any time served."""

    years: int | None
    code: str
    text: str
    source: str
    merit: bool  # a route rewarding merit (direct recognition, competitions)

    def cost(self, served: int) -> int | None:
        return None if self.years is None else max(0, self.years - served)


def rank(option: Option, cost: int | None) -> tuple[int, bool, str]:
    return (cost or 0, cost is None, option.code)


# (years, unfixed steps, level indices reached, options taken, what each costs)
type Walk = tuple[int, int, tuple[int, ...], tuple[Option, ...], tuple[int | None, ...]]
# For one education and route: from each level, every rule open to a holder of it, by target.
type Ladder = dict[int, dict[int, tuple[Option, ...]]]


def first_moves(ladder: Ladder, here: int, served: int) -> list[tuple[int, Option, int | None]]:
    """The best option to each higher level from ``here``, with what it costs."""
    moves = []
    for to, options in ladder.get(here, {}).items():
        best = min(options, key=lambda o: rank(o, o.cost(served)))
        moves.append((to, best, best.cost(served)))
    return moves


class LevelSteps:
    """The rules over levels, per education and route, with the walks they allow (cached)."""

    def __init__(self, ranks: Mapping[str, int], rules: Sequence[StepRuleRecord]) -> None:
        self._rank = ranks
        self._rules = rules
        self._ladders: dict[tuple[str | None, str | None], Ladder] = {}
        self._walk_cache: dict[tuple[str | None, str | None, int, int, int], tuple[Walk, ...]] = {}

    def _level_index(self, level: str | None) -> int:
        return NONE if level is None else self._rank[level]

    def ladder(self, education: str | None, route: str | None) -> Ladder:
        """From each level (and none), every rule a holder of it may use, by level reached."""
        cached = self._ladders.get((education, route))
        if cached is not None:
            return cached
        found: dict[int, dict[int, list[Option]]] = {}
        for rule in self._rules:
            if rule.route is not None and rule.route != route:
                continue
            if rule.educations and education not in rule.educations:
                continue
            option = Option(
                rule.min_years, rule.code, Wording.rule(rule), rule.source, rule.route is not None
            )
            to = self._rank[rule.to_level]
            # A rule asking for a lower certificate, or none, is open to every holder above it.
            for here in range(self._level_index(rule.from_level), to):
                found.setdefault(here, {}).setdefault(to, []).append(option)
        ladder = {
            here: {to: tuple(options) for to, options in sorted(targets.items())}
            for here, targets in found.items()
        }
        self._ladders[(education, route)] = ladder
        return ladder

    def walks(
        self, education: str | None, route: str | None, start: int, goal: int, served: int
    ) -> tuple[Walk, ...]:
        """For each number of promotions, the best walk from ``start`` to the first level >= goal.

        Layer k holds, per level, the best walk of exactly k promotions; the order of walks
        (years, unfixed steps, level ranks) survives appending a step, so keeping one walk
        per level and layer is exact. Walks stop at the first level at or above the goal:
        climbing on can only add years and steps. Time served shortens the first layer only.
        """
        cache_key = (education, route, start, goal, served)
        cached = self._walk_cache.get(cache_key)
        if cached is not None:
            return cached
        ladder = self.ladder(education, route)
        layer: dict[int, Walk] = {start: (0, 0, (), (), ())}
        found: list[Walk] = []
        while layer:
            done = [walk for level, walk in layer.items() if level >= goal]
            if done:
                found.append(min(done, key=lambda w: w[:3]))
            following: dict[int, Walk] = {}
            for level, (years, unfixed, ranks, options, costs) in layer.items():
                if level >= goal:
                    continue
                for to, option, cost in first_moves(ladder, level, served):
                    walk = (
                        years + (cost or 0),
                        unfixed + (cost is None),
                        (*ranks, to),
                        (*options, option),
                        (*costs, cost),
                    )
                    current = following.get(to)
                    if current is None or walk[:3] < current[:3]:
                        following[to] = walk
            layer = following
            served = 0
        result = tuple(found)
        self._walk_cache[cache_key] = result
        return result
