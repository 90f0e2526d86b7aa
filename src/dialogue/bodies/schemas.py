"""API shapes for bodies and members."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import Field, model_validator

from dialogue.core.schemas import Email, InputModel, Name, ReadModel


class BodyKind(StrEnum):
    cse = "cse"
    cse_central = "cse_central"
    cssct = "cssct"
    board = "board"
    direction_committee = "direction_committee"
    qvt_steering = "qvt_steering"
    negotiation_table = "negotiation_table"


class College(StrEnum):
    gouvernance = "gouvernance"
    direction = "direction"
    elus = "elus"


class Role(StrEnum):
    president = "president"
    secretary = "secretary"
    deputy_secretary = "deputy_secretary"
    treasurer = "treasurer"
    titular = "titular"
    substitute = "substitute"
    union_representative = "union_representative"
    guest = "guest"


class ProfessionalCategory(StrEnum):
    """Catégorie professionnelle of an élu, which orders the suppléants called to replace a titulaire (L2314-37)."""

    ouvriers_employes = "ouvriers_employes"
    techniciens_agents_maitrise = "techniciens_agents_maitrise"
    cadres = "cadres"


VotesObtained = Annotated[int, Field(ge=0, le=1_000_000, description="Voix obtenues à l'élection (L2314-37)")]


#: Roles held by élus titulaires (the secretary and treasurer are appointed among them, L2315-23).
TITULAR_ROLES = frozenset({Role.secretary, Role.deputy_secretary, Role.treasurer, Role.titular})


#: French labels of the roles and colleges, for people (the values above stay in code).
ROLE_LABELS = {
    "president": "Président",
    "secretary": "Secrétaire",
    "deputy_secretary": "Secrétaire adjoint",
    "treasurer": "Trésorier",
    "titular": "Titulaire",
    "substitute": "Suppléant",
    "union_representative": "Représentant syndical",
    "guest": "Invité",
}

#: The roles as written for a woman (a civility « Madame »); ROLE_LABELS are the masculine forms.
FEMININE_ROLE_LABELS = {
    "president": "Présidente",
    "secretary": "Secrétaire",
    "deputy_secretary": "Secrétaire adjointe",
    "treasurer": "Trésorière",
    "titular": "Titulaire",
    "substitute": "Suppléante",
    "union_representative": "Représentante syndicale",
    "guest": "Invitée",
}


class Civility(StrEnum):
    """How a member is addressed; it agrees the role's name (« Trésorière »). Unknown: the role's plain form."""

    madame = "madame"
    monsieur = "monsieur"


CIVILITY_LABELS = {"madame": "Madame", "monsieur": "Monsieur"}


def role_label(role: str, civility: str | None = None) -> str:
    """The role's French name, agreed with the member's civility when it is known (issue 17)."""
    labels = FEMININE_ROLE_LABELS if civility == Civility.madame else ROLE_LABELS
    return labels.get(role) or role


COLLEGE_LABELS = {"gouvernance": "Gouvernance", "direction": "Direction", "elus": "Élus"}


class _MandateFields(InputModel):
    """The running mandate and the company's headcount at its election (L2312-3)."""

    headcount_at_election: Annotated[int, Field(ge=0, le=1_000_000)] | None = Field(
        default=None,
        description="Effectif de l'entreprise à l'élection : fixe les attributions jusqu'au renouvellement (L2312-3)",
    )
    mandate_start: date | None = Field(default=None, description="Début du mandat en cours")
    mandate_end: date | None = Field(default=None, description="Fin du mandat en cours (4 ans, L2314-33)")

    @model_validator(mode="after")
    def _mandate_ends_after_it_starts(self) -> _MandateFields:
        if self.mandate_start and self.mandate_end and self.mandate_end <= self.mandate_start:
            raise ValueError("la fin du mandat doit suivre son début")
        return self


class BodyCreate(_MandateFields):
    name: Name
    kind: BodyKind
    establishment_id: int | None = None
    ordinary_meetings_per_year: Annotated[int, Field(ge=1, le=52)] | None = Field(
        default=None, description="Nombre de réunions ordinaires fixé par accord (L2312-19 : au moins 6)"
    )
    agenda_notice_days: Annotated[int, Field(ge=3, le=30)] | None = Field(
        default=None, description="Délai d'envoi de l'ordre du jour selon le règlement intérieur (L2315-30 : ≥ 3 jours)"
    )
    president_votes_on_minutes: bool = Field(
        default=True, description="Le président vote l'adoption du PV (non vérifié en droit : réglable, défaut oui)"
    )


