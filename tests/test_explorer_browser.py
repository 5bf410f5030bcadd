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
import contextlib
import datetime
import math
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import BrowserContext, Page, async_playwright, expect
from playwright.async_api import TimeoutError as PlaywrightTimeout

from tests.workers_data import SECRET
from zhepai.config import Settings
from zhepai.graph.open import open_store
from zhepai.loaders.bases_import import HEADER, import_bases
from zhepai.loaders.seed_loader import load_seeds
from zhepai.loaders.workers_import import import_workers
from zhepai.loaders.workers_synthetic import write_synthetic_workers

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
    "--lang=zh-CN",  # date inputs show the Chinese order
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


# `zhepai serve` with the statistics' clock (the worker queries' `now`) set to a given moment:
# one process, so that the clock set here is the one that answers.
CLOCKED_SERVE = """
import datetime, sys
from zhepai.schema.workers import queries
moment = datetime.datetime.fromisoformat(sys.argv.pop(1))
queries.now = lambda: moment
from zhepai.cli import app
app()
"""


def _spawn_server(
    data_dir: Path, port: int, clock: datetime.datetime | None = None
) -> subprocess.Popen[bytes]:
    serve = ["serve", "--host", "127.0.0.1", "--port", str(port), "--data-dir", str(data_dir),
             "--log-level", "warning"]  # fmt: skip
    if clock is None:
        command = [sys.executable, "-m", "zhepai.cli", *serve]
    else:
        command = [sys.executable, "-c", CLOCKED_SERVE, clock.isoformat(), *serve, "--workers", "1"]
    # Popen only forks: it does not wait for the server (readiness is polled below)
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, "ZHEPAI_GRAPH_URL": "embedded"},  # whatever the caller's settings
    )


@asynccontextmanager
async def _serving(data_dir: Path, clock: datetime.datetime | None = None) -> AsyncIterator[str]:
    port = _free_port()
    process = _spawn_server(data_dir, port, clock)
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
    async with _serving(data_dir) as url:
        yield url


# 人才统计 reads certificates with their dates: a store of its own holds synthetic ones (the
# bases above and their coverage answers stay as they are), and its statistics' clock stands
# in mid-2024, so that the plan's 2025 targets still lie ahead and the projection is drawn.
TALENT_TODAY = datetime.datetime(2024, 6, 15, 4, 0, tzinfo=datetime.UTC)
TALENT_ROWS = 3000


@pytest.fixture(scope="module")
async def talent_server(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[str]:
    """``zhepai serve`` over the seeds and synthetic certificates, its clock in TALENT_TODAY."""
    _chromium()
    data_dir = tmp_path_factory.mktemp("explorer-talent-store")
    workers = data_dir / "workers.csv"
    write_synthetic_workers(TALENT_ROWS, seed=21, out=workers, today=TALENT_TODAY.date())
    store = await open_store(Settings(graph_url="embedded", data_dir=data_dir))
    try:
        await load_seeds(store)
        report = await import_workers(store, workers, SECRET, today=TALENT_TODAY.date())
        assert report.rejected == 0
    finally:
        await store.close()
    async with _serving(data_dir, TALENT_TODAY) as url:
        yield url


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
    bodies: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.foreign == [], "the page reached outside the server"
        assert self.errors == [], "the page logged errors"
        # data only from the API: besides the page's own files, /graphql (and / redirecting)
        assert {p for p in self.paths if not p.startswith("/explorer/")} <= {"/", "/graphql"}
        assert "/graphql" in self.paths


@asynccontextmanager
async def _browsing(
    server: str, tmp_path: Path
) -> AsyncIterator[tuple[BrowserContext, Page, Watch]]:
    """Chromium whose every request but the server's fails."""
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
                watch.bodies.append(route.request.post_data or "")
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


@pytest.fixture
async def browser(server: str, tmp_path: Path) -> AsyncIterator[tuple[BrowserContext, Page, Watch]]:
    async with _browsing(server, tmp_path) as opened:
        yield opened


@pytest.fixture
async def talent_browser(
    talent_server: str, tmp_path: Path
) -> AsyncIterator[tuple[BrowserContext, Page, Watch]]:
    async with _browsing(talent_server, tmp_path) as opened:
        yield opened


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
    totalMinYears
    steps { kind requiresAssessment relation { reason } to { occupation { name } level { name } } }
  }
}
"""
NEXT_QUERY = """
query ($p: PositionInput!) { nextSteps(position: $p) {
  kind minYears rule requiresAssessment relation { reason } to { occupationId levelCode } } }
"""
ELIGIBILITY_QUERY = """
query ($p: PositionInput!, $level: SkillLevelCode!, $occupation: ID,
       $education: EducationCode) {
  eligibility(position: $p, targetLevel: $level, targetOccupationId: $occupation,
              education: $education) {
    eligibleNow eligibleFrom yearsToWait rule ruleSource missing } }
