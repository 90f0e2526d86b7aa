"""The multi-establishment company: the decision setting the établissements distincts (L2313-2 to L2313-5), the CSE
central's composition and meetings (L2316-4, R2316-1, L2316-15, L2316-17), and the consultations linked between the
CSE central and the establishment CSEs (R2312-6 II) with their tree of opinions.

Who reads (the one rule the API and the page « Établissements » share, in `access.py`): the direction, the board and
the organisation's admins; the élus and union representatives of the CSE central and of each establishment CSE
(L2313-3 and R2313-1: the CSE agrees or is informed of the établissements distincts and may contest the decision;
L2316-4: each establishment CSE designates its delegates to the CSE central). The tree of opinions of a linked
consultation: the readers of the CSE central's consultation and the élus of the establishment CSEs consulted with it
(R2312-6 II). Anyone else in the organisation: 403; another organisation: 404. Writes: the admins record the
établissements distincts; the CSE central's president or secretary links a consultation; the establishment CSE's
president or secretary transmits its opinion."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from piccolo.querystring import QueryString

from dialogue.audit import service as audit
from dialogue.bodies.access import body_access, body_accesses
from dialogue.consultations import service as consultations
from dialogue.consultations.schemas import ConsultationCreate, ConsultationLevel, ConsultationMeetingRead
from dialogue.core import clock
from dialogue.core.actor import Actor
from dialogue.core.db import get_engine, transaction
from dialogue.core.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation
from dialogue.establishments import access, rules
from dialogue.establishments.schemas import (
    CentralCompositionRead,
    CentralSeatRead,
    EstablishmentBodyRead,
    EstablishmentOpinionRead,
    LinkCreate,
    OpinionTreeRead,
    PerimeterRead,
    ScopeCreate,
    ScopeRead,
    TransmitIn,
    WarningRead,
)
from dialogue.establishments.tables import ConsultationLink, EstablishmentScope
from dialogue.meetings.rules.convening import CENTRAL_AGENDA_DAYS
from dialogue.negotiations import designations as union_side
from dialogue.negotiations.designation_schemas import DesignationRead
from dialogue.organizations import service as organizations

TITULAR_ROLES = frozenset({"titular", "secretary", "deputy_secretary", "treasurer"})
NOT_CENTRAL = "Seule une consultation du CSE central se relie aux CSE d'établissement (R2312-6 II)."
LINKERS = "Seuls le président et le secrétaire du CSE central relient les consultations des établissements."


async def _no_meetings(ids: Sequence[int], /) -> Mapping[int, Sequence[ConsultationMeetingRead]]:
    return {}


# ------------------------------------------------------------------------------------ établissements distincts


def _scope_read(row: Mapping[str, Any]) -> ScopeRead:
    perimeters = row["perimeters"]
    loaded = json.loads(perimeters) if isinstance(perimeters, str) else perimeters
    basis = rules.ScopeBasis(row["basis"])
    return ScopeRead(
        id=row["id"],
        organization_id=row["organization"],
        basis=basis,
        basis_label=rules.SCOPE_LABELS[basis],
        decided_on=row["decided_on"],
        reference=row["reference"],
        negotiation_attempted_on=row["negotiation_attempted_on"],
        titulaires_for=row["titulaires_for"],
        titulaires=row["titulaires"],
        agreement_with_all_unions=row["agreement_with_all_unions"],
        perimeters=[PerimeterRead(**p) for p in loaded or []],
        notes=row["notes"],
        created_at=row["created_at"],
    )


async def _company_bodies(*, actor: Actor, organization_id: int) -> dict[int, dict[str, Any]]:
    """The organisation's CSE and CSE central, once the actor is known to read the company (`access.py`)."""
    bodies = await _cse_bodies(organization_id)
    (await access.reader(actor=actor, organization_id=organization_id, cse_bodies=bodies)).require_company()
    return bodies


async def list_scopes(*, actor: Actor, organization_id: int) -> list[ScopeRead]:
    """The decisions setting the établissements distincts, latest first (the first one applies)."""
    await _company_bodies(actor=actor, organization_id=organization_id)
    return await _scopes(organization_id)


async def _scopes(organization_id: int) -> list[ScopeRead]:
    rows = (
        await EstablishmentScope.select()
        .where(EstablishmentScope.organization == organization_id)
        .order_by(EstablishmentScope.decided_on, ascending=False)
        .order_by(EstablishmentScope.id, ascending=False)
    )
    return [_scope_read(r) for r in rows]


