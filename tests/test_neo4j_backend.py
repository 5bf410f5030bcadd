"""The Neo4j backend where no Neo4j server runs: its error table, its URL, the parameters it
sends, its refusals, failing fast, the bookmarks it shares, and the lock every read-check-write
statement takes.

The error table is tested by **fault injection at the driver boundary**, not a mocked
database: the driver's own exception classes, built as the driver builds them from a
server's status code, are raised where the driver's session would raise them, and go through
the backend's real error path. The unreachable server is real (nothing listens on port 1).
The live suite (``-m neo4j``, tests/test_neo4j_live.py) runs the rest against a server.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import neo4j
import neo4j.exceptions as nx
import pytest
from neo4j._async.io._bolt import AsyncBolt

from tests.conftest import GraphQLClient
from zhepai.config import Settings, split_credentials
from zhepai.graph import statements as all_statements
from zhepai.graph.backends import neo4j as backend
from zhepai.graph.backends.neo4j import Neo4jStore
from zhepai.graph.cypher import Access, Cypher, Dialect
from zhepai.graph.errors import StoreError, StoreInputError, refuse_unstorable
from zhepai.graph.maintenance import COUNT_NODES
from zhepai.graph.meta import WRITE_VERSION
from zhepai.schema.pagination import MAX_OFFSET, encode_cursor

UNREACHABLE = "bolt://127.0.0.1:1"


@pytest.fixture
async def store() -> AsyncIterator[Neo4jStore]:
    """A Neo4j store whose server cannot be reached (nothing listens on port 1)."""
    store = Neo4jStore.connect(Settings(graph_url=UNREACHABLE, store_timeout_s=1.0))
    yield store
    await store.close()


# --- URLs -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("bolt://neo4j:p%40ss@db:7687", ("bolt://db:7687", "neo4j", "p@ss")),
        ("neo4j+s://a%3Ab:c%2Fd%25@h", ("neo4j+s://h", "a:b", "c/d%")),
        ("bolt://u:p@[::1]:7687", ("bolt://[::1]:7687", "u", "p")),
        ("bolt://[fe80::1%25eth0]:7687", ("bolt://[fe80::1%25eth0]:7687", None, None)),
        ("neo4j://only-user@h", ("neo4j://h", "only-user", None)),
        ("bolt://db:7687", ("bolt://db:7687", None, None)),
    ],
)
def test_credentials_are_percent_decoded_and_the_host_kept(
    url: str, expected: tuple[str, str | None, str | None]
) -> None:
    assert split_credentials(url) == expected


def test_credentials_in_the_url_win_over_the_settings() -> None:
    settings = Settings(graph_url="bolt://admin:p%40ss@[::1]:7687", neo4j_password="other")  # noqa: S106
    assert settings.neo4j_target() == ("bolt://[::1]:7687", "admin", "p@ss")
    plain = Settings(graph_url="bolt://[::1]:7687", neo4j_user="u", neo4j_password="x")  # noqa: S106
    assert plain.neo4j_target() == ("bolt://[::1]:7687", "u", "x")


async def test_the_store_names_its_ipv6_host_and_no_password() -> None:
    store = Neo4jStore.connect(Settings(graph_url="bolt://u:p%40ss@[::1]:7687"))
    try:
        assert "bolt://[::1]:7687" in store.description
        assert "p@ss" not in store.description and "p%40ss" not in store.description
    finally:
        await store.close()


# --- the error table --------------------------------------------------------------------------

# A server status code for every Neo4jError class: the driver picks the class from the code.
SERVER_CODES: dict[type[nx.Neo4jError], str] = {
    nx.Neo4jError: "Neo.UnknownClassification.General.Unknown",
    nx.ClientError: "Neo.ClientError.Statement.ParameterMissing",
    nx.CypherSyntaxError: "Neo.ClientError.Statement.SyntaxError",
    nx.CypherTypeError: "Neo.ClientError.Statement.TypeError",
    nx.ConstraintError: "Neo.ClientError.Schema.ConstraintValidationFailed",
    nx.AuthError: "Neo.ClientError.Security.Unauthorized",
    nx.TokenExpired: "Neo.ClientError.Security.TokenExpired",
    nx.Forbidden: "Neo.ClientError.Security.Forbidden",
    nx.DatabaseError: "Neo.DatabaseError.General.UnknownError",
    nx.TransientError: "Neo.TransientError.Transaction.DeadlockDetected",
    nx.DatabaseUnavailable: "Neo.TransientError.General.DatabaseUnavailable",
    nx.NotALeader: "Neo.ClientError.Cluster.NotALeader",
    nx.ForbiddenOnReadOnlyDatabase: "Neo.ClientError.General.ForbiddenOnReadOnlyDatabase",
}

# Every exception class the driver defines, and the code the API reports it with: a driver
# upgrade that adds one fails test_the_table_decides_every_driver_exception until it is placed.
BY_CLASS: dict[type[Exception], str] = {
    nx.GqlError: "INTERNAL",
    nx.Neo4jError: "INTERNAL",
    nx.ClientError: "INTERNAL",
    nx.CypherSyntaxError: "INTERNAL",
    nx.CypherTypeError: "INTERNAL",
    nx.ConstraintError: "INTERNAL",
    nx.AuthError: "STORE_UNAVAILABLE",
    nx.TokenExpired: "STORE_UNAVAILABLE",
    nx.Forbidden: "STORE_UNAVAILABLE",
    nx.DatabaseError: "INTERNAL",
    nx.TransientError: "STORE_UNAVAILABLE",
    nx.DatabaseUnavailable: "STORE_UNAVAILABLE",
    nx.NotALeader: "STORE_UNAVAILABLE",
    nx.ForbiddenOnReadOnlyDatabase: "STORE_UNAVAILABLE",
    nx.DriverError: "INTERNAL",
    nx.SessionError: "INTERNAL",
    nx.TransactionError: "INTERNAL",
    nx.TransactionNestingError: "INTERNAL",
    nx.ResultError: "INTERNAL",
    nx.ResultFailedError: "INTERNAL",
    nx.ResultConsumedError: "INTERNAL",
    nx.ResultNotSingleError: "INTERNAL",
    nx.BrokenRecordError: "INTERNAL",
    nx.SessionExpired: "STORE_UNAVAILABLE",
    nx.ServiceUnavailable: "STORE_UNAVAILABLE",
    nx.RoutingServiceUnavailable: "STORE_UNAVAILABLE",
    nx.WriteServiceUnavailable: "STORE_UNAVAILABLE",
    nx.ReadServiceUnavailable: "STORE_UNAVAILABLE",
    nx.IncompleteCommit: "STORE_UNAVAILABLE",
    nx.ConfigurationError: "STORE_UNAVAILABLE",
    nx.AuthConfigurationError: "STORE_UNAVAILABLE",
    nx.CertificateConfigurationError: "STORE_UNAVAILABLE",
    nx.UnsupportedServerProduct: "STORE_UNAVAILABLE",
    nx.ConnectionPoolError: "INTERNAL",
    nx.ConnectionAcquisitionTimeoutError: "STORE_TIMEOUT",
}

# Status codes the class alone does not decide.
BY_SERVER_CODE: dict[str, str] = {
    "Neo.ClientError.Transaction.TransactionTimedOut": "STORE_TIMEOUT",
    "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration": "STORE_TIMEOUT",
    # a lock wait cut short by the transaction timeout (Neo4j 4 classified these transient)
    "Neo.ClientError.Transaction.LockClientStopped": "STORE_TIMEOUT",
    "Neo.TransientError.Transaction.LockClientStopped": "STORE_TIMEOUT",
    "Neo.ClientError.Transaction.Terminated": "STORE_TIMEOUT",
    "Neo.TransientError.Transaction.Terminated": "STORE_TIMEOUT",
    "Neo.TransientError.Transaction.LockAcquisitionTimeout": "STORE_TIMEOUT",
    "Neo.TransientError.Transaction.DeadlockDetected": "STORE_UNAVAILABLE",
    "Neo.ClientError.Database.DatabaseNotFound": "STORE_UNAVAILABLE",
    "Neo.ClientError.Statement.SyntaxError": "INTERNAL",
}

# What the packer raises for values it cannot encode, and the OS for a refused connection.
OTHERS: list[tuple[Exception, str]] = [
    (UnicodeEncodeError("utf-8", "\udc80", 0, 1, "surrogates not allowed"), "BAD_USER_INPUT"),
    (OverflowError("Python int too large to convert to C long"), "BAD_USER_INPUT"),
    (ConnectionRefusedError(111, "Connection refused"), "STORE_UNAVAILABLE"),
]


def from_server(code: str) -> nx.Neo4jError:
    """The exception the driver raises for a server failure with status ``code``."""
    return nx.Neo4jError._hydrate_neo4j(code=code, message="injected at the driver boundary")


def raised(cls: type[Exception]) -> Exception:
    """An instance of the driver's ``cls`` as the driver makes one."""
    if issubclass(cls, nx.Neo4jError):
        exc = from_server(SERVER_CODES[cls])
        assert type(exc) is cls  # the driver picked this very class for the code
        return exc
    if issubclass(cls, nx.SessionError | nx.TransactionError | nx.ResultError):
        return cls(None, "injected at the driver boundary")  # the session, transaction, …
    return cls("injected at the driver boundary")


