"""The explorer page in a real browser: headless Debian Chromium, driven by Playwright.

A real server (``zhepai serve`` in a subprocess, on a free loopback port) runs over a
temporary store holding the seeds and the hand-made bases below. Each test drives one view
and checks what the page shows against what the API answers for the same question. The
browser may reach nothing but that server: any other request fails the test.

Without /usr/bin/chromium the tests skip, unless ZHEPAI_REQUIRE_BROWSER=1 (CI), where they
fail. Screenshots go to the test's tmp dir; with ZHEPAI_SAVE_SCREENSHOTS set they are also
copied to explorer/screenshots/.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import BrowserContext, Page, async_playwright, expect

from zhepai.config import Settings
from zhepai.graph.store import open_store
from zhepai.loaders.bases_import import HEADER, import_bases
from zhepai.loaders.seed_loader import load_seeds

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # nothing but loopback resolves, whatever the page asks for
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
SCREENSHOTS = ROOT / "explorer" / "screenshots"
expect.set_options(timeout=20_000)  # the first coverage answer builds the model

# Hand-made bases (marked 测试): one of each reach, placed so that coverage has known answers.
KAIHUA, KECHENG, LONGQUAN, CHUN_AN, SHANGCHENG = "330824", "330802", "331181", "330127", "330102"
BASES = [
    f"T-1,开化县机电制造培育基地（测试）,TRAINING_BASE,COUNTY,{KAIHUA},16;06,2023,200",
    f"T-2,衢州市工艺美术培育基地（测试）,TRAINING_BASE,CITY,{KECHENG},10,2023,300",
    f"T-3,浙江省数字信息培育基地（测试）,TRAINING_BASE,PROVINCE,{SHANGCHENG},27,2022,800",
    f"T-4,龙泉青瓷引领企业（测试）,LEAD_ENTERPRISE,,{LONGQUAN},10,,120",
    f"T-5,淳安县茶叶特色乡村（测试）,CHARACTERISTIC_VILLAGE,,{CHUN_AN},06,2024,60",
    f"T-6,杭州市机电制造培育基地（测试）,TRAINING_BASE,CITY,{SHANGCHENG},16,2022,400",
]


def _chromium() -> Path:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} not found: apt-get install chromium (the Debian package)"
        if os.environ.get("ZHEPAI_REQUIRE_BROWSER") == "1":
            pytest.fail(f"ZHEPAI_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    return CHROMIUM


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _spawn_server(data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    # Popen only forks: it does not wait for the server (readiness is polled below)
    return subprocess.Popen(
        [sys.executable, "-m", "zhepai.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--data-dir", str(data_dir), "--log-level", "warning"],
        cwd=ROOT,
        env={**os.environ, "ZHEPAI_GRAPH_URL": "embedded"},  # whatever the caller's settings
    )  # fmt: skip


@pytest.fixture(scope="module")
async def server(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[str]:
    """``zhepai serve`` over the seeds and BASES; yields its base URL."""
    _chromium()  # no browser, no reason to build a store
    data_dir = tmp_path_factory.mktemp("explorer-store")
    store = await open_store(Settings(graph_url="embedded", data_dir=data_dir))
    try:
        await load_seeds(store)
        bases = data_dir / "bases.csv"
        bases.write_text("\n".join([",".join(HEADER), *BASES]) + "\n", encoding="utf-8")
        report = await import_bases(store, bases, actor="browser-test")
        assert (report.created, report.rejected) == (len(BASES), 0)
    finally:
        await store.close()
    port = _free_port()
    process = _spawn_server(data_dir, port)
    url = f"http://127.0.0.1:{port}"
    try:
        await _wait_ready(url, process)
        yield url
    finally:
        process.terminate()
        try:
            await asyncio.to_thread(process.wait, 30)
        except subprocess.TimeoutExpired:
            process.kill()
            await asyncio.to_thread(process.wait, 10)


async def _wait_ready(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 90
    async with httpx.AsyncClient(base_url=url) as http:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited with {process.returncode}")
            try:
                if (await http.get("/readyz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)
    raise RuntimeError(f"the server at {url} was not ready within 90 s")


@dataclass
class Watch:
    """What the page did besides rendering: requests outside the server, script errors."""

    origin: str
    foreign: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.foreign == [], "the page reached outside the server"
        assert self.errors == [], "the page logged errors"
        # data only from the API: besides the page's own files, /graphql (and / redirecting)
        assert {p for p in self.paths if not p.startswith("/explorer/")} <= {"/", "/graphql"}
        assert "/graphql" in self.paths


@pytest.fixture
async def browser(server: str, tmp_path: Path) -> AsyncIterator[tuple[BrowserContext, Page, Watch]]:
    chromium = _chromium()
    watch = Watch(server)
    async with async_playwright() as pw:
        context = await pw.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=str(chromium),
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1280, "height": 1000},
            locale="zh-CN",
        )
        context.set_default_timeout(30_000)

        async def only_the_server(route: Any) -> None:
            url: str = route.request.url
            if url.startswith(server + "/"):
                watch.paths.append(url.removeprefix(server).split("?")[0])
                await route.continue_()
            else:
                watch.foreign.append(url)
                await route.abort()

        await context.route("**/*", only_the_server)
        page = await context.new_page()
        page.on("pageerror", lambda error: watch.errors.append(str(error)))
        page.on(
            "console",
            lambda message: watch.errors.append(message.text) if message.type == "error" else None,
        )
        try:
            yield context, page, watch
        finally:
            await context.close()


async def api(server: str, query: str, **variables: Any) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=server) as http:
        body = (await http.post("/graphql", json={"query": query, "variables": variables})).json()
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


def keep(page_shot: Path, name: str) -> None:
    if os.environ.get("ZHEPAI_SAVE_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(page_shot, SCREENSHOTS / name)


PATH_QUERY = """
query ($from: PositionInput!, $to: PositionInput!, $near: String) {
  careerPath(from: $from, to: $to, nearRegionCode: $near) {
    totalMinYears steps { kind to { occupation { name } level { name } } } } }
