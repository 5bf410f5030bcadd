"""Relay-style connections: ``totalCount``, ``edges { cursor node }``, ``pageInfo``.

Cursors are opaque to clients; inside they are the offset of the item in the ordered result
(``base64("offset:N")``), which the store slices. Catalogue results are small and their order
is total (rank, then id), so offsets are stable between requests while the seeds are.
"""

from __future__ import annotations

import base64
import binascii
from typing import Generic, TypeVar

import strawberry

from zhepai.schema.errors import bad_input

DEFAULT_PAGE = 20
MAX_PAGE = 100
# No list the API pages comes near two billion items. A larger offset is no cursor this API
# returned, and one beyond 64 bits reaches neither store (FalkorDB clamps it, Neo4j's driver
# cannot encode it).
MAX_OFFSET = 2**31 - 1

# Classic TypeVar generics: strawberry resolves these, not PEP 695 type parameters.
T = TypeVar("T")
_PREFIX = "offset:"
FIRST_HELP = f"How many items, at most {MAX_PAGE}; default {DEFAULT_PAGE}."
AFTER_HELP = "The endCursor of the previous page; null: from the start."


@strawberry.type(description="Where a page lies in the whole list.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="True when items follow this page.")
    has_previous_page: bool = strawberry.field(description="True when items precede it.")
    start_cursor: str | None = strawberry.field(description="The first item's cursor.")
    end_cursor: str | None = strawberry.field(
        description="The last item's cursor: pass it as `after` for the next page."
    )


@strawberry.type(description="One item of a page, with its cursor.")
class Edge(Generic[T]):  # noqa: UP046
    cursor: str = strawberry.field(description="Where the item lies (opaque).")
    node: T = strawberry.field(description="The item.")


@strawberry.type(description="One page of a list, and the list's size.")
class Connection(Generic[T]):  # noqa: UP046
    total_count: int = strawberry.field(description="Items in the whole list.")
    edges: list[Edge[T]] = strawberry.field(description="The page's items.")
    page_info: PageInfo = strawberry.field(description="Where the page lies.")


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{offset}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        text = ""
    digits = text[len(_PREFIX) :]
    # ASCII only: str.isdigit() also takes digits int() reads and others it does not
    if (
        not text.startswith(_PREFIX)
        or not (digits.isascii() and digits.isdigit())
        or len(digits) > 10
        or int(digits) > MAX_OFFSET
    ):
        raise bad_input("after", "不是本接口给出的游标", value=cursor)
    return int(digits)


def window(first: int | None, after: str | None) -> tuple[int, int]:
    """The (offset, limit) a ``first``/``after`` pair asks for; ``first`` is capped at 100."""
    if first is None:
        first = DEFAULT_PAGE
    if first < 0:
        raise bad_input("first", "不能为负数", value=first)
    offset = decode_cursor(after) + 1 if after is not None else 0
    return offset, min(first, MAX_PAGE)


def connection(items: list[T], total: int, offset: int) -> Connection[T]:  # noqa: UP047
    edges = [Edge(cursor=encode_cursor(offset + i), node=item) for i, item in enumerate(items)]
    return Connection(
        total_count=total,
        edges=edges,
        page_info=PageInfo(
            has_next_page=offset + len(items) < total,
            has_previous_page=offset > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
    )
