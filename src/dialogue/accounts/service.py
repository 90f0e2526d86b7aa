"""Accounts reached by mail: invitations by an organisation's admins, « Mot de passe oublié », the link that
sets the password, and ending every session of one's account.

A link's secret is mailed once and never stored (only its SHA-256, `rules.token_digest`); a new link of the
same purpose cancels the older ones; using one cancels every other link of the account and ends its sessions.
The answer to « Mot de passe oublié » is the same whether the address has an account or not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from dialogue.accounts.rules import Purpose, expires_at, new_token, token_digest, usable, well_formed
from dialogue.accounts.tables import AccountToken
from dialogue.audit import service as audit
from dialogue.auth import service as auth_service
from dialogue.auth.service import Account
from dialogue.core.actor import Actor
from dialogue.core.clock import utcnow
from dialogue.core.db import transaction
from dialogue.core.errors import Conflict, Gone, NotFound
from dialogue.notifications import service as notifications
from dialogue.notifications.messages import AccountLinkData, MailContext, Recipient, render_account_link
from dialogue.organizations import service as organizations_service
from dialogue.pages import links
from dialogue.settings import Settings

UNKNOWN_LINK = "Ce lien n'existe pas. Vérifiez qu'il a été copié en entier, ou demandez-en un nouveau."
USED_LINK = "Ce lien a déjà servi ou a expiré. Demandez-en un nouveau."


@dataclass(frozen=True, slots=True)
class LinkHolder:
    """Whom a valid link is for (shown on the page that sets the password)."""

    full_name: str
    email: str
    purpose: Purpose


async def _send_link(*, account: Account, purpose: Purpose, settings: Settings, invited_by: str | None = None) -> None:
    """A new link (older unused links of the same purpose cancelled) and its mail, in the caller's transaction."""
    now = utcnow()
    token = new_token()
    await AccountToken.update({AccountToken.used_at: now}).where(
        (AccountToken.user == account.id) & (AccountToken.purpose == purpose.value) & AccountToken.used_at.is_null()
    )
    rows = await AccountToken.insert(
        AccountToken(
            user=account.id,
            purpose=purpose.value,
            token_hash=token_digest(token),
            created_at=now,
            expires_at=expires_at(purpose, now),
        )
    ).returning(AccountToken.id)
    data = AccountLinkData(
        organization_name=await organizations_service.organization_name(organization_id=account.organization_id),
        full_name=account.full_name,
        expires_at=expires_at(purpose, now),
        invited_by=invited_by,
    )
    recipient = Recipient(email=account.email, name=account.full_name, user_id=account.id)
    mail = render_account_link(
        MailContext.from_settings(settings),
        data,
        recipient,
        link=f"{settings.base_url}{links.password_link_path(token)}",
        invitation=purpose is Purpose.invitation,
    )
    await notifications.enqueue(
        organization_id=account.organization_id,
        recipient=recipient,
        mail=mail,
        dedupe_key=f"account-link:{rows[0]['id']}",
        settings=settings,
        now=now,
    )


async def request_password_reset(*, email: str, client: str, settings: Settings) -> None:
    """« Mot de passe oublié »: a link mailed if the address is an active account; nothing said either way.
    Throttled like sign-in (429 past the free requests, for any address)."""
    await reserve_reset_request(email=email, client=client, settings=settings)
    await send_reset_link(email=email, settings=settings)


async def reserve_reset_request(*, email: str, client: str, settings: Settings) -> None:
    """Count one « Mot de passe oublié » request (TooManyRequests past the free ones, for any address)."""
    await auth_service.reserve_reset_request(email=email, client=client, settings=settings)


async def send_reset_link(*, email: str, settings: Settings) -> None:
    """The link and its mail, if the address is an active account. The pages and the API run it after their
    answer is sent (a background task), so that the answer takes as long whether the address is known or not."""
    async with transaction():
        account = await auth_service.account_by_email(email=email)
        if account is None or not account.is_active:
            return
        await _send_link(account=account, purpose=Purpose.reset, settings=settings)


async def _token_row(token: str) -> dict[str, object]:
    if not well_formed(token):
        raise NotFound(UNKNOWN_LINK, code="unknown_link")
    row = await AccountToken.select().where(AccountToken.token_hash == token_digest(token)).first()
    if row is None:
        raise NotFound(UNKNOWN_LINK, code="unknown_link")
    return row


def _check_usable(row: dict[str, object], account: Account | None, now: datetime) -> Account:
    expires, used = row["expires_at"], row["used_at"]
    assert isinstance(expires, datetime)
    if account is None or not account.is_active or not usable(expires=expires, used=used, now=now):  # type: ignore[arg-type]
        raise Gone(USED_LINK, code="used_link")
    return account


