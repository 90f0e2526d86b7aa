"""A negotiation as read: signatures and their weights, validity, referendum, stage, agrément (L2232-12,
L314-6 CASF); the lists of negotiations."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from dialogue.core.actor import Actor
from dialogue.core.clock import as_date, local_today
from dialogue.negotiations import elections, queries
from dialogue.negotiations.access import Standing, standing
from dialogue.negotiations.common import loads
from dialogue.negotiations.rules import (
    AgreementKind,
    AgreementStage,
    AgrementLine,
    EstablishmentScope,
    NegotiationStatus,
    Requester,
    UnionScore,
    Validity,
    agreement_scope,
    agreement_stage,
    agrement_required,
    effective_validity,
    referendum_approved,
    referendum_timeline,
    union_key,
)
from dialogue.negotiations.rules.delegates import ROUTE_LABELS, Route, RouteOutcome, RouteValidity, route_validity
from dialogue.negotiations.schemas import (
    KIND_LABELS,
    STATUS_LABELS,
    TOPIC_LABELS,
    VALIDITY_LABELS,
    AgrementLineRead,
    AgrementRead,
    DisagreementRead,
    NegotiationRead,
    ReferendumRead,
    SignatureRead,
    Topic,
)
from dialogue.negotiations.service.context import current_row, load_readable
from dialogue.organizations import service as organizations


def _weights(signatures: Sequence[dict[str, Any]], scores: dict[str, UnionScore]) -> list[Fraction]:
    """Cumulated weight after each signature (L2232-12: weights among representative unions)."""
    total, out = Fraction(0), []
    for sig in signatures:
        score = scores.get(union_key(sig["union_name"]))
        total += score.weight if score and score.representative else Fraction(0)
        out.append(total)
    return out


def percent(value: Fraction) -> float:
    return round(float(value * 100), 2)


def _referendum_result(row: dict[str, Any]) -> bool | None:
    if row["referendum_held_on"] is None:
        return None
    return referendum_approved(votes_for=row["referendum_votes_for"], votes_against=row["referendum_votes_against"])


def route_outcome(without: dict[str, Any]) -> RouteOutcome:
    """The validity of an agreement concluded without a union delegate, by the rule of its route (L2232-21 to
    L2232-26): staff consulted by default = the organisation's headcount (L2232-22)."""
    staff = without["staff"] if without["staff"] is not None else without["organization_headcount"]
    return route_validity(
        route=Route(without["route"]),
        staff=int(staff or 0),
        votes_for=without["votes_for"],
        votes_against=without["votes_against"],
        communicated_on=as_date(without["communicated_on"]),
        consulted_on=as_date(without["consulted_on"]),
        signatories_votes=without["signatories_votes"],
        votes_cast=without["votes_cast"],
    )


_ROUTE_TO_VALIDITY = {
    RouteValidity.VALID: Validity.VALID,
    RouteValidity.NOT_VALID: Validity.NOT_VALID,
    RouteValidity.AWAITING_APPROVAL: Validity.NOT_VALID,  # not valid until the staff or the figures say so
}


class Outcome:
    """Everything computed about a negotiation's agreement from its row, signatures and election scores; where the
    agreement is concluded without a union delegate (`without`, L2232-21 to L2232-26), its validity follows the
    rule of its route instead of the unions' weights and referendum of L2232-12."""

    def __init__(
        self,
        row: dict[str, Any],
        signatures: list[dict[str, Any]],
        scores: dict[str, UnionScore],
        without: dict[str, Any] | None = None,
    ) -> None:
        self.row, self.signatures, self.scores = row, signatures, scores
        self.cumulated = _weights(signatures, scores)
        self.weight = self.cumulated[-1] if self.cumulated else Fraction(0)
        self.by_signatures = effective_validity(weight=self.weight) if signatures else None
        self.validity = (
            effective_validity(weight=self.weight, referendum_approved=_referendum_result(row)) if signatures else None
        )
        self.route = Route(without["route"]) if without else None
        self.route_outcome = route_outcome(without) if without else None
        if self.route_outcome is not None:
            self.by_signatures = None  # no L2232-12 weighing nor referendum on these routes
            signed = row["status"] == NegotiationStatus.AGREEMENT_SIGNED
            self.validity = _ROUTE_TO_VALIDITY[self.route_outcome.validity] if signed else None
        if row["status"] == NegotiationStatus.DECIDED:  # a DUE binds by the employer's decision alone
            self.validity = Validity.VALID

    @property
    def validity_label(self) -> str | None:
        if self.route_outcome is not None and self.validity is not None:
            return self.route_outcome.basis
        return VALIDITY_LABELS[self.validity] if self.validity else None

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
                    weight_percent=percent(score.weight) if score else 0.0,
                    signatories_weight_percent=percent(cumulated),
                    validity=effective_validity(weight=cumulated),
                )
            )
        return out


async def scores_for(row: dict[str, Any]) -> dict[str, UnionScore]:
    return await elections.scores_of(row["election_result"]) if row["election_result"] else {}


