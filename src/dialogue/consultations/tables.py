"""Consultations of the CSE (L2312-8, L2312-17, R2312-6): tables only."""

from piccolo.columns import Boolean, Date, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from dialogue.auth.tables import User
from dialogue.bodies.tables import Body


class Consultation(Table, tablename="consultation"):
    id = Serial(primary_key=True)
    body = ForeignKey(Body, on_delete=OnDelete.cascade, index=True, null=False)
    subject = Varchar(length=300, help_text="Objet de la consultation")
    kind = Varchar(
        length=40,
        help_text="strategic_orientations, economic_financial_situation, social_policy (L2312-17), ponctual (L2312-8)",
    )
    year = Integer(null=True, default=None, help_text="Exercice concerné, pour les consultations récurrentes")
    description = Text(null=True, default=None)
    informed_on = Date(help_text="Date de la communication des informations (point de départ, R2312-5)")
    informed_on_override_reason = Text(
        null=True,
        default=None,
        help_text="Motif d'une date d'information fixée à la main : elle ne suit plus les documents communiqués",
    )
    level = Varchar(length=20, default="single", help_text="single, central ou establishment (L2316-1, L2316-20)")
    multi_level = Boolean(
        default=False, help_text="Consultation menée à la fois au CSE central et dans des CSE d'établissement"
    )
    expert_appointed = Boolean(default=False, help_text="Expert désigné : délai porté à 2 ou 3 mois (R2312-6)")
    expert_name = Varchar(length=200, null=True, default=None)
    expert_appointed_on = Date(
        null=True, default=None, help_text="Désignation de l'expert : point de départ des 10 jours (R2315-49)"
    )
    challenge_filed_on = Date(
        null=True,
        default=None,
        help_text="Saisine du juge par l'employeur contestant l'expertise : délais suspendus (L2315-86)",
    )
    judgment_on = Date(
        null=True, default=None, help_text="Notification du jugement : fin de la suspension des délais (L2315-86)"
    )
    agreed_delay_days = Integer(null=True, default=None, help_text="Délai fixé par accord, en jours (L2312-16)")
    opinion = Varchar(length=20, null=True, default=None, help_text="positive ou negative, une fois l'avis rendu")
    opinion_text = Text(null=True, default=None, help_text="Avis motivé du comité")
    opinion_on = Date(null=True, default=None)
    opinion_vote_id = Integer(null=True, default=None, help_text="Vote (meetings) qui a rendu l'avis")
    created_by = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class ConsultationBdeseItem(Table, tablename="consultation_bdese_item"):
    """A BDESE item whose publication informed a consultation (R2312-5: the delay runs from the notice that the
    information is in the BDESE). `item_id` names a `bdese_item` by a plain integer (bdese is a sibling module):
    the layer above both (consultations_bdese) checks it is a published item of the same organisation."""

    id = Serial(primary_key=True)
    consultation = ForeignKey(Consultation, on_delete=OnDelete.cascade, index=True, null=False)
    item_id = Integer(index=True, help_text="Information de la BDESE (bdese_item), sans clé : module voisin")
    published_on = Date(help_text="Jour (local) de la publication de l'information retenue : la première après le lien")
    linked_by = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None)
    linked_at = Timestamptz()
