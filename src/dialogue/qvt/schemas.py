"""API shapes of the QVT approach: priorities, working groups, discussion spaces, action plan, barometer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AwareDatetime, Field, StringConstraints, model_validator

from dialogue.core.schemas import Email, InputModel, LongText, Name, ReadModel
from dialogue.qvt.rules import MIN_GROUP_SIZE

Department = Annotated[str, StringConstraints(min_length=1, max_length=120)]
Text10k = Annotated[str, StringConstraints(max_length=10_000)]
RequiredText = Annotated[str, StringConstraints(min_length=1, max_length=10_000)]


class PriorityKind(StrEnum):
    stake = "stake"
    priority = "priority"


class PriorityStatus(StrEnum):
    active = "active"
    closed = "closed"


class Theme(StrEnum):
    sens_du_travail = "sens_du_travail"
    relations = "relations"
    management = "management"
    organisation_du_travail = "organisation_du_travail"
    conditions_de_travail = "conditions_de_travail"
    reconnaissance = "reconnaissance"
    dialogue_social = "dialogue_social"


class DiscussionFormat(StrEnum):
    """Formats of the discussion spaces on work (Anact): "vis mon travail", photo-diagnosis, …"""

    job_shadowing = "job_shadowing"
    photo_diagnosis = "photo_diagnosis"
    problem_situation = "problem_situation"
    embedded_evaluation = "embedded_evaluation"


class QvtActionStatus(StrEnum):
    """Where a QVT action proposal stands (not an SSCT or meeting action); French labels: rules.ACTION_STATUS_LABELS."""

    proposed = "proposed"
    adopted = "adopted"
    rejected = "rejected"
    in_progress = "in_progress"
    evaluated = "evaluated"


class BarometerStatus(StrEnum):
    draft = "draft"
    open = "open"
    closed = "closed"


class GroupBy(StrEnum):
    establishment = "establishment"
    department = "department"
    staff_category = "staff_category"


# ---------------------------------------------------------------- priorities


class PriorityCreate(InputModel):
    kind: PriorityKind = PriorityKind.priority
    title: Name
    description: LongText = ""
    rank: Annotated[int, Field(ge=1, le=100)] | None = None
    identified_on: date
    review_on: date | None = None

    @model_validator(mode="after")
    def _check(self) -> PriorityCreate:
        if self.review_on is not None and self.review_on < self.identified_on:
            raise ValueError("review_on est antérieure à identified_on")
        return self


class PriorityUpdate(InputModel):
    kind: PriorityKind | None = None
    title: Name | None = None
    description: LongText | None = None
    rank: Annotated[int, Field(ge=1, le=100)] | None = None
    review_on: date | None = None
    status: PriorityStatus | None = None


class PriorityRead(ReadModel):
    id: int
    body_id: int
    kind: PriorityKind
    title: str
    description: str
    rank: int | None
    identified_on: date
    review_on: date | None
    status: PriorityStatus
    created_at: datetime


# ---------------------------------------------------------------- working groups


class WorkingGroupCreate(InputModel):
    name: Name
    establishment_id: int | None = None
    department: Department | None = None
    facilitator_id: int = Field(description="Animateur du groupe (compte de l'organisation)")
    member_ids: Annotated[list[int], Field(max_length=200)] = []
    priority_ids: Annotated[list[int], Field(max_length=50)] = []
    mission: LongText = ""


class WorkingGroupUpdate(InputModel):
    name: Name | None = None
    department: Department | None = None
    facilitator_id: int | None = None
    member_ids: Annotated[list[int], Field(max_length=200)] | None = None
    priority_ids: Annotated[list[int], Field(max_length=50)] | None = None
    mission: LongText | None = None


class PersonRead(ReadModel):
    id: int
    full_name: str


class GroupMeetingCreate(InputModel):
    title: Name
    held_on: date
    meeting_id: int | None = Field(default=None, description="Réunion gérée dans le module réunions, le cas échéant")
    notes: LongText = ""


class GroupMeetingRead(ReadModel):
    id: int
    working_group_id: int
    title: str
    held_on: date
    meeting_id: int | None
    notes: str


class WorkingGroupRead(ReadModel):
    id: int
    body_id: int
    name: str
    establishment_id: int | None
    department: str | None
    facilitator: PersonRead
    members: list[PersonRead]
    priority_ids: list[int]
    mission: str
    meetings: list[GroupMeetingRead]
    created_at: datetime


# ---------------------------------------------------------------- discussion spaces


class DiscussionSessionCreate(InputModel):
    title: Name
    format: DiscussionFormat
    held_on: date
    participants_count: Annotated[int, Field(ge=1, le=1000)]
    topics: Annotated[list[Name], Field(max_length=50)] = []
    outcomes: Annotated[list[RequiredText], Field(max_length=50)] = []
    working_group_id: int | None = None
    establishment_id: int | None = None
    department: Department | None = None
    facilitator_name: Annotated[str, StringConstraints(max_length=200)] = ""


class OutcomeCreate(InputModel):
    text: RequiredText


class OutcomeRead(ReadModel):
    id: int
    session_id: int
    text: str
    action_id: int | None


class DiscussionSessionRead(ReadModel):
    id: int
    body_id: int
    title: str
    format: DiscussionFormat
    format_label: str
    held_on: date
    participants_count: int
    topics: list[str]
    outcomes: list[OutcomeRead]
    working_group_id: int | None
    establishment_id: int | None
    department: str | None
    facilitator_name: str
    created_at: datetime


# ---------------------------------------------------------------- action proposals


class Milestone(InputModel):
    label: Name
    due_on: date | None = None
    done_on: date | None = None


class ActionProposalCreate(InputModel):
    """The field's canvas: problem, proposed action, conditions of success, calendar, evaluation, targets."""

    title: Name
    problem: RequiredText
    proposal: RequiredText
    success_conditions: RequiredText
    calendar: RequiredText
    evaluation_criteria: RequiredText
    evaluation_method: Text10k = Field(default="", description="Comment les critères sont mesurés")
    target_population: Text10k = Field(default="", description="Public visé : toutes catégories, ou lesquelles")
    complementary_actions: Text10k = Field(default="", description="Actions complémentaires pour les autres publics")
    milestones: Annotated[list[Milestone], Field(max_length=50)] = []
    theme: Theme | None = None
    establishment_id: int | None = None
    working_group_id: int | None = None
    owner_id: int | None = None
    priority_ids: Annotated[list[int], Field(max_length=50)] = []
    changes_working_conditions: bool = False
    consultation_id: int | None = Field(default=None, ge=1, description="Consultation du CSE (L2312-8)")


