"""The demo store: beside the served one, filled once, everything synthetic marked."""

from __future__ import annotations

import csv
from pathlib import Path

import httpx

from tests.conftest import Demo
from zhepai.config import Settings
from zhepai.domain.talent.secrets import person_key_secret
from zhepai.loaders.demo import DEMO_DIR, WORKERS, demo_settings, load_demo

CHANGELOG = (Path(__file__).resolve().parent.parent / "CHANGELOG.md").read_text("utf-8")


def test_the_demo_never_names_the_served_store(tmp_path: Path) -> None:
    served = Settings(graph_url="bolt://db.example:7687", data_dir=tmp_path)
    demo = demo_settings(served)
    assert demo.graph_url == "embedded"
    assert demo.data_dir == tmp_path / DEMO_DIR
    assert not demo.load_seeds_if_empty


async def test_a_second_start_finds_the_demo_loaded(demo: Demo) -> None:
    again = await load_demo(demo.store, demo.settings.data_dir, person_key_secret(demo.settings))
    assert not again.loaded


def test_what_the_demo_made_up_is_marked_synthetic(demo: Demo) -> None:
    files = demo.settings.data_dir / "synthetic"
    with (files / "bases.synthetic.csv").open(encoding="utf-8") as handle:
        bases = list(csv.DictReader(handle))
    assert bases and all(b["id"].startswith("SYN-") and "合成数据" in b["name"] for b in bases)
    with (files / "workers.synthetic.csv").open(encoding="utf-8") as handle:
        numbers = [row["certificate_no"] for row in csv.DictReader(handle)]
    assert len(numbers) == WORKERS and all(n.startswith("SYN-") for n in numbers)


async def test_the_changelogs_gap_counts_are_the_demos(demo: Demo) -> None:
    """CHANGELOG.md (#20) quotes these: the province's gaps with the demo's 1,000 synthetic
    bases, by administrative reach and by distance."""
    document = "query($r: CoverageReach) { coverageGaps(reach: $r, first: 1) { totalCount } }"
    counts = {}
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=demo.app), base_url="http://localhost"
    ) as http:
        for reach in ("ADMINISTRATIVE", "DISTANCE"):
            answer = await http.post(
                "/graphql", json={"query": document, "variables": {"r": reach}}
            )
            counts[reach] = answer.json()["data"]["coverageGaps"]["totalCount"]
    assert counts == {"ADMINISTRATIVE": 89, "DISTANCE": 475}
    assert "89 (administrative reach) to 475" in CHANGELOG
