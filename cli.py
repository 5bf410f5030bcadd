"""The ``zhepai`` command: serve the API, load the seeds, import and generate data, export,
issue tokens."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import tempfile
from collections.abc import Awaitable, Callable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Protocol

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from zhepai.config import Settings, get_settings

if TYPE_CHECKING:
    import uvicorn

    from zhepai.graph.store import GraphStore

app = typer.Typer(
    help="浙派工匠 knowledge graph: GraphQL API and data tools.", no_args_is_help=True
)
console = Console()

DataDir = Annotated[
    Path | None,
    typer.Option(
        "--data-dir", help="Embedded store directory (default: ZHEPAI_DATA_DIR or ./data)."
    ),
]


# Imports and rebuilds send big batches to a store that may pause for seconds (a large
# FalkorDB graph forking to rewrite its log): they wait longer than a request would.
BATCH_TIMEOUT_S = 300.0


def _settings(data_dir: Path | None, batch: bool = False) -> Settings:
    settings = get_settings()
    if data_dir is not None:
        settings = settings.model_copy(update={"data_dir": data_dir})
    if batch and settings.store_timeout_s < BATCH_TIMEOUT_S:
        settings = settings.model_copy(update={"store_timeout_s": BATCH_TIMEOUT_S})
    return settings


def _run_on_store[T](settings: Settings, work: Callable[[GraphStore], Awaitable[T]]) -> T:
    """Open the store the settings name, run ``work`` on it, close it."""
    from zhepai.graph.open import open_store

    async def run() -> T:
        store = await open_store(settings)
        try:
            return await work(store)
        finally:
            await store.close()

    return asyncio.run(run())


class _ImportReport(Protocol):
    read: int
    created: int
    updated: int
    unchanged: int
    rejected: int
    synthetic: int
    rejects_path: Path | None
    stale_rejects_removed: Path | None


@contextlib.contextmanager
def _file_progress(description: str) -> Iterator[Callable[[int, int, int], None]]:
    """A progress bar over a file's bytes; yields the callback the imports take."""
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task(description, total=None)

        def progress(rows: int, done: int, total: int) -> None:
            bar.update(task, description=f"{rows} rows", completed=done, total=total)

        yield progress


