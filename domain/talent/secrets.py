"""The two secrets worker data depends on: the person-key secret and the credential secret.

The person key is an HMAC of the ID number: whoever holds the secret can link a number to
its record, nobody else can, and the number itself is never stored. Credential codes are
signed with the other secret. Both come from settings (``ZHEPAI_PERSON_KEY_SECRET``,
``ZHEPAI_CREDENTIAL_SECRET``); left unset, each is generated once into
``<data_dir>/secrets.json`` (mode 0600), which suits one machine. Changing the person-key
secret orphans every stored person, so production sets it explicitly and keeps it.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

from zhepai.config import Settings

_FILE = "secrets.json"
_NAMES = ("person_key", "credential")


def _generated(data_dir: Path) -> dict[str, str]:
    path = data_dir / _FILE
    try:
        with path.open(encoding="utf-8") as handle:
            stored: dict[str, str] = json.load(handle)
        if all(name in stored for name in _NAMES):
            return stored
    except FileNotFoundError:
        pass
    data_dir.mkdir(parents=True, exist_ok=True)
    fresh = {name: secrets.token_hex(32) for name in _NAMES}
    try:
        # O_EXCL: two processes starting together agree on whichever file lands first
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        with path.open(encoding="utf-8") as handle:
            existing: dict[str, str] = json.load(handle)
        return existing
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(fresh, handle)
    return fresh


def person_key_secret(settings: Settings) -> bytes:
    if settings.person_key_secret is not None:
        return settings.person_key_secret.get_secret_value().encode()
    return bytes.fromhex(_generated(settings.data_dir)["person_key"])


def credential_secret(settings: Settings) -> bytes:
    if settings.credential_secret is not None:
        return settings.credential_secret.get_secret_value().encode()
    return bytes.fromhex(_generated(settings.data_dir)["credential"])
