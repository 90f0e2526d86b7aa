"""The NAO calendar, the obligation to negotiate (L2242-1) and the unions' requests (L2242-13)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from dialogue.core.actor import Actor
from dialogue.core.clock import local_today, utcnow
from dialogue.core.db import transaction
from dialogue.core.errors import Conflict, Forbidden, NotFound, RuleViolation
from dialogue.core.events import emit
from dialogue.negotiations.access import Standing, standing
from dialogue.negotiations.common import audit_write, field_error, headcount_of, insert_audited
from dialogue.negotiations.elections.method_agreements import agreement_on
from dialogue.negotiations.elections.results import election_in_force, require_representative, scores_of
from dialogue.negotiations.events import NaoPartiesConvened, NaoRequested, NaoRequestEvent, NaoRequestForwarded
from dialogue.negotiations.rules import (
    DEFAULT_PERIODICITY_YEARS,
    NaoBlock,
    nao_blocks,
    nao_required,
    next_nao_due_on,
    periodicity_years,
    union_key,
    union_may_request_nao_from,
    union_request_deadlines,
)
from dialogue.negotiations.schemas import (
    TOPIC_LABELS,
    NaoBlockSchedule,
    NaoRequestAction,
    NaoRequestCreate,
    NaoRequestRead,
    NaoScheduleRead,
)
from dialogue.negotiations.tables import MethodAgreement as MethodAgreementRow
from dialogue.negotiations.tables import NaoRequest, Negotiation, UnionSection

BLOCK_ARTICLES = {
    NaoBlock.REMUNERATION: "L2242-1 1°, L2242-13, L2242-15",
    NaoBlock.EGALITE_QVCT: "L2242-1 2°, L2242-13, L2242-17",
    NaoBlock.GEPP: "L2242-2, L2242-13",
}
_ONGOING = ("planned", "open", "in_progress")


# ------------------------------------------------------------------------------------ NAO calendar and requests


def _request_read(row: dict[str, Any], *, today: date) -> NaoRequestRead:
    deadlines = union_request_deadlines(requested_on=row["requested_on"])
    forwarded, convened = row["forwarded_on"], row["convened_on"]
    return NaoRequestRead(
        id=row["id"],
        organization_id=row["organization"],
        block=row["block"],
        union=row["union_name"],
        requested_on=row["requested_on"],
        forward_by=deadlines.forward_to_other_unions_by,
        forwarded_on=forwarded,
        forward_late=(forwarded or today) > deadlines.forward_to_other_unions_by,
        convene_by=deadlines.convene_parties_by,
        convened_on=convened,
        convene_late=(convened or today) > deadlines.convene_parties_by,
        negotiation_id=row["negotiation"],
        notes=row["notes"],
        created_at=row["created_at"],
    )


def _last_opened(negotiations: Sequence[dict[str, Any]], block: NaoBlock) -> dict[str, Any] | None:
    opened = [n for n in negotiations if n["topic"] == block.value and n["opened_on"] is not None]
    return max(opened, key=lambda n: (n["opened_on"], n["id"])) if opened else None


async def nao_obligation(*, organization_id: int, on: date) -> tuple[bool, str]:
    """Whether the NAO bind the employer on `on`, and why (L2242-1): a section of a representative union."""
    sections = await UnionSection.select(UnionSection.union_name).where(
        (UnionSection.organization == organization_id)
        & (UnionSection.formed_on <= on)
        & (UnionSection.ended_on.is_null() | (UnionSection.ended_on > on))
    )
    if not sections:
        return False, "Aucune section syndicale constituée : pas d'obligation de NAO (L2242-1)."
    election = await election_in_force(organization_id=organization_id, on=on)
    scores = await scores_of(election) if election else {}
    names = [s["union_name"] for s in sections]
    if nao_required(section_unions=names, scores=scores):
        return True, "Section syndicale d'un syndicat représentatif : NAO obligatoires (L2242-1)."
    return False, "Aucune section syndicale d'un syndicat représentatif : pas d'obligation de NAO (L2242-1)."


async def nao_schedule(*, actor: Actor, organization_id: int) -> NaoScheduleRead:
    """Per NAO block: periodicity in force, last opening, next due date, the unions' right and requests."""
    (await standing(actor=actor, organization_id=organization_id)).require_read()
    headcount = await headcount_of(actor=actor, organization_id=organization_id)
    today = local_today()
    agreements = await MethodAgreementRow.select().where(MethodAgreementRow.organization == organization_id)
    negotiations = await Negotiation.select(
        Negotiation.id, Negotiation.topic, Negotiation.status, Negotiation.opened_on
    ).where(Negotiation.organization == organization_id)
    requests = (
        await NaoRequest.select()
        .where(NaoRequest.organization == organization_id)
        .order_by(NaoRequest.requested_on, ascending=False)
    )
    required, reason = await nao_obligation(organization_id=organization_id, on=today)
    blocks = []
    for block in nao_blocks(headcount=headcount):
        last = _last_opened(negotiations, block)
        reference_day = last["opened_on"] if last else today
        found = agreement_on(agreements, reference_day)
        agreement = found[1] if found else None
        years = periodicity_years(block=block, on=reference_day, agreement=agreement)
        from_agreement = agreement is not None and block in agreement.periodicity_years
        next_due = next_nao_due_on(block=block, last_opened_on=last["opened_on"], agreement=agreement) if last else None
        ongoing = [n for n in negotiations if n["topic"] == block.value and n["status"] in _ONGOING]
        blocks.append(
            NaoBlockSchedule(
                block=block,
                label=TOPIC_LABELS[block.value],
                articles=BLOCK_ARTICLES[block],
                periodicity_years=years,
                periodicity_source="method_agreement" if from_agreement else "default",
                method_agreement_id=found[0] if found and from_agreement else None,
                last_opened_on=last["opened_on"] if last else None,
                last_negotiation_id=last["id"] if last else None,
                current_negotiation_id=max((n["id"] for n in ongoing), default=None),
                next_due_on=next_due,
                overdue=required and (next_due is None or today > next_due),
                union_may_request_from=(
                    union_may_request_nao_from(block=block, last_opened_on=last["opened_on"], agreement=agreement)
                    if last
                    else None
                ),
                requests=[_request_read(r, today=today) for r in requests if r["block"] == block.value],
            )
        )
    return NaoScheduleRead(
        organization_id=organization_id,
        headcount=headcount,
        today=today,
        nao_required=required,
        nao_reason=reason,
        blocks=blocks,
    )


