"""API field names as people read them: a message written for the API (« motif obligatoire avec
acknowledge_late », « doit suivre ou égaler `to` ») names its fields by their labels on a page (issue 17)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Final

#: An API field → the label of its input on the pages (French; English in the catalog).
FIELD_LABELS: Final[Mapping[str, str]] = {
    "from": "Du",
    "to": "Au",
    "acknowledge_late": "Convoquer malgré le délai non respecté",
    "late_reason": "Motif de la convocation hors délai",
    "starts_at": "Début",
    "ends_at": "Fin",
    "due_on": "Échéance",
    "year": "Année",
    "number": "Numéro",
    "kind": "Type",
    "closes_at": "Clôture",
    "informed_on": "Date de l'information",
    "informed_on_reason": "Motif de la date d'information",
    "signed_on": "Date de signature",
    "sent_on": "Date d'envoi",
    "mandate_end": "Fin du mandat",
    "staff_category": "Catégorie de personnel",
    "substitute_for": "Suppléant de",
    "election_date": "Date de l'élection",
    "confidential_until": "Confidentiel jusqu'au",
    "motion": "Texte soumis au vote",
    "votes_for": "Voix pour",
    "owner_name": "Responsable",
    "review_on": "Date de révision",
    "on_behalf_of": "Au nom de",
    "meeting_id": "Réunion",
    "item_id": "Point de l'ordre du jour",
    "document_id": "Document",
    "consultation_id": "Consultation",
    "civility": "Civilité",
}

#: A backticked name (`to`), or a bare snake_case one (acknowledge_late): plain words are left alone.
_NAME = re.compile(r"`([a-z_.]+)`|\b([a-z]+(?:_[a-z]+)+)\b")


def readable(text: str, t: Callable[[str], str] | None = None) -> str:
    """`text` with each known field name replaced by « its label » (translated by `t` when given)."""

    def label(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2)
        french = FIELD_LABELS.get(name)
        if french is None:
            return match.group(0)
        return f"« {t(french) if t else french} »"

    return _NAME.sub(label, text)