"""
NEXT_QUERY = """
query ($p: PositionInput!) { nextSteps(position: $p) {
  kind minYears rule to { occupationId levelCode } } }
"""


async def test_career_view_shows_ladder_steps_bases_and_path(
    server: str, browser: tuple[BrowserContext, Page, Watch], tmp_path: Path
) -> None:
    _, page, watch = browser
    junior = {"occupationId": "OCC-0461", "level": "JUNIOR"}  # 车工, 初级工
    technician = await api(
        server, PATH_QUERY, **{"from": junior, "to": {**junior, "level": "TECHNICIAN"}}
    )
    to_milling = await api(
        server,
        PATH_QUERY,
        near=KAIHUA,
        **{"from": junior, "to": {"occupationId": "OCC-0462", "level": "TECHNICIAN"}},
    )
    next_steps = (await api(server, NEXT_QUERY, p=junior))["nextSteps"]

    await page.goto(server + "/")
    assert page.url == server + "/explorer/"
    await expect(page.locator("body")).to_have_attribute("data-ready", "true")

    # search as you type, by pinyin
    await page.locator("#career-occupation-input").press_sequentially("chegong", delay=30)
    suggestion = page.locator("#career-occupation-list li[data-id='OCC-0461']")
    await expect(suggestion).to_contain_text("车工")
    await expect(suggestion).to_contain_text("机电制造")
    await suggestion.click()
    await page.select_option("#career-level", "JUNIOR")
    await page.select_option("#career-county", KAIHUA)

    ladder = page.locator("#career-ladder li")
    await expect(ladder).to_have_count(8)
    await expect(page.locator("#career-ladder li.current")).to_have_attribute(
        "data-level", "JUNIOR"
    )
    await expect(page.locator("#career-ladder li[data-level=TECHNICIAN]")).to_contain_text(
        f"至少 {technician['careerPath']['totalMinYears']} 年"
    )

    own = [s for s in next_steps if s["to"]["occupationId"] == "OCC-0461"]
    first = page.locator("#career-next > li").first
    await expect(first).to_contain_text("车工 · 中级工")
    await expect(first).to_contain_text(f"至少 {own[0]['minYears']} 年")
    await expect(first).to_contain_text(own[0]["rule"])
    related = len(next_steps) - len(own)
    await expect(page.locator("#career-next li.related summary")).to_contain_text(f"{related} 个")

    # nearest first: the county's own base, then the city's ones
    bases = page.locator("#career-bases li")
    await expect(bases.first).to_contain_text("开化县机电制造培育基地（测试）")
    await expect(bases.first).to_contain_text("本县")
    await expect(bases.nth(1)).to_contain_text("杭州市机电制造培育基地（测试）")

    await page.locator("#path-target-input").press_sequentially("铣工", delay=30)
    await page.locator("#path-target-list li[data-id='OCC-0462']").click()
    await page.select_option("#path-level", "TECHNICIAN")
    await page.click("#path-go")
    path = to_milling["careerPath"]
    total = page.locator("#path-total")
    await expect(total).to_have_attribute("data-years", str(path["totalMinYears"]))
    await expect(total).to_have_text(f"{path['totalMinYears']} 年")
    steps = page.locator("#path-steps > li")
    await expect(steps).to_have_count(len(path["steps"]))
    last = path["steps"][-1]["to"]
    await expect(steps.last).to_contain_text(
        f"{last['occupation']['name']} · {last['level']['name']}"
    )
    await expect(steps.last).to_contain_text(f"累计 {path['totalMinYears']} 年")

    shot = tmp_path / "career.png"
    await page.screenshot(path=str(shot), full_page=True)
    keep(shot, "career.png")
    watch.assert_clean()


MATRIX_QUERY = """
query ($designation: String, $levels: [String!]) {
  coverageMatrix(designation: $designation, baseLevels: $levels) {
    gapCount pairCount seriesCodes rows { countyCode baseCounts } } }