async def _check_perimeters(organization_id: int, data: ScopeCreate) -> None:
    known = {e.id for e in await organizations.establishments_of(organization_id=organization_id)}
    bodies = await _cse_bodies(organization_id)
    errors = []
    for i, perimeter in enumerate(data.perimeters):
        for establishment_id in perimeter.establishment_ids:
            if establishment_id not in known:
                errors.append({"field": f"perimeters[{i}].establishment_ids", "message": "établissement inconnu"})
        if perimeter.body_id is not None and perimeter.body_id not in bodies:
            errors.append({"field": f"perimeters[{i}].body_id", "message": "CSE inconnu dans l'organisation"})
    if errors:
        raise InvalidInput("Établissements distincts incohérents.", errors=errors)


async def record_scope(*, actor: Actor, organization_id: int, data: ScopeCreate) -> ScopeRead:
    """Record the agreement or decision setting the établissements distincts (L2313-2 to L2313-5); admins only."""
    async with transaction():
        await organizations.require_org_admin(actor=actor, organization_id=organization_id)
        if data.decided_on > clock.local_today():
            raise InvalidInput(
                "La date de l'accord ou de la décision ne peut être future.",
                errors=[{"field": "decided_on", "message": "date dans le futur"}],
            )
        await _check_perimeters(organization_id, data)
        has_delegate = await union_side.has_union_delegate(organization_id=organization_id)
        try:
            rules.check_scope(
                basis=data.basis,
                has_union_delegate=has_delegate,
                titulaires_for=data.titulaires_for,
                titulaires=data.titulaires,
                negotiation_attempted=data.negotiation_attempted_on is not None,
            )
        except rules.ScopeError as exc:
            raise RuleViolation(str(exc), code="establishment_scope_refused", field=exc.field) from exc
        row = EstablishmentScope(
            organization=organization_id,
            basis=data.basis.value,
            decided_on=data.decided_on,
            reference=data.reference,
            negotiation_attempted_on=data.negotiation_attempted_on,
            titulaires_for=data.titulaires_for,
            titulaires=data.titulaires,
            agreement_with_all_unions=data.agreement_with_all_unions,
            perimeters=json.dumps([p.model_dump() for p in data.perimeters]),
            notes=data.notes,
            created_by=actor.user_id,
            created_at=clock.utcnow(),
        )
        await row.save()
        await audit.record(
            actor=actor,
            organization_id=organization_id,
            action="create",
            entity="establishment_scope",
            entity_id=row.id,
            after=data.model_dump(mode="json"),
        )
        saved = await EstablishmentScope.select().where(EstablishmentScope.id == row.id).first()
        assert saved is not None
        return _scope_read(saved)


# ------------------------------------------------------------------------------------ CSE central


_BODIES_SQL = (
    "SELECT id, name, kind, establishment, mandate_start, created_at FROM body "
    "WHERE organization = {} AND kind IN ({}, {})"
)


async def _cse_bodies(organization_id: int) -> dict[int, dict[str, Any]]:
    rows = await get_engine().run_querystring(QueryString(_BODIES_SQL, organization_id, "cse", "cse_central"))
    return {int(r["id"]): r for r in rows}


_SEATS_SQL = """
SELECT m.body, m."user" AS user_id, m.role, m.union_name, m.mandate_end, u.full_name
FROM member m JOIN app_user u ON u.id = m."user"
WHERE m.body IN ({}) AND m.college = {}
ORDER BY m.body, m.id
"""
_LAST_MEETING_SQL = "SELECT MAX(starts_at) AS last FROM meeting WHERE body = {} AND status IN ({}, {})"


def _central_body(bodies: dict[int, dict[str, Any]]) -> tuple[dict[str, Any], dict[int, dict[str, Any]]]:
    central = [b for b in bodies.values() if b["kind"] == "cse_central"]
    if not central:
        raise NotFound("Aucun CSE central dans cette organisation.")
    establishment_bodies = {i: b for i, b in bodies.items() if b["kind"] == "cse"}
    return central[0], establishment_bodies


def _in_office(mandate_end: object, today: date) -> bool:
    end = clock.as_date(mandate_end)
    return end is None or end >= today


