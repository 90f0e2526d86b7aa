"""API shapes for election results, accords de méthode, negotiations and NAO requests."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AwareDatetime, Field, StringConstraints, model_validator

from dialogue.core.schemas import InputModel, LongText, Name, ReadModel, ShortText
from dialogue.negotiations.rules import (
    AgreementKind,
    AgreementStage,
    AgrementReason,
    NaoBlock,
    NegotiationStatus,
    Requester,
    Validity,
)
from dialogue.negotiations.rules.delegates import Route, RouteValidity

UnionName = Annotated[str, StringConstraints(min_length=1, max_length=100)]
Party = Annotated[
    str, StringConstraints(min_length=1, max_length=100), Field(description="« employer » ou le nom d'un syndicat")
]
Count = Annotated[int, Field(ge=0, le=10_000_000)]
Year = Annotated[int, Field(ge=2000, le=2100)]
EMPLOYER = "employer"


class Topic(StrEnum):
    remuneration = "remuneration"  # L2242-1 1°, L2242-15
    egalite_qvct = "egalite_qvct"  # L2242-1 2°, L2242-17
    gepp = "gepp"  # L2242-2 (>= 300)
    other = "other"


TOPIC_LABELS: dict[str, str] = {
    "remuneration": "Rémunération, temps de travail et partage de la valeur ajoutée",
    "egalite_qvct": "Égalité professionnelle et qualité de vie et des conditions de travail",
    "gepp": "Gestion des emplois et des parcours professionnels",
    "other": "Autre négociation",
}
STATUS_LABELS: dict[str, str] = {
    "planned": "prévue",
    "open": "ouverte",
    "in_progress": "en cours",
    "agreement_signed": "accord signé",
    "disagreement_recorded": "PV de désaccord",
    "abandoned": "abandonnée",
    "decided": "décision unilatérale prise",
}
KIND_LABELS: dict[str, str] = {
    "company_agreement": "Accord d'entreprise",
    "establishment_agreement": "Accord d'établissement",
    "unilateral_decision": "Décision unilatérale de l'employeur (DUE)",
}
VALIDITY_LABELS: dict[str, str] = {
    "valid": "valide (plus de 50 % des suffrages des syndicats représentatifs, L2232-12)",
    "referendum_possible": "consultation des salariés possible (plus de 30 %, L2232-12)",
    "not_valid": "non valide (30 % ou moins, L2232-12)",
}

# ------------------------------------------------------------------------------------ election results


class CommonListShareIn(InputModel):
    union: UnionName
    share_percent: Annotated[Decimal, Field(ge=0, le=100, max_digits=7, decimal_places=4)] | None = Field(
        default=None, description="Part déclarée au dépôt de la liste ; sans indication, parts égales (L2122-3)"
    )


class UnionVotesIn(InputModel):
    union: UnionName = Field(description="Syndicat, ou intitulé d'une liste commune")
    votes: Count
    common_list: Annotated[list[CommonListShareIn], Field(min_length=2, max_length=10)] | None = Field(
        default=None, description="Liste commune : les syndicats qui la présentent et leurs parts (L2122-3)"
    )
    percent: Annotated[Decimal, Field(ge=0, le=100, max_digits=7, decimal_places=4)] | None = Field(
        default=None, description="Pourcentage imprimé sur le procès-verbal, contrôlé contre les voix"
    )


class CollegeIn(InputModel):
    name: Annotated[str, StringConstraints(min_length=1, max_length=60)]
    registered: Count | None = Field(default=None, description="Électeurs inscrits")
    voters: Count | None = Field(default=None, description="Votants")
    votes_cast: Count = Field(description="Suffrages valablement exprimés")
    union_votes: Annotated[list[UnionVotesIn], Field(min_length=1, max_length=30)]


class CategorialUnionIn(InputModel):
    union: UnionName
    colleges: Annotated[list[Annotated[str, StringConstraints(min_length=1, max_length=60)]], Field(min_length=1)] = (
        Field(description="Collèges où ses statuts lui donnent vocation à présenter des candidats (L2122-2)")
    )


class ElectionResultCreate(InputModel):
    election_date: date = Field(description="Date du premier tour de l'élection des titulaires du CSE")
    establishment_id: int | None = Field(
        default=None, description="Élection d'un établissement (mesure des accords d'établissement) ; vide : entreprise"
    )
    categorial_unions: Annotated[list[CategorialUnionIn], Field(max_length=10)] = Field(
        default_factory=list, description="Syndicats catégoriels (CFE-CGC), mesurés dans leurs collèges (L2122-2)"
    )
    label: Name | None = None
    notes: ShortText = ""
    colleges: Annotated[list[CollegeIn], Field(min_length=1, max_length=10)]


class UnionVotesRead(ReadModel):
    union: str
    votes: int
    percent: float
    common_list: list[dict[str, Any]] | None = Field(
        default=None, description="Liste commune : [{union, share_percent}] retenues (L2122-3)"
    )


class CollegeRead(ReadModel):
    name: str
    registered: int | None
    voters: int | None
    votes_cast: int
    union_votes: list[UnionVotesRead]


class UnionScoreRead(ReadModel):
    union: str
    votes: float = Field(description="Voix, parts de listes communes comprises (L2122-3)")
    score_percent: float = Field(
        description="Part des suffrages exprimés (L2122-1) ; dans ses collèges pour un syndicat catégoriel (L2122-2)"
    )
    colleges: list[str] | None = Field(default=None, description="Syndicat catégoriel : collèges représentés")
    representative: bool = Field(description="Au moins 10 % des suffrages exprimés (L2122-1)")
    weight_percent: float = Field(description="Poids parmi les syndicats représentatifs (L2232-12)")


class ElectionResultRead(ReadModel):
    id: int
    organization_id: int
    establishment_id: int | None
    election_date: date
    label: str
    notes: str
    votes_cast: int
    colleges: list[CollegeRead]
    scores: list[UnionScoreRead]
    representative_unions: list[str]
    categorial_unions: dict[str, list[str]]
    in_force: bool = Field(description="Résultats de la dernière élection, retenus pour les nouvelles signatures")
    recorded_at: datetime


# ------------------------------------------------------------------------------------ accords de méthode


class MethodAgreementCreate(InputModel):
    title: Name
    signed_on: date | None = None
    starts_on: date
    duration_years: Annotated[int, Field(ge=0, le=99)] = Field(description="Au plus 4 ans (L2242-11)")
    periodicity_years: dict[NaoBlock, Annotated[int, Field(ge=0, le=99)]] = Field(
        default_factory=dict, description="Périodicité de chaque bloc, au plus 4 ans (L2242-1)"
    )
    notes: ShortText = ""


class MethodAgreementRead(ReadModel):
    id: int
    organization_id: int
    title: str
    signed_on: date | None
    starts_on: date
    ends_on: date
    duration_years: int
    periodicity_years: dict[str, int]
    in_force: bool
    notes: str
    created_at: datetime


# ------------------------------------------------------------------------------------ negotiations


class NegotiationCreate(InputModel):
    topic: Topic
    kind: AgreementKind = Field(
        default=AgreementKind.COMPANY, description="Accord d'entreprise, d'établissement, ou décision unilatérale"
    )
    establishment_id: int | None = Field(
        default=None, description="Établissement couvert : obligatoire pour un accord d'établissement"
    )
    subject: Annotated[str, StringConstraints(min_length=1, max_length=300)] | None = Field(
        default=None, description="Objet, obligatoire pour une négociation « other »"
    )
    title: Name | None = None
    year: Year | None = None
    table_body_id: int | None = Field(
        default=None, description="Instance « negotiation_table » (par défaut : la seule)"
    )
    method_agreement_id: int | None = None
    planned_on: date | None = None
    opened_on: date | None = Field(default=None, description="Renseigné : la négociation est ouverte d'emblée")


class NegotiationUpdate(InputModel):
    title: Name | None = None
    subject: Annotated[str, StringConstraints(min_length=1, max_length=300)] | None = None
    planned_on: date | None = None
    method_agreement_id: int | None = None


class StatusChange(InputModel):
    status: NegotiationStatus
    on: date | None = Field(default=None, description="Date de l'événement (aujourd'hui par défaut)")
    reason: ShortText | None = Field(default=None, description="Motif, obligatoire pour un abandon")


class Attendee(InputModel):
    name: Name
    party: Party
    member_id: int | None = None


class DocumentRef(InputModel):
    title: Name
    url: Annotated[str, StringConstraints(max_length=2000, pattern=r"^https?://\S+$")] | None = None


class SessionCreate(InputModel):
    starts_at: AwareDatetime
    ends_at: AwareDatetime | None = None
    location: Annotated[str, StringConstraints(max_length=200)] = ""
    attendees: Annotated[list[Attendee], Field(max_length=100)] = Field(default_factory=list)
    documents: Annotated[list[DocumentRef], Field(max_length=100)] = Field(default_factory=list)
    summary: LongText = ""
    meeting_id: Annotated[int, Field(ge=1)] | None = Field(default=None, description="Réunion liée (module réunions)")


class SessionRead(ReadModel):
    id: int
    negotiation_id: int
    number: int
    starts_at: datetime
    ends_at: datetime | None
    location: str
    attendees: list[dict[str, Any]]
    documents: list[dict[str, Any]]
    summary: str
    meeting_id: int | None
    created_at: datetime


class PositionKind(StrEnum):
    proposal = "proposal"
    counter_proposal = "counter_proposal"
    position = "position"
    statement = "statement"


class PositionCreate(InputModel):
    party: Party
    kind: PositionKind = PositionKind.proposal
    content: Annotated[str, StringConstraints(min_length=1, max_length=100_000)]
    stated_on: date | None = None
    session_id: int | None = None


class PositionRead(ReadModel):
    id: int
    negotiation_id: int
    sequence: int
    session_id: int | None
    party: str
    kind: PositionKind
    content: str
    stated_on: date
    created_at: datetime


class SignatureCreate(InputModel):
    union: UnionName
    signed_on: date | None = None
    signatory_member_id: int | None = Field(default=None, description="Délégué syndical signataire (membre)")
    signatory_name: Name | None = None


class SignatureRead(ReadModel):
    id: int
    negotiation_id: int
    union: str
    signatory_member_id: int | None
    signatory_name: str
    signed_on: date
    weight_percent: float
    signatories_weight_percent: float = Field(description="Poids cumulé des signataires après cette signature")
    validity: Validity = Field(description="Validité de l'accord après cette signature (L2232-12)")


class ReferendumRequestIn(InputModel):
    requested_on: date | None = None
    requested_by: Requester


class ReferendumResultIn(InputModel):
    held_on: date
    votes_for: Count
    votes_against: Count
    registered: Count | None = Field(default=None, description="Salariés inscrits (électeurs), pour la participation")

    @model_validator(mode="after")
    def _cast_within_registered(self) -> ReferendumResultIn:
        if self.registered is not None and self.votes_for + self.votes_against > self.registered:
            raise ValueError("registered : moins d'inscrits que de suffrages exprimés")
        return self


class ReferendumRead(ReadModel):
    signed_on: date
    signatories_request_until: date
    employer_request_from: date
    requested_on: date | None
    requested_by: Requester | None
    further_signatures_until: date | None
    consultation_by: date | None
    held_on: date | None
    votes_for: int | None
    votes_against: int | None
    approved: bool | None
    registered: int | None = Field(default=None, description="Salariés inscrits")
    turnout_percent: float | None = Field(default=None, description="Suffrages exprimés / inscrits, en %")


class FinalPosition(InputModel):
    party: Party
    position: Annotated[str, StringConstraints(min_length=1, max_length=20_000)]


class DisagreementCreate(InputModel):
    recorded_on: date | None = None
    final_positions: Annotated[list[FinalPosition], Field(min_length=1, max_length=30)]
    unilateral_measures: LongText = Field(default="", description="Mesures appliquées unilatéralement (L2242-5)")


class DisagreementRead(ReadModel):
    recorded_on: date
    final_positions: list[dict[str, Any]]
    unilateral_measures: str


class DepositIn(InputModel):
    deposited_on: date
    reference: Annotated[str, StringConstraints(max_length=100)] | None = Field(
        default=None, description="Numéro de dépôt TéléAccords"
    )
    anonymised_version: Annotated[str, StringConstraints(max_length=300)] | None = Field(
        default=None, description="Version anonymisée déposée pour la publication (L2231-5-1) : fichier ou lien"
    )


class AgrementDecision(StrEnum):
    granted = "granted"
    refused = "refused"


class AgrementIn(InputModel):
    submitted_on: date | None = Field(default=None, description="Envoi au ministre en LRAR (R314-197 CASF)")
    decision: AgrementDecision | None = None
    decided_on: date | None = None
    reference: Annotated[str, StringConstraints(max_length=200)] | None = None


class AgrementLineRead(ReadModel):
    establishment_id: int | None = Field(description="Vide : l'organisation, sans établissement enregistré")
    establishment: str
    required: bool
    reason: AgrementReason
    label: str = Field(description="« Agrément requis (L314-6 CASF) » ou le motif de dispense")
    article: str
    stage: AgreementStage | None = Field(description="Où en est l'accord dans cet établissement")


class AgrementRead(ReadModel):
    required: bool = Field(description="Au moins un établissement couvert exige l'agrément (L314-6 CASF)")
    establishments: list[AgrementLineRead] = Field(description="Agrément établissement par établissement")
    submitted_on: date | None
    decision: AgrementDecision | None
    decided_on: date | None
    reference: str | None


class NegotiationRead(ReadModel):
    id: int
    organization_id: int
    table_body_id: int
    kind: AgreementKind
    kind_label: str
    establishment_id: int | None
    topic: Topic
    topic_label: str
    subject: str | None
    title: str
    year: int
    status: NegotiationStatus
    status_label: str
    method_agreement_id: int | None
    planned_on: date | None
    opened_on: date | None
    concluded_on: date | None
    abandon_reason: str | None
    sessions_count: int
    election_result_id: int | None
    signatures: list[SignatureRead]
    signatories_weight_percent: float | None
    validity: Validity | None
    validity_label: str | None
    route: Route | None = Field(
        default=None, description="Voie de conclusion sans délégué syndical (L2232-21 à L2232-26), sinon L2232-12"
    )
    route_label: str | None = None
    route_validity: RouteValidity | None = Field(default=None, description="Validité selon la voie, article cité")
    route_basis: str | None = Field(default=None, description="Règle appliquée, avec l'article")
    referendum: ReferendumRead | None
    disagreement: DisagreementRead | None
    deposited_on: date | None
    deposit_reference: str | None
    deposit_anonymised_version: str | None = None
    agrement: AgrementRead
    stage: AgreementStage | None = Field(description="Où en est l'accord : référendum, dépôt, agrément, en vigueur")
    in_force: bool
    created_at: datetime
    updated_at: datetime


# ------------------------------------------------------------------------------------ NAO periodicity


class NaoRequestCreate(InputModel):
    block: NaoBlock
    union: UnionName
    requested_on: date | None = None
    notes: ShortText = ""


class NaoRequestAction(InputModel):
    on: date | None = None
    negotiation_id: int | None = Field(default=None, description="Négociation ouverte à la suite (convocation)")


class NaoRequestRead(ReadModel):
    id: int
    organization_id: int
    block: NaoBlock
    union: str
    requested_on: date
    forward_by: date = Field(description="Transmission aux autres syndicats sous 8 jours (L2242-13)")
    forwarded_on: date | None
    forward_late: bool
    convene_by: date = Field(description="Convocation des parties sous 15 jours (L2242-13)")
    convened_on: date | None
    convene_late: bool
    negotiation_id: int | None
    notes: str
    created_at: datetime


class NaoBlockSchedule(ReadModel):
    block: NaoBlock
    label: str
    articles: str
    periodicity_years: int
    periodicity_source: str = Field(description="default (L2242-13) ou method_agreement (L2242-11)")
    method_agreement_id: int | None
    last_opened_on: date | None
    last_negotiation_id: int | None
    current_negotiation_id: int | None = Field(description="Négociation prévue, ouverte ou en cours sur ce bloc")
    next_due_on: date | None
    overdue: bool
    union_may_request_from: date | None = Field(description="Vide : aucun précédent, la demande est possible")
    requests: list[NaoRequestRead]


class UnionSectionCreate(InputModel):
    union: UnionName
    formed_on: date
    notes: ShortText = ""


class UnionSectionEnd(InputModel):
    ended_on: date


class UnionSectionRead(ReadModel):
    id: int
    organization_id: int
    union: str
    formed_on: date
    ended_on: date | None
    representative: bool = Field(description="Syndicat représentatif d'après l'élection en vigueur (L2122-1)")
    notes: str
    created_at: datetime


class NaoScheduleRead(ReadModel):
    organization_id: int
    headcount: int
    today: date
    nao_required: bool = Field(
        description="Au moins une section syndicale d'un syndicat représentatif (L2242-1) : sinon, pas de NAO"
    )
    nao_reason: str
    blocks: list[NaoBlockSchedule]
