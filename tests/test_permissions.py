"""Every field of the schema, as every role, against tests/permission_table.py.

Two walks: one asks each field's permission classes (strawberry's PermissionExtension, as
the server runs it) about every role, for every field of every type; the other calls each
root field over HTTP with a token of each role and checks who is refused, and with which code.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from strawberry.permission import PermissionExtension
from strawberry.types.field import StrawberryField

from tests.conftest import GraphQLClient, app_settings
from tests.permission_table import MINIMUM_ROLE
from tests.schema_walk import document, object_fields, required_arguments, root_fields
from zhepai.graph.store import GraphStore
from zhepai.schema.root import schema
from zhepai.server import create_app
from zhepai.web.roles import Role

ALLOWED = object()
FIELDS = dict(object_fields(schema._schema))


def test_every_field_has_an_entry_and_every_entry_a_field() -> None:
    missing = sorted(FIELDS.keys() - MINIMUM_ROLE.keys())
    assert not missing, (
        f"fields without an entry in tests/permission_table.py: {missing}; add one line each "
        '("Type.field": ROLE) with the least role that may use the field'
    )
    stale = sorted(MINIMUM_ROLE.keys() - FIELDS.keys())
    assert not stale, f"entries for fields the schema no longer has: {stale}"


def _permissions(key: str) -> list[PermissionExtension]:
    definition = FIELDS[key].extensions.get("strawberry-definition")
    if not isinstance(definition, StrawberryField):
        return []
    return [e for e in definition.extensions if isinstance(e, PermissionExtension)]


async def _allowed(key: str, role: Role) -> bool:
    """Runs the field's permission extensions as strawberry does for a caller of ``role``."""
    info: Any = SimpleNamespace(context=SimpleNamespace(role=role, actor=f"walk-{role.label}"))

    async def resolved(source: Any, info: Any, **kwargs: Any) -> object:
        return ALLOWED

    result: object = ALLOWED
    for extension in _permissions(key):
        try:
            result = await extension.resolve_async(resolved, None, info)
        except Exception:  # a refusal is raised (FORBIDDEN, UNAUTHENTICATED)
            return False
        if result is not ALLOWED:  # fail_silently: null or [] instead of the value
            return False
    return True


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.label)
async def test_every_field_as_every_role(role: Role) -> None:
    wrong = []
    for key in sorted(FIELDS.keys() & MINIMUM_ROLE.keys()):
        expected = role >= MINIMUM_ROLE[key]
        if await _allowed(key, role) != expected:
            wrong.append(f"{key}: {'refused' if expected else 'allowed'}")
    assert not wrong, f"as {role.label}, against the table: {wrong}"


@pytest.fixture
async def http(scratch_store: GraphStore) -> AsyncIterator[httpx.AsyncClient]:
    """An app over an empty store: permissions are checked before any resolver runs, and
    whatever an allowed mutation might write is thrown away with the store."""
    app = create_app(app_settings(), store=scratch_store)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as c,
    ):
        yield c


REFUSALS = {"FORBIDDEN", "UNAUTHENTICATED"}


async def test_every_root_field_over_http_as_every_role(http: httpx.AsyncClient) -> None:
    wrong = []
    for root in root_fields(schema._schema):
        query, variables = document(root, required_arguments(root))
        for role in Role:
            body = await GraphQLClient(http).as_role(role).raw(query, **variables)
            codes = {e["extensions"]["code"] for e in body.get("errors", [])}
            refused = bool(codes & REFUSALS)
            if refused != (role < MINIMUM_ROLE[root.key]):
                wrong.append(f"{root.key} as {role.label}: {codes or 'allowed'}")
            elif refused:
                expected = "UNAUTHENTICATED" if role is Role.ANONYMOUS else "FORBIDDEN"
                if codes != {expected}:
                    wrong.append(f"{root.key} as {role.label}: {codes}, not {expected}")
    assert not wrong, wrong


async def test_the_walk_tells_allowed_from_refused() -> None:
    """The first walk's judge on a field that needs a role: it must see both answers."""
    assert MINIMUM_ROLE["Mutation.createBase"] is Role.PLANNER
    assert not await _allowed("Mutation.createBase", Role.RESEARCHER)
    assert await _allowed("Mutation.createBase", Role.PLANNER)
    assert await _allowed("Mutation.createBase", Role.ADMIN)