async def request_nao(*, actor: Actor, organization_id: int, data: NaoRequestCreate) -> NaoRequestRead:
    """A representative union requires a NAO block after 12 months (36 for GEPP) without it (L2242-13)."""
    async with transaction():
        who = await standing(actor=actor, organization_id=organization_id)
        _require_union_or_direction(who, data.union)
        today = local_today()
        requested_on = data.requested_on or today
        if requested_on > today:
            raise field_error("La date de la demande ne peut être future.", "requested_on")
        headcount = await headcount_of(actor=actor, organization_id=organization_id)
        if data.block not in nao_blocks(headcount=headcount):
            raise field_error(
                f"La GEPP n'est obligatoire qu'à partir de 300 salariés (L2242-2) ; effectif : {headcount}.", "block"
            )
        union = await require_representative(organization_id=organization_id, union=data.union, on=requested_on)
        negotiations = await Negotiation.select(Negotiation.id, Negotiation.topic, Negotiation.opened_on).where(
            Negotiation.organization == organization_id
        )
        last = _last_opened(
            [n for n in negotiations if n["opened_on"] is not None and n["opened_on"] <= requested_on], data.block
        )
        if last is not None:
            agreements = await MethodAgreementRow.select().where(MethodAgreementRow.organization == organization_id)
            found = agreement_on(agreements, last["opened_on"])
            may_from = union_may_request_nao_from(
                block=data.block, last_opened_on=last["opened_on"], agreement=found[1] if found else None
            )
            if requested_on < may_from:
                months = 12 * DEFAULT_PERIODICITY_YEARS[data.block]
                raise RuleViolation(
                    f"La dernière négociation sur ce thème a été ouverte le {last['opened_on']:%d/%m/%Y} : un syndicat "
                    f"ne peut la demander qu'à partir du {may_from:%d/%m/%Y} (plus de {months} mois, L2242-13).",
                    code="nao_request_too_early",
                )
        pending = await NaoRequest.exists().where(
            (NaoRequest.organization == organization_id)
            & (NaoRequest.block == data.block.value)
            & NaoRequest.convened_on.is_null()
        )
        if pending:
            raise Conflict(
                "Une demande sur ce thème attend déjà la convocation des parties.", code="nao_request_pending"
            )
        row = NaoRequest(
            organization=organization_id,
            block=data.block.value,
            union_name=union,
            requested_on=requested_on,
            notes=data.notes,
            created_by=actor.user_id,
            created_at=utcnow(),
        )
        await insert_audited(row, actor=actor, organization_id=organization_id, entity="nao_request", data=data)
        deadlines = union_request_deadlines(requested_on=requested_on)
        await emit(
            NaoRequested(
                organization_id=organization_id,
                actor_user_id=actor.user_id,
                request_id=row.id,
                block=data.block.value,
                union=union,
                forward_by=deadlines.forward_to_other_unions_by,
                convene_by=deadlines.convene_parties_by,
            )
        )
        return await _get_request(row.id, today=today)


