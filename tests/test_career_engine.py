"""The career-path engine: pinned answers on the seeded rules, and a reference search.

The pinned cases come from the rules' own text (seeds/career_rules.yaml: the 申报条件 clauses).
The reference is deliberately naive — a Dijkstra over the explicit product graph of
(occupation, level) states with every rule as its own edge — so that it shares no shortcut
with the engine. On top of it, a tie-aware pass walks the shortest-path DAG and picks the best
path under the full order, so the engine's tie-breaks are checked too, not only its totals.
The generated rule sets hold twin rules (same levels, equal or unfixed periods) and skips
whose period equals the steps they skip, so that competing routes of equal length are common.

The three ways issue 19 found to break "keep the best route to each level" and still pass —
keep the last walk found, stop a layer at the first level reaching the goal, count a step
with no fixed period as 1 year when choosing (in the walk or in the option ranking) — each
fail test_paths_match_the_reference_search (checked by hand on levels.py, which mutmut has not
been run on since the search was split).

mutmut 3.8 on engine.py with this module (tools/mutation/run) kills every mutant that changes
behaviour: of 788, 731 killed, two loop forever (one times out, one crashes), and the 55
survivors, by mutant number per function, are equivalent:

* Messages: ``__init__`` 5 and ``path`` 6 wrap an error message in "XX"; tests match a phrase.
* ``zip(strict=True)`` made lax (``_arrangements`` 6 10 14 35 38 39 47 50 51 59 62 64 68 71
  72 92 95 100, ``_candidates`` 81 85 89, ``_key`` 2 4 5 9 12 13): the sequences always match
  in length.
* The hop cache (``_hops`` 1 2 21 never hit it, 20 clears it one entry later): speed only.
* An occupation paired with itself (``__init__`` 40 and ``relation`` 4: ``a <= b`` with a == b
  cannot happen or gives the same key; ``_step`` 11 looks up that pair, always None);
  ``__init__`` 43 replaces a relation by an equal one.
* Values never read: a transfer's cost in a move (``_arrangements`` 54 74 84 108 112: ``_key``
  skips moves without a rule, ``_step`` writes 0, ``_detour`` returns first); the start level
  (``_candidates`` 28) in the arrangements the first loop keeps, none a transfer first, and
  the start occupation (50) in those the second keeps, all transfers first; the origin in
  ``_key`` when only its years are read (``_candidates`` 104, 110).
* Ties that do not occur: sorting the candidates on (key, moves) (``_candidates`` 118, 120)
  and dropping the rule codes from the key (``_key`` 25): candidates of one question with
  the same kinds, occupations and levels are the same moves.
* ``_arrangements`` 27 (``k > h``): with as many promotions as hops both branches build the
  same paths; 76 (``k >= 1``): with one promotion the first-hop arrangement is the early one,
  and the shapes are deduplicated; 106 (``insert(2, …)``): the candidates are ranked by key.
  ``_detour`` 40, 42 (no default for ``ladder.get``): a step always leaves a level the ladder
  has rules from. ``path`` 103 (``and`` for ``or``): a merit route's best
  path without a merit rule is a main path, never shorter than the best, so never added.
"""

from __future__ import annotations

import heapq
import os
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import count, pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.careers_data import at, occupation, seed_graph, seed_rules
from zhepai.domain.careers.eligibility import assess
from zhepai.domain.careers.engine import (
    ENTRY,
    LEVELS,
    PROMOTION,
    TRANSFER,
    CareerGraph,
    CareerPath,
    Position,
    Relation,
    Step,
    StepRule,
)


def trail(path: CareerPath) -> list[tuple[str, str, str | None, int | None]]:
    return [(s.kind, s.to_pos.occupation, s.to_pos.level, s.min_years) for s in path.steps]


def codes(path: CareerPath) -> list[str]:
    return [s.rule_code for s in path.steps]


# -- pinned answers on the seeded rules ----------------------------------------------------


def test_the_main_route_crosses_into_a_related_occupation_last() -> None:
    # 四级(1) 4 years, 三级(1) 5 years, 二级(1) 4 years; 车工 and 铣工 share machining.
    lathe, milling = occupation("车工"), occupation("铣工")
    path = seed_graph().path(at("车工", "JUNIOR"), at("铣工", "TECHNICIAN"))
    assert (path.reachable, path.total_min_years) == (True, 13)
    assert trail(path) == [
        (PROMOTION, lathe, "INTERMEDIATE", 4),
        (PROMOTION, lathe, "SENIOR", 5),
        (PROMOTION, milling, "TECHNICIAN", 4),
    ]
    assert codes(path) == ["INTERMEDIATE_BY_WORK", "SENIOR_BY_WORK", "TECHNICIAN_BY_WORK"]
    hop = path.steps[-1]
    assert hop.rule.startswith("取得本职业或相关职业三级/高级工")
    assert hop.source.endswith("申报条件 二级/技师 (1)")
    assert hop.relation is not None and hop.relation.kind == "WORK_FAMILY"
    assert "机械切削加工" in hop.relation.reason
    assert hop.requires_assessment
    assert [s.relation for s in path.steps[:2]] == [None, None]
    assert not any(s.requires_assessment for s in path.steps[:2])


def test_direct_recognition_and_competitions_make_the_total_a_lower_bound() -> None:
    path = seed_graph().path(at("车工", "JUNIOR"), at("铣工", "TECHNICIAN"))
    assert path.total_is_lower_bound  # every step has a fixed period, but merit routes exist
    merit = [a for a in path.alternatives if a.total_is_lower_bound]
    assert {codes(a)[-1] for a in merit} == {
        "COMPETITION_TECHNICIAN",
        "DIRECT_RECOGNITION_TECHNICIAN",
    }
    direct = next(a for a in merit if codes(a) == ["DIRECT_RECOGNITION_TECHNICIAN"])
    assert direct.steps[0].min_years is None
    assert "直接认定职业技能等级" in direct.steps[0].rule
    assert direct.steps[0].source.endswith("四、(三)（第12行）")
    # Where the main path takes no time, no merit route could shorten it.
    held = seed_graph().path(at("车工", "SENIOR"), at("磨工", "SENIOR"))
    assert (held.total_min_years, held.total_is_lower_bound) == (0, False)


def test_a_technical_school_graduate_applies_for_intermediate_directly() -> None:
    # 四级(3): 技工学校 graduates, final-year students included, apply with no certificate.
    path = seed_graph().path(at("茶艺师", None), at("茶艺师", "INTERMEDIATE"), "TECHNICAL_SCHOOL")
    assert trail(path) == [(ENTRY, occupation("茶艺师"), "INTERMEDIATE", 0)]
    assert path.steps[0].from_pos is None
    assert codes(path) == ["INTERMEDIATE_BY_SCHOOL"]
    assert "在校应届毕业生" in path.steps[0].rule
    assert path.steps[0].source.endswith("申报条件 四级/中级工 (3)")


