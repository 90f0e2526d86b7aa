"""The outbox: `enqueue` stores one rendered e-mail in the caller's (business) transaction; the worker
sends it later. Also the administrators' view of the outbox and each user's notification preferences."""

from __future__ import annotations

from datetime import datetime
from email.headerregistry import Address
from typing import Any

from dialogue.audit import service as audit
from dialogue.auth.tables import User
from dialogue.core.actor import Actor
from dialogue.core.clock import utcnow
from dialogue.core.db import transaction
from dialogue.core.errors import InvalidInput, InvalidState, NotFound
from dialogue.core.events import emit
from dialogue.notifications.events import NotificationPreferencesChanged, OutboxMessageRetried
from dialogue.notifications.messages import Recipient, RenderedMail
from dialogue.notifications.rules import (
    ADDRESS_OPTIONAL_CATEGORIES,
    Category,
    Status,
    address_digest,
    address_unsubscribe_token,
    is_optional,
    message_id_for,
    read_address_unsubscribe_token,
    read_unsubscribe_token,
    unsubscribe_token,
)
from dialogue.notifications.schemas import OutboxRead, PreferencesRead, PreferencesUpdate
from dialogue.notifications.tables import NotificationOptOut, NotificationPreference, OutboxMessage
from dialogue.organizations.service import require_org_admin
from dialogue.settings import Settings

#: Preference column for each optional category.
_PREFERENCE_COLUMNS = {
    Category.reminder: NotificationPreference.reminders,
    Category.digest: NotificationPreference.digests,
}
ALWAYS_SENT = ["convocations, modifications et annulations de réunion", "avis et échéances légales"]


def _outbox_read(row: dict[str, Any]) -> OutboxRead:
    return OutboxRead(
        id=row["id"],
        organization_id=row["organization"],
        kind=row["kind"],
        category=row["category"],
        recipient_user_id=row["recipient_user"],
        recipient_email=row["recipient_email"],
        subject=row["subject"],
        message_id=row["message_id"],
        status=row["status"],
        attempts=row["attempts"],
        next_attempt_at=row["next_attempt_at"],
        last_error=row["last_error"],
        created_at=row["created_at"],
        sent_at=row["sent_at"],
    )


_READ_COLUMNS = (
    OutboxMessage.id,
    OutboxMessage.organization,
    OutboxMessage.kind,
    OutboxMessage.category,
    OutboxMessage.recipient_user,
    OutboxMessage.recipient_email,
    OutboxMessage.subject,
    OutboxMessage.message_id,
    OutboxMessage.status,
    OutboxMessage.attempts,
    OutboxMessage.next_attempt_at,
    OutboxMessage.last_error,
    OutboxMessage.created_at,
    OutboxMessage.sent_at,
)


async def _by_dedupe_key(dedupe_key: str) -> OutboxRead | None:
    row = await OutboxMessage.select(*_READ_COLUMNS).where(OutboxMessage.dedupe_key == dedupe_key).first()
    return _outbox_read(row) if row else None


async def outbox_row_exists(dedupe_key: str) -> bool:
    """Whether a message with this dedupe key was already enqueued (whatever its status)."""
    return bool(await OutboxMessage.exists().where(OutboxMessage.dedupe_key == dedupe_key))


def _check_address(email: str) -> str:
    try:
        address = Address(addr_spec=email)
    except (ValueError, IndexError) as exc:
        raise ValueError(f"not an e-mail address: {email!r}") from exc
    if not address.domain or not address.username or address.addr_spec != email:
        raise ValueError(f"not an e-mail address: {email!r}")
    return email


async def opted_out(*, user_id: int, category: Category) -> bool:
    """True when the user turned this optional category off; mandatory categories are never off."""
    if category not in _PREFERENCE_COLUMNS:
        return False
    column = _PREFERENCE_COLUMNS[category]
    row = await NotificationPreference.select(column).where(NotificationPreference.user == user_id).first()
    return row is not None and not row[column._meta.name]


async def address_opted_out(*, organization_id: int, email: str, category: Category) -> bool:
    """True when this address (without an account) unsubscribed from this category of the organisation's mails."""
    if category not in ADDRESS_OPTIONAL_CATEGORIES:
        return False
    return bool(
        await NotificationOptOut.exists().where(
            (NotificationOptOut.organization == organization_id)
            & (NotificationOptOut.category == category.value)
            & (NotificationOptOut.address_digest == address_digest(email))
        )
    )