"""
REGION_QUERY = "query ($code: String!) { region(code: $code) { latitude longitude } }"

CHEGONG, XIGONG = "OCC-0461", "OCC-0462"  # 车工, 铣工
# English words and API codes (PROMOTION, WORK_FAMILY…): none may reach the page; a standard's
# number such as "GZB 6-18-01-05" is not a word.
LATIN_WORD = re.compile(r"[A-Za-z]{4,}")


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def chinese_day(iso: str) -> str:
    day = datetime.date.fromisoformat(iso)
    return f"{day.year}年{day.month}月{day.day}日"


def great_circle_km(a: dict[str, float], b: dict[str, float]) -> float:
    p1, p2 = math.radians(a["latitude"]), math.radians(b["latitude"])
    dp, dl = p2 - p1, math.radians(b["longitude"] - a["longitude"])
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


async def set_held_since(page: Page, value: str) -> None:
    """取证时间 is three selects (年, 月, 日), each option's value its number."""
    day = datetime.date.fromisoformat(value)
    for part, number in (("year", day.year), ("month", day.month), ("day", day.day)):
        await page.select_option(f"#career-held-{part}", str(number))


async def expect_eligibility(block: Any, answer: dict[str, Any]) -> None:
    """An eligibility block says what the API's `eligibility` answers."""
    if answer["eligibleNow"]:
        await expect(block).to_have_attribute("data-eligible", "now")
        await expect(block).to_contain_text("可申报")
    elif answer["eligibleFrom"]:
        await expect(block).to_have_attribute("data-eligible", "later")
        await expect(block).to_have_attribute("data-eligible-from", answer["eligibleFrom"])
        await expect(block).to_contain_text(f"{chinese_day(answer['eligibleFrom'])}起可申报")
    else:
        await expect(block).to_have_attribute("data-eligible", "no")
        await expect(block).to_contain_text("暂不能申报")
    for missing in answer["missing"]:
        await expect(block).to_contain_text(missing)
    if answer["rule"]:
        await expect(block).to_contain_text(answer["rule"])


