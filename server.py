"""The Starlette app: GraphQL (with GraphiQL) at /graphql, the explorer page at /explorer/
(/ redirects there), /healthz, /readyz, /metrics and the coverage CSV export.

On start it opens the store named by the settings and, when the store holds no catalogue yet,
loads the seeds, so that a first ``zhepai serve`` needs nothing else. A store that cannot be
reached at start does not stop the app: /readyz answers 503 and queries fail with
STORE_UNAVAILABLE until it can.

Every request passes, in order: its request id (``RequestId``), CORS for the origins
configured (``web/cors.py``), the body limit (``web/body.py``, 413), and authentication
(``web/auth.py``, 401 for a bad token); the principal it yields is on the GraphQL context as
``actor`` and ``role``. In the GraphQL view a persisted query's hash becomes its document
(``web/persisted.py``) and a GET read gets its ETag and Cache-Control (``web/caching.py``).
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import gc
import logging
import multiprocessing
import os
import re
import signal
import sys
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import orjson
from cross_web import HTTPException
from graphql import GraphQLError, parse
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET

from zhepai.config import Settings, get_settings
from zhepai.domain.careers.service import CareerService
from zhepai.domain.catalogue.service import OccupationSearch, catalogue_cache
from zhepai.domain.coverage.model import Filters, Terms
from zhepai.domain.coverage.service import CoverageService
from zhepai.domain.exports.coverage import gaps_csv, matrix_csv, reach_from, weights_from
from zhepai.domain.talent.export import trend_csv, trend_request
from zhepai.domain.talent.secrets import credential_secret, person_key_secret
from zhepai.domain.talent.service import TalentService
from zhepai.domain.talent.stats import UnknownCode
from zhepai.domain.talent.trend import BadYears, trend
from zhepai.graph.bases import KINDS, LEVELS
from zhepai.graph.errors import StoreError, StoreShapeError
from zhepai.graph.instrumented import InstrumentedStore
from zhepai.graph.meta import request_tokens
from zhepai.graph.open import open_store
from zhepai.graph.store import GraphStore
from zhepai.graph.workers import WorkerRepository
from zhepai.loaders.seed_loader import load_seeds, store_is_empty
from zhepai.schema.context import Context, Loaders, Repositories, WorkerKeys
from zhepai.schema.errors import (
    BAD_USER_INPUT,
    INTERNAL,
    NOT_FOUND,
    PARSE_FAILED,
    QUERY_TOO_COMPLEX,
    VALIDATION_FAILED,
)
from zhepai.schema.limits import Limits
from zhepai.schema.root import schema
from zhepai.schema.workers.access import personal_field, withheld_below
from zhepai.web.auth import Authenticate
from zhepai.web.body import BodyLimit
from zhepai.web.caching import NO_STORE, HttpCache, Validator, fresh
from zhepai.web.cors import cors_middleware
from zhepai.web.errors import error_response
from zhepai.web.observability import metrics, request_id_var, worker_process_started
from zhepai.web.persisted import PersistedQueries, PersistedQueryError
from zhepai.web.roles import ANONYMOUS, Principal
from zhepai.web.tokens import TokenKeys

log = logging.getLogger("zhepai.server")

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

# The explorer: static files that use only the public API (no build step).
EXPLORER_DIR = Path(__file__).resolve().parent / "explorer"


class RequestId:
    """Give each request an id (the caller's X-Request-ID if sane) and echo it back."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        token = request_id_var.set(request_id)  # for the log records of this request

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            request_id_var.reset(token)


class NotModified(Exception):
    """Answers 304 before anything runs: the client's copy (If-None-Match) is current."""

    def __init__(self, validator: Validator) -> None:
        self.validator = validator


GRAPHQL_RESPONSE = "application/graphql-response+json"
_WANTS_GRAPHQL_RESPONSE = "_zhepai_wants_graphql_response"


class GraphQLApp(GraphQL[Context, None]):
    def __init__(self, *args: Any, persisted: PersistedQueries, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.persisted = persisted

    def should_render_graphql_ide(self, request: Any) -> bool:
        # a persisted query over GET sends its hash and no query: an API call, not a visit
        if "extensions" in request.query_params:
            return False
        return bool(super().should_render_graphql_ide(request))

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        sub_response = await super().get_sub_response(request)
        # GraphQL over HTTP: a client that accepts the GraphQL response type gets it, with
        # 4xx for a request that failed before execution; application/json stays 200
        wanted = GRAPHQL_RESPONSE in request.headers.get("accept", "")
        setattr(sub_response, _WANTS_GRAPHQL_RESPONSE, wanted)
        return sub_response

    def create_response(
        self, response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse], sub_response: Response
    ) -> Response:
        response = super().create_response(response_data, sub_response)
        response.headers.append("vary", "accept")
        if getattr(sub_response, _WANTS_GRAPHQL_RESPONSE, False):
            response.headers["content-type"] = GRAPHQL_RESPONSE
            before_execution = isinstance(response_data, dict) and "data" not in response_data
            if before_execution and not sub_response.status_code:
                response.status_code = 400
        return response

    def encode_json(self, data: object) -> bytes:
        # orjson: a faster encoder than json for big results, and Chinese stays UTF-8
        # rather than \\u-escaped, so responses are smaller and readable with curl.
        return orjson.dumps(data)

    async def process_result(self, request: Any, result: ExecutionResult) -> GraphQLHTTPResponse:
        response = await super().process_result(request, result)
        # The last line: an error that passed ErrorCodes by (one raised by an extension
        # itself, say) is masked here, so no error leaves without a code or with internals.
        errors = response.get("errors") or []
        request.state.answered_with_errors = bool(errors)  # such answers are never cached
        if any(not _coded(e) for e in errors):
            request_id = getattr(request.state, "request_id", "-")
            response["errors"] = [e if _coded(e) else _masked(e, request_id) for e in errors]
        # GraphQL over HTTP: a request that failed before execution (parse, validation, the
        # document limits) has no "data" key at all; "data": null means execution ran
        if errors and response.get("data") is None and all(_before_execution(e) for e in errors):
            response.pop("data", None)
        return response

    def decode_json(self, data: str | bytes) -> object:
        # orjson also for requests: it refuses JSON nested deeper than 1024 with a decode
        # error (a 400), where json.loads hits the recursion limit (a 500).
        decoded = orjson.loads(data)
        # strawberry reads a body with .get(): anything but an object (null, a number, a
        # string, a list: we take no batches) is refused here, as a 400, not a 500
        if not isinstance(decoded, dict):
            raise HTTPException(400, "须为 JSON 对象：一个 GraphQL 请求，或它的变量")
        return decoded

    async def get_context(self, request: Any, response: Any) -> Context:
        store: GraphStore = request.app.state.store
        repos = Repositories.over(store)
        principal: Principal = getattr(request.state, "principal", ANONYMOUS)
        return Context(
            repos=repos,
            loaders=Loaders.over(repos, request.app.state.catalogue, request.app.state.coverage),
            careers=request.app.state.careers,
            occupation_search=request.app.state.occupation_search,
            coverage=request.app.state.coverage,
            talent=request.app.state.talent,
            workers=request.app.state.worker_keys,
            request_id=getattr(request.state, "request_id", uuid.uuid4().hex),
            actor=principal.subject,
            role=principal.role,
            limits=request.app.state.limits,
        )

    async def execute_operation(self, *args: Any, **kwargs: Any) -> Any:
        with request_tokens():  # one read of the version tokens for the whole operation
            return await self._execute(*args, **kwargs)

    async def _execute(
        self,
        request: Any,
        request_adapter: Any,
        request_data: Any,
        context: Any,
        root_value: Any,
        sub_response: Any,
    ) -> Any:
        if isinstance(request_data, GraphQLRequestData):
            # a persisted query's hash becomes its document first: every rule below and
            # every limit of the schema then applies to it as to any other
            query = self.persisted.resolve(request_data.query, request_data.extensions)
            request_data = dataclasses.replace(request_data, query=query)
        # Over GET the document sits in the URL, which access logs, proxies and browser
        # histories keep: one that reads worker data is refused there and sent to POST.
        if request_adapter.method == "GET" and isinstance(request_data, GraphQLRequestData):
            field = _personal_field(request_data.query, request.app.state.limits)
            if field is not None:
                raise HTTPException(
                    400, f"{field} 读取人员数据：请用 POST 发送请求，不要放在 URL 中"
                )
            if request_data.query:
                principal: Principal = getattr(request.state, "principal", ANONYMOUS)
                cache: HttpCache = request.app.state.http_cache
                validator = await cache.validator(
                    request_data.query,
                    request_data.operation_name,
                    request_data.variables,
                    principal.role,
                    request.app.state.limits.max_tokens,
                )
                request.state.validator = validator
                if validator is not None and fresh(
                    request.headers.get("if-none-match"), validator.etag
                ):
                    raise NotModified(validator)
        return await super().execute_operation(
            request, request_adapter, request_data, context, root_value, sub_response
        )

    async def run(self, request: Any, context: Any = UNSET, root_value: Any = UNSET) -> Any:
        # strawberry answers a request it cannot take (no query, bad JSON, a mutation over
        # GET, GraphiQL when it is off) with plain text; clients get the GraphQL shape.
        response: Response
        try:
            response = await super().run(request, context, root_value)
        except HTTPException as exc:
            code = NOT_FOUND if exc.status_code == 404 else BAD_USER_INPUT
            response = error_response(exc.status_code, code, exc.reason)
        except PersistedQueryError as exc:
            response = error_response(exc.status, exc.code, exc.message)
        except NotModified as exc:
            return Response(status_code=304, headers=exc.validator.headers())
        if request.method == "GET":
            validator: Validator | None = getattr(request.state, "validator", None)
            cacheable = response.status_code == 200 and not getattr(
                request.state, "answered_with_errors", True
            )
            if validator is not None and cacheable:
                response.headers.update(validator.headers())
            else:
                response.headers["cache-control"] = NO_STORE
        return response


def _personal_field(query: str | None, limits: Limits) -> str | None:
    """The field of ``query`` that reads worker data; None when none does, or when the query
    does not parse (strawberry then refuses it with the parser's error)."""
    if not query:
        return None
    try:
        document = parse(query, max_tokens=limits.max_tokens)
    except GraphQLError:
        return None
    return personal_field(schema._schema, document)


_REQUEST_ERRORS = frozenset({PARSE_FAILED, VALIDATION_FAILED, QUERY_TOO_COMPLEX})


def _before_execution(error: object) -> bool:
    return isinstance(error, dict) and (error.get("extensions") or {}).get("code") in (
        _REQUEST_ERRORS
    )


def _coded(error: object) -> bool:
    return isinstance(error, dict) and bool((error.get("extensions") or {}).get("code"))


def _masked(error: object, request_id: str) -> dict[str, object]:
    log.error("uncoded error [%s]: %r", request_id, error)
    return {
        "message": f"internal error (request {request_id})",
        "extensions": {"code": INTERNAL, "requestId": request_id},
    }


async def to_explorer(request: Request) -> Response:
    # relative, so the redirect also holds behind a proxy that mounts the app under a prefix
    return RedirectResponse("explorer/", status_code=307)


async def healthz(_: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> Response:
    store: GraphStore | None = getattr(request.app.state, "store", None)
    if store is None:
        return JSONResponse({"status": "unavailable", "store": "not opened"}, status_code=503)
    try:
        await store.ping()
    except StoreError as exc:
        log.warning("readiness: %s", exc)
        return JSONResponse({"status": "unavailable", "store": store.description}, status_code=503)
    return JSONResponse({"status": "ready", "store": store.description})


async def coverage_csv(request: Request) -> Response:
    """GET /export/coverage.csv?view=matrix|gaps&regionCode=&designation=&industryCode=
    &baseLevels=COUNTY,CITY&baseKinds=TRAINING_BASE&reach=DISTANCE|ADMINISTRATIVE
    &reachKm=county:30,city:60&demandWeights=workers:0&asOf=2025-06-30 — the coverage matrix or
    the ranked gaps as CSV, with the same scope, filters and terms as the GraphQL fields."""
    q = request.query_params
    view = q.get("view", "gaps")
    try:
        model = await request.app.state.coverage.model()
    except StoreError as exc:
        log.warning("coverage export [%s]: %s", request.state.request_id, exc)
        return JSONResponse(
            {"error": "the graph store is unavailable", "code": "STORE_UNAVAILABLE"},
            status_code=503,
        )
    region, designation = q.get("regionCode") or None, q.get("designation") or None
    industry = q.get("industryCode") or None
    known_regions = set(model.counties) | {c.city_code for c in model.counties.values()}
    known_regions.add("330000")
    designations = {d for c in model.counties.values() for d in c.designations}
    levels = [v for v in q.get("baseLevels", "").split(",") if v] or None
    kinds = [v for v in q.get("baseKinds", "").split(",") if v] or None
    problem = (
        "view must be matrix or gaps" if view not in ("matrix", "gaps")
        else f"unknown regionCode {region}" if region and region not in known_regions
        else f"unknown designation {designation}" if designation and designation not in designations
        else f"unknown baseLevels {levels}" if levels and not set(levels) <= set(LEVELS)
        else f"unknown baseKinds {kinds}" if kinds and not set(kinds) <= set(KINDS)
        else f"unknown industryCode {industry}" if industry and industry not in {
            s.industry_code for s in model.series.values()}
        else None
    )  # fmt: skip
    try:
        reach = reach_from(q.get("reach"), q.get("reachKm"))
        weights = weights_from(q.get("demandWeights"))
        as_of = date.fromisoformat(q["asOf"]).isoformat() if q.get("asOf") else None
    except ValueError as exc:
        problem = problem or str(exc)
    if problem:
        return JSONResponse({"error": problem, "code": "BAD_USER_INPUT"}, status_code=400)
    counties, series = model.scope(region, designation, industry)
    filters = Filters(
        levels=frozenset(levels) if levels else None, kinds=frozenset(kinds) if kinds else None
    )
    render = matrix_csv if view == "matrix" else gaps_csv
    return Response(
        render(model, counties, series, Terms(filters, reach, weights, as_of)),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="coverage-{view}.csv"'},
    )


async def talent_csv(request: Request) -> Response:
    """GET /export/talent.csv?regionCode=330000&fromYear=2014&toYear=2025&groupBy=CITY
    &industryCode=&seriesCode= — talentTrend as CSV (talent/export.py); small cells withheld
    below the researcher role, as in GraphQL."""
    try:
        asked = trend_request(request.query_params, datetime.now(UTC).year)
        model = await request.app.state.talent.model()
        principal: Principal = getattr(request.state, "principal", ANONYMOUS)
        threshold = withheld_below(
            principal.role, request.app.state.worker_keys.small_cell_threshold
        )
        points = trend(
            model, asked.region_code, asked.first, asked.last, asked.group_by,
            asked.industry_code, asked.series_code, threshold,
        )  # fmt: skip
    except (BadYears, UnknownCode) as exc:
        return JSONResponse(
            {"error": str(exc), "code": BAD_USER_INPUT, "argument": exc.argument}, status_code=400
        )
    except StoreError as exc:
        log.warning("talent export [%s]: %s", request.state.request_id, exc)
        return JSONResponse(
            {"error": "图数据库不可用", "code": "STORE_UNAVAILABLE"}, status_code=503
        )
    return Response(
        trend_csv(points),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="talent-trend.csv"'},
    )


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> Starlette:
    """The app; pass ``store`` to serve an already open store (it is then not closed here)."""
    settings = settings or get_settings()
    keys = TokenKeys.from_settings(settings)  # a key that cannot be read stops the start

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        owned = store is None
        app.state.limits = Limits.from_settings(settings)
        app.state.store = InstrumentedStore(
            store if store is not None else await open_store(settings, require_up=False)
        )
        app.state.careers = CareerService(app.state.store)
        app.state.catalogue = catalogue_cache(app.state.store)
        app.state.occupation_search = OccupationSearch(app.state.store)
        app.state.coverage = CoverageService(app.state.store)
        app.state.talent = TalentService(app.state.store)
        app.state.http_cache = HttpCache(app.state.store, settings.cache_max_age_s)
        app.state.worker_keys = WorkerKeys(
            person_secret=person_key_secret(settings),
            credential_secret=credential_secret(settings),
            credential_ttl_s=settings.credential_ttl_s,
            small_cell_threshold=settings.small_cell_threshold,
        )
        if settings.load_seeds_if_empty:
            try:
                if await store_is_empty(app.state.store):
                    log.info("empty store: loading the seeds")
                    report = await load_seeds(app.state.store)
                    log.info("seeds loaded: %d nodes created", report.total("created"))
            except StoreError as exc:
                log.error("could not check or load the seeds at start: %s", exc)
        try:
            # workers of an older shape would fail every read of them: `zhepai upgrade` first
            await WorkerRepository(app.state.store).version()
        except StoreShapeError:
            raise
        except StoreError as exc:
            log.error("could not check the workers' shape at start: %s", exc)
        try:
            yield
        finally:
            if owned:
                await app.state.store.close()

    graphql = GraphQLApp(
        schema,
        # GraphiQL follows introspection: without it, the page could not read the schema
        graphql_ide="graphiql" if settings.graphiql and settings.introspection else None,
        # a trusted documents file that cannot be read stops the start, like a key
        persisted=PersistedQueries.from_settings(settings),
    )
    return Starlette(
        routes=[
            Route("/graphql", graphql),  # every method: strawberry answers 405 in our shape
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/export/coverage.csv", coverage_csv),
            Route("/export/talent.csv", talent_csv),
            Route("/metrics", metrics),
            Route("/", to_explorer),
            Mount("/explorer", StaticFiles(directory=EXPLORER_DIR, html=True), name="explorer"),
        ],
        middleware=[
            Middleware(RequestId),
            # before authentication: a browser can read a 401 only if it carries CORS headers
            *cors_middleware(settings),
            Middleware(BodyLimit, max_bytes=settings.max_body_bytes),
            Middleware(Authenticate, keys=keys),
        ],
        lifespan=lifespan,
    )


def app_factory() -> Starlette:
    """The app of one worker process of ``zhepai serve --workers N``: uvicorn imports it by
    name in each process it spawns, so the settings come from the environment, where the
    command put what its options changed (cli.py)."""
    _stop_with_supervisor()
    worker_process_started()
    app = create_app(get_settings())
    settle_heap()
    return app


def settle_heap() -> None:
    """Put what a serving process holds from its start (the modules, the schema, pypinyin's
    phrase tables) out of the garbage collector's sight: a full collection walks every
    object it tracks, and walking these stopped every request in flight; that pause was the
    p99 under load (bench/RESULTS.md, "Every query within 3×, the delayed ACKs, the
    collector's pauses"). Garbage is collected first, so that none is frozen; what the
    process builds later (the kept models) is collected as before."""
    gc.collect()
    gc.freeze()


def _stop_with_supervisor() -> None:
    """Have Linux send this worker SIGTERM when the supervisor that spawned it dies: one
    killed with ``kill -9`` would otherwise leave its workers serving and holding the store."""
    parent = multiprocessing.parent_process()
    if parent is None or sys.platform != "linux":
        return
    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
    if os.getppid() != parent.pid:  # it died before the request was made
        os.kill(os.getpid(), signal.SIGTERM)