class ActionProposalUpdate(InputModel):
    title: Name | None = None
    problem: RequiredText | None = None
    proposal: RequiredText | None = None
    success_conditions: RequiredText | None = None
    calendar: RequiredText | None = None
    evaluation_criteria: RequiredText | None = None
    evaluation_method: Text10k | None = None
    target_population: Text10k | None = None
    complementary_actions: Text10k | None = None
    milestones: Annotated[list[Milestone], Field(max_length=50)] | None = None
    theme: Theme | None = None
    owner_id: int | None = None
    priority_ids: Annotated[list[int], Field(max_length=50)] | None = None
    changes_working_conditions: bool | None = None
    consultation_id: int | None = Field(default=None, ge=1)


class RecommendationsInput(InputModel):
    """The canvas's recommendations the steering committee ticks when it adopts (required on a plan's axis)."""

    concrete: bool = Field(default=False, description="Concrète, avec des étapes")
    all_staff: bool = Field(default=False, description="Pour toutes les catégories, ou complétée pour les autres")
    feasible: bool = Field(default=False, description="Réalisable avec les moyens disponibles")


class DecisionInput(InputModel):
    note: Text10k = ""
    decided_on: date | None = None
    checklist: RecommendationsInput | None = Field(
        default=None, description="Recommandations du canevas cochées (obligatoires pour une proposition d'un axe)"
    )


