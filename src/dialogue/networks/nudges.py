"""Nudges when a step stalls: the board's « n'avance plus » as mails through the outbox.

A member organisation's step stalls (`qvt.rules.steps.step_stalls`: its planned end passed, or nothing changed for
90 days) in the approach it shares with a network. Once per stall — the dedupe key names the network, the
organisation, the step and the stall's first day, so a new planned end or a change of the step that stalls again
is another stall — the organisation's trinôme (its admins when it named none) is told, and each facilitator of the
network receives a summary (this stall, and every step stalled in the network now). They are reminders: whoever
turned reminders off in their preferences gets nothing.

`stalled_step_nudges` is one of the scheduled jobs of `dialogue notify-due` (the looping worker runs it hourly);
a facilitator may also nudge an organisation at once (`nudge_now`, at most once a day and recipient).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from dialogue.audit import service as audit
from dialogue.auth import service as auth_service
from dialogue.core.actor import Actor
from dialogue.core.clock import today_by_clock
from dialogue.core.db import transaction
from dialogue.core.errors import InvalidState, NotFound
from dialogue.networks.access import network_access
from dialogue.networks.schemas import NudgeRead
from dialogue.networks.service import organization_names
from dialogue.networks.tables import Network, NetworkFacilitator, NetworkMembership, NetworkParticipant
from dialogue.notifications import directory
from dialogue.notifications import service as notifications_service
from dialogue.notifications.messages import MailContext, Recipient
from dialogue.notifications.notices import enqueue_notice
from dialogue.notifications.rules import Category
from dialogue.qvt.service import steps as qvt_steps
from dialogue.settings import Settings

ORGANIZATION_KIND = "network_step_stalled"
FACILITATOR_KIND = "network_stalls_summary"


@dataclass(frozen=True, slots=True)
class Stall:
    network_id: int
    network_name: str
    host_id: int
    membership_id: int
    organization_id: int
    organization_name: str
    step: str
    step_label: str
    since: date
    planned_end_on: date | None

    @property
    def key(self) -> str:
        """Names the network, the organisation, the step and the stall's first day."""
        return f"network-stall:n{self.network_id}:o{self.organization_id}:{self.step}:{self.since.isoformat()}"


async def stalls_of(network: dict[str, Any], *, today: date, organization_id: int | None = None) -> list[Stall]:
    """The steps stalled `today` of the active members that share their approach with the network."""
    query = NetworkMembership.select().where(
        (NetworkMembership.network == network["id"])
        & (NetworkMembership.status == "active")
        & (NetworkMembership.steering_body_id.is_not_null())
    )
    if organization_id is not None:
        query = query.where(NetworkMembership.organization == organization_id)
    rows = await query.order_by(NetworkMembership.id)
    names = await organization_names([r["organization"] for r in rows])
    steps = await qvt_steps.steps_by_body([r["steering_body_id"] for r in rows], today)
    found: list[Stall] = []
    for r in rows:
        for step in steps[r["steering_body_id"]]:
            if step.stalled and step.stalled_since is not None:
                found.append(
                    Stall(
                        network_id=network["id"],
                        network_name=network["name"],
                        host_id=network["host"],
                        membership_id=r["id"],
                        organization_id=r["organization"],
                        organization_name=names[r["organization"]],
                        step=step.kind.value,
                        step_label=step.label,
                        since=step.stalled_since,
                        planned_end_on=step.planned_end_on,
                    )
                )
    return sorted(found, key=lambda s: (s.organization_name, s.since, s.step))


async def _organization_recipients(stall: Stall) -> list[Recipient]:
    """The organisation's trinôme in the network; its admins when it named none (active accounts only)."""
    accounts = [a for a in await auth_service.accounts_of(organization_id=stall.organization_id) if a.is_active]
    chosen = {
        r["user"]
        for r in await NetworkParticipant.select(NetworkParticipant.user).where(
            NetworkParticipant.membership == stall.membership_id
        )
    }
    people = [a for a in accounts if a.id in chosen] or [a for a in accounts if a.is_org_admin]
    return [Recipient(email=a.email, name=a.full_name, user_id=a.id) for a in people]


