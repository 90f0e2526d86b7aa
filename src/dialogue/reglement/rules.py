"""Pure rules of the règlement intérieur (L2315-24): what it may set, within the legal floors, and which version is
in force."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

#: L2315-30: the agenda is sent at least 3 days before the meeting; the RI may set a longer period, never a shorter.
LEGAL_AGENDA_NOTICE_DAYS: Final = 3


@dataclass(frozen=True, slots=True)
class Adoption:
    """One adoption, as the rules need it."""

    id: int
    adopted_on: date


def parameter_errors(
    *, agenda_notice_days: int, visio_max_per_year: int | None, minutes_delay_days: int | None
) -> list[dict[str, str]]:
    """L2315-24: an RI organises the CSE's operation within the law; it cannot shorten the legal 3-day agenda
    notice (L2315-30). The visio limit (L2315-4) and the PV delay (D2315-26) are counts of meetings and days."""
    errors: list[dict[str, str]] = []
    if agenda_notice_days < LEGAL_AGENDA_NOTICE_DAYS:
        errors.append({"field": "parameters.agenda_notice_days", "message": "au moins 3 jours (L2315-30)"})
    if visio_max_per_year is not None and visio_max_per_year < 0:
        errors.append({"field": "parameters.visio_max_per_year", "message": "nombre positif ou nul (L2315-4)"})
    if minutes_delay_days is not None and minutes_delay_days < 1:
        errors.append({"field": "parameters.minutes_delay_days", "message": "au moins 1 jour (D2315-26)"})
    return errors


def in_force(adoptions: Sequence[Adoption], *, today: date) -> Adoption | None:
    """The version in force: the latest adopted on or before `today` (a later adoption replaces the former;
    on the same day, the last recorded)."""
    past = [a for a in adoptions if a.adopted_on <= today]
    return max(past, key=lambda a: (a.adopted_on, a.id)) if past else None
