"""Argument checks shared by the domains: formats first, existence in the store second."""

from __future__ import annotations

import re

from zhepai.domain.text import CONTROL_MESSAGE, no_control
from zhepai.schema.errors import bad_input

_SERIES = re.compile(r"^\d{2}$")
_REGION = re.compile(r"^\d{6}$")
_CODE = re.compile(r"^[A-Z][A-Z0-9_]*$")


def series_code(argument: str, value: str | None) -> str | None:
    if value is not None and not _SERIES.match(value):
        raise bad_input(argument, "系列代码为两位数字，'01' 到 '36'", value=value)
    return value


def region_code(argument: str, value: str | None) -> str | None:
    if value is not None and not _REGION.match(value):
        raise bad_input(argument, "地区代码为六位数字，如 '330824'", value=value)
    return value


def upper_code(argument: str, value: str | None) -> str | None:
    if value is not None and not _CODE.match(value):
        raise bad_input(argument, "代码由大写字母、数字和 _ 组成", value=value)
    return value


def search_text(argument: str, value: str | None) -> str | None:
    """Search text is what people type: control or format characters (a NUL, say) are the
    caller's mistake, as in every import."""
    try:
        return no_control(value)
    except ValueError:
        raise bad_input(argument, CONTROL_MESSAGE) from None
