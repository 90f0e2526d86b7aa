"""API shapes of the CSE election (CONTRACT.md "Additions": /organizations/{id}/elections, /elections/{id} with
/lists, /results, /seats)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from dialogue.bodies.schemas import ProfessionalCategory
from dialogue.core.schemas import Email, InputModel, Name, ReadModel
from dialogue.elections.rules import CarenceReason, ListKind, Sex

Count = Annotated[int, Field(ge=0, le=1_000_000)]
UnionName = Annotated[str, StringConstraints(min_length=1, max_length=100)]
Siret = Annotated[str, StringConstraints(pattern=r"^[0-9]{14}$")]
Inspector = Annotated[str, StringConstraints(min_length=1, max_length=300)]


class ElectionKind(StrEnum):
    renewal = "renewal"
    partial = "partial"
    first = "first"


KIND_LABELS = {"renewal": "Renouvellement", "partial": "Élection partielle (L2314-10)", "first": "Première élection"}


class CollegeIn(InputModel):
    name: Annotated[str, StringConstraints(min_length=1, max_length=60)]
    category: ProfessionalCategory = Field(description="Catégorie professionnelle des élus du collège (L2314-37)")
    staff: Count = Field(description="Effectif du collège")
    women: Count = Field(description="Électrices inscrites (L2314-30)")
    men: Count = Field(description="Électeurs inscrits (L2314-30)")
    titulaires: Count | None = Field(
        default=None, description="Sièges fixés par le protocole (L2314-13) ; vide : répartition proportionnelle"
    )


class ElectionCreate(InputModel):
    title: Name
    kind: ElectionKind = ElectionKind.renewal
    body_id: int | None = Field(default=None, description="Le CSE élu (ses membres sont écrits à la proclamation)")
    establishment_id: int | None = None
    headcount: Count = Field(description="Effectif du périmètre (R2314-1)")
    staff_informed_on: date | None = None
    unions_invited_on: date | None = None
    pap_first_meeting_on: date | None = None
    pap_signed_on: date | None = None
    pap_negotiators: Annotated[list[UnionName], Field(max_length=20)] = Field(default_factory=list)
    pap_signatories: Annotated[list[UnionName], Field(max_length=20)] = Field(default_factory=list)
    round1_on: date | None = None
    round2_on: date | None = None
    mandate_years: Annotated[int, Field(ge=2, le=4)] = Field(default=4, description="L2314-33, L2314-34")
    mandate_end: date | None = Field(default=None, description="Élection partielle : fin des mandats en cours")
    siret: Siret | None = Field(default=None, description="SIRET de l'établissement (14 chiffres, cerfa 15248)")
    inspector: Inspector | None = Field(default=None, description="Agent de contrôle de l'inspection du travail")
    requested_by: UnionName | None = Field(
        default=None, description="Élection demandée par un salarié ou un syndicat (L2314-8)"
    )
    requested_on: date | None = Field(default=None, description="Date de la demande (L2314-8 : 6 mois après carence)")
    colleges: Annotated[list[CollegeIn], Field(min_length=1, max_length=3)]

    @model_validator(mode="after")
    def _check(self) -> ElectionCreate:
        if self.round1_on and self.round2_on and self.round2_on <= self.round1_on:
            raise ValueError("round2_on must follow round1_on")
        if (self.requested_by is None) != (self.requested_on is None):
            raise ValueError("requested_by and requested_on go together")
        return self


class ElectionUpdate(InputModel):
    staff_informed_on: date | None = None
    unions_invited_on: date | None = None
    pap_first_meeting_on: date | None = None
    pap_signed_on: date | None = None
    pap_negotiators: Annotated[list[UnionName], Field(max_length=20)] | None = None
    pap_signatories: Annotated[list[UnionName], Field(max_length=20)] | None = None
    round1_on: date | None = None
    round2_on: date | None = None
    carence_on: date | None = Field(default=None, description="PV de carence (L2314-9)")
    carence_sent_on: date | None = Field(default=None, description="Transmis à l'inspection du travail (L2314-9)")
    carence_reason: CarenceReason | None = Field(default=None, description="Motif de la carence (cerfa 15248)")
    carence_published_on: date | None = Field(
        default=None, description="PV de carence porté à la connaissance du personnel (L2314-9)"
    )
    siret: Siret | None = Field(default=None, description="SIRET de l'établissement (14 chiffres)")
    inspector: Inspector | None = Field(default=None, description="Agent de contrôle de l'inspection du travail")


class CandidateIn(InputModel):
    full_name: Name
    sex: Sex
    email: Email
    born_on: date | None = Field(default=None, description="Départage au bénéfice de l'âge (R2314-20)")


class ListCreate(InputModel):
    college: Annotated[str, StringConstraints(min_length=1, max_length=60)] = Field(description="Nom du collège")
    kind: ListKind
    round: Annotated[int, Field(ge=1, le=2)] = 1
    union: UnionName
    filed_on: date
    candidates: Annotated[list[CandidateIn], Field(min_length=1, max_length=40)]


class ListVotesIn(InputModel):
    list_id: int
    ballots: Count = Field(description="Bulletins valables recueillis par la liste")
    ratures: dict[int, Count] = Field(default_factory=dict, description="{rang du candidat: ratures} (L2314-29)")


class TallyCreate(InputModel):
    college: Annotated[str, StringConstraints(min_length=1, max_length=60)]
    kind: ListKind
    round: Annotated[int, Field(ge=1, le=2)] = 1
    registered: Count
    voters: Count
    blank_null: Count = 0
    lists: Annotated[list[ListVotesIn], Field(max_length=20)]


class ProtectionRead(ReadModel):
    label: str
    article: str
    starts_on: date
    ends_on: date | None


class CandidateRead(ReadModel):
    position: int
    full_name: str
    sex: Sex
    email: str
    born_on: date | None
    protection: ProtectionRead


class ListRead(ReadModel):
    id: int
    college: str
    kind: ListKind
    round: int
    union: str
    filed_on: date
    candidates: list[CandidateRead]


class CalendarStepRead(ReadModel):
    key: str
    label: str
    article: str
    done_on: date | None
    due_by: date | None
    problem: str | None


class PapRead(ReadModel):
    negotiators: list[str]
    signatories: list[str]
    valid: bool
    reason: str


class CollegeRead(ReadModel):
    name: str
    category: ProfessionalCategory
    staff: int
    women: int
    men: int
    titulaires: int
    suppleants: int


class ListResultRead(ReadModel):
    list_id: int
    union: str
    ballots: int
    votes: float = Field(description="Moyenne des voix des candidats (ratures déduites)")
    ratures: dict[int, int]
    ratures_counted: list[int] = Field(description="Rangs dont les ratures atteignent 10 % (L2314-29)")


class TallyRead(ReadModel):
    college: str
    kind: ListKind
    round: int
    registered: int
    voters: int
    blank_null: int
    valid_votes: float
    quorum_reached: bool
    lists: list[ListResultRead]


class ElectedRead(ReadModel):
    college: str
    category: ProfessionalCategory
    kind: ListKind
    round: int
    union: str
    list_id: int
    position: int
    full_name: str
    email: str
    votes: int
    protection: ProtectionRead


class SeatsRead(ReadModel):
    college: str
    kind: ListKind
    round: int
    seats: int
    quotient: float | None
    by_quotient: dict[str, int]
    by_average: dict[str, int]
    vacant: int
    tie_unresolved: bool


class CarenceRead(ReadModel):
    drawn_on: date = Field(description="PV de carence établi (L2314-9)")
    reason: CarenceReason | None
    reason_label: str | None
    published_on: date | None = Field(description="Porté à la connaissance du personnel (L2314-9)")
    sent_on: date | None = Field(description="Transmis à l'inspection du travail (L2314-9)")
    send_by: date = Field(description="Transmission au plus tard (15 jours, L2314-9)")
    sent_late: bool
    overdue: bool
    alert: str | None
    request_possible_from: date = Field(description="Nouvelle élection sur demande à partir de (L2314-8)")


class ElectionRead(ReadModel):
    id: int
    organization_id: int
    body_id: int | None
    establishment_id: int | None
    kind: ElectionKind
    title: str
    headcount: int
    legal_titulaires: int = Field(description="Titulaires selon R2314-1 pour l'effectif")
    mandate_start: date | None
    mandate_end: date | None
    proclaimed_on: date | None
    carence_on: date | None
    carence: CarenceRead | None = Field(description="PV de carence (L2314-8, L2314-9, cerfa 15248)")
    siret: str | None
    inspector: str | None
    requested_by: str | None
    requested_on: date | None
    second_round_needed: list[str] = Field(description="Collèges et scrutins sans quorum au 1er tour (L2314-29)")
    representativeness_result_id: int | None
    calendar: list[CalendarStepRead]
    pap: PapRead
    colleges: list[CollegeRead]


class ElectionDetail(ElectionRead):
    lists: list[ListRead]
    results: list[TallyRead]
    seats: list[SeatsRead]
    elected: list[ElectedRead]


class ProclamationRead(ReadModel):
    election_id: int
    representativeness_result_id: int | None
    members_added: int
    already_members: list[str]