class RejectInput(InputModel):
    reason: RequiredText


class StartInput(InputModel):
    started_on: date | None = None


class EvaluationInput(InputModel):
    summary: RequiredText = Field(description="Bilan de l'action")
    results: RequiredText = Field(description="Résultats mesurés au regard des critères d'évaluation")
    criteria_met: bool
    lessons_learned: Text10k = ""
    evaluated_on: date | None = None


class ActionProposalRead(ReadModel):
    id: int
    body_id: int
    title: str
    problem: str
    proposal: str
    success_conditions: str
    calendar: str
    evaluation_criteria: str
    evaluation_method: str
    target_population: str
    complementary_actions: str
    milestones: list[dict[str, Any]]
    theme: Theme | None
    establishment_id: int | None
    working_group_id: int | None
    owner: PersonRead | None
    priority_ids: list[int]
    status: QvtActionStatus
    status_label: str
    changes_working_conditions: bool
    consultation_id: int | None
    decision_note: str
    evaluation_summary: str
    evaluation_results: str
    lessons_learned: str
    criteria_met: bool | None
    adopted_on: date | None
    started_on: date | None
    evaluated_on: date | None
    source_outcome_id: int | None
    created_at: datetime
    updated_at: datetime


# ---------------------------------------------------------------- barometer


class QuestionInput(InputModel):
    code: Annotated[str, StringConstraints(min_length=1, max_length=40, pattern=r"^[a-z0-9_]+$")]
    theme: Theme
    label: Annotated[str, StringConstraints(min_length=3, max_length=300)]


class BarometerCreate(InputModel):
    title: Name
    year: Annotated[int, Field(ge=2000, le=2100)]
    body_id: int | None = Field(default=None, description="Comité de pilotage QVT ; par défaut celui de l'organisation")
    introduction: LongText = ""
    min_group_size: int = Field(
        default=MIN_GROUP_SIZE, ge=MIN_GROUP_SIZE, le=1000, description="Seuil d'anonymat, jamais moins de 5"
    )
    ask_staff_category: bool = False
    closes_at: AwareDatetime | None = None
    questions: Annotated[list[QuestionInput], Field(min_length=1, max_length=80)] | None = Field(
        default=None, description="Questionnaire ; par défaut les 21 questions des 7 thèmes"
    )


class BarometerUpdate(InputModel):
    title: Name | None = None
    introduction: LongText | None = None
    min_group_size: int | None = Field(default=None, ge=MIN_GROUP_SIZE, le=1000)
    ask_staff_category: bool | None = None
    closes_at: AwareDatetime | None = None


class QuestionRead(ReadModel):
    code: str
    theme: Theme
    theme_label: str
    label: str


class GroupParticipation(ReadModel):
    establishment_id: int | None
    establishment: str | None
    department: str | None
    label: str
    invited: int
    respondents: int | None = Field(
        description="Masqué (null) sous le seuil d'anonymat, zéro compris ; pendant la collecte, arrondi au "
        "multiple inférieur du seuil : il ne bouge jamais d'une unité"
    )
    participation: float | None
    late_codes: int = Field(description="Codes créés pour ce groupe après l'ouverture du baromètre")


class BarometerRead(ReadModel):
    id: int
    organization_id: int
    body_id: int
    title: str
    year: int
    status: BarometerStatus
    introduction: str
    min_group_size: int
    ask_staff_category: bool
    closes_at: datetime | None
    opened_at: datetime | None
    closed_at: datetime | None
    questions: list[QuestionRead]
    invited: int
    respondents: int | None = Field(
        description="Null sous le seuil d'anonymat (zéro compris) ; pendant la collecte, arrondi au multiple "
        "inférieur du seuil"
    )
    participation: float | None
    late_codes: int = Field(description="Codes créés après l'ouverture : visibles de tout le comité de pilotage")
    created_at: datetime