def _print_import(title: str, report: _ImportReport, synthetic: str) -> None:
    table = Table(title=title)
    for column in ("read", "created", "updated", "unchanged", "rejected"):
        table.add_column(column, justify="right")
    counts = (report.read, report.created, report.updated, report.unchanged, report.rejected)
    table.add_row(*(str(n) for n in counts))
    console.print(table)
    if report.synthetic:
        console.print(f"{report.synthetic} synthetic rows ({synthetic})", highlight=False)
    if report.rejects_path is not None:
        console.print(f"{report.rejected} rejected rows written to {report.rejects_path}")
    else:
        console.print("no rejects")
    if report.stale_rejects_removed is not None:
        console.print(f"removed the earlier run's rejects file {report.stale_rejects_removed}")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    data_dir: DataDir = None,
    log_level: Annotated[str, typer.Option(help="debug, info, warning, error.")] = "info",
    log_format: Annotated[str, typer.Option(help="json (one object a line) or text.")] = "json",
    demo: Annotated[
        bool,
        typer.Option(
            "--demo",
            help="Serve a demo store of its own (DATA_DIR/demo): the seeds plus SYNTHETIC "
            "bases and workers.",
        ),
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            help="Server processes sharing the port and the store (default: the CPU cores).",
        ),
    ] = None,
) -> None:
    """Run the API (GraphiQL at /graphql); an empty store gets the seeds first."""
    import uvicorn

    from zhepai.web.observability import MULTIPROC_DIR, logging_config
    from zhepai.web.tokens import KeyConfigError, with_local_secret

    try:
        # before --demo moves the data directory: `zhepai token create` reads the same
        settings = with_local_secret(_settings(data_dir))
    except KeyConfigError as exc:
        console.print(f"[red]cannot start:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    if demo:
        settings = _demo_store(settings)
    processes = workers or _cores()
    console.print(
        f"zhepai on http://{host}:{port}/graphql, store: {settings.graph_url}"
        + (f" in {settings.data_dir}" if settings.graph_url == "embedded" else "")
        + (f", {processes} processes" if processes > 1 else "")
    )
    # log_config: uvicorn applies it here and in each worker process it starts
    log_config = logging_config(log_level, json_lines=log_format != "text")
    level = log_level.lower()
    if processes == 1:
        from zhepai.server import create_app, settle_heap

        app = create_app(settings)
        settle_heap()
        uvicorn.run(app, host=host, port=port, log_level=level, log_config=log_config)
        return
    # Each worker builds its app from the environment: the options go there. The metrics
    # directory is set last, so that nothing this process measured lands in it.
    _export(settings)
    metrics_dir = _metrics_dir()
    os.environ[MULTIPROC_DIR] = metrics_dir
    try:
        _serve_processes(
            uvicorn.Config(
                "zhepai.server:app_factory", factory=True, workers=processes,
                host=host, port=port, log_level=level, log_config=log_config,
            )
        )  # fmt: skip
    finally:
        shutil.rmtree(metrics_dir, ignore_errors=True)


def _serve_processes(config: uvicorn.Config) -> None:
    """``uvicorn.run`` with ``workers`` > 1, each process on a socket of its own
    (web/processes.py)."""
    from zhepai.web.processes import Supervisor

    with contextlib.suppress(KeyboardInterrupt):
        Supervisor(config).run()


def _metrics_dir() -> str:
    """A fresh directory for the worker processes' metrics, named after this process; those
    of commands killed before they could remove theirs go first."""
    for stale in Path(tempfile.gettempdir()).glob("zhepai-metrics-*-*"):
        pid = stale.name.split("-")[2]
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(stale, ignore_errors=True)
        except (ValueError, PermissionError):
            pass  # not one of ours, or another user's command, alive
    return tempfile.mkdtemp(prefix=f"zhepai-metrics-{os.getpid()}-")


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may run on
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _export(settings: Settings) -> None:
    """Set ``ZHEPAI_*`` for each setting ``settings`` holds that the environment does not
    give (a command option, the demo store, the generated token secret)."""
    from pydantic import SecretStr

    given = get_settings()
    for name in Settings.model_fields:
        value = getattr(settings, name)
        if value is None or value == getattr(given, name):
            continue
        if isinstance(value, SecretStr):
            text = value.get_secret_value()
        elif isinstance(value, bool):
            text = str(value).lower()
        elif isinstance(value, list):
            text = ",".join(value)  # as config.py reads lists (cors_origins)
        else:
            text = str(value)
        os.environ[f"ZHEPAI_{name.upper()}"] = text


def _demo_store(settings: Settings) -> Settings:
    """Fill the demo store beside the one ``settings`` name, and return its settings."""
    from zhepai.domain.talent.secrets import person_key_secret
    from zhepai.loaders.demo import DemoReport, demo_settings, load_demo

    demo = demo_settings(settings)

    async def work(store: GraphStore) -> DemoReport:
        return await load_demo(
            store, demo.data_dir, person_key_secret(demo), say=lambda step: console.print(step)
        )

    report = _run_on_store(demo.model_copy(update={"store_timeout_s": BATCH_TIMEOUT_S}), work)
    if report.loaded:
        console.print(
            f"demo store ready in {demo.data_dir}: the seeds, {report.bases} synthetic bases "
            f"and {report.certificates} synthetic certificates (SYN-…, 合成数据)",
            highlight=False,
        )
    return demo


@app.command()
def load(data_dir: DataDir = None) -> None:
    """Load or refresh the seeds; a second run changes nothing and says so."""
    from zhepai.graph.open import open_store
    from zhepai.loaders.seed_files import SeedError
    from zhepai.loaders.seed_loader import LoadReport, load_seeds

    settings = _settings(data_dir, batch=True)

    async def run() -> LoadReport:
        store = await open_store(settings)
        try:
            with Progress(
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                console=console,
                transient=True,
            ) as bar:
                task = bar.add_task("loading seeds", total=None)

                def progress(kind: str, done: int, total: int) -> None:
                    bar.update(task, description=f"writing {kind}", completed=done, total=total)

                return await load_seeds(store, progress=progress)
        finally:
            await store.close()

    try:
        report = asyncio.run(run())
    except SeedError as exc:
        console.print(f"[red]seeds refused ({exc.code}):[/red] {exc}", highlight=False)
        raise typer.Exit(1) from exc
    table = Table(title="seeds")
    for column in ("kind", "created", "updated", "unchanged", "deleted"):
        table.add_column(column, justify="left" if column == "kind" else "right")
    for k in report.kinds:
        table.add_row(k.name, str(k.created), str(k.updated), str(k.unchanged), str(k.deleted))
    console.print(table)
    if report.changed:
        console.print(
            f"loaded: {report.total('created')} created, {report.total('updated')} updated, "
            f"{report.total('deleted')} deleted"
        )
    else:
        console.print("nothing to do: the store already matches the seeds")


@app.command("schema")
def print_schema() -> None:
    """Print the GraphQL schema (SDL)."""
    from zhepai.schema.root import schema

    typer.echo(schema.as_str())


import_app = typer.Typer(help="Import data files into the store.", no_args_is_help=True)
app.add_typer(import_app, name="import")
generate_app = typer.Typer(help="Generate synthetic data files.", no_args_is_help=True)
app.add_typer(generate_app, name="generate")
export_app = typer.Typer(help="Write data from the store to files.", no_args_is_help=True)
app.add_typer(export_app, name="export")
token_app = typer.Typer(help="Bearer tokens for the API.", no_args_is_help=True)
app.add_typer(token_app, name="token")


@import_app.command("bases")
def import_bases_command(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE.csv",
            help="CSV: id,name,kind,level,region_code,series,designated_year,capacity.",
        ),
    ],
    rejects: Annotated[
        Path | None,
        typer.Option(help="Where rejected rows go (default: <FILE stem>.rejects.csv)."),
    ] = None,
    data_dir: DataDir = None,
    actor: Annotated[str, typer.Option(help="Who the audit trail names.")] = "cli",
) -> None:
    """Import bases from CSV; bad rows go to a rejects file, re-running changes nothing."""
    from zhepai.graph.open import open_store
    from zhepai.loaders.bases_import import BaseImportError, ImportReport, import_bases

    settings = _settings(data_dir, batch=True)

    async def run() -> ImportReport:
        store = await open_store(settings)
        try:
            with _file_progress("importing bases") as progress:
                return await import_bases(store, file, rejects, actor=actor, progress=progress)
        finally:
            await store.close()

    try:
        report = asyncio.run(run())
    except BaseImportError as exc:
        console.print(f"[red]import refused:[/red] {exc}", highlight=False)
        raise typer.Exit(exc.exit_code) from exc
    _print_import(f"bases from {file}", report, "ids SYN-…, generated test data, not real bases")


