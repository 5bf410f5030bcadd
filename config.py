"""Settings, read from the environment (``ZHEPAI_*``) and an optional ``.env`` file."""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class StoreKind(StrEnum):
    EMBEDDED = "embedded"
    FALKORDB = "falkordb"
    NEO4J = "neo4j"


NEO4J_SCHEMES = frozenset({"bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"})
FALKORDB_SCHEMES = frozenset({"redis", "rediss", "falkor", "falkors", "unix"})
EMBEDDED_SCHEMES = frozenset({"", "embedded"})


class Settings(BaseSettings):
    """Everything the service, the CLI and the loaders can be configured with."""

    model_config = SettingsConfigDict(env_prefix="ZHEPAI_", env_file=".env", extra="ignore")

    graph_url: str = Field(
        default="embedded",
        description=(
            "Where the graph lives: 'embedded' (FalkorDB started under data_dir), "
            "redis://host:port (a FalkorDB server) or bolt:// / neo4j:// / neo4j+s:// (Neo4j 5)."
        ),
    )
    data_dir: Path = Field(default=Path("data"), description="Embedded store's data directory.")
    graph_name: str = Field(default="zhepai", pattern=r"^[A-Za-z][A-Za-z0-9_]{0,62}$")
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr = SecretStr("")
    neo4j_database: str = "neo4j"
    store_timeout_s: float = Field(default=10.0, gt=0, description="Per-query store timeout.")
    load_seeds_if_empty: bool = True
    person_key_secret: SecretStr | None = Field(
        default=None,
        description="HMAC secret for person keys (unset: generated into data_dir/secrets.json).",
    )
    credential_secret: SecretStr | None = Field(
        default=None,
        description="Signing secret for credential codes (unset: generated like the above).",
    )
    credential_ttl_s: int = Field(default=86_400, gt=0, le=31 * 86_400)
    small_cell_threshold: int = Field(
        default=5, ge=1, description="Statistics below this (and above 0) are suppressed."
    )
    graphiql: bool = True

    @field_validator("person_key_secret", "credential_secret")
    @classmethod
    def _long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        # HMAC-SHA256 keys shorter than the hash make the keys and codes easier to attack
        if value is not None and len(value.get_secret_value().encode()) < 32:
            raise ValueError("a secret needs at least 32 bytes (e.g. `openssl rand -hex 32`)")
        return value

    @field_validator("graph_url")
    @classmethod
    def _known_scheme(cls, value: str) -> str:
        scheme = urlsplit(value).scheme if "://" in value else value
        if scheme not in NEO4J_SCHEMES | FALKORDB_SCHEMES | EMBEDDED_SCHEMES:
            raise ValueError(
                f"unsupported graph_url scheme {scheme!r}: use 'embedded', redis://… or bolt://…"
            )
        return value

    @property
    def store_kind(self) -> StoreKind:
        scheme = urlsplit(self.graph_url).scheme if "://" in self.graph_url else self.graph_url
        if scheme in NEO4J_SCHEMES:
            return StoreKind.NEO4J
        if scheme in FALKORDB_SCHEMES:
            return StoreKind.FALKORDB
        return StoreKind.EMBEDDED


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
