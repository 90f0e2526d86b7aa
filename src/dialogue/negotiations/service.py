"""Negotiations of an organisation: opening, sessions, positions, signatures and validity (L2232-12),
referendum, PV de désaccord (L2242-5), deposit and agrément (L314-6 CASF)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from dialogue.audit import service as audit
from dialogue.bodies.tables import Body
from dialogue.core.actor import Actor
from dialogue.core.clock import local_today, utcnow
from dialogue.core.db import lock_row, transaction
from dialogue.core.errors import Conflict, Forbidden, InvalidInput, InvalidState, NotFound, RuleViolation
from dialogue.core.events import emit
from dialogue.negotiations import elections
from dialogue.negotiations.access import Standing, delegates_at, standing, unions_at_table
from dialogue.negotiations.events import (
    AgreementDeposited,
    AgreementSigned,
    AgrementDecided,
    DisagreementRecorded,
    NegotiationOpened,
    NegotiationPlanned,
    NegotiationStatusChanged,
    PositionRecorded,
    ReferendumRequested,
    ReferendumResultRecorded,
    SessionScheduled,
)
from dialogue.negotiations.rules import (
    ESTABLISHMENT_AGREEMENT_MEASURED_AT_ESTABLISHMENT,
    AgreementKind,
    AgreementStage,
    AgrementLine,
    EstablishmentScope,
    IllegalNegotiationTransition,
    NaoBlock,
    NegotiationStatus,
    ReferendumError,
    Requester,
    UnionScore,
    Validity,
    agreement_scope,
    agreement_stage,
    agrement_required,
    check_negotiation_transition,
    effective_validity,
    nao_blocks,
    referendum_approved,
    referendum_timeline,
    union_key,
)
from dialogue.negotiations.schemas import (
    EMPLOYER,
    KIND_LABELS,
    STATUS_LABELS,
    TOPIC_LABELS,
    VALIDITY_LABELS,
    AgrementIn,
    AgrementLineRead,
    AgrementRead,
    DepositIn,
    DisagreementCreate,
    DisagreementRead,
    NegotiationCreate,
    NegotiationRead,
    NegotiationUpdate,
    PositionCreate,
    PositionRead,
    ReferendumRead,
    ReferendumRequestIn,
    ReferendumResultIn,
    SessionCreate,
    SessionRead,
    SignatureCreate,
    SignatureRead,
    StatusChange,
    Topic,
)
from dialogue.negotiations.tables import (
    AgreementSignature,
    MethodAgreement,
    Negotiation,
    NegotiationPosition,
    NegotiationSession,
)
from dialogue.organizations import service as organizations

_ACTIVE = frozenset({NegotiationStatus.OPEN, NegotiationStatus.IN_PROGRESS})


def _field_error(detail: str, field: str) -> InvalidInput:
    return InvalidInput(detail, errors=[{"field": field, "message": detail}])


def _not_future(day: date, *, field: str, today: date) -> date:
    if day > today:
        raise _field_error("Cette date ne peut être future.", field)
    return day


def _loads(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


# ------------------------------------------------------------------------------------ reading


async def _context(*, actor: Actor, negotiation_id: int) -> tuple[dict[str, Any], Standing]:
    """The negotiation and the actor's standing; NotFound for another organisation's or an unknown one."""
    row = await Negotiation.select().where(Negotiation.id == negotiation_id).first()
    if row is None or row["organization"] != actor.organization_id:
        raise NotFound("Négociation introuvable.")
    who = await standing(actor=actor, organization_id=row["organization"])
    return row, who


async def _signatures(negotiation_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    rows = (
        await AgreementSignature.select()
        .where(AgreementSignature.negotiation.is_in(list(negotiation_ids) or [-1]))
        .order_by(AgreementSignature.signed_on)
        .order_by(AgreementSignature.id)
    )
    grouped: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(row["negotiation"], []).append(row)
    return grouped


def _weights(signatures: Sequence[dict[str, Any]], scores: dict[str, UnionScore]) -> list[Fraction]:
    """Cumulated weight after each signature (L2232-12: weights among representative unions)."""
    total, out = Fraction(0), []
    for sig in signatures:
        score = scores.get(union_key(sig["union_name"]))
        total += score.weight if score and score.representative else Fraction(0)
        out.append(total)
    return out


def _percent(value: Fraction) -> float:
    return round(float(value * 100), 2)


def _referendum_result(row: dict[str, Any]) -> bool | None:
    if row["referendum_held_on"] is None:
        return None
    return referendum_approved(votes_for=row["referendum_votes_for"], votes_against=row["referendum_votes_against"])


class _Outcome:
    """Everything computed about a negotiation's agreement from its row, signatures and election scores."""

    def __init__(self, row: dict[str, Any], signatures: list[dict[str, Any]], scores: dict[str, UnionScore]) -> None:
        self.row, self.signatures, self.scores = row, signatures, scores
        self.cumulated = _weights(signatures, scores)
        self.weight = self.cumulated[-1] if self.cumulated else Fraction(0)
        self.by_signatures = effective_validity(weight=self.weight) if signatures else None
        self.validity = (
            effective_validity(weight=self.weight, referendum_approved=_referendum_result(row)) if signatures else None
        )
        if row["status"] == NegotiationStatus.DECIDED:  # a DUE binds by the employer's decision alone
            self.validity = Validity.VALID

    def signature_reads(self) -> list[SignatureRead]:
        out = []
        for sig, cumulated in zip(self.signatures, self.cumulated, strict=True):
            score = self.scores.get(union_key(sig["union_name"]))
            out.append(
                SignatureRead(
                    id=sig["id"],
                    negotiation_id=sig["negotiation"],
                    union=sig["union_name"],
                    signatory_member_id=sig["signatory"],
                    signatory_name=sig["signatory_name"],
                    signed_on=sig["signed_on"],
                    weight_percent=_percent(score.weight) if score else 0.0,
                    signatories_weight_percent=_percent(cumulated),
                    validity=effective_validity(weight=cumulated),
                )
            )
        return out


async def _scores(row: dict[str, Any]) -> dict[str, UnionScore]:
    return await elections.scores_of(row["election_result"]) if row["election_result"] else {}


def _referendum_read(row: dict[str, Any]) -> ReferendumRead | None:
    if row["status"] != NegotiationStatus.AGREEMENT_SIGNED or row["concluded_on"] is None:
        return None
    requested_by = Requester(row["referendum_requested_by"]) if row["referendum_requested_by"] else None
    timeline = referendum_timeline(
        signed_on=row["concluded_on"], requested_on=row["referendum_requested_on"], requested_by=requested_by
    )
    return ReferendumRead(
        signed_on=timeline.signed_on,
        signatories_request_until=timeline.signatories_request_until,
        employer_request_from=timeline.employer_request_from,
        requested_on=timeline.requested_on,
        requested_by=requested_by,
        further_signatures_until=timeline.further_signatures_until,
        consultation_by=timeline.consultation_by,
        held_on=row["referendum_held_on"],
        votes_for=row["referendum_votes_for"],
        votes_against=row["referendum_votes_against"],
        approved=_referendum_result(row),
    )


