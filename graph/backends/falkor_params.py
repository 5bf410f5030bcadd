"""Parameters spelled for FalkorDB: the ``CYPHER name=value …`` header in front of a query.

FalkorDB takes parameters as Cypher literals in a header, not as a separate structure, so the
backend spells every value itself:

- **the plain way** (``literal``): the text the falkordb client writes
  (``falkordb.helpers.stringify_param_value``): strings in double quotes with ``\\`` and ``"``
  escaped, ``null``, maps with backticked keys, dates and times as ISO strings. Written here
  because the client's ``isinstance`` cascade per value was a large share of an import's
  time; exact type checks come first, and map keys are spelled once.
- **the fast way** (``json_literal``), for lists and maps of strings, integers and nulls
  under identifier keys, which is what the batch writes send (thousands of maps): orjson
  writes the JSON, which is the same literal once each ``"key":`` is turned into
  ```key`:``. FalkorDB reads JSON's short escapes (``\\" \\\\ \\n \\t \\r \\b \\f``) but
  not ``\\uXXXX``, which orjson uses for the other control characters, so a text with one
  goes the plain way (figures: bench/RESULTS.md, "Parameters through orjson").
  ``tests/test_falkordb_params.py`` pins which values take which way,
  ``tests/test_falkordb_roundtrip.py`` that they read back unchanged through the store.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import orjson

from zhepai.graph.errors import UNSTORABLE_TEXT, StoreInputError

_INT64 = (-(2**63), 2**63 - 1)
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def literal(value: Any) -> str:
    """A parameter value as FalkorDB's header spells it (the fast way where it applies)."""
    kind = type(value)
    if kind is list or kind is dict:
        fast = json_literal(value)
        if fast is not None:
            return fast
    return _plain(value)


def header(params: Mapping[str, Any], spelled: str = "") -> str:
    """``CYPHER a=… b=… `` for ``params`` and the ``assignments`` already ``spelled`` (empty
    without either)."""
    text = assignments(params) + spelled
    return "CYPHER " + text if text else ""


def assignments(params: Mapping[str, Any]) -> str:
    """``a=… b=… ``: the header's part for ``params``."""
    return "".join(f"`{_name(k)}`={literal(v)} " for k, v in params.items())


def json_literal(value: list[Any] | dict[str, Any]) -> str | None:
    """``value`` spelled through orjson, or None when it holds anything but strings without
    control characters other than JSON's short escapes, 64-bit integers, nulls, lists and
    maps under identifier keys (the plain way spells those)."""
    keys = _json_keys(value)
    if keys is None:
        return None
    try:
        text = orjson.dumps(value)
    except orjson.JSONEncodeError:  # an unpaired surrogate: the plain way says so
        return None
    if b"\\u" in text:
        return None  # a control character (NUL too) orjson spells \uXXXX, or text reading so
    # In orjson's output a quoted identifier followed by ':' is a map key: a value is never
    # followed by ':', and a quote inside a string is always escaped, so '"no":' cannot
    # occur inside one. One bytes.replace a key: a regex with groups is slower.
    for key in keys:
        quoted, ticked = _SPELLED[key]
        text = text.replace(quoted, ticked)
    return text.decode()


# identifier key -> its JSON and Cypher spellings before the ':' (the statements' few dozen;
# the bound keeps maps keyed by data, if one ever came, from growing it)
_SPELLED: dict[str, tuple[bytes, bytes]] = {}


def _json_keys(value: list[Any] | dict[str, Any]) -> set[str] | None:
    """The map keys in ``value`` if it may take the fast way, else None."""
    keys: set[str] = set()
    pending: list[Any] = [value]
    while pending:
        item = pending.pop()
        if type(item) is dict:
            keys.update(item)
            values: Any = item.values()
        else:
            values = item
        for v in values:
            kind = type(v)
            if kind is str or v is None:
                continue
            if kind is int:
                if not _INT64[0] <= v <= _INT64[1]:
                    return None
            elif kind is dict or kind is list:
                pending.append(v)
            else:
                return None  # floats, booleans, dates, subclasses: the plain way
    for key in keys:
        if key not in _SPELLED:
            if type(key) is not str or not _IDENTIFIER.fullmatch(key):
                return None
            if len(_SPELLED) >= _MAX_KEYS:
                return None
            _SPELLED[key] = (b'"' + key.encode() + b'":', b"`" + key.encode() + b"`:")
    return keys


def _plain(value: Any) -> str:
    kind = type(value)
    if kind is str:
        text: str = value
        # The server reads the header as a C string, so a NUL would end it early, and an
        # unpaired surrogate has no UTF-8.
        if "\x00" in text or not _utf8(text):
            raise StoreInputError(UNSTORABLE_TEXT)
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if value is None:
        return "null"
    if kind is int or kind is float:
        return str(value)
    if kind is dict:
        keys = _KEYS
        return (
            "{" + ",".join([(keys.get(k) or _key(k)) + _plain(v) for k, v in value.items()]) + "}"
        )
    if kind is list or kind is tuple:
        return "[" + ",".join([_plain(v) for v in value]) + "]"
    if isinstance(value, bool):
        return str(value)  # True / False, which the parser accepts
    if isinstance(value, datetime | date):
        return _plain(value.isoformat())
    if isinstance(value, str):  # StrEnum and other str subclasses
        return _plain(str.__str__(value))
    if isinstance(value, int | float):
        return _plain(int(value) if isinstance(value, int) else float(value))
    if isinstance(value, dict | list | tuple):
        return _plain(dict(value) if isinstance(value, dict) else list(value))
    raise TypeError(f"no Cypher literal for a {kind.__name__} parameter")


# map key -> "`key`:", checked once (keys come from the statements' few parameter shapes;
# the bound keeps maps keyed by data, if one ever came, from growing it)
_KEYS: dict[object, str] = {}
_MAX_KEYS = 4096


def _name(name: object) -> str:
    text = str(name)
    if not text or "`" in text:
        raise ValueError(f"not a usable parameter or map key: {text!r}")
    return text


def _key(name: object) -> str:
    spelled = f"`{_name(name)}`:"
    if type(name) is str and len(_KEYS) < _MAX_KEYS:
        _KEYS[name] = spelled
    return spelled


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
