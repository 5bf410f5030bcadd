"""No N+1: a whole selection costs a bounded number of store queries, whatever its size."""

from __future__ import annotations

import httpx

from tests.conftest import CountingStore
from zhepai.config import Settings
from zhepai.server import create_app

EVERYTHING = """
{ industries { code series { code industry { code }
    occupations { id series { code industry { code } } }
    specialties { id series { code }
                  originRegions { code parent { code children { code } } } } } } }
"""


async def test_the_whole_catalogue_in_a_handful_of_queries(counting_store: CountingStore) -> None:
    # The whole catalogue in one document is over the default cost limit (docs/security.md);
    # what this test checks is how the store is asked, so the limit is lifted.
    settings = Settings(load_seeds_if_empty=False, max_cost=10**9)
    app = create_app(settings, store=counting_store)  # type: ignore[arg-type]
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http,
    ):
        body = (await http.post("/graphql", json={"query": EVERYTHING})).json()
    assert "errors" not in body
    series = [s for i in body["data"]["industries"] for s in i["series"]]
    assert len(series) == 36
    assert sum(len(s["occupations"]) for s in series) == 901
    # 2,000+ objects over six levels: one query per level and kind of field, not per object
    assert len(counting_store.calls) <= 12, counting_store.calls
    # and the same statement at most once per nesting level it serves
    assert max(counting_store.calls.count(name) for name in counting_store.calls) <= 3