async def central_composition(*, actor: Actor, organization_id: int) -> CentralCompositionRead:
    """The CSE central's delegates, where each comes from, what is missing (L2316-4, R2316-1) and when it must meet
    next (L2316-15)."""
    bodies = await _company_bodies(actor=actor, organization_id=organization_id)
    central, establishment_bodies = _central_body(bodies)
    ids = [int(central["id"]), *establishment_bodies]
    placeholders = ", ".join("{}" for _ in ids)
    today = clock.local_today()
    rows = await get_engine().run_querystring(QueryString(_SEATS_SQL.format(placeholders, "{}"), *ids, "elus"))
    rows = [r for r in rows if _in_office(r["mandate_end"], today)]
    seats_of: dict[int, set[int]] = {}
    for r in rows:
        if r["body"] != central["id"]:
            seats_of.setdefault(int(r["user_id"]), set()).add(int(r["body"]))
    seats: list[CentralSeatRead] = []
    for r in rows:
        if r["body"] != central["id"] or r["role"] not in (*TITULAR_ROLES, "substitute"):
            continue
        origin = sorted(seats_of.get(int(r["user_id"]), set()))
        from_body = origin[0] if origin else None
        seats.append(
            CentralSeatRead(
                user_id=r["user_id"],
                name=r["full_name"],
                role=r["role"],
                titular=r["role"] in TITULAR_ROLES,
                union=r["union_name"],
                from_body_id=from_body,
                from_body_name=establishment_bodies[from_body]["name"] if from_body else None,
            )
        )
    scopes = await _scopes(organization_id)
    warnings = rules.composition_warnings(
        seats=[
            rules.CentralSeat(user_id=s.user_id, name=s.name, titular=s.titular, from_body_id=s.from_body_id)
            for s in seats
        ],
        establishment_bodies={i: b["name"] for i, b in establishment_bodies.items()},
        agreement_with_all_unions=bool(scopes and scopes[0].agreement_with_all_unions),
    )
    last = await get_engine().run_querystring(QueryString(_LAST_MEETING_SQL, central["id"], "held", "closed"))
    last_at = last[0]["last"] if last else None
    last_on = clock.to_date(last_at) if last_at is not None else None
    since = clock.as_date(central["mandate_start"]) or clock.to_date(central["created_at"])
    alert = rules.central_meeting_alert(last_meeting_on=last_on, since=since, today=today)
    return CentralCompositionRead(
        body_id=central["id"],
        name=central["name"],
        seats=seats,
        establishments=[
            EstablishmentBodyRead(
                body_id=i,
                name=b["name"],
                establishment_id=b["establishment"],
                titulaires=sum(1 for s in seats if s.from_body_id == i and s.titular),
                suppleants=sum(1 for s in seats if s.from_body_id == i and not s.titular),
            )
            for i, b in establishment_bodies.items()
        ],
        warnings=[WarningRead(code=w.code, message=w.message, body_id=w.body_id) for w in warnings],
        complete=not warnings,
        last_meeting_on=last_on,
        next_meeting_due_on=alert.due_on,
        meeting_overdue=alert.overdue,
        meeting_message=alert.message,
        agenda_notice_days=CENTRAL_AGENDA_DAYS,
    )


# ------------------------------------------------------------------------------------ linked consultations


async def _central_consultation(*, actor: Actor, consultation_id: int) -> Any:
    read = await consultations.get_consultation(actor=actor, consultation_id=consultation_id, meetings_of=_no_meetings)
    access = await body_access(actor=actor, body_id=read.body_id)
    if access.kind != "cse_central":
        raise RuleViolation(NOT_CENTRAL, code="not_central_consultation")
    return read, access


