"""Shared API shapes: strict input models and the list envelope of the contract."""

from __future__ import annotations

from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator
from pydantic_core import PydanticCustomError

T = TypeVar("T")


#: Every integer column is a 32-bit integer on PostgreSQL (ids are `serial`): a number past that range
#: is refused here, with the same 422 on both engines, instead of overflowing one driver and not the other.
INT_MIN, INT_MAX = -(2**31), 2**31 - 1


def _check_value(value: Any) -> None:
    if isinstance(value, str):
        if "\x00" in value:
            raise PydanticCustomError("string_nul", "Le texte contient un caractère NUL (U+0000), interdit.")
    elif isinstance(value, int) and not isinstance(value, bool):
        if not INT_MIN <= value <= INT_MAX:
            raise PydanticCustomError("int_out_of_range", "Nombre hors des limites acceptées (au plus 2147483647).")
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_value(key)
            _check_value(item)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            _check_value(item)


class InputModel(BaseModel):
    """Every request body: unknown fields rejected, strings stripped; NUL characters (PostgreSQL cannot
    store them, SQLite would) and integers past 32 bits refused, with the same 422 on both engines."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def _storable(cls, value: Any) -> Any:
        _check_value(value)
        return value


class ReadModel(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Page(BaseModel, Generic[T]):
    """`{"items": [...], "total": N}` (CONTRACT.md, lists)."""

    items: list[T]
    total: int
    limit: int
    offset: int


Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]
ShortText = Annotated[str, StringConstraints(max_length=2000)]
LongText = Annotated[str, StringConstraints(max_length=100_000)]
Email = Annotated[
    str,
    StringConstraints(min_length=3, max_length=320, strip_whitespace=True, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$"),
]
Limit = Annotated[int, Field(ge=1, le=500)]
Offset = Annotated[int, Field(ge=0, le=10_000_000)]
