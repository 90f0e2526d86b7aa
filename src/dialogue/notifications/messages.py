"""One render function per message kind, taking plain data (dataclasses), so that the meetings and
registers modules can build their notifications without knowing templates, MIME or iTIP.

A render function returns a `RenderedMail` (subject, text, HTML, optional iTIP calendar part, thread);
`notifications.service.enqueue` stores it in the outbox for one recipient.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

from dialogue.feeds.ics import CalAddress, render_calendar, render_event
from dialogue.feeds.rules import meeting_uid
from dialogue.notifications.rendering import render, short_date
from dialogue.notifications.rules import Category, meeting_thread_root, thread_root
from dialogue.pages import links
from dialogue.settings import Settings

IcsMethod = Literal["REQUEST", "CANCEL"]


@dataclass(frozen=True, kw_only=True)
class MailContext:
    """What every message needs from the configuration."""

    base_url: str
    mail_from: str
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("Europe/Paris"))

    @property
    def domain(self) -> str:
        return self.mail_from.rsplit("@", 1)[1]

    @classmethod
    def from_settings(cls, settings: Settings) -> MailContext:
        return cls(base_url=settings.base_url, mail_from=settings.mail_from, tz=settings.tz)


@dataclass(frozen=True, kw_only=True)
class Recipient:
    """One person; `user_id` is None for someone without an account (e.g. the inspecteur du travail)."""

    email: str
    name: str | None = None
    user_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class RenderedMail:
    kind: str
    category: Category
    subject: str
    text: str
    html: str
    ics: str | None = None
    ics_method: IcsMethod | None = None
    #: Message-ID of the thread (`<meeting-42@…>`): carried by no message, referred to by every one.
    thread_root: str | None = None
    sender_name: str | None = None
    #: A single-use personal value (a barometer link) put into the text at send time, then wiped.
    secret: str | None = None


# ---------------------------------------------------------------- data given by the calling modules

AGENDA_KIND_LABELS = {
    "information": "information",
    "consultation": "consultation (avis du CSE)",
    "vote": "délibération",
    "question": "question",
    "ssct": "santé, sécurité et conditions de travail",
}
MEETING_KIND_LABELS = {
    "ordinary": "Réunion ordinaire",
    "extraordinary": "Réunion extraordinaire",
    "ssct": "Réunion SSCT",
}
REGISTER_LABELS = {
    "questions": "Registre des questions et réponses (L2315-22)",
    "dgi": "Registre des dangers graves et imminents (L4132-2, D4132-1)",
    "public_health": "Registre des alertes en santé publique et environnement (L4133-1, D4133-1)",
    "personal_rights": "Registre des atteintes aux droits des personnes (L2312-59)",
    "dialogue": "Registre du dialogue social",
}


@dataclass(frozen=True, kw_only=True)
class AgendaLine:
    title: str
    kind: str = "information"
    presenter: str | None = None

    @property
    def kind_label(self) -> str:
        return AGENDA_KIND_LABELS.get(self.kind, self.kind)


@dataclass(frozen=True, kw_only=True)
class MeetingMail:
    """A meeting as the e-mails show it. `sequence` and `updated_at` come from the meeting row."""

    meeting_id: int
    body_name: str
    title: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    location: str | None = None
    visio_url: str | None = None
    agenda: Sequence[AgendaLine] = ()
    sequence: int = 0
    updated_at: datetime
    created_at: datetime | None = None
    secretary_name: str | None = None
    president_name: str | None = None

    @property
    def kind_label(self) -> str:
        return MEETING_KIND_LABELS.get(self.kind, "Réunion")


@dataclass(frozen=True, kw_only=True)
class ConvocationData:
    meeting: MeetingMail
    convened_by: str
    late_reason: str | None = None
    is_substitute: bool = False


@dataclass(frozen=True, kw_only=True)
class UpdateData:
    meeting: MeetingMail
    changes: Sequence[str]
    previous_starts_at: datetime | None = None


@dataclass(frozen=True, kw_only=True)
class CancellationData:
    meeting: MeetingMail
    reason: str
    cancelled_by: str


@dataclass(frozen=True, kw_only=True)
class ReminderData:
    meeting: MeetingMail


@dataclass(frozen=True, kw_only=True)
class MinutesPublishedData:
    meeting: MeetingMail
    published_at: datetime
    published_by: str
    adopted_on: date | None = None


@dataclass(frozen=True, kw_only=True)
class RegisterEntryData:
    entry_id: int
    register_kind: str
    body_name: str
    number: int
    subject: str
    excerpt: str
    submitted_by: str
    submitted_at: datetime
    due_on: date | None = None
    #: The register's head digest after the write (« n° 12 · 0f3a… »), to keep outside the application.
    digest: str | None = None
    #: L2315-3: the e-mail then carries neither subject nor text, only the entry's number.
    confidential: bool = False

    @property
    def register_label(self) -> str:
        return REGISTER_LABELS.get(self.register_kind, "Registre")


@dataclass(frozen=True, kw_only=True)
class RegisterHeadDigestData:
    """The weekly head digest of a register that changed: what the president and the secretary keep outside
    the application, so that a register rewritten or cut short later is seen (`verify?number=…&hash=…`)."""

    register_id: int
    register_kind: str
    register_title: str
    body_name: str
    week: str  # ISO week, « 2026-W49 »
    records: int
    entries: int
    head_number: int | None
    head_seq: int | None
    head_hash: str | None
    valid: bool
    first_broken: int | None
    broken_reason: str | None
    key_fingerprint: str
    checked_at: datetime


@dataclass(frozen=True, kw_only=True)
class AnswerPostedData:
    entry: RegisterEntryData
    answered_by: str
    answered_at: datetime
    excerpt: str


@dataclass(frozen=True, kw_only=True)
class DeadlineData:
    """A legal deadline someone must act on (minutes to send, answer to give…)."""

    key: str
    body_name: str
    what: str
    action: str
    due_on: date
    today: date
    article: str
    path: str
    #: For register deadlines: the register's head digest (anchoring, printed in every register mail).
    digest: str | None = None

    @property
    def overdue(self) -> bool:
        return self.today > self.due_on

    @property
    def days_left(self) -> int:
        return (self.due_on - self.today).days


@dataclass(frozen=True, kw_only=True)
class ConsultationDeadlineData:
    consultation_id: int
    body_id: int
    body_name: str
    subject: str
    informed_on: date
    deadline: date
    today: date
    has_expert: bool = False

    @property
    def days_left(self) -> int:
        return (self.deadline - self.today).days


@dataclass(frozen=True, kw_only=True)
class DgiDisagreementData:
    """L4132-3: employer and CSE member disagree on a serious and imminent danger."""

    entry: RegisterEntryData
    meeting_due_by: datetime
    reason: str
    recorded_by: str


@dataclass(frozen=True, kw_only=True)
class BarometerInvitationData:
    barometer_id: int
    title: str
    year: int
    organization_name: str
    closes_at: datetime | None = None
    establishment: str | None = None
    department: str | None = None


@dataclass(frozen=True, kw_only=True)
class MemberChangeData:
    """A change of a body's composition, told to its president and secretary."""

    body_id: int
    body_name: str
    member_name: str
    action: str
    lines: Sequence[str]
    changed_by: str
    changed_at: datetime

    @property
    def action_label(self) -> str:
        return {"create": "ajout d'un membre", "delete": "retrait d'un membre"}.get(self.action, "modification")


