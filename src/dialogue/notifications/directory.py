"""Who receives what: read-only lookups of recipients and of the facts a message prints.

Reads the bodies, meetings and registers tables (projection only, no writes): subscribers run inside the
emitting module's transaction, where these rows were just written, and a notification has no actor whose
services could be called.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from dialogue.auth.tables import User
from dialogue.bodies.tables import Body, Member
from dialogue.core.clock import as_datetime
from dialogue.feeds.meetings import AgendaFact, MeetingFacts
from dialogue.meetings.tables import Convocation, Minutes
from dialogue.notifications.messages import AgendaLine, MeetingMail, Recipient
from dialogue.organizations.tables import Organization
from dialogue.registers.tables import RegisterEntry

#: What an e-mail prints for an agenda item presented as confidential (L2315-3): e-mail leaves the application.
CONFIDENTIAL_ITEM = "Point confidentiel (art. L2315-3) : intitulé consultable dans l'application"
#: Roles of the direction side of a body, who answer the registers (L2315-22) and act on its deadlines.
DIRECTION_ROLES = ("president",)
SECRETARY_ROLES = ("secretary", "deputy_secretary")


@dataclass(frozen=True, slots=True, kw_only=True)
class Convoked:
    """One row of a meeting's convocation list with an address."""

    convocation_id: int
    recipient: Recipient
    capacity: str
    #: Why the person is on the list (« Agent de contrôle de l'inspection du travail : destinataire de … »).
    reason: str | None = None


def meeting_mail(facts: MeetingFacts) -> MeetingMail:
    """The meeting as e-mails show it; confidential agenda items keep their place but not their title."""
    return MeetingMail(
        meeting_id=facts.id,
        body_name=facts.body_name,
        title=facts.title,
        kind=facts.kind,
        starts_at=facts.starts_at,
        ends_at=facts.ends_at,
        location=facts.location,
        visio_url=facts.visio_url,
        agenda=tuple(_agenda_line(item) for item in facts.agenda),
        sequence=facts.sequence,
        updated_at=facts.updated_at,
        created_at=facts.created_at,
        timezone=facts.timezone,
    )


def _agenda_line(item: AgendaFact) -> AgendaLine:
    if item.confidential:
        return AgendaLine(title=CONFIDENTIAL_ITEM, kind=item.kind)
    return AgendaLine(title=item.title, kind=item.kind, presenter=item.presenter)


async def convocation_list(*, meeting_id: int, sequence: int | None = None) -> list[Convoked]:
    """The convocation list of `sequence` (default: the latest one sent for the meeting), with an address."""
    if sequence is None:
        latest = (
            await Convocation.select(Convocation.sequence)
            .where(Convocation.meeting == meeting_id)
            .order_by(Convocation.sequence, ascending=False)
            .first()
        )
        if latest is None:
            return []
        sequence = int(latest["sequence"])
    rows = (
        await _convocation_rows()
        .where((Convocation.meeting == meeting_id) & (Convocation.sequence == sequence))
        .order_by(Convocation.id)
    )
    return _convoked(rows)


def _convocation_rows() -> Any:
    """The columns a convocation mail needs (`_convoked` reads them)."""
    return Convocation.select(
        Convocation.id,
        Convocation.user,
        Convocation.full_name,
        Convocation.email,
        Convocation.capacity,
        Convocation.reason,
    )


async def previous_convocation_emails(*, meeting_id: int, sequence: int) -> set[str] | None:
    """Addresses on the convocation list sent before `sequence`; None when there was none."""
    latest = (
        await Convocation.select(Convocation.sequence)
        .where((Convocation.meeting == meeting_id) & (Convocation.sequence < sequence))
        .order_by(Convocation.sequence, ascending=False)
        .first()
    )
    if latest is None:
        return None
    listed = await convocation_list(meeting_id=meeting_id, sequence=int(latest["sequence"]))
    return {person.recipient.email for person in listed}


async def convocations_by_id(ids: Sequence[int]) -> list[Convoked]:
    if not ids:
        return []
    rows = await _convocation_rows().where(Convocation.id.is_in(list(ids))).order_by(Convocation.id)
    return _convoked(rows)


