"""Recording the adoption of a body's règlement intérieur (L2315-24) and reading the version in force."""

from __future__ import annotations

from typing import Any

from dialogue.audit import service as audit
from dialogue.bodies.access import BodyAccess, body_access
from dialogue.bodies.reglement import apply_reglement
from dialogue.core.actor import Actor
from dialogue.core.clock import local_today, to_date, utcnow
from dialogue.core.db import transaction
from dialogue.core.errors import InvalidInput
from dialogue.reglement import queries, rules
from dialogue.reglement.schemas import ReglementCreate, ReglementParameters, ReglementRead, ReglementState
from dialogue.reglement.tables import ReglementInterieur

#: L2315-32 and DOMAIN.md §0.4: the RI is the CSE's internal organisation, adopted by the majority of the members
#: present, the president voting — a vote of the kind `interne`.
ADOPTION_VOTE_KIND = "interne"


def _invalid(message: str, field: str, detail: str) -> InvalidInput:
    return InvalidInput(detail, errors=[{"field": field, "message": message}])


async def _check_document(access: BodyAccess, data: ReglementCreate) -> None:
    """The text must be a document of the body's organisation, of kind `reglement_interieur`, in that version."""
    document = await queries.document(data.document_id)
    if document is None or document.organization_id != access.organization_id:
        raise _invalid("document inconnu", "document_id", "Document introuvable dans l'organisation.")
    if document.kind != "reglement_interieur":
        raise _invalid(
            "nature attendue : reglement_interieur",
            "document_id",
            "Ce document n'est pas un règlement intérieur (nature « reglement_interieur »).",
        )
    if data.version > document.version:
        raise _invalid(f"version 1 à {document.version}", "version", "Cette version du document n'existe pas.")


async def _check_vote(access: BodyAccess, vote_id: int | None) -> None:
    """The vote, when given, adopted the RI at a meeting of this body (L2315-24, majority of L2315-32)."""
    if vote_id is None:
        return
    vote = await queries.vote(vote_id)
    if vote is None or vote.body_id != access.body_id:
        raise _invalid("vote inconnu dans cette instance", "vote_id", "Vote introuvable dans cette instance.")
    if not vote.adopted:
        raise _invalid(
            "résolution rejetée",
            "vote_id",
            "Ce vote n'a pas adopté la résolution : le règlement intérieur est adopté à la majorité "
            "des membres présents (art. L2315-24 et L2315-32 du Code du travail).",
        )
    if vote.resolution_kind != ADOPTION_VOTE_KIND:
        raise _invalid(
            "vote de nature « interne » attendu",
            "vote_id",
            "Le règlement intérieur relève de l'organisation interne du CSE : vote de nature « interne », "
            "le président votant (art. L2315-32 du Code du travail).",
        )


def _read(row: dict[str, Any]) -> ReglementRead:
    return ReglementRead(
        id=row["id"],
        body_id=row["body"],
        document_id=row["document"],
        document_title=row["document_title"],
        document_version=row["document_version"],
        adopted_on=to_date(row["adopted_on"]),
        vote_id=row["vote_id"],
        parameters=ReglementParameters(
            agenda_notice_days=row["agenda_notice_days"],
            president_votes_on_minutes=bool(row["president_votes_on_minutes"]),
            visio_max_per_year=row["visio_max_per_year"],
            minutes_delay_days=row["minutes_delay_days"],
        ),
        recorded_by=row["recorded_by"],
        recorded_by_name=row["recorded_by_name"],
        recorded_at=row["recorded_at"],
    )


async def _state(body_id: int) -> ReglementState:
    history = [_read(row) for row in await queries.adoptions(body_id)]
    adoptions = [rules.Adoption(id=r.id, adopted_on=r.adopted_on) for r in history]
    current = rules.in_force(adoptions, today=local_today())
    in_force = next((r for r in history if current is not None and r.id == current.id), None)
    return ReglementState(in_force=in_force, history=history)


async def get_reglement(*, actor: Actor, body_id: int) -> ReglementState:
    """The RI in force and every adoption, for whoever reads the body."""
    access = await body_access(actor=actor, body_id=body_id)
    access.require_read()
    return await _state(body_id)


async def adopt_reglement(*, actor: Actor, body_id: int, data: ReglementCreate) -> ReglementState:
    """Record an adoption (secretary or president) and apply its parameters to the body in the same transaction."""
    params = data.parameters
    async with transaction():
        access = await body_access(actor=actor, body_id=body_id)
        access.require(
            access.is_secretary or access.is_president,
            "Seuls le secrétaire et le président de l'instance enregistrent son règlement intérieur.",
        )
        errors = rules.parameter_errors(
            agenda_notice_days=params.agenda_notice_days,
            visio_max_per_year=params.visio_max_per_year,
            minutes_delay_days=params.minutes_delay_days,
        )
        if errors:
            raise InvalidInput("Paramètres contraires aux minima légaux.", errors=errors)
        if data.adopted_on > local_today():
            raise _invalid("date passée ou du jour", "adopted_on", "Une adoption à venir ne s'enregistre pas encore.")
        await _check_document(access, data)
        await _check_vote(access, data.vote_id)
        row = (
            await ReglementInterieur.insert(
                ReglementInterieur(
                    body=body_id,
                    document=data.document_id,
                    document_version=data.version,
                    adopted_on=data.adopted_on,
                    vote_id=data.vote_id,
                    agenda_notice_days=params.agenda_notice_days,
                    president_votes_on_minutes=params.president_votes_on_minutes,
                    visio_max_per_year=params.visio_max_per_year,
                    minutes_delay_days=params.minutes_delay_days,
                    recorded_by=actor.user_id,
                    recorded_at=utcnow(),
                )
            ).returning(ReglementInterieur.id)
        )[0]
        after = data.model_dump(mode="json")
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="reglement_interieur.adopted",
            entity="reglement_interieur",
            entity_id=row["id"],
            after=after,
            body_id=body_id,
        )
        await _apply_latest(actor, access)
        return await _state(body_id)


async def _apply_latest(actor: Actor, access: BodyAccess) -> None:
    """The body carries the parameters of the version in force (an older adoption recorded late changes nothing)."""
    state = await _state(access.body_id)
    assert state.in_force is not None
    params = state.in_force.parameters
    await apply_reglement(
        actor=actor,
        organization_id=access.organization_id,
        body_id=access.body_id,
        reglement_id=state.in_force.id,
        agenda_notice_days=params.agenda_notice_days,
        president_votes_on_minutes=params.president_votes_on_minutes,
        visio_max_per_year=params.visio_max_per_year,
        minutes_delay_days=params.minutes_delay_days,
    )
