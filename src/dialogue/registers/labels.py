"""The French words of the register pages: kinds, statuses, DGI steps, actions, the statutory mentions' labels and
hints (D4132-1, D4133-1, L2312-59, L2315-22), and the confirmations shown after a form."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

KIND_LABELS: Final[Mapping[str, str]] = {
    "questions": "Questions des élus",
    "dgi": "Dangers graves et imminents",
    "public_health": "Santé publique et environnement",
    "personal_rights": "Atteintes aux droits des personnes",
    "dialogue": "Dialogue entre les collèges",
}
STATUS_LABELS: Final[Mapping[str, str]] = {
    "open": "en attente",
    "answered": "répondue",
    "overdue": "en retard",
    "closed": "close",
}
STATUS_CLASSES: Final[Mapping[str, str]] = {
    "open": "status-warning",
    "answered": "status-ok",
    "overdue": "status-alert",
    "closed": "status-ok",
}
DGI_LABELS: Final[Mapping[str, str]] = {
    "alerted": "Alerte",
    "investigating": "Enquête en cours",
    "measures_taken": "Mesures prises",
    "disagreement": "Désaccord",
    "inspector_informed": "Inspection du travail saisie",
    "closed": "Close",
}
#: A DGI alert's badge follows its steps: pressing until the measures are taken (L4132-2 to L4132-4).
DGI_CLASSES: Final[Mapping[str, str]] = {
    "alerted": "status-alert",
    "investigating": "status-alert",
    "measures_taken": "status-warning",
    "disagreement": "status-alert",
    "inspector_informed": "status-alert",
    "closed": "status-ok",
}
URGENT_LABEL: Final = "Urgent"


def status_badge(status: str, dgi_state: str | None) -> tuple[str, str]:
    """The words and class of an entry's status badge. A DGI alert says where its procedure stands (« Enquête en
    cours », « Mesures prises »… L4132-2 to L4132-4), never « répondue »: the employer's first step does not
    answer a danger; once closed it reads « close » like any entry."""
    if dgi_state is not None and status != "closed":
        return DGI_LABELS[dgi_state], DGI_CLASSES[dgi_state]
    return STATUS_LABELS[status], STATUS_CLASSES[status]


def is_urgent(dgi_state: str | None) -> bool:
    """A danger grave et imminent (L4131-2) stays urgent in every list until its alert is closed."""
    return dgi_state is not None and dgi_state != "closed"


ACTION_LABELS: Final[Mapping[str, str]] = {
    "answer": "Réponse de l'employeur",
    "dgi_step": "Étape de l'alerte",
    "close": "Clôture",
    "due_date_changed": "Échéance modifiée (réunion reportée)",
}
#: The statutory mentions of each register, as labelled on the form (D4132-1, D4133-1, L2312-59, L2315-22).
FIELD_LABELS: Final[Mapping[str, str]] = {
    "question": "Question posée à l'employeur",
    "meeting_on": "Date de la réunion à laquelle la question se rapporte",
    "meeting_id": "Réunion",
    "workstations": "Postes de travail concernés",
    "danger_nature": "Nature du danger",
    "danger_cause": "Cause du danger",
    "exposed_workers": "Noms des salariés exposés",
    "products_or_processes": "Produits ou procédés de fabrication en cause",
    "possible_consequences": "Conséquences potentielles pour la santé publique ou l'environnement",
    "other_information": "Toute autre information utile",
    "facts": "Faits constatés",
    "persons_concerned": "Personnes concernées",
}
FIELD_HINTS: Final[Mapping[str, str]] = {
    "meeting_on": "Les questions sont remises deux jours ouvrables avant la réunion ; la direction répond par écrit "
    "au plus tard six jours ouvrables après (art. L2315-22).",
    "exposed_workers": "Un nom par ligne (art. D4132-1).",
    "persons_concerned": "Un nom par ligne (art. L2312-59).",
}
FORM_LABELS: Final[Mapping[str, str]] = {
    "subject": "Objet",
    "body": "Texte de la demande",
    "confidential": "Information confidentielle",
    "confidentiality_reason": "Motif de la confidentialité",
    "corrects": "Additif à l'entrée n°",
    "on_behalf_of": "Note remise par",
    **{f"fields.{name}": label for name, label in FIELD_LABELS.items()},
}
DONE: Final[Mapping[str, str]] = {
    "inscrite": "L'entrée a été inscrite au registre.",
    "repondue": "La réponse a été inscrite au registre.",
    "etape": "L'étape de l'alerte a été inscrite au registre.",
    "close": "L'entrée a été close.",
}
