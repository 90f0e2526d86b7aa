"""Union signatures and the election that weighs them (L2122-1, L2232-12)."""

from __future__ import annotations

from datetime import date
from typing import Any

from dialogue.core.actor import Actor
from dialogue.core.clock import local_today, utcnow
from dialogue.core.db import lock_row, transaction
from dialogue.core.errors import Conflict, InvalidState, RuleViolation
from dialogue.negotiations import elections
from dialogue.negotiations.access import Standing, delegates_at, unions_at_table
from dialogue.negotiations.common import field_error, not_future
from dialogue.negotiations.events import AgreementSigned
from dialogue.negotiations.rules import (
    ESTABLISHMENT_AGREEMENT_MEASURED_AT_ESTABLISHMENT,
    AgreementKind,
    NegotiationStatus,
    union_key,
)
from dialogue.negotiations.schemas import SignatureCreate, SignatureRead
from dialogue.negotiations.service.context import (
    about,
    check_transition,
    current_row,
    emit_status_changed,
    load_readable,
    record_change,
    save_changes,
)
from dialogue.negotiations.service.reads import outcome_of
from dialogue.negotiations.tables import AgreementSignature, Negotiation

# ------------------------------------------------------------------------------------ signatures, validity


async def sign(*, actor: Actor, negotiation_id: int, data: SignatureCreate) -> SignatureRead:
    """Record a union's signature. Only unions seated at the table and representative (L2122-1) sign; each once.
    The first signature concludes the negotiation and fixes the election results used for the weights."""
    async with transaction():
        row, who = await load_readable(actor=actor, negotiation_id=negotiation_id)
        who.require_party(table_body_id=row["table_body"], party=data.union)
        await lock_row(Negotiation, negotiation_id)
        row = await current_row(negotiation_id)
        if row["kind"] == AgreementKind.UNILATERAL:
            raise RuleViolation(
                "Une décision unilatérale de l'employeur n'est pas signée par les syndicats : elle est prise "
                "par l'employeur seul.",
                code="unilateral_not_signed",
            )
        status = NegotiationStatus(row["status"])
        if status is not NegotiationStatus.AGREEMENT_SIGNED:
            check_transition(row["status"], NegotiationStatus.AGREEMENT_SIGNED)
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
        signed_on = not_future(data.signed_on or today, field="signed_on", today=today)
        if row["opened_on"] is not None and signed_on < row["opened_on"]:
            raise field_error("La signature précède l'ouverture de la négociation.", "signed_on")
        if row["concluded_on"] is not None and signed_on < row["concluded_on"]:
            raise field_error("La signature précède la première signature de l'accord.", "signed_on")
        election_id = row["election_result"]
        if election_id is None:
            election_id = await _measuring_election(row, on=signed_on)
            if election_id is None:
                raise RuleViolation(
                    "Enregistrez d'abord les résultats du premier tour des élections du CSE : le poids des "
                    "signataires en dépend (L2122-1, L2232-12).",
                    code="no_election_results",
                )
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
        values: dict[Any, Any] = {Negotiation.election_result: election_id}
        if status is not NegotiationStatus.AGREEMENT_SIGNED:
            values[Negotiation.status] = NegotiationStatus.AGREEMENT_SIGNED.value
            values[Negotiation.concluded_on] = signed_on
        await save_changes(negotiation_id, values)
        if status is not NegotiationStatus.AGREEMENT_SIGNED:
            await emit_status_changed(row, actor=actor, target=NegotiationStatus.AGREEMENT_SIGNED)
        row = await current_row(negotiation_id)
        outcome = await outcome_of(row, scores=scores)
        created = next(s for s in outcome.signature_reads() if s.id == signature.id)
        await record_change(
            row,
            actor=actor,
            action="sign",
            after=created,
            event=AgreementSigned(
                **about(row, actor=actor),
                union=union,
                signed_on=signed_on,
                signatories_weight_percent=created.signatories_weight_percent,
                validity=created.validity.value,
            ),
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
            raise field_error("Ce membre n'est pas délégué de ce syndicat à la table.", "signatory_member_id")
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
    row, _ = await load_readable(actor=actor, negotiation_id=negotiation_id)
    return (await outcome_of(row)).signature_reads()


async def _measuring_election(row: dict[str, Any], *, on: date) -> int | None:
    """The id of the election that weighs the signatures: the establishment's for an establishment agreement when one is
    recorded and `ESTABLISHMENT_AGREEMENT_MEASURED_AT_ESTABLISHMENT` holds (L2122-1, L2232-12), else the
    company's."""
    if ESTABLISHMENT_AGREEMENT_MEASURED_AT_ESTABLISHMENT and row["kind"] == AgreementKind.ESTABLISHMENT:
        local = await elections.election_in_force(
            organization_id=row["organization"], on=on, establishment_id=row["establishment"]
        )
        if local is not None:
            return local
    return await elections.election_in_force(organization_id=row["organization"], on=on)
