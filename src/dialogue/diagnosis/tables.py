"""The tripartite diagnosis of social dialogue: campaigns, their grid of statements, answers, and actions.

An answer carries its author (`user`) so that its author — and only them — may read and change it while the
campaign is open; no read of the service returns another person's answer (results are aggregates per college,
with a floor of two respondents), and answers are never written to the audit log.
"""

from piccolo.columns import Date, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from dialogue.auth.tables import User
from dialogue.organizations.tables import Organization


class Diagnosis(Table, tablename="dialogue_diagnosis"):
    """A diagnosis campaign of an organisation over a period (draft → open → closed)."""

    id = Serial(primary_key=True)
    organization = ForeignKey(Organization, on_delete=OnDelete.cascade, index=True, null=False)
    title = Varchar(length=200)
    period_start = Date(help_text="Premier jour de la période observée (indicateurs de la même période)")
    period_end = Date(help_text="Dernier jour de la période observée")
    status = Varchar(length=20, default="draft", help_text="draft, open ou closed")
    results_published = Timestamptz(
        null=True, default=None, help_text="Résultats rendus lisibles avant la clôture par l'organisateur"
    )
    previous: ForeignKey["Diagnosis"] = ForeignKey(
        "self", on_delete=OnDelete.set_null, null=True, default=None, help_text="Campagne précédente comparée"
    )
    created_by = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None)
    created_at = Timestamptz()
    opened_at = Timestamptz(null=True, default=None)
    closed_at = Timestamptz(null=True, default=None)


class DiagnosisStatement(Table, tablename="dialogue_diagnosis_statement"):
    """A statement of the grid: a lever or a brake, in one of the three dimensions."""

    id = Serial(primary_key=True)
    diagnosis = ForeignKey(Diagnosis, on_delete=OnDelete.cascade, index=True, null=False)
    code = Varchar(length=40, help_text="Code stable d'une campagne à l'autre (comparaison)")
    dimension = Varchar(length=20, help_text="objects, functioning ou relationship")
    kind = Varchar(length=10, help_text="lever (levier) ou brake (frein)")
    text = Text()
    position = Integer()


class DiagnosisAnswer(Table, tablename="dialogue_diagnosis_answer"):
    """One person's answer to one statement (Likert 1–5), readable only by its author."""

    id = Serial(primary_key=True)
    diagnosis = ForeignKey(Diagnosis, on_delete=OnDelete.cascade, index=True, null=False)
    statement = ForeignKey(DiagnosisStatement, on_delete=OnDelete.cascade, index=True, null=False)
    user = ForeignKey(User, on_delete=OnDelete.cascade, index=True, null=False)
    college = Varchar(length=20, help_text="gouvernance, direction ou elus, fixé à la réponse")
    score = Integer(help_text="1 (pas du tout d'accord) à 5 (tout à fait d'accord)")
    comment = Text(default="")
    updated_at = Timestamptz()


class DiagnosisAction(Table, tablename="dialogue_diagnosis_action"):
    """An action decided from a gap: an owner and a date."""

    id = Serial(primary_key=True)
    diagnosis = ForeignKey(Diagnosis, on_delete=OnDelete.cascade, index=True, null=False)
    statement = ForeignKey(DiagnosisStatement, on_delete=OnDelete.set_null, null=True, default=None, index=True)
    title = Varchar(length=200)
    owner = ForeignKey(User, on_delete=OnDelete.restrict, null=False, index=True)
    due_on = Date()
    status = Varchar(length=20, default="planned", help_text="planned ou done")
    created_by = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None)
    created_at = Timestamptz()
