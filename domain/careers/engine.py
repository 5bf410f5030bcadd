"""Career paths on the 新八级 skill ladder: how a worker gets from one position to another.

Model
-----
A *position* is an occupation and a level of the ladder (``None``: no certificate yet). The
certification rules (:class:`StepRule`, data passed in, one per clause of the 申报条件) lead
from a level held to a higher one and say how many years that takes at least. A rule that asks
for a lower certificate, or none, is open to a worker holding a higher one: 取得四级证书 is met
by a 三级 certificate too. A rule naming educations applies only when the caller's education
is one of them. ``min_years=None``: the rules fix no period (appointment, selection); it counts
as 0 and turns the total into a lower bound. A worker may have served time already
(``served``, whole years in the occupation or a related one since the level held, or in all
without one): it shortens the first step when that step is taken in the start occupation or a
related one. Three moves change a position:

* PROMOTION ``(x, L) -> (y, M)``, ``M`` above ``L``: a rule whose certificate ``L`` satisfies
  certifies ``M``; ``y`` is ``x`` or an occupation related to ``x`` (experience and
  certificates in a related occupation count), so a promotion may change occupation by one
  relatedness hop — an assessment in the other occupation (``requires_assessment``).
* TRANSFER ``(x, L) -> (y, L)`` with ``y`` related to ``x``: an assessment at the same level in
  the related occupation, which the certificate and its years already satisfy: 0 years.
* ENTRY: a first certificate from no certificate (a worker without one), or, for a worker who
  holds one, a new start in an occupation the held certificate does not count for — offered
  only when the target is not connected by relatedness or the new start takes fewer years.

Routes that reward merit instead of time (a rule's ``route``: direct recognition, competitions)
never make the main path; the best path using them is added to the alternatives when it takes
fewer years, and the main total is then a lower bound.

Relatedness is symmetric and not transitive; a path may chain hops. A target ``(t, M)`` is
reached at any ``(t, L)`` with ``L`` at or above ``M``. Paths are ordered lexicographically by

1. total years (``None`` counted as 0), 2. number of steps, 3. number of steps without a fixed
period, 4. number of occupation changes, 5. changes as late as possible (the per-step "changed
occupation" flags, smallest first), 6. the sequence of occupation ids, and, only so that every
answer is deterministic, 7. the sequence of level ranks, 8. the kinds (PROMOTION < TRANSFER <
ENTRY) and 9. the rule codes.

Algorithm
---------
Costs depend on the levels only and hops are free, so the search factors into a level part
and a hop part instead of a Dijkstra over the product graph.

* Level part: the rules form a tiny upward graph over levels. For each number ``k`` of
  promotions a layered DP finds the best walk (years, unfixed steps, level ranks) from a level
  to the first level at or above the target's; cached per education, route, start, target
  level and time served (which changes the first layer only).
* Hop part: a BFS over relatedness from the target occupation (cached per target) gives the
  hop distance ``h`` from any occupation and the smallest-ids shortest chain to it. Every
  promotion can take one hop, extra hops are transfers, so a walk of ``k`` promotions needs
  ``max(k, h)`` steps and ``h`` changes; the best arrangement stays put first and hops on the
  last promotions, or, when hops outnumber promotions, transfers first and then climbs — or,
  when the first step must be a certification (no certificate yet, or time served), hops on
  it, transfers at the level it reaches and then climbs.
* A new start (ENTRY elsewhere) is only worth taking first, and only into the target itself:
  entering anywhere else costs one more change for no fewer steps.

These give a handful of candidate paths (plus variants kept for the alternatives: hop early,
transfer first, transfer last), ranked by the full order: the first is the answer, the next
three of distinct shape are its alternatives. The tests check the result against a Dijkstra,
and a tie-aware search, over the explicit product graph.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from zhepai.domain.careers.levels import NONE as _NONE
from zhepai.domain.careers.levels import LevelSteps, Option, Walk, first_moves
from zhepai.domain.careers.wording import Wording
from zhepai.graph.records import RelationRecord as Relation
from zhepai.graph.records import StepRuleRecord as StepRule

__all__ = [
    "ENTRY",
    "LEVELS",
    "PROMOTION",
    "TRANSFER",
    "CareerGraph",
    "CareerPath",
    "Position",
    "Relation",
    "Step",
    "StepRule",
]

PROMOTION = "PROMOTION"
TRANSFER = "TRANSFER"
ENTRY = "ENTRY"

# The 新八级 ladder in rank order; callers normally pass the levels from the seeds.
LEVELS: tuple[str, ...] = (
    "APPRENTICE",
    "JUNIOR",
    "INTERMEDIATE",
    "SENIOR",
    "TECHNICIAN",
    "SENIOR_TECHNICIAN",
    "PRINCIPAL_TECHNICIAN",
    "CHIEF_TECHNICIAN",
)

# Kinds as ranks: the order's tie-break among kinds, and cheap to compare in keys.
_P, _T, _E = 0, 1, 2
_KIND_NAMES = (PROMOTION, TRANSFER, ENTRY)
# A bound on the per-target BFS cache: the real catalogue (~900 occupations) fits whole.
_HOP_CACHE_SIZE = 4096
# How many other paths of the main routes a CareerPath offers.
_ALTERNATIVES = 3


@dataclass(frozen=True, slots=True)
class Position:
    occupation: str
    level: str | None


@dataclass(frozen=True, slots=True)
class Step:
    kind: str
    from_pos: Position | None
    to_pos: Position
    min_years: int | None
    rule_code: str
    rule: str
    source: str
    relation: Relation | None = None
    requires_assessment: bool = False


@dataclass(frozen=True, slots=True)
class CareerPath:
    reachable: bool
    total_min_years: int | None
    total_is_lower_bound: bool
    steps: tuple[Step, ...]
    alternatives: tuple[CareerPath, ...]
    reason: str | None


# (kind, occupation reached, level index reached, option; None for a TRANSFER, years it costs)
type _Move = tuple[int, str, int, Option | None, int | None]
type _Key = tuple[
    int,
    int,
    int,
    int,
    tuple[int, ...],
    tuple[str, ...],
    tuple[int, ...],
    tuple[int, ...],
    tuple[str, ...],
]


class CareerGraph:
    """Occupations, their relatedness and the certification rules; answers path questions.

    Immutable after construction apart from internal caches, so one instance can serve every
    request. ``names`` and ``level_names`` (ids and codes otherwise) word the reasons.
    """

    def __init__(
        self,
        levels: Sequence[str],
        rules: Iterable[StepRule],
        occupations: Iterable[str],
        related: Iterable[tuple[str, str, Relation]],
        *,
        names: Mapping[str, str] | None = None,
        level_names: Mapping[str, str] | None = None,
    ) -> None:
        self._levels = tuple(levels)
        if not self._levels:
            raise ValueError("the ladder needs at least one level")
        if len(set(self._levels)) != len(self._levels):
            raise ValueError(f"duplicate level codes in {self._levels}")
        self._rank = {code: i for i, code in enumerate(self._levels)}
        self._rules = tuple(rules)
        for rule in self._rules:
            self._check_rule(rule)
        self._educations = frozenset(e for r in self._rules for e in r.educations)
        self._routes = tuple(sorted({r.route for r in self._rules if r.route is not None}))
        self.wording = Wording(dict(names or {}), dict(level_names or {}))

        adjacent: dict[str, set[str]] = {o: set() for o in occupations}
        relations: dict[tuple[str, str], Relation] = {}
        for a, b, relation in related:
            for occupation in (a, b):
                if occupation not in adjacent:
                    raise ValueError(f"relatedness names unknown occupation {occupation!r}")
            if a == b:
                continue  # an occupation is trivially "related" to itself; no move needs it
            adjacent[a].add(b)
            adjacent[b].add(a)
            pair = (a, b) if a < b else (b, a)
            # The smallest relation wins so that the answer does not depend on the input order.
            if pair not in relations or relation < relations[pair]:
                relations[pair] = relation
        self._adjacent = {o: frozenset(n) for o, n in adjacent.items()}
        self._relations = relations

        self._level_part = LevelSteps(self._rank, self._rules)
        self._hop_cache: dict[str, tuple[dict[str, int], tuple[frozenset[str], ...]]] = {}

    # -- public API ------------------------------------------------------------------------

    def educations(self) -> frozenset[str]:
        """The education codes some rule names: the valid ``education`` values."""
        return self._educations

    def related(self, occupation: str) -> frozenset[str]:
        self._check_occupation(occupation)
        return self._adjacent[occupation]

    @property
    def rules(self) -> tuple[StepRule, ...]:
        return self._rules

    def rank(self, level: str | None) -> int:
        """A level's place on the ladder; -1 for no certificate."""
        return self._level_index(level)

    def check(self, position: Position, education: str | None = None) -> str | None:
        """Refuse an unknown occupation, level or education (ValueError); the education."""
        self._check_position(position)
        return self._check_education(education)

    def relation(self, a: str, b: str) -> Relation | None:
        """Why two occupations are related; None when they are not (or are the same)."""
        return self._relations.get((a, b) if a < b else (b, a))

    def next_steps(
        self, position: Position, education: str | None = None, served: int = 0
    ) -> list[Step]:
        """Every certification one step from ``position``: no transfers, no new starts.

        Own occupation first (by level reached), then promotions into related occupations by
        id; with no certificate, first certificates in the own occupation only.
        """
        self._check_position(position)
        ladder = self._level_part.ladder(self._check_education(education), None)
        here = self._level_index(position.level)
        kind = _E if here == _NONE else _P
        moves = first_moves(ladder, here, self._check_served(served))
        steps = [self._step(position, (kind, position.occupation, to, o, c)) for to, o, c in moves]
        if here != _NONE:
            for other in sorted(self._adjacent[position.occupation]):
                steps.extend(self._step(position, (_P, other, to, o, c)) for to, o, c in moves)
        return steps

    def path(
        self,
        start: Position,
        target: Position,
        education: str | None = None,
        served: int = 0,
    ) -> CareerPath:
        """The best path from ``start`` to ``target`` (see the module docstring for the order)."""
        self._check_position(start)
        self._check_position(target)
        if target.level is None:
            raise ValueError("the target needs a level: 'no certificate' is not a goal")
        edu = self._check_education(education)
        self._check_served(served)
        here = self._level_index(start.level)
        if start.occupation == target.occupation and here >= self._rank[target.level]:
            held = self.wording.held(start.occupation, start.level)
            return CareerPath(True, 0, False, (), (), held)

        candidates = self._candidates(start, target, edu, served, None)
        if not candidates:
            return CareerPath(False, None, False, (), (), self._unreachable(start, target, edu))
        chosen: list[list[_Move]] = []
        shapes: set[tuple[tuple[int, str, int], ...]] = set()
        for moves in candidates:
            shape = tuple((kind, occ, lv) for kind, occ, lv, _, _ in moves)
            if chosen and self._detour(edu, start, moves, served):
                continue
            if shape not in shapes:
                shapes.add(shape)
                chosen.append(moves)
                if len(chosen) > _ALTERNATIVES:
                    break
        best, *others = (self._materialize(start, moves) for moves in chosen)
        assert best.total_min_years is not None
        bound = best.total_is_lower_bound
        for route in self._routes:
            merit = self._candidates(start, target, edu, served, route)
            if not merit or not any(m[3] is not None and m[3].merit for m in merit[0]):
                continue
            faster = self._materialize(start, merit[0])
            if (faster.total_min_years or 0) < best.total_min_years:
                others.append(faster)
                bound = True
        return CareerPath(True, best.total_min_years, bound, best.steps, tuple(others), None)

    # -- validation ------------------------------------------------------------------------

    def _check_rule(self, rule: StepRule) -> None:
        for level in (rule.from_level, rule.to_level):
            if level is not None and level not in self._rank:
                raise ValueError(f"rule {rule.code!r} names unknown level {level!r}")
        if self._level_index(rule.from_level) >= self._rank[rule.to_level]:
            # Path arrangements rely on levels only going up (see _arrangements).
            raise ValueError(
                f"rule {rule.code!r} must lead up the ladder: {rule.from_level} -> {rule.to_level}"
            )

    def _check_occupation(self, occupation: str) -> None:
        if occupation not in self._adjacent:
            raise ValueError(f"unknown occupation {occupation!r}")

    def _check_position(self, position: Position) -> None:
        self._check_occupation(position.occupation)
        if position.level is not None and position.level not in self._rank:
            known = ", ".join(self._levels)
            raise ValueError(f"unknown level {position.level!r}; known levels: {known}")

    def _check_education(self, education: str | None) -> str | None:
        if education is not None and education not in self._educations:
            known = ", ".join(sorted(self._educations)) or "none"
            raise ValueError(f"unknown education {education!r}; known codes: {known}")
        return education

    @staticmethod
    def _check_served(served: int) -> int:
        if served < 0:
            raise ValueError(f"time served cannot be negative: {served}")
        return served

    def _level_index(self, level: str | None) -> int:
        return _NONE if level is None else self._rank[level]

    # -- precomputation --------------------------------------------------------------------

    def _hops(self, target: str) -> tuple[dict[str, int], tuple[frozenset[str], ...]]:
        """BFS over relatedness from ``target``: hop distances and the layers by distance."""
        cached = self._hop_cache.get(target)
        if cached is not None:
            return cached
        distance = {target: 0}
        layers = [frozenset((target,))]
        while True:
            # Set unions run in C: big families make per-edge Python loops the bottleneck.
            reached = set().union(*(self._adjacent[o] for o in layers[-1]))
            reached.difference_update(distance.keys())
            if not reached:
                break
            for occupation in reached:
                distance[occupation] = len(layers)
            layers.append(frozenset(reached))
        result = (distance, tuple(layers))
        if len(self._hop_cache) >= _HOP_CACHE_SIZE:
            self._hop_cache.clear()
        self._hop_cache[target] = result
        return result

    def _chain(
        self, origin: str, distance: dict[str, int], layers: tuple[frozenset[str], ...]
    ) -> list[str]:
        """The smallest-ids shortest chain from ``origin`` to the BFS root, ``origin`` excluded.

        Greedy is exact: every chain compared has the same length, and taking the smallest
        neighbour one layer closer never rules out finishing.
        """
        chain: list[str] = []
        current = origin
        for hops_left in range(distance[origin] - 1, -1, -1):
            current = min(self._adjacent[current] & layers[hops_left])
            chain.append(current)
        return chain

    # -- candidates ------------------------------------------------------------------------

    def _candidates(
        self, start: Position, target: Position, edu: str | None, served: int, route: str | None
    ) -> list[list[_Move]]:
        """Candidate paths under the main rules (and ``route``'s), best first."""
        assert target.level is not None
        s, t = start.occupation, target.occupation
        here = self._level_index(start.level)
        goal = self._rank[target.level]
        distance, layers = self._hops(t)
        connected: list[list[_Move]] = []
        if s in distance:
            chain = self._chain(s, distance, layers)
            # Time served counts when the first move is a certification (from the start, in
            # its own occupation or a related one), not after transfers.
            for walk in self._level_part.walks(edu, route, here, goal, served):
                for moves in self._arrangements(s, here, chain, walk):
                    if moves[0][0] != _T:
                        connected.append(moves)
            for walk in self._level_part.walks(edu, route, here, goal, 0):
                for moves in self._arrangements(s, here, chain, walk):
                    if moves[0][0] == _T:
                        connected.append(moves)
        fresh: list[list[_Move]] = []
        if s != t and t not in self._adjacent[s]:
            for walk in self._level_part.walks(edu, route, _NONE, goal, 0):
                climb = zip(walk[2], walk[3], walk[4], strict=True)
                fresh.append([(_P, t, lv, opt, cost) for lv, opt, cost in climb])
        # A first certificate, or a new start elsewhere, is an entry.
        for moves in fresh + (connected if here == _NONE else []):
            moves[0] = (_E, *moves[0][1:])
        if here != _NONE and connected and fresh:
            # A new start abandons the certificate held: only when it takes fewer years.
            least = min(self._key(s, moves)[0] for moves in connected)
            fresh = [moves for moves in fresh if self._key(s, moves)[0] < least]
        ranked = sorted(((self._key(s, m), m) for m in connected + fresh), key=lambda c: c[0])
        return [moves for _, moves in ranked]

    @staticmethod
    def _arrangements(origin: str, level: int, chain: list[str], walk: Walk) -> list[list[_Move]]:
        """Ways to combine a level walk with a chain of hops, the best first.

        Best: with at least as many promotions as hops, stay and hop on the last promotions
        (changes as late as possible); with fewer, every step changes occupation either way and
        the lower levels are kept longest by transferring first or, when the first step must be
        a certification (no certificate to transfer, or time served that only a first
        certification counts), by hopping on it and transferring at the level it reaches. The
        rest (hop early, transfer before or after the climb) are there for the alternatives.
        Without a certificate nothing can be transferred: arrangements that would are left out.
        """
        climb = list(zip(walk[2], walk[3], walk[4], strict=True))
        h, k = len(chain), len(climb)
        if h == 0:
            return [[(_P, origin, lv, opt, cost) for lv, opt, cost in climb]]
        target = chain[-1]
        top = climb[-1][0] if climb else level
        late: list[_Move]
        early: list[_Move]
        found: list[list[_Move]]
        if k >= h:
            occupations = [origin] * (k - h) + chain
            late = [(_P, occ, *step) for occ, step in zip(occupations, climb, strict=True)]
            occupations = chain + [target] * (k - h)
            early = [(_P, occ, *step) for occ, step in zip(occupations, climb, strict=True)]
            found = [late, early]
        else:
            late = [(_T, occ, level, None, 0) for occ in chain[: h - k]]
            late.extend((_P, occ, *step) for occ, step in zip(chain[h - k :], climb, strict=True))
            early = [(_P, occ, *step) for occ, step in zip(chain[:k], climb, strict=True)]
            early.extend((_T, occ, top, None, 0) for occ in chain[k:])
            found = [late, early]
            if k > 1:  # with one promotion, this is the early arrangement
                first: list[_Move] = [(_P, chain[0], *climb[0])]
                first.extend((_T, occ, climb[0][0], None, 0) for occ in chain[1 : h - k + 1])
                rest = zip(chain[h - k + 1 :], climb[1:], strict=True)
                first.extend((_P, occ, *step) for occ, step in rest)
                found.insert(1, first)
        transfer_first: list[_Move] = [(_T, occ, level, None, 0) for occ in chain]
        transfer_first.extend((_P, target, *step) for step in climb)
        transfer_last: list[_Move] = [(_P, origin, *step) for step in climb]
        transfer_last.extend((_T, occ, top, None, 0) for occ in chain)
        found += [transfer_first, transfer_last]
        return [m for m in found if m and not (m[0][0] == _T and m[0][2] == _NONE)]

    def _detour(
        self, education: str | None, start: Position, moves: list[_Move], served: int
    ) -> bool:
        """Whether two steps could be one, no slower (学徒工 on the way, a transfer and back).

        Such a path is legal but no one would take it, so it is not offered as an alternative.
        Time served shortens the one step as it shortens the path's first (see _candidates).
        """
        ladder = self._level_part.ladder(education, None)
        occupation, level = start.occupation, self._level_index(start.level)
        if moves[0][1] != occupation and moves[0][1] not in self._adjacent[occupation]:
            served = 0  # a new start elsewhere: the time served does not count there
        if moves[0][0] == _E:
            occupation, level = moves[0][1], _NONE  # an entry starts from nothing there
        for first, second in pairwise(moves):
            if second[1] == occupation or second[1] in self._adjacent[occupation]:
                if first[0] == _T or second[0] == _T:
                    return True
                direct = ladder.get(level, {}).get(second[2], ())
                spent = (first[4] or 0) + (second[4] or 0)
                if any((cost := o.cost(served)) is not None and cost <= spent for o in direct):
                    return True
            occupation, level, served = first[1], first[2], 0
        return False

    @staticmethod
    def _key(origin: str, moves: list[_Move]) -> _Key:
        # Transposed once: this runs for every candidate and dominates a query's time.
        kinds, occupations, levels, options, costs = zip(*moves, strict=True)
        periods = [cost for option, cost in zip(options, costs, strict=True) if option is not None]
        flags = tuple([int(a != b) for a, b in pairwise((origin, *occupations))])
        return (
            sum([years for years in periods if years is not None]),
            len(moves),
            periods.count(None),
            sum(flags),
            flags,
            occupations,
            levels,
            kinds,
            tuple([TRANSFER if option is None else option.code for option in options]),
        )

    # -- results ---------------------------------------------------------------------------

    def _step(self, current: Position, move: _Move) -> Step:
        kind, occupation, level, option, cost = move
        to = Position(occupation, self._levels[level])
        changes = occupation != current.occupation
        relation = self.relation(current.occupation, occupation) if changes else None
        if option is None:
            assert relation is not None
            rule = self.wording.transfer(current.occupation, current.level, occupation, relation)
            return Step(TRANSFER, current, to, 0, TRANSFER, rule, relation.source, relation, True)
        origin = None if kind == _E and current.level is None else current
        return Step(
            _KIND_NAMES[kind],
            origin,
            to,
            cost,
            option.code,
            option.text,
            option.source,
            relation,
            changes,
        )

    def _materialize(self, start: Position, moves: list[_Move]) -> CareerPath:
        steps: list[Step] = []
        current = start
        for move in moves:
            step = self._step(current, move)
            steps.append(step)
            current = step.to_pos
        total = sum(step.min_years or 0 for step in steps)
        bound = any(step.min_years is None for step in steps)
        return CareerPath(True, total, bound, tuple(steps), (), None)

    def _unreachable(self, start: Position, target: Position, education: str | None) -> str:
        """Why no path exists: the highest level the rules lead to, and what is missing above it."""
        assert target.level is not None
        ladder = self._level_part.ladder(education, None)
        here = self._level_index(start.level)
        connected = start.occupation in self._hops(target.occupation)[0]
        origins = [_NONE]
        if here != _NONE and connected:
            origins.append(here)
        reached: set[int] = set()
        pending = [to for origin in origins for to in ladder.get(origin, {})]
        while pending:
            level = pending.pop()
            if level not in reached:
                reached.add(level)
                pending.extend(ladder.get(level, {}))
        highest = self._levels[max(reached)] if reached else None
        unrelated = here != _NONE and not connected
        return self.wording.unreachable(
            start.occupation, target.occupation, target.level, unrelated, highest
        )
