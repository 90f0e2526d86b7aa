"""Organisations and their establishments. Headcount selects the legal regime (core/regime.py)."""

from piccolo.columns import JSON, Boolean, Date, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table


class Organization(Table, tablename="organization"):
    id = Serial(primary_key=True)
    name = Varchar(length=200, help_text="Raison sociale de l'association ou de l'entreprise")
    headcount = Integer(help_text="Effectif (salariés) ; sélectionne le régime légal du CSE")
    alsace_moselle = Boolean(default=False, help_text="Jours fériés d'Alsace-Moselle pour les délais en jours")
    non_profit_essms = Boolean(
        default=True, help_text="ESSMS privé non lucratif : accords soumis à agrément (L314-6 CASF)"
    )
    fifty_reached_on = Date(
        null=True,
        default=None,
        help_text="Date à laquelle l'effectif a atteint 50 salariés (L2312-2 : compté après 12 mois consécutifs)",
    )
    created_at = Timestamptz()


class Establishment(Table, tablename="establishment"):
    id = Serial(primary_key=True)
    organization = ForeignKey(Organization, on_delete=OnDelete.cascade, index=True, null=False)
    name = Varchar(length=200)
    headcount = Integer()
    alsace_moselle = Boolean(default=False, help_text="Établissement situé en Moselle, Bas-Rhin ou Haut-Rhin")
    cpom = Boolean(
        default=False, help_text="CPOM signé (L313-12 IV ter, L313-12-2 CASF) : accords dispensés d'agrément (L314-6)"
    )
    cpom_signed_on = Date(null=True, default=None, help_text="Date de signature du CPOM")
    worked_holidays = JSON(
        default="[]",
        help_text="Jours fériés habituellement travaillés (clés de core/workdays.HOLIDAY_KEYS) : jours ouvrables",
    )
    created_at = Timestamptz()
