"""Planning, opening, editing a negotiation and moving it through its statuses (L2242-1)."""

from __future__ import annotations

from typing import Any

from dialogue.bodies.tables import Body
from dialogue.core.actor import Actor
from dialogue.core.clock import local_today, utcnow
from dialogue.core.db import lock_row, transaction
from dialogue.core.errors import InvalidState
from dialogue.core.events import emit
from dialogue.negotiations.access import standing
from dialogue.negotiations.common import field_error, not_future
from dialogue.negotiations.events import NegotiationOpened, NegotiationPlanned
from dialogue.negotiations.rules import AgreementKind, NaoBlock, NegotiationStatus, nao_blocks
from dialogue.negotiations.schemas import (
    TOPIC_LABELS,
    NegotiationCreate,
    NegotiationRead,
    NegotiationUpdate,
    StatusChange,
    Topic,
)
from dialogue.negotiations.service.context import (
    ACTIVE,
    about,
    check_transition,
    emit_status_changed,
    load_managed,
    record_change,
    save_changes,
)
from dialogue.negotiations.service.reads import negotiation_read
from dialogue.negotiations.tables import MethodAgreement, Negotiation
from dialogue.organizations import service as organizations

# ------------------------------------------------------------------------------------ creating, status


async def _table_body(*, organization_id: int, table_body_id: int | None) -> int:
    """The negotiation table (a `negotiation_table` body of the organisation); the only one by default."""
    if table_body_id is not None:
        row = await Body.select(Body.organization, Body.kind).where(Body.id == table_body_id).first()
        if row is None or row["organization"] != organization_id:
            raise field_error("Instance introuvable.", "table_body_id")
        if row["kind"] != "negotiation_table":
            raise field_error(
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
        raise field_error(detail, "table_body_id")
    return int(tables[0]["id"])


async def _check_method_agreement(*, organization_id: int, method_agreement_id: int | None) -> None:
    if method_agreement_id is None:
        return
    row = await MethodAgreement.select(MethodAgreement.organization).where(MethodAgreement.id == method_agreement_id)
    if not row or row[0]["organization"] != organization_id:
        raise field_error("Accord de méthode introuvable.", "method_agreement_id")


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
            raise field_error(
                f"La négociation sur la GEPP s'impose à partir de 300 salariés (L2242-2) ; effectif : {org.headcount}.",
                "topic",
            )
        if data.topic is Topic.other and not data.subject:
            raise field_error("Précisez l'objet d'une négociation hors blocs NAO.", "subject")
        await _check_scope(organization_id=organization_id, kind=data.kind, establishment_id=data.establishment_id)
        if data.opened_on is not None:
            not_future(data.opened_on, field="opened_on", today=today)
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
        created = {"id": row.id, "organization": organization_id, "table_body": table_body, "title": row.title}
        planned = NegotiationPlanned(**about(created, actor=actor), topic=data.topic.value, planned_on=data.planned_on)
        await record_change(created, actor=actor, action="create", after=data, event=planned)
        if data.opened_on is not None:
            await emit(
                NegotiationOpened(**about(created, actor=actor), topic=data.topic.value, opened_on=data.opened_on)
            )
        return await negotiation_read(actor=actor, negotiation_id=row.id)


async def _check_scope(*, organization_id: int, kind: AgreementKind, establishment_id: int | None) -> None:
    """An establishment agreement names its establishment; a company agreement covers them all."""
    if establishment_id is None:
        if kind is AgreementKind.ESTABLISHMENT:
            raise field_error("Un accord d'établissement précise l'établissement couvert.", "establishment_id")
        return
    if kind is AgreementKind.COMPANY:
        raise field_error(
            "Un accord d'entreprise couvre tous les établissements : choisissez un accord d'établissement.",
            "establishment_id",
        )
    known = {e.id for e in await organizations.establishments_of(organization_id=organization_id)}
    if establishment_id not in known:
        raise field_error("Établissement introuvable.", "establishment_id")


async def update_negotiation(*, actor: Actor, negotiation_id: int, data: NegotiationUpdate) -> NegotiationRead:
    async with transaction():
        row = await load_managed(actor=actor, negotiation_id=negotiation_id)
        changes = data.model_dump(exclude_unset=True)
        if not changes:
            return await negotiation_read(actor=actor, negotiation_id=negotiation_id)
        if NegotiationStatus(row["status"]) not in {NegotiationStatus.PLANNED, *ACTIVE}:
            raise InvalidState("Une négociation conclue ne se modifie plus.", code="negotiation_concluded")
        if "title" in changes and not changes["title"]:
            raise field_error("Le titre ne peut être vide.", "title")
        if "subject" in changes and row["topic"] == Topic.other and not changes["subject"]:
            raise field_error("Précisez l'objet d'une négociation hors blocs NAO.", "subject")
        if "method_agreement_id" in changes:
            await _check_method_agreement(
                organization_id=row["organization"], method_agreement_id=changes["method_agreement_id"]
            )
        columns = {"title": "title", "subject": "subject", "planned_on": "planned_on"}
        values: dict[Any, Any] = {getattr(Negotiation, columns[k]): v for k, v in changes.items() if k in columns}
        if "method_agreement_id" in changes:
            values[Negotiation.method_agreement] = changes["method_agreement_id"]
        await save_changes(negotiation_id, values)
        await record_change(
            row,
            actor=actor,
            action="update",
            before={k: row[columns.get(k, "method_agreement")] for k in changes},
            after=data.model_dump(mode="json", exclude_unset=True),
        )
        return await negotiation_read(actor=actor, negotiation_id=negotiation_id)


async def change_status(*, actor: Actor, negotiation_id: int, data: StatusChange) -> NegotiationRead:
    """planned → open → in_progress → abandoned; signatures and the PV de désaccord have their own actions."""
    async with transaction():
        row = await load_managed(actor=actor, negotiation_id=negotiation_id)
        await lock_row(Negotiation, negotiation_id)
        target = data.status
        if target is NegotiationStatus.AGREEMENT_SIGNED:
            raise field_error("Un accord est conclu en enregistrant les signatures des syndicats.", "status")
        if target is NegotiationStatus.DISAGREEMENT_RECORDED:
            raise field_error("Un désaccord est constaté par un procès-verbal de désaccord (L2242-5).", "status")
        if target is NegotiationStatus.DECIDED and row["kind"] != AgreementKind.UNILATERAL:
            raise field_error("Seule une décision unilatérale de l'employeur est « prise » sans signature.", "status")
        check_transition(row["status"], target, kind=row["kind"])
        today = local_today()
        day = not_future(data.on or today, field="on", today=today)
        values: dict[Any, Any] = {Negotiation.status: target.value}
        if target is NegotiationStatus.OPEN:
            values[Negotiation.opened_on] = day
        elif target is NegotiationStatus.IN_PROGRESS:
            if day < row["opened_on"]:
                raise field_error("La date précède l'ouverture de la négociation.", "on")
        elif target is NegotiationStatus.DECIDED:
            if row["opened_on"] and day < row["opened_on"]:
                raise field_error("La date précède l'ouverture.", "on")
            values[Negotiation.concluded_on] = day
        elif target is NegotiationStatus.ABANDONED:
            if not data.reason:
                raise field_error("Indiquez le motif de l'abandon.", "reason")
            if row["opened_on"] and day < row["opened_on"]:
                raise field_error("La date précède l'ouverture de la négociation.", "on")
            values[Negotiation.concluded_on] = day
            values[Negotiation.abandon_reason] = data.reason
        await save_changes(negotiation_id, values)
        await record_change(
            row,
            actor=actor,
            action="status",
            before={"status": row["status"]},
            after={"status": target.value, "on": day.isoformat(), "reason": data.reason},
        )
        await emit_status_changed(row, actor=actor, target=target)
        if target is NegotiationStatus.OPEN:
            await emit(NegotiationOpened(**about(row, actor=actor), topic=row["topic"], opened_on=day))
        return await negotiation_read(actor=actor, negotiation_id=negotiation_id)
