"""Networks: creation, invitation and consent, leaving, the trinôme, the steps board and the sessions.

Every write is in the audit log of the organisation it concerns (the host's for the network's own acts, the
member's for its consent, its trinôme, its departure)."""

from __future__ import annotations

import json
from typing import Any

from dialogue.audit import service as audit
from dialogue.auth import service as auth_service
from dialogue.auth.tables import User
from dialogue.core.actor import Actor
from dialogue.core.clock import utcnow
from dialogue.core.db import transaction
from dialogue.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from dialogue.documents import service as documents_service
from dialogue.networks import rules
from dialogue.networks.access import NetworkAccess, network_access
from dialogue.networks.schemas import (
    AttendanceInput,
    AttendanceRead,
    BoardRowRead,
    BoardStepRead,
    ConsentInput,
    DocumentRef,
    InvitationCreate,
    MemberRead,
    MembershipStatus,
    NetworkCreate,
    NetworkRead,
    ParticipantRead,
    PersonRead,
    SessionCreate,
    SessionKind,
    SessionRead,
    TrinomeInput,
)
from dialogue.networks.tables import (
    Network,
    NetworkAttendance,
    NetworkContribution,
    NetworkFacilitator,
    NetworkMembership,
    NetworkParticipant,
    NetworkSession,
    NetworkSheet,
)
from dialogue.organizations.tables import Organization
from dialogue.qvt.rules.steps import TRINOME_LABELS
from dialogue.qvt.service import steps as qvt_steps

BODY_SIDES = ("direction", "professional", "staff_representative")


def loaded(value: Any) -> Any:
    """Piccolo hands JSON columns back as text."""
    return json.loads(value) if isinstance(value, str) else value