#: Stands for the personal barometer link in the stored text; the worker puts the link in at send time.
PERSONAL_LINK = "[[lien-personnel]]"


# ---------------------------------------------------------------- helpers


def subject_stem(meeting: MeetingMail, tz: ZoneInfo) -> str:
    """« [CSE de l'Association Les Tilleuls] Réunion du 29/03 »: stable, so mail clients keep one thread."""
    return f"[{meeting.body_name}] Réunion du {short_date(meeting.starts_at, tz)}"


def meeting_url(ctx: MailContext, meeting_id: int) -> str:
    return f"{ctx.base_url}{links.meeting_path(meeting_id)}"


def _organizer(ctx: MailContext, meeting: MeetingMail) -> CalAddress:
    """A bare mailto: equal to the sender (CALENDAR.md I3): replies land in a real mailbox."""
    return CalAddress(ctx.mail_from, f"Secrétariat – {meeting.body_name}")


def invitation(
    ctx: MailContext,
    meeting: MeetingMail,
    recipient: Recipient,
    *,
    method: IcsMethod,
    cancelled: bool = False,
    convoked: bool = True,
) -> str:
    """The iTIP calendar (RFC 5546 REQUEST or CANCEL) for one recipient: one ATTENDEE, same UID for life.

    Only someone convoked is asked to answer (RSVP=TRUE, PARTSTAT=NEEDS-ACTION); an agenda recipient who is
    not convoked is ROLE=NON-PARTICIPANT, RSVP=FALSE (issue 13)."""
    url = meeting_url(ctx, meeting.meeting_id)
    event = render_event(
        uid=meeting_uid(meeting_id=meeting.meeting_id, domain=ctx.domain),
        dtstamp=meeting.updated_at,
        start=meeting.starts_at,
        end=meeting.ends_at,
        summary=f"{meeting.title} – {meeting.body_name}",
        organizer=_organizer(ctx, meeting),
        sequence=meeting.sequence,
        cancelled=cancelled,
        location=meeting.location,
        agenda=[line.title for line in meeting.agenda],
        url=url,
        visio_url=meeting.visio_url,
        attendee=CalAddress(recipient.email, recipient.name, participant=convoked),
        created=meeting.created_at,
        last_modified=meeting.updated_at,
    )
    return render_calendar(events=[event], name=meeting.body_name, method=method)