@pytest.mark.parametrize(
    ("education", "years", "rules"),
    [
        # 四级(3), 三级(2), then 二级(2): 3 years after 高级工 for 技师学院 graduates
        (
            "TECHNICIAN_COLLEGE",
            3,
            ["INTERMEDIATE_BY_SCHOOL", "SENIOR_BY_SCHOOL", "TECHNICIAN_BY_SCHOOL"],
        ),
        # 二级(2) second half: 预备技师 certificate and 2 years
        ("PREPARATORY_TECHNICIAN", 2, ["TECHNICIAN_BY_PREPARATORY"]),
        # 大专: 五级(1) 1 + 四级(1) 4 + 三级(3) 2 + 二级(1) 4
        (
            "COLLEGE",
            11,
            ["JUNIOR_BY_WORK", "INTERMEDIATE_BY_WORK", "SENIOR_BY_COLLEGE", "TECHNICIAN_BY_WORK"],
        ),
        (
            None,
            14,
            ["JUNIOR_BY_WORK", "INTERMEDIATE_BY_WORK", "SENIOR_BY_WORK", "TECHNICIAN_BY_WORK"],
        ),
    ],
)
def test_school_routes_to_technician(education: str | None, years: int, rules: list[str]) -> None:
    path = seed_graph().path(at("电工", None), at("电工", "TECHNICIAN"), education)
    assert (path.total_min_years, codes(path)) == (years, rules)


@pytest.mark.parametrize(
    ("served", "years", "rules"),
    [
        (0, 5, ["JUNIOR_BY_WORK", "INTERMEDIATE_BY_WORK"]),
        (5, 1, ["INTERMEDIATE_BY_EXPERIENCE"]),  # 四级(2): 6 years in all
        (6, 0, ["INTERMEDIATE_BY_EXPERIENCE"]),
        (9, 0, ["INTERMEDIATE_BY_EXPERIENCE"]),
    ],
)
def test_uncertified_years_count(served: int, years: int, rules: list[str]) -> None:
    path = seed_graph().path(at("车工", None), at("车工", "INTERMEDIATE"), None, served)
    assert (path.total_min_years, codes(path)) == (years, rules)


@pytest.mark.parametrize("served", [5, 6])
def test_years_served_make_a_route_through_junior_a_detour(served: int) -> None:
    # 四级(2) takes 6 years' work with no certificate, 1 or 0 still to serve here; 五级 at once
    # and then 四级(1)'s 4 years is a detour of it, not an alternative.
    path = seed_graph().path(at("车工", None), at("车工", "INTERMEDIATE"), None, served)
    assert codes(path) == ["INTERMEDIATE_BY_EXPERIENCE"]
    assert ["JUNIOR_BY_WORK", "INTERMEDIATE_BY_WORK"] not in [codes(a) for a in path.alternatives]


def test_years_served_since_the_certificate_shorten_the_first_step_only() -> None:
    path = seed_graph().path(at("车工", "JUNIOR"), at("车工", "SENIOR"), None, 3)
    assert [s.min_years for s in path.steps] == [1, 5]
    related = seed_graph().path(at("车工", "JUNIOR"), at("铣工", "INTERMEDIATE"), None, 3)
    assert [s.min_years for s in related.steps] == [1]  # years in a related occupation count


def test_an_unrelated_occupation_is_a_new_start() -> None:
    # 车工 and 中式烹调师 share no work family: the 高级工 certificate does not count there.
    start = at("车工", "SENIOR")
    path = seed_graph().path(start, at("中式烹调师", "INTERMEDIATE"))
    assert trail(path)[0][:3] == (ENTRY, occupation("中式烹调师"), "JUNIOR")
    assert path.total_min_years == 1 + 4
    assert path.steps[0].from_pos == start
    assert path.steps[0].requires_assessment and path.steps[0].relation is None


def test_a_series_alone_relates_nothing() -> None:
    graph = seed_graph()
    machining = {occupation(n) for n in ("铣工", "刨插工", "磨工", "镗工", "钻床工", "钳工")}
    assert machining <= graph.related(occupation("车工"))
    assert occupation("洗衣机制造工") not in graph.related(occupation("车工"))  # same series 16
    assert occupation("钳工") in graph.related(occupation("车工"))  # another series
    assert graph.related(occupation("西式面点师")) >= {occupation("中式面点师")}
    targets = {s.to_pos.occupation for s in graph.next_steps(at("车工", "SENIOR"))}
    assert targets == {occupation("车工")} | graph.related(occupation("车工"))
    assert len(targets) < 12


@pytest.mark.parametrize("level", [*LEVELS[:6]])
def test_a_target_at_or_below_the_level_held_is_reached(level: str) -> None:
    path = seed_graph().path(at("车工", "SENIOR_TECHNICIAN"), at("车工", level))
    assert (path.reachable, path.total_min_years, path.total_is_lower_bound) == (True, 0, False)
    assert (path.steps, path.alternatives) == ((), ())
    assert path.reason == "已持有车工高级技师证书，目标等级不高于所持等级，无需再申报"


def test_same_level_in_a_related_occupation_is_an_assessment() -> None:
    path = seed_graph().path(at("车工", "SENIOR"), at("磨工", "SENIOR"))
    (step,) = path.steps
    assert (step.kind, step.min_years, step.requires_assessment) == (TRANSFER, 0, True)
    assert step.relation is not None and step.relation.reason in step.rule
    assert step.rule.startswith("以所持相关职业车工高级工证书在磨工申报同级认定")
    assert step.source == step.relation.source


def test_no_pointless_or_backward_steps() -> None:
    graph = seed_graph()
    names = ("车工", "铣工", "钳工", "中式烹调师")
    for start in [at("车工", level) for level in (None, *LEVELS[:5])]:
        for target in [at(n, level) for n in names for level in LEVELS[1:6]]:
            for education in (None, "TECHNICAL_SCHOOL", "TECHNICIAN_COLLEGE"):
                path = graph.path(start, target, education)
                for candidate in (path, *path.alternatives):
                    check_honest(start, candidate)


def check_honest(start: Position, path: CareerPath) -> None:
    current = start
    for step in path.steps:
        assert step.to_pos != current
        if step.to_pos.occupation == current.occupation:
            assert LEVELS.index(step.to_pos.level or "") > (
                -1 if current.level is None else LEVELS.index(current.level)
            )
            assert step.kind != ENTRY or current.level is None
        if step.to_pos.level == "APPRENTICE":  # never back to 学徒工 from a certificate
            assert current.level in (None, "APPRENTICE")
        current = step.to_pos