"""
GAPS_QUERY = """
query ($designation: String, $region: String, $series: String, $levels: [String!]) {
  coverageGaps(designation: $designation, regionCode: $region, seriesCode: $series,
               baseLevels: $levels, first: 100) {
    totalCount edges { node { rank demand county { name } series { name }
                              nearestBase { name } } } } }
"""

CELL_TO_PIXEL = """
([x, y]) => {
  const box = document.querySelector("#heatmap");
  box.scrollIntoView({block: "center"});
  const [px, py] = echarts.getInstanceByDom(box).convertToPixel({seriesIndex: 0}, [x, y]);
  const rect = box.getBoundingClientRect();
  return [rect.left + px, rect.top + py];
}
"""


async def click_cell(page: Page, matrix: dict[str, Any], county: str, series: str) -> None:
    y = [r["countyCode"] for r in matrix["rows"]].index(county)
    x = matrix["seriesCodes"].index(series)
    px, py = await page.evaluate(CELL_TO_PIXEL, [x, y])
    await page.mouse.click(px, py)


async def test_coverage_view_shows_heatmap_gaps_cell_detail_and_csv(
    server: str, browser: tuple[BrowserContext, Page, Watch], tmp_path: Path
) -> None:
    _, page, watch = browser
    mountain = await api(server, MATRIX_QUERY, designation="MOUNTAIN_26")
    matrix = mountain["coverageMatrix"]
    gaps = (await api(server, GAPS_QUERY, designation="MOUNTAIN_26"))["coverageGaps"]
    county_only = await api(server, MATRIX_QUERY, designation="MOUNTAIN_26", levels=["COUNTY"])

    await page.goto(server + "/explorer/#coverage")
    await expect(page.locator("body")).to_have_attribute("data-view", "coverage")
    await page.select_option("#coverage-scope", "designation:MOUNTAIN_26")

    summary = page.locator("#coverage-summary")
    await expect(summary).to_have_attribute("data-gaps", str(matrix["gapCount"]))
    await expect(summary).to_have_attribute("data-counties", "26")
    await expect(summary).to_contain_text(
        f"= {matrix['pairCount']} 对，其中缺口 {matrix['gapCount']} 对"
    )
    cells = await page.evaluate(
        "() => echarts.getInstanceByDom(document.querySelector('#heatmap'))"
        ".getOption().series[0].data"
    )
    assert len(cells) == len(matrix["rows"]) * len(matrix["seriesCodes"]) == 26 * 36
    shown_gaps = sum(1 for c in cells if c["value"][2] == 0)
    assert shown_gaps == matrix["gapCount"]

    await expect(page.locator("#coverage-gap-total")).to_have_attribute(
        "data-total", str(gaps["totalCount"])
    )
    rows = page.locator("#coverage-gaps li[data-rank]")
    await expect(rows).to_have_count(min(30, gaps["totalCount"]))
    top = gaps["edges"][0]["node"]
    await expect(rows.first).to_contain_text(f"{top['county']['name']} · {top['series']['name']}")

    # a covered cell: 开化县 × 工艺美术 (10), reached by the 衢州 city base only
    await click_cell(page, matrix, KAIHUA, "10")
    detail = page.locator("#coverage-cell")
    await expect(detail.locator(".verdict.covered")).to_contain_text("1 个计入的基地可达")
    await expect(detail).to_contain_text("本县没有")

    # a gap cell: 开化县 × 果品蔬菜 (01) — no base of series 01 reaches it
    await click_cell(page, matrix, KAIHUA, "01")
    (gap,) = [
        e["node"]
        for e in (await api(server, GAPS_QUERY, region=KAIHUA, series="01"))["coverageGaps"][
            "edges"
        ]
    ]
    await expect(detail).to_contain_text("衢州市开化县 × 果品蔬菜")
    await expect(detail.locator(".verdict.gap")).to_have_attribute(
        "data-demand", f"{gap['demand']:g}"
    )
    await expect(detail.locator("tr[data-factor]")).to_have_count(5)
    nearest = gap["nearestBase"]["name"] if gap["nearestBase"] else "全省没有在用的基地覆盖该系列"
    await expect(detail.locator(".nearest")).to_contain_text(nearest)

    # the top of the ranked list, in the detail and selected in the list
    await rows.first.click()
    await expect(detail.locator(".verdict.gap")).to_contain_text("排名第 1")
    await expect(detail).to_contain_text(f"{top['county']['name']} × {top['series']['name']}")
    await expect(rows.first).to_have_class(re.compile(r"\bselected\b"))

    shot = tmp_path / "coverage.png"
    await page.screenshot(path=str(shot), full_page=True)
    keep(shot, "coverage.png")

    if gaps["totalCount"] > 30:
        await page.click("#coverage-more")
        await expect(rows).to_have_count(min(60, gaps["totalCount"]))
        await expect(rows.nth(30)).to_have_attribute("data-rank", "31")

    # count county-level bases only: the city base stops counting
    await page.check("#coverage-levels input[value=COUNTY]")
    await expect(summary).to_have_attribute(
        "data-gaps", str(county_only["coverageMatrix"]["gapCount"])
    )
    assert county_only["coverageMatrix"]["gapCount"] > matrix["gapCount"]

    # the CSV link carries the same scope and filters
    href = await page.locator("#coverage-csv-gaps").get_attribute("href")
    assert href is not None
    assert "designation=MOUNTAIN_26" in href
    assert "baseLevels=COUNTY" in href
    async with httpx.AsyncClient() as http:
        response = await http.get(href)
    assert response.status_code == 200
    lines = response.text.strip().splitlines()
    county_gaps = await api(server, GAPS_QUERY, designation="MOUNTAIN_26", levels=["COUNTY"])
    assert len(lines) == county_gaps["coverageGaps"]["totalCount"] + 1
    watch.assert_clean()