def _meeting_context(
    ctx: MailContext, meeting: MeetingMail, recipient: Recipient, *, convoked: bool = True
) -> dict[str, object]:
    return {
        "convoked": convoked,
        "meeting": meeting,
        "recipient": recipient,
        "url": meeting_url(ctx, meeting.meeting_id),
        "tz": ctx.tz,
        "stem": subject_stem(meeting, ctx.tz),
        "preferences_url": f"{ctx.base_url}{links.HOME_PATH}",
    }


# ---------------------------------------------------------------- one render function per kind


def render_convocation(ctx: MailContext, data: ConvocationData, recipient: Recipient) -> RenderedMail:
    """Convocation with the agenda and a METHOD:REQUEST invitation (L2315-30: agenda sent ≥ 3 days before)."""
    meeting = data.meeting
    subject, text, html = render("convocation", data=data, **_meeting_context(ctx, meeting, recipient))
    return RenderedMail(
        kind="convocation",
        category=Category.convocation,
        subject=subject,
        text=text,
        html=html,
        ics=invitation(ctx, meeting, recipient, method="REQUEST"),
        ics_method="REQUEST",
        thread_root=meeting_thread_root(meeting_id=meeting.meeting_id, domain=ctx.domain),
        sender_name=meeting.body_name,
    )


def render_agenda_notice(
    ctx: MailContext, data: ConvocationData, recipient: Recipient, *, reason: str | None = None
) -> RenderedMail:
    """The agenda sent for information to someone on the list who is not convoked (labour inspector, CARSAT
    agent: L2315-30; L2314-3 II): a REQUEST whose ATTENDEE is NON-PARTICIPANT with RSVP=FALSE, in the optional
    category « agenda », which carries a one-click unsubscribe (RFC 8058)."""
    meeting = data.meeting
    context = _meeting_context(ctx, meeting, recipient, convoked=False)
    subject, text, html = render("agenda_notice", data=data, reason=reason, **context)
    return RenderedMail(
        kind="agenda_notice",
        category=Category.agenda,
        subject=subject,
        text=text,
        html=html,
        ics=invitation(ctx, meeting, recipient, method="REQUEST", convoked=False),
        ics_method="REQUEST",
        thread_root=meeting_thread_root(meeting_id=meeting.meeting_id, domain=ctx.domain),
        sender_name=meeting.body_name,
    )


def render_update(ctx: MailContext, data: UpdateData, recipient: Recipient, *, convoked: bool = True) -> RenderedMail:
    """A significant change (date, place, agenda): same UID, SEQUENCE already bumped by the meeting.

    To an agenda recipient who is not convoked: NON-PARTICIPANT, RSVP=FALSE, category « agenda »."""
    meeting = data.meeting
    if meeting.sequence < 1:
        raise ValueError("an update carries SEQUENCE >= 1 (RFC 5546 §2.1.4)")
    subject, text, html = render("update", data=data, **_meeting_context(ctx, meeting, recipient, convoked=convoked))
    return RenderedMail(
        kind="update",
        category=Category.convocation if convoked else Category.agenda,
        subject=subject,
        text=text,
        html=html,
        ics=invitation(ctx, meeting, recipient, method="REQUEST", convoked=convoked),
        ics_method="REQUEST",
        thread_root=meeting_thread_root(meeting_id=meeting.meeting_id, domain=ctx.domain),
        sender_name=meeting.body_name,
    )