async def describe_link(*, token: str) -> LinkHolder:
    """Whom a link is for, if it still works (NotFound for an unknown link, Gone for a used or expired one)."""
    row = await _token_row(token)
    account = _check_usable(row, await auth_service.account_by_id(user_id=int(row["user"])), utcnow())  # type: ignore[call-overload]
    return LinkHolder(full_name=account.full_name, email=account.email, purpose=Purpose(str(row["purpose"])))


async def reset_password(*, token: str, password: str, settings: Settings) -> None:
    """Set the password from a mailed link: the link and every other link of the account stop working, and
    every session of the account ends, on every process."""
    now = utcnow()
    async with transaction():
        row = await _token_row(token)
        account = _check_usable(row, await auth_service.account_by_id(user_id=int(row["user"])), now)  # type: ignore[call-overload]
        # The first to mark the row wins: a second use of the same link (even concurrent) changes nothing.
        marked = (
            await AccountToken.update({AccountToken.used_at: now})
            .where((AccountToken.id == row["id"]) & AccountToken.used_at.is_null())
            .returning(AccountToken.id)
        )
        if not marked:
            raise Gone(USED_LINK, code="used_link")
        await AccountToken.update({AccountToken.used_at: now}).where(
            (AccountToken.user == account.id) & AccountToken.used_at.is_null()
        )
        await auth_service.set_password(user_id=account.id, password=password, settings=settings)
        await audit.record(
            actor=Actor(user_id=account.id, organization_id=account.organization_id),
            organization_id=account.organization_id,
            action="set_password" if row["purpose"] == Purpose.invitation.value else "reset_password",
            entity="user",
            entity_id=account.id,
            after={"sessions": "ended"},
        )


async def list_accounts(*, actor: Actor, organization_id: int) -> list[Account]:
    """The organisation's accounts, for its admins (403 for others of the organisation, 404 for any other)."""
    await organizations_service.require_org_admin(actor=actor, organization_id=organization_id)
    return await auth_service.accounts_of(organization_id=organization_id)


async def invite(
    *, actor: Actor, organization_id: int, email: str, full_name: str, is_org_admin: bool, settings: Settings
) -> Account:
    """Open an account without a password and mail its owner a link to choose one (valid a week)."""
    async with transaction():
        await organizations_service.require_org_admin(actor=actor, organization_id=organization_id)
        user_id = await auth_service.create_user(
            email=email,
            full_name=full_name,
            password=None,
            organization_id=actor.organization_id,
            is_org_admin=is_org_admin,
        )
        account = await auth_service.account_by_id(user_id=user_id)
        assert account is not None
        inviter = await auth_service.account_by_id(user_id=actor.user_id)
        await _send_link(
            account=account,
            purpose=Purpose.invitation,
            settings=settings,
            invited_by=inviter.full_name if inviter else None,
        )
        await audit.record(
            actor=actor,
            organization_id=actor.organization_id,
            action="invite",
            entity="user",
            entity_id=user_id,
            after={"email": account.email, "full_name": account.full_name, "is_org_admin": is_org_admin},
        )
        return account


async def resend_invitation(*, actor: Actor, user_id: int, settings: Settings) -> Account:
    """A new invitation link (the previous one stops working), for an account whose owner has not yet chosen
    a password."""
    async with transaction():
        await organizations_service.require_org_admin(actor=actor, organization_id=actor.organization_id)
        account = await auth_service.account_by_id(user_id=user_id)
        if account is None or account.organization_id != actor.organization_id:
            raise NotFound("Compte introuvable.")
        if not account.is_active:
            raise Conflict("Ce compte est désactivé : réactivez-le d'abord.", code="account_inactive")
        if account.has_password:
            raise Conflict(
                "Ce compte a déjà un mot de passe : son titulaire peut utiliser « Mot de passe oublié ».",
                code="already_has_password",
            )
        inviter = await auth_service.account_by_id(user_id=actor.user_id)
        await _send_link(
            account=account,
            purpose=Purpose.invitation,
            settings=settings,
            invited_by=inviter.full_name if inviter else None,
        )
        await audit.record(
            actor=actor,
            organization_id=actor.organization_id,
            action="resend_invitation",
            entity="user",
            entity_id=user_id,
        )
        return account


async def sign_out_everywhere(*, actor: Actor) -> None:
    """« Se déconnecter partout »: every session of the account ends at its next request, on every process."""
    async with transaction():
        await auth_service.end_all_sessions(user_id=actor.user_id)
        await audit.record(
            actor=actor,
            organization_id=actor.organization_id,
            action="sign_out_everywhere",
            entity="user",
            entity_id=actor.user_id,
            after={"sessions": "ended"},
        )
