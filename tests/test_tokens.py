"""Tokens: issued and verified with a secret or a key pair; every way a token can be wrong is
refused with the reason."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)
from pydantic import SecretStr, ValidationError

from tests.conftest import TEST_SECRET
from zhepai.config import Settings
from zhepai.web.roles import Role
from zhepai.web.tokens import (
    LOCAL_SECRET_FILE,
    KeyConfigError,
    TokenError,
    TokenKeys,
    issue,
    parse_ttl,
    verify,
    with_local_secret,
)

HOUR = timedelta(hours=1)


def secret_keys(**overrides: Any) -> TokenKeys:
    keys = TokenKeys.from_settings(Settings(jwt_secret=SecretStr(TEST_SECRET), **overrides))
    assert keys is not None
    return keys


def write_pair(directory: Path, kind: str, name: str = "key") -> tuple[Path, Path]:
    private = (
        ed25519.Ed25519PrivateKey.generate()
        if kind == "ed25519"
        else rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )
    private_path = directory / f"{name}-{kind}.pem"
    public_path = directory / f"{name}-{kind}.pub.pem"
    private_path.write_bytes(
        private.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    )
    public_path.write_bytes(
        private.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    )
    return private_path, public_path


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def test_secret_round_trip() -> None:
    keys = secret_keys()
    principal = verify(keys, issue(keys, Role.PLANNER, "alice", HOUR))
    assert (principal.subject, principal.role) == ("alice", Role.PLANNER)
    assert jwt.get_unverified_header(issue(keys, Role.ADMIN, "a", HOUR))["alg"] == "HS256"


@pytest.mark.parametrize(("kind", "algorithm"), [("ed25519", "EdDSA"), ("rsa", "RS256")])
def test_key_pair_round_trip(tmp_path: Path, kind: str, algorithm: str) -> None:
    private, public = write_pair(tmp_path, kind)
    signer = TokenKeys.from_settings(
        Settings(jwt_public_key_file=public, jwt_private_key_file=private)
    )
    verifier = TokenKeys.from_settings(Settings(jwt_public_key_file=public))
    assert signer is not None and verifier is not None
    assert (signer.algorithm, verifier.signing_key) == (algorithm, None)
    token = issue(signer, Role.OFFICER, "bob", HOUR)
    assert verify(verifier, token).role is Role.OFFICER
    with pytest.raises(KeyConfigError, match="no signing key"):
        issue(verifier, Role.OFFICER, "bob", HOUR)


def test_a_private_key_must_match_the_public_key(tmp_path: Path) -> None:
    _, public = write_pair(tmp_path, "ed25519")
    other, _ = write_pair(tmp_path, "ed25519", name="other")
    with pytest.raises(KeyConfigError, match="not the private half"):
        TokenKeys.from_settings(Settings(jwt_public_key_file=public, jwt_private_key_file=other))


def test_no_keys_no_tokens() -> None:
    assert TokenKeys.from_settings(Settings()) is None
    with pytest.raises(TokenError, match="不接受任何令牌"):
        verify(None, "anything")


def _claims(**changes: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    claims: dict[str, Any] = {"sub": "eve", "role": "admin", "iat": now, "exp": now + HOUR,
                              "iss": "zhepai", "aud": "zhepai-api"}  # fmt: skip
    claims.update(changes)
    return {k: v for k, v in claims.items() if v is not None}


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        (_claims(exp=datetime.now(UTC) - timedelta(minutes=5)), "已过期"),
        (_claims(aud="someone-else"), "(?i)audience"),
        (_claims(iss="someone-else"), "(?i)issuer"),
        (_claims(exp=None), "exp"),
        (_claims(sub=None), "sub"),
        (_claims(role=None), "role"),
        (_claims(role="root"), "没有角色 'root'"),
        (_claims(role="anonymous"), "anonymous"),
        (_claims(role=["admin"]), "role（角色）不合格式"),
        (_claims(sub="eve\nadmin"), "sub（使用者）不合格式"),
    ],
)
def test_bad_claims_are_refused(claims: dict[str, Any], reason: str) -> None:
    keys = secret_keys()
    with pytest.raises(TokenError, match=reason):
        verify(keys, jwt.encode(claims, TEST_SECRET, algorithm="HS256"))


def test_leeway_accepts_a_token_just_expired_and_no_more() -> None:
    keys = secret_keys(jwt_leeway_s=30)
    just = jwt.encode(_claims(exp=datetime.now(UTC) - timedelta(seconds=10)), TEST_SECRET)
    assert verify(keys, just).subject == "eve"
    stale = jwt.encode(_claims(exp=datetime.now(UTC) - timedelta(seconds=60)), TEST_SECRET)
    with pytest.raises(TokenError, match="已过期"):
        verify(keys, stale)


def test_wrong_secret_unsigned_and_garbage_are_refused() -> None:
    keys = secret_keys()
    forged = jwt.encode(_claims(), "another-secret-of-at-least-32-bytes!!", algorithm="HS256")
    now = int(datetime.now(UTC).timestamp())
    body = {"sub": "eve", "role": "admin", "iat": now, "exp": now + 60, "iss": "zhepai",
            "aud": "zhepai-api"}  # fmt: skip
    unsigned = f"{_b64(json.dumps({'alg': 'none'}).encode())}.{_b64(json.dumps(body).encode())}."
    for token in (forged, unsigned, "garbage", "a.b.c", ""):
        with pytest.raises(TokenError):
            verify(keys, token)


def test_the_public_key_cannot_be_used_as_an_hmac_secret(tmp_path: Path) -> None:
    """The algorithm comes from the configured key, not from the token's header: a token
    "signed" with HS256 and the (public) RSA key as secret is refused."""
    _, public = write_pair(tmp_path, "rsa")
    keys = TokenKeys.from_settings(Settings(jwt_public_key_file=public))
    assert keys is not None
    now = int(datetime.now(UTC).timestamp())
    claims = {"sub": "eve", "role": "admin", "iat": now, "exp": now + 3600,
              "iss": "zhepai", "aud": "zhepai-api"}  # fmt: skip
    header = json.dumps({"alg": "HS256", "typ": "JWT"}).encode()
    signed = f"{_b64(header)}.{_b64(json.dumps(claims).encode())}"
    signature = hmac.new(public.read_bytes(), signed.encode(), hashlib.sha256).digest()
    with pytest.raises(TokenError, match="alg"):
        verify(keys, f"{signed}.{_b64(signature)}")


def test_settings_refuse_short_secrets_and_two_kinds_of_key(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="32 bytes"):
        Settings(jwt_secret=SecretStr("short"))
    _, public = write_pair(tmp_path, "ed25519")
    with pytest.raises(ValidationError, match="not both"):
        Settings(jwt_secret=SecretStr(TEST_SECRET), jwt_public_key_file=public)


def test_issue_refuses_anonymous_and_bad_subjects() -> None:
    keys = secret_keys()
    with pytest.raises(ValueError, match="anonymous"):
        issue(keys, Role.ANONYMOUS, "x", HOUR)
    for subject in ("", "a\x00b", "x" * 129):
        with pytest.raises(ValueError, match="subject"):
            issue(keys, Role.PLANNER, subject, HOUR)


@pytest.mark.parametrize(
    ("text", "seconds"), [("90", 90), ("90s", 90), ("15m", 900), ("1h", 3600), ("7d", 604800)]
)
def test_ttl(text: str, seconds: int) -> None:
    assert parse_ttl(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "0", "1w", "-1h", "h", "1.5h"])
def test_bad_ttl(text: str) -> None:
    with pytest.raises(ValueError, match="lifetime"):
        parse_ttl(text)


def test_roles_are_ordered_and_spelled_in_lower_case() -> None:
    assert Role.ANONYMOUS < Role.RESEARCHER < Role.PLANNER < Role.OFFICER < Role.ADMIN
    assert [r.label for r in Role] == ["anonymous", "researcher", "planner", "officer", "admin"]
    assert Role.from_label("planner") is Role.PLANNER
    with pytest.raises(ValueError, match="没有角色"):
        Role.from_label("Planner")


def test_one_machine_generates_its_secret_once_and_keeps_it_private(tmp_path: Path) -> None:
    home = tmp_path / "data"
    first = with_local_secret(Settings(data_dir=home))
    again = with_local_secret(Settings(data_dir=home))
    assert first.jwt_secret is not None and again.jwt_secret is not None
    assert first.jwt_secret.get_secret_value() == again.jwt_secret.get_secret_value()
    assert len(first.jwt_secret.get_secret_value()) == 64
    assert (home / LOCAL_SECRET_FILE).stat().st_mode & 0o777 == 0o600
    signer, verifier = TokenKeys.from_settings(first), TokenKeys.from_settings(again)
    assert signer is not None
    token = issue(signer, Role.PLANNER, "李规划", HOUR)
    assert verify(verifier, token).subject == "李规划"


def test_a_configured_key_or_a_remote_store_generates_nothing(tmp_path: Path) -> None:
    configured = Settings(data_dir=tmp_path, jwt_secret=SecretStr(TEST_SECRET))
    assert with_local_secret(configured) is configured
    _, public = write_pair(tmp_path, "ed25519")
    by_key = Settings(data_dir=tmp_path, jwt_public_key_file=public)
    assert with_local_secret(by_key) is by_key
    remote = Settings(data_dir=tmp_path, graph_url="bolt://localhost:7687")
    assert with_local_secret(remote).jwt_secret is None
    assert not (tmp_path / LOCAL_SECRET_FILE).exists()


def test_a_local_secret_too_short_is_refused(tmp_path: Path) -> None:
    (tmp_path / LOCAL_SECRET_FILE).write_text("short\n")
    with pytest.raises(KeyConfigError, match="32 bytes"):
        with_local_secret(Settings(data_dir=tmp_path))


def test_processes_starting_together_agree_on_one_local_secret(tmp_path: Path) -> None:
    script = (
        "import sys; from pathlib import Path; from zhepai.config import Settings; "
        "from zhepai.web.tokens import with_local_secret; "
        "print(with_local_secret(Settings(data_dir=Path(sys.argv[1]))).jwt_secret"
        ".get_secret_value())"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHEPAI_")}
    command = [sys.executable, "-c", script, str(tmp_path / "data")]
    starts = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True) for _ in range(6)
    ]
    seen = {process.communicate(timeout=120)[0].strip() for process in starts}
    assert all(process.returncode == 0 for process in starts)
    assert len(seen) == 1 and len(seen.pop()) == 64
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == [LOCAL_SECRET_FILE]