def driver_exceptions() -> set[type[Exception]]:
    return {
        cls
        for cls in vars(nx).values()
        if isinstance(cls, type) and issubclass(cls, Exception) and cls.__module__ == nx.__name__
    }


def test_the_table_decides_every_driver_exception() -> None:
    assert driver_exceptions() == set(BY_CLASS)


INJECTED: list[tuple[Exception, str]] = (
    [(raised(cls), code) for cls, code in BY_CLASS.items()]
    + [(from_server(server_code), code) for server_code, code in BY_SERVER_CODE.items()]
    + OTHERS
)


def _id(value: object) -> str:
    if isinstance(value, nx.Neo4jError):
        return value.code
    return type(value).__name__ if isinstance(value, Exception) else str(value)


CALLS: list[Callable[[Neo4jStore], Awaitable[object]]] = [
    lambda store: store.read(COUNT_NODES),
    lambda store: store.write_all([(WRITE_VERSION, {"version": "v"})]),
    lambda store: store.ping(),
    lambda store: store.drop_all(),  # batched: sent outside a managed transaction
]


@pytest.mark.parametrize(("exc", "code"), INJECTED, ids=_id)
@pytest.mark.parametrize("call", CALLS, ids=["read", "write_all", "ping", "drop_all"])
async def test_every_driver_failure_reaches_the_api_with_its_code(
    store: Neo4jStore,
    monkeypatch: pytest.MonkeyPatch,
    call: Callable[[Neo4jStore], Awaitable[object]],
    exc: Exception,
    code: str,
) -> None:
    """Raised where the driver's session raises it, through a read, a write of several
    statements and the readiness probe alike."""

    async def failing(*_: Any, **__: Any) -> Any:
        raise exc

    monkeypatch.setattr(neo4j.AsyncSession, "execute_read", failing)
    monkeypatch.setattr(neo4j.AsyncSession, "execute_write", failing)
    monkeypatch.setattr(neo4j.AsyncDriver, "verify_connectivity", failing)
    monkeypatch.setattr(neo4j.AsyncSession, "run", failing)
    with pytest.raises(StoreError) as caught:
        await call(store)
    assert caught.value.code == code
    assert caught.value.__cause__ is exc
    if code == "BAD_USER_INPUT":  # shown to the caller: no driver internals
        assert "injected" not in str(caught.value) and "C long" not in str(caught.value)


