"""Permissions, declared once per field with ``permission_classes``.

Until authentication lands (the security issue), every caller is anonymous and the API is
read-mostly: base writes are the only mutations, and they are open. The security issue
replaces ``CanWriteBases.has_permission`` with the planner-role check; no resolver changes.
"""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission
from strawberry.types import Info


class CanWriteBases(BasePermission):
    message = "writing bases needs the planner role"
    error_extensions = {"code": "FORBIDDEN"}  # noqa: RUF012 - strawberry reads it per class

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        # No roles exist yet: every caller may write (see the module docstring).
        return True