@generate_app.command("bases")
def generate_bases_command(
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same file.")],
    out: Annotated[Path, typer.Option(help="Where to write the CSV.")] = Path(
        "bases.synthetic.csv"
    ),
) -> None:
    """Write a SYNTHETIC bases CSV with the plan's numbers (for demos and tests)."""
    from zhepai.loaders.bases_synthetic import PLAN, write_synthetic

    report = write_synthetic(seed, out)
    table = Table(title=f"synthetic bases (seed {seed})")
    table.add_column("kind")
    table.add_column("level")
    table.add_column("rows", justify="right")
    for kind, level, _ in PLAN:
        table.add_row(kind, level or "", str(report.counts[(kind, level or "")]))
    table.add_row("total", "", str(report.rows))
    console.print(table)
    console.print(
        f"wrote {report.rows} rows to {out} ({report.mountain_rows} in mountain counties).\n"
        "SYNTHETIC data (ids SYN-…, names marked （合成数据）): never loaded unless imported "
        f"explicitly with `zhepai import bases {out}`.",
        highlight=False,
    )


@import_app.command("workers")
def import_workers_command(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help=(
                "CSV (certificate_no,person_id,name,occupation,specialty,level,evaluation,"
                "issued_on,region_code,employer) or JSON Lines (.jsonl) with the same fields."
            ),
        ),
    ],
    rejects: Annotated[
        Path | None,
        typer.Option(help="Where rejected rows go (default: <FILE stem>.rejects.csv)."),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail on the first bad row, writing nothing.")
    ] = False,
    file_format: Annotated[
        str | None, typer.Option("--format", help="csv or jsonl (default: by extension).")
    ] = None,
    batch_size: Annotated[
        int, typer.Option(min=1, max=20_000, help="Rows per atomic write.")
    ] = 2000,
    data_dir: DataDir = None,
    actor: Annotated[str, typer.Option(help="Who the audit trail names.")] = "cli",
) -> None:
    """Import certificates; bad rows go to a rejects file, re-running changes nothing."""
    from zhepai.domain.talent.secrets import person_key_secret
    from zhepai.graph.errors import StoreShapeError
    from zhepai.graph.open import open_store
    from zhepai.graph.workers import EmployerClash
    from zhepai.loaders.csv_files import ImportRefused
    from zhepai.loaders.workers_import import Format, WorkerImportReport, import_workers

    settings = _settings(data_dir, batch=True)
    if file_format is not None and file_format not in ("csv", "jsonl"):
        console.print(f"[red]--format must be csv or jsonl, not {file_format!r}[/red]")
        raise typer.Exit(2)

    async def run() -> WorkerImportReport:
        store = await open_store(settings)
        try:
            with _file_progress("importing workers") as progress:
                return await import_workers(
                    store,
                    file,
                    person_key_secret(settings),
                    rejects,
                    actor=actor,
                    strict=strict,
                    file_format=Format(file_format) if file_format else None,
                    progress=progress,
                    batch_size=batch_size,
                )
        finally:
            await store.close()

    try:
        report = asyncio.run(run())
    except ImportRefused as exc:
        console.print(f"[red]import refused:[/red] {exc}", highlight=False)
        raise typer.Exit(exc.exit_code) from exc
    except (StoreShapeError, EmployerClash) as exc:
        console.print(f"[red]import refused ({exc.code}):[/red] {exc}", highlight=False)
        raise typer.Exit(1) from exc
    _print_import(
        f"certificates from {file}", report, "numbers SYN-…, generated test data, not real"
    )
    if report.resumed:
        console.print(
            f"resumed: the first {report.resumed} rows were written by an earlier run of this "
            "file and nothing has changed them since (checked, counted unchanged)",
            highlight=False,
        )


