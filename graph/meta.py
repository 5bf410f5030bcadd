"""The catalogue's version: a token the seed loader changes whenever it changes the graph.

Caches built from the catalogue (the career state graph) compare it, one cheap read per
request, so they are rebuilt after an edit made by any process and never served stale.
"""

from __future__ import annotations

from graph.cypher import Access, statement
from graph.store import GraphStore

READ_VERSION = statement(
    "catalogue_version",
    "MATCH (m:Meta {key: 'catalogue'}) RETURN m.version AS version",
)

# Every version token at once (catalogue, bases, …): one read tells a cache whether any of
# the data it was built from has changed.
READ_VERSIONS = statement(
    "meta_versions",
    "MATCH (m:Meta) RETURN m.key AS key, m.version AS version",
)

WRITE_VERSION = statement(
    "catalogue_version_bump",
    "MERGE (m:Meta {key: 'catalogue'}) SET m.version = $version RETURN m.version AS version",
    access=Access.WRITE,
    version="token",
)


async def catalogue_version(store: GraphStore) -> str | None:
    rows = await store.read(READ_VERSION)
    return str(rows[0]["version"]) if rows else None


async def versions(store: GraphStore) -> dict[str, str]:
    return {str(r["key"]): str(r["version"]) for r in await store.read(READ_VERSIONS)}


async def bump_catalogue_version(store: GraphStore) -> str:
    import uuid

    token = uuid.uuid4().hex
    await store.write(WRITE_VERSION, version=token)
    return token