async def test_career_view_shows_ladder_steps_eligibility_bases_and_path(
    server: str, browser: tuple[BrowserContext, Page, Watch], tmp_path: Path
) -> None:
    _, page, watch = browser
    today = datetime.date.today()
    junior = {"occupationId": CHEGONG, "level": "JUNIOR"}
    technician = await api(
        server, PATH_QUERY, **{"from": junior, "to": {**junior, "level": "TECHNICIAN"}}
    )
    milling = {"occupationId": XIGONG, "level": "TECHNICIAN"}
    to_milling = (await api(server, PATH_QUERY, near=KAIHUA, **{"from": junior, "to": milling}))[
        "careerPath"
    ]
    next_steps = (await api(server, NEXT_QUERY, p=junior))["nextSteps"]

    await page.goto(server + "/")
    assert page.url == server + "/explorer/"
    await expect(page.locator("body")).to_have_attribute("data-ready", "true")

    # search as you type, by pinyin
    await page.locator("#career-occupation-input").press_sequentially("chegong", delay=30)
    suggestion = page.locator(f"#career-occupation-list li[data-id='{CHEGONG}']")
    await expect(suggestion).to_contain_text("车工")
    await expect(suggestion).to_contain_text("机电制造")
    await suggestion.click()
    await expect(page.locator("#career-held-year")).to_be_disabled()  # no certificate yet
    await page.select_option("#career-level", "JUNIOR")
    await expect(page.locator("#career-held-year")).to_be_enabled()
    await page.select_option("#career-county", KAIHUA)

    ladder = page.locator("#career-ladder li")
    await expect(ladder).to_have_count(8)
    await expect(page.locator("#career-ladder li.current")).to_have_attribute(
        "data-level", "JUNIOR"
    )
    await expect(page.locator("#career-ladder li[data-level=TECHNICIAN]")).to_contain_text(
        f"至少 {technician['careerPath']['totalMinYears']} 年"
    )

    own = [s for s in next_steps if s["to"]["occupationId"] == CHEGONG]
    first = page.locator("#career-next > li").first
    await expect(first).to_contain_text("车工 · 中级工")
    await expect(first).to_contain_text(f"至少 {own[0]['minYears']} 年")
    answer = await api(server, ELIGIBILITY_QUERY, p=junior, level="INTERMEDIATE")
    await expect_eligibility(first.locator(".eligibility"), answer["eligibility"])
    related = [s for s in next_steps if s["to"]["occupationId"] != CHEGONG]
    summary = page.locator("#career-next li.related summary")
    await expect(summary).to_have_attribute("data-count", str(len(related)))

    # nearest first: the county's own base, then the others with their distance
    bases = page.locator("#career-bases li")
    await expect(bases.first).to_contain_text("开化县机电制造培育基地（测试）")
    await expect(bases.first).to_contain_text("本县")
    await expect(bases.nth(1)).to_contain_text("杭州市机电制造培育基地（测试）")
    kaihua = (await api(server, REGION_QUERY, code=KAIHUA))["region"]
    shangcheng = (await api(server, REGION_QUERY, code=SHANGCHENG))["region"]
    await expect(bases.nth(1)).to_contain_text(
        f"直线约 {round(great_circle_km(kaihua, shangcheng))} 公里"
    )

    # the path into a related occupation: its reason, the assessment there, the eligibility
    await page.locator("#path-target-input").press_sequentially("铣工", delay=30)
    await page.locator(f"#path-target-list li[data-id='{XIGONG}']").click()
    await page.select_option("#path-level", "TECHNICIAN")
    await page.click("#path-go")
    total = page.locator("#path-total")
    await expect(total).to_have_attribute("data-years", str(to_milling["totalMinYears"]))
    await expect(total).to_have_text(f"{to_milling['totalMinYears']} 年")
    steps = page.locator("#path-steps > li")
    await expect(steps).to_have_count(len(to_milling["steps"]))
    last = to_milling["steps"][-1]
    await expect(steps.last).to_contain_text(
        f"{last['to']['occupation']['name']} · {last['to']['level']['name']}"
    )
    await expect(steps.last).to_contain_text(f"累计 {to_milling['totalMinYears']} 年")
    for i, step in enumerate(to_milling["steps"]):
        shown = steps.nth(i)
        await expect(shown).to_have_attribute(
            "data-assessment", "true" if step["requiresAssessment"] else "false"
        )
        await expect(shown.locator(".tag.assess")).to_have_count(int(step["requiresAssessment"]))
        if step["relation"]:
            await expect(shown.locator(".reason")).to_contain_text(step["relation"]["reason"])
    assert any(s["relation"] for s in to_milling["steps"])  # the test sees a reason
    target = await api(server, ELIGIBILITY_QUERY, p=junior, level="TECHNICIAN", occupation=XIGONG)
    await expect_eligibility(page.locator("#path-eligibility .eligibility"), target["eligibility"])

    # a 高级工 certified a year ago: 技师 from the day four years are complete
    senior = {
        "occupationId": CHEGONG,
        "level": "SENIOR",
        "heldSince": years_before(today, 1).isoformat(),
    }
    senior_next = (await api(server, NEXT_QUERY, p=senior))["nextSteps"]
    later = (await api(server, ELIGIBILITY_QUERY, p=senior, level="TECHNICIAN"))["eligibility"]
    senior_path = (await api(server, PATH_QUERY, near=KAIHUA, **{"from": senior, "to": milling}))[
        "careerPath"
    ]
    assert later["eligibleFrom"] is not None and not later["eligibleNow"]
    await page.select_option("#career-level", "SENIOR")
    await set_held_since(page, senior["heldSince"])
    card = page.locator("#career-next > li[data-level=TECHNICIAN][data-occupation='OCC-0461']")
    await expect_eligibility(card.locator(".eligibility"), later)
    await expect(card).to_contain_text(later["ruleSource"])
    await expect(total).to_have_attribute("data-years", str(senior_path["totalMinYears"]))

    # related occupations: one per stated reason, each an assessment there
    related = [s for s in senior_next if s["to"]["occupationId"] != CHEGONG]
    await expect(summary).to_have_attribute("data-count", str(len(related)))
    await summary.click()
    group = page.locator("#career-next li.related")
    for reason in {s["relation"]["reason"] for s in related}:
        await expect(group.locator(".relation .reason", has_text=reason)).to_have_count(1)
    assessed = sum(s["requiresAssessment"] for s in related)
    await expect(group.locator(".tag.assess")).to_have_count(assessed)
    await page.locator("#path-alternatives-box summary").click()

    text = await page.locator("#view-career").inner_text()
    assert LATIN_WORD.findall(text) == [], "English or a code on the career view"
    assert LATIN_WORD.findall(await page.locator("body").inner_text()) == []
    shot = tmp_path / "career.png"
    await page.screenshot(path=str(shot), full_page=True)
    keep(shot, "career.png")

    # certified five years ago: eligible now, and the ladder says so
    await set_held_since(page, years_before(today, 5).isoformat())
    now = (
        await api(
            server,
            ELIGIBILITY_QUERY,
            p={**senior, "heldSince": years_before(today, 5).isoformat()},
            level="TECHNICIAN",
        )
    )["eligibility"]
    assert now["eligibleNow"]
    await expect_eligibility(card.locator(".eligibility"), now)
    await expect(card.locator(".eligibility")).to_contain_text("现在可申报")
    await expect(page.locator("#career-ladder li[data-level=TECHNICIAN] .tag.now")).to_have_text(
        "可申报"
    )

    # no certificate, three years worked: 中级工 (six years uncertified) from a later day
    await page.select_option("#career-level", "")
    await expect(page.locator("#career-held-year")).to_be_disabled()
    await expect(page.locator("#career-held-year")).to_have_value("")
    await page.fill("#career-years", "3")
    await page.locator("#career-years").dispatch_event("change")
    worker = {"occupationId": CHEGONG, "yearsWorked": 3}
    uncertified = (await api(server, ELIGIBILITY_QUERY, p=worker, level="INTERMEDIATE"))[
        "eligibility"
    ]
    intermediate = page.locator("#career-next > li[data-level=INTERMEDIATE]").first
    await expect_eligibility(intermediate.locator(".eligibility"), uncertified)

    # a 技工学校 graduate may apply for 中级工 directly
    await expect(page.locator("#career-education option[value=TECHNICAL_SCHOOL]")).to_have_text(
        "技工学校、中等职业学校毕业"
    )
    await page.select_option("#career-education", "TECHNICAL_SCHOOL")
    school = (
        await api(
            server, ELIGIBILITY_QUERY, p=worker, level="INTERMEDIATE", education="TECHNICAL_SCHOOL"
        )
    )["eligibility"]
    assert school["eligibleNow"]
    await expect_eligibility(intermediate.locator(".eligibility"), school)

    # a day that does not exist, or one still to come, is refused in Chinese before any request
    # (years worked cleared first: 3 years since a day this year is an error of its own, which
    # a late answer could show over the one this checks)
    await page.locator("#career-years").fill("")
    await page.locator("#career-years").dispatch_event("change")
    await page.select_option("#career-level", "SENIOR")
    await set_held_since(page, f"{today.year}-02-28")
    await page.select_option("#career-held-day", "30")
    await expect(page.locator("#app-status")).to_have_text(f"{today.year}年2月没有30日。")
    assert not [body for body in watch.bodies if f"{today.year}-02-30" in body]
    tomorrow = today + datetime.timedelta(days=1)
    if tomorrow.year == today.year:  # the years offered end with this one
        await set_held_since(page, tomorrow.isoformat())
        await expect(page.locator("#app-status")).to_have_text("取证时间不能晚于今天。")
        assert not [body for body in watch.bodies if tomorrow.isoformat() in body]
    watch.assert_clean()


