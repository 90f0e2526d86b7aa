"""The mails, one row per message kind in a table (`MailKind`), built from plain data (dataclasses) so that the
meetings and registers modules can build their notifications without knowing templates, MIME or iTIP.

A row renders a `RenderedMail` (subject, text, HTML, optional iTIP calendar part, thread);
`notifications.service.enqueue` stores it in the outbox for one recipient. Adding a mail is a row and its three
templates; the `render_*` functions are the names the calling modules use.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Final, Generic, Literal, Protocol, TypeVar
from zoneinfo import ZoneInfo

from dialogue.feeds.ics import CalAddress, render_calendar, render_event
from dialogue.feeds.rules import meeting_uid
from dialogue.notifications.annexes import Annex
from dialogue.notifications.rendering import render, short_date
from dialogue.notifications.rules import Category, meeting_thread_root, thread_root
from dialogue.pages import links
from dialogue.pages.formatting import zone_name
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
    #: The meeting's own zone (IANA name); empty: the organisation's. Mails give its hours in it.
    timezone: str = ""

    @property
    def kind_label(self) -> str:
        return MEETING_KIND_LABELS.get(self.kind, "Réunion")


@dataclass(frozen=True, kw_only=True)
class ConvocationData:
    meeting: MeetingMail
    convened_by: str
    late_reason: str | None = None
    is_substitute: bool = False
    annexes: Sequence[Annex] = ()


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


def meeting_zone(ctx: MailContext, meeting: MeetingMail) -> ZoneInfo:
    """The zone a meeting's hours are written in: its own (a meeting in Fort-de-France at Martinique's hours)."""
    return ZoneInfo(meeting.timezone) if meeting.timezone else ctx.tz


def zone_note(ctx: MailContext, meeting: MeetingMail) -> str:
    """« (heure de Martinique) » when the meeting's zone is not the organisation's, else nothing."""
    tz = meeting_zone(ctx, meeting)
    return f" ({zone_name(tz)})" if tz.key != ctx.tz.key else ""


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


class _AboutMeeting(Protocol):
    @property
    def meeting(self) -> MeetingMail: ...


class _AboutEntry(Protocol):
    @property
    def entry(self) -> RegisterEntryData: ...


D = TypeVar("D")


@dataclass(frozen=True, kw_only=True)
class MailKind(Generic[D]):
    """One row of the table of message kinds: what differs from one mail to another.

    Every template gets `data`, `recipient` and `tz`, plus what `context` adds; a meeting mail also gets
    `convoked`, and carries the iTIP part when `ics` is set. Sent to someone on the list who is not convoked,
    a meeting mail falls in the optional category « agenda »."""

    #: templates/email/<name>.{subject,txt,html}.j2, and `RenderedMail.kind`.
    name: str
    category: Category
    sender: Callable[[D], str]
    context: Callable[[MailContext, D], dict[str, object]]
    thread: Callable[[MailContext, D], str] | None = None
    meeting: Callable[[D], MeetingMail] | None = None
    ics: IcsMethod | None = None

    def render(
        self,
        ctx: MailContext,
        data: D,
        recipient: Recipient,
        *,
        convoked: bool = True,
        secret: str | None = None,
        **extra: object,
    ) -> RenderedMail:
        context: dict[str, object] = {"data": data, "recipient": recipient, "tz": ctx.tz, **self.context(ctx, data)}
        meeting = self.meeting(data) if self.meeting else None
        if meeting is not None:
            context["convoked"] = convoked
        subject, text, html = render(self.name, **context, **extra)
        ics = None
        if self.ics is not None and meeting is not None:
            cancelled = self.ics == "CANCEL"
            ics = invitation(ctx, meeting, recipient, method=self.ics, cancelled=cancelled, convoked=convoked)
        return RenderedMail(
            kind=self.name,
            category=Category.agenda if meeting is not None and not convoked else self.category,
            subject=subject,
            text=text,
            html=html,
            ics=ics,
            ics_method=self.ics if ics is not None else None,
            thread_root=self.thread(ctx, data) if self.thread else None,
            sender_name=self.sender(data),
            secret=secret,
        )


def _meeting_kind(
    name: str,
    category: Category,
    *,
    ics: IcsMethod | None = None,
    urls: Callable[[MailContext, MeetingMail], dict[str, object]] = lambda ctx, meeting: {},
) -> MailKind[_AboutMeeting]:
    """A mail about a meeting: one thread per meeting, sent in the body's name, subject « [body] Réunion du … »."""
    return MailKind(
        name=name,
        category=category,
        sender=lambda data: data.meeting.body_name,
        context=lambda ctx, data: {
            "meeting": data.meeting,
            "url": meeting_url(ctx, data.meeting.meeting_id),
            "stem": subject_stem(data.meeting, meeting_zone(ctx, data.meeting)),
            "mtz": meeting_zone(ctx, data.meeting),
            "zone_note": zone_note(ctx, data.meeting),
            "preferences_url": f"{ctx.base_url}{links.HOME_PATH}",
            **urls(ctx, data.meeting),
        },
        thread=lambda ctx, data: meeting_thread_root(meeting_id=data.meeting.meeting_id, domain=ctx.domain),
        meeting=lambda data: data.meeting,
        ics=ics,
    )


