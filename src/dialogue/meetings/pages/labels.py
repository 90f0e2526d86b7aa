"""The French words of the meeting pages: kinds, statuses, field labels, the confirmations shown after a post
(`?fait=`), the convening bases (L2315-29, L2315-21) and the SSCT notice (L2315-27)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from dialogue.consultations.pages import OPINION_LABELS

MEETING_KINDS: Final[Mapping[str, str]] = {
    "ordinary": "Réunion ordinaire",
    "extraordinary": "Réunion extraordinaire",
    "ssct": "Réunion consacrée à la santé, la sécurité et les conditions de travail",
}
STATUS_LABELS: Final[Mapping[str, str]] = {
    "draft": "En préparation",
    "convened": "Convoquée",
    "held": "Tenue",
    "closed": "Close",
    "cancelled": "Annulée",
}
STATUS_CLASSES: Final[Mapping[str, str]] = {
    "draft": "status-warning",
    "convened": "status-ok",
    "held": "status-ok",
    "closed": "status-ok",
    "cancelled": "status-alert",
}
ITEM_KINDS: Final[Mapping[str, str]] = {
    "information": "Information",
    "consultation": "Consultation (avis du comité)",
    "vote": "Délibération soumise au vote",
    "question": "Question",
    "ssct": "Santé, sécurité et conditions de travail",
}
MINUTES_CASES: Final[Mapping[str, str]] = {
    "general": "Cas général : 15 jours (art. D2315-26)",
    "licenciement_economique_collectif": "Licenciement économique collectif : 3 jours (art. L1233-30)",
    "redressement_liquidation_judiciaire": "Redressement ou liquidation judiciaire : 1 jour",
}
ATTENDANCE_LABELS: Final[Mapping[str, str]] = {
    "present": "Présent",
    "absent": "Absent",
    "excused": "Excusé",
    "replaced": "Remplacé par un suppléant",
}
CHOICE_LABELS: Final[Mapping[str, str]] = {
    "votes_for": "Pour",
    "votes_against": "Contre",
    "abstentions": "Abstentions",
    "blank": "Blancs",
}
#: A member's choice in a nominal vote (L2315-32: abstentions count against).
BALLOT_LABELS: Final[Mapping[str, str]] = {"for": "Pour", "against": "Contre", "abstention": "Abstention"}
# Votes of the délégation du personnel (L2315-32) and the suppléant called by L2314-37 (branch votes).
RESOLUTION_LABELS: Final[Mapping[str, str]] = {
    "interne": "Organisation interne ou autre délibération (le président vote)",
    "pv": "Adoption du procès-verbal",
    "expertise": "Désignation d'un expert (délégation du personnel)",
    "justice": "Mandat pour agir en justice (délégation du personnel)",
    "subvention": "Utilisation de la subvention de fonctionnement (délégation du personnel)",
    "commission": "Désignation des membres d'une commission (délégation du personnel)",
    "alerte": "Droit d'alerte (délégation du personnel)",
    "asc": "Activités sociales et culturelles (délégation du personnel)",
    "avis": "Avis du comité (délégation du personnel)",
}


WEEKDAYS: Final = ("lundi", "mardi", "mercredi", "jeudi", "vendredi")
LABELS: Final[Mapping[str, str]] = {
    "title": "Intitulé",
    "kind": "Nature",
    "day": "Date",
    "start": "Heure de début",
    "end": "Heure de fin",
    "starts_at": "Heure de début",
    "ends_at": "Heure de fin",
    "location": "Lieu",
    "visio_url": "Lien de visioconférence",
    "minutes_case": "Délai du procès-verbal",
    "description": "Présentation",
    "presenter": "Présenté par",
    "legal_basis": "Fondement",
    "consultation_id": "Consultation",
    "minutes_of_meeting_id": "Procès-verbal à adopter",
    "mandatory": "Consultation obligatoire",
    "late_reason": "Motif de la convocation hors délai",
    "acknowledge_late": "Convoquer malgré le délai",
    "reason": "Motif de l'annulation",
    "question": "Question mise aux voix",
    "votes_for": "Pour",
    "votes_against": "Contre",
    "abstentions": "Abstentions",
    "blank": "Blancs",
    "void": "Nuls",
    "motion": "Avis mis aux voix",
    "opinion_text": "Avis motivé",
    "resolution_kind": "Nature de la délibération",
    "text": "Texte du procès-verbal",
    "weekday": "Jour de la semaine",
    "occurrence": "Occurrence dans la période",
    "at": "Heure",
    "duration_minutes": "Durée (minutes)",
    "entries": "Présences",
    "disagreement_reason": "Motif du désaccord",
    "sent_on": "Envoyée le",
    "recipients": "Destinataires",
    "note": "Mode d'envoi, références",
}
DONE: Final[Mapping[str, str]] = {
    "creee": "La réunion a été programmée.",
    "point": "Le point a été inscrit à l'ordre du jour.",
    "propose": "Votre proposition a été transmise au président et au secrétaire.",
    "modifie": "Le point a été modifié ; l'ordre du jour doit être approuvé à nouveau.",
    "ordre": "L'ordre du jour a été réorganisé.",
    "retire": "Le point a été retiré.",
    "accepte": "La proposition a été inscrite à l'ordre du jour.",
    "refuse": "La proposition a été écartée.",
    "approuve": "Votre approbation de l'ordre du jour a été enregistrée.",
    "convoquee": "La convocation a été envoyée avec l'ordre du jour.",
    "tenue": "La réunion est ouverte : notez les présences et les votes.",
    "reportee": "La réunion a été reportée ; les personnes convoquées en sont informées.",
    "annulee": "La réunion a été annulée ; les personnes convoquées en sont informées.",
    "presences": "Les présences ont été enregistrées.",
    "vote": "Le vote a été enregistré.",
    "pv-etabli": "Le projet de procès-verbal a été établi à partir des présences, de l'ordre du jour et des votes.",
    "pv-enregistre": "Le procès-verbal a été enregistré.",
    "pv-transmis": "Le procès-verbal a été transmis à l'employeur et aux membres.",
    "pv-diffuse": "Le procès-verbal adopté a été diffusé.",
    "calendrier": "Les réunions proposées ont été créées.",
    "desaccord": "Votre désaccord sur l'ordre du jour est enregistré dans l'historique de la réunion.",
    "confirmation-ssct": "L'envoi de la confirmation écrite de la réunion SSCT est enregistré.",
    # attach (issue 16)
    "document": "Le document a été joint au point.",
    "document-deja-joint": "Ce document est déjà joint à ce point.",
    "document-inconnu": "Document introuvable dans l'organisation.",
}
# --- convening basis, disagreement, SSCT notice, urgency (branch convening)
CONVENING_BASES: Final[Mapping[str, str]] = {
    "joint_agenda": "Ordre du jour arrêté conjointement par le président et le secrétaire",
    "employer_below_50": "Convoquée par l'employeur seul : pas d'ordre du jour conjoint sous 50 salariés "
    "(art. L2315-21)",
    "employer_no_secretary": "Convoquée par l'employeur seul : l'instance n'a pas encore de secrétaire",
    "no_joint_rule": "Convoquée par le président : pas d'ordre du jour conjoint pour cette instance",
    "plein_droit": "Consultations obligatoires inscrites de plein droit (art. L2315-29 al. 2) : désaccord du "
    "secrétaire enregistré",
}
URGENCY_LABELS: Final[Mapping[str, str]] = {
    "dgi_disagreement": "Urgence légale (L4132-3)",
    "serious_accident": "Urgence légale (L2315-27 al. 2)",
}
SSCT_NOTICE_LABELS: Final[Mapping[str, tuple[str, str]]] = {
    "due": ("à envoyer", "status-warning"),
    "late": ("en retard", "status-alert"),
    "sent": ("envoyée", "status-ok"),
    "sent_late": ("envoyée hors délai", "status-alert"),
}
SSCT_RECIPIENTS: Final[Mapping[str, str]] = {
    "inspection_travail": "Inspection du travail",
    "medecin_travail": "Médecin du travail",
    "carsat": "CARSAT",
}
HISTORY_LABELS: Final[Mapping[str, str]] = {
    "created": "Réunion programmée",
    "edited": "Réunion modifiée",
    "rescheduled": "Réunion reportée",
    "moved": "Lieu modifié",
    "convened": "Convocation envoyée",
    "held": "Réunion ouverte",
    "closed": "Réunion close",
    "cancelled": "Réunion annulée",
    "agenda_disagreement": "Désaccord du secrétaire sur l'ordre du jour",
    "secretary_disagreement": "Désaccord du secrétaire enregistré",
    "ssct_notice_sent": "Confirmation SSCT envoyée (art. L2315-27)",
}


def labels() -> dict[str, Any]:
    return {
        "labels": LABELS,
        "meeting_kinds": MEETING_KINDS,
        "status_labels": STATUS_LABELS,
        "status_classes": STATUS_CLASSES,
        "item_kinds": ITEM_KINDS,
        "minutes_cases": MINUTES_CASES,
        "attendance_labels": ATTENDANCE_LABELS,
        "choice_labels": CHOICE_LABELS,
        "opinion_labels": OPINION_LABELS,
        "convening_bases": CONVENING_BASES,
        "urgency_labels": URGENCY_LABELS,
        "ssct_notice_labels": SSCT_NOTICE_LABELS,
        "ssct_recipients": SSCT_RECIPIENTS,
        "history_labels": HISTORY_LABELS,
    }
