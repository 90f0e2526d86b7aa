"""Tripartite bodies (CSE, CSSCT, board…) and their members."""

from piccolo.columns import Boolean, Date, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from dialogue.auth.tables import User
from dialogue.organizations.tables import Establishment, Organization


class Body(Table, tablename="body"):
    id = Serial(primary_key=True)
    organization = ForeignKey(Organization, on_delete=OnDelete.cascade, index=True, null=False)
    establishment = ForeignKey(Establishment, on_delete=OnDelete.set_null, null=True, default=None, index=True)
    name = Varchar(length=200)
    kind = Varchar(
        length=40, help_text="cse, cse_central, cssct, board, direction_committee, qvt_steering, negotiation_table"
    )
    ordinary_meetings_per_year = Integer(
        null=True, default=None, help_text="Nombre fixé par accord (L2312-19), jamais moins de 6 ; vide = défaut légal"
    )
    agenda_notice_days = Integer(
        null=True, default=None, help_text="Délai d'envoi de l'ordre du jour fixé par le règlement intérieur (≥ 3 j)"
    )
    headcount_at_election = Integer(
        null=True,
        default=None,
        help_text="Effectif de l'entreprise à l'élection : fixe les attributions jusqu'au renouvellement (L2312-3)",
    )
    mandate_start = Date(null=True, default=None, help_text="Début du mandat en cours (élection)")
    mandate_end = Date(null=True, default=None, help_text="Fin du mandat en cours (4 ans, L2314-33, sauf accord)")
    president_votes_on_minutes = Boolean(
        default=True, help_text="Le président vote l'adoption du PV (point non vérifié en droit : réglable)"
    )
    visio_max_per_year = Integer(
        null=True,
        default=None,
        help_text="Réunions en visioconférence par année civile fixées par le règlement intérieur ; vide = 3 (L2315-4)",
    )
    minutes_delay_days = Integer(
        null=True,
        default=None,
        help_text="Délai de transmission du PV fixé par le règlement intérieur, en jours ; vide = D2315-26",
    )
    reglement_interieur_id = Integer(
        null=True,
        default=None,
        help_text="Règlement intérieur en vigueur (reglement_interieur) : il fixe les paramètres ci-dessus (L2315-24)",
    )
    created_at = Timestamptz()


class Member(Table, tablename="member"):
    id = Serial(primary_key=True)
    body = ForeignKey(Body, on_delete=OnDelete.cascade, index=True, null=False)
    user = ForeignKey(User, on_delete=OnDelete.restrict, index=True, null=False)
    college = Varchar(length=20, help_text="gouvernance, direction, elus")
    role = Varchar(length=30, help_text="president, secretary, deputy_secretary, treasurer, titular, substitute, …")
    union_name = Varchar(length=100, null=True, default=None, help_text="Organisation syndicale, le cas échéant")
    electoral_college = Varchar(length=40, null=True, default=None, help_text="Collège électoral (1er, 2e, cadres)")
    substitute_for: ForeignKey["Member"] = ForeignKey(
        "self",
        on_delete=OnDelete.set_null,
        null=True,
        default=None,
        unique=True,
        help_text="Indication seulement : le suppléant remplaçant suit l'ordre de L2314-37, pas ce rattachement",
    )
    category = Varchar(
        length=40,
        null=True,
        default=None,
        help_text="Catégorie professionnelle (L2314-37) : ouvriers_employes, techniciens_agents_maitrise, cadres",
    )
    votes_obtained = Integer(null=True, default=None, help_text="Voix obtenues à l'élection (L2314-37)")
    civility = Varchar(
        length=10, null=True, default=None, help_text="madame, monsieur : accorde le rôle (« Trésorière »)"
    )
    mandate_start = Date(null=True, default=None)
    mandate_end = Date(null=True, default=None)
    created_at = Timestamptz()
