"""Persisted queries: Apollo's automatic persisted queries (APQ), and a trusted-documents mode.

A request names its document by hash in ``extensions.persistedQuery {version: 1,
sha256Hash}``. Hash only: the document kept under that hash runs, or the answer is
``PERSISTED_QUERY_NOT_FOUND`` and the client sends the hash with the document, which is
checked against the hash (``BAD_USER_INPUT`` if it does not match), kept and run. Documents
are kept in memory, least recently used first out, so a phone sends a large document once
per server process rather than with every request.

``ZHEPAI_TRUSTED_DOCUMENTS=path``: only the documents of that file run, by hash or in full;
anything else is refused with ``FORBIDDEN``, and nothing is learnt from requests. A persisted
document is run like any other: the limits, permissions and the GET rules all apply.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import OrderedDict
from collections.abc import Mapping
from pathlib import Path

from zhepai.config import Settings
from zhepai.schema.errors import BAD_USER_INPUT, FORBIDDEN

PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
# Apollo clients look for this message as well as the code before they resend the document.
NOT_FOUND_MESSAGE = "PersistedQueryNotFound"
# Larger documents run but are not kept: memory stays under entries × this.
MAX_KEPT_BYTES = 16 * 1024
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class PersistedQueryError(Exception):
    """A request the persisted-query rules refuse, with its HTTP status and code."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


class TrustedDocumentsError(Exception):
    """The trusted documents file cannot be used (a startup error for the operator)."""


def document_hash(document: str) -> str:
    return hashlib.sha256(document.encode()).hexdigest()


class PersistedQueries:
    def __init__(self, max_entries: int, trusted: Mapping[str, str] | None = None) -> None:
        self.max_entries = max_entries
        self.trusted = dict(trusted) if trusted is not None else None
        self._kept: OrderedDict[str, str] = OrderedDict()

    @classmethod
    def from_settings(cls, settings: Settings) -> PersistedQueries:
        path = settings.trusted_documents
        trusted = load_trusted(path) if path is not None else None
        return cls(settings.persisted_queries_max, trusted)

    def __len__(self) -> int:
        return len(self._kept)

    def resolve(self, query: str | None, extensions: Mapping[str, object] | None) -> str | None:
        """The document to run for a request's ``query`` and ``extensions``."""
        persisted = (extensions or {}).get("persistedQuery")
        if persisted is None:
            if query is not None and self.trusted is not None:
                self._check_trusted(document_hash(query))
            return query
        wanted = _hash_of(persisted)
        if query is not None:
            if document_hash(query) != wanted:
                raise PersistedQueryError(
                    400, BAD_USER_INPUT, "persistedQuery.sha256Hash is not the document's SHA-256"
                )
            if self.trusted is not None:
                self._check_trusted(wanted)
            else:
                self._keep(wanted, query)
            return query
        found = (self.trusted if self.trusted is not None else self._kept).get(wanted)
        if found is None:
            raise PersistedQueryError(200, PERSISTED_QUERY_NOT_FOUND, NOT_FOUND_MESSAGE)
        if self.trusted is None:
            self._kept.move_to_end(wanted)
        return found

    def _check_trusted(self, digest: str) -> None:
        assert self.trusted is not None
        if digest not in self.trusted:
            raise PersistedQueryError(
                403, FORBIDDEN, "this server runs only its trusted documents, and not this one"
            )

    def _keep(self, digest: str, query: str) -> None:
        if len(query.encode()) > MAX_KEPT_BYTES:
            return
        self._kept[digest] = query
        self._kept.move_to_end(digest)
        while len(self._kept) > self.max_entries:
            self._kept.popitem(last=False)


def _hash_of(persisted: object) -> str:
    if not isinstance(persisted, dict) or persisted.get("version") != 1:
        raise PersistedQueryError(
            400, BAD_USER_INPUT, "persistedQuery needs version 1 and a sha256Hash"
        )
    digest = persisted.get("sha256Hash")
    if not isinstance(digest, str) or not _SHA256.match(digest.lower()):
        raise PersistedQueryError(
            400, BAD_USER_INPUT, "persistedQuery.sha256Hash must be 64 hexadecimal digits"
        )
    return digest.lower()


def load_trusted(path: Path) -> dict[str, str]:
    """The documents of a trusted documents file, by hash. Two shapes are read: the map
    graphql-codegen's client preset writes (``{"sha256:<hash>": "query …"}``) and Apollo's
    persisted query manifest (``{"format": "apollo-persisted-query-manifest", "operations":
    [{"id", "body", …}]}``). Every hash must be its document's: a wrong one is a startup
    error, not a document that silently never runs."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise TrustedDocumentsError(f"cannot read the trusted documents {path}: {exc}") from exc
    pairs: list[tuple[object, object]]
    if isinstance(raw, dict) and raw.get("format") == "apollo-persisted-query-manifest":
        operations = raw.get("operations")
        if not isinstance(operations, list):
            raise TrustedDocumentsError(f"{path}: the manifest has no list of operations")
        pairs = [
            (o.get("id"), o.get("body")) if isinstance(o, dict) else (o, None) for o in operations
        ]
    elif isinstance(raw, dict):
        pairs = list(raw.items())
    else:
        raise TrustedDocumentsError(f"{path}: expected a JSON object of hash: document")
    documents: dict[str, str] = {}
    for digest, body in pairs:
        if not isinstance(digest, str) or not isinstance(body, str):
            raise TrustedDocumentsError(f"{path}: every entry needs a hash and a document")
        # graphql-codegen names the algorithm before the hash; clients send the bare hash
        bare = digest.lower().removeprefix("sha256:")
        if document_hash(body) != bare:
            raise TrustedDocumentsError(f"{path}: {digest} is not the SHA-256 of its document")
        documents[bare] = body
    if not documents:
        raise TrustedDocumentsError(f"{path} holds no document: nothing could run")
    return documents
