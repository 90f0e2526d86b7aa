"""Meetings by visio-conference (L2315-4): allowed by an agreement between the employer and the elected members;
without one, at most 3 meetings a calendar year. The number agreed is carried by the règlement intérieur in force
(`body.visio_max_per_year`, issue 16 "Texts of the CSE")."""

from __future__ import annotations

from datetime import datetime
from typing import Final
from zoneinfo import ZoneInfo

#: L2315-4: without an agreement, 3 meetings by visio-conference per calendar year.
LEGAL_VISIO_MEETINGS_PER_YEAR: Final = 3


def visio_limit(agreed: int | None) -> int:
    """The meetings by visio a calendar year may hold: the number agreed, else 3 (L2315-4)."""
    return LEGAL_VISIO_MEETINGS_PER_YEAR if agreed is None else agreed


def visio_refusal(*, already: int, agreed: int | None, year: int) -> str | None:
    """Why one more meeting by visio in `year` is refused when `already` are scheduled (None: allowed)."""
    limit = visio_limit(agreed)
    if already < limit:
        return None
    basis = (
        f"le nombre fixé par accord (repris au règlement intérieur) est de {limit}"
        if agreed is not None
        else "sans accord entre l'employeur et les élus, le recours est limité à trois réunions par année civile"
    )
    return (
        f"Déjà {already} réunion(s) en visioconférence en {year} : {basis} (art. L2315-4 du Code du travail). "
        "Réunissez l'instance en présentiel ou concluez un accord."
    )


def calendar_year_bounds(year: int, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The calendar year in the body's zone, as aware instants [start, end)."""
    return datetime(year, 1, 1, tzinfo=tz), datetime(year + 1, 1, 1, tzinfo=tz)


def local_year(moment: datetime, tz: ZoneInfo) -> int:
    return moment.astimezone(tz).year


__all__ = ["LEGAL_VISIO_MEETINGS_PER_YEAR", "calendar_year_bounds", "local_year", "visio_limit", "visio_refusal"]
