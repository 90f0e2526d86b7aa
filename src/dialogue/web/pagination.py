"""The `limit`/`offset` query parameters every list takes (CONTRACT.md)."""

from typing import Annotated, TypeVar

from litestar.params import QueryParameter

from dialogue.core.schemas import Page

T = TypeVar("T")

LimitParam = Annotated[int, QueryParameter(ge=1, le=500, description="Taille de page")]
OffsetParam = Annotated[int, QueryParameter(ge=0, le=10_000_000, description="Décalage")]


def whole_page(items: list[T]) -> Page[T]:
    """A list kept short by nature (members, priorities, sessions…), sent whole in the paginated shape of every
    list, so a client reads every list the same way."""
    return Page(items=items, total=len(items), limit=len(items), offset=0)
