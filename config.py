"""Settings, read from the environment (``ZHEPAI_*``) and an optional ``.env`` file."""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import unquote, urlsplit, urlunsplit

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


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
    embedded_fsync: Literal["always", "everysec"] = Field(
        default="always",
        description=(
            "When the embedded store fsyncs its append-only log: 'always' before it answers a "
            "write (an acknowledged write survives a power cut), or once a second."
        ),
    )
    embedded_watch: bool = Field(
        default=True,
        description=(
            "Whether a process is told of writes to the embedded store as they happen and "
            "reads the version tokens only after one (off: read on every request)."
        ),
    )

    # Authentication (see auth/tokens.py). Without a secret or a public key no token is
    # accepted and every caller is anonymous.
    jwt_secret: SecretStr | None = Field(
        default=None, description="HS256 secret shared with the token issuer (>= 32 bytes)."
    )
    jwt_public_key_file: Path | None = Field(
        default=None, description="PEM public key (Ed25519: EdDSA, RSA: RS256) to verify with."
    )
    jwt_private_key_file: Path | None = Field(
        default=None, description="PEM private key `zhepai token create` signs with."
    )
    jwt_issuer: str = "zhepai"
    jwt_audience: str = "zhepai-api"
    jwt_leeway_s: float = Field(default=30.0, ge=0, le=300, description="Clock skew allowed.")

    # Limits (see schema/limits.py and web/body.py); each refusal has its code.
    max_depth: int = Field(default=10, ge=1, le=100, description="Fields nested in a query.")
    max_aliases: int = Field(default=15, ge=0, le=1000, description="Aliases in a query.")
    max_tokens: int = Field(default=1000, ge=50, le=100_000, description="Lexical tokens.")
    max_cost: int = Field(default=10_000, ge=1, description="Estimated objects a query returns.")
    max_body_bytes: int = Field(default=1 << 20, ge=1024, description="Request body size.")
    graphiql: bool = True
    introspection: bool = True  # for anonymous callers; a token always reads the schema

    # Frontends on other origins (see web/cors.py, web/caching.py, web/persisted.py).
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description=(
            "Origins whose browser pages may call the API, comma-separated "
            "(https://jobs.example.cn); '*' alone lets any origin read anonymously. "
            "Empty: same origin only."
        ),
    )
    trusted_documents: Path | None = Field(
        default=None,
        description="A JSON file of the only GraphQL documents this server runs, by SHA-256.",
    )
    persisted_queries_max: int = Field(
        default=1000, ge=1, le=100_000, description="Documents kept for persisted queries."
    )
    cache_max_age_s: int = Field(
        default=300, ge=0, le=86_400, description="max-age of anonymous catalogue reads."
    )

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _origins(cls, value: object) -> object:
        if isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        if isinstance(value, list):
            for origin in value:
                if origin == "*":
                    continue
                parts = urlsplit(str(origin))
                if parts.scheme not in ("http", "https") or not parts.netloc or parts.path:
                    raise ValueError(
                        f"not an origin: {origin!r} (scheme://host[:port], no path or slash)"
                    )
            # '*' reaches anonymous reads only; an origin listed beside it would need
            # tokens, which one middleware cannot grant per origin
            if "*" in value and len(value) > 1:
                raise ValueError("'*' stands alone: list origins or give '*', not both")
        return value

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

    @field_validator("jwt_secret")
    @classmethod
    def _long_secret(cls, value: SecretStr | None) -> SecretStr | None:
        # RFC 7518 §3.2: an HS256 key at least as long as the hash (32 bytes)
        if value is not None and len(value.get_secret_value().encode()) < 32:
            raise ValueError("jwt_secret must be at least 32 bytes (e.g. `openssl rand -hex 32`)")
        return value

    @model_validator(mode="after")
    def _one_kind_of_key(self) -> Settings:
        if self.jwt_secret is not None and self.jwt_public_key_file is not None:
            raise ValueError("set jwt_secret or jwt_public_key_file, not both")
        return self

    def neo4j_target(self) -> tuple[str, str, str]:
        """The Neo4j URL without credentials, and the user and password to log in with:
        those in ``graph_url`` if it holds them, else ``neo4j_user`` / ``neo4j_password``."""
        url, user, password = split_credentials(self.graph_url)
        return (
            url,
            user or self.neo4j_user,
            password if password is not None else self.neo4j_password.get_secret_value(),
        )

    @property
    def store_kind(self) -> StoreKind:
        scheme = urlsplit(self.graph_url).scheme if "://" in self.graph_url else self.graph_url
        if scheme in NEO4J_SCHEMES:
            return StoreKind.NEO4J
        if scheme in FALKORDB_SCHEMES:
            return StoreKind.FALKORDB
        return StoreKind.EMBEDDED


def split_credentials(url: str) -> tuple[str, str | None, str | None]:
    """``url`` without its user information, and the user and password it held, percent-
    decoded (``p%40ss`` is ``p@ss``); None for each it did not hold. The host is kept as
    written, so an IPv6 address keeps its brackets."""
    parts = urlsplit(url)
    userinfo, at, hostport = parts.netloc.rpartition("@")
    if not at:
        return url, None, None
    user, colon, password = userinfo.partition(":")
    bare = urlunsplit((parts.scheme, hostport, parts.path, parts.query, parts.fragment))
    return bare, unquote(user) or None, (unquote(password) or None) if colon else None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
