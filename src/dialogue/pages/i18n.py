"""French first, English available: UI strings are written in French and translated on demand."""

from __future__ import annotations

from typing import Literal

Lang = Literal["fr", "en"]
LANG_COOKIE = "lang"

#: French → English. A missing entry falls back to the French text.
EN: dict[str, str] = {
    "Accueil": "Home",
    "Connexion": "Sign in",
    "Se connecter": "Sign in",
    "Se déconnecter": "Sign out",
    "Adresse électronique": "Email address",
    "Mot de passe": "Password",
    "Adresse ou mot de passe incorrect.": "Wrong email address or password.",
    "Aller au contenu": "Skip to content",
    "Mes instances": "My bodies",
    "À faire": "To do",
    "Rien à faire pour l'instant.": "Nothing to do for now.",
    "Mes prochaines réunions": "My next meetings",
    "Aucune réunion à venir.": "No upcoming meeting.",
    "Membres": "Members",
    "Collège": "College",
    "Rôle": "Role",
    "Gouvernance": "Governance",
    "Direction": "Management",
    "Élus": "Elected members",
    "Président": "Chair",
    "Secrétaire": "Secretary",
    "Secrétaire adjoint": "Deputy secretary",
    "Trésorier": "Treasurer",
    "Titulaire": "Full member",
    "Suppléant": "Substitute",
    "Représentant syndical": "Union representative",
    "Invité": "Guest",
    "Suppléant de": "Substitute for",
    "Langue": "Language",
    "Navigation principale": "Main navigation",
    "Erreur": "Error",
    "Retour à l'accueil": "Back to home",
    "Page introuvable": "Page not found",
    "Organisation": "Organisation",
    "Instance": "Body",
    "Type": "Kind",
    "Mandat": "Term",
    "jusqu'au": "until",
    "Français": "French",
    "English": "English",
}

BODY_KINDS = {
    "cse": ("CSE", "Works council (CSE)"),
    "cse_central": ("CSE central", "Central works council"),
    "cssct": ("CSSCT", "Health and safety committee (CSSCT)"),
    "board": ("Conseil d'administration", "Board"),
    "direction_committee": ("Comité de direction", "Management committee"),
    "qvt_steering": ("Comité de pilotage QVT", "Quality of working life steering committee"),
    "negotiation_table": ("Table de négociation", "Negotiation table"),
}

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

COLLEGE_LABELS = {"gouvernance": "Gouvernance", "direction": "Direction", "elus": "Élus"}


def translate(text: str, lang: Lang) -> str:
    return EN.get(text, text) if lang == "en" else text


def body_kind_label(kind: str, lang: Lang) -> str:
    fr, en = BODY_KINDS.get(kind, (kind, kind))
    return en if lang == "en" else fr


def pick_lang(value: str | None) -> Lang:
    return "en" if value == "en" else "fr"