def _convoked(rows: Iterable[dict[str, Any]]) -> list[Convoked]:
    seen: set[str] = set()
    found: list[Convoked] = []
    for row in rows:
        email = (row["email"] or "").strip().lower()
        if not email or email in seen:  # no address (an invitee known by name only), or listed twice
            continue
        seen.add(email)
        found.append(
            Convoked(
                convocation_id=int(row["id"]),
                recipient=Recipient(email=email, name=row["full_name"], user_id=row["user"]),
                capacity=row["capacity"],
                reason=row["reason"],
            )
        )
    return found


async def body_people(
    *, body_id: int, today: date, roles: Sequence[str] | None = None, colleges: Sequence[str] | None = None
) -> list[Recipient]:
    """Current members (mandate not ended, account active) with the given roles or colleges (None: all)."""
    rows = (
        await Member.select(Member.user, Member.user.email, Member.user.full_name, Member.role, Member.college)
        .where((Member.body == body_id) & (Member.user.is_active == True))  # noqa: E712
        .where(Member.mandate_end.is_null() | (Member.mandate_end >= today))
        .order_by(Member.id)
    )
    found: list[Recipient] = []
    seen: set[int] = set()
    for row in rows:
        wanted = (roles is None and colleges is None) or (
            (roles is not None and row["role"] in roles) or (colleges is not None and row["college"] in colleges)
        )
        if not wanted or row["user"] in seen or not row["user.email"]:
            continue
        seen.add(row["user"])
        found.append(Recipient(email=row["user.email"], name=row["user.full_name"], user_id=row["user"]))
    return found


async def direction_of(*, body_id: int, today: date) -> list[Recipient]:
    """The president and the direction members of the body: they answer for the employer (L2315-22)."""
    return await body_people(body_id=body_id, today=today, roles=DIRECTION_ROLES, colleges=("direction",))


async def president_and_secretary(*, body_id: int, today: date) -> list[Recipient]:
    return await body_people(body_id=body_id, today=today, roles=(*DIRECTION_ROLES, *SECRETARY_ROLES))


async def secretaries_of(*, body_id: int, today: date) -> list[Recipient]:
    return await body_people(body_id=body_id, today=today, roles=SECRETARY_ROLES)


async def user_recipient(user_id: int | None) -> Recipient | None:
    if user_id is None:
        return None
    row = (
        await User.select(User.email, User.full_name)
        .where((User.id == user_id) & (User.is_active == True))  # noqa: E712
        .first()
    )
    if row is None or not row["email"]:
        return None
    return Recipient(email=row["email"], name=row["full_name"], user_id=user_id)


async def user_name(user_id: int | None, default: str = "Le secrétariat") -> str:
    if user_id is None:
        return default
    row = await User.select(User.full_name).where(User.id == user_id).first()
    return str(row["full_name"]) if row else default


async def body_name(body_id: int) -> str:
    row = await Body.select(Body.name).where(Body.id == body_id).first()
    return str(row["name"]) if row else "Instance"


async def organization_name(organization_id: int) -> str:
    row = await Organization.select(Organization.name).where(Organization.id == organization_id).first()
    return str(row["name"]) if row else "Votre employeur"


async def entry_text(entry_id: int) -> str:
    row = await RegisterEntry.select(RegisterEntry.body).where(RegisterEntry.id == entry_id).first()
    return str(row["body"]) if row else ""


async def minutes_facts(meeting_id: int) -> tuple[datetime | None, int | None, date | None]:
    """(published_at, published_by, adopted_on) of the meeting's minutes."""
    row = (
        await Minutes.select(Minutes.published_at, Minutes.published_by, Minutes.adopted_at)
        .where(Minutes.meeting == meeting_id)
        .first()
    )
    if row is None:
        return None, None, None
    published = as_datetime(row["published_at"]) if row["published_at"] else None
    adopted = as_datetime(row["adopted_at"]).date() if row["adopted_at"] else None
    return published, row["published_by"], adopted


def excerpt(text: str, limit: int = 600) -> str:
    """The start of a text for an e-mail, cut on a word."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.") + " […]"


def recipient_key(recipient: Recipient) -> str:
    """The recipient's part of a dedupe key: the account, or a digest of the address."""
    if recipient.user_id is not None:
        return f"u{recipient.user_id}"
    return "e" + hashlib.sha256(recipient.email.lower().encode()).hexdigest()[:16]