# --- what is sent -----------------------------------------------------------------------------

NEO4J_STATEMENTS = [s for s in all_statements.ALL if s.dialect is not Dialect.FALKORDB]
BOLT_5_AND_LATER = [
    handler for version, handler in AsyncBolt.protocol_handlers.items() if version.major >= 5
]


@pytest.mark.parametrize("stmt", NEO4J_STATEMENTS, ids=lambda s: s.name)
def test_every_statement_and_its_parameters_encode_as_the_driver_sends_them(stmt: Cypher) -> None:
    """The RUN message's query and parameters, packed by the packer and dehydration hooks of
    every Bolt version the driver speaks to Neo4j 5 and later; the parameters pass the
    backend's own check too."""
    refuse_unstorable(stmt.params)
    for handler in BOLT_5_AND_LATER:
        hooks = handler.HYDRATION_HANDLER_CLS().new_hydration_scope().dehydration_hooks
        packed = io.BytesIO()
        packer = handler.PACKER_CLS(packed)  # type: ignore[no-untyped-call]
        packer.pack([stmt.neo4j_text, dict(stmt.params)], hooks)  # type: ignore[no-untyped-call]
        assert packed.getvalue()


@pytest.mark.parametrize(
    ("value", "raised_by_packer"),
    [("a\udc80b", UnicodeEncodeError), (2**63, OverflowError), (-(2**63) - 1, OverflowError)],
)
def test_the_packers_refuse_what_the_table_maps_to_bad_input(
    value: object, raised_by_packer: type[Exception]
) -> None:
    for handler in BOLT_5_AND_LATER:
        hooks = handler.HYDRATION_HANDLER_CLS().new_hydration_scope().dehydration_hooks
        packer = handler.PACKER_CLS(io.BytesIO())  # type: ignore[no-untyped-call]
        with pytest.raises(raised_by_packer):
            packer.pack({"v": [value]}, hooks)  # type: ignore[no-untyped-call]
    assert dict(backend.FAILURES)[raised_by_packer] is StoreInputError


