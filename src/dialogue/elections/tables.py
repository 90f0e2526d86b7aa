"""The CSE election: calendar and PAP, colleges, lists of candidates, and the count of each round (L2314-4 to
L2314-37). First-round figures are fed to `negotiations` (representativeness, L2122-1) once proclaimed."""

from piccolo.columns import JSON, Date, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from dialogue.auth.tables import User
from dialogue.bodies.tables import Body
from dialogue.organizations.tables import Establishment, Organization


class CseElection(Table, tablename="cse_election"):
    """One election of a CSE (renewal every 4 years, L2314-33, or partial, L2314-10), its calendar and its PAP."""

    id = Serial(primary_key=True)
    organization = ForeignKey(Organization, on_delete=OnDelete.cascade, index=True, null=False)
    body = ForeignKey(Body, on_delete=OnDelete.set_null, null=True, default=None, help_text="Le CSE élu")
    establishment = ForeignKey(Establishment, on_delete=OnDelete.set_null, null=True, default=None)
    kind = Varchar(length=20, help_text="renewal (renouvellement), partial (élection partielle, L2314-10), first")
    title = Varchar(length=200)
    headcount = Integer(help_text="Effectif du périmètre : sièges selon R2314-1")
    staff_informed_on = Date(null=True, default=None, help_text="Information du personnel (L2314-4)")
    unions_invited_on = Date(null=True, default=None, help_text="Invitation des syndicats (L2314-5)")
    pap_first_meeting_on = Date(null=True, default=None, help_text="Première réunion du protocole (L2314-5)")
    pap_signed_on = Date(null=True, default=None, help_text="Signature du protocole préélectoral (L2314-6)")
    pap_negotiators = JSON(default="[]", help_text="Syndicats ayant négocié le protocole (L2314-6)")
    pap_signatories = JSON(default="[]", help_text="Syndicats signataires du protocole (L2314-6)")
    round1_on = Date(null=True, default=None)
    round2_on = Date(null=True, default=None)
    mandate_years = Integer(default=4, help_text="4 ans (L2314-33), 2 à 4 par accord (L2314-34)")
    mandate_end = Date(null=True, default=None, help_text="Fin des mandats (élection partielle : celle en cours)")
    proclaimed_on = Date(null=True, default=None, help_text="Proclamation : membres et représentativité écrits")
    carence_on = Date(null=True, default=None, help_text="PV de carence (L2314-9)")
    carence_sent_on = Date(null=True, default=None, help_text="PV de carence transmis à l'inspection (L2314-9)")
    carence_reason = Varchar(
        length=30, null=True, default=None, help_text="Motif de la carence (cerfa 15248) : no_list, no_candidate…"
    )
    carence_published_on = Date(null=True, default=None, help_text="PV de carence porté à la connaissance du personnel")
    siret = Varchar(length=14, null=True, default=None, help_text="SIRET de l'établissement (cerfa 15248, 15822)")
    inspector = Varchar(length=300, null=True, default=None, help_text="Agent de contrôle de l'inspection du travail")
    requested_by = Varchar(length=100, null=True, default=None, help_text="Élection demandée par (L2314-8)")
    requested_on = Date(null=True, default=None, help_text="Date de la demande d'un salarié ou syndicat (L2314-8)")
    result_id = Integer(null=True, default=None, help_text="Résultats du 1er tour dans negotiations (L2122-1)")
    created_by = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None)
    created_at = Timestamptz()


class CseElectionCollege(Table, tablename="cse_election_college"):
    """A college (L2314-11) with its staff, its electors by sex (L2314-31) and its seats."""

    id = Serial(primary_key=True)
    election = ForeignKey(CseElection, on_delete=OnDelete.cascade, index=True, null=False)
    position = Integer()
    name = Varchar(length=60)
    category = Varchar(length=40, help_text="ouvriers_employes, techniciens_agents_maitrise, cadres (L2314-37)")
    staff = Integer(help_text="Effectif du collège, pour la répartition des sièges")
    women = Integer(help_text="Électrices inscrites (L2314-30)")
    men = Integer(help_text="Électeurs inscrits (L2314-30)")
    titulaires = Integer(help_text="Sièges de titulaires (autant de suppléants, L2314-1)")


class CseElectionList(Table, tablename="cse_election_list"):
    """A list of candidates for one college, titulaires or suppléants, in its order (L2314-29, L2314-30)."""

    id = Serial(primary_key=True)
    college = ForeignKey(CseElectionCollege, on_delete=OnDelete.cascade, index=True, null=False)
    kind = Varchar(length=20, help_text="titulaires, suppleants")
    round = Integer(default=1, help_text="1 : listes syndicales ; 2 : toute liste (L2314-29)")
    union_name = Varchar(length=100, help_text="Syndicat, ou nom de la liste libre au second tour")
    filed_on = Date(help_text="Dépôt de la liste : début de la protection des candidats (L2411-7)")
    candidates = JSON(help_text="[{full_name, sex, email, born_on}] dans l'ordre de la liste")
    created_at = Timestamptz()


class CseElectionTally(Table, tablename="cse_election_tally"):
    """The count of one round in one college for titulaires or suppléants (L2314-29)."""

    id = Serial(primary_key=True)
    college = ForeignKey(CseElectionCollege, on_delete=OnDelete.cascade, index=True, null=False)
    kind = Varchar(length=20)
    round = Integer()
    registered = Integer(help_text="Inscrits")
    voters = Integer(help_text="Votants (bulletins dans l'urne)")
    blank_null = Integer(help_text="Blancs et nuls")
    list_votes = JSON(help_text="[{list_id, ballots, ratures: {position: nombre}}]")
    recorded_at = Timestamptz()
