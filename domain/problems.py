"""Why an input cannot be taken: what the imports' rejects files and the mutations' errors say."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a row (or one field of it) cannot be taken."""

    field: str
    code: str
    message: str
