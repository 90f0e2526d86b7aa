"""Health and safety meetings: the written notice of the SSCT meetings (L2315-27 al. 4) and the meeting after a
DGI disagreement (L4132-3)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo
from enum import StrEnum

from dialogue.core.clock import PARIS
from dialogue.meetings.rules.base import aware
from dialogue.meetings.rules.convening import SSCT_CONFIRMATION_DAYS, latest_sending_date

SSCT_NOTICE_RECIPIENTS = ("inspection_travail", "medecin_travail", "carsat")  # L2315-27 al. 4


# --- DGI disagreement (L4132-3) -----------------------------------------------------------------------------

DGI_MEETING_DELAY = timedelta(hours=24)


def dgi_meeting_latest_start(*, disagreement_at: datetime) -> datetime:
    """L4132-3: the CSE meets within 24 hours of the disagreement; 24 elapsed hours, so DST-safe (UTC maths)."""
    moment = aware("disagreement_at", disagreement_at)
    return (moment.astimezone(UTC) + DGI_MEETING_DELAY).astimezone(moment.tzinfo)


class SsctNoticeStatus(StrEnum):
    DUE = "due"  # to send, the last day has not passed
    LATE = "late"  # not sent and the last day has passed
    SENT = "sent"  # sent on time to every recipient
    SENT_LATE = "sent_late"  # sent to every recipient, after the last day


def ssct_notice_required(*, body_kind: str, full_remit: bool, meeting_kind: str, treats_ssct: bool) -> bool:
    """L2315-27 al. 4: the SSCT meetings of the CSE's annual calendar (>= 50) are confirmed in writing to the
    labour inspector, the médecin du travail and the CARSAT agent; extraordinary meetings are not in the
    calendar."""
    return body_kind == "cse" and full_remit and treats_ssct and meeting_kind != "extraordinary"


def ssct_notice_due_on(*, meeting_start: datetime, tz: tzinfo = PARIS) -> date:
    """L2315-27 al. 4: confirmed in writing at least 15 days before: the meeting's local day minus 15 days."""
    return latest_sending_date(meeting_start=meeting_start, days=SSCT_CONFIRMATION_DAYS, tz=tz)


def ssct_notice_state(
    *, due_on: date, today: date, sent_on: date | None, recipients: Sequence[str] = SSCT_NOTICE_RECIPIENTS
) -> SsctNoticeStatus:
    """Due, late, sent or sent late (L2315-27 al. 4): sent only once every recipient (inspection, médecin du
    travail, CARSAT) has it; a notice is never a delay of the convocation to members."""
    complete = sent_on is not None and set(SSCT_NOTICE_RECIPIENTS) <= set(recipients)
    if complete and sent_on is not None:
        return SsctNoticeStatus.SENT if sent_on <= due_on else SsctNoticeStatus.SENT_LATE
    return SsctNoticeStatus.LATE if today > due_on else SsctNoticeStatus.DUE