async def _facilitators(network: dict[str, Any]) -> list[Recipient]:
    ids = {
        r["user"]
        for r in await NetworkFacilitator.select(NetworkFacilitator.user).where(
            NetworkFacilitator.network == network["id"]
        )
    }
    accounts = await auth_service.accounts_of(organization_id=network["host"])
    return [Recipient(email=a.email, name=a.full_name, user_id=a.id) for a in accounts if a.id in ids and a.is_active]


async def _send(
    *, kind: str, stall: Stall, recipient: Recipient, key: str, ctx: MailContext, settings: Settings, **context: Any
) -> bool:
    """True when a new row was stored (not already there, not turned off by the recipient)."""
    if await notifications_service.outbox_row_exists(key):
        return False
    await enqueue_notice(
        kind=kind,
        category=Category.reminder,
        recipient=recipient,
        organization_id=stall.organization_id if kind == ORGANIZATION_KIND else stall.host_id,
        url=f"{ctx.base_url}/reseaux/{stall.network_id}",
        topic="network-steps",
        object_id=stall.membership_id,
        sender_name=stall.network_name,
        dedupe_key=key,
        ctx=ctx,
        settings=settings,
        stall=stall,
        **context,
    )
    return await notifications_service.outbox_row_exists(key)


async def _announce(
    stall: Stall, *, stalls: list[Stall], facilitators: list[Recipient], ctx: MailContext, settings: Settings
) -> list[str]:
    stored: list[str] = []
    for person in await _organization_recipients(stall):
        key = f"{stall.key}:org:{directory.recipient_key(person)}"
        if await _send(
            kind=ORGANIZATION_KIND, stall=stall, recipient=person, key=key, ctx=ctx, settings=settings, manual=False
        ):
            stored.append(key)
    for person in facilitators:
        key = f"{stall.key}:anim:{directory.recipient_key(person)}"
        if await _send(
            kind=FACILITATOR_KIND,
            stall=stall,
            recipient=person,
            key=key,
            ctx=ctx,
            settings=settings,
            stalls=stalls,
        ):
            stored.append(key)
    return stored


async def stalled_step_nudges(*, today: date, settings: Settings) -> list[str]:
    """The scheduled job: announce every stall of every network once; returns the dedupe keys stored this time."""
    ctx = MailContext.from_settings(settings)
    stored: list[str] = []
    async with transaction():
        for network in await Network.select().order_by(Network.id):
            stalls = await stalls_of(network, today=today)
            if not stalls:
                continue
            facilitators = await _facilitators(network)
            for stall in stalls:
                stored += await _announce(stall, stalls=stalls, facilitators=facilitators, ctx=ctx, settings=settings)
    return stored


async def nudge_now(*, actor: Actor, network_id: int, organization_id: int, settings: Settings) -> NudgeRead:
    """A facilitator nudges one member organisation's trinôme about its stalled step, at once (once a day)."""
    async with transaction():
        access = await network_access(actor=actor, network_id=network_id)
        access.require_animates()
        today = today_by_clock(settings.tz)
        member = await NetworkMembership.exists().where(
            (NetworkMembership.network == network_id)
            & (NetworkMembership.organization == organization_id)
            & (NetworkMembership.status == "active")
            & (NetworkMembership.steering_body_id.is_not_null())
        )
        if not member:
            raise NotFound("Organisation introuvable dans ce réseau.")
        stalls = await stalls_of(access.network, today=today, organization_id=organization_id)
        if not stalls:
            raise InvalidState("Aucune étape de cette organisation n'est à l'arrêt.", code="no_stalled_step")
        ctx = MailContext.from_settings(settings)
        stall = stalls[0]
        sent = 0
        for person in await _organization_recipients(stall):
            key = f"{stall.key}:relance:{today.isoformat()}:{directory.recipient_key(person)}"
            if await _send(
                kind=ORGANIZATION_KIND, stall=stall, recipient=person, key=key, ctx=ctx, settings=settings, manual=True
            ):
                sent += 1
        await audit.record(
            actor=actor,
            organization_id=access.network["host"],
            action="nudge",
            entity="network_membership",
            entity_id=f"{network_id}:{organization_id}",
            after={"step": stall.step, "stalled_since": stall.since.isoformat(), "recipients": sent},
        )
        return NudgeRead(organization_id=organization_id, step=stall.step, stalled_since=stall.since, recipients=sent)
