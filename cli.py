"""The ``zhepai`` command: serve the API, load the seeds, print the schema, issue tokens."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from config import Settings, get_settings

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


def _settings(data_dir: Path | None) -> Settings:
    settings = get_settings()
    if data_dir is not None:
        settings = settings.model_copy(update={"data_dir": data_dir})
    return settings


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    data_dir: DataDir = None,
    log_level: Annotated[str, typer.Option(help="debug, info, warning, error.")] = "info",
    log_format: Annotated[str, typer.Option(help="json (one object a line) or text.")] = "json",
) -> None:
    """Run the API (GraphiQL at /graphql); an empty store gets the seeds first."""
    import uvicorn

    from observability import configure_logging
    from server import create_app

    settings = _settings(data_dir)
    configure_logging(log_level, json_lines=log_format != "text")
    console.print(
        f"zhepai on http://{host}:{port}/graphql, store: {settings.graph_url}"
        + (f" in {settings.data_dir}" if settings.graph_url == "embedded" else "")
    )
    # log_config=None: uvicorn's records go through the handlers configured above
    uvicorn.run(
        create_app(settings), host=host, port=port, log_level=log_level.lower(), log_config=None
    )


@app.command()
def load(data_dir: DataDir = None) -> None:
    """Load or refresh the seeds; a second run changes nothing and says so."""
    from graph.store import open_store
    from loaders.seed_loader import LoadReport, load_seeds

    settings = _settings(data_dir)

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

    report = asyncio.run(run())
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
    from schema.root import schema

    typer.echo(schema.as_str())


import_app = typer.Typer(help="Import data files into the store.", no_args_is_help=True)
app.add_typer(import_app, name="import")
generate_app = typer.Typer(help="Generate synthetic data files.", no_args_is_help=True)
app.add_typer(generate_app, name="generate")
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
    from graph.store import open_store
    from loaders.bases_import import BaseImportError, ImportReport, import_bases

    settings = _settings(data_dir)

    async def run() -> ImportReport:
        store = await open_store(settings)
        try:
            with Progress(
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                TextColumn("{task.percentage:>3.0f}%"),
                console=console,
                transient=True,
            ) as bar:
                task = bar.add_task("importing bases", total=None)

                def progress(rows: int, done: int, total: int) -> None:
                    bar.update(task, description=f"{rows} rows", completed=done, total=total)

                return await import_bases(store, file, rejects, actor=actor, progress=progress)
        finally:
            await store.close()

    try:
        report = asyncio.run(run())
    except BaseImportError as exc:
        console.print(f"[red]import refused:[/red] {exc}", highlight=False)
        raise typer.Exit(exc.exit_code) from exc
    table = Table(title=f"bases from {file}")
    for column in ("read", "created", "updated", "unchanged", "rejected"):
        table.add_column(column, justify="right")
    counts = (report.read, report.created, report.updated, report.unchanged, report.rejected)
    table.add_row(*(str(n) for n in counts))
    console.print(table)
    if report.synthetic:
        console.print(
            f"{report.synthetic} synthetic rows (ids SYN-…): generated test data, not real bases"
        )
    if report.rejects_path is not None:
        console.print(f"{report.rejected} rejected rows written to {report.rejects_path}")
    else:
        console.print("no rejects")
    if report.stale_rejects_removed is not None:
        console.print(f"removed the earlier run's rejects file {report.stale_rejects_removed}")


@generate_app.command("bases")
def generate_bases_command(
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same file.")],
    out: Annotated[Path, typer.Option(help="Where to write the CSV.")] = Path(
        "bases.synthetic.csv"
    ),
) -> None:
    """Write a SYNTHETIC bases CSV with the plan's numbers (for demos and tests)."""
    from loaders.bases_synthetic import PLAN, write_synthetic

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


@token_app.command("create")
def create_token(
    role: Annotated[str, typer.Option(help="researcher, planner, officer or admin.")],
    subject: Annotated[
        str | None,
        typer.Option(help="Who the token speaks for; audit trails record it (default: you)."),
    ] = None,
    ttl: Annotated[str, typer.Option(help="Lifetime: 90s, 30m, 1h, 7d.")] = "1h",
) -> None:
    """Print a signed token (ZHEPAI_JWT_SECRET or ZHEPAI_JWT_PRIVATE_KEY_FILE signs it)."""
    import getpass

    from auth.roles import Role
    from auth.tokens import KeyConfigError, TokenKeys, issue, parse_ttl

    try:
        parsed_role = Role.from_label(role)
        lifetime = parse_ttl(ttl)
        keys = TokenKeys.from_settings(get_settings())
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