MATRIX_QUERY = """
query ($designation: String, $levels: [BaseLevel!], $reach: CoverageReach) {
  coverageMatrix(designation: $designation, baseLevels: $levels, reach: $reach) {
    gapCount pairCount seriesCodes rows { countyCode gapCount baseCounts demands } } }
"""
GAPS_QUERY = """
query ($designation: String, $region: String, $series: String, $levels: [BaseLevel!],
       $reach: CoverageReach) {
  coverageGaps(designation: $designation, regionCode: $region, seriesCode: $series,
               baseLevels: $levels, reach: $reach, first: 100) {
    totalCount edges { node { rank demand seriesCode county { name } series { name }
                              demandFactors { name } nearestBase { name } nearestBaseKm } } } }
"""
SUGGEST_QUERY = """
query ($designation: String, $series: String) {
  coverageSuggest(count: 5, designation: $designation, seriesCode: $series) {
    proposals { county { code latitude longitude } series { code name } closesDemand
                closes { countyCode } }
    totalDemandClosed gapsBefore gapsAfter } }
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
MAP_TO_PIXEL = """
([lon, lat]) => {
  const box = document.querySelector("#county-map");
  box.scrollIntoView({block: "center"});
  const [px, py] = echarts.getInstanceByDom(box).convertToPixel({seriesIndex: 0}, [lon, lat]);
  const rect = box.getBoundingClientRect();
  return [rect.left + px, rect.top + py];
}
"""
MAP_SERIES = (
    "() => echarts.getInstanceByDom(document.querySelector('#county-map')).getOption().series"
)


async def click_cell(page: Page, matrix: dict[str, Any], county: str, series: str) -> None:
    y = [r["countyCode"] for r in matrix["rows"]].index(county)
    x = matrix["seriesCodes"].index(series)
    px, py = await page.evaluate(CELL_TO_PIXEL, [x, y])
    await page.mouse.click(px, py)


def gap_values(matrix: dict[str, Any], series: str | None = None) -> dict[str, tuple[int, float]]:
    """County → (gaps, their demand), in every series or in one."""
    values = {}
    for row in matrix["rows"]:
        cells = [
            (count, demand)
            for code, count, demand in zip(
                matrix["seriesCodes"], row["baseCounts"], row["demands"], strict=True
            )
            if series is None or code == series
        ]
        gaps = [demand for count, demand in cells if count == 0]
        values[row["countyCode"]] = (len(gaps), sum(gaps))
    return values


async def map_values(page: Page) -> dict[str, float]:
    series = await page.evaluate(MAP_SERIES)
    return {point["code"]: point["value"][2] for point in series[0]["data"]}


async def test_coverage_view_shows_map_suggestions_heatmap_gaps_cell_detail_and_csv(
    server: str, browser: tuple[BrowserContext, Page, Watch], tmp_path: Path
) -> None:
    _, page, watch = browser
    mountain = await api(server, MATRIX_QUERY, designation="MOUNTAIN_26")
    matrix = mountain["coverageMatrix"]
    gaps = (await api(server, GAPS_QUERY, designation="MOUNTAIN_26"))["coverageGaps"]
    county_only = await api(server, MATRIX_QUERY, designation="MOUNTAIN_26", levels=["COUNTY"])
    suggestion = (await api(server, SUGGEST_QUERY, designation="MOUNTAIN_26"))["coverageSuggest"]

    await page.goto(server + "/explorer/#coverage")
    await expect(page.locator("body")).to_have_attribute("data-view", "coverage")
    await expect(page.locator("#coverage-reach")).to_have_value("DISTANCE")  # the API's default
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

    # the map: the 26 counties coloured by their gaps, the other 64 seats grey
    box = page.locator("#county-map")
    await expect(box).to_have_attribute("data-counties", "26")
    expected = gap_values(matrix)
    assert await map_values(page) == {code: gaps for code, (gaps, _) in expected.items()}
    series = await page.evaluate(MAP_SERIES)
    assert len(series[0]["data"]) + len(series[1]["data"]) == 90
    await page.select_option("#map-metric", "demand")
    shown = await map_values(page)
    assert shown.keys() == expected.keys()
    assert all(shown[code] == pytest.approx(demand) for code, (_, demand) in expected.items())

    # the suggested bases, listed and ringed on the map
    proposals = suggestion["proposals"]
    await expect(box).to_have_attribute("data-proposals", str(len(proposals)))
    listed = page.locator("#coverage-suggest li")
    await expect(listed).to_have_count(len(proposals))
    for i, p in enumerate(proposals):
        await expect(listed.nth(i)).to_have_attribute("data-county", p["county"]["code"])
        await expect(listed.nth(i)).to_have_attribute("data-series", p["series"]["code"])
    await expect(page.locator("#suggest-summary")).to_have_attribute(
        "data-total", f"{suggestion['totalDemandClosed']:g}"
    )
    await expect(page.locator("#suggest-summary")).to_contain_text(
        f"缺口 {suggestion['gapsBefore']} → {suggestion['gapsAfter']} 对"
    )
    rings = (await page.evaluate(MAP_SERIES))[5]["data"]
    assert sorted(i for ring in rings for i in ring["proposals"]) == list(range(len(proposals)))
    for ring in rings:
        county = proposals[ring["proposals"][0]]["county"]
        assert ring["value"] == [county["longitude"], county["latitude"]]

    # a ring opens its proposal: the gaps it closes
    first = proposals[0]
    px, py = await page.evaluate(
        MAP_TO_PIXEL, [first["county"]["longitude"], first["county"]["latitude"]]
    )
    await page.mouse.click(px, py)  # the ring around the seat is above the county's dot
    detail = page.locator("#coverage-cell")
    await expect(detail).to_contain_text("建议 1：")
    await expect(detail.locator(".verdict.proposal")).to_have_attribute(
        "data-demand", f"{first['closesDemand']:g}"
    )
    await expect(detail.locator("tr[data-county]")).to_have_count(len(first["closes"]))

    # a county on the map: its gaps, and where the nearest base is
    kaihua = [r for r in rings if r["code"] == KAIHUA]
    assert kaihua == []  # a proposal's ring would take the click
    county_gaps = (await api(server, GAPS_QUERY, region=KAIHUA))["coverageGaps"]["edges"]
    seat = next(c for c in series[0]["data"] if c["code"] == KAIHUA)["value"]
    px, py = await page.evaluate(MAP_TO_PIXEL, seat[:2])
    await page.mouse.click(px, py)
    await expect(detail.locator(".verdict")).to_have_attribute(
        "data-gaps", str(expected[KAIHUA][0])
    )
    top = detail.locator(".county-gaps li")
    await expect(top).to_have_count(min(5, len(county_gaps)))
    await expect(top.first).to_contain_text(county_gaps[0]["node"]["series"]["name"])

    # one series on the map: covered or not, and the suggestions for that series
    await page.select_option("#map-metric", "gaps")
    await page.select_option("#map-series", "16")
    for_series = (await api(server, SUGGEST_QUERY, designation="MOUNTAIN_26", series="16"))[
        "coverageSuggest"
    ]
    await expect(page.locator("#suggest-summary")).to_have_attribute(
        "data-total", f"{for_series['totalDemandClosed']:g}"
    )
    await expect(listed).to_have_count(len(for_series["proposals"]))
    assert await map_values(page) == {
        code: gaps for code, (gaps, _) in gap_values(matrix, "16").items()
    }

    await expect(page.locator("#coverage-gap-total")).to_have_attribute(
        "data-total", str(gaps["totalCount"])
    )
    rows = page.locator("#coverage-gaps li[data-rank]")
    await expect(rows).to_have_count(min(30, gaps["totalCount"]))
    top_gap = gaps["edges"][0]["node"]
    await expect(rows.first).to_contain_text(
        f"{top_gap['county']['name']} · {top_gap['series']['name']}"
    )

    # a covered cell: 开化县 × 工艺美术 (10), reached by the 衢州 city base in 柯城 only
    await click_cell(page, matrix, KAIHUA, "10")
    await expect(detail.locator(".verdict.covered")).to_contain_text("1 个计入的基地可达")
    await expect(detail).to_contain_text("本县没有")

    # a gap cell: 柯城区 × 机电制造 (16) — the county base in 开化 is beyond its 30 km
    await click_cell(page, matrix, KECHENG, "16")
    (gap,) = [
        e["node"]
        for e in (await api(server, GAPS_QUERY, region=KECHENG, series="16"))["coverageGaps"][
            "edges"
        ]
    ]
    assert gap["nearestBaseKm"] > 30
    await expect(detail).to_contain_text("衢州市柯城区 × 机电制造")
    await expect(detail.locator(".verdict.gap")).to_have_attribute(
        "data-demand", f"{gap['demand']:g}"
    )
    factors = detail.locator("tr[data-factor]")
    await expect(factors).to_have_count(len(gap["demandFactors"]))
    assert not [t for t in await factors.all_inner_texts() if "其他" in t]  # all named
    nearest = detail.locator(".nearest")
    await expect(nearest).to_contain_text(gap["nearestBase"]["name"])
    await expect(nearest).to_have_attribute("data-km", f"{gap['nearestBaseKm']:g}")
    await expect(nearest).to_contain_text(f"{round(gap['nearestBaseKm'])} 公里")

    # the top of the ranked list, in the detail and selected in the list
    await rows.first.click()
    await expect(detail.locator(".verdict.gap")).to_contain_text("排名第 1")
    await expect(detail).to_contain_text(
        f"{top_gap['county']['name']} × {top_gap['series']['name']}"
    )
    await expect(rows.first).to_have_class(re.compile(r"\bselected\b"))

    shot = tmp_path / "coverage.png"
    await page.screenshot(path=str(shot), full_page=True)
    keep(shot, "coverage.png")
    assert LATIN_WORD.findall(await page.locator("body").inner_text()) == []

    if gaps["totalCount"] > 30:
        await page.click("#coverage-more")
        await expect(rows).to_have_count(min(60, gaps["totalCount"]))
        await expect(rows.nth(30)).to_have_attribute("data-rank", "31")

    # reach by administrative division instead: the old rule, for comparison
    by_division = await api(server, MATRIX_QUERY, designation="MOUNTAIN_26", reach="ADMINISTRATIVE")
    await page.select_option("#coverage-reach", "ADMINISTRATIVE")
    await expect(summary).to_have_attribute(
        "data-gaps", str(by_division["coverageMatrix"]["gapCount"])
    )
    await page.select_option("#coverage-reach", "DISTANCE")
    await expect(summary).to_have_attribute("data-gaps", str(matrix["gapCount"]))

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
    assert "reach=DISTANCE" in href
    async with httpx.AsyncClient() as http:
        response = await http.get(href)
    assert response.status_code == 200
    lines = response.text.strip().splitlines()
    county_gaps = await api(server, GAPS_QUERY, designation="MOUNTAIN_26", levels=["COUNTY"])
    assert len(lines) == county_gaps["coverageGaps"]["totalCount"] + 1
    watch.assert_clean()


PAGE_WIDTH = "() => [document.documentElement.scrollWidth, window.innerWidth]"
FITS = "() => document.documentElement.scrollWidth <= window.innerWidth"


async def test_every_view_fits_a_phone(
    server: str, browser: tuple[BrowserContext, Page, Watch], tmp_path: Path
) -> None:
    """At 390 px nothing but the heatmap's and the tables' own boxes scroll sideways."""
    _, page, watch = browser
    await page.set_viewport_size({"width": 390, "height": 844})
    await page.goto(server + "/explorer/")
    await expect(page.locator("body")).to_have_attribute("data-ready", "true")
    await page.locator("#career-occupation-input").press_sequentially("车工", delay=30)
    await page.locator(f"#career-occupation-list li[data-id='{CHEGONG}']").click()
    await page.select_option("#career-level", "SENIOR")
    await expect(page.locator("#career-next .eligibility").first).to_be_visible()
    scroll, width = await page.evaluate(PAGE_WIDTH)
    assert scroll <= width
    shot = tmp_path / "career-phone.png"
    await page.screenshot(path=str(shot), full_page=True)
    keep(shot, "career-phone.png")

    await page.click("#tab-coverage")
    await page.select_option("#coverage-scope", "designation:MOUNTAIN_26")
    await expect(page.locator("#county-map")).to_have_attribute("data-counties", "26")
    await expect(page.locator("#coverage-suggest li").first).to_be_visible()
    map_box = await page.locator("#county-map").bounding_box()
    assert map_box is not None and map_box["width"] <= 390 and map_box["height"] >= 300
    scroll, width = await page.evaluate(PAGE_WIDTH)
    assert scroll <= width
    shot = tmp_path / "coverage-phone.png"
    await page.screenshot(path=str(shot), full_page=True)
    keep(shot, "coverage-phone.png")

    # 人才统计 by today's clock: the plan's year is over, so nothing is projected (this store
    # holds no certificates: every count is 0, shown as 0)
    await page.click("#tab-talent")
    await expect(page.locator("#talent-chart")).to_have_attribute("data-region", "330000")
    await expect(page.locator("#talent-plan-note")).to_contain_text("2025 年已结束，不再预测")
    this_year = datetime.datetime.now(datetime.UTC).year
    empty = await api(server, TREND_QUERY, region="330000", **{"from": 2014, "to": this_year})
    await expect_trend_table(page, "330000", empty["talentTrend"])
    chart = await page.evaluate(TALENT_CHART)
    assert [name for name in chart["series"] if name.endswith("预测")] == []
    assert set(chart["series"]["技能人才"]["data"]) == {0}
    scroll, width = await page.evaluate(PAGE_WIDTH)
    assert scroll <= width
    watch.assert_clean()


TREND_QUERY = """
query ($region: String!, $from: Int!, $to: Int!) {
  talentTrend(regionCode: $region, fromYear: $from, toYear: $to) {
    year skilled highSkilled newSkilled newHighSkilled certificatesIssued suppressed } }
