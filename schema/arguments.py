"""Helpers for resolver arguments: a description, and enum codes handed on as strings."""

from __future__ import annotations

from enum import Enum

import strawberry
from strawberry.types.arguments import StrawberryArgumentAnnotation


def about(description: str) -> StrawberryArgumentAnnotation:
    """An argument's description, for ``Annotated[type, about("...")]``."""
    return strawberry.argument(description=description)


def code(member: Enum) -> str:
    """The code an enum argument stands for: domain/ and graph/ take plain strings."""
    return str(member.value)


def value(member: Enum | None) -> str | None:
    return None if member is None else code(member)
