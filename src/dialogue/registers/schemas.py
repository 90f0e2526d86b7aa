"""API shapes for registers, their entries and the responses appended to them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AwareDatetime, Field, model_validator

from dialogue.core.schemas import InputModel, ReadModel
from dialogue.registers.rules import MAX_FIELD_TEXT, DgiState, EntryStatus, RegisterKind, ResponseAction

Subject = Annotated[str, Field(min_length=1, max_length=300)]
EntryText = Annotated[str, Field(max_length=MAX_FIELD_TEXT, description="Au plus 20 000 caractères")]
Reason = Annotated[str, Field(min_length=1, max_length=2000)]
Hash = Annotated[str, Field(pattern=r"^[0-9a-fA-F]{64}$")]


class RegisterCreate(InputModel):
    kind: RegisterKind
    title: Annotated[str, Field(min_length=1, max_length=200)] | None = Field(
        default=None, description="Intitulé ; par défaut celui du registre légal"
    )


class HeadRead(ReadModel):
    """The register's current head digest: members keep it to check later that nothing was rewritten."""

    number: int = Field(description="Numéro de la dernière entrée")
    seq: int = Field(description="Position du dernier enregistrement (entrées et réponses)")
    hash: str
    digest: str = Field(description="L'empreinte telle qu'imprimée dans les notifications et procès-verbaux")


class RegisterRead(ReadModel):
    id: int
    organization_id: int
    body_id: int
    kind: RegisterKind
    title: str
    legal_basis: str
    created_at: datetime
    entries: int
    head: HeadRead | None


class EntryCreate(InputModel):
    subject: Subject
    body: EntryText = ""
    fields: dict[str, Any] = Field(
        default_factory=dict,
        description=(
            "Mentions propres au registre. questions : question, meeting_on (AAAA-MM-JJ), meeting_id (facultatif) ; "
            "dgi : workstations, danger_nature, danger_cause, exposed_workers (liste) ; public_health : "
            "products_or_processes, possible_consequences, other_information (facultatif) ; personal_rights : "
            "facts, persons_concerned (liste)"
        ),
    )
    confidential: bool = Field(default=False, description="Information présentée comme confidentielle (L2315-3)")
    confidentiality_reason: Reason | None = None
    corrects: Annotated[int, Field(ge=1, lt=2**31)] | None = Field(
        default=None, description="Numéro de l'entrée que cet additif rectifie (le registre n'est jamais modifié)"
    )
    document_ids: Annotated[list[Annotated[int, Field(ge=1, lt=2**31)]], Field(max_length=20)] = Field(
        default_factory=list,
        description="Documents de l'organisation joints (photos, rapports : alerte DGI…) ; leur version courante et "
        "leur SHA-256 sont inscrits dans l'entrée et couverts par le chaînage",
    )
    on_behalf_of: Annotated[int, Field(ge=1, lt=2**31)] | None = Field(
        default=None,
        description="Compte de l'élu dont le secrétaire transcrit la note écrite (L2315-22) ; jamais la direction",
    )

    @model_validator(mode="after")
    def _reason_with_confidentiality(self) -> EntryCreate:
        if self.confidential and not self.confidentiality_reason:
            raise ValueError("confidentiality_reason is required when confidential is true (L2315-3)")
        if not self.confidential and self.confidentiality_reason:
            raise ValueError("confidentiality_reason is only for confidential entries")
        return self


class ResponseCreate(InputModel):
    body: Annotated[str, Field(min_length=1, max_length=MAX_FIELD_TEXT)] = Field(
        description="Réponse motivée de l'employeur (L2315-22)"
    )


class DgiStepCreate(InputModel):
    state: DgiState = Field(description="investigating, measures_taken, disagreement, inspector_informed ou closed")
    body: Annotated[str, Field(min_length=1, max_length=MAX_FIELD_TEXT)] = Field(
        description="Constats de l'enquête, mesures prises, motifs du désaccord ou de la clôture"
    )
    informed_at: AwareDatetime | None = Field(
        default=None,
        description="inspector_informed seulement : quand l'inspecteur du travail a été informé (L4132-4) ; "
        "maintenant par défaut",
    )

    @model_validator(mode="after")
    def _informed_at_only_for_inspector(self) -> DgiStepCreate:
        if self.informed_at is not None and self.state is not DgiState.INSPECTOR_INFORMED:
            raise ValueError("informed_at is only for the inspector_informed step (L4132-4)")
        return self


