"""The explorer served from a second origin (issue #26), as a portal would host it: a real
``zhepai serve`` with ZHEPAI_CORS_ORIGINS naming the portal, the explorer's files on the
portal's own origin naming the API in a meta tag, and headless Chromium between them. From a
listed origin the page works, its catalogue reads going over GET with their ETag; from an
origin that is not listed the browser withholds every answer.

Without /usr/bin/chromium these skip as the other browser tests do (ZHEPAI_REQUIRE_BROWSER=1
makes them fail instead).
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Page, Request, Response, async_playwright, expect

from tests.serving import free_port, zhepai_serve
from tests.test_explorer_browser import CHROMIUM_ARGS, _chromium

ROOT = Path(__file__).resolve().parent.parent
CHEGONG = "OCC-0461"  # 车工


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def portal(site: Path, port: int) -> Iterator[str]:
    """``site`` served as static files on 127.0.0.1:``port``: another origin than the API's."""
    handler = functools.partial(_Quiet, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def portal_site(tmp_path: Path, api: str) -> Path:
    """A copy of the explorer whose page names ``api`` as its API."""
    site = tmp_path / "site"
    shutil.copytree(
        ROOT / "explorer", site / "explorer", ignore=shutil.ignore_patterns("screenshots")
    )
    index = site / "explorer" / "index.html"
    page = index.read_text(encoding="utf-8")
    meta = f'<meta name="zhepai-api" content="{api}/">'
    index.write_text(page.replace("<head>", f"<head>\n  {meta}", 1), encoding="utf-8")
    return site


@dataclass
class Seen:
    requests: list[Request] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)


@dataclass(frozen=True)
class Origins:
    api: str
    listed: str
    unlisted: str


@pytest.fixture
def origins(data_dir: Path, tmp_path: Path) -> Iterator[Origins]:
    _chromium()  # no browser, no reason to start servers
    listed_port, unlisted_port = free_port(), free_port()
    listed = f"http://127.0.0.1:{listed_port}"
    env = {**os.environ, "ZHEPAI_GRAPH_URL": "embedded", "ZHEPAI_CORS_ORIGINS": listed}
    args = ("--host", "127.0.0.1", "--data-dir", str(data_dir), "--log-level", "warning")
    with zhepai_serve(*args, cwd=ROOT, env=env) as api:
        site = portal_site(tmp_path, api)
        with portal(site, listed_port) as one, portal(site, unlisted_port) as other:
            yield Origins(api=api, listed=one, unlisted=other)


@pytest.fixture
async def page(origins: Origins) -> AsyncIterator[tuple[Page, Seen]]:
    seen = Seen()
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=str(_chromium()), args=CHROMIUM_ARGS, headless=True
        )
        try:
            tab = await browser.new_page(locale="zh-CN")
            tab.on("request", lambda request: seen.requests.append(request))
            tab.on("response", lambda response: seen.responses.append(response))
            yield tab, seen
        finally:
            await browser.close()


async def test_from_a_listed_origin_the_explorer_works(
    origins: Origins, page: tuple[Page, Seen]
) -> None:
    tab, seen = page
    # given the explorer on the portal's origin, calling the API on another
    await tab.goto(origins.listed + "/explorer/")
    await expect(tab.locator("body")).to_have_attribute("data-ready", "true")
    # when a worker searches, then the answers of the API reach the page
    await tab.locator("#career-occupation-input").press_sequentially("chegong", delay=30)
    suggestion = tab.locator(f"#career-occupation-list li[data-id='{CHEGONG}']")
    await expect(suggestion).to_contain_text("车工")
    # and the catalogue reads went to the API over GET, answered with a tag to revalidate
    reads = [r for r in seen.responses if r.url.startswith(origins.api + "/graphql?")]
    assert reads and all(r.request.method == "GET" for r in reads)
    headers = await reads[0].all_headers()
    assert headers["access-control-allow-origin"] == origins.listed
    assert headers["etag"] and headers["cache-control"].startswith("public")


async def test_from_an_unlisted_origin_the_browser_withholds_the_answers(
    origins: Origins, page: tuple[Page, Seen]
) -> None:
    tab, seen = page
    await tab.goto(origins.unlisted + "/explorer/")
    await expect(tab.locator("#app-status")).to_contain_text("无法加载基础数据")
    assert await tab.locator("body").get_attribute("data-ready") is None
    # the request was made: it is the browser, told nothing by the API, that refused it
    assert any(r.url.startswith(origins.api + "/graphql") for r in seen.requests)