async def recipient_opted_out(
    *, organization_id: int, user_id: int | None, email: str, category: Category | str
) -> bool:
    """Whether an optional mail must not go: the account's preferences, or the address's opt-out."""
    category = Category(category)
    if not is_optional(category):
        return False
    if user_id is not None:
        return await opted_out(user_id=user_id, category=category)
    return await address_opted_out(organization_id=organization_id, email=email, category=category)


def address_unsubscribe_url(*, settings: Settings, organization_id: int, email: str, category: Category) -> str | None:
    """`{base}/u/{token}` for an address without an account (the agenda sent to the labour inspector…)."""
    if not settings.base_url.startswith("https://") or category not in ADDRESS_OPTIONAL_CATEGORIES:
        return None
    key = settings.secret_key.get_secret_value().encode()
    token = address_unsubscribe_token(organization_id=organization_id, email=email, category=category, key=key)
    return f"{settings.base_url}/u/{token}"


def unsubscribe_url(*, settings: Settings, user_id: int, category: Category) -> str | None:
    """`{base}/u/{token}` for optional mails; None when the public URL is not https (RFC 8058 §3.1)."""
    if not settings.base_url.startswith("https://"):
        return None
    key = settings.secret_key.get_secret_value().encode()
    return f"{settings.base_url}/u/{unsubscribe_token(user_id=user_id, category=category, key=key)}"


async def enqueue(
    *,
    organization_id: int,
    recipient: Recipient,
    mail: RenderedMail,
    dedupe_key: str,
    settings: Settings,
    now: datetime | None = None,
) -> OutboxRead | None:
    """Store one e-mail for one recipient in the caller's transaction (a rollback removes it too).

    Idempotent: a second call with the same `dedupe_key` returns the stored row unchanged. Returns None,
    storing nothing, when the recipient turned the mail's optional category off.
    """
    now = now or utcnow()
    if not dedupe_key or len(dedupe_key) > 300:
        raise ValueError("dedupe_key must hold 1 to 300 characters")
    email = _check_address(recipient.email)
    async with transaction():
        existing = await _by_dedupe_key(dedupe_key)
        if existing is not None:
            return existing
        optional = is_optional(mail.category)
        if await recipient_opted_out(
            organization_id=organization_id, user_id=recipient.user_id, email=email, category=mail.category
        ):
            return None
        # Every message its own Message-ID, even the first of a thread: the thread root is an identifier
        # that no message carries, referred to by In-Reply-To/References of all (RFC 5322 §3.6.4).
        message_id = message_id_for(kind=mail.kind, dedupe_key=dedupe_key, domain=settings.mail_domain)
        unsubscribe: str | None = None
        if optional and recipient.user_id is not None and mail.category in _PREFERENCE_COLUMNS:
            unsubscribe = unsubscribe_url(settings=settings, user_id=recipient.user_id, category=mail.category)
        elif optional and recipient.user_id is None:
            unsubscribe = address_unsubscribe_url(
                settings=settings, organization_id=organization_id, email=email, category=mail.category
            )
        row = OutboxMessage(
            organization=organization_id,
            recipient_user=recipient.user_id,
            recipient_email=email,
            recipient_name=recipient.name[:200] if recipient.name else None,
            kind=mail.kind,
            category=mail.category.value,
            dedupe_key=dedupe_key,
            message_id=message_id,
            thread_root=mail.thread_root,
            sender_name=mail.sender_name[:200] if mail.sender_name else None,
            subject=mail.subject[:400],
            body_text=mail.text,
            body_html=mail.html,
            ics=mail.ics,
            ics_method=mail.ics_method,
            secret=mail.secret,
            list_unsubscribe_url=unsubscribe,
            status=Status.pending.value,
            attempts=0,
            next_attempt_at=now,
            created_at=now,
        )
        # A concurrent transaction may insert the same key meanwhile: DO NOTHING waits for it, then
        # the row read below is whichever won (PostgreSQL); SQLite has a single writer anyway.
        await OutboxMessage.insert(row).on_conflict(target=OutboxMessage.dedupe_key, action="DO NOTHING")
        stored = await _by_dedupe_key(dedupe_key)
        assert stored is not None, "outbox row vanished after insert"
        return stored