def test_principal_and_chief_fix_no_period() -> None:
    path = seed_graph().path(at("车工", "TECHNICIAN"), at("车工", "CHIEF_TECHNICIAN"))
    assert [s.min_years for s in path.steps] == [4, None, None]
    assert (path.total_min_years, path.total_is_lower_bound) == (4, True)
    assert "未规定年限" in path.steps[1].rule
    assert "特级技师" in path.steps[1].source


def test_every_text_is_chinese() -> None:
    graph = seed_graph()
    for start, target in [
        (at("车工", "JUNIOR"), at("铣工", "TECHNICIAN")),
        (at("车工", "SENIOR"), at("中式烹调师", "SENIOR")),
        (at("车工", "SENIOR"), at("磨工", "SENIOR")),
        (at("茶艺师", None), at("评茶员", "CHIEF_TECHNICIAN")),
    ]:
        path = graph.path(start, target)
        for candidate in (path, *path.alternatives):
            for step in candidate.steps:
                texts = [step.rule] + ([step.relation.reason] if step.relation else [])
                for text in texts:
                    assert not any("a" <= c.lower() <= "z" for c in text), text
    held = graph.path(at("车工", "SENIOR"), at("车工", "JUNIOR")).reason
    assert held is not None and not any("a" <= c.lower() <= "z" for c in held), held


def test_unreachable_reasons_say_what_is_missing() -> None:
    rules = [
        StepRule("J", None, "JUNIOR", 1, "一年", "规程"),
        StepRule("I", "JUNIOR", "INTERMEDIATE", 4, "四年", "规程"),
    ]
    graph = CareerGraph(LEVELS, rules, ["a", "b"], [], names={"a": "甲", "b": "乙"},
                        level_names={"SENIOR": "高级工", "INTERMEDIATE": "中级工"})  # fmt: skip
    path = graph.path(Position("a", "JUNIOR"), Position("b", "SENIOR"))
    assert path.reason == (
        "乙高级工无法到达：乙与甲不相关，也没有相关职业相连，只能从头取证；"
        "申报条件最高只能到中级工，其上没有可用的申报条件"
    )
    bare = CareerGraph(LEVELS, rules[1:], ["a"], [], names={"a": "甲"})
    reason = bare.path(Position("a", None), Position("a", "JUNIOR")).reason
    assert reason == "甲JUNIOR无法到达：没有无需证书即可申报的条件，无法取得第一张证书"


@pytest.mark.parametrize(
    ("start", "target", "education", "reason"),
    [
        # the 五级 certificate held leads on to 中级工, though no first certificate is open
        (("a", "JUNIOR"), "a", None, "申报条件最高只能到中级工，其上没有可用的申报条件"),
        # the school route opens the first certificate
        (("a", None), "a", "SCHOOL", "申报条件最高只能到中级工，其上没有可用的申报条件"),
        # a certificate that does not count for 甲 leads nowhere there
        (
            ("b", "JUNIOR"),
            "a",
            None,
            "甲与乙不相关，也没有相关职业相连，只能从头取证；"
            "没有无需证书即可申报的条件，无法取得第一张证书",
        ),
        # with no certificate there is nothing to be unrelated: only the first one is missing
        (("b", None), "a", None, "没有无需证书即可申报的条件，无法取得第一张证书"),
    ],
)
def test_unreachable_reasons_count_the_certificate_and_education(
    start: tuple[str, str | None], target: str, education: str | None, reason: str
) -> None:
    rules = [
        StepRule("J", None, "JUNIOR", 1, "技工学校", "规程", frozenset({"SCHOOL"})),
        StepRule("I", "JUNIOR", "INTERMEDIATE", 4, "四年", "规程"),
    ]
    graph = CareerGraph(LEVELS, rules, ["a", "b"], [], names={"a": "甲", "b": "乙"},
                        level_names={"SENIOR": "高级工", "INTERMEDIATE": "中级工"})  # fmt: skip
    path = graph.path(Position(*start), Position(target, "SENIOR"), education)
    assert (path.reachable, path.reason) == (False, "甲高级工无法到达：" + reason)


# -- eligibility -----------------------------------------------------------------------


def test_eligibility_counts_the_years_since_the_certificate() -> None:
    graph = seed_graph()
    now = assess(graph, at("车工", "JUNIOR"), at("车工", "INTERMEDIATE"), None, 4.2)
    assert (now.admitted, now.rule_code, now.wait, now.min_years) == (
        True,
        "INTERMEDIATE_BY_WORK",
        0.0,
        4,
    )
    later = assess(graph, at("车工", "JUNIOR"), at("铣工", "INTERMEDIATE"), None, 2.5)
    assert (later.admitted, later.wait) == (True, 1.5)
    schooled = assess(graph, at("车工", None), at("车工", "INTERMEDIATE"), "TECHNICAL_SCHOOL")
    assert (schooled.rule_code, schooled.wait) == ("INTERMEDIATE_BY_SCHOOL", 0.0)


def test_eligibility_names_what_is_missing() -> None:
    graph = seed_graph()
    none = assess(graph, at("车工", None), at("车工", "SENIOR"), None, 3)
    assert not none.admitted
    assert none.missing == ("取得本职业或相关职业的中级工证书",)
    assert none.rule_code == "SENIOR_BY_WORK"
    elsewhere = assess(graph, at("中式烹调师", "INTERMEDIATE"), at("车工", "SENIOR"))
    assert elsewhere.missing[0].startswith("所持中式烹调师中级工证书不属于车工")
    held = assess(graph, at("车工", "SENIOR"), at("车工", "JUNIOR"))
    assert (held.admitted, held.held, held.wait) == (True, True, 0.0)
    appointed = assess(graph, at("车工", "SENIOR_TECHNICIAN"), at("车工", "PRINCIPAL_TECHNICIAN"))
    assert (appointed.admitted, appointed.wait, appointed.min_years) == (True, None, None)


# -- an independent model of the rules, for checking --------------------------------------


@dataclass(frozen=True)
class Case:
    levels: tuple[str, ...]
    rules: tuple[StepRule, ...]
    occupations: tuple[str, ...]
    edges: tuple[tuple[str, str, Relation], ...]

    def graph(self) -> CareerGraph:
        return CareerGraph(self.levels, self.rules, self.occupations, self.edges)

    def rank(self, level: str | None) -> int:
        return -1 if level is None else self.levels.index(level)

    def related(self, occupation: str) -> set[str]:
        out = {b for a, b, _ in self.edges if a == occupation}
        out |= {a for a, b, _ in self.edges if b == occupation}
        out.discard(occupation)
        return out

    def relation(self, a: str, b: str) -> Relation | None:
        found = [r for x, y, r in self.edges if {x, y} == {a, b} and a != b]
        return min(found) if found else None

    def options(
        self, held: str | None, to: str, education: str | None, served: int = 0
    ) -> list[tuple[int | None, str]]:
        """Every rule a holder of ``held`` may use to reach ``to``, with what it costs."""
        return [
            (None if r.min_years is None else max(0, r.min_years - served), r.code)
            for r in self.rules
            if r.to_level == to
            and self.rank(r.from_level) <= self.rank(held) < self.rank(to)
            and (not r.educations or education in r.educations)
        ]