@import_app.command("region-stats")
def import_region_stats_command(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE.csv",
            help="CSV: region_code,year,employed,source, or region_code,year,series_code,"
            "employed,working_age,new_skilled_target,source (docs/imports.md).",
        ),
    ],
    data_dir: DataDir = None,
) -> None:
    """Import region figures: employed persons (the 35% target), working-age population,
    yearly targets of new skilled workers, employment by series (coverage demand); all or
    nothing."""
    from zhepai.loaders.csv_files import ImportRefused
    from zhepai.loaders.region_stats_import import RegionStatsReport, import_region_stats

    settings = _settings(data_dir)

    async def work(store: GraphStore) -> RegionStatsReport:
        return await import_region_stats(store, file)

    try:
        report = _run_on_store(settings, work)
    except ImportRefused as exc:
        console.print(f"[red]import refused:[/red] {exc}", highlight=False)
        raise typer.Exit(exc.exit_code) from exc
    console.print(f"{report.rows} region figures stored")


@generate_app.command("workers")
def generate_workers_command(
    count: Annotated[int, typer.Option(min=1, help="How many certificate rows.")],
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same file.")],
    out: Annotated[Path, typer.Option(help="Where to write the CSV.")] = Path(
        "workers.synthetic.csv"
    ),
) -> None:
    """Write a SYNTHETIC certificates CSV (valid ID checksums, realistic mix, issue dates
    growing year by year and faster from the plan's first year, 2022)."""
    from zhepai.loaders.workers_synthetic import write_synthetic_workers

    report = write_synthetic_workers(count, seed, out)
    console.print(
        f"wrote {report.rows} certificate rows for {report.persons} persons to {out}.\n"
        "SYNTHETIC data (certificate numbers SYN-…): never loaded unless imported "
        f"explicitly with `zhepai import workers {out}`.",
        highlight=False,
    )