class CloseCreate(InputModel):
    body: Annotated[str, Field(max_length=MAX_FIELD_TEXT)] = Field(default="", description="Motif de la clôture")


class ResponseRead(ReadModel):
    id: int
    entry_id: int
    number: int
    seq: int
    action: ResponseAction
    body: str
    dgi_state: DgiState | None
    meeting_due_by: datetime | None
    due_on: date | None = Field(default=None, description="due_date_changed : nouvelle échéance")
    meeting_on: date | None = Field(default=None, description="due_date_changed : nouvelle date de la réunion")
    informed_at: datetime | None = Field(default=None, description="inspector_informed : inspecteur informé le")
    author_id: int
    author_name: str
    submitted_at: datetime
    late: bool = Field(description="Réponse donnée après l'échéance")
    prev_hash: str
    hash: str


class EntryAttachmentRead(ReadModel):
    """A document attached to an entry, as recorded (and hashed) when the entry was written."""

    document_id: int
    version: int
    title: str
    filename: str
    sha256: str


class EntryRead(ReadModel):
    id: int
    register_id: int
    number: int
    seq: int
    subject: str
    body: str
    fields: dict[str, Any]
    submitted_at: datetime
    author_id: int | None
    author_name: str | None
    due_on: date | None = Field(description="Échéance en vigueur (suit la réunion reportée, L2315-22)")
    submitted_due_on: date | None = Field(
        default=None, description="Échéance calculée au dépôt (inscrite dans l'entrée)"
    )
    due_on_warning: str | None = Field(
        default=None, description="L'échéance tombe un dimanche ou un jour férié : aucun texte ne la reporte"
    )
    status: EntryStatus
    dgi_state: DgiState | None = Field(description="Étape d'une alerte DGI (registre dgi seulement)")
    meeting_id: int | None
    meeting_on: date | None
    late_submission: bool
    meeting_due_by: datetime | None = Field(description="Désaccord DGI : CSE à réunir avant (L4132-3)")
    meeting_due_by_text: str | None = Field(default=None, description="Le même instant en heure locale, avec le fuseau")
    inspector_information_due: bool | None = Field(
        default=None,
        description="Désaccord DGI persistant après la réunion : l'employeur informe l'inspecteur (L4132-4)",
    )
    inspector_informed_at: datetime | None = Field(
        default=None, description="Inspecteur du travail informé le (L4132-4)"
    )
    may_refer_to_prefet: bool | None = Field(
        description="Alerte santé publique sans suite dans le mois : saisine possible du préfet (L4133-3)"
    )
    attachments: list[EntryAttachmentRead] = Field(
        default_factory=list, description="Pièces jointes inscrites avec l'entrée (version, SHA-256 chaînés)"
    )
    confidential: bool
    confidentiality_reason: str | None
    redacted: bool = Field(description="Contenu masqué : entrée confidentielle (L2315-3)")
    corrects: int | None
    corrected_by: list[int]
    answered_at: datetime | None
    closed_at: datetime | None
    responses: list[ResponseRead]
    prev_hash: str
    hash: str


class EntryStateRead(ReadModel):
    """The new state after an action on an entry, with the register's new head."""

    entry: EntryRead
    head: HeadRead


class VerifyRead(ReadModel):
    valid: bool
    entries: int
    first_broken: int | None = Field(description="Numéro de la première entrée dont la chaîne ne tient plus")
    first_broken_seq: int | None
    broken_reason: str | None = Field(
        default=None,
        description=(
            "Pourquoi la chaîne ne tient plus : link (enregistrement supprimé, inséré ou déplacé), hash (contenu, "
            "auteur ou réponse modifié, chaîne recalculée sans la clé), entry (réponse rattachée à une autre entrée), "
            "legacy (SHA-256 simple hors du préfixe scellé), head (derniers enregistrements supprimés)"
        ),
    )
    records: int
    head: HeadRead | None
    key_fingerprint: str = Field(
        description="Empreinte publique de la clé de chaînage (HMAC-SHA256), la même que dans les courriels d'empreinte"
    )
    digest_found: bool | None = Field(
        default=None,
        exclude_if=lambda value: value is None,
        description="Présent seulement quand une empreinte (number, hash) est fournie",
    )
    checked_at: datetime