State = tuple[str, str | None]
Cost = tuple[int, int, int]  # years (None as 0), steps, steps without a fixed period
Edge = tuple[str, State, int | None, str]  # kind, state reached, years, rule code
KIND_RANK = {PROMOTION: 0, TRANSFER: 1, ENTRY: 2}


@dataclass(frozen=True)
class Question:
    case: Case
    start: Position
    target: Position
    education: str | None
    served: int

    @property
    def origin(self) -> State:
        return (self.start.occupation, self.start.level)

    def near(self) -> set[str]:
        return {self.start.occupation} | self.case.related(self.start.occupation)


def moves(q: Question, state: State, fresh: bool) -> Iterator[Edge]:
    """The single moves from ``state``; new starts elsewhere only from the start, if ``fresh``."""
    case = q.case
    occupation, level = state
    first = state == q.origin
    served = q.served if first else 0
    for to in case.levels:
        for years, code in case.options(level, to, q.education, served):
            for other in sorted({occupation} | case.related(occupation)):
                yield (ENTRY if level is None else PROMOTION), (other, to), years, code
    if level is not None:
        for other in sorted(case.related(occupation)):
            yield TRANSFER, (other, level), 0, TRANSFER
    if first and fresh:
        for to in case.levels:
            for years, code in case.options(None, to, q.education):
                for other in case.occupations:
                    if other not in q.near():
                        yield ENTRY, (other, to), years, code


def add(cost: Cost, years: int | None) -> Cost:
    return (cost[0] + (years or 0), cost[1] + 1, cost[2] + (years is None))


# (changes, change flags, occupations, level ranks, kinds, codes): the order after the cost
Tail = tuple[
    int, tuple[int, ...], tuple[str, ...], tuple[int, ...], tuple[int, ...], tuple[str, ...]
]


@dataclass(frozen=True)
class Reference:
    cost: Cost
    key: tuple[Cost, Tail]
    edges: tuple[Edge, ...]


def search(q: Question, fresh: bool) -> Reference | None:
    """Dijkstra on (years, steps, unfixed steps), then the best tight path by the full order."""
    case, target = q.case, q.target
    goal = case.rank(target.level)

    def is_target(state: State) -> bool:
        return state[0] == target.occupation and case.rank(state[1]) >= goal

    dist: dict[State, Cost] = {q.origin: (0, 0, 0)}
    tie = count()
    heap: list[tuple[Cost, int, State]] = [((0, 0, 0), next(tie), q.origin)]
    while heap:
        cost, _, state = heapq.heappop(heap)
        if cost > dist[state] or is_target(state):
            continue
        for _, nxt, years, _ in moves(q, state, fresh):
            new = add(cost, years)
            if nxt not in dist or new < dist[nxt]:
                dist[nxt] = new
                heapq.heappush(heap, (new, next(tie), nxt))
    reached = [cost for state, cost in dist.items() if is_target(state)]
    if not reached:
        return None
    best_cost = min(reached)

    memo: dict[State, tuple[Tail, tuple[Edge, ...]] | None] = {}

    def best(state: State) -> tuple[Tail, tuple[Edge, ...]] | None:
        # Every tight suffix from one state has the same length and cost, so the order of
        # whole paths through it reduces to the order of their suffixes.
        if state in memo:
            return memo[state]
        result: tuple[Tail, tuple[Edge, ...]] | None = None
        if is_target(state):
            result = ((0, (), (), (), (), ()), ()) if dist[state] == best_cost else None
        else:
            for edge in moves(q, state, fresh):
                kind, nxt, years, code = edge
                if dist.get(nxt) != add(dist[state], years) or dist[nxt] > best_cost:
                    continue
                sub = best(nxt)
                if sub is None:
                    continue
                (changes, flags, occs, ranks, kinds, codes_), rest = sub
                flag = int(nxt[0] != state[0])
                tail: Tail = (
                    changes + flag,
                    (flag, *flags),
                    (nxt[0], *occs),
                    (case.rank(nxt[1]), *ranks),
                    (KIND_RANK[kind], *kinds),
                    (code, *codes_),
                )
                if result is None or tail < result[0]:
                    result = (tail, (edge, *rest))
        memo[state] = result
        return result

    found = best(q.origin)
    assert found is not None
    return Reference(best_cost, (best_cost, found[0]), found[1])


def reference(q: Question) -> Reference | None:
    """A worker with a certificate starts over elsewhere only when that takes fewer years."""
    with_fresh = search(q, fresh=True)
    if q.start.level is None:
        return with_fresh
    kept = search(q, fresh=False)
    if kept is None or (with_fresh is not None and with_fresh.cost[0] < kept.cost[0]):
        return with_fresh
    return kept


def order_key(case: Case, start: Position, steps: Sequence[Step]) -> tuple[Cost, Tail]:
    flags: list[int] = []
    previous = start.occupation
    for step in steps:
        flags.append(int(step.to_pos.occupation != previous))
        previous = step.to_pos.occupation
    cost = (
        sum(s.min_years or 0 for s in steps),
        len(steps),
        sum(s.min_years is None for s in steps),
    )
    return cost, (
        sum(flags),
        tuple(flags),
        tuple(s.to_pos.occupation for s in steps),
        tuple(case.rank(s.to_pos.level) for s in steps),
        tuple(KIND_RANK[s.kind] for s in steps),
        tuple(s.rule_code for s in steps),
    )


def check_step(q: Question, current: Position, step: Step, first: bool) -> None:
    """One step is a legal move from ``current`` at the cost the rules give it."""
    case = q.case
    to = step.to_pos
    assert to != current
    changes = to.occupation != current.occupation
    assert step.requires_assessment == changes
    near = {current.occupation} | case.related(current.occupation)
    assert step.relation == (case.relation(current.occupation, to.occupation) if changes else None)
    if step.kind == TRANSFER:
        assert step.from_pos == current
        assert current.level is not None
        assert to.level == current.level
        assert to.occupation in case.related(current.occupation)
        assert (step.min_years, step.rule_code) == (0, TRANSFER)
        return
    assert to.level is not None
    assert case.rank(to.level) > case.rank(current.level) or to.occupation not in near
    if to.occupation in near:
        assert step.kind == (ENTRY if current.level is None else PROMOTION)
        options = case.options(current.level, to.level, q.education, q.served if first else 0)
    else:
        # a new start: only first, and only where the certificate held does not count
        assert first and step.kind == ENTRY
        options = case.options(None, to.level, q.education)
    assert step.from_pos == (None if current.level is None else current)
    assert (step.min_years, step.rule_code) in options
    # The step costs the least the applicable options allow (a fixed period beating None).
    assert min((y or 0, y is None) for y, _ in options) == (
        step.min_years or 0,
        step.min_years is None,
    )