class InvitationGroup(InputModel):
    establishment_id: int | None = None
    department: Department | None = None
    count: Annotated[int, Field(ge=0, le=5000)] = Field(default=0, description="Liens à imprimer (sans e-mail)")
    emails: Annotated[list[Email], Field(max_length=5000)] = Field(
        default=[], description="Adresses à qui envoyer un lien chacune (par la file d'envoi)"
    )

    @model_validator(mode="after")
    def _check(self) -> InvitationGroup:
        if self.count == 0 and not self.emails:
            raise ValueError("indiquez un nombre de liens (count) ou des adresses (emails)")
        return self


class InvitationsCreate(InputModel):
    groups: Annotated[list[InvitationGroup], Field(min_length=1, max_length=200)]


class InvitationCode(ReadModel):
    establishment: str | None
    department: str | None
    code: str
    url: str
    email: str | None = None


class InvitationsRead(ReadModel):
    """The codes, shown this once: only their digests are stored."""

    barometer_id: int
    created: int
    printed: int
    emailed: int
    codes: list[InvitationCode]
    notice: str


class ThemeResult(ReadModel):
    theme: str
    label: str
    respondents: int | None
    answers: int | None
    mean: float | None
    distribution: list[int] | None
    withheld: str | None
    withheld_reason: str | None


class GroupResultRead(ReadModel):
    group: str | None
    label: str
    respondents: int | None
    participation: float | None
    withheld: str | None
    withheld_reason: str | None
    late_codes: int | None = Field(
        default=None,
        description="Codes créés après l'ouverture pour ce groupe (lieux seulement ; null pour les catégories)",
    )
    themes: list[ThemeResult]


class ThemeDeltaRead(ReadModel):
    theme: str
    label: str
    current: float | None
    previous: float | None
    delta: float | None


class AlertRead(ReadModel):
    kind: str
    theme: str
    label: str
    mean: float
    delta: float | None
    message: str


class CommentRead(ReadModel):
    """Free text, without any group, in a random order (never the order of arrival)."""

    theme: str
    label: str
    text: str


class BarometerResultsRead(ReadModel):
    barometer_id: int
    title: str
    year: int
    group_by: GroupBy
    min_group_size: int
    scale: dict[str, int]
    invited: int
    respondents: int | None
    participation: float | None
    late_codes: int = Field(description="Codes créés après l'ouverture ; un groupe surtout servi par eux est masqué")
    overall: GroupResultRead
    groups: list[GroupResultRead]
    previous_barometer_id: int | None
    previous_year: int | None
    comparison: list[ThemeDeltaRead]
    alerts: list[AlertRead]
    comments: list[CommentRead]
    notice: str


class ResponseInput(InputModel):
    """An anonymous answer sheet (JSON form of POST /barometer/{token})."""

    answers: dict[Annotated[str, StringConstraints(max_length=40)], Any] = Field(
        description="Code de question → valeur de 1 à 5 (les questions sans réponse peuvent être omises)"
    )
    comments: dict[Annotated[str, StringConstraints(max_length=40)], Any] = Field(
        default={}, description="Thème (ou « general ») → texte libre, lu par le seul comité de pilotage"
    )
    staff_category: Any = None


class ResponseAccepted(ReadModel):
    status: str
    message: str


# ---------------------------------------------------------------- indicators


class QvtIndicators(ReadModel):
    """What the indicators module shows for the QVT approach over a period."""

    organization_id: int
    from_date: date
    to_date: date
    barometer_id: int | None
    barometer_year: int | None
    participation: float | None
    overall_score: float | None
    theme_scores: dict[str, float | None]
    actions_by_status: dict[str, int]
    actions_adopted: int
    actions_evaluated: int
    action_plan_progress: float | None
    milestones_total: int
    milestones_done: int
    milestones_late: int


@dataclass(frozen=True, slots=True)
class ExperienceSheet:
    """What the experience sheet of an evaluated action shows (rendered as HTML or PDF, never sent as JSON)."""

    action: ActionProposalRead
    priorities: list[str]
    establishment: str | None
    working_group: str | None
    theme_label: str | None
