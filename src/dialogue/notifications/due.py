"""`dialogue notify-due [--today YYYY-MM-DD]`: enqueue the scheduled notices of the day, idempotently.

- the reminder the day before each convened meeting (optional category « reminder »);
- register answers due within 2 days or overdue, to the direction who must answer (L2315-22, L4132-2…);
- minutes due within 3 days or overdue, to the secretary (D2315-26);
- a consultation's deadline within 7 days, to the president and the secretary (R2312-6, L2312-16);
- each register's head digest, once a week (ISO week) when the register changed since the start of the week
  before, to its body's president and secretary, with the result of a full `verify` (issue 13).

Every notice has a dedupe key naming the object, the deadline and the recipient: running the command
several times a day (the looping worker runs it hourly) sends each notice once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from dialogue.consultations import service as consultations_service
from dialogue.consultations.tables import Consultation
from dialogue.core import clock
from dialogue.core.db import transaction
from dialogue.feeds.meetings import load_meetings, window_start
from dialogue.integrity import key_of
from dialogue.meetings.rules import MINUTES_BODY_KINDS
from dialogue.meetings.service.common import meeting_reads
from dialogue.meetings.tables import Meeting
from dialogue.notifications import directory, service
from dialogue.notifications.invitee_links import invitee_extras
from dialogue.notifications.messages import (
    ConsultationDeadlineData,
    DeadlineData,
    MailContext,
    Recipient,
    RegisterHeadDigestData,
    ReminderData,
    RenderedMail,
    render_consultation_deadline,
    render_deadline,
    render_register_head_digest,
    render_reminder,
)
from dialogue.notifications.rules import Category, is_convoked
from dialogue.pages import links
from dialogue.registers.events import EntryOverdue, RegisterEvent
from dialogue.registers.reminders import deadline_events
from dialogue.registers.service import changed_registers
from dialogue.settings import Settings

#: Days before a deadline when the "near" notice goes out.
REGISTER_NEAR_DAYS = 2
MINUTES_NEAR_DAYS = 3
CONSULTATION_NEAR_DAYS = 7
#: An overdue notice is still sent when the command did not run on the day after the deadline.
OVERDUE_CATCH_UP_DAYS = 7
REGISTER_ARTICLES = {
    "questions": "art. L2315-22 du Code du travail (réponse motivée de l'employeur)",
    "dgi": "art. L4132-2 du Code du travail (enquête et mesures en cas de danger grave et imminent)",
    "public_health": "art. L4133-2 du Code du travail (réponse à l'alerte en santé publique)",
    "personal_rights": "art. L2312-59 du Code du travail (enquête sans délai)",
    "dialogue": "délai convenu au registre du dialogue social",
}


@dataclass
class DueSummary:
    reminders: int = 0
    register_deadlines: int = 0
    minutes_deadlines: int = 0
    consultation_deadlines: int = 0
    head_digests: int = 0
    keys: list[str] = field(default_factory=list)
    #: The jobs of the modules above (`replace_scheduled_jobs`): their label → the notices they stored.
    others: dict[str, int] = field(default_factory=dict)

    def __str__(self) -> str:
        return (
            f"{self.reminders} rappel(s) de réunion, {self.register_deadlines} échéance(s) de registre, "
            f"{self.minutes_deadlines} échéance(s) de procès-verbal, "
            f"{self.consultation_deadlines} échéance(s) de consultation, "
            f"{self.head_digests} empreinte(s) de registre"
        ) + "".join(f", {count} {label}" for label, count in self.others.items())


#: A scheduled job of a module above notifications (the networks' nudges when a step stalls): awaited as
#: `job(today=…, settings=…)` in `notify_due`'s transaction, it enqueues idempotently (dedupe keys) and returns
#: the keys it stored this time.
ScheduledJob = Callable[..., Awaitable[list[str]]]
_SCHEDULED: dict[str, ScheduledJob] = {}


def replace_scheduled_jobs(jobs: Mapping[str, ScheduledJob]) -> None:
    """Install the modules' jobs, by the label the summary prints (`bootstrap` calls it; it replaces, never adds)."""
    _SCHEDULED.clear()
    _SCHEDULED.update(jobs)


async def _enqueue(
    summary: DueSummary,
    *,
    organization_id: int,
    recipient: Recipient,
    mail: RenderedMail,
    key: str,
    settings: Settings,
) -> bool:
    """True when a new row was stored (not already there, not turned off by the recipient)."""
    existed = await service.outbox_row_exists(key)
    stored = await service.enqueue(
        organization_id=organization_id, recipient=recipient, mail=mail, dedupe_key=key, settings=settings
    )
    if stored is None or existed:
        return False
    summary.keys.append(key)
    return True