def check_path(q: Question, path: CareerPath) -> None:
    assert path.reachable
    assert path.reason is None
    current = q.start
    for i, step in enumerate(path.steps):
        check_step(q, current, step, i == 0)
        current = step.to_pos
    assert current.occupation == q.target.occupation
    assert q.case.rank(current.level) >= q.case.rank(q.target.level)
    assert path.total_min_years == sum(s.min_years or 0 for s in path.steps)
    assert path.total_is_lower_bound == any(s.min_years is None for s in path.steps)


def check_no_detour(q: Question, path: CareerPath) -> None:
    """No two steps of an alternative could be one, no slower: a transfer with a step back to
    where it came from (or a related occupation), or two certifications one rule gives as soon
    (time served shortening it as it shortens the first step)."""
    case, current, steps = q.case, q.start, path.steps
    served = q.served if steps and steps[0].to_pos.occupation in q.near() else 0
    if steps and steps[0].kind == ENTRY:
        current = Position(steps[0].to_pos.occupation, None)  # an entry starts from nothing
    for first, second in pairwise(steps):
        if second.to_pos.occupation in {current.occupation} | case.related(current.occupation):
            assert TRANSFER not in (first.kind, second.kind)
            assert second.to_pos.level is not None
            spent = (first.min_years or 0) + (second.min_years or 0)
            direct = case.options(current.level, second.to_pos.level, q.education, served)
            assert not [cost for cost, _ in direct if cost is not None and cost <= spent]
        current, served = first.to_pos, 0


def shape(path: CareerPath) -> tuple[tuple[str, str, str | None], ...]:
    return tuple((s.kind, s.to_pos.occupation, s.to_pos.level) for s in path.steps)


def check_against_reference(q: Question) -> CareerPath:
    path = q.case.graph().path(q.start, q.target, q.education, q.served)
    held = q.start.occupation == q.target.occupation and q.case.rank(q.start.level) >= (
        q.case.rank(q.target.level)
    )
    if held:
        assert (path.reachable, path.total_min_years, path.steps) == (True, 0, ())
        assert path.total_is_lower_bound is False
        assert path.reason and path.reason.startswith("已持有")
        return path
    ref = reference(q)
    if ref is None:
        assert path.reachable is False
        assert (path.total_min_years, path.total_is_lower_bound) == (None, False)
        assert path.steps == ()
        assert path.alternatives == ()
        assert path.reason
        return path
    assert (path.reachable, path.total_min_years, path.total_is_lower_bound, len(path.steps)) == (
        True,
        ref.cost[0],
        ref.cost[2] > 0,
        ref.cost[1],
    )
    check_path(q, path)
    assert order_key(q.case, q.start, path.steps) == ref.key
    assert len(path.alternatives) <= 3
    shapes = [shape(path)]
    keys = [ref.key]
    for alternative in path.alternatives:
        assert alternative.alternatives == ()
        check_path(q, alternative)
        check_no_detour(q, alternative)
        shapes.append(shape(alternative))
        keys.append(order_key(q.case, q.start, alternative.steps))
    assert len(set(shapes)) == len(shapes)
    assert keys == sorted(keys)
    return path


# -- small graphs by hand ------------------------------------------------------------------

RULES = (
    StepRule("J", None, "JUNIOR", 1, "一年", "规程"),
    StepRule("I", "JUNIOR", "INTERMEDIATE", 4, "四年", "规程"),
    StepRule("S", "INTERMEDIATE", "SENIOR", 5, "五年", "规程"),
)


def square(order: int = 1) -> CareerGraph:
    # W - X - Z and W - Y - Z: two equally short chains from W to Z
    edges = [("W", "X", "r1"), ("W", "Y", "r2"), ("X", "Z", "r3"), ("Y", "Z", "r4")]
    related = [(b, a, Relation("PAIR", r, "s")) for a, b, r in edges][::order]
    return CareerGraph(LEVELS, RULES[::order], "WXYZ"[::order], related)


def test_ties_are_broken_by_the_smallest_occupation_ids() -> None:
    path = square().path(Position("W", "SENIOR"), Position("Z", "SENIOR"))
    assert trail(path) == [(TRANSFER, "X", "SENIOR", 0), (TRANSFER, "Z", "SENIOR", 0)]
    path = square().path(Position("W", "JUNIOR"), Position("Z", "SENIOR"))
    assert trail(path) == [(PROMOTION, "X", "INTERMEDIATE", 4), (PROMOTION, "Z", "SENIOR", 5)]
    # more hops than promotions: transfer first, then climb
    path = square().path(Position("W", "INTERMEDIATE"), Position("Z", "SENIOR"))
    assert trail(path) == [(TRANSFER, "X", "INTERMEDIATE", 0), (PROMOTION, "Z", "SENIOR", 5)]


def ladder(*extra: StepRule, edges: str = "WX-WY-XZ-YZ") -> CareerGraph:
    """The three rules of RULES plus ``extra``, on occupations related as ``edges`` says."""
    related = [(e[0], e[1], Relation("PAIR", f"r{e}", "s")) for e in edges.split("-") if e]
    return CareerGraph(LEVELS, RULES + extra, "WXYZ", related)


def trails(path: CareerPath) -> list[list[tuple[str, str, str | None, int | None]]]:
    return [trail(path), *(trail(a) for a in path.alternatives)]


