"""Writing one base at a planner's request: create, update, retire.

Each returns the base as stored afterwards, or the problems that stopped it (field named as
in ``rules.BaseInputRow``, code, a message in Chinese). Every write is recorded with who made
it (graph/bases.py); creating and retiring decide in the store's own statement, so two
callers racing get one success and one problem, never two bases or two retirements.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pydantic import ValidationError

from zhepai.domain.bases.rules import BaseInputRow, BaseRules, shape_problems
from zhepai.domain.problems import Problem
from zhepai.graph.bases import RETIRED, BaseRepository
from zhepai.graph.records import BaseRecord


@dataclass(frozen=True, slots=True)
class BaseResult:
    base: BaseRecord | None
    problems: tuple[Problem, ...] = ()


def _not_found(base_id: str) -> BaseResult:
    return BaseResult(None, (Problem("id", "NOT_FOUND", f"编号 {base_id} 的基地不存在"),))


async def _checked(repo: BaseRepository, given: Mapping[str, object]) -> BaseRecord | BaseResult:
    """The base ``given`` states (fields as ``BaseInputRow`` names them), or why not."""
    try:
        row = BaseInputRow.model_validate(given)
    except ValidationError as exc:
        return BaseResult(None, tuple(shape_problems(exc)))
    rules = await BaseRules.load(repo.store)
    problems = rules.check(row)
    return BaseResult(None, tuple(problems)) if problems else rules.to_write(row)


async def _stored(repo: BaseRepository, base_id: str) -> BaseResult:
    (record,) = await repo.by_id([base_id])
    return BaseResult(record)


async def create(repo: BaseRepository, given: Mapping[str, object], actor: str) -> BaseResult:
    """Add the base ``given`` states; DUPLICATE if its id is taken, however close the race."""
    base = await _checked(repo, given)
    if isinstance(base, BaseResult):
        return base
    if not await repo.create(base, actor):
        return BaseResult(None, (Problem("id", "DUPLICATE", f"编号 {base.id} 已存在"),))
    return await _stored(repo, base.id)


async def update(
    repo: BaseRepository, base_id: str, given: Mapping[str, object], actor: str
) -> BaseResult:
    """Make base ``base_id`` what ``given`` states (it becomes active). Ids are permanent:
    MISMATCH (on field ``id`` of ``given``) if ``given`` names another."""
    (existing,) = await repo.by_id([base_id])
    if existing is None:
        return _not_found(base_id)
    if given.get("id") != base_id:
        message = f"编号不可更改：输入的编号 {given.get('id')} 与要修改的 {base_id} 不同"
        return BaseResult(None, (Problem("id", "MISMATCH", message),))
    base = await _checked(repo, given)
    if isinstance(base, BaseResult):
        return base
    await repo.write([base], actor, "UPDATE")
    return await _stored(repo, base_id)


async def retire(repo: BaseRepository, base_id: str, actor: str) -> BaseResult:
    """Retire base ``base_id``: it stops counting for coverage; it and its history stay."""
    (existing,) = await repo.by_id([base_id])
    if existing is None:
        return _not_found(base_id)
    # set_status writes only if the status changes: of two callers, one retires it
    retired = existing.status != RETIRED and await repo.set_status(
        existing, RETIRED, actor, "RETIRE"
    )
    after = await _stored(repo, base_id)
    if retired:
        return after
    message = f"编号 {base_id} 的基地已撤销"
    return BaseResult(after.base, (Problem("id", "ALREADY_RETIRED", message),))