async def link_establishment(*, actor: Actor, consultation_id: int, data: LinkCreate) -> OpinionTreeRead:
    """Put a company project consulted at the CSE central to an establishment CSE too (R2312-6 II): open the
    consultation there with the same information, or link one already opened; its opinion is due 7 days before the
    central's deadline."""
    async with transaction():
        central, access = await _central_consultation(actor=actor, consultation_id=consultation_id)
        access.require(access.runs_meetings, LINKERS)
        if central.final:
            raise RuleViolation("La consultation du CSE central est close (L2312-16).", code="consultation_final")
        if data.body_id is not None:
            body = await body_access(actor=actor, body_id=data.body_id)
            if body.kind != "cse":
                raise InvalidInput(
                    "Choisissez un CSE d'établissement.", errors=[{"field": "body_id", "message": "pas un CSE"}]
                )
            opened = await consultations.open_consultation(
                actor=actor,
                body_id=data.body_id,
                data=ConsultationCreate(
                    subject=central.subject,
                    kind=central.kind,
                    year=central.year,
                    description=central.description,
                    informed_on=central.informed_on,
                    level=ConsultationLevel.establishment,
                    multi_level=True,
                    expert_appointed=central.expert_appointed,
                    expert_name=central.expert_name,
                    expert_appointed_on=central.expert_appointed_on,
                    agreed_delay_days=central.agreed_delay_days,
                ),
            )
            establishment_id = opened.id
        else:
            assert data.consultation_id is not None
            linked = await consultations.get_consultation(
                actor=actor, consultation_id=data.consultation_id, meetings_of=_no_meetings
            )
            body = await body_access(actor=actor, body_id=linked.body_id)
            if body.kind != "cse":
                raise InvalidInput(
                    "Choisissez une consultation d'un CSE d'établissement.",
                    errors=[{"field": "consultation_id", "message": "pas un CSE"}],
                )
            establishment_id = linked.id
        already = await ConsultationLink.exists().where(ConsultationLink.establishment_consultation == establishment_id)
        if already:
            raise Conflict("Cette consultation est déjà reliée au CSE central.", code="consultation_already_linked")
        link = ConsultationLink(
            central_consultation=consultation_id,
            establishment_consultation=establishment_id,
            created_by=actor.user_id,
            created_at=clock.utcnow(),
        )
        await link.save()
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="link",
            entity="consultation",
            entity_id=consultation_id,
            after={"establishment_consultation": establishment_id},
        )
        return await opinion_tree(actor=actor, consultation_id=consultation_id)


async def transmit_opinion(*, actor: Actor, consultation_id: int, data: TransmitIn) -> OpinionTreeRead:
    """The establishment CSE transmits its opinion to the CSE central (R2312-6 II); by its president or secretary.
    `consultation_id` is the establishment's consultation."""
    async with transaction():
        link = (
            await ConsultationLink.select()
            .where(ConsultationLink.establishment_consultation == consultation_id)
            .first()
        )
        if link is None:
            raise NotFound("Consultation d'établissement reliée introuvable.")
        read = await consultations.get_consultation(
            actor=actor, consultation_id=consultation_id, meetings_of=_no_meetings
        )
        access = await body_access(actor=actor, body_id=read.body_id)
        access.require(access.runs_meetings, "Seuls le président et le secrétaire du CSE transmettent son avis.")
        on = data.on or clock.local_today()
        if on > clock.local_today():
            raise InvalidInput("Date future refusée.", errors=[{"field": "on", "message": "date dans le futur"}])
        if read.opinion is None or read.opinion_on is None:
            raise RuleViolation("Le CSE d'établissement n'a pas encore rendu son avis.", code="no_opinion_yet")
        if on < read.opinion_on:
            raise InvalidInput(
                "La transmission suit l'avis.", errors=[{"field": "on", "message": "avant la date de l'avis"}]
            )
        if link["transmitted_on"] is not None:
            raise Conflict("L'avis a déjà été transmis au CSE central.", code="opinion_already_transmitted")
        await ConsultationLink.update({ConsultationLink.transmitted_on: on}).where(ConsultationLink.id == link["id"])
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="transmit",
            entity="consultation",
            entity_id=consultation_id,
            after={"transmitted_on": on.isoformat()},
        )
        central_id = int(link["central_consultation"])
    return await _tree(central_id)


_TREE_SQL = """
SELECT c.id, c.body, b.name AS body_name, c.opinion, c.opinion_on, l.transmitted_on
FROM consultation_link l JOIN consultation c ON c.id = l.establishment_consultation JOIN body b ON b.id = c.body
WHERE l.central_consultation = {}
ORDER BY b.name, c.id
"""


async def opinion_tree(*, actor: Actor, consultation_id: int) -> OpinionTreeRead:
    """The CSE central's consultation with each establishment's opinion, its due day and status (R2312-6 II):
    read by whoever reads the central consultation and by the élus of the establishment CSEs consulted with it."""
    tree = await _tree(consultation_id)
    central = await body_access(actor=actor, body_id=tree.body_id)
    if central.kind != "cse_central":
        central.require_read()
        raise RuleViolation(NOT_CENTRAL, code="not_central_consultation")
    await access.require_tree(
        actor=actor, central=central, establishment_bodies=[e.body_id for e in tree.establishments]
    )
    return tree