def render_cancellation(
    ctx: MailContext, data: CancellationData, recipient: Recipient, *, convoked: bool = True
) -> RenderedMail:
    """METHOD:CANCEL with STATUS:CANCELLED and a higher SEQUENCE; subject « Annulé : … ».

    To an agenda recipient who is not convoked: NON-PARTICIPANT, RSVP=FALSE, category « agenda »."""
    meeting = data.meeting
    if meeting.sequence < 1:
        raise ValueError("a cancellation carries a SEQUENCE above the invitation's (RFC 5546 §3.2.5)")
    context = _meeting_context(ctx, meeting, recipient, convoked=convoked)
    subject, text, html = render("cancellation", data=data, **context)
    return RenderedMail(
        kind="cancellation",
        category=Category.convocation if convoked else Category.agenda,
        subject=subject,
        text=text,
        html=html,
        ics=invitation(ctx, meeting, recipient, method="CANCEL", cancelled=True, convoked=convoked),
        ics_method="CANCEL",
        thread_root=meeting_thread_root(meeting_id=meeting.meeting_id, domain=ctx.domain),
        sender_name=meeting.body_name,
    )


def render_reminder(ctx: MailContext, data: ReminderData, recipient: Recipient) -> RenderedMail:
    """The day-before reminder: optional (category « reminder »), so it carries a one-click unsubscribe."""
    meeting = data.meeting
    subject, text, html = render("reminder", data=data, **_meeting_context(ctx, meeting, recipient))
    return RenderedMail(
        kind="reminder",
        category=Category.reminder,
        subject=subject,
        text=text,
        html=html,
        thread_root=meeting_thread_root(meeting_id=meeting.meeting_id, domain=ctx.domain),
        sender_name=meeting.body_name,
    )


def render_minutes_published(ctx: MailContext, data: MinutesPublishedData, recipient: Recipient) -> RenderedMail:
    """Adopted minutes published by the secretary (L2315-35)."""
    meeting = data.meeting
    context = _meeting_context(ctx, meeting, recipient)
    context["minutes_url"] = f"{ctx.base_url}{links.minutes_path(meeting.meeting_id)}"
    subject, text, html = render("minutes_published", data=data, **context)
    return RenderedMail(
        kind="minutes_published",
        category=Category.notice,
        subject=subject,
        text=text,
        html=html,
        thread_root=meeting_thread_root(meeting_id=meeting.meeting_id, domain=ctx.domain),
        sender_name=meeting.body_name,
    )


def _entry_context(ctx: MailContext, entry: RegisterEntryData, recipient: Recipient) -> dict[str, object]:
    return {
        "entry": entry,
        "recipient": recipient,
        "url": f"{ctx.base_url}{links.entry_path(entry.entry_id)}",
        "tz": ctx.tz,
    }


def render_register_entry_submitted(ctx: MailContext, data: RegisterEntryData, recipient: Recipient) -> RenderedMail:
    """A new register entry, to the direction who must answer (L2315-22, L4132-2, L4133-1, L2312-59)."""
    subject, text, html = render("register_entry_submitted", data=data, **_entry_context(ctx, data, recipient))
    return RenderedMail(
        kind="register_entry_submitted",
        category=Category.notice,
        subject=subject,
        text=text,
        html=html,
        thread_root=thread_root(topic="entry", object_id=data.entry_id, domain=ctx.domain),
        sender_name=data.body_name,
    )


def render_register_head_digest(ctx: MailContext, data: RegisterHeadDigestData, recipient: Recipient) -> RenderedMail:
    """The register's head digest, weekly when it changed, to its body's president and secretary: a legal-
    evidence notice (D8113-2: a register on another medium must be kept "sans risque d'altération")."""
    context = {
        "data": data,
        "recipient": recipient,
        "url": f"{ctx.base_url}{links.register_integrity_path(data.register_id)}",
        "tz": ctx.tz,
    }
    subject, text, html = render("register_head_digest", **context)
    return RenderedMail(
        kind="register_head_digest",
        category=Category.notice,
        subject=subject,
        text=text,
        html=html,
        thread_root=thread_root(topic="register", object_id=data.register_id, domain=ctx.domain),
        sender_name=data.body_name,
    )


