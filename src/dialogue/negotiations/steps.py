"""The steps after the table, one page each: the staff's consultation asked for and its result with turnout
(L2232-12, D2232-2 to D2232-6), the deposit on TéléAccords with its anonymised version (L2231-5-1, D2231-2 to
D2231-7), the ministerial agrément of the medico-social sector (L314-6 CASF, R314-197), and the steps of the
negotiation in date order for its page. Same services as the API."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Template
from pydantic import BaseModel

from dialogue.core.errors import Forbidden, NotFound
from dialogue.negotiations import service
from dialogue.negotiations.access import standing
from dialogue.negotiations.schemas import (
    AgrementIn,
    DepositIn,
    NegotiationRead,
    ReferendumRequestIn,
    ReferendumResultIn,
)
from dialogue.pages.controllers import render
from dialogue.pages.forms import FormState, Refused, Visit, page_visit, read_form, see_other, submit, text_or_none


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    label: str
    kind: str = "text"  # text, date, number, select
    required: bool = False
    hint: str | None = None
    options: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Step:
    """One step's page: its title, its legal basis, its fields, the API schema and the service call."""

    title: str
    basis: str
    fields: tuple[Field, ...]
    model: type[BaseModel]
    act: Callable[..., Awaitable[NegotiationRead]]
    done: str
    submit: str


STEPS: Final[Mapping[str, Step]] = {
    "consultation": Step(
        title="Demander la consultation des salariés",
        basis="Un accord signé par des syndicats pesant plus de 30 % peut être approuvé par les salariés : les "
        "signataires le demandent dans le mois, l'employeur à défaut après ce délai (art. L2232-12).",
        fields=(
            Field(
                "requested_by",
                "Demandée par",
                "select",
                required=True,
                options=(("signatories", "Les syndicats signataires"), ("employer", "L'employeur")),
            ),
            Field("requested_on", "Demandée le", "date", hint="Par défaut, aujourd'hui."),
        ),
        model=ReferendumRequestIn,
        act=service.request_referendum,
        done="consultation-demandee",
        submit="Enregistrer la demande",
    ),
    "resultat": Step(
        title="Résultat de la consultation des salariés",
        basis="L'accord est valide s'il est approuvé à la majorité des suffrages exprimés (art. L2232-12, "
        "D2232-2 à D2232-6).",
        fields=(
            Field("held_on", "Date du scrutin", "date", required=True),
            Field("registered", "Salariés inscrits", "number", hint="Pour la participation : suffrages / inscrits."),
            Field("votes_for", "Suffrages pour l'accord", "number", required=True),
            Field("votes_against", "Suffrages contre l'accord", "number", required=True),
        ),
        model=ReferendumResultIn,
        act=service.record_referendum_result,
        done="consultation",
        submit="Enregistrer le résultat",
    ),
    "depot": Step(
        title="Dépôt de l'accord sur TéléAccords",
        basis="L'accord est déposé sur la plateforme TéléAccords avec une version anonymisée destinée à la "
        "publication (art. L2231-5-1 et D2231-2 à D2231-7).",
        fields=(
            Field("deposited_on", "Déposé le", "date", required=True),
            Field("reference", "Numéro de dépôt", hint="Par exemple T06260012345."),
            Field(
                "anonymised_version",
                "Version anonymisée",
                hint="Fichier ou lien de la version publiable, sans noms ni prénoms des négociateurs et signataires.",
            ),
        ),
        model=DepositIn,
        act=service.record_deposit,
        done="depot",
        submit="Enregistrer le dépôt",
    ),
    "agrement": Step(
        title="Agrément ministériel",
        basis="Dans les établissements sociaux et médico-sociaux financés par l'assurance maladie ou l'aide "
        "sociale, l'accord n'entre en vigueur qu'après l'agrément du ministre (art. L314-6 du CASF, R314-197).",
        fields=(
            Field("submitted_on", "Demandé le", "date", hint="Envoi au ministre en recommandé."),
            Field(
                "decision",
                "Décision",
                "select",
                options=(("granted", "Agrément accordé"), ("refused", "Agrément refusé")),
            ),
            Field("decided_on", "Date de la décision", "date"),
            Field("reference", "Référence de l'arrêté", hint="Arrêté publié au Journal officiel."),
        ),
        model=AgrementIn,
        act=service.record_agrement,
        done="agrement",
        submit="Enregistrer",
    ),
}
STEP_DONE: Final[Mapping[str, str]] = {
    "consultation-demandee": "La demande de consultation des salariés a été enregistrée.",
    "consultation": "Le résultat de la consultation des salariés a été enregistré.",
    "depot": "Le dépôt de l'accord a été enregistré.",
    "agrement": "L'agrément a été enregistré.",
}
AGREMENT_DECISIONS: Final[Mapping[str, str]] = {"granted": "accordé", "refused": "refusé"}


def offered_steps(negotiation: NegotiationRead, *, manages: bool, signatory: bool) -> list[tuple[str, str]]:
    """The step pages this person may open now: (slug, title). The direction records the steps; a signatory
    union may ask for the staff's consultation (L2232-12)."""
    offered: list[tuple[str, str]] = []
    referendum = negotiation.referendum
    possible = negotiation.validity is not None and negotiation.validity.value == "referendum_possible"
    if referendum is not None and referendum.requested_on is None and possible and (manages or signatory):
        offered.append(("consultation", STEPS["consultation"].title))
    if manages and referendum is not None and referendum.requested_on is not None and referendum.held_on is None:
        offered.append(("resultat", STEPS["resultat"].title))
    concluded = negotiation.status.value in ("agreement_signed", "disagreement_recorded", "decided")
    if manages and concluded and negotiation.deposited_on is None:
        offered.append(("depot", STEPS["depot"].title))
    if manages and negotiation.agrement.required and negotiation.agrement.decision is None and concluded:
        offered.append(("agrement", STEPS["agrement"].title))
    return offered


