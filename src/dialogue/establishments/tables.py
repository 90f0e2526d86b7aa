"""The multi-establishment company: the decision setting the établissements distincts (L2313-2 to L2313-5) and the
consultations linked between the CSE central and the establishment CSEs (R2312-6 II). Tables only."""

from piccolo.columns import JSON, Boolean, Date, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from dialogue.auth.tables import User
from dialogue.consultations.tables import Consultation
from dialogue.organizations.tables import Organization


class EstablishmentScope(Table, tablename="establishment_scope"):
    """One decision (or agreement) fixing the number and perimeter of the établissements distincts; the latest in
    force is the one that applies."""

    id = Serial(primary_key=True)
    organization = ForeignKey(Organization, on_delete=OnDelete.cascade, index=True, null=False)
    basis = Varchar(
        length=30,
        help_text="company_agreement (L2313-2), cse_agreement (L2313-3), employer_decision (L2313-4), "
        "administrative_decision (L2313-5)",
    )
    decided_on = Date(help_text="Date de l'accord ou de la décision")
    reference = Varchar(length=200, default="", help_text="Intitulé de l'accord, de la décision ou de l'arrêté")
    negotiation_attempted_on = Date(
        null=True, default=None, help_text="Tentative de négociation préalable à la décision de l'employeur (L2313-4)"
    )
    titulaires_for = Integer(null=True, default=None, help_text="Titulaires ayant voté l'accord avec le CSE (L2313-3)")
    titulaires = Integer(null=True, default=None, help_text="Titulaires élus du CSE (L2313-3)")
    agreement_with_all_unions = Boolean(
        default=False, help_text="Accord avec tous les syndicats représentatifs sur le CSE central (R2316-1)"
    )
    perimeters = JSON(default="[]", help_text="[{name, body_id, establishment_ids}] : chaque établissement distinct")
    notes = Text(default="")
    created_by = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None)
    created_at = Timestamptz()


class ConsultationLink(Table, tablename="consultation_link"):
    """An establishment CSE's consultation on a company project also put to the CSE central (R2312-6 II)."""

    id = Serial(primary_key=True)
    central_consultation = ForeignKey(Consultation, on_delete=OnDelete.cascade, index=True, null=False)
    establishment_consultation = ForeignKey(Consultation, on_delete=OnDelete.cascade, unique=True, null=False)
    transmitted_on = Date(null=True, default=None, help_text="Transmission de l'avis au CSE central (R2312-6 II)")
    created_by = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None)
    created_at = Timestamptz()
