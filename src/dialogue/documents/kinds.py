"""The kinds of documents (the texts of the CSE and the employer's documents given to it): a kind selects the
document's retention (`documents/retention.py`) and the pages' labels."""

from __future__ import annotations

from typing import Final, Literal, get_args

from dialogue.core.errors import InvalidInput

DocumentKind = Literal[
    "reglement_interieur",
    "duerp",
    "papripact",
    "rapport_ssct_annuel",
    "pv",
    "registre",
    "accord",
    "comptes",
    "bdese",
    "other",
]
KINDS: Final[tuple[DocumentKind, ...]] = get_args(DocumentKind)
DEFAULT_KIND: Final[DocumentKind] = "other"

LABELS: Final[dict[DocumentKind, str]] = {
    "reglement_interieur": "Règlement intérieur du CSE (L2315-24)",
    "duerp": "Document unique d'évaluation des risques (L4121-3-1)",
    "papripact": "Programme annuel de prévention (PAPRIPACT, L4121-3-1)",
    "rapport_ssct_annuel": "Rapport annuel santé, sécurité, conditions de travail (L2312-27)",
    "pv": "Procès-verbal",
    "registre": "Registre",
    "accord": "Accord collectif",
    "comptes": "Comptes du CSE",
    "bdese": "Élément de la BDESE",
    "other": "Autre document",
}


def parse_kind(value: str | None, *, field: str = "kind") -> DocumentKind:
    """A kind from a form field (empty: `other`); 422 naming the field for an unknown one."""
    if value is None or not value.strip():
        return DEFAULT_KIND
    wanted = value.strip()
    for kind in KINDS:
        if kind == wanted:
            return kind
    raise InvalidInput(
        f"Nature de document inconnue : {wanted!r}.",
        errors=[{"field": field, "message": "attendu : " + ", ".join(KINDS)}],
    )
