"""The union side: designations of délégués syndicaux (L2143-3, L2143-6, R2143-2), union representatives to the CSE
(L2314-2, L2143-22) and to the CSE central (L2316-7), and negotiating without a union delegate (L2232-21 to
L2232-26). The direction records what the unions notify (D2143-4); the delegation hours read the designations."""

from __future__ import annotations

import json
from datetime import date
from typing import Any, Final

from piccolo.querystring import QueryString

from dialogue.core.actor import Actor
from dialogue.core.clock import as_date, local_today, utcnow
from dialogue.core.db import get_engine, transaction
from dialogue.core.errors import Conflict, InvalidState, NotFound, RuleViolation
from dialogue.negotiations.access import standing
from dialogue.negotiations.common import audit_write, field_error, headcount_of, loads, not_future
from dialogue.negotiations.designation_schemas import (
    DesignationCreate,
    DesignationEnd,
    DesignationRead,
    WithoutDelegateIn,
    WithoutDelegateRead,
)
from dialogue.negotiations.elections.results import current_scores, election_in_force
from dialogue.negotiations.rules import NegotiationStatus, union_key
from dialogue.negotiations.rules.delegates import (
    ROUTE_LABELS,
    DelegateCheck,
    DesignationBasis,
    DesignationError,
    DesignationKind,
    FallbackReason,
    Route,
    check_central_representative,
    check_cse_representative,
    check_delegate,
    elus_scope_refusal,
    route_validity,
    routes_without_delegate,
)
from dialogue.negotiations.service.context import (
    ACTIVE,
    emit_status_changed,
    load_managed,
    load_readable,
    save_changes,
)
from dialogue.negotiations.tables import (
    ElectionCollege,
    Negotiation,
    NegotiationWithoutDelegate,
    UnionDesignation,
    UnionSection,
)
from dialogue.organizations import service as organizations

KIND_LABELS: Final = {
    DesignationKind.DELEGUE_SYNDICAL: "Délégué syndical",
    DesignationKind.RS_CSE: "Représentant syndical au CSE",
    DesignationKind.RS_CSE_CENTRAL: "Représentant syndical au CSE central",
}


def _active(row: dict[str, Any], today: date) -> bool:
    ended = as_date(row["ended_on"])
    return ended is None or ended > today


def _read(row: dict[str, Any], today: date) -> DesignationRead:
    kind = DesignationKind(row["kind"])
    return DesignationRead(
        id=row["id"],
        organization_id=row["organization"],
        kind=kind,
        kind_label=KIND_LABELS[kind],
        union=row["union_name"],
        user_id=row["user"],
        person_name=row["person_name"],
        establishment_id=row["establishment"],
        body_id=row["body"],
        basis=DesignationBasis(row["basis"]),
        basis_label=row["basis_label"],
        electoral_college=row["electoral_college"],
        personal_votes=row["personal_votes"],
        college_votes_cast=row["college_votes_cast"],
        fallback_reason=FallbackReason(row["fallback_reason"]) if row["fallback_reason"] else None,
        renounced_on=row["renounced_on"],
        designated_on=row["designated_on"],
        notified_on=row["notified_on"],
        ended_on=row["ended_on"],
        active=_active(row, today),
        created_at=row["created_at"],
    )


async def designations_of(*, organization_id: int) -> list[DesignationRead]:
    """Every designation of the organisation, for other modules (delegation hours); no access check."""
    rows = (
        await UnionDesignation.select()
        .where(UnionDesignation.organization == organization_id)
        .order_by(UnionDesignation.designated_on)
        .order_by(UnionDesignation.id)
    )
    today = local_today()
    return [_read(r, today) for r in rows]


async def list_designations(*, actor: Actor, organization_id: int) -> list[DesignationRead]:
    """The unions' designations, read by the direction, the delegates and the board."""
    (await standing(actor=actor, organization_id=organization_id)).require_read()
    return await designations_of(organization_id=organization_id)


