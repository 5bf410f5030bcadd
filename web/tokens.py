"""Bearer tokens: JWTs signed with a shared secret (HS256) or a key pair (EdDSA, RS256).

The algorithm follows from the configured key, never from the token's header, so a token
cannot choose how it is checked (the classic "alg: none" and HS256-with-the-public-key
confusions). Every token must carry ``sub``, ``role``, ``iat``, ``exp``, ``iss`` and ``aud``;
expiry, issuer and audience are enforced with a small leeway for clock skew.
"""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey, RSAPublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    PublicFormat,
    load_pem_private_key,
    load_pem_public_key,
)
from pydantic import SecretStr

from zhepai.config import Settings, StoreKind
from zhepai.web.roles import Principal, Role

REQUIRED_CLAIMS = ("sub", "role", "iat", "exp", "iss", "aud")
MIN_RSA_BITS = 2048
# Subjects end up in audit trails and logs: printable, no control characters, bounded.
_SUBJECT = re.compile(r"^[^\x00-\x1f\x7f]{1,128}$")
_TTL = re.compile(r"^(\d+)([smhd]?)$")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


class TokenError(Exception):
    """A token that cannot be accepted; the message says why (safe to show the caller)."""


class KeyConfigError(Exception):
    """The configured keys cannot be used (a startup error for the operator)."""


@dataclass(frozen=True, slots=True)
class TokenKeys:
    algorithm: str
    verifying_key: Any  # the secret (bytes) or a public key object
    signing_key: Any | None  # None: this process can verify but not issue
    issuer: str
    audience: str
    leeway_s: float

    @classmethod
    def from_settings(cls, settings: Settings) -> TokenKeys | None:
        """The keys the settings name, or None when no token can be verified."""
        verifying: Any
        signing: Any
        if settings.jwt_secret is not None:
            algorithm = "HS256"
            verifying = signing = settings.jwt_secret.get_secret_value().encode()
        elif settings.jwt_public_key_file is not None:
            verifying = _load_public(settings.jwt_public_key_file)
            algorithm = "EdDSA" if isinstance(verifying, Ed25519PublicKey) else "RS256"
            private = settings.jwt_private_key_file
            signing = _load_private(private, verifying) if private is not None else None
        elif settings.jwt_private_key_file is not None:
            raise KeyConfigError("jwt_private_key_file needs jwt_public_key_file")
        else:
            return None
        return cls(
            algorithm=algorithm,
            verifying_key=verifying,
            signing_key=signing,
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            leeway_s=settings.jwt_leeway_s,
        )


LOCAL_SECRET_FILE = "jwt-secret"  # noqa: S105 - a file name


def with_local_secret(settings: Settings) -> Settings:
    """``settings`` with a token secret for ``zhepai serve`` and ``zhepai token create`` to
    share: the configured key if any; else, for the embedded store, one generated once into
    ``<data_dir>/jwt-secret`` (mode 0600). Remote stores get none: replicas serving one store
    from several machines would each generate their own and refuse each other's tokens."""
    configured = settings.jwt_secret is not None or settings.jwt_public_key_file is not None
    if configured or settings.store_kind is not StoreKind.EMBEDDED:
        return settings
    path = settings.data_dir / LOCAL_SECRET_FILE
    try:
        secret = _local_secret(path)
    except OSError as exc:
        raise KeyConfigError(f"cannot read or write the token secret {path}: {exc}") from exc
    if len(secret.encode()) < 32:
        raise KeyConfigError(f"{path} holds less than 32 bytes: delete it to generate another")
    return settings.model_copy(update={"jwt_secret": SecretStr(secret)})


def _local_secret(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(secrets.token_hex(32) + "\n")
    try:
        # a link appears whole or not at all: processes starting together all read the first
        os.link(draft, path)
    except FileExistsError:
        pass
    finally:
        draft.unlink()
    return path.read_text(encoding="utf-8").strip()


def _load_public(path: Path) -> Ed25519PublicKey | RSAPublicKey:
    try:
        key = load_pem_public_key(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise KeyConfigError(f"cannot read the public key {path}: {exc}") from exc
    if isinstance(key, Ed25519PublicKey):
        return key
    if isinstance(key, RSAPublicKey):
        if key.key_size < MIN_RSA_BITS:
            raise KeyConfigError(f"{path}: RSA keys need at least {MIN_RSA_BITS} bits")
        return key
    raise KeyConfigError(f"{path}: only Ed25519 (EdDSA) and RSA (RS256) keys are supported")


def _load_private(
    path: Path, public: Ed25519PublicKey | RSAPublicKey
) -> Ed25519PrivateKey | RSAPrivateKey:
    try:
        key = load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise KeyConfigError(f"cannot read the private key {path}: {exc}") from exc
    if not isinstance(key, Ed25519PrivateKey | RSAPrivateKey):
        raise KeyConfigError(f"{path}: only Ed25519 and RSA private keys are supported")
    mine = key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    if mine != public.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo):
        raise KeyConfigError(f"{path} is not the private half of jwt_public_key_file")
    return key


def parse_ttl(text: str) -> timedelta:
    """``90``, ``90s``, ``15m``, ``1h`` or ``7d``."""
    match = _TTL.match(text.strip())
    if match is None or int(match.group(1)) == 0:
        raise ValueError(f"not a lifetime: {text!r} (e.g. 30m, 1h, 7d)")
    return timedelta(seconds=int(match.group(1)) * _UNITS[match.group(2)])


def issue(
    keys: TokenKeys, role: Role, subject: str, ttl: timedelta, now: datetime | None = None
) -> str:
    if keys.signing_key is None:
        raise KeyConfigError("no signing key: set jwt_secret or jwt_private_key_file")
    if role is Role.ANONYMOUS:
        raise ValueError("anonymous callers need no token")
    if not _SUBJECT.match(subject):
        raise ValueError("a subject is 1 to 128 printable characters")
    issued = now or datetime.now(UTC)
    claims = {
        "sub": subject,
        "role": role.label,
        "iat": issued,
        "exp": issued + ttl,
        "iss": keys.issuer,
        "aud": keys.audience,
    }
    return jwt.encode(claims, keys.signing_key, algorithm=keys.algorithm)


def verify(keys: TokenKeys | None, token: str) -> Principal:
    """The principal a token names; ``TokenError`` says why it is refused."""
    if keys is None:
        raise TokenError("本服务器未配置令牌密钥，不接受任何令牌")
    try:
        claims = jwt.decode(
            token,
            keys.verifying_key,
            algorithms=[keys.algorithm],
            audience=keys.audience,
            issuer=keys.issuer,
            leeway=keys.leeway_s,
            options={"require": list(REQUIRED_CLAIMS)},
        )
    except jwt.ExpiredSignatureError as exc:
        raise TokenError("令牌已过期") from exc
    except jwt.InvalidTokenError as exc:
        raise TokenError(f"令牌无效：{exc}") from exc
    subject, role = claims["sub"], claims["role"]
    if not isinstance(subject, str) or not _SUBJECT.match(subject):
        raise TokenError("令牌无效：sub（使用者）不合格式")
    if not isinstance(role, str):
        raise TokenError("令牌无效：role（角色）不合格式")
    try:
        parsed = Role.from_label(role)
    except ValueError as exc:
        raise TokenError(f"令牌无效：{exc}") from exc
    if parsed is Role.ANONYMOUS:
        raise TokenError("令牌无效：令牌不能指定匿名角色（anonymous）")
    return Principal(subject=subject, role=parsed)
