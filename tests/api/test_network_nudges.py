"""Nudges when a step stalls (issue 20), from the scheduled job to a real SMTP server (aiosmtpd): a stalled step
mails its organisation's trinôme (its admin when it named none) and the network's facilitators once; a second
run mails nothing; a step that does not stall and an organisation that left get nothing; whoever turned reminders
off gets nothing; a facilitator may nudge at once. Time is the frozen clock's, never the machine's."""

from __future__ import annotations

import html
import random
from dataclasses import dataclass
from datetime import date, timedelta
from email.message import EmailMessage
from typing import Any

import pytest

from dialogue.bodies.schemas import BodyKind
from dialogue.core.clock import utcnow
from dialogue.core.db import QUERIES
from dialogue.networks import service as networks_service
from dialogue.networks.nudges import stalls_of
from dialogue.networks.schemas import ConsentInput, InvitationCreate, NetworkCreate, TrinomeInput
from dialogue.networks.tables import Network
from dialogue.notifications.due import notify_due
from dialogue.notifications.tables import OutboxMessage
from dialogue.notifications.worker import SmtpConfig, Worker
from dialogue.qvt.service import steps as qvt_steps
from dialogue.qvt.step_schemas import StepKind, StepUpdate
from tests.api.test_pages import HTML, csrf_from, sign_in
from tests.factories import BodyWorld, Org, Person, make_body, make_organization, make_user
from tests.helpers.clock import FrozenClock
from tests.helpers.problems import assert_problem
from tests.helpers.smtp import SmtpServer, smtp_server

__all__ = ["smtp_server"]

TODAY = date(2026, 4, 15)
NETWORK = "Cluster QVT du Bocage"
LABEL = "relance(s) d'étape de réseau"


@dataclass
class Member:
    org: Org
    steering: BodyWorld


@dataclass
class World:
    network_id: int
    facilitator: Person
    stalled: Member  # trinôme named: its president (direction) and a titulaire (staff representative)
    moving: Member  # in progress, planned end ahead
    leaving: Member  # stalled, then leaves the network
    no_trinome: Member  # stalled, no trinôme named: its admin is told


async def member(world_network: int, facilitator: Person, *, started: date, planned_end: date) -> Member:
    org = await make_organization()
    steering = await make_body(org, kind=BodyKind.qvt_steering, titulaires=1)
    await networks_service.invite(
        actor=facilitator.actor, network_id=world_network, data=InvitationCreate(organization_id=org.id)
    )
    await networks_service.respond(
        actor=org.admin.actor,
        network_id=world_network,
        organization_id=org.id,
        data=ConsentInput(accept=True, steering_body_id=steering.id, establishment_type="EHPAD"),
    )
    assert steering.president is not None
    await qvt_steps.update_step(
        actor=steering.president.actor,
        body_id=steering.id,
        kind=StepKind.prepare,
        data=StepUpdate(started_on=started, planned_end_on=planned_end),
    )
    return Member(org=org, steering=steering)


async def build(frozen_clock: FrozenClock) -> World:
    frozen_clock.set(TODAY)
    agency = await make_organization()
    facilitator = await make_user(agency, full_name="Claire Animatrice")
    network = await networks_service.create_network(
        actor=agency.admin.actor,
        data=NetworkCreate(name=NETWORK, facilitator_ids=[facilitator.id]),
    )
    started = date(2026, 1, 5)
    stalled = await member(network.id, facilitator, started=started, planned_end=date(2026, 3, 31))
    assert stalled.steering.president is not None
    await networks_service.set_trinome(
        actor=stalled.org.admin.actor,
        network_id=network.id,
        organization_id=stalled.org.id,
        data=TrinomeInput(
            direction=[stalled.steering.president.id], staff_representative=[stalled.steering.titulaires[0].id]
        ),
    )
    moving = await member(network.id, facilitator, started=started, planned_end=date(2026, 6, 30))
    leaving = await member(network.id, facilitator, started=started, planned_end=date(2026, 3, 31))
    await networks_service.leave(actor=leaving.org.admin.actor, network_id=network.id, organization_id=leaving.org.id)
    no_trinome = await member(network.id, facilitator, started=started, planned_end=date(2026, 4, 10))
    return World(network.id, facilitator, stalled, moving, leaving, no_trinome)


def people(m: Member) -> set[str]:
    return {m.org.admin.email, *(p.email for p in m.steering.members)}


async def deliver(settings: Any, server: SmtpServer) -> dict[str, list[EmailMessage]]:
    """Send the outbox to the sink; the network's messages by recipient (not the committees' own notices)."""
    server.sink.envelopes.clear()
    smtp = SmtpConfig(hostname="127.0.0.1", port=server.port, use_tls=False, timeout=5)
    worker = Worker(settings=settings, smtp=smtp, clock=lambda: utcnow() + timedelta(minutes=1), rand=random.Random(3))
    await worker.run_once()
    found: dict[str, list[EmailMessage]] = {}
    for envelope, message in zip(server.sink.envelopes, server.sink.messages, strict=True):
        if not str(message["Subject"]).startswith(f"[{NETWORK}]"):
            continue
        for address in envelope.rcpt_tos:
            found.setdefault(address, []).append(message)
    return found


