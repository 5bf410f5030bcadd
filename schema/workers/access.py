"""Who may see worker data: officers see records, researchers and up see small cells.

Until the security issue's tokens land every caller is anonymous: worker records and
credential issuing are refused, and statistics withhold small cells for everyone.
"""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission
from strawberry.types import Info

_RANK = {"anonymous": 0, "researcher": 1, "planner": 2, "officer": 3, "admin": 4}


def _rank(info: Info[Any, Any]) -> int:
    return _RANK.get(str(getattr(info.context, "role", "anonymous")), 0)


def sees_small_cells(info: Info[Any, Any]) -> bool:
    """Researchers, planners (who include researchers), officers and admins."""
    return _rank(info) >= _RANK["researcher"]


class IsOfficer(BasePermission):
    message = "worker records need the officer role"
    error_extensions = {"code": "FORBIDDEN"}  # noqa: RUF012 - strawberry reads it per class

    def has_permission(self, source: Any, info: Info[Any, Any], **kwargs: Any) -> bool:
        return _rank(info) >= _RANK["officer"]
