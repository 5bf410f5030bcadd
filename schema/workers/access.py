"""Who may see worker data: officers see records, researchers and up see small cells.

The role checks themselves are the shared ones (schema/permissions.py); this module names
what they mean for worker data, so the resolvers say it in one word.
"""

from __future__ import annotations

from typing import Any

from strawberry.types import Info

from zhepai.schema.permissions import IsOfficer, role_of
from zhepai.web.roles import Role

__all__ = ["IsOfficer", "sees_small_cells"]


def sees_small_cells(info: Info[Any, Any]) -> bool:
    """Researchers and every role above them see counts below the threshold."""
    return role_of(info) >= Role.RESEARCHER