# ---------------------------------------------------------------- administrators


async def list_outbox(
    *, actor: Actor, organization_id: int, status: Status | None, limit: int, offset: int
) -> tuple[list[OutboxRead], int]:
    """Organisation admins follow deliveries; `status=dead` lists what needs their attention."""
    await require_org_admin(actor=actor, organization_id=organization_id)
    query = OutboxMessage.select(*_READ_COLUMNS).where(OutboxMessage.organization == organization_id)
    count = OutboxMessage.count().where(OutboxMessage.organization == organization_id)
    if status is not None:
        query = query.where(OutboxMessage.status == status.value)
        count = count.where(OutboxMessage.status == status.value)
    rows = await query.order_by(OutboxMessage.id, ascending=False).limit(limit).offset(offset)
    return [_outbox_read(r) for r in rows], await count


async def retry_message(*, actor: Actor, outbox_id: int, now: datetime | None = None) -> OutboxRead:
    """Send a `dead` (or waiting) message again now, with a fresh attempt budget."""
    now = now or utcnow()
    async with transaction():
        row = (
            await OutboxMessage.select(OutboxMessage.organization, OutboxMessage.status, OutboxMessage.last_error)
            .where(OutboxMessage.id == outbox_id)
            .first()
        )
        if row is None or row["organization"] != actor.organization_id:
            raise NotFound("Message introuvable.")
        await require_org_admin(actor=actor, organization_id=row["organization"])
        status = Status(row["status"])
        if status == Status.sent:
            raise InvalidState("Ce message a déjà été envoyé.", code="already_sent")
        if status == Status.sending:
            raise InvalidState("Ce message est en cours d'envoi.", code="sending")
        await OutboxMessage.update(
            {
                OutboxMessage.status: Status.pending.value,
                OutboxMessage.attempts: 0,
                OutboxMessage.next_attempt_at: now,
                OutboxMessage.locked_until: None,
                OutboxMessage.locked_by: None,
            }
        ).where(OutboxMessage.id == outbox_id)
        await audit.record(
            actor=actor,
            organization_id=row["organization"],
            action="retry",
            entity="outbox_message",
            entity_id=outbox_id,
            before={"status": status.value, "last_error": row["last_error"]},
            after={"status": Status.pending.value},
        )
        await emit(
            OutboxMessageRetried(
                organization_id=row["organization"],
                actor_user_id=actor.user_id,
                outbox_id=outbox_id,
                previous_status=status.value,
            )
        )
        fresh = await OutboxMessage.select(*_READ_COLUMNS).where(OutboxMessage.id == outbox_id).first()
        assert fresh is not None
        return _outbox_read(fresh)


# ---------------------------------------------------------------- preferences


async def _preferences(user_id: int) -> PreferencesRead:
    row = await NotificationPreference.select().where(NotificationPreference.user == user_id).first()
    if row is None:
        return PreferencesRead(reminders=True, digests=True, always_sent=ALWAYS_SENT, updated_at=None)
    return PreferencesRead(
        reminders=row["reminders"], digests=row["digests"], always_sent=ALWAYS_SENT, updated_at=row["updated_at"]
    )


async def get_preferences(*, actor: Actor) -> PreferencesRead:
    return await _preferences(actor.user_id)


async def _set_preferences(*, user_id: int, changes: dict[str, bool], now: datetime) -> None:
    exists = await NotificationPreference.exists().where(NotificationPreference.user == user_id)
    if exists:
        await NotificationPreference.update(
            {
                **{getattr(NotificationPreference, k): v for k, v in changes.items()},
                NotificationPreference.updated_at: now,
            }
        ).where(NotificationPreference.user == user_id)
    else:
        values = {"reminders": True, "digests": True, **changes}
        await NotificationPreference.insert(
            NotificationPreference(
                user=user_id, reminders=values["reminders"], digests=values["digests"], updated_at=now
            )
        )