_CONCLUDED_TEXTS = (NegotiationStatus.AGREEMENT_SIGNED, NegotiationStatus.DECIDED)


def _stage(row: dict[str, Any], outcome: _Outcome, *, agrement_required: bool, today: date) -> AgreementStage | None:
    if row["status"] not in _CONCLUDED_TEXTS or outcome.validity is None:
        return None
    return agreement_stage(
        validity=outcome.validity,
        deposited_on=row["deposited_on"],
        agrement_required=agrement_required,
        agrement_granted_on=row["agrement_decided_on"] if row["agrement_decision"] == "granted" else None,
        agrement_refused=row["agrement_decision"] == "refused",
        today=today,
        deposit_required=row["kind"] != AgreementKind.UNILATERAL,
    )


async def _read(
    row: dict[str, Any],
    *,
    signatures: list[dict[str, Any]],
    sessions_count: int,
    agrement: list[AgrementLine],
    today: date,
) -> NegotiationRead:
    outcome = _Outcome(row, signatures, await _scores(row))
    required = any(line.required for line in agrement)
    stage = _stage(row, outcome, agrement_required=required, today=today)
    lines = [
        AgrementLineRead(
            establishment_id=line.establishment.id,
            establishment=line.establishment.name,
            required=line.required,
            reason=line.reason,
            label=line.label,
            article=line.article,
            stage=_stage(row, outcome, agrement_required=line.required, today=today),
        )
        for line in agrement
    ]
    disagreement = (
        DisagreementRead(
            recorded_on=row["disagreement_on"],
            final_positions=_loads(row["final_positions"]) or [],
            unilateral_measures=row["unilateral_measures"] or "",
        )
        if row["disagreement_on"]
        else None
    )
    return NegotiationRead(
        id=row["id"],
        organization_id=row["organization"],
        table_body_id=row["table_body"],
        kind=row["kind"],
        kind_label=KIND_LABELS[row["kind"]],
        establishment_id=row["establishment"],
        topic=row["topic"],
        topic_label=TOPIC_LABELS[row["topic"]],
        subject=row["subject"],
        title=row["title"],
        year=row["year"],
        status=row["status"],
        status_label=STATUS_LABELS[row["status"]],
        method_agreement_id=row["method_agreement"],
        planned_on=row["planned_on"],
        opened_on=row["opened_on"],
        concluded_on=row["concluded_on"],
        abandon_reason=row["abandon_reason"],
        sessions_count=sessions_count,
        election_result_id=row["election_result"],
        signatures=outcome.signature_reads(),
        signatories_weight_percent=_percent(outcome.weight) if signatures else None,
        validity=outcome.validity,
        validity_label=VALIDITY_LABELS[outcome.validity] if outcome.validity else None,
        referendum=_referendum_read(row),
        disagreement=disagreement,
        deposited_on=row["deposited_on"],
        deposit_reference=row["deposit_reference"],
        agrement=AgrementRead(
            required=required,
            establishments=lines,
            submitted_on=row["agrement_submitted_on"],
            decision=row["agrement_decision"],
            decided_on=row["agrement_decided_on"],
            reference=row["agrement_reference"],
        ),
        stage=stage,
        in_force=stage is AgreementStage.IN_FORCE,
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


async def _establishments(*, actor: Actor, organization_id: int) -> list[EstablishmentScope]:
    """The organisation's establishments as L314-6 CASF sees them; the organisation itself when it has none.
    An establishment is an ESSMS when its organisation is a private non-profit ESSMS manager."""
    essms = (await organizations.get_organization(actor=actor, organization_id=organization_id)).non_profit_essms
    rows = await organizations.establishments_of(organization_id=organization_id)
    if not rows:
        org = await organizations.get_organization(actor=actor, organization_id=organization_id)
        return [EstablishmentScope(id=None, name=org.name, essms=essms)]
    return [
        EstablishmentScope(id=e.id, name=e.name, essms=essms, cpom=e.cpom, cpom_signed_on=e.cpom_signed_on)
        for e in rows
    ]


def _agrement_lines(
    row: dict[str, Any], establishments: list[EstablishmentScope], *, today: date
) -> list[AgrementLine]:
    """L314-6 CASF per establishment covered (none under a CPOM, L313-12 IV ter, L313-12-2 CASF)."""
    kind = AgreementKind(row["kind"])
    scope = agreement_scope(kind=kind, establishments=establishments, establishment_id=row["establishment"])
    return agrement_required(kind=kind, establishments=scope, on=today)


async def _fresh(*, actor: Actor, negotiation_id: int) -> NegotiationRead:
    row = await Negotiation.select().where(Negotiation.id == negotiation_id).first()
    assert row is not None
    today = local_today()
    establishments = await _establishments(actor=actor, organization_id=row["organization"])
    return await _read(
        row,
        signatures=(await _signatures([negotiation_id])).get(negotiation_id, []),
        sessions_count=await NegotiationSession.count().where(NegotiationSession.negotiation == negotiation_id),
        agrement=_agrement_lines(row, establishments, today=today),
        today=today,
    )


async def get_negotiation(*, actor: Actor, negotiation_id: int) -> NegotiationRead:
    row, who = await _context(actor=actor, negotiation_id=negotiation_id)
    who.require_read(row["table_body"])
    return await _fresh(actor=actor, negotiation_id=negotiation_id)


async def list_negotiations(
    *,
    actor: Actor,
    organization_id: int,
    limit: int,
    offset: int,
    topic: Topic | None = None,
    status: NegotiationStatus | None = None,
    year: int | None = None,
) -> tuple[list[NegotiationRead], int]:
    """The direction and gouvernance see all; a delegate sees the negotiations of their table."""
    who = (await standing(actor=actor, organization_id=organization_id)).require_read()
    where: Any = Negotiation.organization == organization_id
    if not who.reads_everything:
        where &= Negotiation.table_body.is_in(sorted(who.table_bodies))
    if topic is not None:
        where &= Negotiation.topic == topic.value
    if status is not None:
        where &= Negotiation.status == status.value
    if year is not None:
        where &= Negotiation.year == year
    rows = (
        await Negotiation.select()
        .where(where)
        .order_by(Negotiation.year, ascending=False)
        .order_by(Negotiation.id, ascending=False)
        .limit(limit)
        .offset(offset)
    )
    total = await Negotiation.count().where(where)
    ids = [r["id"] for r in rows]
    signatures = await _signatures(ids)
    sessions = await NegotiationSession.select(NegotiationSession.negotiation).where(
        NegotiationSession.negotiation.is_in(ids or [-1])
    )
    establishments = await _establishments(actor=actor, organization_id=organization_id)
    today = local_today()
    items = [
        await _read(
            r,
            signatures=signatures.get(r["id"], []),
            sessions_count=sum(1 for s in sessions if s["negotiation"] == r["id"]),
            agrement=_agrement_lines(r, establishments, today=today),
            today=today,
        )
        for r in rows
    ]
    return items, total


@dataclass(frozen=True, slots=True)
class Ongoing:
    """What the home page shows of a negotiation under way."""

    id: int
    title: str
    status: NegotiationStatus
    status_label: str
    planned_on: date | None


async def ongoing(*, actor: Actor, statuses: Sequence[NegotiationStatus], per_status: int) -> list[Ongoing] | None:
    """The negotiations in `statuses` the actor reads, at most `per_status` of each, by status then latest year
    first (`list_negotiations`' order); None for someone who reads no negotiation. Two queries in all."""
    who = await standing(actor=actor, organization_id=actor.organization_id)
    if not (who.reads_everything or who.table_bodies):
        return None
    where: Any = (Negotiation.organization == actor.organization_id) & Negotiation.status.is_in(
        [status.value for status in statuses]
    )
    if not who.reads_everything:
        where &= Negotiation.table_body.is_in(sorted(who.table_bodies))
    rows = (
        await Negotiation.select(Negotiation.id, Negotiation.title, Negotiation.status, Negotiation.planned_on)
        .where(where)
        .order_by(Negotiation.year, ascending=False)
        .order_by(Negotiation.id, ascending=False)
    )
    found: list[Ongoing] = []
    for status in statuses:
        of_status = [row for row in rows if row["status"] == status.value][:per_status]
        found += [
            Ongoing(
                id=row["id"],
                title=row["title"],
                status=status,
                status_label=STATUS_LABELS[row["status"]],
                planned_on=row["planned_on"],
            )
            for row in of_status
        ]
    return found


# ------------------------------------------------------------------------------------ creating, status


async def _table_body(*, organization_id: int, table_body_id: int | None) -> int:
    """The negotiation table (a `negotiation_table` body of the organisation); the only one by default."""
    if table_body_id is not None:
        row = await Body.select(Body.organization, Body.kind).where(Body.id == table_body_id).first()
        if row is None or row["organization"] != organization_id:
            raise _field_error("Instance introuvable.", "table_body_id")
        if row["kind"] != "negotiation_table":
            raise _field_error(
                "Les négociations se tiennent à une table de négociation (negotiation_table).", "table_body_id"
            )
        return table_body_id
    tables = await Body.select(Body.id).where(
        (Body.organization == organization_id) & (Body.kind == "negotiation_table")
    )
    if len(tables) != 1:
        detail = (
            "Aucune table de négociation : créez une instance « negotiation_table » avec les délégués syndicaux."
            if not tables
            else "Plusieurs tables de négociation : précisez laquelle."
        )
        raise _field_error(detail, "table_body_id")
    return int(tables[0]["id"])


async def _check_method_agreement(*, organization_id: int, method_agreement_id: int | None) -> None:
    if method_agreement_id is None:
        return
    row = await MethodAgreement.select(MethodAgreement.organization).where(MethodAgreement.id == method_agreement_id)
    if not row or row[0]["organization"] != organization_id:
        raise _field_error("Accord de méthode introuvable.", "method_agreement_id")


def _default_title(topic: Topic, subject: str | None, year: int) -> str:
    if topic is Topic.other:
        return (subject or "Négociation")[:190]
    prefix = "NAO" if topic in {Topic.remuneration, Topic.egalite_qvct} else "Négociation"
    return f"{prefix} {year} — {TOPIC_LABELS[topic.value]}"[:200]


async def create_negotiation(*, actor: Actor, organization_id: int, data: NegotiationCreate) -> NegotiationRead:
    """Plan (or open at once, with `opened_on`) a negotiation at the organisation's negotiation table."""
    async with transaction():
        (await standing(actor=actor, organization_id=organization_id)).require_manage()
        today = local_today()
        org = await organizations.get_organization(actor=actor, organization_id=organization_id)
        if data.topic is Topic.gepp and NaoBlock.GEPP not in nao_blocks(headcount=org.headcount):
            raise _field_error(
                f"La négociation sur la GEPP s'impose à partir de 300 salariés (L2242-2) ; effectif : {org.headcount}.",
                "topic",
            )
        if data.topic is Topic.other and not data.subject:
            raise _field_error("Précisez l'objet d'une négociation hors blocs NAO.", "subject")
        await _check_scope(organization_id=organization_id, kind=data.kind, establishment_id=data.establishment_id)
        if data.opened_on is not None:
            _not_future(data.opened_on, field="opened_on", today=today)
        table_body = await _table_body(organization_id=organization_id, table_body_id=data.table_body_id)
        await _check_method_agreement(organization_id=organization_id, method_agreement_id=data.method_agreement_id)
        year = data.year or (data.opened_on or data.planned_on or today).year
        now = utcnow()
        status = NegotiationStatus.OPEN if data.opened_on else NegotiationStatus.PLANNED
        row = Negotiation(
            organization=organization_id,
            table_body=table_body,
            kind=data.kind.value,
            establishment=data.establishment_id,
            topic=data.topic.value,
            subject=data.subject,
            title=data.title or _default_title(data.topic, data.subject, year),
            year=year,
            status=status.value,
            method_agreement=data.method_agreement_id,
            planned_on=data.planned_on,
            opened_on=data.opened_on,
            created_by=actor.user_id,
            created_at=now,
            updated_at=now,
        )
        await row.save()
        await audit.record(
            actor=actor,
            organization_id=organization_id,
            action="create",
            entity="negotiation",
            entity_id=row.id,
            after=data.model_dump(mode="json"),
        )
        await emit(
            NegotiationPlanned(
                organization_id=organization_id,
                actor_user_id=actor.user_id,
                negotiation_id=row.id,
                table_body_id=table_body,
                title=row.title,
                topic=data.topic.value,
                planned_on=data.planned_on,
            )
        )
        if data.opened_on is not None:
            await emit(
                NegotiationOpened(
                    organization_id=organization_id,
                    actor_user_id=actor.user_id,
                    negotiation_id=row.id,
                    table_body_id=table_body,
                    title=row.title,
                    topic=data.topic.value,
                    opened_on=data.opened_on,
                )
            )
        return await _fresh(actor=actor, negotiation_id=row.id)


async def _check_scope(*, organization_id: int, kind: AgreementKind, establishment_id: int | None) -> None:
    """An establishment agreement names its establishment; a company agreement covers them all."""
    if establishment_id is None:
        if kind is AgreementKind.ESTABLISHMENT:
            raise _field_error("Un accord d'établissement précise l'établissement couvert.", "establishment_id")
        return
    if kind is AgreementKind.COMPANY:
        raise _field_error(
            "Un accord d'entreprise couvre tous les établissements : choisissez un accord d'établissement.",
            "establishment_id",
        )
    known = {e.id for e in await organizations.establishments_of(organization_id=organization_id)}
    if establishment_id not in known:
        raise _field_error("Établissement introuvable.", "establishment_id")


async def update_negotiation(*, actor: Actor, negotiation_id: int, data: NegotiationUpdate) -> NegotiationRead:
    async with transaction():
        row, who = await _context(actor=actor, negotiation_id=negotiation_id)
        who.require_manage()
        changes = data.model_dump(exclude_unset=True)
        if not changes:
            return await _fresh(actor=actor, negotiation_id=negotiation_id)
        if NegotiationStatus(row["status"]) not in {NegotiationStatus.PLANNED, *_ACTIVE}:
            raise InvalidState("Une négociation conclue ne se modifie plus.", code="negotiation_concluded")
        if "title" in changes and not changes["title"]:
            raise _field_error("Le titre ne peut être vide.", "title")
        if "subject" in changes and row["topic"] == Topic.other and not changes["subject"]:
            raise _field_error("Précisez l'objet d'une négociation hors blocs NAO.", "subject")
        if "method_agreement_id" in changes:
            await _check_method_agreement(
                organization_id=row["organization"], method_agreement_id=changes["method_agreement_id"]
            )
        columns = {"title": "title", "subject": "subject", "planned_on": "planned_on"}
        values: dict[Any, Any] = {getattr(Negotiation, columns[k]): v for k, v in changes.items() if k in columns}
        if "method_agreement_id" in changes:
            values[Negotiation.method_agreement] = changes["method_agreement_id"]
        values[Negotiation.updated_at] = utcnow()
        await Negotiation.update(values).where(Negotiation.id == negotiation_id)
        await audit.record(
            actor=actor,
            organization_id=row["organization"],
            action="update",
            entity="negotiation",
            entity_id=negotiation_id,
            before={k: row[columns.get(k, "method_agreement")] for k in changes},
            after=data.model_dump(mode="json", exclude_unset=True),
        )
        return await _fresh(actor=actor, negotiation_id=negotiation_id)


def _transition(current: str, target: NegotiationStatus, *, kind: str = AgreementKind.COMPANY) -> None:
    try:
        check_negotiation_transition(
            current=NegotiationStatus(current), target=target, unilateral=kind == AgreementKind.UNILATERAL
        )
    except IllegalNegotiationTransition as exc:
        raise InvalidState(str(exc), code="illegal_transition") from exc


async def _status_changed(row: dict[str, Any], *, actor: Actor, target: NegotiationStatus) -> None:
    await emit(
        NegotiationStatusChanged(
            organization_id=row["organization"],
            actor_user_id=actor.user_id,
            negotiation_id=row["id"],
            table_body_id=row["table_body"],
            title=row["title"],
            previous=row["status"],
            status=target.value,
        )
    )


async def change_status(*, actor: Actor, negotiation_id: int, data: StatusChange) -> NegotiationRead:
    """planned → open → in_progress → abandoned; signatures and the PV de désaccord have their own actions."""
    async with transaction():
        row, who = await _context(actor=actor, negotiation_id=negotiation_id)
        who.require_manage()
        await lock_row(Negotiation, negotiation_id)
        target = data.status
        if target is NegotiationStatus.AGREEMENT_SIGNED:
            raise _field_error("Un accord est conclu en enregistrant les signatures des syndicats.", "status")
        if target is NegotiationStatus.DISAGREEMENT_RECORDED:
            raise _field_error("Un désaccord est constaté par un procès-verbal de désaccord (L2242-5).", "status")
        if target is NegotiationStatus.DECIDED and row["kind"] != AgreementKind.UNILATERAL:
            raise _field_error("Seule une décision unilatérale de l'employeur est « prise » sans signature.", "status")
        _transition(row["status"], target, kind=row["kind"])
        today = local_today()
        day = _not_future(data.on or today, field="on", today=today)
        values: dict[Any, Any] = {Negotiation.status: target.value, Negotiation.updated_at: utcnow()}
        if target is NegotiationStatus.OPEN:
            values[Negotiation.opened_on] = day
        elif target is NegotiationStatus.IN_PROGRESS:
            if day < row["opened_on"]:
                raise _field_error("La date précède l'ouverture de la négociation.", "on")
        elif target is NegotiationStatus.DECIDED:
            if row["opened_on"] and day < row["opened_on"]:
                raise _field_error("La date précède l'ouverture.", "on")
            values[Negotiation.concluded_on] = day
        elif target is NegotiationStatus.ABANDONED:
            if not data.reason:
                raise _field_error("Indiquez le motif de l'abandon.", "reason")
            if row["opened_on"] and day < row["opened_on"]:
                raise _field_error("La date précède l'ouverture de la négociation.", "on")
            values[Negotiation.concluded_on] = day
            values[Negotiation.abandon_reason] = data.reason
        await Negotiation.update(values).where(Negotiation.id == negotiation_id)
        await audit.record(
            actor=actor,
            organization_id=row["organization"],
            action="status",
            entity="negotiation",
            entity_id=negotiation_id,
            before={"status": row["status"]},
            after={"status": target.value, "on": day.isoformat(), "reason": data.reason},
        )
        await _status_changed(row, actor=actor, target=target)
        if target is NegotiationStatus.OPEN:
            await emit(
                NegotiationOpened(
                    organization_id=row["organization"],
                    actor_user_id=actor.user_id,
                    negotiation_id=negotiation_id,
                    table_body_id=row["table_body"],
                    title=row["title"],
                    topic=row["topic"],
                    opened_on=day,
                )
            )
        return await _fresh(actor=actor, negotiation_id=negotiation_id)


# ------------------------------------------------------------------------------------ sessions, positions


def _require_active(row: dict[str, Any], what: str) -> None:
    status = NegotiationStatus(row["status"])
    if status is NegotiationStatus.PLANNED:
        raise InvalidState(f"Ouvrez d'abord la négociation pour {what}.", code="negotiation_not_open")
    if status not in _ACTIVE:
        raise InvalidState(
            f"La négociation est close (« {STATUS_LABELS[status]} ») : impossible de {what}.",
            code="negotiation_concluded",
        )


async def _parties(table_body_id: int) -> dict[str, str]:
    return unions_at_table(await delegates_at(table_body_id=table_body_id))


def _check_party(party: str, unions: dict[str, str], *, field: str) -> str:
    """`employer` or a union seated at the table (its name as written there); 409 for another union."""
    if party.casefold() in {EMPLOYER, "direction", "employeur"}:
        return EMPLOYER
    if union_key(party) not in unions:
        raise Conflict(
            f"« {party} » n'a pas de délégué à cette table de négociation.",
            code="union_not_at_table",
            field=field,
        )
    return unions[union_key(party)]


def _session_read(row: dict[str, Any]) -> SessionRead:
    return SessionRead(
        id=row["id"],
        negotiation_id=row["negotiation"],
        number=row["number"],
        starts_at=row["starts_at"],
        ends_at=row["ends_at"],
        location=row["location"],
        attendees=_loads(row["attendees"]) or [],
        documents=_loads(row["documents"]) or [],
        summary=row["summary"],
        meeting_id=row["meeting_id"],
        created_at=row["created_at"],
    )


async def add_session(*, actor: Actor, negotiation_id: int, data: SessionCreate) -> SessionRead:
    """Log a session of the negotiation table; the first one moves an open negotiation to « en cours »."""
    async with transaction():
        row, who = await _context(actor=actor, negotiation_id=negotiation_id)
        who.require_manage()
        await lock_row(Negotiation, negotiation_id)
        _require_active(row, "programmer une séance")
        if data.ends_at is not None and data.ends_at <= data.starts_at:
            raise _field_error("La fin de la séance doit suivre son début.", "ends_at")
        unions = await _parties(row["table_body"])
        attendees = []
        for i, attendee in enumerate(data.attendees):
            party = attendee.party
            if party.casefold() not in {EMPLOYER, "direction", "employeur"} and union_key(party) not in unions:
                raise _field_error(f"« {party} » n'a pas de délégué à cette table.", f"attendees[{i}].party")
            attendees.append({**attendee.model_dump(), "party": _check_party(party, unions, field="party")})
        number = 1 + len(
            await NegotiationSession.select(NegotiationSession.id).where(
                NegotiationSession.negotiation == negotiation_id
            )
        )
        session = NegotiationSession(
            negotiation=negotiation_id,
            number=number,
            starts_at=data.starts_at,
            ends_at=data.ends_at,
            location=data.location,
            attendees=json.dumps(attendees, ensure_ascii=False),
            documents=json.dumps([d.model_dump() for d in data.documents], ensure_ascii=False),
            summary=data.summary,
            meeting_id=data.meeting_id,
            created_by=actor.user_id,
            created_at=utcnow(),
        )
        await session.save()
        if row["status"] == NegotiationStatus.OPEN:
            await Negotiation.update(
                {Negotiation.status: NegotiationStatus.IN_PROGRESS.value, Negotiation.updated_at: utcnow()}
            ).where(Negotiation.id == negotiation_id)
            await _status_changed(row, actor=actor, target=NegotiationStatus.IN_PROGRESS)
        await audit.record(
            actor=actor,
            organization_id=row["organization"],
            action="create",
            entity="negotiation_session",
            entity_id=session.id,
            after=data.model_dump(mode="json"),
        )
        await emit(
            SessionScheduled(
                organization_id=row["organization"],
                actor_user_id=actor.user_id,
                negotiation_id=negotiation_id,
                table_body_id=row["table_body"],
                title=row["title"],
                session_id=session.id,
                number=number,
                starts_at=data.starts_at,
                location=data.location,
            )
        )
        created = await NegotiationSession.select().where(NegotiationSession.id == session.id).first()
        assert created is not None
        return _session_read(created)


async def list_sessions(*, actor: Actor, negotiation_id: int) -> list[SessionRead]:
    row, who = await _context(actor=actor, negotiation_id=negotiation_id)
    who.require_read(row["table_body"])
    rows = (
        await NegotiationSession.select()
        .where(NegotiationSession.negotiation == negotiation_id)
        .order_by(NegotiationSession.number)
    )
    return [_session_read(r) for r in rows]


def _position_read(row: dict[str, Any]) -> PositionRead:
    return PositionRead(
        id=row["id"],
        negotiation_id=row["negotiation"],
        sequence=row["sequence"],
        session_id=row["session"],
        party=row["party"],
        kind=row["kind"],
        content=row["content"],
        stated_on=row["stated_on"],
        created_at=row["created_at"],
    )


async def add_position(*, actor: Actor, negotiation_id: int, data: PositionCreate) -> PositionRead:
    """A proposal or position of one party, kept in the order it was put forward."""
    async with transaction():
        row, who = await _context(actor=actor, negotiation_id=negotiation_id)
        who.require_read(row["table_body"])
        who.require_party(table_body_id=row["table_body"], party=data.party)
        await lock_row(Negotiation, negotiation_id)
        _require_active(row, "enregistrer une proposition")
        party = _check_party(data.party, await _parties(row["table_body"]), field="party")
        today = local_today()
        stated_on = data.stated_on or today
        if data.session_id is not None:
            session = (
                await NegotiationSession.select(NegotiationSession.negotiation, NegotiationSession.starts_at)
                .where(NegotiationSession.id == data.session_id)
                .first()
            )
            if session is None or session["negotiation"] != negotiation_id:
                raise _field_error("Séance introuvable dans cette négociation.", "session_id")
            stated_on = data.stated_on or session["starts_at"].date()
        _not_future(stated_on, field="stated_on", today=today)
        sequence = 1 + len(
            await NegotiationPosition.select(NegotiationPosition.id).where(
                NegotiationPosition.negotiation == negotiation_id
            )
        )
        position = NegotiationPosition(
            negotiation=negotiation_id,
            sequence=sequence,
            session=data.session_id,
            party=party,
            kind=data.kind.value,
            content=data.content,
            stated_on=stated_on,
            created_by=actor.user_id,
            created_at=utcnow(),
        )
        await position.save()
        await audit.record(
            actor=actor,
            organization_id=row["organization"],
            action="create",
            entity="negotiation_position",
            entity_id=position.id,
            after=data.model_dump(mode="json"),
        )
        await emit(
            PositionRecorded(
                organization_id=row["organization"],
                actor_user_id=actor.user_id,
                negotiation_id=negotiation_id,
                table_body_id=row["table_body"],
                title=row["title"],
                position_id=position.id,
                party=party,
                kind=data.kind.value,
            )
        )
        created = await NegotiationPosition.select().where(NegotiationPosition.id == position.id).first()
        assert created is not None
        return _position_read(created)


async def list_positions(*, actor: Actor, negotiation_id: int) -> list[PositionRead]:
    row, who = await _context(actor=actor, negotiation_id=negotiation_id)
    who.require_read(row["table_body"])
    rows = (
        await NegotiationPosition.select()
        .where(NegotiationPosition.negotiation == negotiation_id)
        .order_by(NegotiationPosition.sequence)
    )
    return [_position_read(r) for r in rows]


# ------------------------------------------------------------------------------------ signatures, validity


async def sign(*, actor: Actor, negotiation_id: int, data: SignatureCreate) -> SignatureRead:
    """Record a union's signature. Only unions seated at the table and representative (L2122-1) sign; each once.
    The first signature concludes the negotiation and fixes the election results used for the weights."""
    async with transaction():
        row, who = await _context(actor=actor, negotiation_id=negotiation_id)
        who.require_read(row["table_body"])
        who.require_party(table_body_id=row["table_body"], party=data.union)
        await lock_row(Negotiation, negotiation_id)
        current = await Negotiation.select().where(Negotiation.id == negotiation_id).first()
        assert current is not None
        row = current
        if row["kind"] == AgreementKind.UNILATERAL:
            raise RuleViolation(
                "Une décision unilatérale de l'employeur n'est pas signée par les syndicats : elle est prise "
                "par l'employeur seul.",
                code="unilateral_not_signed",
            )
        status = NegotiationStatus(row["status"])
        if status is not NegotiationStatus.AGREEMENT_SIGNED:
            _transition(row["status"], NegotiationStatus.AGREEMENT_SIGNED)
        elif row["deposited_on"] is not None or row["referendum_held_on"] is not None:
            raise InvalidState(
                "L'accord est déposé ou la consultation des salariés a eu lieu : il ne reçoit plus de signature.",
                code="signatures_closed",
            )
        delegates = await delegates_at(table_body_id=row["table_body"])
        unions = unions_at_table(delegates)
        if union_key(data.union) not in unions:
            raise Conflict(
                f"« {data.union} » n'a pas de délégué syndical à cette table : il ne peut signer l'accord.",
                code="union_not_at_table",
            )
        union = unions[union_key(data.union)]
        already = await AgreementSignature.select(AgreementSignature.union_name).where(
            AgreementSignature.negotiation == negotiation_id
        )
        if any(union_key(s["union_name"]) == union_key(union) for s in already):
            raise Conflict(f"« {union} » a déjà signé cet accord.", code="already_signed")
        today = local_today()
        signed_on = _not_future(data.signed_on or today, field="signed_on", today=today)
        if row["opened_on"] is not None and signed_on < row["opened_on"]:
            raise _field_error("La signature précède l'ouverture de la négociation.", "signed_on")
        if row["concluded_on"] is not None and signed_on < row["concluded_on"]:
            raise _field_error("La signature précède la première signature de l'accord.", "signed_on")
        election_id = row["election_result"]
        if election_id is None:
            election = await _measuring_election(row, on=signed_on)
            if election is None:
                raise RuleViolation(
                    "Enregistrez d'abord les résultats du premier tour des élections du CSE : le poids des "
                    "signataires en dépend (L2122-1, L2232-12).",
                    code="no_election_results",
                )
            election_id = election["id"]
        scores = await elections.scores_of(election_id)
        score = scores.get(union_key(union))
        if score is None or not score.representative:
            raise RuleViolation(
                f"« {union} » n'est pas représentatif (moins de 10 % au premier tour, L2122-1) : sa signature ne "
                "compte pas pour la validité de l'accord (L2232-12).",
                code="union_not_representative",
            )
        member_id, name = _signatory(data, union=union, delegates=delegates, who=who, table_body=row["table_body"])
        signature = AgreementSignature(
            negotiation=negotiation_id,
            union_name=union,
            signatory=member_id,
            signatory_name=name,
            signed_on=signed_on,
            recorded_by=actor.user_id,
            created_at=utcnow(),
        )
        await signature.save()
        values: dict[Any, Any] = {Negotiation.election_result: election_id, Negotiation.updated_at: utcnow()}
        if status is not NegotiationStatus.AGREEMENT_SIGNED:
            values[Negotiation.status] = NegotiationStatus.AGREEMENT_SIGNED.value
            values[Negotiation.concluded_on] = signed_on
        await Negotiation.update(values).where(Negotiation.id == negotiation_id)
        if status is not NegotiationStatus.AGREEMENT_SIGNED:
            await _status_changed(row, actor=actor, target=NegotiationStatus.AGREEMENT_SIGNED)
        current = await Negotiation.select().where(Negotiation.id == negotiation_id).first()
        assert current is not None
        row = current
        outcome = _Outcome(row, (await _signatures([negotiation_id]))[negotiation_id], scores)
        created = next(s for s in outcome.signature_reads() if s.id == signature.id)
        await audit.record(
            actor=actor,
            organization_id=row["organization"],
            action="sign",
            entity="negotiation",
            entity_id=negotiation_id,
            after=created.model_dump(mode="json"),
        )
        await emit(
            AgreementSigned(
                organization_id=row["organization"],
                actor_user_id=actor.user_id,
                negotiation_id=negotiation_id,
                table_body_id=row["table_body"],
                title=row["title"],
                union=union,
                signed_on=signed_on,
                signatories_weight_percent=created.signatories_weight_percent,
                validity=created.validity.value,
            )
        )
        return created


def _signatory(
    data: SignatureCreate, *, union: str, delegates: list[Any], who: Standing, table_body: int
) -> tuple[int | None, str]:
    """The delegate who signs: the one named, else the acting delegate, else the union's only delegate."""
    of_union = [d for d in delegates if union_key(d.union) == union_key(union)]
    if data.signatory_member_id is not None:
        chosen = next((d for d in of_union if d.member_id == data.signatory_member_id), None)
        if chosen is None:
            raise _field_error("Ce membre n'est pas délégué de ce syndicat à la table.", "signatory_member_id")
        return chosen.member_id, data.signatory_name or chosen.full_name
    seat = who.unions_at(table_body).get(union_key(union))
    if seat is not None:
        mine = next((d for d in of_union if d.member_id == seat.member_id), None)
        if mine is not None:
            return mine.member_id, data.signatory_name or mine.full_name
    if len(of_union) == 1 and not data.signatory_name:
        return of_union[0].member_id, of_union[0].full_name
    return None, data.signatory_name or ""


async def list_signatures(*, actor: Actor, negotiation_id: int) -> list[SignatureRead]:
    row, who = await _context(actor=actor, negotiation_id=negotiation_id)
    who.require_read(row["table_body"])
    signatures = (await _signatures([negotiation_id])).get(negotiation_id, [])
    return _Outcome(row, signatures, await _scores(row)).signature_reads()


async def _measuring_election(row: dict[str, Any], *, on: date) -> dict[str, Any] | None:
    """The election that weighs the signatures: the establishment's for an establishment agreement when one is
    recorded and `ESTABLISHMENT_AGREEMENT_MEASURED_AT_ESTABLISHMENT` holds (L2122-1, L2232-12), else the
    company's."""
    if ESTABLISHMENT_AGREEMENT_MEASURED_AT_ESTABLISHMENT and row["kind"] == AgreementKind.ESTABLISHMENT:
        local = await elections.election_in_force(
            organization_id=row["organization"], on=on, establishment_id=row["establishment"]
        )
        if local is not None:
            return local
    return await elections.election_in_force(organization_id=row["organization"], on=on)


async def _signed_context(*, actor: Actor, negotiation_id: int) -> tuple[dict[str, Any], Standing, _Outcome]:
    row, who = await _context(actor=actor, negotiation_id=negotiation_id)
    who.require_read(row["table_body"])
    await lock_row(Negotiation, negotiation_id)
    if row["status"] not in _CONCLUDED_TEXTS:
        raise InvalidState("Aucun accord n'a encore été signé dans cette négociation.", code="no_agreement")
    signatures = (await _signatures([negotiation_id])).get(negotiation_id, [])
    return row, who, _Outcome(row, signatures, await _scores(row))


async def request_referendum(*, actor: Actor, negotiation_id: int, data: ReferendumRequestIn) -> NegotiationRead:
    """Between 30 and 50 %, the signatories (1 month) then the employer may ask for the staff's approval (L2232-12)."""
    async with transaction():
        row, who, outcome = await _signed_context(actor=actor, negotiation_id=negotiation_id)
        if data.requested_by is Requester.EMPLOYER:
            who.require_manage()
        elif not who.can_manage:
            signatories = {union_key(s["union_name"]) for s in outcome.signatures}
            if not signatories & set(who.unions_at(row["table_body"])):
                raise Forbidden("Seuls les syndicats signataires demandent la consultation des salariés.")
        if outcome.by_signatures is not Validity.REFERENDUM_POSSIBLE:
            detail = (
                "L'accord est déjà valide : plus de 50 % des suffrages des syndicats représentatifs l'ont signé."
                if outcome.by_signatures is Validity.VALID
                else f"Les signataires ne pèsent que {_percent(outcome.weight)} % : il faut plus de 30 % des "
                "suffrages des syndicats représentatifs pour demander une consultation des salariés (L2232-12)."
            )
            raise RuleViolation(detail, code="referendum_not_possible")
        if row["referendum_requested_on"] is not None:
            raise Conflict("La consultation des salariés a déjà été demandée.", code="referendum_already_requested")
        today = local_today()
        requested_on = _not_future(data.requested_on or today, field="requested_on", today=today)
        try:
            timeline = referendum_timeline(
                signed_on=row["concluded_on"], requested_on=requested_on, requested_by=data.requested_by
            )
        except ReferendumError as exc:
            raise RuleViolation(str(exc), code="referendum_window") from exc
        await Negotiation.update(
            {
                Negotiation.referendum_requested_on: requested_on,
                Negotiation.referendum_requested_by: data.requested_by.value,
                Negotiation.updated_at: utcnow(),
            }
        ).where(Negotiation.id == negotiation_id)
        await audit.record(
            actor=actor,
            organization_id=row["organization"],
            action="referendum_request",
            entity="negotiation",
            entity_id=negotiation_id,
            after=data.model_dump(mode="json"),
        )
        assert timeline.consultation_by is not None
        await emit(
            ReferendumRequested(
                organization_id=row["organization"],
                actor_user_id=actor.user_id,
                negotiation_id=negotiation_id,
                table_body_id=row["table_body"],
                title=row["title"],
                requested_on=requested_on,
                requested_by=data.requested_by.value,
                consultation_by=timeline.consultation_by,
            )
        )
        return await _fresh(actor=actor, negotiation_id=negotiation_id)


async def record_referendum_result(*, actor: Actor, negotiation_id: int, data: ReferendumResultIn) -> NegotiationRead:
    """The staff's vote: approved by the majority of votes cast, the agreement is valid (L2232-12)."""
    async with transaction():
        row, who, outcome = await _signed_context(actor=actor, negotiation_id=negotiation_id)
        who.require_manage()
        if row["referendum_requested_on"] is None:
            raise InvalidState("Aucune consultation des salariés n'a été demandée.", code="referendum_not_requested")
        if row["referendum_held_on"] is not None:
            raise Conflict("Le résultat de la consultation est déjà enregistré.", code="referendum_already_held")
        if outcome.by_signatures is Validity.VALID:
            raise RuleViolation(
                "Des signatures ont porté l'accord au-delà de 50 % : la consultation n'a plus lieu d'être (L2232-12).",
                code="referendum_not_needed",
            )
        today = local_today()
        _not_future(data.held_on, field="held_on", today=today)
        if data.held_on < row["referendum_requested_on"]:
            raise _field_error("La consultation ne peut précéder sa demande.", "held_on")
        if data.votes_for + data.votes_against == 0:
            raise _field_error("Aucun suffrage exprimé dans la consultation.", "votes_for")
        await Negotiation.update(
            {
                Negotiation.referendum_held_on: data.held_on,
                Negotiation.referendum_votes_for: data.votes_for,
                Negotiation.referendum_votes_against: data.votes_against,
                Negotiation.updated_at: utcnow(),
            }
        ).where(Negotiation.id == negotiation_id)
        approved = referendum_approved(votes_for=data.votes_for, votes_against=data.votes_against)
        await audit.record(
            actor=actor,
            organization_id=row["organization"],
            action="referendum_result",
            entity="negotiation",
            entity_id=negotiation_id,
            after={**data.model_dump(mode="json"), "approved": approved},
        )
        await emit(
            ReferendumResultRecorded(
                organization_id=row["organization"],
                actor_user_id=actor.user_id,
                negotiation_id=negotiation_id,
                table_body_id=row["table_body"],
                title=row["title"],
                held_on=data.held_on,
                approved=approved,
            )
        )
        return await _fresh(actor=actor, negotiation_id=negotiation_id)


# ------------------------------------------------------------------------------------ disagreement, deposit, agrément


async def record_disagreement(*, actor: Actor, negotiation_id: int, data: DisagreementCreate) -> NegotiationRead:
    """PV de désaccord: the parties' final proposals and the employer's unilateral measures (L2242-5)."""
    async with transaction():
        row, who = await _context(actor=actor, negotiation_id=negotiation_id)
        who.require_manage()
        await lock_row(Negotiation, negotiation_id)
        _transition(row["status"], NegotiationStatus.DISAGREEMENT_RECORDED)
        today = local_today()
        day = _not_future(data.recorded_on or today, field="recorded_on", today=today)
        if row["opened_on"] and day < row["opened_on"]:
            raise _field_error("Le PV de désaccord précède l'ouverture de la négociation.", "recorded_on")
        unions = await _parties(row["table_body"])
        positions = []
        for i, final in enumerate(data.final_positions):
            if (
                final.party.casefold() not in {EMPLOYER, "direction", "employeur"}
                and union_key(final.party) not in unions
            ):
                raise _field_error(
                    f"« {final.party} » n'a pas de délégué à cette table.", f"final_positions[{i}].party"
                )
            positions.append({"party": _check_party(final.party, unions, field="party"), "position": final.position})
        await Negotiation.update(
            {
                Negotiation.status: NegotiationStatus.DISAGREEMENT_RECORDED.value,
                Negotiation.concluded_on: day,
                Negotiation.disagreement_on: day,
                Negotiation.final_positions: json.dumps(positions, ensure_ascii=False),
                Negotiation.unilateral_measures: data.unilateral_measures,
                Negotiation.updated_at: utcnow(),
            }
        ).where(Negotiation.id == negotiation_id)
        await audit.record(
            actor=actor,
            organization_id=row["organization"],
            action="disagreement",
            entity="negotiation",
            entity_id=negotiation_id,
            before={"status": row["status"]},
            after=data.model_dump(mode="json"),
        )
        await _status_changed(row, actor=actor, target=NegotiationStatus.DISAGREEMENT_RECORDED)
        await emit(
            DisagreementRecorded(
                organization_id=row["organization"],
                actor_user_id=actor.user_id,
                negotiation_id=negotiation_id,
                table_body_id=row["table_body"],
                title=row["title"],
                recorded_on=day,
            )
        )
        return await _fresh(actor=actor, negotiation_id=negotiation_id)


async def record_deposit(*, actor: Actor, negotiation_id: int, data: DepositIn) -> NegotiationRead:
    """Deposit on TéléAccords of a valid agreement or of a PV de désaccord (L2231-5-1, L2242-5)."""
    async with transaction():
        row, who = await _context(actor=actor, negotiation_id=negotiation_id)
        who.require_manage()
        await lock_row(Negotiation, negotiation_id)
        status = NegotiationStatus(row["status"])
        if status is NegotiationStatus.AGREEMENT_SIGNED:
            signatures = (await _signatures([negotiation_id])).get(negotiation_id, [])
            outcome = _Outcome(row, signatures, await _scores(row))
            if outcome.validity is not Validity.VALID:
                raise RuleViolation(
                    "Seul un accord valide se dépose : majorité de plus de 50 % ou consultation des salariés "
                    "favorable (L2232-12).",
                    code="agreement_not_valid",
                )
        elif status is not NegotiationStatus.DISAGREEMENT_RECORDED:
            raise InvalidState("Rien à déposer : ni accord signé, ni PV de désaccord.", code="nothing_to_deposit")
        if row["deposited_on"] is not None:
            raise Conflict("Le dépôt est déjà enregistré.", code="already_deposited")
        _not_future(data.deposited_on, field="deposited_on", today=local_today())
        if row["concluded_on"] and data.deposited_on < row["concluded_on"]:
            raise _field_error("Le dépôt ne peut précéder la signature.", "deposited_on")
        await Negotiation.update(
            {
                Negotiation.deposited_on: data.deposited_on,
                Negotiation.deposit_reference: data.reference,
                Negotiation.updated_at: utcnow(),
            }
        ).where(Negotiation.id == negotiation_id)
        await audit.record(
            actor=actor,
            organization_id=row["organization"],
            action="deposit",
            entity="negotiation",
            entity_id=negotiation_id,
            after=data.model_dump(mode="json"),
        )
        await emit(
            AgreementDeposited(
                organization_id=row["organization"],
                actor_user_id=actor.user_id,
                negotiation_id=negotiation_id,
                table_body_id=row["table_body"],
                title=row["title"],
                deposited_on=data.deposited_on,
            )
        )
        return await _fresh(actor=actor, negotiation_id=negotiation_id)


async def record_agrement(*, actor: Actor, negotiation_id: int, data: AgrementIn) -> NegotiationRead:
    """Ministerial agrément of a non-profit ESSMS agreement (L314-6 CASF): sent, then granted or refused."""
    async with transaction():
        row, who, outcome = await _signed_context(actor=actor, negotiation_id=negotiation_id)
        who.require_manage()
        establishments = await _establishments(actor=actor, organization_id=row["organization"])
        if not any(line.required for line in _agrement_lines(row, establishments, today=local_today())):
            raise RuleViolation(
                "L'agrément ministériel (L314-6 CASF) ne concerne que les ESSMS privés à but non lucratif hors CPOM "
                "(L313-12 IV ter, L313-12-2 CASF) : aucun établissement couvert par ce texte n'en relève.",
                code="agrement_not_required",
            )
        if outcome.validity is not Validity.VALID:
            raise RuleViolation("Seul un accord valide est soumis à l'agrément.", code="agreement_not_valid")
        if row["agrement_decision"] is not None:
            raise Conflict("La décision d'agrément est déjà enregistrée.", code="agrement_already_decided")
        today = local_today()
        submitted = data.submitted_on or row["agrement_submitted_on"]
        if submitted is None:
            raise _field_error("Indiquez la date d'envoi au ministre.", "submitted_on")
        _not_future(submitted, field="submitted_on", today=today)
        if submitted < row["concluded_on"]:
            raise _field_error("L'envoi ne peut précéder la signature.", "submitted_on")
        if (data.decision is None) != (data.decided_on is None):
            raise _field_error("La décision et sa date vont ensemble.", "decided_on" if data.decision else "decision")
        if data.decided_on is not None:
            _not_future(data.decided_on, field="decided_on", today=today)
            if data.decided_on < submitted:
                raise _field_error("La décision ne peut précéder l'envoi.", "decided_on")
        await Negotiation.update(
            {
                Negotiation.agrement_submitted_on: submitted,
                Negotiation.agrement_decision: data.decision.value if data.decision else None,
                Negotiation.agrement_decided_on: data.decided_on,
                Negotiation.agrement_reference: data.reference or row["agrement_reference"],
                Negotiation.updated_at: utcnow(),
            }
        ).where(Negotiation.id == negotiation_id)
        await audit.record(
            actor=actor,
            organization_id=row["organization"],
            action="agrement",
            entity="negotiation",
            entity_id=negotiation_id,
            after=data.model_dump(mode="json"),
        )
        if data.decision is not None and data.decided_on is not None:
            await emit(
                AgrementDecided(
                    organization_id=row["organization"],
                    actor_user_id=actor.user_id,
                    negotiation_id=negotiation_id,
                    table_body_id=row["table_body"],
                    title=row["title"],
                    decision=data.decision.value,
                    decided_on=data.decided_on,
                )
            )
        return await _fresh(actor=actor, negotiation_id=negotiation_id)