async def _tree(consultation_id: int) -> OpinionTreeRead:
    central = await consultations.read_unchecked(consultation_id=consultation_id)
    rows = await get_engine().run_querystring(QueryString(_TREE_SQL, consultation_id))
    body_name = await _body_name(central.body_id)
    today = clock.local_today()
    items = []
    for r in rows:
        opinion_on = clock.as_date(r["opinion_on"])
        transmitted_on = clock.as_date(r["transmitted_on"])
        if central.deadline is None:
            continue
        outcome = rules.establishment_opinion(
            central_deadline=central.deadline,
            opinion=r["opinion"],
            opinion_on=opinion_on,
            transmitted_on=transmitted_on,
            today=today,
        )
        items.append(
            EstablishmentOpinionRead(
                consultation_id=r["id"],
                body_id=r["body"],
                body_name=r["body_name"],
                opinion=outcome.opinion,
                opinion_on=opinion_on,
                transmitted_on=transmitted_on,
                due_on=outcome.due_on,
                status=outcome.status,
                status_label=rules.OPINION_STATUS_LABELS[outcome.status],
            )
        )
    return OpinionTreeRead(
        consultation_id=central.id,
        subject=central.subject,
        body_id=central.body_id,
        body_name=body_name,
        deadline=central.deadline,
        deadline_basis=central.deadline_basis,
        opinion=central.opinion,
        status_label=central.status_label,
        establishments=items,
    )


async def _body_name(body_id: int) -> str:
    rows = await get_engine().run_querystring(QueryString("SELECT name FROM body WHERE id = {}", body_id))
    if not rows:
        raise NotFound("Instance introuvable.")
    return str(rows[0]["name"])


async def linked_central(*, consultation_id: int) -> int | None:
    """The CSE central's consultation an establishment consultation is linked to, if any."""
    row = (
        await ConsultationLink.select(ConsultationLink.central_consultation)
        .where(ConsultationLink.establishment_consultation == consultation_id)
        .first()
    )
    return None if row is None else int(row["central_consultation"])


async def establishment_committees(*, actor: Actor) -> dict[int, str]:
    """The establishment CSEs of the actor's organisation (id → name), for the linking form."""
    bodies = await _cse_bodies(actor.organization_id)
    return {i: str(b["name"]) for i, b in sorted(bodies.items()) if b["kind"] == "cse"}


async def readable_establishments(*, actor: Actor, tree: OpinionTreeRead) -> set[int]:
    """The establishment CSEs of a tree whose consultations the actor opens (the consultations' own rule: the body's
    members, the direction, the admins): the page links only those."""
    accesses = await body_accesses(actor=actor, body_ids=[e.body_id for e in tree.establishments])
    return {i for i, a in accesses.items() if a.can_read}


async def can_link(*, actor: Actor, consultation_id: int) -> bool:
    """Whether the actor links establishment consultations to this central one (its president or secretary); False
    for a reader of the tree who does not sit on the CSE central (an establishment's élu)."""
    read = await consultations.read_unchecked(consultation_id=consultation_id)
    access = await body_access(actor=actor, body_id=read.body_id)
    return bool(access.kind == "cse_central" and access.runs_meetings and not read.final)


# ------------------------------------------------------------------------------------ the organisation's page


@dataclass(frozen=True, slots=True)
class Overview:
    """What the page « Établissements » reads: the decisions setting the établissements distincts (L2313-2 to
    L2313-5), the CSE central's composition and meeting alert (L2316-4, R2316-1, L2316-15) and the union
    designations in force (L2143-3, L2314-2, L2316-7), with the names of the bodies they refer to."""

    scopes: list[ScopeRead]
    central: CentralCompositionRead
    #: None when the reader does not read the union designations (their own rule: `negotiations.designations`).
    designations: list[DesignationRead] | None
    body_names: dict[int, str]
    establishment_names: dict[int, str]


async def overview(*, actor: Actor, organization_id: int) -> Overview:
    """For the readers of `access.py` (the same as the API's); NotFound for another organisation or a company
    without a CSE central."""
    central = await central_composition(actor=actor, organization_id=organization_id)
    scopes = await _scopes(organization_id)
    try:
        designations = await union_side.list_designations(actor=actor, organization_id=organization_id)
    except Forbidden:
        designations = None
    body_names = {central.body_id: central.name, **{e.body_id: e.name for e in central.establishments}}
    return Overview(
        scopes=scopes,
        central=central,
        designations=None if designations is None else [d for d in designations if d.active],
        body_names=body_names,
        establishment_names={
            e.establishment_id: e.name for e in central.establishments if e.establishment_id is not None
        },
    )
