"""Legal deadlines of the feed's bodies as all-day events (feed source `deadlines`).

- minutes due (D2315-26) for held meetings whose minutes are not yet sent to the employer;
- answers due in the registers (L2315-22 and the other registers' delays) while the entry awaits the direction;
- consultation deadlines (R2312-6) while the CSE has not given its opinion.

They are computed from a few rows and rendered per request (tens of µs each); every value written is
derived from the rows (no "now"), so the feed stays byte-identical while nothing changes. Confidential
register entries (L2315-3) appear by number only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from dialogue.consultations import service as consultations_service
from dialogue.consultations.tables import Consultation
from dialogue.core.clock import as_datetime
from dialogue.feeds.ics import CalAddress, render_all_day_event
from dialogue.feeds.meetings import window_start
from dialogue.feeds.sources import FeedEvent, FeedRequest, FeedSlice
from dialogue.meetings.service.common import meeting_reads
from dialogue.meetings.tables import Meeting
from dialogue.pages import links
from dialogue.registers.reminders import entries_due_between
from dialogue.registers.tables import RegisterEntry

#: Register answers and consultation deadlines shown ahead (days).
AHEAD_DAYS = 400
REGISTER_ARTICLES = {
    "questions": "L2315-22",
    "dgi": "L4132-2",
    "public_health": "L4133-2",
    "personal_rights": "L2312-59",
    "dialogue": "registre du dialogue social",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Deadline:
    """One all-day legal deadline (pure data; `stamp` is a stable instant derived from the source row)."""

    uid: str
    day: date
    summary: str
    description: str
    url: str
    stamp: datetime


def render_deadline(deadline: Deadline, organizer: CalAddress) -> FeedEvent:
    vevent = render_all_day_event(
        uid=deadline.uid,
        dtstamp=deadline.stamp,
        day=deadline.day,
        summary=deadline.summary,
        organizer=organizer,
        description=deadline.description,
        url=deadline.url,
        last_modified=deadline.stamp,
    )
    return FeedEvent(sort_key=(deadline.day.isoformat(), deadline.uid), vevent=vevent)


def _stamp_of(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


async def _minutes_due(request: FeedRequest, domain: str, since: date) -> list[Deadline]:
    since_at = datetime.combine(since, time(0, 0), tzinfo=UTC)
    rows = (
        await Meeting.select()
        .where(Meeting.body.is_in(list(request.body_ids)) & Meeting.held_at.is_not_null())
        .where(Meeting.starts_at >= since_at)
        .order_by(Meeting.starts_at)
    )
    if not rows:
        return []
    names = {r["id"]: r["name"] for r in await _body_names(request.body_ids)}
    found: list[Deadline] = []
    for read in await meeting_reads(rows):
        due = read.minutes.due_on
        if due is None or read.minutes.status not in (None, "draft"):
            continue
        held = read.starts_at.date().strftime("%d/%m/%Y")
        found.append(
            Deadline(
                uid=f"pv-due-{read.id}@{domain}",
                day=due,
                summary=f"Échéance : PV de la réunion du {held} à transmettre – {names.get(read.body_id, '')}",
                description=(
                    f"Procès-verbal de « {read.title} » à établir par le secrétaire et à transmettre à l'employeur "
                    "(art. D2315-26 du Code du travail)."
                ),
                url=f"{request.base_url}{links.meeting_path(read.id)}",
                stamp=read.updated_at,
            )
        )
    return found


async def _body_names(body_ids: Sequence[int]) -> list[dict[str, Any]]:
    from dialogue.bodies.tables import Body

    rows: list[dict[str, Any]] = await Body.select(Body.id, Body.name).where(Body.id.is_in(list(body_ids)))
    return rows


async def _register_answers(request: FeedRequest, domain: str, since: date) -> list[Deadline]:
    end = date.fromordinal(request.today.toordinal() + AHEAD_DAYS)
    due = await entries_due_between(start=since, end=end, today=request.today, organization_id=request.organization_id)
    bodies = set(request.body_ids)
    due = [item for item in due if item.body_id in bodies]
    if not due:
        return []
    submitted = {
        r["id"]: as_datetime(r["submitted_at"])
        for r in await RegisterEntry.select(RegisterEntry.id, RegisterEntry.submitted_at).where(
            RegisterEntry.id.is_in([item.entry_id for item in due])
        )
    }
    found: list[Deadline] = []
    for item in due:
        article = REGISTER_ARTICLES.get(item.register_kind, "")
        what = f"{item.register_title} n° {item.number}"
        description = (
            "Entrée confidentielle (L2315-3) : à lire dans l'application."
            if item.confidential
            else f"Objet : {item.subject}"
        )
        found.append(
            Deadline(
                uid=f"register-due-{item.entry_id}@{domain}",
                day=item.due_on,
                summary=f"Échéance : réponse de la direction – {what}",
                description=f"{description}\nRéponse motivée de l'employeur attendue ({article}).",
                url=f"{request.base_url}{links.entry_path(item.entry_id)}",
                stamp=submitted.get(item.entry_id, _stamp_of(item.due_on)),
            )
        )
    return found


async def _consultations(request: FeedRequest, domain: str, since: date) -> list[Deadline]:
    rows = await Consultation.select().where(
        Consultation.body.is_in(list(request.body_ids)) & Consultation.opinion.is_null()
    )
    names = {r["id"]: r["name"] for r in await _body_names(request.body_ids)}
    found: list[Deadline] = []
    for row in rows:
        deadline = await consultations_service.outlook(consultations_service.from_row(row), today=since)
        if deadline.deadline is None or deadline.deadline < since:
            continue
        found.append(
            Deadline(
                uid=f"consultation-due-{row['id']}@{domain}",
                day=deadline.deadline,
                summary=f"Échéance : avis du comité – {row['subject']} – {names.get(row['body'], '')}",
                description=(
                    f"Passé ce jour sans avis, le comité est réputé avoir rendu un avis négatif (L2312-16). "
                    f"Délai : {deadline.basis}."
                ),
                url=f"{request.base_url}{links.consultations_path(row['body'])}",
                stamp=as_datetime(row["updated_at"]),
            )
        )
    return found


async def deadlines_source(request: FeedRequest) -> FeedSlice:
    """All-day events for the legal deadlines of the feed's bodies."""
    if not request.body_ids:
        return FeedSlice(events=(), last_modified=None)
    domain = request.organizer.email.rsplit("@", 1)[1]
    since = window_start(request.today)
    deadlines = [
        *await _minutes_due(request, domain, since),
        *await _register_answers(request, domain, since),
        *await _consultations(request, domain, since),
    ]
    events = [render_deadline(d, request.organizer) for d in deadlines]
    return FeedSlice(events=events, last_modified=max((d.stamp for d in deadlines), default=None))
