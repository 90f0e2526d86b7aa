"""After the signatures: the staff referendum (L2232-12), the PV de désaccord (L2242-5), the deposit
(L2231-5-1) and the ministerial agrément (L314-6 CASF)."""

from __future__ import annotations

import json
from typing import Any

from dialogue.core.actor import Actor
from dialogue.core.clock import local_today
from dialogue.core.db import lock_row, transaction
from dialogue.core.errors import Conflict, Forbidden, InvalidState, RuleViolation
from dialogue.core.events import emit
from dialogue.negotiations.access import Standing
from dialogue.negotiations.common import field_error, not_future
from dialogue.negotiations.events import (
    AgreementDeposited,
    AgrementDecided,
    DisagreementRecorded,
    ReferendumRequested,
    ReferendumResultRecorded,
)
from dialogue.negotiations.rules import (
    NegotiationStatus,
    ReferendumError,
    Requester,
    Validity,
    referendum_approved,
    referendum_timeline,
    union_key,
)
from dialogue.negotiations.schemas import (
    EMPLOYER,
    AgrementIn,
    DepositIn,
    DisagreementCreate,
    NegotiationRead,
    ReferendumRequestIn,
    ReferendumResultIn,
)
from dialogue.negotiations.service.context import (
    about,
    check_party,
    check_transition,
    emit_status_changed,
    load_managed,
    load_readable,
    parties_at_table,
    record_change,
    save_changes,
)
from dialogue.negotiations.service.reads import (
    CONCLUDED_TEXTS,
    Outcome,
    agrement_lines,
    establishments_in_scope,
    negotiation_read,
    outcome_of,
    percent,
)
from dialogue.negotiations.tables import Negotiation


async def _signed_context(*, actor: Actor, negotiation_id: int) -> tuple[dict[str, Any], Standing, Outcome]:
    row, who = await load_readable(actor=actor, negotiation_id=negotiation_id)
    await lock_row(Negotiation, negotiation_id)
    if row["status"] not in CONCLUDED_TEXTS:
        raise InvalidState("Aucun accord n'a encore été signé dans cette négociation.", code="no_agreement")
    return row, who, await outcome_of(row)


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
        if outcome.route_outcome is not None:
            raise RuleViolation(
                "Accord conclu sans délégué syndical : pas de consultation de l'article L2232-12, la validité suit "
                f"la règle de la voie — {outcome.route_outcome.basis}.",
                code="referendum_not_possible",
            )
        if outcome.by_signatures is not Validity.REFERENDUM_POSSIBLE:
            detail = (
                "L'accord est déjà valide : plus de 50 % des suffrages des syndicats représentatifs l'ont signé."
                if outcome.by_signatures is Validity.VALID
                else f"Les signataires ne pèsent que {percent(outcome.weight)} % : il faut plus de 30 % des "
                "suffrages des syndicats représentatifs pour demander une consultation des salariés (L2232-12)."
            )
            raise RuleViolation(detail, code="referendum_not_possible")
        if row["referendum_requested_on"] is not None:
            raise Conflict("La consultation des salariés a déjà été demandée.", code="referendum_already_requested")
        today = local_today()
        requested_on = not_future(data.requested_on or today, field="requested_on", today=today)
        try:
            timeline = referendum_timeline(
                signed_on=row["concluded_on"], requested_on=requested_on, requested_by=data.requested_by
            )
        except ReferendumError as exc:
            raise RuleViolation(str(exc), code="referendum_window") from exc
        await save_changes(
            negotiation_id,
            {
                Negotiation.referendum_requested_on: requested_on,
                Negotiation.referendum_requested_by: data.requested_by.value,
            },
        )
        await record_change(row, actor=actor, action="referendum_request", after=data)
        assert timeline.consultation_by is not None
        await emit(
            ReferendumRequested(
                **about(row, actor=actor),
                requested_on=requested_on,
                requested_by=data.requested_by.value,
                consultation_by=timeline.consultation_by,
            )
        )
        return await negotiation_read(actor=actor, negotiation_id=negotiation_id)


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
        not_future(data.held_on, field="held_on", today=today)
        if data.held_on < row["referendum_requested_on"]:
            raise field_error("La consultation ne peut précéder sa demande.", "held_on")
        if data.votes_for + data.votes_against == 0:
            raise field_error("Aucun suffrage exprimé dans la consultation.", "votes_for")
        await save_changes(
            negotiation_id,
            {
                Negotiation.referendum_held_on: data.held_on,
                Negotiation.referendum_votes_for: data.votes_for,
                Negotiation.referendum_votes_against: data.votes_against,
                Negotiation.referendum_registered: data.registered,
            },
        )
        approved = referendum_approved(votes_for=data.votes_for, votes_against=data.votes_against)
        await record_change(
            row,
            actor=actor,
            action="referendum_result",
            after={**data.model_dump(mode="json"), "approved": approved},
            event=ReferendumResultRecorded(**about(row, actor=actor), held_on=data.held_on, approved=approved),
        )
        return await negotiation_read(actor=actor, negotiation_id=negotiation_id)


# ------------------------------------------------------------------------------------ disagreement, deposit, agrément