@pytest.mark.parametrize(
    "params",
    [{"v": "a\x00b"}, {"v": [{"k": "a\udc80"}]}, {"v": {"deep": ["ok", "\ud800"]}}],
    ids=["nul", "surrogate in a list", "surrogate in a map"],
)
async def test_text_no_store_takes_is_refused_before_it_is_sent(
    store: Neo4jStore, monkeypatch: pytest.MonkeyPatch, params: dict[str, Any]
) -> None:
    async def never(*_: Any, **__: Any) -> Any:
        raise AssertionError("sent to the driver")

    monkeypatch.setattr(neo4j.AsyncSession, "execute_write", never)
    echo = Cypher(name="echo", text="RETURN $v AS v", access=Access.WRITE, params={"v": None})
    with pytest.raises(StoreInputError):
        await store.write(echo, **params)
    refuse_unstorable({"v": ["text with \\u0000 spelled out", 2**70, None, 1.5]})


# --- failing fast, sharing bookmarks ----------------------------------------------------------


async def test_once_found_unreachable_calls_fail_without_waiting_on_the_driver(
    store: Neo4jStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backend, "RECHECK_INTERVAL_S", 3600.0)  # no recheck until said so
    with pytest.raises(StoreError) as caught:
        await store.ping()  # a real connection attempt, refused
    assert caught.value.code == "STORE_UNAVAILABLE"

    entered: list[str] = []

    async def counted(*_: Any, **__: Any) -> Any:
        entered.append("transaction")
        raise AssertionError("the driver was asked to retry an unreachable server")

    monkeypatch.setattr(neo4j.AsyncSession, "execute_read", counted)
    monkeypatch.setattr(neo4j.AsyncSession, "execute_write", counted)
    for call in (store.read(COUNT_NODES), store.write(WRITE_VERSION, version="v")):
        with pytest.raises(StoreError, match="not sent") as refused:
            await call
        assert refused.value.code == "STORE_UNAVAILABLE"
    # after the recheck interval a call tries the server again (once), still in vain
    monkeypatch.setattr(backend, "RECHECK_INTERVAL_S", 0.0)
    with pytest.raises(StoreError) as again:
        await store.read(COUNT_NODES)
    assert again.value.code == "STORE_UNAVAILABLE" and "not sent" not in str(again.value)
    assert entered == []