def test_alternatives_are_the_next_paths_that_are_no_detour() -> None:
    # Best: climb in W, cross to X last. Then: cross first; the 10-year skip J -> S. Not
    # offered: the transfers (to X and back to W's level, or after the climb) — detours.
    skip = StepRule("K", "JUNIOR", "SENIOR", 10, "十年", "规程")
    path = ladder(skip).path(Position("W", "JUNIOR"), Position("X", "SENIOR"))
    assert trails(path) == [
        [(PROMOTION, "W", "INTERMEDIATE", 4), (PROMOTION, "X", "SENIOR", 5)],
        [(PROMOTION, "X", "INTERMEDIATE", 4), (PROMOTION, "X", "SENIOR", 5)],
        [(PROMOTION, "X", "SENIOR", 10)],
    ]
    # Three alternatives at most: the skip after 五级 in X, fourth, is left out.
    many = ladder(skip).path(Position("W", None), Position("Z", "SENIOR"))
    climb = [(PROMOTION, "Z", "INTERMEDIATE", 4), (PROMOTION, "Z", "SENIOR", 5)]
    assert trails(many) == [
        [(ENTRY, "Z", "JUNIOR", 1), *climb],
        [(ENTRY, "W", "JUNIOR", 1), (PROMOTION, "X", "INTERMEDIATE", 4), climb[1]],
        [(ENTRY, "X", "JUNIOR", 1), *climb],
        [(ENTRY, "Z", "JUNIOR", 1), (PROMOTION, "Z", "SENIOR", 10)],
    ]


def test_two_steps_that_one_rule_takes_no_slower_are_not_offered() -> None:
    # A 9-year skip J -> S: 4 + 5 years through 中级工 is the same time in one more step.
    skip = StepRule("K", "JUNIOR", "SENIOR", 9, "九年", "规程")
    path = ladder(skip).path(Position("W", "JUNIOR"), Position("X", "SENIOR"))
    assert trails(path) == [[(PROMOTION, "X", "SENIOR", 9)]]
    fresh = ladder(skip).path(Position("W", None), Position("W", "SENIOR"))
    assert trails(fresh) == [[(ENTRY, "W", "JUNIOR", 1), (PROMOTION, "W", "SENIOR", 9)]]
    # A transfer and a promotion back where it started: the promotion alone does it.
    appointed = StepRule("T", "SENIOR", "TECHNICIAN", None, "无年限", "规程")
    path = ladder(appointed, edges="WX").path(Position("W", "SENIOR"), Position("X", "TECHNICIAN"))
    assert trails(path) == [[(PROMOTION, "X", "TECHNICIAN", None)]]


def test_a_detour_is_judged_by_what_the_one_step_costs_the_worker() -> None:
    # Served 4 years: 中级工 at once, then 5 years; the 6-year skip costs 2 — the two steps
    # are a detour of it. A 10-year skip costs 6: crossing to X first is then no detour.
    served = (Position("W", "JUNIOR"), Position("W", "SENIOR"), None, 4)
    path = ladder(StepRule("K", "JUNIOR", "SENIOR", 6, "六年", "规程")).path(*served)
    assert trails(path) == [[(PROMOTION, "W", "SENIOR", 2)]]
    crossing = (Position("W", "JUNIOR"), Position("X", "SENIOR"), None, 4)
    path = ladder(StepRule("K", "JUNIOR", "SENIOR", 10, "十年", "规程")).path(*crossing)
    assert trails(path) == [
        [(PROMOTION, "W", "INTERMEDIATE", 0), (PROMOTION, "X", "SENIOR", 5)],
        [(PROMOTION, "X", "INTERMEDIATE", 0), (PROMOTION, "X", "SENIOR", 5)],
        [(PROMOTION, "X", "SENIOR", 6)],
    ]
    # A new start in Z, unrelated to W: the 6-year rule to 中级工 costs 6 there, so 1 + 4
    # years through 五级 is no detour of it (the best starts at 学徒工).
    apprenticed = (
        StepRule("K", None, "INTERMEDIATE", 6, "六年", "规程"),
        StepRule("A", None, "APPRENTICE", 0, "学徒", "规程"),
        StepRule("AJ", "APPRENTICE", "JUNIOR", 0, "出师", "规程"),
    )
    path = ladder(*apprenticed, edges="WX").path(Position("W", "JUNIOR"), Position("Z", "SENIOR"))
    assert trails(path)[1] == [
        (ENTRY, "Z", "JUNIOR", 1),
        (PROMOTION, "Z", "INTERMEDIATE", 4),
        (PROMOTION, "Z", "SENIOR", 5),
    ]
    # 4 years and 0 are not a 5-year skip.
    rules = (
        StepRule("S0", "INTERMEDIATE", "SENIOR", 0, "零年", "规程"),
        StepRule("K", "JUNIOR", "SENIOR", 5, "五年", "规程"),
    )
    path = ladder(*rules).path(Position("W", "JUNIOR"), Position("X", "SENIOR"))
    assert trails(path) == [
        [(PROMOTION, "W", "INTERMEDIATE", 4), (PROMOTION, "X", "SENIOR", 0)],
        [(PROMOTION, "X", "INTERMEDIATE", 4), (PROMOTION, "X", "SENIOR", 0)],
        [(PROMOTION, "X", "SENIOR", 5)],
    ]


def test_time_served_is_not_dropped_for_a_first_certificate() -> None:
    # Served 3 years: 学徒工 at once, then 3 years. Without the time served, 五级 first (1 + 4
    # years) would be best; that answer, ignoring the 3 years, is not an alternative.
    rules = (
        StepRule("J", None, "JUNIOR", 1, "一年", "规程"),
        StepRule("I", "JUNIOR", "INTERMEDIATE", 4, "四年", "规程"),
        StepRule("A", None, "APPRENTICE", 3, "三年", "规程"),
        StepRule("AI", "APPRENTICE", "INTERMEDIATE", 3, "三年", "规程"),
    )
    case = Case(LEVELS, rules, ("W", "X"), (("W", "X", Relation("PAIR", "r", "s")),))
    for target in ("W", "X"):
        q = Question(case, Position("W", None), Position(target, "INTERMEDIATE"), None, 3)
        path = check_against_reference(q)
        assert {trail(p)[0][2:] for p in (path, *path.alternatives)} == {("APPRENTICE", 0)}


def test_a_first_certification_takes_the_first_hop_then_transfers_keep_its_level() -> None:
    # W - X - Y - Z, three hops and two certifications; the first must be a certification.
    pair = Relation("PAIR", "r", "s")
    edges = (("W", "X", pair), ("X", "Y", pair), ("Y", "Z", pair))
    # No certificate, a year served: 学徒工 in X (related to W) at once; a new start in Z
    # takes a year. Nothing to transfer before it; then the transfer comes at 学徒工.
    rules = (
        StepRule("A", None, "APPRENTICE", 1, "一年", "规程"),
        StepRule("AJ", "APPRENTICE", "JUNIOR", 0, "出师", "规程"),
    )
    case = Case(LEVELS, rules, tuple("WXYZ"), edges)
    q = Question(case, Position("W", None), Position("Z", "JUNIOR"), None, 1)
    assert trail(check_against_reference(q)) == [
        (ENTRY, "X", "APPRENTICE", 0),
        (TRANSFER, "Y", "APPRENTICE", 0),
        (PROMOTION, "Z", "JUNIOR", 0),
    ]
    # 五级 held 4 years: 中级工 in X at once; transferring first would drop the time served.
    case = Case(LEVELS, RULES, tuple("WXYZ"), edges)
    q = Question(case, Position("W", "JUNIOR"), Position("Z", "SENIOR"), None, 4)
    assert trail(check_against_reference(q)) == [
        (PROMOTION, "X", "INTERMEDIATE", 0),
        (TRANSFER, "Y", "INTERMEDIATE", 0),
        (PROMOTION, "Z", "SENIOR", 5),
    ]