async def outcome_of(row: dict[str, Any], *, scores: dict[str, UnionScore] | None = None) -> Outcome:
    """The outcome of the negotiation in `row` with its signatures as recorded now."""
    signatures = (await queries.signatures_of([row["id"]])).get(row["id"], [])
    without = (await queries.without_delegate_of([row["id"]])).get(row["id"])
    return Outcome(row, signatures, await scores_for(row) if scores is None else scores, without)


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
        registered=row["referendum_registered"],
        turnout_percent=_turnout(row),
    )


def _turnout(row: dict[str, Any]) -> float | None:
    """Votes cast over registered voters, in % (two decimals); unknown without the registered count."""
    registered: int | None = row["referendum_registered"]
    cast = int(row["referendum_votes_for"] or 0) + int(row["referendum_votes_against"] or 0)
    if not registered or row["referendum_held_on"] is None:
        return None
    return round(100 * cast / int(registered), 2)


CONCLUDED_TEXTS = (NegotiationStatus.AGREEMENT_SIGNED, NegotiationStatus.DECIDED)


def _stage(row: dict[str, Any], outcome: Outcome, *, agrement_required: bool, today: date) -> AgreementStage | None:
    if row["status"] not in CONCLUDED_TEXTS or outcome.validity is None:
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
    without: dict[str, Any] | None = None,
) -> NegotiationRead:
    outcome = Outcome(row, signatures, await scores_for(row), without)
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
            final_positions=loads(row["final_positions"]) or [],
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
        signatories_weight_percent=percent(outcome.weight) if signatures else None,
        validity=outcome.validity,
        validity_label=outcome.validity_label,
        route=outcome.route,
        route_label=ROUTE_LABELS[outcome.route] if outcome.route else None,
        route_validity=outcome.route_outcome.validity if outcome.route_outcome else None,
        route_basis=outcome.route_outcome.basis if outcome.route_outcome else None,
        referendum=_referendum_read(row),
        disagreement=disagreement,
        deposited_on=row["deposited_on"],
        deposit_reference=row["deposit_reference"],
        deposit_anonymised_version=row["deposit_anonymised_version"],
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


async def establishments_in_scope(*, actor: Actor, organization_id: int) -> list[EstablishmentScope]:
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


def agrement_lines(row: dict[str, Any], establishments: list[EstablishmentScope], *, today: date) -> list[AgrementLine]:
    """L314-6 CASF per establishment covered (none under a CPOM, L313-12 IV ter, L313-12-2 CASF)."""
    kind = AgreementKind(row["kind"])
    scope = agreement_scope(kind=kind, establishments=establishments, establishment_id=row["establishment"])
    return agrement_required(kind=kind, establishments=scope, on=today)


async def negotiation_read(*, actor: Actor, negotiation_id: int) -> NegotiationRead:
    row = await current_row(negotiation_id)
    today = local_today()
    establishments = await establishments_in_scope(actor=actor, organization_id=row["organization"])
    return await _read(
        row,
        signatures=(await queries.signatures_of([negotiation_id])).get(negotiation_id, []),
        sessions_count=(await queries.session_counts([negotiation_id])).get(negotiation_id, 0),
        agrement=agrement_lines(row, establishments, today=today),
        today=today,
        without=(await queries.without_delegate_of([negotiation_id])).get(negotiation_id),
    )


async def get_negotiation(*, actor: Actor, negotiation_id: int) -> NegotiationRead:
    await load_readable(actor=actor, negotiation_id=negotiation_id)
    return await negotiation_read(actor=actor, negotiation_id=negotiation_id)


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
    rows, total = await queries.negotiations_page(
        organization_id=organization_id,
        table_bodies=None if who.reads_everything else who.table_bodies,
        limit=limit,
        offset=offset,
        topic=topic,
        status=status,
        year=year,
    )
    ids = [r["id"] for r in rows]
    signatures = await queries.signatures_of(ids)
    sessions = await queries.session_counts(ids)
    without = await queries.without_delegate_of(ids)
    establishments = await establishments_in_scope(actor=actor, organization_id=organization_id)
    today = local_today()
    items = [
        await _read(
            r,
            signatures=signatures.get(r["id"], []),
            sessions_count=sessions.get(r["id"], 0),
            agrement=agrement_lines(r, establishments, today=today),
            today=today,
            without=without.get(r["id"]),
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


async def ongoing(
    *, actor: Actor, statuses: Sequence[NegotiationStatus], per_status: int, who: Standing | None = None
) -> list[Ongoing] | None:
    """The negotiations in `statuses` the actor reads, at most `per_status` of each, by status then latest year
    first (`list_negotiations`' order); None for someone who reads no negotiation. Two queries in all, one
    when the caller already holds the actor's standing (`who`)."""
    who = who or await standing(actor=actor, organization_id=actor.organization_id)
    if not (who.reads_everything or who.table_bodies):
        return None
    rows = await queries.first_of_each_status(
        organization_id=actor.organization_id,
        statuses=statuses,
        table_bodies=None if who.reads_everything else who.table_bodies,
        per_status=per_status,
    )
    found: list[Ongoing] = []
    for status in statuses:
        found += [
            Ongoing(
                id=row["id"],
                title=row["title"],
                status=status,
                status_label=STATUS_LABELS[row["status"]],
                planned_on=as_date(row["planned_on"]),
            )
            for row in rows
            if row["status"] == status.value
        ]
    return found