_who = directory.recipient_key


def _local_midnight(day: date, settings: Settings) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=settings.tz).astimezone(UTC)


async def meeting_reminders(*, today: date, ctx: MailContext, settings: Settings, summary: DueSummary) -> None:
    """The day before a convened meeting, a reminder to everyone convoked (optional: « reminder »); not to the
    agenda recipients who are not convoked (labour inspector, CARSAT…: issue 13), who have no preferences."""
    tomorrow = today + timedelta(days=1)
    rows = await Meeting.select(Meeting.id).where(
        (Meeting.status == "convened")
        & (Meeting.starts_at >= _local_midnight(tomorrow, settings))
        & (Meeting.starts_at < _local_midnight(tomorrow + timedelta(days=1), settings))
    )
    facts = await load_meetings(r["id"] for r in rows)
    for meeting_id in sorted(facts):
        meeting = directory.meeting_mail(facts[meeting_id])
        for person in await directory.convocation_list(meeting_id=meeting_id):
            if not is_convoked(person.capacity, non_participants=settings.mail_non_participant_capacities):
                continue
            extras = invitee_extras(
                settings=settings,
                person=person,
                meeting=meeting,
                organization_id=facts[meeting_id].organization_id,
                category=Category.reminder,
            )
            mail = render_reminder(ctx, ReminderData(meeting=meeting), person.recipient, **extras)
            key = f"reminder:m{meeting_id}:{tomorrow.isoformat()}:{_who(person.recipient)}"
            if await _enqueue(
                summary,
                organization_id=facts[meeting_id].organization_id,
                recipient=person.recipient,
                mail=mail,
                key=key,
                settings=settings,
            ):
                summary.reminders += 1


def _register_deadline(event: RegisterEvent, body_name: str, today: date, due_on: date) -> DeadlineData:
    what = f"réponse à l'entrée n° {event.number} du {event.register_title.lower()}"
    if not event.confidential:
        what += f" (« {event.subject} »)"
    return DeadlineData(
        key=f"entry-{event.entry_id}",
        body_name=body_name,
        what=what,
        action="Inscrire au registre la réponse motivée de l'employeur.",
        due_on=due_on,
        today=today,
        article=REGISTER_ARTICLES.get(event.register_kind, "délai du registre"),
        path=links.entry_path(event.entry_id),
        digest=event.digest,
    )


async def register_deadlines(*, today: date, ctx: MailContext, settings: Settings, summary: DueSummary) -> None:
    """Entries due within 2 days, or overdue, to the president and direction members of the body."""
    events = await deadline_events(
        today=today,
        near_days=REGISTER_NEAR_DAYS,
        overdue_since=today - timedelta(days=OVERDUE_CATCH_UP_DAYS),
    )
    for event in events:
        due_on: date = event.due_on  # type: ignore[attr-defined]  # both event kinds carry it
        state = "overdue" if isinstance(event, EntryOverdue) else "near"
        data = _register_deadline(event, await directory.body_name(event.body_id), today, due_on)
        for person in await directory.direction_of(body_id=event.body_id, today=today):
            key = f"deadline:entry{event.entry_id}:{state}:{due_on.isoformat()}:{_who(person)}"
            if await _enqueue(
                summary,
                organization_id=event.organization_id,
                recipient=person,
                mail=render_deadline(ctx, data, person),
                key=key,
                settings=settings,
            ):
                summary.register_deadlines += 1


async def minutes_deadlines(*, today: date, ctx: MailContext, settings: Settings, summary: DueSummary) -> None:
    """Minutes not yet sent to the employer, due within 3 days or overdue, to the secretary (D2315-26)."""
    since = _local_midnight(window_start(today), settings)
    rows = await Meeting.select().where(
        Meeting.held_at.is_not_null()
        & (Meeting.starts_at >= since)
        & Meeting.body.kind.is_in(list(MINUTES_BODY_KINDS))
        & (Meeting.status != "cancelled")
    )
    for read in await meeting_reads(rows):
        due = read.minutes.due_on
        if due is None or read.minutes.status not in (None, "draft"):
            continue
        days_left = (due - today).days
        if days_left > MINUTES_NEAR_DAYS or -days_left > OVERDUE_CATCH_UP_DAYS:
            continue
        state = "overdue" if days_left < 0 else "near"
        body_name = await directory.body_name(read.body_id)
        data = DeadlineData(
            key=f"pv-{read.id}",
            body_name=body_name,
            what=f"procès-verbal de la réunion du {read.starts_at.strftime('%d/%m/%Y')} à transmettre à l'employeur",
            action="Établir le procès-verbal et le transmettre à l'employeur.",
            due_on=due,
            today=today,
            article="art. D2315-26 du Code du travail",
            path=links.meeting_path(read.id),
        )
        for person in await directory.secretaries_of(body_id=read.body_id, today=today):
            key = f"deadline:pv{read.id}:{state}:{due.isoformat()}:{_who(person)}"
            organization_id = await _organization_of(read.body_id)
            if await _enqueue(
                summary,
                organization_id=organization_id,
                recipient=person,
                mail=render_deadline(ctx, data, person),
                key=key,
                settings=settings,
            ):
                summary.minutes_deadlines += 1


