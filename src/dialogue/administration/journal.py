"""The audit trail in words an administrator reads: which item, what was done, what changed, in French,
without codes. Pure functions over the rows `audit.service.list_events` returns (already redacted for
confidential items, L2315-3: their texts read « [confidentiel] » here too)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from dialogue.bodies.history import describe_member_change, member_name
from dialogue.bodies.schemas import COLLEGE_LABELS, ROLE_LABELS
from dialogue.pages.i18n import BODY_KINDS

ENTITY_LABELS: Final = {
    "organization": "Organisation",
    "establishment": "Établissement",
    "body": "Instance",
    "member": "Membre d'une instance",
    "user": "Compte",
    "meeting": "Réunion",
    "agenda_item": "Point de l'ordre du jour",
    "minutes": "Procès-verbal",
    "consultation": "Consultation",
    "register": "Registre",
    "register_entry": "Inscription au registre",
    "ssct_mission": "Mission SSCT",
    "ssct_action": "Action SSCT",
    "serious_accident": "Accident grave",
    "qvt_barometer": "Baromètre QVCT",
    "qvt_priority": "Priorité QVCT",
    "qvt_action_proposal": "Proposition d'action QVCT",
    "qvt_working_group": "Groupe de travail QVCT",
    "qvt_working_group_meeting": "Réunion d'un groupe de travail QVCT",
    "qvt_discussion_session": "Espace de discussion QVCT",
    "qvt_discussion_outcome": "Suite d'un espace de discussion",
    "action": "Action",
    "document": "Document",
    "bdese_item": "Élément de la BDESE",
    "bdese_agreement": "Accord sur la BDESE",
    "union_section": "Section syndicale",
    "election_result": "Résultat d'élection",
    "nao_request": "Demande de NAO",
    "negotiation": "Négociation",
    "qvt_action": "Action QVCT",
    "negotiation_session": "Séance de négociation",
    "negotiation_position": "Position dans une négociation",
    "method_agreement": "Accord de méthode",
    "indicator_weights": "Pondération des indicateurs",
    "external_invitee": "Invité extérieur",
    "calendar_feed": "Lien d'agenda",
    "notification_preference": "Préférences de notification",
    "notification_opt_out": "Désabonnement d'une adresse",
    "outbox_message": "Message électronique",
    "reglement_interieur": "Règlement intérieur",
}

ACTION_LABELS: Final = {
    "create": "Création",
    "update": "Modification",
    "delete": "Suppression",
    "invite": "Invitation envoyée",
    "resend_invitation": "Invitation renvoyée",
    "set_password": "Mot de passe choisi (invitation)",
    "reset_password": "Mot de passe réinitialisé",
    "change_password": "Mot de passe changé",
    "sign_out_everywhere": "Déconnexion de toutes les sessions",
    "deactivate": "Compte désactivé",
    "reactivate": "Compte réactivé",
    "convene": "Convocation",
    "convoquer": "Convocation",
    "reschedule": "Report",
    "annuler": "Annulation",
    "approve_agenda": "Ordre du jour approuvé",
    "agenda_disagreement": "Désaccord sur l'ordre du jour",
    "attendance": "Présences enregistrées",
    "vote": "Vote enregistré",
    "submit": "Soumission",
    "adopt": "Adoption",
    "publish": "Publication",
    "revise": "Révision",
    "opinion": "Avis rendu",
    "answer": "Réponse",
    "forward": "Transmission",
    "open": "Ouverture",
    "close": "Clôture",
    "end": "Fin",
    "sign": "Signature",
    "deposit": "Dépôt",
    "agrement": "Agrément",
    "referendum_request": "Demande de référendum",
    "referendum_result": "Résultat du référendum",
    "accept": "Acceptation",
    "disagreement": "Désaccord",
    "reorder": "Nouvel ordre",
    "revoke": "Révocation",
    "retry": "Nouvel essai d'envoi",
    "unsubscribe": "Désabonnement",
    "view": "Consultation",
    "export": "Export",
    "status": "Changement d'état",
    "item": "Élément ajouté",
    "integrity_mismatch": "Anomalie d'intégrité détectée",
    "ssct_notice_sent": "Avis SSCT envoyé",
    "bdese_item_created": "Élément créé",
    "bdese_item_updated": "Élément modifié",
    "bdese_item_published": "Élément publié",
    "bdese_agreement_recorded": "Accord enregistré",
    "consultation_bdese_linked": "Lien avec la BDESE",
    "document.uploaded": "Document déposé",
    "document.updated": "Document modifié",
    "document.attached": "Document joint",
    "document.detached": "Document retiré",
    "document.version_added": "Nouvelle version du document",
    "document.version_consultation": "Version du document consultée",
    "document.version_purged": "Ancienne version supprimée (durée de conservation)",
    "reglement_interieur.adopted": "Règlement intérieur adopté",
    "reglement_interieur.applied": "Règlement intérieur appliqué à l'instance",
    "reset": "Réinitialisation",
}

FIELD_LABELS: Final = {
    "name": "nom",
    "title": "titre",
    "subject": "objet",
    "headcount": "effectif",
    "alsace_moselle": "Alsace-Moselle",
    "non_profit_essms": "ESSMS privé non lucratif",
    "fifty_reached_on": "effectif de 50 atteint le",
    "cpom": "CPOM signé",
    "cpom_signed_on": "CPOM signé le",
    "worked_holidays": "jours fériés travaillés",
    "kind": "nature",
    "status": "état",
    "email": "adresse",
    "full_name": "nom",
    "is_org_admin": "administrateur",
    "is_active": "actif",
    "sessions": "sessions",
    "starts_at": "début",
    "ends_at": "fin",
    "location": "lieu",
    "reason": "motif",
    "mandate_start": "début du mandat",
    "mandate_end": "fin du mandat",
    "headcount_at_election": "effectif à l'élection",
    "establishment_id": "établissement n°",
    "ordinary_meetings_per_year": "réunions ordinaires par an",
    "agenda_notice_days": "délai de l'ordre du jour (jours)",
    "president_votes_on_minutes": "le président vote le procès-verbal",
    "deadline": "échéance",
    "opinion": "avis",
    "reminders": "rappels",
    "digests": "récapitulatifs",
    "confidential": "confidentiel",
    "filename": "fichier",
    "media_type": "type de fichier",
    "size": "taille (octets)",
    "version": "version",
    "adopted_on": "adopté le",
    "document_id": "document n°",
    "meeting_id": "réunion n°",
    "agenda_item_id": "point n°",
    "consultation_id": "consultation n°",
    "number": "numéro",
    "due_on": "échéance",
}

#: Values that are codes, in words.
VALUE_LABELS: Final = {
    "ended": "terminées",
    **{k: v.lower() for k, v in ROLE_LABELS.items()},
    **COLLEGE_LABELS,
    **BODY_KINDS,
    "ordinary": "ordinaire",
    "extraordinary": "extraordinaire",
    "ssct": "SSCT",
    "draft": "brouillon",
    "convened": "convoquée",
    "held": "tenue",
    "cancelled": "annulée",
    "adopted": "adopté",
    "published": "publié",
}


@dataclass(frozen=True, slots=True)
class JournalLine:
    at: datetime
    who: str
    entity: str
    action: str
    details: list[str]


def _value(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value)
    if isinstance(value, dict):
        return "…"
    text = str(value)
    if len(text) >= 10 and text[4] == "-" and text[7] == "-" and text[:4].isdigit():
        day = f"{text[8:10]}/{text[5:7]}/{text[:4]}"
        return day if len(text) == 10 else f"{day} {text[11:16]}"
    return VALUE_LABELS.get(text, text)


def _upper(label: str) -> str:
    return label[:1].upper() + label[1:]


def _fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """One line per known field that changed (or is set on creation); unknown fields counted, never named."""
    lines: list[str] = []
    hidden = 0
    for key in dict.fromkeys([*before, *after]):
        if before.get(key) == after.get(key):
            continue
        label = FIELD_LABELS.get(key)
        if label is None:
            hidden += 1
            continue
        if key in before and before.get(key) is not None:
            lines.append(f"{_upper(label)} : {_value(before.get(key))} → {_value(after.get(key))}")
        else:
            lines.append(f"{_upper(label)} : {_value(after.get(key))}")
    if hidden:
        lines.append(f"{hidden} autre(s) donnée(s) modifiée(s)" if lines else f"{hidden} donnée(s) enregistrée(s)")
    return lines


def describe(row: Mapping[str, Any]) -> JournalLine:
    """One row of the trail in words: who, which item (its label and number), what was done, what changed."""
    entity, action = str(row["entity"]), str(row["action"])
    before: Mapping[str, Any] = row.get("before") or {}
    after: Mapping[str, Any] = row.get("after") or {}
    label = ENTITY_LABELS.get(entity, "Autre élément")
    if entity == "member":
        name = member_name(before or None, after or None)
        details = describe_member_change(action, before or None, after or None)
        item = f"{label} : {name}"
    else:
        named = after.get("name") or after.get("title") or after.get("subject") or before.get("name")
        item = f"{label} n° {row['entity_id']}" if str(row["entity_id"]).isdigit() else label
        if named and isinstance(named, str):
            item += f" — {named}"
        details = _fields(before, after)
    return JournalLine(
        at=row["at"],
        who=str(row.get("actor_name") or "Système"),
        entity=item,
        action=ACTION_LABELS.get(action, "Action enregistrée"),
        details=details,
    )