class BodyUpdate(_MandateFields):
    name: Name | None = None
    ordinary_meetings_per_year: Annotated[int, Field(ge=1, le=52)] | None = None
    agenda_notice_days: Annotated[int, Field(ge=3, le=30)] | None = None
    president_votes_on_minutes: bool | None = None


class BodyRegimeRead(ReadModel):
    """A body's regime (bodies/regime.py): attributions by the company over time, seats by the perimeter."""

    attributions_headcount: int = Field(description="Effectif retenu pour les attributions (L2312-1 à L2312-3)")
    perimeter_headcount: int = Field(description="Effectif du périmètre, pour les sièges et heures (R2314-1)")
    full_remit: bool = Field(description="Attributions d'au moins 50 salariés (L2312-8)")
    recurrent_consultations: bool = Field(description="Consultations récurrentes dues (L2312-2)")
    cssct_mandatory: bool = Field(description="CSSCT obligatoire (L2315-36)")
    titulaires: int
    delegation_hours_per_month: int
    basis: str


class BodyRead(ReadModel):
    id: int
    organization_id: int
    establishment_id: int | None
    name: str
    kind: BodyKind
    ordinary_meetings_per_year: int | None
    agenda_notice_days: int | None
    headcount_at_election: int | None
    mandate_start: date | None
    mandate_end: date | None
    regime: BodyRegimeRead
    president_votes_on_minutes: bool
    created_at: datetime


class MemberCreate(InputModel):
    user_id: int | None = None
    email: Email | None = None
    full_name: Name | None = Field(default=None, description="Nom, pour créer le compte quand l'adresse est nouvelle")
    college: College
    role: Role
    union_name: Annotated[str, Field(max_length=100)] | None = None
    electoral_college: Annotated[str, Field(max_length=40)] | None = None
    category: ProfessionalCategory | None = Field(default=None, description="Catégorie professionnelle (L2314-37)")
    votes_obtained: VotesObtained | None = None
    civility: Civility | None = Field(default=None, description="madame ou monsieur : accorde le nom du rôle")
    substitute_for: int | None = Field(
        default=None, description="Indication seulement : le remplaçant suit l'ordre légal de L2314-37"
    )
    mandate_start: date | None = None
    mandate_end: date | None = None

    @model_validator(mode="after")
    def _check(self) -> MemberCreate:
        if (self.user_id is None) == (self.email is None):
            raise ValueError("give exactly one of user_id or email")
        if self.mandate_start and self.mandate_end and self.mandate_end < self.mandate_start:
            raise ValueError("mandate_end is before mandate_start")
        if self.substitute_for is not None and self.role != Role.substitute:
            raise ValueError("substitute_for is only for the role 'substitute'")
        return self


class MemberUpdate(InputModel):
    role: Role | None = None
    college: College | None = None
    union_name: Annotated[str, Field(max_length=100)] | None = None
    electoral_college: Annotated[str, Field(max_length=40)] | None = None
    category: ProfessionalCategory | None = None
    votes_obtained: VotesObtained | None = None
    civility: Civility | None = None
    substitute_for: int | None = None
    mandate_start: date | None = None
    mandate_end: date | None = None


class MemberRead(ReadModel):
    id: int
    body_id: int
    user_id: int
    full_name: str
    email: str
    college: College
    role: Role
    union_name: str | None
    electoral_college: str | None
    category: ProfessionalCategory | None
    votes_obtained: int | None
    civility: Civility | None = None
    role_label: str = Field(default="", description="Le rôle en français, accordé à la civilité (« Trésorière »)")
    substitute_for: int | None
    mandate_start: date | None
    mandate_end: date | None


class MemberChangeRead(ReadModel):
    """One change of the body's composition, from the audit trail (the body's history)."""

    id: int
    at: datetime
    actor_id: int | None
    actor_name: str | None = Field(description="Qui a fait le changement")
    action: str = Field(description="create, update ou delete")
    member_id: int
    member_name: str
    lines: list[str] = Field(description="Ce qui a changé, en français")
