"""Delegation hours: append-only records (uses, transfers, corrections, refusals) and the members' profiles.
Rows are never updated nor deleted: a correction is a new record pointing at the one it corrects (the registers'
principle), and a refused declaration is kept as a `refusal` with its article."""

from piccolo.columns import Boolean, Date, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from dialogue.auth.tables import User
from dialogue.bodies.tables import Body, Member
from dialogue.organizations.tables import Organization


class DelegationRecord(Table, tablename="delegation_record"):
    id = Serial(primary_key=True)
    organization = ForeignKey(Organization, on_delete=OnDelete.cascade, null=False, index=True)
    body = ForeignKey(Body, on_delete=OnDelete.cascade, null=False, index=True)
    member = ForeignKey(Member, on_delete=OnDelete.cascade, null=False, index=True)
    kind = Varchar(length=20, help_text="use, transfer, correction, refusal, notice (heures reportées, R2315-5)")
    day = Date(help_text="Jour de l'utilisation (ou de la première utilisation des heures réparties, R2315-6)")
    month = Varchar(length=7, help_text="Mois imputé, AAAA-MM")
    minutes = Integer(help_text="Durée en minutes (heures × 60)")
    time_kind = Varchar(
        length=30, default="delegation", help_text="delegation, employer_meeting, accident_inquiry, dgi"
    )
    to_member = ForeignKey(Member, on_delete=OnDelete.cascade, null=True, default=None, help_text="Bénéficiaire")
    corrects = Integer(null=True, default=None, help_text="Enregistrement corrigé (les corrections s'ajoutent)")
    subject = Varchar(length=300, null=True, default=None, help_text="Objet (facultatif)")
    exceptional_reason = Text(null=True, default=None, help_text="Circonstances exceptionnelles (L2315-7, L2143-13)")
    article = Varchar(length=20, null=True, default=None, help_text="Article opposé à un refus")
    detail = Text(null=True, default=None, help_text="Motif du refus")
    notified_on = Date(null=True, default=None, help_text="Information de l'employeur (R2315-5, R2315-6)")
    outside_working_time = Boolean(default=False, help_text="Hors temps de travail (temps partiel, L3123-14)")
    recorded_by = ForeignKey(User, on_delete=OnDelete.restrict, null=False)
    recorded_at = Timestamptz()


class DelegationProfile(Table, tablename="delegation_profile"):
    """How a member's credit is set: the agreed hours (PAP, agreement, RI) and forfait-jours. The latest row wins."""

    id = Serial(primary_key=True)
    member = ForeignKey(Member, on_delete=OnDelete.cascade, null=False, index=True)
    agreed_titulaire_hours = Integer(null=True, default=None, help_text="Crédit de titulaire fixé par accord/PAP")
    agreed_extra_hours = Integer(default=0, help_text="Heures ajoutées par accord (secrétaire, trésorier, CSSCT…)")
    forfait_jours = Boolean(default=False, help_text="Salarié au forfait en jours : demi-journées de 4 h (R2315-3)")
    basis = Varchar(length=300, null=True, default=None, help_text="Source : accord, PAP, règlement intérieur")
    monthly_working_minutes = Integer(
        null=True, default=None, help_text="Temps partiel : durée mensuelle de travail en minutes (L3123-14)"
    )
    recorded_by = ForeignKey(User, on_delete=OnDelete.restrict, null=False)
    recorded_at = Timestamptz()
