"""Argument checks shared by the domains: formats first, existence in the store second."""

from __future__ import annotations

import re

from zhepai.schema.errors import bad_input

_SERIES = re.compile(r"^\d{2}$")
_REGION = re.compile(r"^\d{6}$")
_CODE = re.compile(r"^[A-Z][A-Z0-9_]*$")


def series_code(argument: str, value: str | None) -> str | None:
    if value is not None and not _SERIES.match(value):
        raise bad_input(argument, "a series code is two digits, '01' to '36'", value=value)
    return value


def region_code(argument: str, value: str | None) -> str | None:
    if value is not None and not _REGION.match(value):
        raise bad_input(argument, "a region code is six digits, e.g. '330824'", value=value)
    return value


def upper_code(argument: str, value: str | None) -> str | None:
    if value is not None and not _CODE.match(value):
        raise bad_input(argument, "codes are upper-case letters, digits and _", value=value)
    return value
