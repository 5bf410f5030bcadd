"""The career engine built straight from the seed files (no store), for tests of its answers."""

from __future__ import annotations

from functools import cache

from zhepai.domain.careers.engine import CareerGraph, Position, Relation, StepRule
from zhepai.loaders.seed_files import read_seeds
from zhepai.loaders.seed_rows import related_pairs


@cache
def seed_rules() -> tuple[StepRule, ...]:
    rules = read_seeds().career_rules
    return tuple(
        StepRule(
            r.code,
            r.from_level,
            r.to_level,
            r.min_years,
            r.condition,
            rules.source_of(r),
            frozenset(r.educations),
            r.route,
            r.assumption,
            r.note,
        )
        for r in rules.rules
    )


@cache
def seed_graph() -> CareerGraph:
    seeds = read_seeds()
    names = {o.id: o.name for s in seeds.catalogue.series for o in s.occupations}
    return CareerGraph(
        [level.code for level in seeds.ladder.levels],
        seed_rules(),
        names,
        [
            (a, p["other"], Relation(p["kind"], p["reason"], p["source"]))
            for a, pairs in related_pairs(seeds).items()
            for p in pairs
        ],
        names=names,
        level_names={level.code: level.name for level in seeds.ladder.levels},
    )


@cache
def occupation(name: str) -> str:
    """The id of the occupation with this name in the catalogue."""
    seeds = read_seeds()
    (found,) = {o.id for s in seeds.catalogue.series for o in s.occupations if o.name == name}
    return found


def at(name: str, level: str | None) -> Position:
    return Position(occupation(name), level)
