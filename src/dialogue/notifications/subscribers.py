"""Event subscribers of the notification side, declared in the composition root's table (`dialogue.bootstrap`),
which binds each to the settings it renders with.

Modules that notify (meetings, registers, QVT) emit domain events inside their transaction; these
subscribers render a message per recipient (`notifications.messages.render_*`) and `enqueue` it, so the
outbox rows commit or roll back with the business change.

Dedupe keys name the object, its version and the recipient, so that an event handled twice (or a command
run twice) never sends a message twice.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime

from dialogue.bodies.events import MemberChanged
from dialogue.core import clock
from dialogue.core.clock import to_local
from dialogue.feeds import meetings as feed_meetings
from dialogue.meetings.events import (
    MeetingCancelled,
    MeetingConvened,
    MeetingRescheduled,
    MinutesPublished,
)
from dialogue.notifications import directory, service
from dialogue.notifications.annexes import annexes_of
from dialogue.notifications.invitee_links import invitee_extras
from dialogue.notifications.messages import (
    AnswerPostedData,
    BarometerInvitationData,
    CancellationData,
    ConvocationData,
    DgiDisagreementData,
    MailContext,
    MeetingMail,
    MemberChangeData,
    MinutesPublishedData,
    Recipient,
    RegisterEntryData,
    RenderedMail,
    UpdateData,
    render_agenda_notice,
    render_answer_posted,
    render_barometer_invitation,
    render_cancellation,
    render_convocation,
    render_dgi_disagreement,
    render_member_changed,
    render_minutes_published,
    render_register_entry_submitted,
    render_update,
)
from dialogue.notifications.rendering import hour, long_date
from dialogue.notifications.rules import Category, is_convoked
from dialogue.qvt.events import BarometerInvitationsCreated
from dialogue.registers.events import DgiDisagreement, EntrySubmitted, RegisterEvent, ResponsePosted
from dialogue.settings import Settings

SUBSTITUTE = "substitute"
_who = directory.recipient_key


def _convoked(person: directory.Convoked, settings: Settings) -> bool:
    """Convoked (RSVP asked), or an agenda recipient for information only (issue 13; rules.is_convoked)."""
    return is_convoked(person.capacity, non_participants=settings.mail_non_participant_capacities)


async def _send_each(
    people: Iterable[Recipient],
    *,
    organization_id: int,
    mail: Callable[[Recipient], RenderedMail],
    key: str,
    settings: Settings,
) -> None:
    """One mail per person, exactly once: the dedupe key ends with whom it is for."""
    for person in people:
        await service.enqueue(
            organization_id=organization_id,
            recipient=person,
            mail=mail(person),
            dedupe_key=f"{key}:{_who(person)}",
            settings=settings,
        )


def _first_mail(
    ctx: MailContext, data: ConvocationData, person: directory.Convoked, settings: Settings, organization_id: int
) -> RenderedMail:
    """The convocation, or for someone not convoked the agenda for information (L2315-30, L2314-3). An external
    invitee gets their personal read-only link and is not asked to answer (issue 17)."""
    convoked = _convoked(person, settings)
    extras = invitee_extras(
        settings=settings,
        person=person,
        meeting=data.meeting,
        organization_id=organization_id,
        category=None if convoked else Category.agenda,
    )
    if convoked:
        return render_convocation(ctx, data, person.recipient, rsvp=person.asked_to_answer, **extras)
    return render_agenda_notice(ctx, data, person.recipient, reason=person.reason, **extras)


# ---------------------------------------------------------------- meetings


async def on_meeting_convened(event: MeetingConvened, *, settings: Settings) -> None:
    """L2315-30: one convocation per person convoked, with the agenda and a METHOD:REQUEST invitation; the
    agenda recipients who are not convoked get it for information (NON-PARTICIPANT, unsubscribe)."""
    facts = await feed_meetings.load_meeting(event.meeting_id)
    if facts is None:
        return
    ctx = MailContext.from_settings(settings)
    meeting = directory.meeting_mail(facts)
    convened_by = await directory.user_name(event.actor_user_id)
    late_reason = await _late_reason(event.meeting_id) if event.late else None
    annexes = await annexes_of(event.meeting_id)
    for person in await directory.convocations_by_id(event.convocation_ids):
        data = ConvocationData(
            meeting=meeting,
            convened_by=convened_by,
            late_reason=late_reason,
            is_substitute=person.capacity == SUBSTITUTE,
            annexes=annexes,
        )
        await service.enqueue(
            organization_id=event.organization_id,
            recipient=person.recipient,
            mail=_first_mail(ctx, data, person, settings, event.organization_id),
            dedupe_key=f"convocation:m{event.meeting_id}:s{event.sequence}:c{person.convocation_id}",
            settings=settings,
        )


async def _late_reason(meeting_id: int) -> str | None:
    from dialogue.meetings.tables import Meeting

    row = await Meeting.select(Meeting.late_reason).where(Meeting.id == meeting_id).first()
    return row["late_reason"] if row else None


def _changes(event: MeetingRescheduled) -> list[str]:
    changes: list[str] = []
    if event.starts_at != event.previous_starts_at:
        changes.append(
            f"Date : {long_date(event.starts_at)} à {hour(event.starts_at)} "
            f"(au lieu du {long_date(event.previous_starts_at)} à {hour(event.previous_starts_at)})"
        )
    if event.location != event.previous_location:
        changes.append(
            f"Lieu : {event.location or 'à préciser'} (au lieu de : {event.previous_location or 'non précisé'})"
        )
    return changes or ["Horaires ou modalités de la réunion (voir ci-dessous)"]


async def _convened_meeting(event: MeetingRescheduled | MeetingCancelled) -> MeetingMail | None:
    """The meeting as the mails show it, if it had been convened: otherwise nobody was told, nor is now."""
    if not event.was_convened:
        return None
    facts = await feed_meetings.load_meeting(event.meeting_id)
    return None if facts is None else directory.meeting_mail(facts)


async def on_meeting_rescheduled(event: MeetingRescheduled, *, settings: Settings) -> None:
    """A convened meeting moved (time, place, visio): an updated REQUEST, same UID, SEQUENCE + 1."""
    meeting = await _convened_meeting(event)
    if meeting is None:
        return
    ctx = MailContext.from_settings(settings)
    data = UpdateData(
        meeting=meeting, changes=_changes(event), previous_starts_at=event.previous_starts_at, reason=event.reason
    )
    # The meetings module drew up the convocation list again for the new sequence (new date, new delays).
    people = await directory.convocation_list(meeting_id=event.meeting_id, sequence=event.sequence)
    people = people or await directory.convocation_list(meeting_id=event.meeting_id)
    before = await directory.previous_convocation_emails(meeting_id=event.meeting_id, sequence=event.sequence)
    convocation: ConvocationData | None = None
    for person in people:
        if before is not None and person.recipient.email not in before:
            # Newly convoked (e.g. an SSCT invitee now that the date moved): a convocation, not an update.
            convocation = convocation or ConvocationData(
                meeting=data.meeting,
                convened_by=await directory.user_name(event.actor_user_id),
                late_reason=await _late_reason(event.meeting_id),
            )
            await service.enqueue(
                organization_id=event.organization_id,
                recipient=person.recipient,
                mail=_first_mail(
                    ctx,
                    replace(convocation, is_substitute=person.capacity == SUBSTITUTE),
                    person,
                    settings,
                    event.organization_id,
                ),
                dedupe_key=f"convocation:m{event.meeting_id}:s{event.sequence}:c{person.convocation_id}",
                settings=settings,
            )
            continue
        await service.enqueue(
            organization_id=event.organization_id,
            recipient=person.recipient,
            mail=render_update(
                ctx,
                data,
                person.recipient,
                convoked=_convoked(person, settings),
                rsvp=person.asked_to_answer,
                **invitee_extras(
                    settings=settings,
                    person=person,
                    meeting=meeting,
                    organization_id=event.organization_id,
                    category=None if _convoked(person, settings) else Category.agenda,
                ),
            ),
            dedupe_key=f"update:m{event.meeting_id}:s{event.sequence}:{_who(person.recipient)}",
            settings=settings,
        )


async def on_meeting_cancelled(event: MeetingCancelled, *, settings: Settings) -> None:
    """METHOD:CANCEL to everyone convoked (same UID, higher SEQUENCE), subject « Annulé : … »."""
    meeting = await _convened_meeting(event)
    if meeting is None:
        return
    ctx = MailContext.from_settings(settings)
    data = CancellationData(
        meeting=meeting,
        reason=event.reason,
        cancelled_by=await directory.user_name(event.actor_user_id),
    )
    for person in await directory.convocation_list(meeting_id=event.meeting_id):
        await service.enqueue(
            organization_id=event.organization_id,
            recipient=person.recipient,
            mail=render_cancellation(
                ctx, data, person.recipient, convoked=_convoked(person, settings), rsvp=person.asked_to_answer
            ),
            dedupe_key=f"cancellation:m{event.meeting_id}:s{event.sequence}:{_who(person.recipient)}",
            settings=settings,
        )


async def on_minutes_published(event: MinutesPublished, *, settings: Settings) -> None:
    """L2315-35: the adopted minutes are published; every member is told (no calendar part, threaded)."""
    facts = await feed_meetings.load_meeting(event.meeting_id)
    if facts is None:
        return
    ctx = MailContext.from_settings(settings)
    published_at, published_by, adopted_on = await directory.minutes_facts(event.meeting_id)
    data = MinutesPublishedData(
        meeting=directory.meeting_mail(facts),
        published_at=published_at or clock.utcnow(),
        published_by=await directory.user_name(published_by or event.actor_user_id),
        adopted_on=adopted_on,
    )
    await _send_each(
        await directory.body_people(body_id=event.body_id, today=clock.today_by_clock()),
        organization_id=event.organization_id,
        mail=lambda person: render_minutes_published(ctx, data, person),
        key=f"minutes:m{event.meeting_id}:n{event.minutes_id}",
        settings=settings,
    )


# ---------------------------------------------------------------- registers


async def entry_data(event: RegisterEvent, *, submitted_by: str, submitted_at: datetime) -> RegisterEntryData:
    """The entry as e-mails print it: for a confidential one (L2315-3) neither subject nor text."""
    text = "" if event.confidential else directory.excerpt(await directory.entry_text(event.entry_id))
    return RegisterEntryData(
        entry_id=event.entry_id,
        register_kind=event.register_kind,
        body_name=await directory.body_name(event.body_id),
        number=event.number,
        subject=event.subject,
        excerpt=text,
        submitted_by=submitted_by,
        submitted_at=submitted_at,
        due_on=getattr(event, "due_on", None),
        digest=event.digest,
        confidential=event.confidential,
    )


async def on_entry_submitted(event: EntrySubmitted, *, settings: Settings) -> None:
    """A new entry, to the direction who must answer (president and direction members, L2315-22).

    Run by the worker (`fanout.defer`), not under the register's lock: the direction is the one in office
    on the day of the submission."""
    ctx = MailContext.from_settings(settings)
    data = await entry_data(
        event, submitted_by=await directory.user_name(event.author_user_id), submitted_at=event.submitted_at
    )
    submitted_on = to_local(event.submitted_at).date()
    await _send_each(
        await directory.direction_of(body_id=event.body_id, today=submitted_on),
        organization_id=event.organization_id,
        mail=lambda person: render_register_entry_submitted(ctx, data, person),
        key=f"entry:{event.entry_id}",
        settings=settings,
    )


async def on_response_posted(event: ResponsePosted, *, settings: Settings) -> None:
    """The direction's answer (or DGI step, or closing), to the entry's author.

    Run by the worker (`notifications.fanout`), not under the register's lock."""
    author = await directory.user_recipient(event.entry_author_user_id)
    if author is None or author.user_id == event.actor_user_id:
        return
    ctx = MailContext.from_settings(settings)
    entry = await entry_data(event, submitted_by=author.name or "", submitted_at=event.submitted_at)
    text = "" if event.confidential else directory.excerpt(await _response_text(event.response_id))
    data = AnswerPostedData(
        entry=entry,
        answered_by=await directory.user_name(event.actor_user_id, default="La direction"),
        answered_at=event.submitted_at,
        excerpt=text,
    )
    await service.enqueue(
        organization_id=event.organization_id,
        recipient=author,
        mail=render_answer_posted(ctx, data, author),
        dedupe_key=f"answer:{event.response_id}:{_who(author)}",
        settings=settings,
    )