def _entry_kind(name: str, entry: Callable[[D], RegisterEntryData]) -> MailKind[D]:
    """A notice about a register entry, in the entry's thread."""
    return MailKind(
        name=name,
        category=Category.notice,
        sender=lambda data: entry(data).body_name,
        context=lambda ctx, data: {
            "entry": entry(data),
            "url": f"{ctx.base_url}{links.entry_path(entry(data).entry_id)}",
        },
        thread=lambda ctx, data: thread_root(topic="entry", object_id=entry(data).entry_id, domain=ctx.domain),
    )


def _of_entry(data: _AboutEntry) -> RegisterEntryData:
    return data.entry


# ---------------------------------------------------------------- the table: one row per message kind

CONVOCATION: Final = _meeting_kind("convocation", Category.convocation, ics="REQUEST")
AGENDA_NOTICE: Final = _meeting_kind("agenda_notice", Category.agenda, ics="REQUEST")
UPDATE: Final = _meeting_kind("update", Category.convocation, ics="REQUEST")
CANCELLATION: Final = _meeting_kind("cancellation", Category.convocation, ics="CANCEL")
REMINDER: Final = _meeting_kind("reminder", Category.reminder)
MINUTES_PUBLISHED: Final = _meeting_kind(
    "minutes_published",
    Category.notice,
    urls=lambda ctx, meeting: {"minutes_url": f"{ctx.base_url}{links.minutes_path(meeting.meeting_id)}"},
)
REGISTER_ENTRY_SUBMITTED: Final = _entry_kind("register_entry_submitted", lambda data: data)
ANSWER_POSTED: Final = _entry_kind("answer_posted", _of_entry)
DGI_DISAGREEMENT: Final = _entry_kind("dgi_disagreement", _of_entry)
REGISTER_HEAD_DIGEST: Final = MailKind[RegisterHeadDigestData](
    name="register_head_digest",
    category=Category.notice,
    sender=lambda data: data.body_name,
    context=lambda ctx, data: {"url": f"{ctx.base_url}{links.register_integrity_path(data.register_id)}"},
    thread=lambda ctx, data: thread_root(topic="register", object_id=data.register_id, domain=ctx.domain),
)
DEADLINE_NEAR: Final = MailKind[DeadlineData](
    name="deadline_near",
    category=Category.notice,
    sender=lambda data: data.body_name,
    context=lambda ctx, data: {"url": f"{ctx.base_url}{data.path}"},
)
DEADLINE_OVERDUE: Final = replace(DEADLINE_NEAR, name="deadline_overdue")
CONSULTATION_DEADLINE: Final = MailKind[ConsultationDeadlineData](
    name="consultation_deadline",
    category=Category.notice,
    sender=lambda data: data.body_name,
    context=lambda ctx, data: {"url": f"{ctx.base_url}{links.consultations_path(data.body_id)}"},
    thread=lambda ctx, data: thread_root(topic="consultation", object_id=data.consultation_id, domain=ctx.domain),
)
BAROMETER_INVITATION: Final = MailKind[BarometerInvitationData](
    name="barometer_invitation",
    category=Category.notice,
    sender=lambda data: data.organization_name,
    context=lambda ctx, data: {"link": PERSONAL_LINK},
)
MEMBER_CHANGED: Final = MailKind[MemberChangeData](
    name="member_changed",
    category=Category.notice,
    sender=lambda data: data.body_name,
    context=lambda ctx, data: {"url": f"{ctx.base_url}{links.body_history_path(data.body_id)}"},
    thread=lambda ctx, data: thread_root(topic="body-members", object_id=data.body_id, domain=ctx.domain),
)


# ---------------------------------------------------------------- the names the calling modules use


def render_convocation(ctx: MailContext, data: ConvocationData, recipient: Recipient) -> RenderedMail:
    """Convocation with the agenda and a METHOD:REQUEST invitation (L2315-30: agenda sent ≥ 3 days before)."""
    return CONVOCATION.render(ctx, data, recipient)