async def has_union_delegate(*, organization_id: int) -> bool:
    """Whether a DS is designated and in office (L2313-3, L2232-21 to L2232-26 apply only without one)."""
    rows = await UnionDesignation.select(UnionDesignation.ended_on).where(
        (UnionDesignation.organization == organization_id)
        & (UnionDesignation.kind == DesignationKind.DELEGUE_SYNDICAL.value)
    )
    today = local_today()
    return any(_active(r, today) for r in rows)


async def _college_votes_cast(
    *, organization_id: int, establishment_id: int | None, college: str | None
) -> tuple[int | None, int | None]:
    """(election id, valid votes of the named college) in the election in force (L2143-3: "dans leur collège")."""
    election = await election_in_force(organization_id=organization_id, establishment_id=establishment_id)
    if election is None and establishment_id is not None:
        election = await election_in_force(organization_id=organization_id)
    if election is None or college is None:
        return election, None
    rows = await ElectionCollege.select(ElectionCollege.name, ElectionCollege.votes_cast).where(
        ElectionCollege.election == election
    )
    for row in rows:
        if str(row["name"]).casefold() == college.casefold():
            return election, int(row["votes_cast"])
    raise field_error(f"Collège « {college} » absent des résultats enregistrés.", "electoral_college")


_MEMBER_OF_SQL = """
SELECT b.id, b.kind, m.role FROM member m JOIN body b ON b.id = m.body
WHERE m."user" = {} AND b.organization = {}
"""
_USER_SQL = "SELECT full_name FROM app_user WHERE id = {} AND organization = {}"