async def _response_text(response_id: int) -> str:
    from dialogue.registers.tables import RegisterResponse

    row = await RegisterResponse.select(RegisterResponse.body).where(RegisterResponse.id == response_id).first()
    return str(row["body"]) if row else ""


async def on_dgi_disagreement(event: DgiDisagreement, *, settings: Settings) -> None:
    """L4132-3 legal notice to the president and the secretary: CSE within 24 hours.

    Run by the worker (`notifications.fanout`), not under the register's lock: the president and the secretary
    are those in office on the day the disagreement was recorded."""
    ctx = MailContext.from_settings(settings)
    recorded_by = await directory.user_name(event.actor_user_id, default="La direction")
    entry = await entry_data(event, submitted_by=recorded_by, submitted_at=event.recorded_at)
    data = DgiDisagreementData(
        entry=entry, meeting_due_by=event.meeting_due_by, reason=event.reason, recorded_by=recorded_by
    )
    await _send_each(
        await directory.president_and_secretary(body_id=event.body_id, today=to_local(event.recorded_at).date()),
        organization_id=event.organization_id,
        mail=lambda person: render_dgi_disagreement(ctx, data, person),
        key=f"dgi:{event.response_id}",
        settings=settings,
    )


# ---------------------------------------------------------------- bodies