def render_answer_posted(ctx: MailContext, data: AnswerPostedData, recipient: Recipient) -> RenderedMail:
    """The direction's answer, to the entry's author, in the entry's thread."""
    entry = data.entry
    subject, text, html = render("answer_posted", data=data, **_entry_context(ctx, entry, recipient))
    return RenderedMail(
        kind="answer_posted",
        category=Category.notice,
        subject=subject,
        text=text,
        html=html,
        thread_root=thread_root(topic="entry", object_id=entry.entry_id, domain=ctx.domain),
        sender_name=entry.body_name,
    )


def render_deadline(ctx: MailContext, data: DeadlineData, recipient: Recipient) -> RenderedMail:
    """A legal deadline near or passed, to whoever must act: a legal notice, never turned off."""
    kind = "deadline_overdue" if data.overdue else "deadline_near"
    context = {"data": data, "recipient": recipient, "url": f"{ctx.base_url}{data.path}", "tz": ctx.tz}
    subject, text, html = render(kind, **context)
    return RenderedMail(
        kind=kind, category=Category.notice, subject=subject, text=text, html=html, sender_name=data.body_name
    )


def render_consultation_deadline(
    ctx: MailContext, data: ConsultationDeadlineData, recipient: Recipient
) -> RenderedMail:
    """The CSE's opinion is due soon; past the deadline it is deemed given and negative (L2312-16, R2312-6)."""
    context = {
        "data": data,
        "recipient": recipient,
        "url": f"{ctx.base_url}{links.consultations_path(data.body_id)}",
        "tz": ctx.tz,
    }
    subject, text, html = render("consultation_deadline", **context)
    return RenderedMail(
        kind="consultation_deadline",
        category=Category.notice,
        subject=subject,
        text=text,
        html=html,
        thread_root=thread_root(topic="consultation", object_id=data.consultation_id, domain=ctx.domain),
        sender_name=data.body_name,
    )


def render_dgi_disagreement(ctx: MailContext, data: DgiDisagreementData, recipient: Recipient) -> RenderedMail:
    """L4132-3: the CSE is convened within 24 hours; the employer informs the labour inspector and CARSAT."""
    entry = data.entry
    subject, text, html = render("dgi_disagreement", data=data, **_entry_context(ctx, entry, recipient))
    return RenderedMail(
        kind="dgi_disagreement",
        category=Category.notice,
        subject=subject,
        text=text,
        html=html,
        thread_root=thread_root(topic="entry", object_id=entry.entry_id, domain=ctx.domain),
        sender_name=entry.body_name,
    )


def render_barometer_invitation(
    ctx: MailContext, data: BarometerInvitationData, recipient: Recipient, *, link: str
) -> RenderedMail:
    """An anonymous QVT barometer invitation. The text holds `PERSONAL_LINK`; `link` travels in `secret`,
    which the worker puts in at send time and wipes once sent, so the outbox never keeps who got which code."""
    context = {"data": data, "recipient": recipient, "link": PERSONAL_LINK, "tz": ctx.tz}
    subject, text, html = render("barometer_invitation", **context)
    return RenderedMail(
        kind="barometer_invitation",
        category=Category.notice,
        subject=subject,
        text=text,
        html=html,
        sender_name=data.organization_name,
        secret=link,
    )


def render_member_changed(ctx: MailContext, data: MemberChangeData, recipient: Recipient) -> RenderedMail:
    """A seat added, changed or removed by an organisation admin: a notice to the body's president and
    secretary, so that no change of composition goes unseen (with the body's history page)."""
    context = {
        "data": data,
        "recipient": recipient,
        "url": f"{ctx.base_url}{links.body_history_path(data.body_id)}",
        "tz": ctx.tz,
    }
    subject, text, html = render("member_changed", **context)
    return RenderedMail(
        kind="member_changed",
        category=Category.notice,
        subject=subject,
        text=text,
        html=html,
        thread_root=thread_root(topic="body-members", object_id=data.body_id, domain=ctx.domain),
        sender_name=data.body_name,
    )