def _require_union_or_direction(who: Standing, union: str) -> None:
    if who.can_manage:
        return
    if not any(union_key(s.union) == union_key(union) for s in who.seats):
        raise Forbidden("Un délégué syndical ne présente une demande que pour son organisation syndicale.")


async def _get_request(request_id: int, *, today: date) -> NaoRequestRead:
    row = await NaoRequest.select().where(NaoRequest.id == request_id).first()
    if row is None:
        raise NotFound("Demande introuvable.")
    return _request_read(row, today=today)


async def list_nao_requests(*, actor: Actor, organization_id: int) -> list[NaoRequestRead]:
    (await standing(actor=actor, organization_id=organization_id)).require_read()
    rows = (
        await NaoRequest.select()
        .where(NaoRequest.organization == organization_id)
        .order_by(NaoRequest.requested_on, ascending=False)
    )
    today = local_today()
    return [_request_read(r, today=today) for r in rows]


async def _request_step(
    *, actor: Actor, request_id: int, data: NaoRequestAction, done: str, conflict: Conflict
) -> tuple[dict[str, Any], date, date]:
    """The request the direction acts on (409 `conflict` when its `done` column is already set), the day of the
    step and today."""
    row = await NaoRequest.select().where(NaoRequest.id == request_id).first()
    if row is None or row["organization"] != actor.organization_id:
        raise NotFound("Demande introuvable.")
    (await standing(actor=actor, organization_id=row["organization"])).require_manage()
    if row[done] is not None:
        raise conflict
    today = local_today()
    day = data.on or today
    if day > today:
        raise field_error("La date ne peut être future.", "on")
    if day < row["requested_on"]:
        raise field_error("La date précède la demande du syndicat.", "on")
    return row, day, today


async def _record_step(
    row: dict[str, Any],
    *,
    actor: Actor,
    action: str,
    values: dict[Any, Any],
    after: dict[str, Any],
    event: NaoRequestEvent,
    today: date,
) -> NaoRequestRead:
    """Write the step, its audit row and its event; the request as it now stands."""
    await NaoRequest.update(values).where(NaoRequest.id == row["id"])
    await audit_write(
        actor=actor,
        organization_id=row["organization"],
        action=action,
        entity="nao_request",
        entity_id=row["id"],
        after=after,
    )
    await emit(event)
    return await _get_request(row["id"], today=today)


async def forward_nao_request(*, actor: Actor, request_id: int, data: NaoRequestAction) -> NaoRequestRead:
    """The employer forwards the request to the other representative unions (8 days, L2242-13)."""
    async with transaction():
        conflict = Conflict("La demande a déjà été transmise aux autres syndicats.", code="already_forwarded")
        row, day, today = await _request_step(
            actor=actor, request_id=request_id, data=data, done="forwarded_on", conflict=conflict
        )
        event = NaoRequestForwarded(
            organization_id=row["organization"], actor_user_id=actor.user_id, request_id=request_id, forwarded_on=day
        )
        values = {NaoRequest.forwarded_on: day}
        after = {"forwarded_on": day.isoformat()}
        return await _record_step(
            row, actor=actor, action="forward", values=values, after=after, event=event, today=today
        )


async def convene_nao_request(*, actor: Actor, request_id: int, data: NaoRequestAction) -> NaoRequestRead:
    """The employer convenes the parties (15 days, L2242-13), optionally linking the negotiation opened."""
    async with transaction():
        conflict = Conflict("Les parties ont déjà été convoquées.", code="already_convened")
        row, day, today = await _request_step(
            actor=actor, request_id=request_id, data=data, done="convened_on", conflict=conflict
        )
        if data.negotiation_id is not None:
            negotiation = (
                await Negotiation.select(Negotiation.organization, Negotiation.topic)
                .where(Negotiation.id == data.negotiation_id)
                .first()
            )
            if negotiation is None or negotiation["organization"] != row["organization"]:
                raise field_error("Négociation introuvable.", "negotiation_id")
            if negotiation["topic"] != row["block"]:
                raise field_error("Cette négociation ne porte pas sur le thème demandé.", "negotiation_id")
        event = NaoPartiesConvened(
            organization_id=row["organization"],
            actor_user_id=actor.user_id,
            request_id=request_id,
            convened_on=day,
            negotiation_id=data.negotiation_id,
        )
        values = {NaoRequest.convened_on: day, NaoRequest.negotiation: data.negotiation_id}
        after = {"convened_on": day.isoformat(), "negotiation_id": data.negotiation_id}
        return await _record_step(
            row, actor=actor, action="convene", values=values, after=after, event=event, today=today
        )
