"""Due dates and answer delays of register entries (L2315-22, L4132-2, L4132-3, L4133-3, L2312-59).

Pure functions only: callers pass the dates, the Alsace-Moselle flag and the holidays worked in the establishment.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Final
from zoneinfo import ZoneInfo

from dialogue.core.clock import FRENCH_MONTHS, FRENCH_WEEKDAYS, add_months
from dialogue.core.workdays import NO_WORKED_HOLIDAYS, add_jours_ouvrables, deadline_warning, subtract_jours_ouvrables
from dialogue.registers.rules.kinds import RegisterKind


def question_submission_deadline(
    *, meeting_on: date, alsace_moselle: bool = False, worked_holidays: frozenset[str] = NO_WORKED_HOLIDAYS
) -> date:
    """Last day to hand in the written questions: 2 jours ouvrables before the meeting (L2315-22); a holiday
    habitually worked in the establishment is a jour ouvrable."""
    return subtract_jours_ouvrables(meeting_on, 2, alsace_moselle=alsace_moselle, worked_holidays=worked_holidays)


def is_question_late(
    *,
    submitted_on: date,
    meeting_on: date,
    alsace_moselle: bool = False,
    worked_holidays: frozenset[str] = NO_WORKED_HOLIDAYS,
) -> bool:
    """True when the note came after the 2-jours-ouvrables limit (L2315-22; allowed only if exceptional)."""
    deadline = question_submission_deadline(
        meeting_on=meeting_on, alsace_moselle=alsace_moselle, worked_holidays=worked_holidays
    )
    return submitted_on > deadline


def question_answer_due_on(
    *, meeting_on: date, alsace_moselle: bool = False, worked_holidays: frozenset[str] = NO_WORKED_HOLIDAYS
) -> date:
    """The employer answers in writing at the latest 6 jours ouvrables after the meeting (L2315-22); a holiday
    habitually worked in the establishment is a jour ouvrable."""
    return add_jours_ouvrables(meeting_on, 6, alsace_moselle=alsace_moselle, worked_holidays=worked_holidays)


def due_on_warning(due_on: date | None, *, alsace_moselle: bool = False) -> str | None:
    """A due date on a Sunday or a public holiday stays where it is (no text extends it): the warning shown."""
    return None if due_on is None else deadline_warning(due_on, alsace_moselle=alsace_moselle)


def dgi_investigation_due_on(*, alerted_on: date) -> date:
    """The employer investigates a DGI alert immediately with the member who raised it (L4132-2): same day."""
    return alerted_on


def dgi_cse_meeting_due_by(*, disagreement_at: datetime) -> datetime:
    """On disagreement the CSE is convened urgently, within 24 hours at most (L4132-3); counted in UTC (DST)."""
    if disagreement_at.utcoffset() is None:
        raise ValueError("horodatage sans fuseau : seules les dates-heures avec fuseau sont acceptées")
    return disagreement_at.astimezone(UTC) + timedelta(hours=24)


_WEEKDAYS: Final = FRENCH_WEEKDAYS
_MONTHS: Final = FRENCH_MONTHS


def local_deadline_text(moment: datetime, *, tz: ZoneInfo) -> str:
    """The 24-hour DGI limit (L4132-3) as people read it: local time with its zone, never bare UTC."""
    if moment.utcoffset() is None:
        raise ValueError("horodatage sans fuseau : seules les dates-heures avec fuseau sont acceptées")
    local = moment.astimezone(tz)
    day = "1er" if local.day == 1 else str(local.day)
    offset = local.strftime("%z")
    return (
        f"{_WEEKDAYS[local.weekday()]} {day} {_MONTHS[local.month - 1]} {local.year} à {local.hour} h "
        f"{local.minute:02d} (heure locale, {tz.key}, UTC{offset[:3]}:{offset[3:]})"
    )


def public_health_follow_up_due_on(*, alerted_on: date) -> date:
    """Without follow-up within 1 month the author may refer to the préfet (L4133-3, partially verified)."""
    return add_months(alerted_on, 1)


def may_refer_to_prefet(
    *, alerted_on: date, followed_up_on: date | None, disagreement: bool = False, today: date
) -> bool:
    """Referral to the préfet: on disagreement about the merits, or no follow-up within the month (L4133-3)."""
    if disagreement:
        return True
    due = public_health_follow_up_due_on(alerted_on=alerted_on)
    return today > due and (followed_up_on is None or followed_up_on > due)


def personal_rights_investigation_due_on(*, alerted_on: date) -> date:
    """The employer investigates "sans délai" with the member (L2312-59): same day."""
    return alerted_on


def entry_due_on(
    *,
    kind: RegisterKind,
    submitted_on: date,
    meeting_on: date | None = None,
    alsace_moselle: bool = False,
    worked_holidays: frozenset[str] = NO_WORKED_HOLIDAYS,
) -> date | None:
    """The date an entry of `kind` must be acted upon; None for the free `dialogue` register."""
    if kind is RegisterKind.QUESTIONS:
        if meeting_on is None:
            raise ValueError("Une question au registre (L2315-22) doit indiquer la réunion à laquelle elle se rapporte")
        return question_answer_due_on(
            meeting_on=meeting_on, alsace_moselle=alsace_moselle, worked_holidays=worked_holidays
        )
    if kind is RegisterKind.DGI:
        return dgi_investigation_due_on(alerted_on=submitted_on)
    if kind is RegisterKind.PUBLIC_HEALTH:
        return public_health_follow_up_due_on(alerted_on=submitted_on)
    if kind is RegisterKind.PERSONAL_RIGHTS:
        return personal_rights_investigation_due_on(alerted_on=submitted_on)
    return None


def rescheduled_question_due_on(
    *,
    current_meeting_on: date | None,
    new_meeting_on: date,
    alsace_moselle: bool = False,
    worked_holidays: frozenset[str] = NO_WORKED_HOLIDAYS,
) -> date | None:
    """The new due date of a question whose meeting moved to `new_meeting_on` (6 jours ouvrables after it,
    L2315-22); None when the meeting day did not change (nothing to record)."""
    if current_meeting_on == new_meeting_on:
        return None
    return question_answer_due_on(
        meeting_on=new_meeting_on, alsace_moselle=alsace_moselle, worked_holidays=worked_holidays
    )
