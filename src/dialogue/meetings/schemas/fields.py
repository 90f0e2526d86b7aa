"""Field types shared by the meetings' API shapes: time zone names, links, places, titles, reasons."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated
from zoneinfo import available_timezones

from pydantic import AfterValidator, StringConstraints


@lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def _check_timezone(value: str) -> str:
    if value not in _zones():
        raise ValueError(f"fuseau horaire inconnu : {value!r} (nom IANA attendu, ex. Europe/Paris)")
    return value


TimezoneName = Annotated[str, StringConstraints(min_length=1, max_length=64), AfterValidator(_check_timezone)]
Url = Annotated[str, StringConstraints(max_length=500, pattern=r"^https?://[^\s]+$")]
Location = Annotated[str, StringConstraints(max_length=300)]
Title = Annotated[str, StringConstraints(min_length=1, max_length=300)]
Reason = Annotated[str, StringConstraints(min_length=3, max_length=2000)]
