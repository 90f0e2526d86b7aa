"""The `limit`/`offset` query parameters every list takes (CONTRACT.md)."""

from typing import Annotated

from litestar.params import QueryParameter

LimitParam = Annotated[int, QueryParameter(ge=1, le=500, description="Taille de page")]
OffsetParam = Annotated[int, QueryParameter(ge=0, le=10_000_000, description="Décalage")]
