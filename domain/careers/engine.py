"""Career paths on the 新八级 skill ladder: how a worker gets from one position to another.

Model
-----
A *position* is an occupation and a level of the ladder (``None``: no certificate yet). The
certification rules (:class:`StepRule`, data passed in) say how many years a step from one
level to a higher one takes at least; an :class:`Alternative` of a rule applies when the
caller's education equals its code, and the step then costs the least of the base period and
the applicable alternatives. ``min_years=None`` means the rules fix no period (appointment,
selection): it counts as 0 and turns the total into a lower bound. Three moves change a
position:

* PROMOTION ``(x, L) -> (y, L')``: a rule certifies ``L'`` after ``L`` and ``y`` is ``x`` or
  an occupation related to ``x`` (experience and certificates in a related occupation count),
  so a promotion may change occupation by one relatedness hop on the way.
* TRANSFER ``(x, L) -> (y, L)`` with ``y`` related to ``x``: the certificate carries over,
  0 years.
* ENTRY: from anywhere, start over in any occupation at a level a rule grants from no
  certificate (with a certificate in hand this abandons it).

Relatedness is symmetric and not transitive; a path may chain hops. A target ``(t, M)`` is
reached at any ``(t, L)`` with ``L`` at or above ``M``. Paths are ordered lexicographically by

1. total years (``None`` counted as 0), 2. number of steps, 3. number of steps without a fixed
period (among equally long and equally cheap paths a firm figure beats a lower bound — an
addition to the product's order, which ties these), 4. number of occupation changes,
5. changes as late as possible (the per-step "changed occupation" flags, smallest first),
6. the sequence of occupation ids, and, only so that every answer is deterministic, 7. the
sequence of level ranks, 8. the kinds (PROMOTION < TRANSFER < ENTRY) and 9. the rule codes.

Algorithm
---------
A Dijkstra over the product graph (900 occupations x 9 levels, up to ~100 relatedness
edges per occupation in the big cliques) relaxes up to ~100,000 edges per request, and is
unnecessary: costs depend on the levels only, hops are free. So the search factors into a
level part and a hop part.

* An ENTRY is only ever worth taking as the first step: whatever came before it is thrown
  away at a cost of one step or more. A path is therefore either promotions and transfers
  from the start, or one ENTRY followed by promotions and transfers.
* Level part: the rules form a tiny upward graph over levels. For each number ``k`` of
  promotions, a layered DP finds the best walk (years, unfixed steps, level ranks) from a
  level to the first level at or above the target's; cached per education, start and target
  level.
* Hop part: a BFS over relatedness from the target occupation (cached per target) gives the
  hop distance ``h`` from any occupation and the smallest-ids shortest chain to it. Every
  promotion can take one hop, extra hops are transfers, so a walk of ``k`` promotions needs
  ``max(k, h)`` steps and ``h`` changes; the best arrangement stays put first and hops on the
  last promotions, or, when hops outnumber promotions, transfers first and then climbs.
* After an ENTRY only two occupations can win: the target itself (one change, ``1 + k``
  steps) or the start occupation, hopping late; entering anywhere else costs at least one
  more change for no fewer steps.

These pieces give a handful of candidate paths (plus variants kept for the alternatives: hop
early, transfer first, transfer last). They are ranked by the full order: the first is the
answer, the next three of distinct shape are its alternatives. The tests check the result
against a Dijkstra, and a tie-aware search, over the explicit product graph.

Rules must climb (``from_level`` below ``to_level``); the constructor rejects others.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

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
# The level index of "no certificate" in the ladder tables.
_NONE = -1
# A bound on the per-target BFS cache: the real catalogue (~900 occupations) fits whole.
_HOP_CACHE_SIZE = 4096
# How many other paths a CareerPath offers.
_ALTERNATIVES = 3


@dataclass(frozen=True, slots=True)
class Alternative:
    code: str
    education: str
    min_years: int | None
    condition: str


@dataclass(frozen=True, slots=True)
class StepRule:
    code: str
    from_level: str | None
    to_level: str
    min_years: int | None
    condition: str
    source: str
    alternatives: tuple[Alternative, ...] = ()


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


@dataclass(frozen=True, slots=True)
class CareerPath:
    reachable: bool
    total_min_years: int | None
    total_is_lower_bound: bool
    steps: tuple[Step, ...]
    alternatives: tuple[CareerPath, ...]
    reason: str | None


@dataclass(frozen=True, slots=True)
class _Option:
    """The way one level step is taken for one education: a rule or one of its alternatives."""

    years: int | None
    code: str
    condition: str
    source: str

    def rank(self) -> tuple[int, bool, str]:
        return (self.years or 0, self.years is None, self.code)


# (kind, occupation reached, level index reached, option; None for a TRANSFER)
type _Move = tuple[int, str, int, _Option | None]
# (years, unfixed steps, level indices reached, options taken)
type _Walk = tuple[int, int, tuple[int, ...], tuple[_Option, ...]]
type _Ladder = dict[int, tuple[tuple[int, _Option], ...]]
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
    request.
    """

    def __init__(
        self,
        levels: Sequence[str],
        rules: Iterable[StepRule],
        occupations: Iterable[str],
        related: Iterable[tuple[str, str, str]],
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
        self._educations = frozenset(a.education for r in self._rules for a in r.alternatives)

        adjacent: dict[str, set[str]] = {o: set() for o in occupations}
        reasons: dict[tuple[str, str], str] = {}
        for a, b, reason in related:
            for occupation in (a, b):
                if occupation not in adjacent:
                    raise ValueError(f"relatedness names unknown occupation {occupation!r}")
            if a == b:
                continue  # an occupation is trivially "related" to itself; no move needs it
            adjacent[a].add(b)
            adjacent[b].add(a)
            pair = (a, b) if a < b else (b, a)
            # The smallest reason wins so that the answer does not depend on the input order.
            if pair not in reasons or reason < reasons[pair]:
                reasons[pair] = reason
        self._adjacent = {o: frozenset(n) for o, n in adjacent.items()}
        self._reasons = reasons

        self._ladders: dict[str | None, _Ladder] = {
            education: self._ladder(education) for education in (None, *sorted(self._educations))
        }
        self._walk_cache: dict[tuple[str | None, int, int], tuple[_Walk, ...]] = {}
        self._hop_cache: dict[str, tuple[dict[str, int], tuple[frozenset[str], ...]]] = {}

    # -- public API ------------------------------------------------------------------------

    def educations(self) -> frozenset[str]:
        """The education codes some rule's alternative names: the valid ``education`` values."""
        return self._educations

    def related(self, occupation: str) -> frozenset[str]:
        self._check_occupation(occupation)
        return self._adjacent[occupation]

    def next_steps(self, position: Position, education: str | None = None) -> list[Step]:
        """Every single step from ``position`` except transfers and entries elsewhere.

        Own occupation first (by level reached; a promotion before an entry to the same
        level), then promotions into related occupations by id. With a certificate, entries
        are listed only when they lead higher than the current level: starting over lower is
        a move a path may make, not a next step worth offering.
        """
        self._check_position(position)
        ladder = self._ladders[self._check_education(education)]
        here = self._level_index(position.level)
        own: list[_Move] = []
        if here != _NONE:
            own.extend((_P, position.occupation, to, opt) for to, opt in ladder.get(here, ()))
        own.extend(
            (_E, position.occupation, to, opt) for to, opt in ladder.get(_NONE, ()) if to > here
        )
        own.sort(key=lambda m: (m[2], m[0]))
        steps = [self._step(position, move) for move in own]
        if here != _NONE:
            for other in sorted(self._adjacent[position.occupation]):
                steps.extend(
                    self._step(position, (_P, other, to, opt)) for to, opt in ladder.get(here, ())
                )
        return steps

    def path(self, start: Position, target: Position, education: str | None = None) -> CareerPath:
        """The best path from ``start`` to ``target`` (see the module docstring for the order)."""
        self._check_position(start)
        self._check_position(target)
        if target.level is None:
            raise ValueError("the target needs a level: 'no certificate' is not a goal")
        edu = self._check_education(education)
        s, t = start.occupation, target.occupation
        here = self._level_index(start.level)
        goal = self._rank[target.level]
        if s == t and here >= goal:
            return CareerPath(True, 0, False, (), (), None)

        distance, layers = self._hops(t)
        chain_from_start = self._chain(s, distance, layers) if s in distance else None
        candidates: list[list[_Move]] = []
        if here != _NONE and chain_from_start is not None:
            for walk in self._walks(edu, here, goal):
                candidates.extend(self._arrangements(s, here, chain_from_start, walk))
        for entry_level, entry in self._ladders[edu].get(_NONE, ()):
            for walk in self._walks(edu, entry_level, goal):
                climb = [(_P, t, lv, opt) for lv, opt in zip(walk[2], walk[3], strict=True)]
                candidates.append([(_E, t, entry_level, entry), *climb])
                if s != t and chain_from_start is not None:
                    candidates.extend(
                        [(_E, s, entry_level, entry), *rest]
                        for rest in self._arrangements(s, entry_level, chain_from_start, walk)
                    )
        if not candidates:
            return CareerPath(
                False, None, False, (), (), self._unreachable(start, target, edu, distance)
            )

        ranked = sorted(((self._key(s, moves), moves) for moves in candidates), key=lambda c: c[0])
        chosen: list[list[_Move]] = []
        shapes: set[tuple[tuple[int, str, int], ...]] = set()
        for _, moves in ranked:
            shape = tuple((kind, occ, lv) for kind, occ, lv, _ in moves)
            if shape in shapes:
                continue
            shapes.add(shape)
            chosen.append(moves)
            if len(chosen) > _ALTERNATIVES:
                break
        best, *others = (self._materialize(start, moves) for moves in chosen)
        return CareerPath(
            True,
            best.total_min_years,
            best.total_is_lower_bound,
            best.steps,
            tuple(others),
            None,
        )

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

    def _level_index(self, level: str | None) -> int:
        return _NONE if level is None else self._rank[level]

    # -- precomputation --------------------------------------------------------------------

    def _ladder(self, education: str | None) -> _Ladder:
        """For one education: from each level, the cheapest option to every level a rule reaches."""
        best: dict[tuple[int, int], _Option] = {}
        for rule in self._rules:
            options = [_Option(rule.min_years, rule.code, rule.condition, rule.source)]
            options.extend(
                _Option(alt.min_years, alt.code, alt.condition, rule.source)
                for alt in rule.alternatives
                if alt.education == education
            )
            step = (self._level_index(rule.from_level), self._rank[rule.to_level])
            for option in options:
                current = best.get(step)
                if current is None or option.rank() < current.rank():
                    best[step] = option
        ladder: dict[int, list[tuple[int, _Option]]] = {}
        for (frm, to), option in sorted(best.items(), key=lambda item: item[0]):
            ladder.setdefault(frm, []).append((to, option))
        return {frm: tuple(steps) for frm, steps in ladder.items()}

    def _walks(self, education: str | None, start: int, goal: int) -> tuple[_Walk, ...]:
        """For each number of promotions, the best walk from ``start`` to the first level >= goal.

        Layer k holds, per level, the best walk of exactly k promotions; the order of walks
        (years, unfixed steps, level ranks) survives appending a step, so keeping one walk
        per level and layer is exact. Walks stop at the first level at or above the goal:
        climbing on can only add years and steps.
        """
        cache_key = (education, start, goal)
        cached = self._walk_cache.get(cache_key)
        if cached is not None:
            return cached
        ladder = self._ladders[education]
        layer: dict[int, _Walk] = {start: (0, 0, (), ())}
        found: list[_Walk] = []
        while layer:
            done = [walk for level, walk in layer.items() if level >= goal]
            if done:
                found.append(min(done, key=lambda w: w[:3]))
            following: dict[int, _Walk] = {}
            for level, (years, unfixed, ranks, options) in layer.items():
                if level >= goal:
                    continue
                for to, option in ladder.get(level, ()):
                    walk = (
                        years + (option.years or 0),
                        unfixed + (option.years is None),
                        (*ranks, to),
                        (*options, option),
                    )
                    current = following.get(to)
                    if current is None or walk[:3] < current[:3]:
                        following[to] = walk
            layer = following
        result = tuple(found)
        self._walk_cache[cache_key] = result
        return result

    def _hops(self, target: str) -> tuple[dict[str, int], tuple[frozenset[str], ...]]:
        """BFS over relatedness from ``target``: hop distances and the layers by distance."""
        cached = self._hop_cache.get(target)
        if cached is not None:
            return cached
        distance = {target: 0}
        layers = [frozenset((target,))]
        while True:
            # Set unions run in C: the big cliques make per-edge Python loops the bottleneck.
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

    @staticmethod
    def _arrangements(origin: str, level: int, chain: list[str], walk: _Walk) -> list[list[_Move]]:
        """Ways to combine a level walk with a chain of hops, the best first.

        Best: with at least as many promotions as hops, stay and hop on the last promotions
        (changes as late as possible); with fewer, transfer first — every step changes
        occupation either way, and transferring first keeps the lower level longer. The rest
        (hop early, transfer before or after the climb) are there for the alternatives.
        """
        climb = list(zip(walk[2], walk[3], strict=True))
        h, k = len(chain), len(climb)
        if h == 0:
            return [[(_P, origin, lv, opt) for lv, opt in climb]]
        target = chain[-1]
        top = climb[-1][0] if climb else level
        late: list[_Move]
        early: list[_Move]
        if k >= h:
            occupations = [origin] * (k - h) + chain
            late = [(_P, occ, lv, opt) for occ, (lv, opt) in zip(occupations, climb, strict=True)]
            occupations = chain + [target] * (k - h)
            early = [(_P, occ, lv, opt) for occ, (lv, opt) in zip(occupations, climb, strict=True)]
        else:
            late = [(_T, occ, level, None) for occ in chain[: h - k]]
            late.extend(
                (_P, occ, lv, opt) for occ, (lv, opt) in zip(chain[h - k :], climb, strict=True)
            )
            early = [(_P, occ, lv, opt) for occ, (lv, opt) in zip(chain[:k], climb, strict=True)]
            early.extend((_T, occ, top, None) for occ in chain[k:])
        transfer_first: list[_Move] = [(_T, occ, level, None) for occ in chain]
        transfer_first.extend((_P, target, lv, opt) for lv, opt in climb)
        transfer_last: list[_Move] = [(_P, origin, lv, opt) for lv, opt in climb]
        transfer_last.extend((_T, occ, top, None) for occ in chain)
        return [late, early, transfer_first, transfer_last]

    @staticmethod
    def _key(origin: str, moves: list[_Move]) -> _Key:
        # Transposed once: this runs for every candidate and dominates a query's time.
        kinds, occupations, levels, options = zip(*moves, strict=True) if moves else ((),) * 4
        periods = [option.years for option in options if option is not None]
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

    def _reason(self, a: str, b: str) -> str:
        return self._reasons[(a, b) if a < b else (b, a)]

    def _step(self, current: Position, move: _Move) -> Step:
        kind, occupation, level, option = move
        to = Position(occupation, self._levels[level])
        if option is None:
            reason = self._reason(current.occupation, occupation)
            return Step(
                TRANSFER,
                current,
                to,
                0,
                TRANSFER,
                f"related occupation: {reason}",
                f"relatedness: {reason}",
            )
        rule = option.condition
        if kind == _P and occupation != current.occupation:
            reason = self._reason(current.occupation, occupation)
            rule = f"{rule}; in a related occupation: {reason}"
        origin = None if kind == _E and current.level is None else current
        return Step(_KIND_NAMES[kind], origin, to, option.years, option.code, rule, option.source)

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

    def _unreachable(
        self, start: Position, target: Position, education: str | None, distance: dict[str, int]
    ) -> str:
        """Why no path exists: the highest level the rules lead to, and what is missing above it."""
        ladder = self._ladders[education]
        origins: list[int] = [to for to, _ in ladder.get(_NONE, ())]
        here = self._level_index(start.level)
        connected = start.occupation in distance
        if here != _NONE and connected:
            origins.append(here)
        reached: set[int] = set()
        pending = list(origins)
        while pending:
            level = pending.pop()
            if level not in reached:
                reached.add(level)
                pending.extend(to for to, _ in ladder.get(level, ()))
        where = f"{target.level} in {target.occupation}"
        notes: list[str] = []
        if here != _NONE and not connected:
            notes.append(
                f"{target.occupation} is not related to {start.occupation}, not even through a "
                "chain of related occupations, so only starting over leads there"
            )
        if not reached:
            notes.append("no rule grants a first certificate (a step from no certificate)")
            return f"{where} cannot be reached: " + "; ".join(notes)
        highest = self._levels[max(reached)]
        notes.append(
            f"the highest level the rules lead to is {highest}, and no rule leads up from it"
        )
        return f"{where} cannot be reached: " + "; ".join(notes)