async def organization_names(ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = await Organization.select(Organization.id, Organization.name).where(Organization.id.is_in(sorted(set(ids))))
    return {r["id"]: r["name"] for r in rows}


async def people(ids: list[int]) -> dict[int, PersonRead]:
    if not ids:
        return {}
    rows = await User.select(User.id, User.full_name).where(User.id.is_in(sorted(set(ids))))
    return {r["id"]: PersonRead(id=r["id"], full_name=r["full_name"]) for r in rows}


async def _network_read(access: NetworkAccess) -> NetworkRead:
    row = access.network
    facilitators = await NetworkFacilitator.select(NetworkFacilitator.user).where(
        NetworkFacilitator.network == row["id"]
    )
    names = await people([f["user"] for f in facilitators])
    return NetworkRead(
        id=row["id"],
        name=row["name"],
        kind=row["kind"],
        region=row["region"],
        description=row["description"],
        host_organization_id=row["host"],
        facilitators=[names[f["user"]] for f in facilitators],
        my_role="facilitator" if access.animates else "member" if access.is_member else "invited",
        my_organization_status=MembershipStatus(access.membership["status"]) if access.membership else None,
    )


async def list_networks(*, actor: Actor) -> list[NetworkRead]:
    """The networks the actor animates, or that the actor's organisation belongs to or is invited to."""
    animated = await NetworkFacilitator.select(NetworkFacilitator.network).where(
        NetworkFacilitator.user == actor.user_id
    )
    hosted = await Network.select(Network.id).where(Network.host == actor.organization_id)
    joined = await NetworkMembership.select(NetworkMembership.network).where(
        (NetworkMembership.organization == actor.organization_id)
        & (NetworkMembership.status.is_in(["invited", "active"]))
    )
    ids = sorted({r["network"] for r in animated} | {r["id"] for r in hosted} | {r["network"] for r in joined})
    found: list[NetworkRead] = []
    for network_id in ids:
        try:
            found.append(await _network_read(await network_access(actor=actor, network_id=network_id)))
        except NotFound:
            continue
    return found


async def get_network(*, actor: Actor, network_id: int) -> NetworkRead:
    return await _network_read(await network_access(actor=actor, network_id=network_id))


async def create_network(*, actor: Actor, data: NetworkCreate) -> NetworkRead:
    """An admin of the host organisation (agency, federation) creates the network and names its facilitators."""
    async with transaction():
        me = await auth_service.me(actor=actor)
        if not me.is_org_admin:
            raise Forbidden("Seule l'administration de l'organisation animatrice crée un réseau.")
        accounts = {a.id for a in await auth_service.accounts_of(organization_id=actor.organization_id)}
        if unknown := sorted(set(data.facilitator_ids) - accounts):
            raise InvalidInput(
                "Les personnes qui animent le réseau sont des comptes de l'organisation animatrice.",
                errors=[{"field": "facilitator_ids", "message": f"inconnu : {', '.join(map(str, unknown))}"}],
            )
        row = Network(
            host=actor.organization_id,
            name=data.name,
            kind=data.kind.value,
            region=data.region,
            description=data.description,
            created_at=utcnow(),
        )
        await row.save()
        for user_id in dict.fromkeys(data.facilitator_ids):
            await NetworkFacilitator.insert(NetworkFacilitator(network=row.id, user=user_id))
        await audit.record(
            actor=actor,
            organization_id=actor.organization_id,
            action="create",
            entity="network",
            entity_id=row.id,
            after=data.model_dump(mode="json"),
        )
        return await get_network(actor=actor, network_id=row.id)


async def _trinome_rows(membership_ids: list[int]) -> dict[int, list[ParticipantRead]]:
    if not membership_ids:
        return {}
    rows = await NetworkParticipant.select().where(NetworkParticipant.membership.is_in(membership_ids))
    names = await people([r["user"] for r in rows])
    found: dict[int, list[ParticipantRead]] = {i: [] for i in membership_ids}
    for r in sorted(rows, key=lambda r: (BODY_SIDES.index(r["side"]), r["id"])):
        found[r["membership"]].append(
            ParticipantRead(side=r["side"], side_label=TRINOME_LABELS[r["side"]], person=names[r["user"]])
        )
    return found


async def list_members(*, actor: Actor, network_id: int) -> list[MemberRead]:
    """The member organisations and their trinôme (the network sees who they are, nothing else of them)."""
    access = await network_access(actor=actor, network_id=network_id)
    statuses = ["invited", "active"] if access.animates else ["active"]
    if not (access.animates or access.is_member):
        statuses = []
    rows = await NetworkMembership.select().where(
        (NetworkMembership.network == network_id) & (NetworkMembership.status.is_in(statuses or ["-"]))
    )
    names = await organization_names([r["organization"] for r in rows])
    trinomes = await _trinome_rows([r["id"] for r in rows])
    return sorted(
        (
            MemberRead(
                organization_id=r["organization"],
                organization_name=names[r["organization"]],
                status=r["status"],
                establishment_type=r["establishment_type"],
                shares_steps=r["steering_body_id"] is not None,
                trinome=trinomes[r["id"]],
                trinome_complete={p.side for p in trinomes[r["id"]]} == set(BODY_SIDES),
                joined_on=r["joined_at"].date() if r["joined_at"] else None,
            )
            for r in rows
        ),
        key=lambda m: m.organization_name,
    )


async def invite(*, actor: Actor, network_id: int, data: InvitationCreate) -> MemberRead:
    """The animation invites an organisation; it joins only once its admin consents."""
    async with transaction():
        access = await network_access(actor=actor, network_id=network_id)
        access.require_animates()
        if not await Organization.exists().where(Organization.id == data.organization_id):
            raise InvalidInput(
                "Organisation inconnue.", errors=[{"field": "organization_id", "message": "introuvable"}]
            )
        row = (
            await NetworkMembership.select()
            .where((NetworkMembership.network == network_id) & (NetworkMembership.organization == data.organization_id))
            .first()
        )
        now = utcnow()
        if row is not None and row["status"] in {"invited", "active"}:
            raise Conflict("Cette organisation est déjà invitée ou membre du réseau.", code="already_member")
        if row is None:
            await NetworkMembership.insert(
                NetworkMembership(
                    network=network_id,
                    organization=data.organization_id,
                    status="invited",
                    establishment_type=data.establishment_type,
                    invited_at=now,
                    invited_by=actor.user_id,
                )
            )
        else:
            await NetworkMembership.update(
                {
                    NetworkMembership.status: "invited",
                    NetworkMembership.invited_at: now,
                    NetworkMembership.invited_by: actor.user_id,
                    NetworkMembership.left_at: None,
                }
            ).where(NetworkMembership.id == row["id"])
        await audit.record(
            actor=actor,
            organization_id=access.network["host"],
            action="invite",
            entity="network_membership",
            entity_id=f"{network_id}:{data.organization_id}",
            after=data.model_dump(mode="json"),
        )
        return await _member(network_id, data.organization_id)


async def _member(network_id: int, organization_id: int) -> MemberRead:
    row = (
        await NetworkMembership.select()
        .where((NetworkMembership.network == network_id) & (NetworkMembership.organization == organization_id))
        .first()
    )
    assert row is not None
    names = await organization_names([organization_id])
    trinome = (await _trinome_rows([row["id"]]))[row["id"]]
    return MemberRead(
        organization_id=organization_id,
        organization_name=names[organization_id],
        status=row["status"],
        establishment_type=row["establishment_type"],
        shares_steps=row["steering_body_id"] is not None,
        trinome=trinome,
        trinome_complete={p.side for p in trinome} == set(BODY_SIDES),
        joined_on=row["joined_at"].date() if row["joined_at"] else None,
    )


async def _own_membership(actor: Actor, network_id: int, organization_id: int) -> tuple[NetworkAccess, dict[str, Any]]:
    """The actor's organisation's membership, when the actor is its admin (404 for another organisation's)."""
    access = await network_access(actor=actor, network_id=network_id)
    if organization_id != actor.organization_id or access.membership is None:
        raise NotFound("Organisation introuvable dans ce réseau.")
    if not access.manages_membership:
        raise Forbidden("Réservé à l'administration de l'organisation.")
    return access, access.membership


async def respond(*, actor: Actor, network_id: int, organization_id: int, data: ConsentInput) -> MemberRead:
    """The organisation's admin accepts (joins) or declines; accepting may share one QVT committee's steps."""
    async with transaction():
        _access, membership = await _own_membership(actor, network_id, organization_id)
        if membership["status"] != "invited" and not data.accept:
            raise Conflict("L'organisation est déjà membre : elle peut quitter le réseau.", code="already_member")
        values: dict[Any, Any] = {}
        if data.steering_body_id is not None:
            await qvt_steps.get_approach(actor=actor, body_id=data.steering_body_id)
            values[NetworkMembership.steering_body_id] = data.steering_body_id
        if data.establishment_type is not None:
            values[NetworkMembership.establishment_type] = data.establishment_type
        if membership["status"] == "invited":
            values[NetworkMembership.status] = "active" if data.accept else "declined"
            if data.accept:
                values[NetworkMembership.joined_at] = utcnow()
        if values:
            await NetworkMembership.update(values).where(NetworkMembership.id == membership["id"])
        await audit.record(
            actor=actor,
            organization_id=organization_id,
            action="consent" if data.accept else "decline",
            entity="network_membership",
            entity_id=f"{network_id}:{organization_id}",
            after=data.model_dump(mode="json"),
        )
        return await _member(network_id, organization_id)


async def leave(*, actor: Actor, network_id: int, organization_id: int) -> MemberRead:
    """The organisation leaves: everything it published is withdrawn from the network's views (and audited)."""
    async with transaction():
        _access, membership = await _own_membership(actor, network_id, organization_id)
        now = utcnow()
        await NetworkMembership.update(
            {NetworkMembership.status: "left", NetworkMembership.left_at: now, NetworkMembership.steering_body_id: None}
        ).where(NetworkMembership.id == membership["id"])
        for table, entity in ((NetworkSheet, "network_sheet"), (NetworkContribution, "network_contribution")):
            published = await table.select(table.id).where(
                (table.network == network_id) & (table.organization == organization_id) & (table.status == "published")
            )
            for row in published:
                await table.update({table.status: "withdrawn", table.withdrawn_at: now}).where(table.id == row["id"])
                await audit.record(
                    actor=actor,
                    organization_id=organization_id,
                    action="withdraw",
                    entity=entity,
                    entity_id=row["id"],
                    after={"network_id": network_id, "reason": "départ du réseau"},
                )
        await audit.record(
            actor=actor,
            organization_id=organization_id,
            action="leave",
            entity="network_membership",
            entity_id=f"{network_id}:{organization_id}",
        )
        return await _member(network_id, organization_id)


async def set_trinome(*, actor: Actor, network_id: int, organization_id: int, data: TrinomeInput) -> MemberRead:
    """The organisation names its direction, professional and staff-representative participants (its people)."""
    async with transaction():
        _access, membership = await _own_membership(actor, network_id, organization_id)
        accounts = {a.id for a in await auth_service.accounts_of(organization_id=organization_id)}
        chosen = {side: list(dict.fromkeys(getattr(data, side))) for side in BODY_SIDES}
        errors = [
            {"field": side, "message": "compte inconnu dans l'organisation"}
            for side, ids in chosen.items()
            if set(ids) - accounts
        ]
        if errors:
            raise InvalidInput("Le trinôme se compose de personnes de l'organisation.", errors=errors)
        await NetworkParticipant.delete().where(NetworkParticipant.membership == membership["id"])
        for side, ids in chosen.items():
            for user_id in ids:
                await NetworkParticipant.insert(
                    NetworkParticipant(membership=membership["id"], user=user_id, side=side)
                )
        await audit.record(
            actor=actor,
            organization_id=organization_id,
            action="update",
            entity="network_trinome",
            entity_id=f"{network_id}:{organization_id}",
            after=chosen,
        )
        return await _member(network_id, organization_id)


async def board(*, actor: Actor, network_id: int) -> list[BoardRowRead]:
    """Each organisation's progress through the approach (those that share their steps), with a nudge when a
    step stalls; a member organisation sees its own row only."""
    access = await network_access(actor=actor, network_id=network_id)
    if not (access.animates or access.is_member):
        raise Forbidden("Réservé aux membres du réseau.")
    query = NetworkMembership.select().where(
        (NetworkMembership.network == network_id)
        & (NetworkMembership.status == "active")
        & (NetworkMembership.steering_body_id.is_not_null())
    )
    if not access.animates:
        query = query.where(NetworkMembership.organization == actor.organization_id)
    rows = await query
    names = await organization_names([r["organization"] for r in rows])
    found: list[BoardRowRead] = []
    for r in rows:
        approach = await qvt_steps.approach_of(r["steering_body_id"])
        steps = [
            BoardStepRead(
                kind=s.kind.value,
                label=s.label,
                state=s.state,
                started_on=s.started_on,
                completed_on=s.completed_on,
                stalled=s.stalled,
            )
            for s in approach.steps
        ]
        stalled = next((s for s in approach.steps if s.stalled), None)
        found.append(
            BoardRowRead(
                organization_id=r["organization"],
                organization_name=names[r["organization"]],
                current=approach.current.value if approach.current else None,
                progress=approach.progress,
                steps=steps,
                nudge=rules.nudge(step_label=stalled.label, stalled=True, since=stalled.planned_end_on)
                if stalled
                else None,
            )
        )
    return sorted(found, key=lambda b: b.organization_name)


# ---------------------------------------------------------------------------------------------- sessions


async def _session_read(row: dict[str, Any], access: NetworkAccess) -> SessionRead:
    attendance = await NetworkAttendance.select().where(NetworkAttendance.session == row["id"])
    names = await organization_names([a["organization"] for a in attendance])
    themes = [str(t) for t in loaded(row["themes"]) or []]
    visit = row["kind"] == SessionKind.support_visit.value
    return SessionRead(
        id=row["id"],
        network_id=row["network"],
        kind=row["kind"],
        title=row["title"],
        held_on=row["held_on"],
        place=row["place"],
        themes=themes,
        theme_labels=[rules.SESSION_THEMES.get(t, t) for t in themes],
        agenda=row["agenda"],
        organization_id=row["organization"],
        notes=row["notes"] if visit else None,
        attendance=[
            AttendanceRead(
                organization_id=a["organization"], organization_name=names[a["organization"]], attendees=a["attendees"]
            )
            for a in attendance
            if access.animates or a["organization"] == access.actor.organization_id or not visit
        ],
        documents=[DocumentRef(**d) for d in loaded(row["document_ids"]) or []],
    )


def _sees_session(access: NetworkAccess, row: dict[str, Any]) -> bool:
    """Collective days: the whole network; a support visit (and its notes): the animation and the visited only."""
    if access.animates:
        return True
    if not access.is_member:
        return False
    return bool(row["kind"] == "collective_day" or row["organization"] == access.actor.organization_id)


async def list_sessions(*, actor: Actor, network_id: int) -> list[SessionRead]:
    access = await network_access(actor=actor, network_id=network_id)
    rows = await NetworkSession.select().where(NetworkSession.network == network_id).order_by(NetworkSession.held_on)
    return [await _session_read(r, access) for r in rows if _sees_session(access, r)]


async def get_session(*, actor: Actor, network_id: int, session_id: int) -> SessionRead:
    access = await network_access(actor=actor, network_id=network_id)
    row = (
        await NetworkSession.select()
        .where((NetworkSession.id == session_id) & (NetworkSession.network == network_id))
        .first()
    )
    if row is None or not _sees_session(access, row):
        raise NotFound("Séance introuvable.")
    return await _session_read(row, access)


async def create_session(*, actor: Actor, network_id: int, data: SessionCreate) -> SessionRead:
    """A collective day or a support visit (to an active member organisation), with the host's documents."""
    async with transaction():
        access = await network_access(actor=actor, network_id=network_id)
        access.require_animates()
        visit = data.kind is SessionKind.support_visit
        if visit:
            active = data.organization_id is not None and await NetworkMembership.exists().where(
                (NetworkMembership.network == network_id)
                & (NetworkMembership.organization == data.organization_id)
                & (NetworkMembership.status == "active")
            )
            if not active:
                raise InvalidInput(
                    "Une visite d'appui se fait chez une organisation membre.",
                    errors=[{"field": "organization_id", "message": "organisation membre attendue"}],
                )
        elif data.organization_id is not None or data.notes:
            raise InvalidInput(
                "Une journée collective ne concerne pas une seule organisation et n'a pas de notes de visite.",
                errors=[{"field": "organization_id", "message": "réservé aux visites d'appui"}],
            )
        host = access.network["host"]
        for document_id in data.document_ids:
            await documents_service.require_attachable(
                organization_id=host, document_id=document_id, field="document_ids"
            )
        titles = await documents_service.readable_titles(actor=actor, ids=set(data.document_ids))
        refs = [{"id": i, "title": titles.get(i, f"Document {i}"), "filename": ""} for i in data.document_ids]
        row = NetworkSession(
            network=network_id,
            kind=data.kind.value,
            organization=data.organization_id if visit else None,
            title=data.title,
            held_on=data.held_on,
            place=data.place,
            themes=list(data.themes),
            agenda=data.agenda,
            notes=data.notes,
            document_ids=refs,
            created_by=actor.user_id,
            created_at=utcnow(),
        )
        await row.save()
        await audit.record(
            actor=actor,
            organization_id=host,
            action="create",
            entity="network_session",
            entity_id=row.id,
            after={"network_id": network_id, "kind": data.kind.value, "title": data.title},
        )
        return await get_session(actor=actor, network_id=network_id, session_id=row.id)


async def record_attendance(*, actor: Actor, network_id: int, session_id: int, data: AttendanceInput) -> SessionRead:
    async with transaction():
        access = await network_access(actor=actor, network_id=network_id)
        access.require_animates()
        row = (
            await NetworkSession.select()
            .where((NetworkSession.id == session_id) & (NetworkSession.network == network_id))
            .first()
        )
        if row is None:
            raise NotFound("Séance introuvable.")
        member = await NetworkMembership.exists().where(
            (NetworkMembership.network == network_id)
            & (NetworkMembership.organization == data.organization_id)
            & (NetworkMembership.status == "active")
        )
        if not member or (row["organization"] is not None and row["organization"] != data.organization_id):
            raise InvalidInput(
                "Organisation absente de cette séance.",
                errors=[{"field": "organization_id", "message": "organisation membre attendue"}],
            )
        await NetworkAttendance.delete().where(
            (NetworkAttendance.session == session_id) & (NetworkAttendance.organization == data.organization_id)
        )
        await NetworkAttendance.insert(
            NetworkAttendance(session=session_id, organization=data.organization_id, attendees=data.attendees)
        )
        return await _session_read(row, access)


async def session_document(*, actor: Actor, network_id: int, session_id: int, document_id: int) -> Any:
    """A resource shared at a session: its current version, for whoever sees the session (never confidential)."""
    access = await network_access(actor=actor, network_id=network_id)
    session = await get_session(actor=actor, network_id=network_id, session_id=session_id)
    if document_id not in {d.id for d in session.documents}:
        raise NotFound("Document introuvable.")
    content = await documents_service.shared_content(organization_id=access.network["host"], document_id=document_id)
    if content is None:
        raise NotFound("Document introuvable.")
    return content
