"""The explorer's files as the app serves them, and the vendored library as recorded.

What the page does is tested in a real browser (test_explorer_browser.py); these need none.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import httpx
import yaml

from zhepai.domain.careers.engine import ENTRY, PROMOTION, TRANSFER
from zhepai.domain.coverage.geo import DEFAULT_RADIUS_KM

ROOT = Path(__file__).resolve().parent.parent
EXPLORER = ROOT / "explorer"
LABELS = (EXPLORER / "js" / "labels.js").read_text(encoding="utf-8")


def _labelled(name: str) -> set[str]:
    """The codes a `export const NAME = { CODE: "中文", … }` of labels.js names."""
    found = re.search(rf"export const {name} = \{{(.*?)\n\}};", LABELS, re.S)
    assert found is not None, name
    return set(re.findall(r"^\s*([A-Z_]+):", found.group(1), re.M))


async def test_root_redirects_to_the_explorer(client: httpx.AsyncClient) -> None:
    response = await client.get("/")
    assert response.status_code == 307
    assert response.headers["location"] == "explorer/"
    bare = await client.get("/explorer")
    assert bare.status_code in (307, 308)
    assert bare.headers["location"].endswith("/explorer/")


async def test_the_page_its_scripts_and_echarts_are_served(client: httpx.AsyncClient) -> None:
    page = await client.get("/explorer/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "<title>浙派工匠 · 职业与培训覆盖浏览</title>" in page.text
    referenced = re.findall(r'(?:src|href)="((?:js|vendor)/[^"]+|explorer\.css)"', page.text)
    assert {"vendor/echarts.min.js", "js/main.js", "explorer.css"} <= set(referenced)
    for path in referenced:
        response = await client.get(f"/explorer/{path}")
        assert response.status_code == 200, path
    script = await client.get("/explorer/js/main.js")
    assert "javascript" in script.headers["content-type"]  # module scripts need it
    assert (await client.get("/explorer/missing.js")).status_code == 404


def test_every_module_the_scripts_import_exists() -> None:
    scripts = EXPLORER / "js"
    for module in scripts.glob("*.js"):
        for target in re.findall(r'from "\./([^"]+)"', module.read_text(encoding="utf-8")):
            assert (scripts / target).is_file(), f"{module.name} imports missing {target}"


def test_vendored_echarts_is_the_recorded_file() -> None:
    record = (EXPLORER / "vendor" / "VENDORED.md").read_text(encoding="utf-8")
    library = (EXPLORER / "vendor" / "echarts.min.js").read_bytes()
    recorded = re.search(r"sha256 of `echarts\.min\.js` \| `([0-9a-f]{64})`", record)
    assert recorded is not None
    assert hashlib.sha256(library).hexdigest() == recorded.group(1)
    version = re.search(r"\| version \| ([\d.]+) \|", record)
    assert version is not None
    assert f'version="{version.group(1)}"'.encode() in library
    for licence in ("LICENSE-echarts", "NOTICE-echarts", "LICENSE-d3"):
        assert (EXPLORER / "vendor" / licence).stat().st_size > 0


def test_every_code_the_career_view_shows_has_a_chinese_name() -> None:
    assert _labelled("STEP_KINDS") == {PROMOTION, TRANSFER, ENTRY}
    rules = yaml.safe_load((ROOT / "seeds" / "career_rules.yaml").read_text(encoding="utf-8"))
    assert _labelled("EDUCATIONS") == {e["code"] for e in rules["educations"]}
    codes = {r["code"] for r in rules["rules"]}
    routes = re.findall(r'\["([A-Z_]+)", "[^"]+"\]', LABELS)
    assert routes, "labels.js names the routes with no fixed period"
    for prefix in routes:  # a renamed rule would lose its label silently
        assert any(code.startswith(prefix) for code in codes), prefix


def test_the_reach_choice_states_the_api_default_radii() -> None:
    page = (EXPLORER / "index.html").read_text(encoding="utf-8")
    option = re.search(r'<option value="DISTANCE">([^<]+)</option>', page)
    assert option is not None
    radii = {level: f"{km:g}" for level, km in DEFAULT_RADIUS_KM.items()}
    assert option.group(1) == (
        f"按距离：县级 {radii['COUNTY']}、市级 {radii['CITY']}、省级 {radii['PROVINCE']} 公里内"
    )
