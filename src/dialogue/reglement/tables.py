"""The règlement intérieur of a body (L2315-24): one row per adoption, never updated; the latest adoption is in
force and its parameters are copied onto the body (`bodies.service.apply_reglement`), where the rules read them."""

from piccolo.columns import Boolean, Date, ForeignKey, Integer, Serial, Timestamptz
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from dialogue.auth.tables import User
from dialogue.bodies.tables import Body
from dialogue.documents.tables import Document


class ReglementInterieur(Table, tablename="reglement_interieur"):
    id = Serial(primary_key=True)
    body = ForeignKey(Body, on_delete=OnDelete.cascade, index=True, null=False)
    document = ForeignKey(
        Document, on_delete=OnDelete.restrict, null=False, help_text="Le texte (nature « reglement_interieur »)"
    )
    document_version = Integer(help_text="Version du document adoptée")
    adopted_on = Date(help_text="Jour de l'adoption par le CSE (L2315-24, vote à la majorité des présents L2315-32)")
    vote_id = Integer(null=True, default=None, help_text="Vote d'adoption en réunion (meetings : vote), s'il existe")
    agenda_notice_days = Integer(help_text="Délai d'envoi de l'ordre du jour (jours, au moins 3 : L2315-30)")
    president_votes_on_minutes = Boolean(default=True, help_text="Le président vote l'adoption du PV")
    visio_max_per_year = Integer(
        null=True, default=None, help_text="Réunions en visioconférence par an (L2315-4 : 3 à défaut d'accord)"
    )
    minutes_delay_days = Integer(
        null=True, default=None, help_text="Délai d'établissement du PV (jours ; D2315-26 : 15 à défaut d'accord)"
    )
    recorded_by = ForeignKey(User, on_delete=OnDelete.restrict, null=False)
    recorded_at = Timestamptz()
