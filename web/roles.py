"""Roles, ordered: each includes every role before it.

``anonymous`` is whoever sends no token; the others come from a verified token's ``role``
claim. Compare roles with ``>=``: ``role >= Role.PLANNER`` holds for planners, officers and
admins.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class Role(IntEnum):
    ANONYMOUS = 0
    RESEARCHER = 1  # aggregates without small-cell suppression
    PLANNER = 2  # + base writes
    OFFICER = 3  # + worker records and credential issuing
    ADMIN = 4  # everything

    @property
    def label(self) -> str:
        """The role as tokens, the command line and messages spell it: ``planner``."""
        return self.name.lower()

    @classmethod
    def from_label(cls, label: str) -> Role:
        for role in cls:
            if role.label == label:
                return role
        raise ValueError(f"没有角色 {label!r}，须为 {', '.join(r.label for r in cls)} 之一")


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: the token's subject (what audit trails record) and its role."""

    subject: str
    role: Role


ANONYMOUS = Principal(subject="anonymous", role=Role.ANONYMOUS)
