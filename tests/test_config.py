"""Settings: the store is chosen by the URL's scheme; a bad one is refused by name."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from zhepai.config import Settings, StoreKind


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("embedded", StoreKind.EMBEDDED),
        ("redis://localhost:6379", StoreKind.FALKORDB),
        ("falkor://localhost:6379", StoreKind.FALKORDB),
        ("bolt://localhost:7687", StoreKind.NEO4J),
        ("neo4j://localhost", StoreKind.NEO4J),
        ("neo4j+s://example.databases.neo4j.io", StoreKind.NEO4J),
    ],
)
def test_scheme_picks_the_backend(url: str, kind: StoreKind) -> None:
    assert Settings(graph_url=url).store_kind is kind


def test_unknown_scheme_is_refused() -> None:
    with pytest.raises(ValidationError, match="graph_url"):
        Settings(graph_url="postgres://localhost")


def test_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZHEPAI_GRAPH_URL", "bolt://db:7687")
    monkeypatch.setenv("ZHEPAI_DATA_DIR", "/tmp/elsewhere")
    settings = Settings()
    assert settings.store_kind is StoreKind.NEO4J
    assert str(settings.data_dir) == "/tmp/elsewhere"