def text(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    return " ".join(str(body.get_content()).split())  # type: ignore[attr-defined]


@pytest.mark.timeout(300)
async def test_a_stalled_step_mails_its_trinome_and_the_facilitators_once(
    client: Any, settings: Any, frozen_clock: FrozenClock, smtp_server: SmtpServer
) -> None:
    world = await build(frozen_clock)
    first = await notify_due(settings=settings, today=TODAY)
    mails = await deliver(settings, smtp_server)

    president = world.stalled.steering.president
    assert president is not None
    trinome = {president.email, world.stalled.steering.titulaires[0].email}
    for email in trinome:
        [mail] = mails[email]
        assert (
            str(mail["Subject"])
            == "[Cluster QVT du Bocage] l'étape « Préparer : enjeux et comité de pilotage » n'avance plus"
        )
        body = text(mail)
        assert f"de {world.stalled.org.name} n'avance plus depuis le mercredi 1er avril 2026" in body
        assert "(fin prévue le mardi 31 mars 2026)" in body
        assert f"{settings.base_url}/reseaux/{world.network_id}" in body
    others_of_stalled = people(world.stalled) - trinome
    assert not others_of_stalled & mails.keys()  # the trinôme only: not the secretary, not the admin
    [to_admin] = mails[world.no_trinome.org.admin.email]
    assert "depuis le samedi 11 avril 2026" in text(to_admin)
    assert not people(world.moving) & mails.keys()  # its step does not stall
    assert not people(world.leaving) & mails.keys()  # it left the network

    summaries = mails[world.facilitator.email]
    assert len(summaries) == 2  # one per stall
    for summary in summaries:
        body = text(summary)
        assert (
            f"{world.stalled.org.name} : « Préparer : enjeux et comité de pilotage » depuis le mercredi 1er avril 2026"
            in body
        )
        assert (
            f"{world.no_trinome.org.name} : « Préparer : enjeux et comité de pilotage » depuis le samedi 11 avril 2026"
            in body
        )
        assert world.moving.org.name not in body and world.leaving.org.name not in body
    rows = await OutboxMessage.select(OutboxMessage.dedupe_key, OutboxMessage.category).where(
        OutboxMessage.dedupe_key.like(f"network-stall:n{world.network_id}:%")
    )
    assert len(rows) == 5 and {r["dedupe_key"] for r in rows} <= set(first.keys)
    assert first.others[LABEL] == len([k for k in first.keys if k.startswith("network-stall:")])
    assert {r["category"] for r in rows} == {"reminder"}
    assert {r["dedupe_key"].rsplit(":", 2)[0] for r in rows} == {
        f"network-stall:n{world.network_id}:o{world.stalled.org.id}:prepare:2026-04-01",
        f"network-stall:n{world.network_id}:o{world.no_trinome.org.id}:prepare:2026-04-11",
    }

    again = await notify_due(settings=settings, today=TODAY)
    frozen_clock.set(TODAY + timedelta(days=1))
    next_day = await notify_due(settings=settings, today=TODAY + timedelta(days=1))
    assert (again.others[LABEL], next_day.others[LABEL]) == (0, 0)
    resent = await deliver(settings, smtp_server)
    assert not (trinome | {world.facilitator.email, world.no_trinome.org.admin.email}) & resent.keys()


@pytest.mark.timeout(300)
async def test_the_stalls_of_a_network_take_three_statements_whatever_its_number_of_members(
    db: Any, frozen_clock: FrozenClock
) -> None:
    """The hourly job runs in a write transaction: no statement per member (it was 11 for these three members, each
    one's whole approach — steps, experiments, trinôme — read to look at its steps)."""
    world = await build(frozen_clock)
    network = await Network.select().where(Network.id == world.network_id).first()
    assert network is not None
    before = QUERIES.count
    stalls = await stalls_of(network, today=TODAY)
    assert QUERIES.count - before == 3  # the active members, their names, their committees' steps
    assert {(s.organization_id, s.step, s.since, s.planned_end_on) for s in stalls} == {
        (world.stalled.org.id, "prepare", date(2026, 4, 1), date(2026, 3, 31)),
        (world.no_trinome.org.id, "prepare", date(2026, 4, 11), date(2026, 4, 10)),
    }
    assert [s.organization_name for s in stalls] == sorted([world.stalled.org.name, world.no_trinome.org.name])


@pytest.mark.timeout(300)
async def test_a_step_moved_on_is_a_new_stall_and_reminders_turned_off_are_respected(
    client: Any, auth: Any, settings: Any, frozen_clock: FrozenClock, smtp_server: SmtpServer
) -> None:
    world = await build(frozen_clock)
    titulaire = world.stalled.steering.titulaires[0]
    headers = await auth(titulaire.email)
    off = await client.patch("/api/v1/me/notification-preferences", headers=headers, json={"reminders": False})
    assert off.status_code == 200, off.text
    await notify_due(settings=settings, today=TODAY)
    mails = await deliver(settings, smtp_server)
    assert titulaire.email not in mails
    president = world.stalled.steering.president
    assert president is not None
    assert len(mails[president.email]) == 1

    # The committee sets a new planned end, which passes in turn: another stall, announced once again.
    await qvt_steps.update_step(
        actor=president.actor,
        body_id=world.stalled.steering.id,
        kind=StepKind.prepare,
        data=StepUpdate(planned_end_on=date(2026, 4, 30)),
    )
    assert (await notify_due(settings=settings, today=TODAY)).others[LABEL] == 0
    frozen_clock.set(date(2026, 5, 4))
    later = await notify_due(settings=settings, today=date(2026, 5, 4))
    mails = await deliver(settings, smtp_server)
    assert "depuis le vendredi 1er mai 2026" in text(mails[president.email][0])
    assert titulaire.email not in mails
    mine = f"network-stall:n{world.network_id}:o{world.stalled.org.id}:prepare:2026-05-01:"
    assert len([k for k in later.keys if k.startswith(mine)]) == 2  # the president and the facilitator
    assert not [k for k in later.keys if f":o{world.no_trinome.org.id}:" in k]  # its stall was announced


@pytest.mark.timeout(300)
async def test_a_facilitator_nudges_at_once_and_only_a_facilitator(
    client: Any, auth: Any, settings: Any, frozen_clock: FrozenClock, smtp_server: SmtpServer
) -> None:
    world = await build(frozen_clock)
    base = f"/api/v1/networks/{world.network_id}/organizations"
    facilitator = await auth(world.facilitator.email)
    nudged = await client.post(f"{base}/{world.stalled.org.id}/nudge", headers=facilitator)
    assert nudged.status_code == 200, nudged.text
    assert nudged.json() == {
        "organization_id": world.stalled.org.id,
        "step": "prepare",
        "stalled_since": "2026-04-01",
        "recipients": 2,
    }
    again = await client.post(f"{base}/{world.stalled.org.id}/nudge", headers=facilitator)
    assert again.json()["recipients"] == 0  # once a day and recipient
    mails = await deliver(settings, smtp_server)
    president = world.stalled.steering.president
    assert president is not None
    [mail] = mails[president.email]
    assert str(mail["Subject"]).startswith(
        "[Cluster QVT du Bocage] Relance : l'étape « Préparer : enjeux et comité de pilotage »"
    )
    assert "L'animation du réseau Cluster QVT du Bocage vous relance" in text(mail)

    assert_problem(await client.post(f"{base}/{world.moving.org.id}/nudge", headers=facilitator), 409)
    assert_problem(await client.post(f"{base}/{world.leaving.org.id}/nudge", headers=facilitator), 404)
    member_admin = await auth(world.stalled.org.admin.email)
    assert_problem(await client.post(f"{base}/{world.stalled.org.id}/nudge", headers=member_admin), 403)
    outsider = await auth((await make_organization()).admin.email)
    assert_problem(await client.post(f"{base}/{world.stalled.org.id}/nudge", headers=outsider), 404)


@pytest.mark.timeout(300)
async def test_the_facilitator_nudges_la_voisine_from_the_board_page(client: Any, auth: Any) -> None:
    facilitator = await auth("facilitatrice@reseau.example")
    network = (await client.get("/api/v1/networks", headers=facilitator)).json()["items"][0]["id"]
    board = (await client.get(f"/api/v1/networks/{network}/board", headers=facilitator)).json()["items"]
    voisine = next(row for row in board if row["nudge"])
    await sign_in(client, "facilitatrice@reseau.example")
    page = await client.get(f"/reseaux/{network}", headers=HTML)
    assert page.text.count("Relancer par courriel") == 1
    action = f"/reseaux/{network}/organisations/{voisine['organization_id']}/relancer"
    assert f'action="{action}"' in page.text
    nudged = await client.post(action, data={"_csrf_token": csrf_from(page.text)}, headers=HTML)
    assert nudged.status_code == 303
    assert nudged.headers["location"] == f"/reseaux/{network}?fait=relancee#etapes"
    done = await client.get(nudged.headers["location"], headers=HTML)
    assert "Le trinôme de l'organisation est relancé par courriel." in html.unescape(done.text)
    rows = await OutboxMessage.select(OutboxMessage.recipient_email).where(
        OutboxMessage.dedupe_key.like(f"network-stall:n{network}:o{voisine['organization_id']}:prepare:%:relance:%")
    )
    assert sorted(r["recipient_email"] for r in rows) == [
        "aide@voisine.example",
        "direction@voisine.example",
        "elu@voisine.example",
    ]
    again = await client.post(action, data={"_csrf_token": csrf_from(done.text)}, headers=HTML)
    assert again.status_code == 303  # once a day and recipient: nothing more is queued
    assert (
        len(await OutboxMessage.select().where(OutboxMessage.dedupe_key.like(f"network-stall:n{network}:%:relance:%")))
        == 3
    )
    await sign_in(client, "admin@voisine.example")
    page = await client.get(f"/reseaux/{network}", headers=HTML)
    assert "Relancer par courriel" not in page.text
    refused = await client.post(action, data={"_csrf_token": csrf_from(page.text)}, headers=HTML)
    assert refused.status_code == 403