@dataclass(frozen=True, slots=True)
class StepLine:
    day: date
    label: str
    detail: str = ""


def steps_in_order(negotiation: NegotiationRead, sessions: list[Any], tz: Any) -> list[StepLine]:
    """Every dated step of the negotiation, oldest first: opening, sessions with who attended, signatures, the
    staff's consultation, the PV de désaccord, the deposit, the agrément."""
    lines: list[StepLine] = []
    if negotiation.opened_on:
        lines.append(StepLine(negotiation.opened_on, "Ouverture de la négociation"))
    for s in sessions:
        names = ", ".join(a.get("name", "") for a in s.attendees)
        lines.append(
            StepLine(s.starts_at.astimezone(tz).date(), f"Séance n° {s.number}", f"Présents : {names}" if names else "")
        )
    for sig in negotiation.signatures:
        lines.append(StepLine(sig.signed_on, f"Signature : {sig.union}", sig.signatory_name or ""))
    referendum = negotiation.referendum
    if referendum is not None and referendum.requested_on is not None:
        by_unions = referendum.requested_by is not None and referendum.requested_by.value == "signatories"
        who = "les syndicats signataires" if by_unions else "l'employeur"
        lines.append(StepLine(referendum.requested_on, "Consultation des salariés demandée", f"Par {who}"))
    if referendum is not None and referendum.held_on is not None:
        detail = f"{referendum.votes_for} pour, {referendum.votes_against} contre"
        if referendum.turnout_percent is not None:
            turnout = f"{referendum.turnout_percent:.2f}".replace(".", ",")
            detail += f" ; participation {turnout} % ({referendum.registered} inscrits)"
        result = "approuvé" if referendum.approved else "rejeté"
        lines.append(StepLine(referendum.held_on, f"Consultation des salariés : accord {result}", detail))
    if negotiation.disagreement is not None:
        lines.append(StepLine(negotiation.disagreement.recorded_on, "Procès-verbal de désaccord"))
    if negotiation.deposited_on:
        parts = []
        if negotiation.deposit_reference:
            parts.append(f"n° {negotiation.deposit_reference}")
        if negotiation.deposit_anonymised_version:
            parts.append(f"version anonymisée : {negotiation.deposit_anonymised_version}")
        lines.append(StepLine(negotiation.deposited_on, "Dépôt sur TéléAccords", " ; ".join(parts)))
    agrement = negotiation.agrement
    if agrement.submitted_on:
        lines.append(StepLine(agrement.submitted_on, "Agrément demandé au ministre"))
    if agrement.decision and agrement.decided_on:
        lines.append(
            StepLine(
                agrement.decided_on,
                f"Agrément {AGREMENT_DECISIONS[agrement.decision.value]}",
                agrement.reference or "",
            )
        )
    return sorted(lines, key=lambda line: line.day)


def _payload(step: Step, posted: Mapping[str, str]) -> dict[str, Any]:
    payload: dict[str, Any] = {}
    for field in step.fields:
        value = text_or_none(posted.get(field.name))
        if value is not None:
            payload[field.name] = value
        elif field.required:
            payload[field.name] = ""
    return payload


async def _page(visit: Visit, negotiation_id: int, slug: str, form: FormState, status: int = 200) -> Template:
    step = STEPS.get(slug)
    negotiation = await service.get_negotiation(actor=visit.actor, negotiation_id=negotiation_id)
    if step is None:
        raise NotFound("Étape introuvable.")
    who = await standing(actor=visit.actor, organization_id=negotiation.organization_id)
    signed = {s.union for s in negotiation.signatures}
    own = {seat.union for seat in who.unions_at(negotiation.table_body_id).values()}
    offered = dict(offered_steps(negotiation, manages=who.can_manage, signatory=bool(own & signed)))
    if slug not in offered and not form.failed:
        raise Forbidden("Cette étape n'est pas à enregistrer par vous, ou pas maintenant.")
    if slug == "consultation" and not who.can_manage and not form.values:
        form.values["requested_by"] = "signatories"
    return render(
        visit.request,
        "negotiations/step.html.j2",
        visit.env,
        status_code=status,
        negotiation=negotiation,
        step=step,
        slug=slug,
        form=form,
        labels={f.name: f.label for f in step.fields},
    )


class NegotiationStepPagesController(Controller):
    """The pages of the steps after signing: consultation, result, deposit, agrément."""

    tags = ["pages"]
    include_in_schema = False

    @get("/negociations/{negotiation_id:int}/etapes/{slug:str}")
    async def step_form(
        self, request: Request[Any, Any, Any], negotiation_id: FromPath[int], slug: FromPath[str]
    ) -> Template:
        return await _page(await page_visit(request), negotiation_id, slug, FormState())

    @post("/negociations/{negotiation_id:int}/etapes/{slug:str}")
    async def record_step(
        self, request: Request[Any, Any, Any], negotiation_id: FromPath[int], slug: FromPath[str]
    ) -> Response[Any]:
        visit = await page_visit(request)
        step = STEPS.get(slug)
        if step is None:
            return await _page(visit, negotiation_id, slug, FormState())
        await service.get_negotiation(actor=visit.actor, negotiation_id=negotiation_id)  # 404 for another org
        posted = await read_form(request)
        done = await submit(
            step.model,
            _payload(step, posted),
            lambda data: step.act(actor=visit.actor, negotiation_id=negotiation_id, data=data),
            posted=posted,
        )
        if isinstance(done, Refused):
            return await _page(visit, negotiation_id, slug, done.state, done.status)
        return see_other(f"/negociations/{negotiation_id}?fait={step.done}#etapes")
