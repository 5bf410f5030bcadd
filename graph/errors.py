"""Store failures, each with the error code the API reports for it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import orjson


class StoreError(Exception):
    """A store call failed for a reason the caller cannot fix."""

    code = "INTERNAL"


class StoreUnavailable(StoreError):
    """The store cannot be reached (not started, refused, timed out connecting)."""

    code = "STORE_UNAVAILABLE"


class StoreTimeout(StoreError):
    """A query ran past the configured store timeout."""

    code = "STORE_TIMEOUT"


class StoreInputError(StoreError):
    """A value the store cannot take as a parameter (text with a NUL character or an unpaired
    surrogate, on either store: ``refuse_unstorable``; on Neo4j an integer beyond 64 bits);
    the caller's input, refused before it is sent."""

    code = "BAD_USER_INPUT"


UNSTORABLE_TEXT = "NUL 字符或不成对的代理字符（无法存储的文本）"
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def refuse_unstorable(params: Mapping[str, Any]) -> None:
    """Raise StoreInputError if ``params`` hold text FalkorDB cannot take (it reads parameters
    as C strings in UTF-8: graph/backends/falkor_params.py). Neo4j could store a NUL, but its
    backend refuses the same text, so that a caller gets the same answer from either store."""
    try:
        spelled = orjson.dumps(dict(params), default=_plain)
    except TypeError:  # a surrogate (or an integer beyond 64 bits): look closer
        pass
    else:
        if b"\\u0000" not in spelled:
            return
    pending: list[Any] = [params]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if _UNSTORABLE.search(item):
                raise StoreInputError(UNSTORABLE_TEXT)
        elif isinstance(item, Mapping):
            pending.extend(item.values())
        elif isinstance(item, list | tuple):
            pending.extend(item)


def _plain(value: object) -> object:
    return dict(value) if isinstance(value, Mapping) else str(value)


class StoreShapeError(StoreError):
    """The store holds data in a shape this version does not write (written by an older
    version); writing on would mix the two."""

    code = "STORE_SHAPE"
