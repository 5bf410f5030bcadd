"""Who may see worker data: officers see records, researchers and up see small cells; and
which fields read it, so that the HTTP view refuses them over GET.

The role checks themselves are the shared ones (schema/permissions.py); this module names
what they mean for worker data, so the resolvers say it in one word.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    BREAK,
    DocumentNode,
    FieldNode,
    GraphQLSchema,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    visit,
)
from strawberry.types import Info

from zhepai.schema.permissions import IsOfficer, role_of
from zhepai.web.roles import Role

__all__ = ["PERSONAL_FIELDS", "IsOfficer", "personal_field", "small_cells_below", "withheld_below"]

# The fields that take or return a worker's data (an ID number, a credential code, a record,
# the audit of reads). Over GET the document is in the URL, which access logs, proxies and
# browser histories keep; these are refused there (server.py) and answered over POST.
PERSONAL_FIELDS = frozenset(
    {
        "Query.worker",
        "Query.workerAudit",
        "Query.verifyCredential",
        "Mutation.issueCredentialCode",
        "Mutation.revokeCertificate",
    }
)


def withheld_below(role: Role, threshold: int) -> int | None:
    """The count below which figures are withheld from ``role``: researchers and every role
    above them see them all (None)."""
    return None if role >= Role.RESEARCHER else threshold


def small_cells_below(info: Info[Any, Any]) -> int | None:
    """``withheld_below`` for the caller of a statistics field."""
    return withheld_below(role_of(info), info.context.workers.small_cell_threshold)


def personal_field(schema: GraphQLSchema, document: DocumentNode) -> str | None:
    """The first field of ``document`` (in any operation or fragment) that reads worker
    data, as ``Type.field``; None when there is none."""
    type_info = TypeInfo(schema)
    found: list[str] = []

    class Finder(Visitor):
        def enter_field(self, node: FieldNode, *_: Any) -> object:
            parent = type_info.get_parent_type()
            coordinate = f"{parent.name}.{node.name.value}" if parent else ""
            if coordinate in PERSONAL_FIELDS:
                found.append(coordinate)
                return BREAK
            return None

    visit(document, TypeInfoVisitor(type_info, Finder()))
    return found[0] if found else None
