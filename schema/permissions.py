"""Permissions, declared once per field with ``permission_classes``.

Each class requires a role at least as high as its own; the roles are ordered (anonymous <
researcher < planner < officer < admin, see ``auth/roles.py``). A caller without a token who
is refused gets ``UNAUTHENTICATED`` (a token would help); a caller whose token's role is too
low gets ``FORBIDDEN``. Resolvers that only *vary* their answer by role (small-cell
suppression, say) ask ``role_of(info)`` instead of refusing.

Which field needs which role is checked for every field of the schema, as every role, by
tests/test_permissions.py against the table in tests/permission_table.py.
"""

from __future__ import annotations

from typing import Any, ClassVar

from graphql import GraphQLError
from strawberry.permission import BasePermission
from strawberry.types import Info

from zhepai.schema.errors import FORBIDDEN, UNAUTHENTICATED
from zhepai.web.roles import Role


def role_of(info: Info[Any, Any]) -> Role:
    """The caller's role, from the verified token (``Role.ANONYMOUS`` without one)."""
    role: Role = info.context.role
    return role


class RoleRequired(BasePermission):
    """Base of the role permissions: allows ``required`` and every role above it."""

    required: ClassVar[Role]
    error_extensions = {"code": FORBIDDEN}  # noqa: RUF012 - strawberry reads it per class

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.message = f"需要 {cls.required.label} 或更高的角色"
        cls.error_extensions = {"code": FORBIDDEN, "requiredRole": cls.required.label}

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        role = role_of(info)
        if role >= self.required:
            return True
        if role is Role.ANONYMOUS:
            raise GraphQLError(
                f"{self.message}：请发送 `Authorization: Bearer <token>`",
                extensions={"code": UNAUTHENTICATED, "requiredRole": self.required.label},
            )
        return False


class IsResearcher(RoleRequired):
    required = Role.RESEARCHER


class IsPlanner(RoleRequired):
    required = Role.PLANNER


class IsOfficer(RoleRequired):
    required = Role.OFFICER


class IsAdmin(RoleRequired):
    required = Role.ADMIN


class CanWriteBases(IsPlanner):
    """Base writes (create, update, retire): planners and above."""
