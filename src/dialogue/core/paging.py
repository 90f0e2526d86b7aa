"""Totals of paginated lists without a COUNT where the page itself tells them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sized


async def page_total(rows: Sized, *, limit: int, offset: int, count: Callable[[], Awaitable[int]]) -> int:
    """The number of rows behind a page. A page that is not full and not past the end is the last one, so the
    total is `offset` plus its rows and no COUNT is sent; otherwise `count` is awaited."""
    if len(rows) < limit and (len(rows) > 0 or offset == 0):
        return offset + len(rows)
    return await count()
