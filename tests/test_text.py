"""The control-character check covers exactly Unicode's Cc and Cf categories."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from zhepai.domain.bases.rules import BaseInputRow
from zhepai.domain.text import no_control


def test_exactly_the_control_and_format_characters_are_refused() -> None:
    refused = {c for c in range(sys.maxunicode + 1) if not _passes(chr(c))}
    expected = {
        c for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) in ("Cc", "Cf")
    }
    assert refused == expected


def _passes(text: str) -> bool:
    try:
        no_control(text)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("name", ["萧山\x00基地", "萧山\u202e基地", "萧山\x07基地"])
def test_a_base_name_with_control_characters_is_refused(name: str) -> None:
    with pytest.raises(ValueError, match="控制字符"):
        BaseInputRow(id="B-1", name=name, kind="LEAD_ENTERPRISE", region_code="330109",
                     series=("09",))  # fmt: skip
