"""domain/bases/service.py on the real store: races decided by the store, problems in Chinese;
and the mutations that call it, which name the API's fields."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.conftest import app_settings, serving
from zhepai.domain.bases import service
from zhepai.domain.bases.rules import BaseInputRow, BaseRules
from zhepai.graph.bases import ACTIVE, RETIRED, BaseRepository
from zhepai.graph.maintenance import DROP_AUDIT, DROP_BASES, DROP_BASES_VERSION
from zhepai.graph.store import GraphStore
from zhepai.server import create_app
from zhepai.web.roles import Role

KAIHUA = "330824"

CREATE = """
mutation($input: BaseInput!) { createBase(input: $input) {
  base { id status } errors { field code message } } }
"""
UPDATE = """
mutation($id: ID!, $input: BaseInput!) { updateBase(id: $id, input: $input) {
  base { id } errors { field code message } } }
"""


def given(base_id: str = "R-1", **fields: Any) -> dict[str, Any]:
    return {
        "id": base_id, "name": f"基地 {base_id}", "kind": "TRAINING_BASE", "level": "COUNTY",
        "region_code": KAIHUA, "series": ("06",), "designated_year": 2023, "capacity": 100,
    } | fields  # fmt: skip


@pytest.fixture
async def repo(seeded_store: GraphStore) -> AsyncIterator[BaseRepository]:
    """The seeded store (each backend) with no bases; whatever a test writes is removed."""

    async def clear() -> None:
        await seeded_store.write_all([(DROP_BASES, {}), (DROP_AUDIT, {}), (DROP_BASES_VERSION, {})])

    await clear()
    try:
        yield BaseRepository(seeded_store)
    finally:
        await clear()


async def stored_count(repo: BaseRepository) -> int:
    return (await repo.search(None, None, None, None, None, 0, 100)).total


async def test_concurrent_creates_of_one_id_make_one_base_and_duplicates(
    repo: BaseRepository,
) -> None:
    results = await asyncio.gather(
        *(service.create(repo, given(capacity=10 + i), f"planner-{i}") for i in range(6))
    )
    created = [r for r in results if not r.problems]
    refused = [r for r in results if r.problems]
    assert len(created) == 1
    assert created[0].base is not None and created[0].base.status == ACTIVE
    assert [(p.field, p.code, p.message) for r in refused for p in r.problems] == [
        ("id", "DUPLICATE", "编号 R-1 已存在")
    ] * 5
    assert all(r.base is None for r in refused)
    assert await stored_count(repo) == 1
    audit = await repo.audit("R-1", 10)
    assert [a.action for a in audit] == ["CREATE"]
    (stored,) = await repo.by_id(["R-1"])
    assert stored is not None and stored == created[0].base
    assert audit[0].actor == f"planner-{(stored.capacity or 0) - 10}"  # the winner's own write


async def test_create_refuses_an_id_the_import_wrote(repo: BaseRepository) -> None:
    rules = await BaseRules.load(repo.store)
    await repo.write([rules.to_write(BaseInputRow.model_validate(given()))], "cli", "IMPORT")
    result = await service.create(repo, given(name="另一个"), "planner-1")
    assert [(p.code, p.message) for p in result.problems] == [("DUPLICATE", "编号 R-1 已存在")]
    (stored,) = await repo.by_id(["R-1"])
    assert stored is not None and stored.name == "基地 R-1"


async def test_concurrent_retires_retire_once(repo: BaseRepository) -> None:
    await service.create(repo, given(), "planner-1")
    results = await asyncio.gather(*(service.retire(repo, "R-1", "planner-2") for _ in range(4)))
    assert sorted(p.code for r in results for p in r.problems) == ["ALREADY_RETIRED"] * 3
    assert all(r.base is not None and r.base.status == RETIRED for r in results)
    assert sorted(a.action for a in await repo.audit("R-1", 10)) == ["CREATE", "RETIRE"]


async def test_problems_name_the_field_in_chinese(repo: BaseRepository) -> None:
    async def problems(result: Any) -> list[tuple[str, str, str]]:
        return [(p.field, p.code, p.message) for p in (await result).problems]

    assert await problems(service.update(repo, "NOPE", given("NOPE"), "p")) == [
        ("id", "NOT_FOUND", "编号 NOPE 的基地不存在")
    ]
    assert await problems(service.retire(repo, "NOPE", "p")) == [
        ("id", "NOT_FOUND", "编号 NOPE 的基地不存在")
    ]
    await service.create(repo, given(), "p")
    assert await problems(service.update(repo, "R-1", given("R-2"), "p")) == [
        ("id", "MISMATCH", "编号不可更改：输入的编号 R-2 与要修改的 R-1 不同")
    ]
    refused = await problems(
        service.create(
            repo,
            given("R-3", name="", region_code="330800", series=("06", "99"), capacity=-1),
            "p",
        )
    )
    assert refused == [
        ("name", "INVALID", "名称不能为空"),
        ("capacity", "INVALID", "培训规模不能小于 0"),
    ]
    unknown = await problems(service.create(repo, given("R-3", region_code="330800"), "p"))
    assert unknown == [("region_code", "NOT_FOUND", "所在县(市、区) 330800 不是浙江省的县(市、区)")]
    levels = await problems(service.create(repo, given("R-3", level=None), "p"))
    assert levels == [
        ("level", "INVALID", "培训基地（TRAINING_BASE）须有级别：PROVINCE、CITY、COUNTY 之一")
    ]
    assert await stored_count(repo) == 1


async def test_an_update_writes_the_new_fields_and_an_audit_entry(repo: BaseRepository) -> None:
    await service.create(repo, given(), "planner-1")
    result = await service.update(repo, "R-1", given(series=("06", "02"), capacity=7), "p-2")
    assert result.problems == ()
    assert result.base is not None
    assert (result.base.capacity, result.base.series_codes) == (7, ("02", "06"))
    assert sorted((a.actor, a.action) for a in await repo.audit("R-1", 10)) == [
        ("p-2", "UPDATE"),
        ("planner-1", "CREATE"),
    ]


async def test_the_mutations_race_and_name_the_api_fields(repo: BaseRepository) -> None:
    fields = {"id": "R-1", "name": "基地", "kind": "TRAINING_BASE", "level": "COUNTY",
              "regionCode": KAIHUA, "seriesCodes": ["06"]}  # fmt: skip
    async with serving(create_app(app_settings(), store=repo.store)) as anonymous:
        planner = anonymous.as_role(Role.PLANNER, "planner-1")
        answers = await asyncio.gather(*(planner(CREATE, input=fields) for _ in range(3)))
        moved = await planner(UPDATE, id="R-1", input=fields | {"id": "R-2"})
        bad = await planner(CREATE, input=fields | {"id": "R-3", "regionCode": "330800"})
    payloads = sorted((a["createBase"] for a in answers), key=lambda p: len(p["errors"]))
    assert payloads == [
        {"base": {"id": "R-1", "status": "ACTIVE"}, "errors": []},
        *[{"base": None, "errors": [{"field": "id", "code": "DUPLICATE",
                                     "message": "编号 R-1 已存在"}]}] * 2,
    ]  # fmt: skip
    assert moved["updateBase"]["errors"] == [
        {"field": "input.id", "code": "MISMATCH",
         "message": "编号不可更改：输入的编号 R-2 与要修改的 R-1 不同"}
    ]  # fmt: skip
    assert [(e["field"], e["code"]) for e in bad["createBase"]["errors"]] == [
        ("regionCode", "NOT_FOUND")
    ]