async def _memberships(user_id: int, organization_id: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = await get_engine().run_querystring(
        QueryString(_MEMBER_OF_SQL, user_id, organization_id)
    )
    return rows


async def _person(data: DesignationCreate, organization_id: int) -> str:
    if data.user_id is None:
        if data.person_name is None:
            raise field_error("Indiquez le salarié désigné.", "person_name")
        return data.person_name
    rows = await get_engine().run_querystring(QueryString(_USER_SQL, data.user_id, organization_id))
    if not rows:
        raise field_error("Compte inconnu dans l'organisation.", "user_id")
    return data.person_name or str(rows[0]["full_name"])


async def _perimeter_headcount(*, actor: Actor, organization_id: int, establishment_id: int | None) -> int:
    if establishment_id is None:
        return await headcount_of(actor=actor, organization_id=organization_id)
    for establishment in await organizations.establishments_of(organization_id=organization_id):
        if establishment.id == establishment_id:
            return establishment.headcount
    raise field_error("Établissement inconnu.", "establishment_id")


async def create_designation(*, actor: Actor, organization_id: int, data: DesignationCreate) -> DesignationRead:
    """Record a union's designation after checking it against L2143-3 / L2143-6 / R2143-2 (DS), L2314-2 / L2143-22
    (RS au CSE) or L2316-7 (RS au CSE central); 409 with the article when the law does not allow it."""
    async with transaction():
        (await standing(actor=actor, organization_id=organization_id)).require_manage()
        today = local_today()
        if data.designated_on > today:
            raise field_error("La date de désignation ne peut être future.", "designated_on")
        person = await _person(data, organization_id)
        scores = await current_scores(organization_id)
        score = scores.get(union_key(data.union))
        representative = score is not None and score.representative
        union = score.union if score is not None else data.union
        existing = await UnionDesignation.select().where(UnionDesignation.organization == organization_id)
        mine = [r for r in existing if _active(r, today) and union_key(r["union_name"]) == union_key(data.union)]
        memberships = await _memberships(data.user_id, organization_id) if data.user_id is not None else []
        election_id, votes_cast = None, None
        try:
            if data.kind is DesignationKind.DELEGUE_SYNDICAL:
                sections = await UnionSection.select(UnionSection.union_name).where(
                    (UnionSection.organization == organization_id) & UnionSection.ended_on.is_null()
                )
                if data.basis is DesignationBasis.PERSONAL_SCORE:
                    election_id, votes_cast = await _college_votes_cast(
                        organization_id=organization_id,
                        establishment_id=data.establishment_id,
                        college=data.electoral_college,
                    )
                label = check_delegate(
                    DelegateCheck(
                        headcount=await _perimeter_headcount(
                            actor=actor, organization_id=organization_id, establishment_id=data.establishment_id
                        ),
                        union_representative=representative,
                        section_open=any(union_key(s["union_name"]) == union_key(data.union) for s in sections),
                        basis=data.basis,
                        designated_on=data.designated_on,
                        personal_votes=data.personal_votes,
                        college_votes_cast=votes_cast,
                        fallback_reason=data.fallback_reason,
                        renounced_on=data.renounced_on,
                        is_cse_member=any(
                            m["kind"] == "cse" and m["role"] != "union_representative" for m in memberships
                        ),
                        delegates_already=sum(
                            1
                            for r in mine
                            if r["kind"] == DesignationKind.DELEGUE_SYNDICAL.value
                            and r["establishment"] == data.establishment_id
                        ),
                    )
                )
            else:
                if data.body_id is None:
                    raise field_error("Indiquez le CSE auprès duquel le représentant est désigné.", "body_id")
                body_kind = await _body_kind(data.body_id, organization_id)
                if any(r["kind"] == data.kind.value and r["body"] == data.body_id for r in mine):
                    raise Conflict(
                        "Ce syndicat a déjà un représentant auprès de cette instance.", code="representative_exists"
                    )
                if data.kind is DesignationKind.RS_CSE:
                    if body_kind != "cse":
                        raise field_error("Choisissez un CSE.", "body_id")
                    label = check_cse_representative(
                        headcount=await headcount_of(actor=actor, organization_id=organization_id),
                        union_representative=representative,
                        union_has_delegate=any(r["kind"] == DesignationKind.DELEGUE_SYNDICAL.value for r in mine),
                        basis=data.basis,
                    )
                else:
                    if body_kind != "cse_central":
                        raise field_error("Choisissez le CSE central.", "body_id")
                    label = check_central_representative(
                        union_representative=representative,
                        among_establishment_members=any(m["kind"] == "cse" for m in memberships),
                    )
        except DesignationError as exc:
            raise RuleViolation(str(exc), code="designation_refused", field=exc.field) from exc
        row = UnionDesignation(
            organization=organization_id,
            establishment=data.establishment_id,
            body=data.body_id,
            kind=data.kind.value,
            union_name=union,
            user=data.user_id,
            person_name=person,
            basis=data.basis.value,
            basis_label=label,
            electoral_college=data.electoral_college,
            personal_votes=data.personal_votes,
            college_votes_cast=votes_cast,
            fallback_reason=data.fallback_reason.value if data.fallback_reason else None,
            renounced_on=data.renounced_on,
            election_result=election_id,
            designated_on=data.designated_on,
            notified_on=data.notified_on,
            created_by=actor.user_id,
            created_at=utcnow(),
        )
        await row.save()
        await audit_write(
            actor=actor, organization_id=organization_id, entity="union_designation", entity_id=row.id, after=data
        )
        saved = await UnionDesignation.select().where(UnionDesignation.id == row.id).first()
        assert saved is not None
        return _read(saved, today)


async def _body_kind(body_id: int, organization_id: int) -> str:
    rows = await get_engine().run_querystring(
        QueryString("SELECT kind FROM body WHERE id = {} AND organization = {}", body_id, organization_id)
    )
    if not rows:
        raise field_error("Instance inconnue dans l'organisation.", "body_id")
    return str(rows[0]["kind"])


async def end_designation(*, actor: Actor, designation_id: int, data: DesignationEnd) -> DesignationRead:
    """The mandate ends (revocation by the union, departure, new election)."""
    async with transaction():
        row = await UnionDesignation.select().where(UnionDesignation.id == designation_id).first()
        if row is None or row["organization"] != actor.organization_id:
            raise NotFound("Désignation introuvable.")
        (await standing(actor=actor, organization_id=row["organization"])).require_manage()
        if row["ended_on"] is not None:
            raise Conflict("Ce mandat a déjà pris fin.", code="designation_ended")
        if data.ended_on < as_date(row["designated_on"]):  # type: ignore[operator]
            raise field_error("La fin suit la désignation.", "ended_on")
        await UnionDesignation.update({UnionDesignation.ended_on: data.ended_on}).where(
            UnionDesignation.id == designation_id
        )
        await audit_write(
            actor=actor,
            organization_id=row["organization"],
            action="end",
            entity="union_designation",
            entity_id=designation_id,
            after=data,
        )
        saved = await UnionDesignation.select().where(UnionDesignation.id == designation_id).first()
        assert saved is not None
        return _read(saved, local_today())


# ------------------------------------------------------------------------------------ without a union delegate


_ELUS_SQL = """
SELECT COUNT(*) AS n FROM member m JOIN body b ON b.id = m.body
WHERE b.organization = {} AND b.kind = {} AND m.college = {} AND m.role <> {}
"""


async def _has_elus(organization_id: int) -> bool:
    rows = await get_engine().run_querystring(
        QueryString(_ELUS_SQL, organization_id, "cse", "elus", "union_representative")
    )
    return bool(rows and int(rows[0]["n"]) > 0)


def _without_read(row: dict[str, Any], *, routes: list[Route], staff_default: int) -> WithoutDelegateRead:
    route = Route(row["route"])
    outcome = route_validity(
        route=route,
        staff=row["staff"] if row["staff"] is not None else staff_default,
        votes_for=row["votes_for"],
        votes_against=row["votes_against"],
        communicated_on=as_date(row["communicated_on"]),
        consulted_on=as_date(row["consulted_on"]),
        signatories_votes=row["signatories_votes"],
        votes_cast=row["votes_cast"],
    )
    return WithoutDelegateRead(
        negotiation_id=row["negotiation"],
        route=route,
        route_label=ROUTE_LABELS[route],
        routes_open=routes,
        mandating_unions=list(loads(row["mandating_unions"]) or []),
        staff=row["staff"],
        communicated_on=row["communicated_on"],
        consulted_on=row["consulted_on"],
        votes_for=row["votes_for"],
        votes_against=row["votes_against"],
        signatories_votes=row["signatories_votes"],
        votes_cast=row["votes_cast"],
        validity=outcome.validity,
        basis=outcome.basis,
    )


async def record_without_delegate(*, actor: Actor, negotiation_id: int, data: WithoutDelegateIn) -> WithoutDelegateRead:
    """Record how an agreement is concluded where no DS is designated, checked against the order of the routes
    (L2232-21 to L2232-26); the validity follows the route's rule."""
    async with transaction():
        row = await load_managed(actor=actor, negotiation_id=negotiation_id)
        organization_id = row["organization"]
        if await has_union_delegate(organization_id=organization_id):
            raise RuleViolation(
                "Un délégué syndical est désigné : l'accord se négocie avec les syndicats représentatifs (L2232-12).",
                code="union_delegate_present",
            )
        headcount = await headcount_of(actor=actor, organization_id=organization_id)
        mandated = data.route is Route.MANDATED_ELUS or bool(data.mandating_unions and data.route is Route.ELUS)
        routes = routes_without_delegate(
            headcount=headcount,
            has_elus=await _has_elus(organization_id),
            elus_volunteer=data.elus_volunteer,
            mandated_elus=mandated,
        )
        if data.route not in routes:
            raise RuleViolation(
                f"Voie non ouverte ici : {', '.join(ROUTE_LABELS[r] for r in routes)} (L2232-21 à L2232-26).",
                code="route_not_open",
                field="route",
            )
        refusal = elus_scope_refusal(
            headcount=headcount,
            route=data.route,
            requires_agreement_by_law=data.requires_agreement_by_law,
            l1233_21_agreement=data.l1233_21_agreement,
        )
        if refusal is not None:
            raise RuleViolation(refusal, code="outside_elus_scope", field="route")
        if data.route is Route.ELUS and data.votes_cast is None:
            # The majority of L2232-25 / L2232-23-1 II is measured on the votes cast at the last election.
            data = data.model_copy(update={"votes_cast": await _last_election_votes_cast(organization_id)})
        if data.route in (Route.MANDATED_ELUS, Route.MANDATED_EMPLOYEES) and not data.mandating_unions:
            raise field_error("Indiquez le ou les syndicats qui ont mandaté (L2232-24, L2232-26).", "mandating_unions")
        try:
            route_validity(
                route=data.route,
                staff=data.staff or headcount,
                votes_for=data.votes_for,
                votes_against=data.votes_against,
                communicated_on=data.communicated_on,
                consulted_on=data.consulted_on,
                signatories_votes=data.signatories_votes,
                votes_cast=data.votes_cast,
            )
        except DesignationError as exc:
            raise field_error(str(exc), exc.field) from exc
        if data.signed_on is not None:
            await _conclude(row, actor=actor, signed_on=data.signed_on)
        await NegotiationWithoutDelegate.delete().where(NegotiationWithoutDelegate.negotiation == negotiation_id)
        await NegotiationWithoutDelegate(
            negotiation=negotiation_id,
            route=data.route.value,
            mandating_unions=json.dumps(data.mandating_unions),
            staff=data.staff,
            communicated_on=data.communicated_on,
            consulted_on=data.consulted_on,
            votes_for=data.votes_for,
            votes_against=data.votes_against,
            signatories_votes=data.signatories_votes,
            votes_cast=data.votes_cast,
            recorded_by=actor.user_id,
            recorded_at=utcnow(),
        ).save()
        await audit_write(
            actor=actor,
            organization_id=organization_id,
            action="without_delegate",
            entity="negotiation",
            entity_id=negotiation_id,
            after=data,
        )
        return await _without(negotiation_id, organization_id=organization_id, actor=actor)


async def _last_election_votes_cast(organization_id: int) -> int | None:
    """The valid votes cast, all colleges, at the first round of the election in force (L2232-25: "la majorité des
    suffrages exprimés lors des dernières élections professionnelles"); None when no result is recorded."""
    election = await election_in_force(organization_id=organization_id)
    if election is None:
        return None
    rows = await ElectionCollege.select(ElectionCollege.votes_cast).where(ElectionCollege.election == election)
    return sum(int(r["votes_cast"] or 0) for r in rows) or None


async def _conclude(row: dict[str, Any], *, actor: Actor, signed_on: date) -> None:
    """The agreement concluded on a route without a DS: the negotiation is signed on `signed_on` (its validity then
    follows the route's rule, L2232-21 to L2232-26, instead of the unions' weights of L2232-12)."""
    status = NegotiationStatus(row["status"])
    not_future(signed_on, field="signed_on", today=local_today())
    if row["opened_on"] is not None and signed_on < row["opened_on"]:
        raise field_error("La signature précède l'ouverture de la négociation.", "signed_on")
    if status is NegotiationStatus.AGREEMENT_SIGNED:
        if row["concluded_on"] != signed_on:
            await save_changes(row["id"], {Negotiation.concluded_on: signed_on})
        return
    if status not in ACTIVE:
        raise InvalidState(
            "Seule une négociation ouverte ou en cours se conclut : ouvrez-la d'abord.", code="negotiation_not_open"
        )
    await save_changes(
        row["id"], {Negotiation.status: NegotiationStatus.AGREEMENT_SIGNED.value, Negotiation.concluded_on: signed_on}
    )
    await emit_status_changed(row, actor=actor, target=NegotiationStatus.AGREEMENT_SIGNED)


async def _without(negotiation_id: int, *, organization_id: int, actor: Actor) -> WithoutDelegateRead:
    stored = (
        await NegotiationWithoutDelegate.select()
        .where(NegotiationWithoutDelegate.negotiation == negotiation_id)
        .first()
    )
    if stored is None:
        raise NotFound("Aucune négociation sans délégué syndical enregistrée.")
    headcount = await headcount_of(actor=actor, organization_id=organization_id)
    routes = routes_without_delegate(
        headcount=headcount,
        has_elus=await _has_elus(organization_id),
        elus_volunteer=True,
        mandated_elus=Route(stored["route"]) is Route.MANDATED_ELUS,
    )
    return _without_read(stored, routes=routes, staff_default=headcount)


async def get_without_delegate(*, actor: Actor, negotiation_id: int) -> WithoutDelegateRead:
    row, _ = await load_readable(actor=actor, negotiation_id=negotiation_id)
    return await _without(negotiation_id, organization_id=row["organization"], actor=actor)