"""
PROGRESS_QUERY = """
query ($region: String) { planProgress(regionCode: $region) {
  targets { code target met projected onTrack } } }
"""
TALENT_TABLE = """
() => [...document.querySelectorAll("#talent-table tbody tr")].map((tr) => ({
  year: Number(tr.dataset.year),
  values: [...tr.querySelectorAll("td")].map((td) => td.dataset.value),
  texts: [...tr.querySelectorAll("td")].map((td) => td.textContent),
}))
"""
TALENT_CHART = """
() => {
  const option = echarts.getInstanceByDom(document.querySelector("#talent-chart")).getOption();
  return {
    years: option.xAxis[0].data.map(Number),
    series: Object.fromEntries(option.series.map((s) => [s.name, {
      data: s.data,
      line: s.lineStyle.type,
      axis: s.yAxisIndex || 0,
      marks: ((s.markLine && s.markLine.data) || []).map((d) => d.yAxis),
    }])),
  };
}
"""
COUNTS = ("skilled", "highSkilled", "newSkilled", "newHighSkilled", "certificatesIssued")
QUZHOU = "330800"
PLAN_YEAR = 2025


def share(point: dict[str, Any]) -> float | None:
    skilled: int | None = point["skilled"]
    high: int | None = point["highSkilled"]
    return high / skilled if skilled and high is not None else None


async def expect_trend_table(page: Page, region: str, points: list[dict[str, Any]]) -> None:
    """The table holds what talentTrend answers: each count, or 不公布 where it is null."""
    await expect(page.locator("#talent-chart")).to_have_attribute("data-region", region)
    rows = await page.evaluate(TALENT_TABLE)
    assert [r["year"] for r in rows] == [p["year"] for p in points]
    for row, point in zip(rows, points, strict=True):
        skilled, high, ratio, new, new_high, issued = zip(row["values"], row["texts"], strict=True)
        for (value, text), key in zip((skilled, high, new, new_high, issued), COUNTS, strict=True):
            if point[key] is None:
                assert (value, text) == ("withheld", "不公布"), (point["year"], key)
            else:
                assert (value, text) == (str(point[key]), f"{point[key]:,}"), (point["year"], key)
        expected = share(point)
        if point["skilled"] == 0:
            assert ratio == ("", "—")
        elif expected is None:
            assert ratio == ("withheld", "不公布")
        else:
            assert float(ratio[0]) == pytest.approx(expected)
            assert ratio[1] == f"{expected * 100:.1f}%"


async def test_talent_view_draws_the_trend_the_targets_and_the_projection(
    talent_server: str,
    talent_browser: tuple[BrowserContext, Page, Watch],
    tmp_path: Path,
) -> None:
    _, page, watch = talent_browser
    now = TALENT_TODAY.year
    last_complete = now - 1
    await page.clock.set_fixed_time(TALENT_TODAY)  # the page's years end with the API's
    province = (
        await api(talent_server, TREND_QUERY, region="330000", **{"from": 2014, "to": now})
    )["talentTrend"]
    targets = {
        t["code"]: t for t in (await api(talent_server, PROGRESS_QUERY))["planProgress"]["targets"]
    }

    await page.goto(talent_server + "/explorer/#talent")
    await expect(page.locator("body")).to_have_attribute("data-view", "talent")
    await expect(page.locator("#tab-talent")).to_have_attribute("aria-selected", "true")
    await expect(page.locator("#talent-chart")).to_have_attribute("data-years", f"2014-{now}")

    # the province, 2014 to this year: the table is the API's answer
    await expect_trend_table(page, "330000", province)
    await expect(page.locator(f"#talent-table tr[data-year='{now}'] th")).to_have_text(
        f"{now}（截至今日）"
    )
    assert all(p["skilled"] is not None for p in province)  # the province's counts are large

    # the chart: the same figures, the province's targets dotted, the projection dashed from
    # the last complete year to the plan's year
    chart = await page.evaluate(TALENT_CHART)
    assert chart["years"] == list(range(2014, PLAN_YEAR + 1))
    series = chart["series"]
    padding = [None] * (PLAN_YEAR - now)
    assert series["技能人才"]["data"] == [p["skilled"] for p in province] + padding
    assert series["高技能人才"]["data"] == [p["highSkilled"] for p in province] + padding
    assert series["技能人才"]["line"] == series["高技能人才"]["line"] == "solid"
    assert series["技能人才"]["marks"] == [targets["SKILLED_WORKERS"]["target"]] == [14_000_000]
    assert (
        series["高技能人才"]["marks"] == [targets["HIGH_SKILLED_WORKERS"]["target"]] == [5_000_000]
    )
    assert series["高技能人才占比"]["axis"] == 1
    assert series["高技能人才占比"]["marks"] == [35]
    at = chart["years"].index
    end = {p["year"]: p for p in province}[last_complete]
    for name, key, code in (
        ("技能人才预测", "skilled", "SKILLED_WORKERS"),
        ("高技能人才预测", "highSkilled", "HIGH_SKILLED_WORKERS"),
    ):
        ahead = series[name]
        assert ahead["line"] == "dashed"
        drawn = {chart["years"][i]: v for i, v in enumerate(ahead["data"]) if v is not None}
        assert drawn.keys() == {last_complete, PLAN_YEAR}
        assert drawn[last_complete] == end[key]
        assert drawn[PLAN_YEAR] == pytest.approx(targets[code]["projected"])
    share_ahead = series["高技能人才占比预测"]
    assert share_ahead["line"] == "dashed" and share_ahead["axis"] == 1
    assert share_ahead["data"][at(PLAN_YEAR)] == pytest.approx(
        targets["HIGH_SKILLED_SHARE_OF_SKILLED"]["projected"] * 100
    )
    skilled_row = page.locator("#talent-targets tr[data-code=SKILLED_WORKERS]")
    await expect(skilled_row).to_have_attribute("data-drawn", "true")
    await expect(skilled_row.locator("td").nth(1)).to_have_text(
        f"{round(targets['SKILLED_WORKERS']['projected']):,}"
    )
    verdict = "按当前速度可达到" if targets["SKILLED_WORKERS"]["onTrack"] else "按当前速度达不到"
    await expect(skilled_row.locator("td").nth(2)).to_have_text(verdict)
    await expect(page.locator("#talent-withheld")).to_be_hidden()
    await expect(page.locator("#talent-plan-note")).to_contain_text(
        f"从 {last_complete} 年年末画起"
    )

    shot = tmp_path / "talent.png"
    await page.screenshot(path=str(shot), full_page=True)
    keep(shot, "talent.png")

    # a county: small counts withheld, shown as 不公布 and as gaps in the line, never as 0
    county = (await api(talent_server, TREND_QUERY, region=KAIHUA, **{"from": 2014, "to": now}))[
        "talentTrend"
    ]
    withheld = [p["year"] for p in county if p["skilled"] is None]
    assert withheld, "the test needs a withheld count"
    await page.select_option("#talent-region", KAIHUA)
    await expect_trend_table(page, KAIHUA, county)
    note = page.locator("#talent-withheld")
    await expect(note).to_be_visible()
    await expect(note).to_have_attribute("data-count", str(sum(p["suppressed"] for p in county)))
    await expect(note).to_contain_text("不按 0 画")
    chart = await page.evaluate(TALENT_CHART)
    skilled = chart["series"]["技能人才"]["data"]
    for year in withheld:
        assert skilled[chart["years"].index(year)] is None
    await expect(page.locator("#talent-region-name")).to_contain_text("衢州市开化县")

    # a city: the province's count targets are not its own, so no count target line, but the
    # share target applies; its projections are drawn only where the trend shows the start
    city_targets = {
        t["code"]: t
        for t in (await api(talent_server, PROGRESS_QUERY, region=QUZHOU))["planProgress"][
            "targets"
        ]
    }
    assert city_targets["SKILLED_WORKERS"]["met"] is None
    city = (await api(talent_server, TREND_QUERY, region=QUZHOU, **{"from": 2014, "to": now}))[
        "talentTrend"
    ]
    await page.select_option("#talent-region", QUZHOU)
    await expect_trend_table(page, QUZHOU, city)
    chart = await page.evaluate(TALENT_CHART)
    assert chart["series"]["技能人才"]["marks"] == chart["series"]["高技能人才"]["marks"] == []
    assert chart["series"]["高技能人才占比"]["marks"] == [35]
    await expect(page.locator("#talent-plan-note")).to_contain_text("本地区没有自己的人数目标")
    await expect(page.locator("#talent-targets tr[data-code=SKILLED_WORKERS]")).to_have_attribute(
        "data-applies", "false"
    )
    city_end = {p["year"]: p for p in city}[last_complete]
    for name, key, code in (
        ("技能人才预测", "skilled", "SKILLED_WORKERS"),
        ("高技能人才预测", "highSkilled", "HIGH_SKILLED_WORKERS"),
    ):
        row = page.locator(f"#talent-targets tr[data-code={code}]")
        if city_end[key] is None:  # the start is withheld: so is where it leads
            assert name not in chart["series"]
            await expect(row.locator("td").nth(1)).to_have_text("不公布")
        else:
            assert chart["series"][name]["line"] == "dashed"
            await expect(row.locator("td").nth(1)).to_have_text(
                f"{round(city_targets[code]['projected']):,}"
            )

    # a range the API would refuse is refused in Chinese before any request
    await page.select_option("#talent-from", "2020")
    await expect(page.locator("#talent-chart")).to_have_attribute("data-years", f"2020-{now}")
    asked = len(watch.bodies)
    await page.select_option("#talent-to", "2018")
    await expect(page.locator("#app-status")).to_have_text("起始年份不能晚于截止年份。")
    assert len(watch.bodies) == asked
    assert LATIN_WORD.findall(await page.locator("body").inner_text()) == []

    # on a phone the page does not scroll sideways: the tables scroll in their own boxes
    await page.select_option("#talent-from", "2014")
    await page.set_viewport_size({"width": 390, "height": 844})
    await expect(page.locator("#talent-chart")).to_have_attribute("data-years", "2014-2018")
    # the chart takes the new width on the window's resize event, which a busy machine may
    # not have handled yet: wait for it (up to 10 s); the assertion says by how much if not
    with contextlib.suppress(PlaywrightTimeout):
        await page.wait_for_function(FITS, timeout=10_000)
    scroll, width = await page.evaluate(PAGE_WIDTH)
    assert scroll <= width
    shot = tmp_path / "talent-phone.png"
    await page.screenshot(path=str(shot), full_page=True)
    keep(shot, "talent-phone.png")
    watch.assert_clean()