def test_an_occupation_is_not_related_to_itself() -> None:
    pair = Relation("PAIR", "r", "s")
    graph = CareerGraph(LEVELS, RULES, "ab", [("a", "a", pair), ("a", "b", pair)])
    assert (graph.related("a"), graph.related("b")) == (frozenset("b"), frozenset("a"))
    assert graph.relation("a", "a") is None


# Merit routes on the ladder of RULES: 竞赛 as long as the ordinary 高级工 rule (its code sorts
# first, so it is chosen on the tie), direct recognition of 五级 and 四级 for education E only.
MERIT = (
    StepRule("CS", "INTERMEDIATE", "SENIOR", 5, "竞赛", "规程", route="COMPETITION"),
    StepRule("DJ", None, "JUNIOR", None, "认定", "规程", frozenset({"E"}), "DIRECT"),
    StepRule("DI", "JUNIOR", "INTERMEDIATE", None, "认定", "规程", frozenset({"E"}), "DIRECT"),
)


@pytest.mark.parametrize(
    ("start", "target", "education", "merit"),
    [
        # a merit route no shorter than the main path is not offered
        (("W", "INTERMEDIATE"), ("W", "SENIOR"), None, None),
        (("W", None), ("W", "JUNIOR"), None, None),
        # the competition route does not help here, direct recognition does
        (("W", None), ("W", "JUNIOR"), "E", [(ENTRY, "W", "JUNIOR", None)]),
        # the best merit path transfers first, like the main one
        (
            ("W", "JUNIOR"),
            ("Z", "INTERMEDIATE"),
            "E",
            [(TRANSFER, "X", "JUNIOR", 0), (PROMOTION, "Z", "INTERMEDIATE", None)],
        ),
        # a new start in an unrelated occupation
        (("W", "JUNIOR"), ("V", "JUNIOR"), "E", [(ENTRY, "V", "JUNIOR", None)]),
    ],
)
def test_a_merit_route_is_offered_when_it_takes_fewer_years(
    start: tuple[str, str | None],
    target: tuple[str, str],
    education: str | None,
    merit: list[tuple[str, str, str | None, int | None]] | None,
) -> None:
    related = [(a, b, Relation("PAIR", "r", "s")) for a, b in ("WX", "XZ")]
    graph = CareerGraph(LEVELS, RULES + MERIT, "VWXZ", related)
    path = graph.path(Position(*start), Position(*target), education)
    merits = [trail(a) for a in path.alternatives if a.total_is_lower_bound]
    assert merits == ([] if merit is None else [merit])
    assert path.total_is_lower_bound == (merit is not None)


def test_answers_do_not_depend_on_the_input_order() -> None:
    for start, target in [
        (Position("W", "SENIOR"), Position("Z", "SENIOR")),
        (Position("W", "JUNIOR"), Position("Z", "SENIOR")),
        (Position("X", None), Position("Y", "SENIOR")),
    ]:
        assert square(1).path(start, target) == square(-1).path(start, target)


def test_next_steps_list_own_occupation_first_then_related_ones() -> None:
    steps = square().next_steps(Position("W", "JUNIOR"), None, 1)
    assert [(s.kind, s.to_pos, s.min_years, s.rule_code) for s in steps] == [
        (PROMOTION, Position("W", "INTERMEDIATE"), 3, "I"),
        (PROMOTION, Position("X", "INTERMEDIATE"), 3, "I"),
        (PROMOTION, Position("Y", "INTERMEDIATE"), 3, "I"),
    ]
    fresh = square().next_steps(Position("W", None))  # no time served unless told
    assert [(s.kind, s.from_pos, s.to_pos, s.min_years) for s in fresh] == [
        (ENTRY, None, Position("W", "JUNIOR"), 1)
    ]
    assert square().next_steps(Position("W", "SENIOR")) == []


def test_invalid_questions_are_value_errors() -> None:
    graph = square()
    with pytest.raises(ValueError, match="unknown occupation 'nope'"):
        graph.path(Position("nope", "JUNIOR"), Position("W", "SENIOR"))
    with pytest.raises(ValueError, match="unknown occupation 'nope'"):
        graph.related("nope")
    with pytest.raises(ValueError, match="unknown education 'PHD'; known codes: none"):
        graph.path(Position("W", "JUNIOR"), Position("W", "SENIOR"), "PHD")
    schooled = StepRule("J", None, "JUNIOR", 1, "", "", frozenset("BA"))
    with pytest.raises(ValueError, match=r"unknown education 'PHD'; known codes: A, B$"):
        CareerGraph(LEVELS, [schooled], "W", []).path(
            Position("W", "JUNIOR"), Position("W", "SENIOR"), "PHD"
        )
    with pytest.raises(ValueError, match="needs a level"):
        graph.path(Position("W", "JUNIOR"), Position("W", None))
    with pytest.raises(ValueError, match="unknown level 'MASTER'; known levels: APPRENTICE, JUN"):
        graph.path(Position("W", "MASTER"), Position("W", "SENIOR"))
    with pytest.raises(ValueError, match="cannot be negative"):
        graph.path(Position("W", "JUNIOR"), Position("W", "SENIOR"), None, -1)
    with pytest.raises(ValueError, match="cannot be negative"):
        assess(graph, Position("W", "JUNIOR"), Position("W", "SENIOR"), None, -0.5)


def test_invalid_data_is_rejected() -> None:
    with pytest.raises(ValueError, match="must lead up the ladder"):
        CareerGraph(LEVELS, [StepRule("X", "SENIOR", "JUNIOR", 1, "", "")], [], [])
    with pytest.raises(ValueError, match="unknown level 'MASTER'"):
        CareerGraph(LEVELS, [StepRule("X", None, "MASTER", 1, "", "")], [], [])
    with pytest.raises(ValueError, match="unknown occupation 'b'"):
        CareerGraph(LEVELS, [], ["a"], [("a", "b", Relation("PAIR", "r", "s"))])
    with pytest.raises(ValueError, match="must lead up the ladder"):
        CareerGraph(LEVELS, [StepRule("X", "SENIOR", "SENIOR", 1, "", "")], [], [])
    with pytest.raises(ValueError, match="duplicate level"):
        CareerGraph(["A", "A"], [], [], [])
    with pytest.raises(ValueError, match="at least one level"):
        CareerGraph([], [], [], [])


