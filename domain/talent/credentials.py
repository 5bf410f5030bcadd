"""Credential codes: a signed, expiring statement of a worker's valid certificates.

An officer issues a code for a person; the person shows it to an employer, who verifies it
without an account and sees the certificates and a masked name — never the ID number. The
code is a JWT (PyJWT, HS256 with the credential secret) naming the certificate numbers valid
at issue. Verification fails, with a reason, when the signature does not match (any changed
character: every segment must also be in canonical base64url, so the spare bits of a last
character cannot be flipped unnoticed), when it has expired, or when any of its
certificates has since been revoked or is gone.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt

from zhepai.domain.talent.cells import VALID
from zhepai.graph.workers import CertificateRecord, PersonRecord

ALGORITHM = "HS256"
ISSUER = "zhepai"


@dataclass(frozen=True, slots=True)
class CredentialCode:
    code: str
    expires_at: datetime
    certificates: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Verification:
    valid: bool
    reason: str | None
    masked_name: str | None
    certificates: tuple[CertificateRecord, ...]


class NothingToCertify(ValueError):
    """The person holds no valid certificate."""


def mask_name(name: str) -> str:
    """张三 → 张*, 张小三 → 张*三, 欧阳小明 → 欧**明."""
    if len(name) <= 2:
        return name[:1] + "*" * (len(name) - 1)
    return name[0] + "*" * (len(name) - 2) + name[-1]


def issue(person: PersonRecord, secret: bytes, ttl_s: int, now: datetime) -> CredentialCode:
    valid = tuple(sorted(c.no for c in person.certificates if c.status == VALID))
    if not valid:
        raise NothingToCertify("the person holds no valid certificate")
    expires = now + timedelta(seconds=ttl_s)
    claims = {
        "iss": ISSUER,
        "jti": uuid.uuid4().hex,
        "iat": int(now.timestamp()),
        "exp": int(expires.timestamp()),
        "certs": list(valid),
    }
    code = jwt.encode(claims, secret, algorithm=ALGORITHM)
    return CredentialCode(code=code, expires_at=expires.replace(microsecond=0), certificates=valid)


def _canonical(code: str) -> bool:
    parts = code.split(".")
    if len(parts) != 3:
        return False
    for part in parts:
        try:
            raw = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        except (binascii.Error, ValueError):
            return False
        if base64.urlsafe_b64encode(raw).decode().rstrip("=") != part:
            return False
    return True


def read(code: str, secret: bytes, now: datetime) -> tuple[str, ...] | str:
    """The certificate numbers a code vouches for, or why it does not verify."""
    if not _canonical(code.strip()):
        return "MALFORMED: 不是证书核验码"
    try:
        claims: dict[str, Any] = jwt.decode(
            code.strip(),
            secret,
            algorithms=[ALGORITHM],
            issuer=ISSUER,
            options={"require": ["exp", "iat", "iss"], "verify_exp": False},
        )
    except jwt.InvalidSignatureError:
        return "TAMPERED: 核验码的签名不符"
    except jwt.PyJWTError as exc:
        return f"MALFORMED: 核验码无法读取（{exc}）"
    if int(claims["exp"]) <= now.timestamp():
        expired = datetime.fromtimestamp(int(claims["exp"]), UTC).isoformat()
        return f"EXPIRED: 核验码已于 {expired} 过期"
    certs = claims.get("certs")
    if not isinstance(certs, list) or not all(isinstance(c, str) for c in certs) or not certs:
        return "MALFORMED: 核验码未列出任何证书"
    return tuple(certs)


def verify(
    numbers: Sequence[str], stored: Mapping[str, CertificateRecord], name: str | None
) -> Verification:
    """Check the certificates a good code names against the store."""
    found = [stored[n] for n in numbers if n in stored]
    masked = mask_name(name) if name else None
    missing = [n for n in numbers if n not in stored]
    if missing:
        return Verification(False, f"UNKNOWN: 证书 {missing[0]} 没有记录", None, ())
    if len({c.person for c in found}) != 1:
        return Verification(False, "MALFORMED: 这些证书不属于同一人", None, ())
    revoked = [c.no for c in found if c.status != VALID]
    if revoked:
        return Verification(False, f"REVOKED: 证书 {revoked[0]} 已被撤销", masked, tuple(found))
    return Verification(True, None, masked, tuple(found))
