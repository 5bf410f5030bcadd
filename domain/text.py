"""Free text people type: the checks every import applies to names, and search text."""

from __future__ import annotations

import re

# Unicode categories Cc (control) and Cf (format: zero-width, bidi overrides, BOM) — one
# regex pass is far cheaper per row than asking unicodedata about every character.
_CONTROL_CHARACTERS = (
    "\x00-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2"
    "\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
_CONTROL = re.compile(f"[{_CONTROL_CHARACTERS}]")
# The same rule as a pattern for pydantic, which checks it in Rust, without calling back
# into Python for every field of every row an import reads.
NO_CONTROL_PATTERN = f"^[^{_CONTROL_CHARACTERS}]*$"
# the API's answer (search text, a base's fields)
CONTROL_MESSAGE = "含有控制字符或格式字符"


def no_control(value: str | None) -> str | None:
    if value is not None and _CONTROL.search(value):
        raise ValueError(CONTROL_MESSAGE)
    return value


def normalise_query(text: str) -> str | None:
    """A user's search text spelled as the stored search text is (loaders/seed_rows.py's
    ``search_text``: lowercased, no whitespace); None when nothing is left."""
    cleaned = "".join(text.split()).lower()
    return cleaned or None
