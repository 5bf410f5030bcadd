"""The ``zhepai`` command: serve the API, load the seeds, print the schema."""

from __future__ import annotations

import asyncio
import logging
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
) -> None:
    """Run the API (GraphiQL at /graphql); an empty store gets the seeds first."""
    import uvicorn

    from server import create_app

    settings = _settings(data_dir)
    logging.basicConfig(
        level=log_level.upper(), format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    console.print(
        f"zhepai on http://{host}:{port}/graphql, store: {settings.graph_url}"
        + (f" in {settings.data_dir}" if settings.graph_url == "embedded" else "")
    )
    uvicorn.run(create_app(settings), host=host, port=port, log_level=log_level.lower())


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


if __name__ == "__main__":
    app()
