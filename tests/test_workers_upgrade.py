"""``zhepai upgrade``: persons and certificates stored in shape 2 (ISO days, the kind and the
employer's name on every certificate) rewritten in shape 3 (graph/upgrade.py), and the
apply statement's refusal of an employer name whose id the store holds under another."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import cast

import pytest

from tests.test_workers_import import assert_counters_match_recount, counters, run
from tests.workers_data import GOOD, LI, SECRET, WANG, ZHANG, ZHAO, row, write_csv
from zhepai.config import Settings
from zhepai.domain.talent.id_numbers import mask, person_key
from zhepai.domain.talent.writer import CertificateWriter, revocation
from zhepai.graph.backends.falkordb import FalkorStore
from zhepai.graph.errors import StoreShapeError
from zhepai.graph.maintenance import (
    DOWNGRADE_CERTIFICATES,
    DOWNGRADE_PERSONS,
    DROP_WORKERS,
    MAKE_SHAPE_2_PERSON_INDEX,
    SET_WORKERS_SHAPE,
)
from zhepai.graph.store import GraphStore
from zhepai.graph.upgrade import CREATE_EMPLOYERS, upgrade_workers
from zhepai.graph.workers import (
    EmployerClash,
    PersonRecord,
    WorkerRepository,
    day_number,
    day_text,
    employer_id,
    masked_number,
    masked_text,
    person_index,
    person_rest,
)
from zhepai.server import create_app


@pytest.fixture
async def store(seeded_store: GraphStore) -> AsyncIterator[GraphStore]:
    yield seeded_store
    await seeded_store.write_all([(s, {}) for s in DROP_WORKERS])


NUMBERS = (ZHANG, LI, WANG, ZHAO)
KEYS = [person_key(n, SECRET) for n in NUMBERS]


async def downgrade(store: GraphStore) -> None:
    """The workers written back as shape 2 stored them: persons keyed by 32 hex digits."""
    await store.write(DOWNGRADE_CERTIFICATES)
    persons = []
    for n in NUMBERS:
        key = hmac.new(SECRET, n.encode(), hashlib.sha256).hexdigest()[:32]
        persons.append({"kh": person_index(key), "kl": person_rest(key[:30]), "key": key,
                        "masked": mask(n)})  # fmt: skip
    await store.write(DOWNGRADE_PERSONS, persons=persons)
    await store.write(SET_WORKERS_SHAPE, shape=2)


async def records(store: GraphStore) -> list[PersonRecord | None]:
    repo = WorkerRepository(store)  # a fresh one: no employer names remembered
    return [await repo.person(k) for k in KEYS]


async def imported_and_one_revoked(store: GraphStore, tmp_path: Path) -> None:
    assert await run(store, write_csv(tmp_path / "w.csv", GOOD)) == (6, 6, 0, 0, 0)
    repo = WorkerRepository(store)
    stored = (await repo.certificates(["C-0004"]))["C-0004"]
    person = await repo.person(stored.person)
    assert person is not None
    writer = CertificateWriter(repo)
    await writer.write([revocation(person, stored, date(2025, 3, 9))], "t", "REVOKE", "C-0004")


async def test_masked_numbers_are_stored_as_one_number_each() -> None:
    for masked, number in [("330824********1234", 3639065357), ("330106********301X", 3631169321)]:
        assert masked_number(masked) == number and masked_text(number) == masked
    assert masked_text(masked_number("110101********0070")) == "110101********0070"


async def test_days_are_stored_as_numbers_that_order_as_the_days() -> None:
    assert day_number("2024-01-31") == 20240131
    assert day_number("1999-12-01") == 19991201
    assert day_text(20240131) == "2024-01-31"
    assert day_text(19990901) == "1999-09-01"
    days = ["1999-12-31", "2000-01-01", "2024-02-29", "2024-10-09", "2024-10-10"]
    assert sorted(days, key=day_number) == days
    assert all(day_text(day_number(d)) == d for d in days)


async def test_shape_2_upgraded_reads_back_the_same_and_imports_on(
    store: GraphStore, tmp_path: Path
) -> None:
    await imported_and_one_revoked(store, tmp_path)
    before, cells = await records(store), await counters(store)
    kinds = {c.no: c.kind for p in before if p for c in p.certificates}
    assert set(kinds.values()) == {"SKILL_LEVEL", "SPECIAL_ABILITY", "QUALIFICATION"}
    version = await WorkerRepository(store).version()

    await downgrade(store)
    with pytest.raises(StoreShapeError, match="run `zhepai upgrade`"):
        await WorkerRepository(store).version()

    app = create_app(Settings(data_dir=tmp_path), store=store)
    with pytest.raises(StoreShapeError, match="run `zhepai upgrade`"):  # serve refuses to start
        async with app.router.lifespan_context(app):
            pass

    seen: list[int] = []
    recording = SchemaSetups(store)
    report = await upgrade_workers(cast("GraphStore", recording), progress=seen.append)
    assert recording.setups == 1  # this version's indexes first (persons are found by hk)
    assert (report.from_shape, report.upgraded, report.employers) == (2, True, 1)
    assert (report.certificates, report.persons, sum(seen)) == (6, 4, 6)
    assert await records(store) == before
    assert await counters(store) == cells
    assert await WorkerRepository(store).version() not in ("", version)  # caches see it

    again = await upgrade_workers(store)
    assert (again.from_shape, again.upgraded, again.certificates) == (3, False, 0)
    # the import goes on: the same file changes nothing, a new row is written
    assert await run(store, write_csv(tmp_path / "w.csv", GOOD)) == (6, 0, 0, 6, 0)
    more = [row("C-0007", ZHANG, "张三", "OCC-0462", level="JUNIOR", employer="杭州某机械有限公司")]
    assert await run(store, write_csv(tmp_path / "m.csv", more)) == (1, 1, 0, 0, 0)
    await assert_counters_match_recount(store)


class SchemaSetups:
    """``store``, counting its schema setups."""

    def __init__(self, store: GraphStore) -> None:
        self.inner, self.setups = store, 0

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)

    async def setup_schema(self) -> None:
        self.setups += 1
        await self.inner.setup_schema()


class Cut(Exception):
    pass


async def test_a_cut_upgrade_goes_on_where_it_stopped(
    store: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    await imported_and_one_revoked(store, tmp_path)
    before = await records(store)
    await downgrade(store)
    monkeypatch.setattr("zhepai.graph.upgrade.BATCH", 4)

    def cut(_: int) -> None:
        raise Cut

    with pytest.raises(Cut):
        await upgrade_workers(store, progress=cut)
    with pytest.raises(StoreShapeError):  # still refused: not all rewritten
        await WorkerRepository(store).version()
    report = await upgrade_workers(store)
    assert report.certificates == 2  # the four of the first batch stayed rewritten
    assert report.persons == 4
    assert await records(store) == before


async def test_employer_names_whose_ids_clash_stop_the_upgrade_before_it_writes(
    store: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    more = [row("C-0008", ZHANG, "张三", "OCC-0462", level="JUNIOR", employer="宁波某电子有限公司")]
    assert await run(store, write_csv(tmp_path / "w.csv", GOOD + more)) == (7, 7, 0, 0, 0)
    await downgrade(store)
    monkeypatch.setattr("zhepai.graph.upgrade.employer_id", lambda _: 7)  # every name one id
    with pytest.raises(EmployerClash, match="杭州某机械有限公司") as caught:
        await upgrade_workers(store)
    assert caught.value.code == "EMPLOYER_CLASH"
    with pytest.raises(StoreShapeError, match="run `zhepai upgrade`"):  # nothing rewritten
        await WorkerRepository(store).version()
    monkeypatch.undo()
    assert (await upgrade_workers(store)).certificates == 7


async def test_other_shapes_and_an_empty_store(store: GraphStore, tmp_path: Path) -> None:
    assert (await upgrade_workers(store)).from_shape is None
    assert await run(store, write_csv(tmp_path / "w.csv", GOOD[:2])) == (2, 2, 0, 0, 0)
    await store.write(SET_WORKERS_SHAPE, shape=None)
    with pytest.raises(StoreShapeError, match="shape 1; this version upgrades shape 2 only"):
        await upgrade_workers(store)


async def test_an_employer_whose_id_is_stored_under_another_name_is_refused(
    store: GraphStore, tmp_path: Path
) -> None:
    """Two names with one id would show one employer's name on the other's certificates:
    the batch is refused and nothing of it written."""
    await store.write(CREATE_EMPLOYERS, employers=[{"id": employer_id("甲公司"), "name": "乙公司"}])
    path = write_csv(
        tmp_path / "w.csv",
        [*GOOD[:2], row("C-0009", ZHANG, "张三", "OCC-0462", level="JUNIOR", employer="甲公司")],
    )
    with pytest.raises(EmployerClash, match="'甲公司' and the stored '乙公司'") as caught:
        await run(store, path)
    assert caught.value.code == "EMPLOYER_CLASH"
    assert await WorkerRepository(store).certificates(["C-0001", "C-0009"]) == {}
    assert await counters(store) == {}


async def test_setting_up_the_schema_drops_the_person_index_of_shape_2(
    store: GraphStore,
) -> None:
    backend = getattr(store, "inner", store)
    if not isinstance(backend, FalkorStore):
        pytest.skip("FalkorDB's indexes (Neo4j drops its own by name, IF EXISTS)")
    # given a store set up by shape 2, with its index of persons by key
    await store.write(MAKE_SHAPE_2_PERSON_INDEX)
    assert ("Person", "kh") in await backend._existing_indexes()
    # when this version sets the schema up, then that index is gone and its own are there
    await store.setup_schema()
    indexes = await backend._existing_indexes()
    assert ("Person", "kh") not in indexes
    assert {("Certificate", "hk"), ("Employer", "id")} <= indexes
