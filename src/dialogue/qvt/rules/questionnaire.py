"""The annual questionnaire (themes, default questions, staff categories) and the check of one answer sheet."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from dialogue.qvt.rules.results import LIKERT_5, LikertScale

THEMES: Final[Mapping[str, str]] = {
    "sens_du_travail": "Sens du travail",
    "relations": "Relations de travail",
    "management": "Management",
    "organisation_du_travail": "Organisation du travail",
    "conditions_de_travail": "Conditions de travail",
    "reconnaissance": "Reconnaissance",
    "dialogue_social": "Dialogue social",
}
"""The barometer's themes (ANI QVT-égalité professionnelle du 19 juin 2013; Anact's QVCT dimensions)."""

DEFAULT_QUESTIONS: Final[tuple[tuple[str, str, str], ...]] = (
    ("sens_1", "sens_du_travail", "Mon travail a du sens pour moi."),
    ("sens_2", "sens_du_travail", "Je peux faire un travail de qualité auprès des personnes accompagnées."),
    ("sens_3", "sens_du_travail", "Je sais à quoi sert mon travail dans le projet de l'établissement."),
    ("rel_1", "relations", "Je peux compter sur mes collègues en cas de difficulté."),
    ("rel_2", "relations", "L'ambiance dans mon équipe est bonne."),
    ("rel_3", "relations", "Les relations entre services sont satisfaisantes."),
    ("man_1", "management", "Mon encadrant est disponible quand j'en ai besoin."),
    ("man_2", "management", "Je peux signaler une erreur sans crainte (droit à l'erreur)."),
    ("man_3", "management", "Les décisions qui me concernent me sont expliquées."),
    ("org_1", "organisation_du_travail", "Mes plannings me sont communiqués suffisamment à l'avance."),
    ("org_2", "organisation_du_travail", "Les transmissions entre équipes me donnent les informations utiles."),
    ("org_3", "organisation_du_travail", "Ma charge de travail est raisonnable."),
    ("cond_1", "conditions_de_travail", "Je dispose du matériel nécessaire pour bien travailler."),
    ("cond_2", "conditions_de_travail", "Mes temps de repos et de pause sont respectés."),
    ("cond_3", "conditions_de_travail", "Mon travail préserve ma santé physique et mentale."),
    ("rec_1", "reconnaissance", "Mon travail est reconnu par ma hiérarchie."),
    ("rec_2", "reconnaissance", "J'ai des perspectives d'évolution et de formation."),
    ("rec_3", "reconnaissance", "Les nouveaux arrivants sont bien accueillis et accompagnés."),
    ("dia_1", "dialogue_social", "Je connais mes représentants du personnel (CSE)."),
    ("dia_2", "dialogue_social", "Je peux m'exprimer sur l'organisation de mon travail."),
    ("dia_3", "dialogue_social", "Le dialogue entre la direction et les salariés est constructif."),
)
"""(code, theme, statement) of the default annual questionnaire: Likert 1–5, "pas du tout" → "tout à fait d'accord"."""

STAFF_CATEGORIES: Final[Mapping[str, str]] = {
    "soin": "Soin (aide-soignant·e, infirmier·e, AES…)",
    "educatif": "Éducatif et accompagnement",
    "services_generaux": "Services généraux (cuisine, entretien, lingerie…)",
    "administratif": "Administratif et support",
    "encadrement": "Encadrement",
}
"""Broad staff categories a respondent may give (optional): few and wide, so groups stay large."""

LIKERT_LABELS: Final[Mapping[int, str]] = {
    1: "Pas du tout d'accord",
    2: "Plutôt pas d'accord",
    3: "Ni d'accord ni pas d'accord",
    4: "Plutôt d'accord",
    5: "Tout à fait d'accord",
}

COMMENT_MAX_LENGTH: Final = 2000


class AnswerError(ValueError):
    """A submitted answer sheet is wrong; `errors` names each field ({"field", "message"})."""

    def __init__(self, errors: list[dict[str, str]]) -> None:
        super().__init__("; ".join(f"{e['field']}: {e['message']}" for e in errors))
        self.errors = errors


@dataclass(frozen=True, slots=True)
class AnswerSheet:
    """A validated answer sheet: Likert values per question code, comments per theme (or "general")."""

    values: Mapping[str, int]
    comments: Mapping[str, str]
    staff_category: str | None


def validate_answer_sheet(
    *,
    answers: Mapping[str, object],
    comments: Mapping[str, object],
    staff_category: object,
    questions: Mapping[str, str],
    ask_staff_category: bool,
    scale: LikertScale = LIKERT_5,
) -> AnswerSheet:
    """Check every answer against the questionnaire and the scale; at least one Likert answer is needed.

    `questions` maps each question code to its theme. Unanswered questions are allowed (a respondent may
    skip); out-of-scale values, unknown codes and over-long comments are errors naming their field.
    """
    errors: list[dict[str, str]] = []
    values: dict[str, int] = {}
    for code, value in answers.items():
        field = f"answers.{code}"
        if code not in questions:
            errors.append({"field": field, "message": "question inconnue dans ce questionnaire"})
            continue
        if value is None:
            continue
        try:
            values[code] = scale.validate(value)
        except ValueError:
            errors.append({"field": field, "message": f"attendu un entier de {scale.low} à {scale.high}"})
    kept: dict[str, str] = {}
    allowed_comments = {*set(questions.values()), "general"}
    for key, text in comments.items():
        field = f"comments.{key}"
        if key not in allowed_comments:
            errors.append({"field": field, "message": "thème inconnu dans ce questionnaire"})
        elif text is None:
            continue
        elif not isinstance(text, str):
            errors.append({"field": field, "message": "texte attendu"})
        elif len(text.strip()) > COMMENT_MAX_LENGTH:
            errors.append({"field": field, "message": f"{COMMENT_MAX_LENGTH} caractères au plus"})
        elif text.strip():
            kept[key] = text.strip()
    category: str | None = None
    if staff_category not in (None, ""):
        if not ask_staff_category:
            errors.append({"field": "staff_category", "message": "ce questionnaire ne demande pas la catégorie"})
        elif not isinstance(staff_category, str) or staff_category not in STAFF_CATEGORIES:
            errors.append({"field": "staff_category", "message": "catégorie inconnue"})
        else:
            category = staff_category
    if not values and not errors:
        errors.append({"field": "answers", "message": "répondez à au moins une question"})
    if errors:
        raise AnswerError(errors)
    return AnswerSheet(values=values, comments=kept, staff_category=category)