async def on_member_changed(event: MemberChanged, *, settings: Settings) -> None:
    """A seat added, changed or removed: a notice to the body's president and secretary (after the change)."""
    ctx = MailContext.from_settings(settings)
    data = MemberChangeData(
        body_id=event.body_id,
        body_name=await directory.body_name(event.body_id),
        member_name=event.member_name,
        action=event.action,
        lines=event.lines,
        changed_by=await directory.user_name(event.actor_user_id, default="Un administrateur"),
        changed_at=clock.utcnow(),
    )
    people = await directory.president_and_secretary(body_id=event.body_id, today=clock.today_by_clock())
    if event.previous_role in (*directory.DIRECTION_ROLES, *directory.SECRETARY_ROLES):
        former = await directory.user_recipient(event.member_user_id)
        if former is not None and all(p.user_id != former.user_id for p in people):
            people.append(former)
    await _send_each(
        people,
        organization_id=event.organization_id,
        mail=lambda person: render_member_changed(ctx, data, person),
        key=f"member-change:{event.audit_id}",
        settings=settings,
    )


# ---------------------------------------------------------------- QVT barometer


async def on_barometer_invitations(event: BarometerInvitationsCreated, *, settings: Settings) -> None:
    """One e-mail per address with its personal link. The link is stored only in the row's `secret`, wiped
    once sent; the recipient is not tied to an account, and the dedupe key is an HMAC of the link."""
    ctx = MailContext.from_settings(settings)
    key = settings.secret_key.get_secret_value().encode()
    organization = await directory.organization_name(event.organization_id)
    for invitation in event.invitations:
        data = BarometerInvitationData(
            barometer_id=event.barometer_id,
            title=event.barometer_title,
            year=event.year,
            organization_name=organization,
            closes_at=event.closes_at,
            establishment=invitation.establishment,
            department=invitation.department,
        )
        recipient = Recipient(email=invitation.email)
        mac = hmac.new(key, f"barometer-invitation:{invitation.url}".encode(), hashlib.sha256).hexdigest()[:32]
        await service.enqueue(
            organization_id=event.organization_id,
            recipient=recipient,
            mail=render_barometer_invitation(ctx, data, recipient, link=invitation.url),
            dedupe_key=f"barometer:{event.barometer_id}:{mac}",
            settings=settings,
        )