stats_app = typer.Typer(help="The statistics counters.", no_args_is_help=True)
app.add_typer(stats_app, name="stats")


@stats_app.command("rebuild")
def stats_rebuild_command(data_dir: DataDir = None) -> None:
    """Recount every statistics counter from the certificates and replace them."""
    from zhepai.domain.talent.rebuild import ChangedDuringRebuild, RebuildReport, rebuild
    from zhepai.graph.errors import StoreShapeError

    settings = _settings(data_dir, batch=True)

    try:
        report: RebuildReport = _run_on_store(settings, rebuild)
    except ChangedDuringRebuild as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    except StoreShapeError as exc:
        console.print(f"[red]rebuild refused ({exc.code}):[/red] {exc}", highlight=False)
        raise typer.Exit(1) from exc
    console.print(
        f"recounted {report.persons} persons: {report.cells} cells, {report.entries} entries"
    )


@app.command("upgrade")
def upgrade_command(data_dir: DataDir = None) -> None:
    """Rewrite persons and certificates stored by an older version in this version's shape."""
    from zhepai.graph.errors import StoreShapeError
    from zhepai.graph.upgrade import UpgradeReport, upgrade_workers
    from zhepai.graph.workers import EmployerClash

    settings = _settings(data_dir, batch=True)
    try:
        report: UpgradeReport = _run_on_store(settings, upgrade_workers)
    except (StoreShapeError, EmployerClash) as exc:
        console.print(f"[red]upgrade refused ({exc.code}):[/red] {exc}", highlight=False)
        raise typer.Exit(1) from exc
    if report.from_shape is None:
        console.print("no workers stored: nothing to upgrade")
    elif report.upgraded:
        console.print(
            f"upgraded from shape {report.from_shape}: {report.certificates} certificates and "
            f"{report.persons} persons rewritten, {report.employers} employers stored once"
        )
    else:
        console.print(f"already in shape {report.from_shape}: nothing to upgrade")


class ExportFormat(StrEnum):
    CSV = "csv"
    JSON = "json"


@export_app.command("catalogue")
def export_catalogue_command(
    out: Annotated[
        Path,
        typer.Option(help="JSON: the file to write. CSV: the directory to write the files into."),
    ],
    export_format: Annotated[ExportFormat, typer.Option("--format", help="csv or json.")],
    data_dir: DataDir = None,
) -> None:
    """Write the whole catalogue (industries, series, occupations with their work types,
    专项 with their origin regions) as one JSON document or a directory of CSV files."""
    from zhepai.domain.exports.catalogue import (
        Catalogue,
        ExportError,
        read_catalogue,
        write_csv,
        write_json,
    )
    from zhepai.graph.errors import StoreError

    settings = _settings(data_dir)

    try:
        catalogue: Catalogue = _run_on_store(settings, read_catalogue)
        write = write_json if export_format is ExportFormat.JSON else write_csv
        written = write(catalogue, out)
    except (ExportError, StoreError) as exc:
        console.print(f"[red]export failed ({exc.code}):[/red] {exc}", highlight=False)
        raise typer.Exit(getattr(exc, "exit_code", 1)) from exc
    counts = catalogue.counts()
    console.print(
        f"{counts['industries']} industries, {counts['series']} series, "
        f"{counts['occupations']} occupations ({counts['occupationListings']} series listings), "
        f"{counts['specialties']} 专项",
        highlight=False,
    )
    for path in written:
        console.print(f"wrote {path}", highlight=False)


class TalentFormat(StrEnum):
    CSV = "csv"
    PARQUET = "parquet"


