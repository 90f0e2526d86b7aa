"""The approach's steps, the steering committee's trinôme and the experiments with their ten-month follow-up."""

from piccolo.columns import JSON, Date, ForeignKey, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from dialogue.auth.tables import User
from dialogue.bodies.tables import Body
from dialogue.organizations.tables import Organization


class QvtTrinomeSeat(Table, tablename="qvt_trinome_seat"):
    """A member of the steering committee named on one side of its trinôme."""

    id = Serial(primary_key=True)
    organization = ForeignKey(Organization, on_delete=OnDelete.cascade, index=True, null=False)
    body = ForeignKey(Body, on_delete=OnDelete.cascade, index=True, null=False, help_text="Comité de pilotage QVT")
    user = ForeignKey(User, on_delete=OnDelete.cascade, index=True, null=False)
    side = Varchar(length=30, help_text="direction, professional, staff_representative")
    created_at = Timestamptz()


class QvtStep(Table, tablename="qvt_step"):
    """One step of a committee's approach (prepare, diagnose, experiment, sustain, evaluate), stored once touched."""

    id = Serial(primary_key=True)
    organization = ForeignKey(Organization, on_delete=OnDelete.cascade, index=True, null=False)
    body = ForeignKey(Body, on_delete=OnDelete.cascade, index=True, null=False, help_text="Comité de pilotage QVT")
    kind = Varchar(length=20, help_text="prepare, diagnose, experiment, sustain, evaluate")
    started_on = Date(null=True, default=None)
    planned_end_on = Date(null=True, default=None, help_text="Fin prévue par le comité")
    completed_on = Date(null=True, default=None)
    checklist = JSON(default=[], help_text="Clés des points de la liste cochés")
    notes = Text(default="")
    benefits = Text(default="", help_text="Bénéfices constatés (étape d'évaluation)")
    updated_at = Timestamptz()


class QvtExperiment(Table, tablename="qvt_experiment"):
    """An experiment with discussion spaces (a unit, a format), followed up ten months after it started."""

    id = Serial(primary_key=True)
    organization = ForeignKey(Organization, on_delete=OnDelete.cascade, index=True, null=False)
    body = ForeignKey(Body, on_delete=OnDelete.cascade, index=True, null=False, help_text="Comité de pilotage QVT")
    title = Varchar(length=200)
    format = Varchar(length=30, help_text="job_shadowing, photo_diagnosis, problem_situation, embedded_evaluation")
    scope = Varchar(length=200, default="", help_text="Unité ou service concerné")
    started_on = Date()
    follow_up_done_on = Date(null=True, default=None)
    follow_up_notes = Text(default="")
    created_at = Timestamptz()