def render_agenda_notice(
    ctx: MailContext, data: ConvocationData, recipient: Recipient, *, reason: str | None = None
) -> RenderedMail:
    """The agenda sent for information to someone on the list who is not convoked (labour inspector, CARSAT
    agent: L2315-30; L2314-3 II): a REQUEST whose ATTENDEE is NON-PARTICIPANT with RSVP=FALSE, in the optional
    category « agenda », which carries a one-click unsubscribe (RFC 8058)."""
    return AGENDA_NOTICE.render(ctx, data, recipient, convoked=False, reason=reason)


def render_update(ctx: MailContext, data: UpdateData, recipient: Recipient, *, convoked: bool = True) -> RenderedMail:
    """A significant change (date, place, agenda): same UID, SEQUENCE already bumped by the meeting.

    To an agenda recipient who is not convoked: NON-PARTICIPANT, RSVP=FALSE, category « agenda »."""
    if data.meeting.sequence < 1:
        raise ValueError("an update carries SEQUENCE >= 1 (RFC 5546 §2.1.4)")
    return UPDATE.render(ctx, data, recipient, convoked=convoked)


def render_cancellation(
    ctx: MailContext, data: CancellationData, recipient: Recipient, *, convoked: bool = True
) -> RenderedMail:
    """METHOD:CANCEL with STATUS:CANCELLED and a higher SEQUENCE; subject « Annulé : … ».

    To an agenda recipient who is not convoked: NON-PARTICIPANT, RSVP=FALSE, category « agenda »."""
    if data.meeting.sequence < 1:
        raise ValueError("a cancellation carries a SEQUENCE above the invitation's (RFC 5546 §3.2.5)")
    return CANCELLATION.render(ctx, data, recipient, convoked=convoked)


def render_reminder(ctx: MailContext, data: ReminderData, recipient: Recipient) -> RenderedMail:
    """The day-before reminder: optional (category « reminder »), so it carries a one-click unsubscribe."""
    return REMINDER.render(ctx, data, recipient)


def render_minutes_published(ctx: MailContext, data: MinutesPublishedData, recipient: Recipient) -> RenderedMail:
    """Adopted minutes published by the secretary (L2315-35)."""
    return MINUTES_PUBLISHED.render(ctx, data, recipient)


def render_register_entry_submitted(ctx: MailContext, data: RegisterEntryData, recipient: Recipient) -> RenderedMail:
    """A new register entry, to the direction who must answer (L2315-22, L4132-2, L4133-1, L2312-59)."""
    return REGISTER_ENTRY_SUBMITTED.render(ctx, data, recipient)


def render_register_head_digest(ctx: MailContext, data: RegisterHeadDigestData, recipient: Recipient) -> RenderedMail:
    """The register's head digest, weekly when it changed, to its body's president and secretary: a legal-
    evidence notice (D8113-2: a register on another medium must be kept "sans risque d'altération")."""
    return REGISTER_HEAD_DIGEST.render(ctx, data, recipient)


def render_answer_posted(ctx: MailContext, data: AnswerPostedData, recipient: Recipient) -> RenderedMail:
    """The direction's answer, to the entry's author, in the entry's thread."""
    return ANSWER_POSTED.render(ctx, data, recipient)


def render_deadline(ctx: MailContext, data: DeadlineData, recipient: Recipient) -> RenderedMail:
    """A legal deadline near or passed, to whoever must act: a legal notice, never turned off."""
    return (DEADLINE_OVERDUE if data.overdue else DEADLINE_NEAR).render(ctx, data, recipient)


def render_consultation_deadline(
    ctx: MailContext, data: ConsultationDeadlineData, recipient: Recipient
) -> RenderedMail:
    """The CSE's opinion is due soon; past the deadline it is deemed given and negative (L2312-16, R2312-6)."""
    return CONSULTATION_DEADLINE.render(ctx, data, recipient)


def render_dgi_disagreement(ctx: MailContext, data: DgiDisagreementData, recipient: Recipient) -> RenderedMail:
    """L4132-3: the CSE is convened within 24 hours; the employer informs the labour inspector and CARSAT."""
    return DGI_DISAGREEMENT.render(ctx, data, recipient)


def render_barometer_invitation(
    ctx: MailContext, data: BarometerInvitationData, recipient: Recipient, *, link: str
) -> RenderedMail:
    """An anonymous QVT barometer invitation. The text holds `PERSONAL_LINK`; `link` travels in `secret`,
    which the worker puts in at send time and wipes once sent, so the outbox never keeps who got which code."""
    return BAROMETER_INVITATION.render(ctx, data, recipient, secret=link)


def render_member_changed(ctx: MailContext, data: MemberChangeData, recipient: Recipient) -> RenderedMail:
    """A seat added, changed or removed by an organisation admin: a notice to the body's president and
    secretary, so that no change of composition goes unseen (with the body's history page)."""
    return MEMBER_CHANGED.render(ctx, data, recipient)
