"""API shapes of the union side: designations of DS and union representatives (L2143-3, L2314-2, L2316-7) and the
routes of negotiation without a union delegate (L2232-21 to L2232-26)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import Field, StringConstraints

from dialogue.core.schemas import InputModel, ReadModel
from dialogue.negotiations.rules.delegates import (
    DesignationBasis,
    DesignationKind,
    FallbackReason,
    Route,
    RouteValidity,
)

UnionName = Annotated[str, StringConstraints(min_length=1, max_length=100)]
Count = Annotated[int, Field(ge=0, le=1_000_000)]


class DesignationCreate(InputModel):
    kind: DesignationKind
    union: UnionName
    user_id: int | None = Field(default=None, description="Compte du salarié désigné, s'il en a un")
    person_name: Annotated[str, StringConstraints(min_length=1, max_length=200)] | None = Field(
        default=None, description="Nom du salarié (par défaut celui du compte)"
    )
    establishment_id: int | None = Field(default=None, description="Établissement (désignation d'établissement)")
    body_id: int | None = Field(default=None, description="CSE ou CSE central, pour un représentant syndical")
    basis: DesignationBasis
    electoral_college: Annotated[str, StringConstraints(max_length=60)] | None = Field(
        default=None, description="Collège du candidat au 1er tour (L2143-3)"
    )
    personal_votes: Count | None = Field(default=None, description="Voix personnelles au 1er tour (L2143-3)")
    fallback_reason: FallbackReason | None = Field(default=None, description="Cas de L2143-3 al. 2")
    renounced_on: date | None = Field(default=None, description="Date des renonciations écrites (L2143-3 al. 2)")
    designated_on: date
    notified_on: date | None = Field(default=None, description="Notification à l'employeur (D2143-4)")


class DesignationEnd(InputModel):
    ended_on: date


class DesignationRead(ReadModel):
    id: int
    organization_id: int
    kind: DesignationKind
    kind_label: str
    union: str
    user_id: int | None
    person_name: str
    establishment_id: int | None
    body_id: int | None
    basis: DesignationBasis
    basis_label: str
    electoral_college: str | None
    personal_votes: int | None
    college_votes_cast: int | None
    fallback_reason: FallbackReason | None
    renounced_on: date | None
    designated_on: date
    notified_on: date | None
    ended_on: date | None
    active: bool
    created_at: datetime


class WithoutDelegateIn(InputModel):
    route: Route
    mandating_unions: list[UnionName] = Field(default_factory=list, max_length=20)
    elus_volunteer: bool = Field(default=True, description="Des élus ont fait connaître leur souhait de négocier")
    staff: Count | None = Field(default=None, description="Effectif consulté (deux tiers, L2232-22)")
    communicated_on: date | None = None
    consulted_on: date | None = None
    votes_for: Count | None = None
    votes_against: Count | None = None
    signatories_votes: Count | None = Field(default=None, description="Voix des élus signataires (L2232-25)")
    votes_cast: Count | None = Field(default=None, description="Suffrages exprimés aux dernières élections")
    requires_agreement_by_law: bool = Field(
        default=True,
        description="Mesures dont la mise en œuvre est subordonnée par la loi à un accord collectif (L2232-25)",
    )
    l1233_21_agreement: bool = Field(
        default=False, description="Accord de méthode sur les licenciements économiques (L1233-21)"
    )
    signed_on: date | None = Field(
        default=None,
        description="Signature de l'accord par les élus ou salariés mandatés, ou date du projet de l'employeur : "
        "la négociation est alors conclue et sa validité suit la règle de la voie",
    )


class WithoutDelegateRead(ReadModel):
    negotiation_id: int
    route: Route
    route_label: str
    routes_open: list[Route] = Field(description="Voies ouvertes, dans l'ordre de la loi (L2232-21 à L2232-26)")
    mandating_unions: list[str]
    staff: int | None
    communicated_on: date | None
    consulted_on: date | None
    votes_for: int | None
    votes_against: int | None
    signatories_votes: int | None
    votes_cast: int | None
    validity: RouteValidity
    basis: str
