"""SSCT work of a CSE or CSSCT: serious accidents, missions (inspections, inquiries…) and follow-up actions."""

from piccolo.columns import JSON, Date, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from dialogue.auth.tables import User
from dialogue.bodies.tables import Body


class SeriousAccident(Table, tablename="ssct_serious_accident"):
    """A serious accident at work or occupational disease that calls for an inquiry (L2312-13, L2315-27)."""

    id = Serial(primary_key=True)
    body = ForeignKey(Body, on_delete=OnDelete.cascade, index=True, null=False)
    occurred_on = Date()
    kind = Varchar(length=30, help_text="work_accident, occupational_disease")
    description = Text(help_text="Circonstances, sans données de santé ni identité des résidents")
    place = Varchar(length=200, default="")
    lost_days = Integer(null=True, default=None, help_text="Jours d'arrêt (L2314-3 : inspection invitée dès 8)")
    created_by = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None)
    created_at = Timestamptz()


class SsctMission(Table, tablename="ssct_mission"):
    id = Serial(primary_key=True)
    body = ForeignKey(Body, on_delete=OnDelete.cascade, index=True, null=False)
    kind = Varchar(length=30, help_text="inspection, accident_inquiry, risk_analysis, duerp_review, other")
    title = Varchar(length=200)
    status = Varchar(length=20, help_text="planned, in_progress, reported, closed")
    planned_on = Date()
    place = Varchar(length=200, default="")
    participants = JSON(default="[]", help_text="[{name, member_id, role}]")
    description = Text(default="")
    findings = Text(default="", help_text="Constats : le rapport de la mission")
    recommendations = Text(default="")
    started_on = Date(null=True, default=None)
    reported_on = Date(null=True, default=None)
    closed_on = Date(null=True, default=None)
    accident = ForeignKey(SeriousAccident, on_delete=OnDelete.set_null, null=True, default=None, index=True)
    dgi_entry_id = Integer(null=True, default=None, help_text="Inscription au registre DGI (module registres)")
    meeting_id = Integer(null=True, default=None, help_text="Réunion SSCT où le rapport est présenté")
    created_by = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class SsctAction(Table, tablename="ssct_action"):
    """A follow-up action from a mission, with the employer's answer."""

    id = Serial(primary_key=True)
    mission = ForeignKey(SsctMission, on_delete=OnDelete.cascade, index=True, null=False)
    description = Text()
    owner = Varchar(length=200, help_text="Personne ou service responsable")
    due_on = Date(null=True, default=None)
    status = Varchar(length=20, help_text="open, in_progress, done, cancelled")
    employer_answer = Text(null=True, default=None)
    answered_on = Date(null=True, default=None)
    done_on = Date(null=True, default=None)
    reminded_on = Date(null=True, default=None, help_text="Dernier rappel d'échéance envoyé")
    created_by = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None)
    created_at = Timestamptz()