# -- against the reference ----------------------------------------------------------------

EDUCATIONS = ("E1", "E2")
# Small periods, None among them, so that routes tie often.
YEARS = st.one_of(st.none(), st.integers(0, 3))


@st.composite
def questions(draw: st.DrawFn) -> Question:
    levels = LEVELS[: draw(st.integers(2, 6))]
    occupations = tuple(f"o{i}" for i in range(draw(st.integers(2, 7))))
    pairs = [(a, b) for i, a in enumerate(occupations) for b in occupations[i + 1 :]]
    chosen = [pair for pair in pairs if draw(st.integers(0, 2)) > 0]
    reasons = st.sampled_from(["r1", "r2"])
    edges = tuple((a, b, Relation("PAIR", draw(reasons), "s")) for a, b in chosen)
    steps: list[tuple[str | None, str]] = [(None, levels[0]), (None, levels[1])]
    steps += list(pairwise(levels))
    wanted = [step for step in steps if draw(st.integers(0, 5)) > 0]
    upward = [
        (f, t)
        for f in (None, *levels)
        for t in levels
        if f is None or levels.index(f) < levels.index(t)
    ]
    wanted += draw(st.lists(st.sampled_from(upward), max_size=4))
    rules: list[StepRule] = []
    for i, (frm, to) in enumerate(wanted):
        years = draw(YEARS)
        educations = frozenset(draw(st.sets(st.sampled_from(EDUCATIONS), max_size=2)))
        rules.append(StepRule(f"R{i}", frm, to, years, f"规则{i}", "来源", educations))
        if draw(st.integers(0, 2)) == 0:
            # a twin: the same step with an equal period, or none, competing for it
            twin = draw(st.sampled_from([years, None, 0]))
            rules.append(StepRule(f"Q{i}", frm, to, twin, f"规则{i}乙", "来源", educations))
    by_step = {(r.from_level, r.to_level): r.min_years for r in rules}
    for frm, mid, to in zip((None, *levels), levels, levels[1:], strict=False):
        first, second = by_step.get((frm, mid)), by_step.get((mid, to))
        if first is not None and second is not None and draw(st.booleans()):
            # a skip exactly as long as the two steps it skips: an equal-length rival route
            rules.append(StepRule(f"K{mid}", frm, to, first + second, "跳级", "来源"))
    case = Case(levels, tuple(rules), occupations, edges)
    start = Position(draw(st.sampled_from(occupations)), draw(st.sampled_from((None, *levels))))
    target = Position(draw(st.sampled_from(occupations)), draw(st.sampled_from(levels)))
    known = sorted({e for r in rules for e in r.educations})
    education = draw(st.sampled_from([None, *known]))
    served = draw(st.sampled_from([0, 0, 1, 2, 4]))
    return Question(case, start, target, education, served)


# The same examples in every run, so CI is repeatable; ZHEPAI_PROPERTY_RANDOM=1 searches anew.
DERANDOMIZE = os.environ.get("ZHEPAI_PROPERTY_RANDOM") != "1"


@settings(max_examples=700, deadline=None, database=None, derandomize=DERANDOMIZE)
@given(questions())
def test_paths_match_the_reference_search(q: Question) -> None:
    check_against_reference(q)


@settings(
    max_examples=150,
    deadline=None,
    database=None,
    derandomize=DERANDOMIZE,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(questions(), st.randoms(use_true_random=False))
def test_answers_are_the_same_for_any_input_order(q: Question, rnd: random.Random) -> None:
    case = q.case
    shuffled = Case(
        case.levels,
        tuple(rnd.sample(case.rules, len(case.rules))),
        tuple(rnd.sample(case.occupations, len(case.occupations))),
        tuple((b, a, r) if rnd.random() < 0.5 else (a, b, r) for a, b, r in case.edges),
    )
    assert case.graph().path(q.start, q.target, q.education, q.served) == shuffled.graph().path(
        q.start, q.target, q.education, q.served
    )


@settings(max_examples=200, deadline=None, database=None, derandomize=DERANDOMIZE)
@given(questions())
def test_next_steps_are_the_single_certifications(q: Question) -> None:
    steps = q.case.graph().next_steps(q.start, q.education, q.served)
    for step in steps:
        check_step(q, q.start, step, True)
        assert step.kind != TRANSFER
    expected = {
        (kind, nxt)
        for kind, nxt, _, _ in moves(q, q.origin, fresh=False)
        if kind == PROMOTION or (kind == ENTRY and nxt[0] == q.start.occupation)
    }
    listed = [(s.kind, (s.to_pos.occupation, s.to_pos.level)) for s in steps]
    assert len(listed) == len(set(listed))
    assert set(listed) == expected
    own = [s for s in steps if s.to_pos.occupation == q.start.occupation]
    assert steps[: len(own)] == own
    assert [q.case.rank(s.to_pos.level) for s in own] == sorted(
        q.case.rank(s.to_pos.level) for s in own
    )
    others = [s.to_pos.occupation for s in steps[len(own) :]]
    assert others == sorted(others)


def test_overlapping_families_match_the_reference() -> None:
    # Families sharing a few occupations, with the seeded rules (schools included).
    rnd = random.Random(16)  # noqa: S311 - reproducible test data
    rules = tuple(r for r in seed_rules() if r.route is None)
    occupations = tuple(f"{i:03d}" for i in range(30))
    families = [occupations[0:9], occupations[7:16], occupations[15:24], occupations[24:30]]
    edges = tuple(
        (a, b, Relation("WORK_FAMILY", f"族{n}", "s"))
        for n, members in enumerate(families, 1)
        for i, a in enumerate(members)
        for b in members[i + 1 :]
    )
    case = Case(LEVELS, rules, occupations, edges)
    educations = (None, "TECHNICAL_SCHOOL", "COLLEGE", "TECHNICIAN_COLLEGE")
    for _ in range(40):
        start = Position(rnd.choice(occupations), rnd.choice((None, *LEVELS)))
        target = Position(rnd.choice(occupations), rnd.choice(LEVELS))
        q = Question(case, start, target, rnd.choice(educations), rnd.choice((0, 3, 6)))
        check_against_reference(q)
    q = Question(case, Position("000", "JUNIOR"), Position("020", "SENIOR"), None, 0)
    path = check_against_reference(q)
    # three hops (000 -> 007 or 008 -> 015 -> 020), two promotions: transfer first, to 007
    assert [(s.kind, s.to_pos.occupation) for s in path.steps] == [
        (TRANSFER, "007"),
        (PROMOTION, "015"),
        (PROMOTION, "020"),
    ]