async def update_preferences(*, actor: Actor, data: PreferencesUpdate) -> PreferencesRead:
    """Turn optional categories on or off; convocations and legal notices stay on (L2315-30)."""
    mandatory = [
        {"field": name, "message": "ne peut pas être désactivé : envoi obligatoire"}
        for name in ("convocations", "legal_notices")
        if getattr(data, name) is False
    ]
    if mandatory:
        raise InvalidInput(
            "Les convocations et les avis légaux ne peuvent pas être désactivés (art. L2315-30 du Code du travail).",
            errors=mandatory,
        )
    changes = {k: v for k, v in data.model_dump(exclude_none=True).items() if k in {"reminders", "digests"}}
    async with transaction():
        before = await _preferences(actor.user_id)
        if changes:
            await _set_preferences(user_id=actor.user_id, changes=changes, now=utcnow())
            await audit.record(
                actor=actor,
                organization_id=actor.organization_id,
                action="update",
                entity="notification_preference",
                entity_id=actor.user_id,
                before={k: getattr(before, k) for k in changes},
                after=changes,
            )
            await emit(
                NotificationPreferencesChanged(
                    organization_id=actor.organization_id,
                    actor_user_id=actor.user_id,
                    user_id=actor.user_id,
                    changes=changes,
                )
            )
        return await _preferences(actor.user_id)


async def _organization_exists(organization_id: int) -> bool:
    from dialogue.organizations.tables import Organization

    return bool(await Organization.exists().where(Organization.id == organization_id))


async def describe_unsubscribe(*, token: str, settings: Settings) -> tuple[str | None, Category] | None:
    """(e-mail address, category) behind a genuine token, for the confirmation page; None otherwise.

    An address token (no account) names no address: the address is not kept, only its digest."""
    key = settings.secret_key.get_secret_value().encode()
    by_address = read_address_unsubscribe_token(token, key=key)
    if by_address is not None:
        organization_id, category, _ = by_address
        return (None, category) if await _organization_exists(organization_id) else None
    parsed = read_unsubscribe_token(token, key=key)
    if parsed is None:
        return None
    user_id, category = parsed
    row = await User.select(User.email).where((User.id == user_id) & (User.is_active == True)).first()  # noqa: E712
    return (row["email"], category) if row else None


async def _unsubscribe_address(*, organization_id: int, category: Category, digest: str) -> bool:
    """Record an address's opt-out (idempotent); False when the organisation no longer exists."""
    async with transaction():
        if not await _organization_exists(organization_id):
            return False
        exists = await NotificationOptOut.exists().where(
            (NotificationOptOut.organization == organization_id)
            & (NotificationOptOut.category == category.value)
            & (NotificationOptOut.address_digest == digest)
        )
        if not exists:
            await NotificationOptOut.insert(
                NotificationOptOut(
                    organization=organization_id, category=category.value, address_digest=digest, created_at=utcnow()
                )
            ).on_conflict(action="DO NOTHING")
            await audit.record(
                actor=None,
                organization_id=organization_id,
                action="unsubscribe",
                entity="notification_opt_out",
                entity_id=digest,
                before={category.value: True},
                after={category.value: False},
            )
        return True


async def unsubscribe(*, token: str, settings: Settings) -> tuple[str | None, Category] | None:
    """RFC 8058 one-click: turn the token's optional category off, without any session. Idempotent.

    An address token (agenda recipients without an account) stops that organisation's agenda mails to it."""
    key = settings.secret_key.get_secret_value().encode()
    by_address = read_address_unsubscribe_token(token, key=key)
    if by_address is not None:
        organization_id, category, digest = by_address
        done = await _unsubscribe_address(organization_id=organization_id, category=category, digest=digest)
        return (None, category) if done else None
    parsed = read_unsubscribe_token(token, key=key)
    if parsed is None:
        return None
    user_id, category = parsed
    async with transaction():
        row = (
            await User.select(User.email, User.organization)
            .where((User.id == user_id) & (User.is_active == True))  # noqa: E712
            .first()
        )
        if row is None:
            return None
        field = _PREFERENCE_COLUMNS[category]._meta.name
        if not await opted_out(user_id=user_id, category=category):
            await _set_preferences(user_id=user_id, changes={field: False}, now=utcnow())
            await audit.record(
                actor=None,
                organization_id=row["organization"],
                action="unsubscribe",
                entity="notification_preference",
                entity_id=user_id,
                before={field: True},
                after={field: False},
            )
            await emit(
                NotificationPreferencesChanged(
                    organization_id=row["organization"], user_id=user_id, changes={field: False}
                )
            )
        return row["email"], category