@export_app.command("talent")
def export_talent_command(
    out: Annotated[Path, typer.Option(help="The file to write.")],
    from_year: Annotated[int, typer.Option(help="The first year.")],
    to_year: Annotated[int, typer.Option(help="The last year.")],
    export_format: Annotated[
        TalentFormat, typer.Option("--format", help="csv (UTF-8 with a BOM) or parquet.")
    ] = TalentFormat.CSV,
    region: Annotated[str, typer.Option(help="The province, a city or a county.")] = "330000",
    group_by: Annotated[
        str, typer.Option(help="Comma-separated: CITY, COUNTY, INDUSTRY, SERIES, LEVEL.")
    ] = "",
    industry: Annotated[str | None, typer.Option(help="One industry's code.")] = None,
    series: Annotated[str | None, typer.Option(help="One series' code.")] = None,
    small_cells: Annotated[
        bool,
        typer.Option(help="Keep counts below the threshold (for analysts who may see them)."),
    ] = False,
    data_dir: DataDir = None,
) -> None:
    """Write talentTrend as a table for pandas or R: one row per year for the region and
    one per year and group (small cells withheld unless --small-cells)."""
    from datetime import UTC, datetime

    from zhepai.domain.talent.export import trend_request, write_csv, write_parquet
    from zhepai.domain.talent.service import progress_inputs
    from zhepai.domain.talent.stats import TalentModel, UnknownCode
    from zhepai.domain.talent.trend import BadYears, trend
    from zhepai.graph.errors import StoreError

    settings = _settings(data_dir)

    async def model(store: GraphStore) -> TalentModel:
        return (await progress_inputs(store)).model

    params = {
        "regionCode": region, "fromYear": str(from_year), "toYear": str(to_year),
        "groupBy": group_by, "industryCode": industry or "", "seriesCode": series or "",
    }  # fmt: skip
    threshold = None if small_cells else settings.small_cell_threshold
    try:
        asked = trend_request(params, datetime.now(UTC).year)
        points = trend(
            _run_on_store(settings, model), asked.region_code, asked.first, asked.last,
            asked.group_by, asked.industry_code, asked.series_code, threshold,
        )  # fmt: skip
    except (BadYears, UnknownCode) as exc:
        console.print(f"[red]export refused ({exc.argument}):[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    except StoreError as exc:
        console.print(f"[red]export failed ({exc.code}):[/red] {exc}", highlight=False)
        raise typer.Exit(getattr(exc, "exit_code", 1)) from exc
    write = write_parquet if export_format is TalentFormat.PARQUET else write_csv
    write(points, out)
    console.print(f"wrote {len(points)} years of {asked.region_code} to {out}", highlight=False)


@token_app.command("create")
def create_token(
    role: Annotated[str, typer.Option(help="researcher, planner, officer or admin.")],
    subject: Annotated[
        str | None,
        typer.Option(help="Who the token speaks for; audit trails record it (default: you)."),
    ] = None,
    ttl: Annotated[str, typer.Option(help="Lifetime: 90s, 30m, 1h, 7d.")] = "1h",
    data_dir: DataDir = None,
) -> None:
    """Print a signed token. ZHEPAI_JWT_SECRET or ZHEPAI_JWT_PRIVATE_KEY_FILE signs it; with
    neither and the embedded store, the secret `zhepai serve` generated into the data
    directory (generated here first if need be)."""
    import getpass

    from zhepai.web.roles import Role
    from zhepai.web.tokens import KeyConfigError, TokenKeys, issue, parse_ttl, with_local_secret

    try:
        parsed_role = Role.from_label(role)
        lifetime = parse_ttl(ttl)
        keys = TokenKeys.from_settings(with_local_secret(_settings(data_dir)))
        if keys is None:
            raise KeyConfigError(
                "no signing key: set ZHEPAI_JWT_SECRET, or ZHEPAI_JWT_PUBLIC_KEY_FILE with "
                "ZHEPAI_JWT_PRIVATE_KEY_FILE"
            )
        token = issue(keys, parsed_role, subject or getpass.getuser(), lifetime)
    except (ValueError, KeyConfigError) as exc:
        console.print(f"[red]no token:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    typer.echo(token)


if __name__ == "__main__":
    app()