async def record_disagreement(*, actor: Actor, negotiation_id: int, data: DisagreementCreate) -> NegotiationRead:
    """PV de désaccord: the parties' final proposals and the employer's unilateral measures (L2242-5)."""
    async with transaction():
        row = await load_managed(actor=actor, negotiation_id=negotiation_id)
        await lock_row(Negotiation, negotiation_id)
        check_transition(row["status"], NegotiationStatus.DISAGREEMENT_RECORDED)
        today = local_today()
        day = not_future(data.recorded_on or today, field="recorded_on", today=today)
        if row["opened_on"] and day < row["opened_on"]:
            raise field_error("Le PV de désaccord précède l'ouverture de la négociation.", "recorded_on")
        unions = await parties_at_table(row["table_body"])
        positions = []
        for i, final in enumerate(data.final_positions):
            if (
                final.party.casefold() not in {EMPLOYER, "direction", "employeur"}
                and union_key(final.party) not in unions
            ):
                raise field_error(f"« {final.party} » n'a pas de délégué à cette table.", f"final_positions[{i}].party")
            positions.append({"party": check_party(final.party, unions, field="party"), "position": final.position})
        await save_changes(
            negotiation_id,
            {
                Negotiation.status: NegotiationStatus.DISAGREEMENT_RECORDED.value,
                Negotiation.concluded_on: day,
                Negotiation.disagreement_on: day,
                Negotiation.final_positions: json.dumps(positions, ensure_ascii=False),
                Negotiation.unilateral_measures: data.unilateral_measures,
            },
        )
        await record_change(row, actor=actor, action="disagreement", before={"status": row["status"]}, after=data)
        await emit_status_changed(row, actor=actor, target=NegotiationStatus.DISAGREEMENT_RECORDED)
        await emit(DisagreementRecorded(**about(row, actor=actor), recorded_on=day))
        return await negotiation_read(actor=actor, negotiation_id=negotiation_id)


async def record_deposit(*, actor: Actor, negotiation_id: int, data: DepositIn) -> NegotiationRead:
    """Deposit on TéléAccords of a valid agreement or of a PV de désaccord (L2231-5-1, L2242-5)."""
    async with transaction():
        row = await load_managed(actor=actor, negotiation_id=negotiation_id)
        await lock_row(Negotiation, negotiation_id)
        status = NegotiationStatus(row["status"])
        if status is NegotiationStatus.AGREEMENT_SIGNED:
            outcome = await outcome_of(row)
            if outcome.validity is not Validity.VALID and outcome.route_outcome is not None:
                raise RuleViolation(
                    f"Seul un accord valide se dépose : {outcome.route_outcome.basis}.", code="agreement_not_valid"
                )
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
        not_future(data.deposited_on, field="deposited_on", today=local_today())
        if row["concluded_on"] and data.deposited_on < row["concluded_on"]:
            raise field_error("Le dépôt ne peut précéder la signature.", "deposited_on")
        await save_changes(
            negotiation_id,
            {
                Negotiation.deposited_on: data.deposited_on,
                Negotiation.deposit_reference: data.reference,
                Negotiation.deposit_anonymised_version: data.anonymised_version,
            },
        )
        await record_change(
            row,
            actor=actor,
            action="deposit",
            after=data,
            event=AgreementDeposited(**about(row, actor=actor), deposited_on=data.deposited_on),
        )
        return await negotiation_read(actor=actor, negotiation_id=negotiation_id)


async def record_agrement(*, actor: Actor, negotiation_id: int, data: AgrementIn) -> NegotiationRead:
    """Ministerial agrément of a non-profit ESSMS agreement (L314-6 CASF): sent, then granted or refused."""
    async with transaction():
        row, who, outcome = await _signed_context(actor=actor, negotiation_id=negotiation_id)
        who.require_manage()
        establishments = await establishments_in_scope(actor=actor, organization_id=row["organization"])
        if not any(line.required for line in agrement_lines(row, establishments, today=local_today())):
            raise RuleViolation(
                "L'agrément ministériel (L314-6 CASF) ne concerne que les ESSMS privés à but non lucratif hors CPOM "
                "(L313-12 IV ter, L313-12-2 CASF) : aucun établissement couvert par ce texte n'en relève.",
                code="agrement_not_required",
            )
        if outcome.validity is not Validity.VALID:
            basis = f" ({outcome.route_outcome.basis})" if outcome.route_outcome is not None else ""
            raise RuleViolation(f"Seul un accord valide est soumis à l'agrément{basis}.", code="agreement_not_valid")
        if row["agrement_decision"] is not None:
            raise Conflict("La décision d'agrément est déjà enregistrée.", code="agrement_already_decided")
        today = local_today()
        submitted = data.submitted_on or row["agrement_submitted_on"]
        if submitted is None:
            raise field_error("Indiquez la date d'envoi au ministre.", "submitted_on")
        not_future(submitted, field="submitted_on", today=today)
        if submitted < row["concluded_on"]:
            raise field_error("L'envoi ne peut précéder la signature.", "submitted_on")
        if (data.decision is None) != (data.decided_on is None):
            raise field_error("La décision et sa date vont ensemble.", "decided_on" if data.decision else "decision")
        if data.decided_on is not None:
            not_future(data.decided_on, field="decided_on", today=today)
            if data.decided_on < submitted:
                raise field_error("La décision ne peut précéder l'envoi.", "decided_on")
        await save_changes(
            negotiation_id,
            {
                Negotiation.agrement_submitted_on: submitted,
                Negotiation.agrement_decision: data.decision.value if data.decision else None,
                Negotiation.agrement_decided_on: data.decided_on,
                Negotiation.agrement_reference: data.reference or row["agrement_reference"],
            },
        )
        await record_change(row, actor=actor, action="agrement", after=data)
        if data.decision is not None and data.decided_on is not None:
            await emit(
                AgrementDecided(**about(row, actor=actor), decision=data.decision.value, decided_on=data.decided_on)
            )
        return await negotiation_read(actor=actor, negotiation_id=negotiation_id)