async def test_every_session_shares_one_bookmark_manager(
    store: Neo4jStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    managers: list[object] = []
    real_session = neo4j.AsyncDriver.session

    def recording(self: neo4j.AsyncDriver, **config: Any) -> neo4j.AsyncSession:
        managers.append(config.get("bookmark_manager"))
        return real_session(self, **config)

    async def answered(*_: Any, **__: Any) -> list[dict[str, Any]]:
        return [{"n": 0}]

    monkeypatch.setattr(neo4j.AsyncDriver, "session", recording)
    monkeypatch.setattr(neo4j.AsyncSession, "execute_read", answered)
    monkeypatch.setattr(neo4j.AsyncSession, "execute_write", answered)
    await store.write(WRITE_VERSION, version="v")
    await store.read(COUNT_NODES)
    await store.write_all([(WRITE_VERSION, {"version": "w"})])
    assert len(managers) == 3 and managers[0] is not None
    assert all(m is managers[0] for m in managers)
    assert type(managers[0]).__name__ == "AsyncNeo4jBookmarkManager"  # the driver's own


# --- refusals end to end (both backends: the Neo4j run is live) -------------------------------

OCCUPATIONS = "query($after: String) { occupations(first: 2, after: $after) { totalCount } }"


def codes(body: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors", [])]


@pytest.mark.parametrize(
    "offset", [MAX_OFFSET + 1, 2**63 - 1, 2**63, 10**400], ids=["2^31", "2^63-1", "2^63", "huge"]
)
async def test_a_cursor_no_page_can_reach_is_bad_input(gql: GraphQLClient, offset: int) -> None:
    import base64

    cursor = base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode()
    assert codes(await gql.raw(OCCUPATIONS, after=cursor)) == ["BAD_USER_INPUT"]
    assert codes(await gql.raw(OCCUPATIONS, after=encode_cursor(MAX_OFFSET))) == []


async def test_a_cursor_with_other_digits_is_bad_input(gql: GraphQLClient) -> None:
    import base64

    for digits in ("²", "١٢", "+1", " 1"):
        cursor = base64.urlsafe_b64encode(f"offset:{digits}".encode()).decode()
        assert codes(await gql.raw(OCCUPATIONS, after=cursor)) == ["BAD_USER_INPUT"], digits


@pytest.mark.parametrize("text", ["OCC\x000461", "OCC\udc800461", "\ud800"])
async def test_text_the_store_cannot_take_is_bad_input_on_either_store(
    gql: GraphQLClient, text: str
) -> None:
    query = "query($id: ID!) { occupation(id: $id) { id } }"
    document = {"query": query, "variables": {"id": text}}
    # JSON escapes a lone surrogate as \\udc80, as any client may send it
    response = await gql.http.post(
        "/graphql", content=json.dumps(document), headers={"content-type": "application/json"}
    )
    assert codes(response.json()) == ["BAD_USER_INPUT"]


# --- the write lock of every read-check-write -------------------------------------------------

_CLAUSE = re.compile(
    r"\b(ON CREATE SET|ON MATCH SET|OPTIONAL MATCH|DETACH DELETE|ORDER BY|WHERE|SET|REMOVE"
    r"|WITH|MATCH|MERGE|CREATE|DELETE|RETURN|UNWIND|CALL|FOREACH|LIMIT|SKIP)\b"
)
_READ = re.compile(r"\b([a-z]\w*)\.(\w+)\b")
_WRITTEN = re.compile(r"\b([a-z]\w*)\.(\w+)\s*=(?!=)")


def read_check_writes(text: str) -> dict[str, int]:
    """The variables ``text`` checks a property of in a WHERE and then SETs that property
    of (its guard could pass in two transactions at once), each with where the check is."""
    clauses = [(m.group(1), m.end(), m.start()) for m in _CLAUSE.finditer(text)]
    checked: dict[tuple[str, str], int] = {}
    found: dict[str, int] = {}
    for i, (keyword, start, at) in enumerate(clauses):
        body = text[start : clauses[i + 1][2] if i + 1 < len(clauses) else len(text)]
        if keyword == "WHERE":
            for m in _READ.finditer(body):
                checked.setdefault((m.group(1), m.group(2)), at)
        elif keyword == "SET":
            for m in _WRITTEN.finditer(body):
                key = (m.group(1), m.group(2))
                if key in checked:
                    found.setdefault(key[0], checked[key])
    return found


def unlocked(text: str) -> list[str]:
    """The read-check-write variables of ``text`` not write-locked before their check."""
    missing = []
    for variable, check in read_check_writes(text).items():
        lock = text.find(f"SET {variable}._lock = true")
        if not 0 <= lock < check or f"REMOVE {variable}._lock" not in text[lock:check]:
            missing.append(variable)
    return missing


def test_the_lock_check_tells_a_locked_guard_from_an_unlocked_one() -> None:
    bare = "MATCH (m:Meta {key: 'x'}) WHERE m.version = $e SET m.version = $v RETURN m"
    locked = (
        "MATCH (m:Meta {key: 'x'}) SET m._lock = true REMOVE m._lock WITH m "
        "WHERE m.version = $e SET m.version = $v RETURN m"
    )
    late = "MATCH (m:Meta) WHERE m.version = $e SET m._lock = true SET m.version = $v"
    once = "MERGE (b:Base {id: $id}) ON CREATE SET b.a = $a WITH b WHERE b.a = $a SET b.n = 1"
    assert unlocked(bare) == ["m"] and unlocked(late) == ["m"]
    assert unlocked(locked) == [] and read_check_writes(once) == {}


def test_every_read_check_write_takes_the_write_lock_first() -> None:
    """Neo4j reads without locks: a guard that reads a property and then writes it lets two
    transactions both pass unless the node's write lock is taken before the read."""
    guarded = {s.name for s in all_statements.ALL if read_check_writes(s.text)}
    assert {"workers_apply", "talent_replace", "bases_set_status"} <= guarded
    assert {s.name: unlocked(s.text) for s in all_statements.ALL if unlocked(s.text)} == {}