async def _organization_of(body_id: int) -> int:
    from dialogue.bodies.tables import Body

    row = await Body.select(Body.organization).where(Body.id == body_id).first()
    assert row is not None
    return int(row["organization"])


async def consultation_deadlines(*, today: date, ctx: MailContext, settings: Settings, summary: DueSummary) -> None:
    """The CSE's opinion is due within 7 days (R2312-6): the president and the secretary are told."""
    rows = await Consultation.select(*Consultation.all_columns(), Consultation.body.organization).where(
        Consultation.opinion.is_null()
    )
    for row in rows:
        informed = clock.to_date(row["informed_on"])
        deadline = (await consultations_service.outlook(consultations_service.from_row(row), today=today)).deadline
        if deadline is None or not 0 <= (deadline - today).days <= CONSULTATION_NEAR_DAYS:
            continue
        data = ConsultationDeadlineData(
            consultation_id=row["id"],
            body_id=row["body"],
            body_name=await directory.body_name(row["body"]),
            subject=row["subject"],
            informed_on=informed,
            deadline=deadline,
            today=today,
            has_expert=bool(row["expert_appointed"]),
        )
        for person in await directory.president_and_secretary(body_id=row["body"], today=today):
            key = f"consultation-deadline:{row['id']}:{deadline.isoformat()}:{_who(person)}"
            if await _enqueue(
                summary,
                organization_id=int(row["body.organization"]),
                recipient=person,
                mail=render_consultation_deadline(ctx, data, person),
                key=key,
                settings=settings,
            ):
                summary.consultation_deadlines += 1


def digest_week(today: date) -> tuple[str, date]:
    """The ISO week of `today` (« 2026-W49 », the dedupe key's period) and the Monday of the week before: a
    register written since then gets this week's digest, so every change is mailed within about a week."""
    year, week, weekday = today.isocalendar()
    return f"{year}-W{week:02d}", today - timedelta(days=weekday - 1 + 7)


async def register_head_digests(*, today: date, ctx: MailContext, settings: Settings, summary: DueSummary) -> None:
    """Each register written since the Monday of last week: its head digest and full verification, to the
    president and the secretary of its body, once per register and ISO week."""
    week, since = digest_week(today)
    for register in await changed_registers(since=_local_midnight(since, settings), chain_key=key_of(settings)):
        verify, head = register.verify, register.verify.head
        data = RegisterHeadDigestData(
            register_id=register.id,
            register_kind=register.kind,
            register_title=register.title,
            body_name=await directory.body_name(register.body_id),
            week=week,
            records=verify.records,
            entries=verify.entries,
            head_number=head.number if head else None,
            head_seq=head.seq if head else None,
            head_hash=head.hash if head else None,
            valid=verify.valid,
            first_broken=verify.first_broken,
            broken_reason=verify.broken_reason,
            key_fingerprint=verify.key_fingerprint,
            checked_at=verify.checked_at,
        )
        for person in await directory.president_and_secretary(body_id=register.body_id, today=today):
            key = f"register-digest:r{register.id}:{week}:{_who(person)}"
            if await _enqueue(
                summary,
                organization_id=register.organization_id,
                recipient=person,
                mail=render_register_head_digest(ctx, data, person),
                key=key,
                settings=settings,
            ):
                summary.head_digests += 1


async def notify_due(*, settings: Settings, today: date | None = None) -> DueSummary:
    """Enqueue every notice due `today` (default: today in the organisation's zone), in one transaction."""
    today = today or clock.today_by_clock(settings.tz)
    ctx = MailContext.from_settings(settings)
    summary = DueSummary()
    async with transaction():
        await meeting_reminders(today=today, ctx=ctx, settings=settings, summary=summary)
        await register_deadlines(today=today, ctx=ctx, settings=settings, summary=summary)
        await minutes_deadlines(today=today, ctx=ctx, settings=settings, summary=summary)
        await consultation_deadlines(today=today, ctx=ctx, settings=settings, summary=summary)
        await register_head_digests(today=today, ctx=ctx, settings=settings, summary=summary)
        for label, job in _SCHEDULED.items():
            stored = await job(today=today, settings=settings)
            summary.others[label] = len(stored)
            summary.keys.extend(stored)
    return summary
