"""The seed loader: counts, idempotence, refresh, and bad seeds writing nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from zhepai.graph.maintenance import COUNT_NODES
from zhepai.graph.store import GraphStore
from zhepai.loaders.seed_files import SeedError, read_seeds
from zhepai.loaders.seed_loader import load_seeds, store_is_empty


async def test_first_load_creates_everything_second_changes_nothing(
    scratch_store: GraphStore,
) -> None:
    assert await store_is_empty(scratch_store)
    first = await load_seeds(scratch_store)
    created = {k.name: k.created for k in first.kinds}
    assert created["industries"] == 3
    assert created["series"] == 36
    assert created["occupations"] == 899
    assert created["specialties"] == 116
    assert created["regions"] == 102
    assert created["skill levels"] == 8
    assert first.changed
    nodes = (await scratch_store.read(COUNT_NODES))[0]["n"]

    second = await load_seeds(scratch_store)
    assert not second.changed
    assert second.total("unchanged") == first.total("created")
    assert (await scratch_store.read(COUNT_NODES))[0]["n"] == nodes


async def test_refresh_updates_adds_and_removes_what_the_seeds_changed(
    scratch_store: GraphStore, seeds_copy: Path
) -> None:
    await load_seeds(scratch_store, seeds_copy)
    path = seeds_copy / "catalogue.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    fruit = data["series"][0]
    fruit["occupations"][0]["name"] = "种子繁育员(改)"  # renamed
    fruit["specialties"].pop(0)  # 柑橘繁育 removed
    fruit["specialties"].append({"id": "SPC-999", "name": "测试专项"})  # added
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    report = await load_seeds(scratch_store, seeds_copy)
    by_kind = {k.name: k for k in report.kinds}
    assert (by_kind["occupations"].created, by_kind["occupations"].updated) == (0, 1)
    assert by_kind["specialties"].created == 1
    assert by_kind["specialties"].deleted == 1
    # positions after the removed one moved up, so their edges were rewritten too
    assert by_kind["specialties"].updated == 4
    assert not (await load_seeds(scratch_store, seeds_copy)).changed


async def test_a_bad_seed_file_writes_nothing(scratch_store: GraphStore, seeds_copy: Path) -> None:
    path = seeds_copy / "regions.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["regions"][5]["code"] = "99X"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(SeedError, match=r"regions\.yaml: regions\.5\.code"):
        await load_seeds(scratch_store, seeds_copy)
    assert await store_is_empty(scratch_store)


@pytest.mark.parametrize(
    ("file", "edit", "message"),
    [
        (
            "catalogue.yaml",
            lambda d: d["series"][1]["occupations"].append(
                {"id": "OCC-0001", "name": "另一个名字"}
            ),
            "OCC-0001 names both",
        ),
        (
            "catalogue.yaml",
            lambda d: d["series"][0]["specialties"][4]["originRegions"][0].update(code="330199"),
            "originRegions code 330199 is not in regions.yaml",
        ),
        (
            "designations.yaml",
            lambda d: d["designations"][0]["members"].append("339999"),
            "member 339999 not in regions",
        ),
        ("ladder.yaml", lambda d: d["levels"].pop(), "levels"),
        ("industries.yaml", lambda d: d["industries"][0].pop("name"), "industries.0.name"),
        ("region_seats.yaml", lambda d: d["seats"].pop(20), "seats differ from regions.yaml"),
        ("region_seats.yaml", lambda d: d["seats"][3].update(latitude=40.0), "seats.3.latitude"),
        (
            "region_seats.yaml",
            lambda d: d["seats"][5].update(approximate=True, note=None),
            "needs a note saying how",
        ),
    ],
)
def test_seed_errors_name_the_file_and_field(
    seeds_copy: Path, file: str, edit: object, message: str
) -> None:
    path = seeds_copy / file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)  # type: ignore[operator]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(SeedError) as caught:
        read_seeds(seeds_copy)
    assert file in str(caught.value)
    assert message in str(caught.value)


def test_not_yaml(seeds_copy: Path) -> None:
    (seeds_copy / "plan.yaml").write_text("targets: [unclosed", encoding="utf-8")
    with pytest.raises(SeedError, match=r"plan\.yaml: not valid YAML"):
        read_seeds(seeds_copy)


async def test_seeds_cannot_drop_what_certificates_point_at(
    scratch_store: GraphStore, seeds_copy: Path, tmp_path: Path
) -> None:
    """A certificate's occupation lives on its edge: a load that removed the occupation
    would lose it, so the load is refused before writing anything."""
    from tests.workers_data import GOOD, SECRET, TODAY, write_csv
    from zhepai.graph.workers import WorkerRepository
    from zhepai.loaders.seed_loader import SeedInUseError
    from zhepai.loaders.workers_import import import_workers

    await load_seeds(scratch_store, seeds_copy)
    await import_workers(scratch_store, write_csv(tmp_path / "w.csv", GOOD), SECRET, today=TODAY)
    path = seeds_copy / "catalogue.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for series in data["series"]:
        series["occupations"] = [o for o in series["occupations"] if o["id"] != "OCC-0461"]
        for o in series["occupations"]:
            o["name"] += "(改)"  # a change that would be written if the load went ahead
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    for other in ("relatedness.yaml", "synonyms.yaml"):  # they name occupations too
        kept = yaml.safe_load((seeds_copy / other).read_text(encoding="utf-8"))["source"]
        (seeds_copy / other).write_text(yaml.safe_dump({"source": kept}), encoding="utf-8")
    nodes = (await scratch_store.read(COUNT_NODES))[0]["n"]

    with pytest.raises(SeedInUseError, match="occupations: OCC-0461 left the seeds") as caught:
        await load_seeds(scratch_store, seeds_copy)
    assert caught.value.code == "SEED_IN_USE"
    assert (await scratch_store.read(COUNT_NODES))[0]["n"] == nodes
    certificates = await WorkerRepository(scratch_store).certificates(["C-0001"])
    assert certificates["C-0001"].occupation == "OCC-0461"
    # an occupation nothing points at still goes
    data["series"][0]["occupations"].pop(0)  # OCC-0001, in one series only
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    catalogue = yaml.safe_load((Path("seeds") / "catalogue.yaml").read_text(encoding="utf-8"))
    restored = next(o for s in catalogue["series"] for o in s["occupations"]
                    if o["id"] == "OCC-0461")  # fmt: skip
    next(s for s in data["series"] if s["code"] == "16")["occupations"].append(restored)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    report = await load_seeds(scratch_store, seeds_copy)
    assert {k.name: k.deleted for k in report.kinds}["occupations"] == 1
