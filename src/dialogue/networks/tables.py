"""A network, its facilitators, its member organisations (by invitation and consent), their trinôme, the
network's sessions, the experience sheets published to it and the barometer results contributed to it."""

from piccolo.columns import JSON, Date, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from dialogue.auth.tables import User
from dialogue.organizations.tables import Organization


class Network(Table, tablename="network"):
    id = Serial(primary_key=True)
    host = ForeignKey(
        Organization,
        on_delete=OnDelete.restrict,
        index=True,
        null=False,
        help_text="Organisation qui anime le réseau (agence régionale, fédération) et porte les comptes d'animation",
    )
    name = Varchar(length=200)
    kind = Varchar(length=20, help_text="cluster, programme, federation")
    region = Varchar(length=120, default="")
    description = Text(default="")
    created_at = Timestamptz()


class NetworkFacilitator(Table, tablename="network_facilitator"):
    id = Serial(primary_key=True)
    network = ForeignKey(Network, on_delete=OnDelete.cascade, index=True, null=False)
    user = ForeignKey(User, on_delete=OnDelete.cascade, index=True, null=False)


class NetworkMembership(Table, tablename="network_membership"):
    """An organisation in a network: invited, then active once its admin consented; left when it leaves."""

    id = Serial(primary_key=True)
    network = ForeignKey(Network, on_delete=OnDelete.cascade, index=True, null=False)
    organization = ForeignKey(Organization, on_delete=OnDelete.cascade, index=True, null=False)
    status = Varchar(length=20, help_text="invited, active, declined, left")
    establishment_type = Varchar(length=60, default="", help_text="EHPAD, IME, SESSAD, foyer… (pour la bibliothèque)")
    steering_body_id = Integer(
        null=True, default=None, help_text="Comité de pilotage QVT dont les étapes sont partagées avec le réseau"
    )
    invited_at = Timestamptz()
    invited_by = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None)
    joined_at = Timestamptz(null=True, default=None)
    left_at = Timestamptz(null=True, default=None)


class NetworkParticipant(Table, tablename="network_participant"):
    """The trinôme an organisation names to its network: one side each, people of the organisation."""

    id = Serial(primary_key=True)
    membership = ForeignKey(NetworkMembership, on_delete=OnDelete.cascade, index=True, null=False)
    user = ForeignKey(User, on_delete=OnDelete.cascade, index=True, null=False)
    side = Varchar(length=30, help_text="direction, professional, staff_representative")


class NetworkSession(Table, tablename="network_session"):
    """A collective day of the network, or a support visit to one organisation (its notes stay between them)."""

    id = Serial(primary_key=True)
    network = ForeignKey(Network, on_delete=OnDelete.cascade, index=True, null=False)
    kind = Varchar(length=20, help_text="collective_day, support_visit")
    organization = ForeignKey(
        Organization,
        on_delete=OnDelete.cascade,
        null=True,
        default=None,
        index=True,
        help_text="Visite : l'organisation",
    )
    title = Varchar(length=200)
    held_on = Date()
    place = Varchar(length=200, default="")
    themes = JSON(default=[], help_text="Thèmes (droit à l'erreur, reconnaissance, accueil, plannings…)")
    agenda = Text(default="")
    notes = Text(default="", help_text="Notes de visite : l'organisation visitée et l'animation seulement")
    document_ids = JSON(default=[], help_text="Ressources partagées (module documents)")
    created_by = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None)
    created_at = Timestamptz()


class NetworkAttendance(Table, tablename="network_attendance"):
    id = Serial(primary_key=True)
    session = ForeignKey(NetworkSession, on_delete=OnDelete.cascade, index=True, null=False)
    organization = ForeignKey(Organization, on_delete=OnDelete.cascade, index=True, null=False)
    attendees = Integer(help_text="Nombre de personnes présentes pour l'organisation")


class NetworkSheet(Table, tablename="network_sheet"):
    """An experience sheet an organisation shares: draft, approved by its trinôme, published, withdrawn."""

    id = Serial(primary_key=True)
    network = ForeignKey(Network, on_delete=OnDelete.cascade, index=True, null=False)
    organization = ForeignKey(Organization, on_delete=OnDelete.cascade, index=True, null=False)
    action_id = Integer(help_text="Action QVT évaluée dont la fiche est tirée")
    title = Varchar(length=200)
    theme = Varchar(length=40, default="")
    establishment_type = Varchar(length=60, default="")
    content = JSON(default={}, help_text="Les rubriques de la fiche, noms de personnes retirés")
    status = Varchar(length=20, help_text="draft, published, withdrawn")
    approvals = JSON(default={}, help_text="Côté du trinôme → id du compte qui a approuvé")
    created_by = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None)
    created_at = Timestamptz()
    published_at = Timestamptz(null=True, default=None)
    withdrawn_at = Timestamptz(null=True, default=None)


class NetworkContribution(Table, tablename="network_contribution"):
    """Aggregated barometer results and chosen indicators an organisation publishes to a network's benchmark."""

    id = Serial(primary_key=True)
    network = ForeignKey(Network, on_delete=OnDelete.cascade, index=True, null=False)
    organization = ForeignKey(Organization, on_delete=OnDelete.cascade, index=True, null=False)
    barometer_id = Integer(null=True, default=None)
    year = Integer()
    themes = JSON(default={}, help_text="Thème → moyenne sur 5, seulement les thèmes au-dessus du seuil d'anonymat")
    indicators = JSON(default={}, help_text="Code d'indicateur → valeur")
    status = Varchar(length=20, help_text="published, withdrawn")
    published_by = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None)
    published_at = Timestamptz()
    withdrawn_at = Timestamptz(null=True, default=None)
