"""A body's history of member changes, in French, from the audit trail's before/after (pure functions)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dialogue.bodies.schemas import CIVILITY_LABELS, COLLEGE_LABELS, role_label

ACTION_LABELS = {"create": "Membre ajouté", "update": "Membre modifié", "delete": "Membre retiré"}
_CATEGORIES = {
    "ouvriers_employes": "ouvriers et employés",
    "techniciens_agents_maitrise": "techniciens et agents de maîtrise",
    "cadres": "cadres",
}
_FIELDS = {
    "role": "rôle",
    "college": "collège",
    "union_name": "organisation syndicale",
    "electoral_college": "collège électoral",
    "category": "catégorie professionnelle",
    "votes_obtained": "voix obtenues",
    "civility": "civilité",
    "substitute_for": "suppléant rattaché au membre n°",
    "mandate_start": "début du mandat",
    "mandate_end": "fin du mandat",
}


def _value(key: str, value: Any, civility: str | None = None) -> str:
    if value is None or value == "":
        return "—"
    if key == "role":
        return role_label(str(value), civility).lower()
    if key == "civility":
        return CIVILITY_LABELS.get(str(value), str(value))
    if key == "college":
        return COLLEGE_LABELS.get(str(value), str(value))
    if key == "category":
        return _CATEGORIES.get(str(value), str(value))
    if key in {"mandate_start", "mandate_end"} and isinstance(value, str) and len(value) == 10:
        year, month, day = value.split("-")
        return f"{day}/{month}/{year}"
    return str(value)


def _seat(values: Mapping[str, Any]) -> str:
    role = _value("role", values.get("role"), values.get("civility"))
    seat = f"{role} ({_value('college', values.get('college'))})"
    if values.get("union_name"):
        seat += f", {values['union_name']}"
    if values.get("mandate_end"):
        seat += f", mandat jusqu'au {_value('mandate_end', values['mandate_end'])}"
    return seat


def member_name(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> str:
    values = after or before or {}
    return str(values.get("full_name") or values.get("email") or "?")


def describe_member_change(action: str, before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> list[str]:
    """What changed, one French line per fact: the seat given or taken, each field moved from → to."""
    if action == "create" and after is not None:
        return [f"Siège attribué : {_seat(after)}"]
    if action == "delete" and before is not None:
        return [f"Siège retiré : {_seat(before)}"]
    before, after = before or {}, after or {}
    lines = [
        f"{label.capitalize()} : {_value(key, before.get(key))} → {_value(key, after.get(key))}"
        for key, label in _FIELDS.items()
        if before.get(key) != after.get(key)
    ]
    return lines or ["Aucun changement"]
