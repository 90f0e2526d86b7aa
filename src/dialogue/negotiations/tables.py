"""Negotiations with the unions: election results (representativeness), accords de méthode, negotiations,
their sessions, positions and signatures, and the unions' NAO requests."""

from piccolo.columns import JSON, Date, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from dialogue.auth.tables import User
from dialogue.bodies.tables import Body, Member
from dialogue.organizations.tables import Establishment, Organization


class ElectionResult(Table, tablename="election_result"):
    """First round of the CSE titulaires' election (L2122-1): the basis of representativeness and weights."""

    id = Serial(primary_key=True)
    organization = ForeignKey(Organization, on_delete=OnDelete.cascade, index=True, null=False)
    election_date = Date(help_text="Date du premier tour")
    establishment = ForeignKey(
        Establishment,
        on_delete=OnDelete.cascade,
        null=True,
        default=None,
        help_text="Élection d'un établissement (mesure des accords d'établissement) ; vide : l'entreprise",
    )
    categorial_unions = JSON(
        null=True, default=None, help_text="{syndicat catégoriel: [collèges où il a vocation à présenter] } (L2122-2)"
    )
    label = Varchar(length=200, help_text="Ex. « Élections CSE 2024 — 1er tour, titulaires »")
    notes = Text(default="")
    recorded_by = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None)
    recorded_at = Timestamptz()


class ElectionCollege(Table, tablename="election_college"):
    """One college of the election: inscrits, votants and suffrages valablement exprimés."""

    id = Serial(primary_key=True)
    election = ForeignKey(ElectionResult, on_delete=OnDelete.cascade, index=True, null=False)
    position = Integer(help_text="Ordre d'affichage")
    name = Varchar(length=60, help_text="1er collège, 2e collège, cadres…")
    registered = Integer(null=True, default=None, help_text="Électeurs inscrits")
    voters = Integer(null=True, default=None, help_text="Votants")
    votes_cast = Integer(help_text="Suffrages valablement exprimés (L2122-1)")


class ElectionUnionVotes(Table, tablename="election_union_votes"):
    id = Serial(primary_key=True)
    college = ForeignKey(ElectionCollege, on_delete=OnDelete.cascade, index=True, null=False)
    union_name = Varchar(length=100)
    votes = Integer(help_text="Voix obtenues par la liste au premier tour")
    common_list = JSON(
        null=True, default=None, help_text="Liste commune : [{union, share}] déclarée au dépôt (L2122-3)"
    )


class MethodAgreement(Table, tablename="nao_method_agreement"):
    """Accord de méthode (L2242-10, L2242-11): at most 4 years; sets each NAO block's periodicity (<= 4 years)."""

    id = Serial(primary_key=True)
    organization = ForeignKey(Organization, on_delete=OnDelete.cascade, index=True, null=False)
    title = Varchar(length=200)
    signed_on = Date(null=True, default=None)
    starts_on = Date()
    duration_years = Integer()
    remuneration_years = Integer(null=True, default=None, help_text="Périodicité du bloc rémunération (ans)")
    egalite_qvct_years = Integer(null=True, default=None, help_text="Périodicité du bloc égalité / QVCT (ans)")
    gepp_years = Integer(null=True, default=None, help_text="Périodicité de la GEPP (ans, ≥ 300 salariés)")
    notes = Text(default="")
    created_by = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None)
    created_at = Timestamptz()


class Negotiation(Table, tablename="negotiation"):
    id = Serial(primary_key=True)
    organization = ForeignKey(Organization, on_delete=OnDelete.cascade, index=True, null=False)
    table_body = ForeignKey(
        Body, on_delete=OnDelete.restrict, index=True, null=False, help_text="Instance « negotiation_table »"
    )
    topic = Varchar(length=20, help_text="remuneration, egalite_qvct, gepp, other")
    kind = Varchar(
        length=30,
        default="company_agreement",
        help_text="company_agreement, establishment_agreement, unilateral_decision (DUE)",
    )
    establishment = ForeignKey(
        Establishment,
        on_delete=OnDelete.restrict,
        null=True,
        default=None,
        help_text="Établissement couvert (accord d'établissement, DUE d'un établissement) ; vide : tous",
    )
    subject = Varchar(length=300, null=True, default=None, help_text="Objet, pour une négociation « other »")
    title = Varchar(length=200)
    year = Integer(help_text="Campagne (année) de la négociation")
    status = Varchar(length=30, help_text="planned, open, in_progress, agreement_signed, disagreement_recorded, …")
    method_agreement = ForeignKey(MethodAgreement, on_delete=OnDelete.set_null, null=True, default=None)
    planned_on = Date(null=True, default=None)
    opened_on = Date(null=True, default=None, help_text="Ouverture par l'employeur (L2242-1)")
    concluded_on = Date(null=True, default=None, help_text="Signature, PV de désaccord ou abandon")
    abandon_reason = Text(null=True, default=None)
    election_result = ForeignKey(
        ElectionResult,
        on_delete=OnDelete.restrict,
        null=True,
        default=None,
        help_text="Résultats électoraux retenus pour le poids des signataires, figés à la première signature",
    )
    referendum_requested_on = Date(null=True, default=None)
    referendum_requested_by = Varchar(length=20, null=True, default=None, help_text="signatories, employer")
    referendum_held_on = Date(null=True, default=None)
    referendum_votes_for = Integer(null=True, default=None)
    referendum_votes_against = Integer(null=True, default=None)
    referendum_registered = Integer(null=True, default=None, help_text="Salariés inscrits, pour la participation")
    disagreement_on = Date(null=True, default=None, help_text="PV de désaccord (L2242-5)")
    final_positions = JSON(null=True, default=None, help_text="Dernières propositions de chaque partie (L2242-5)")
    unilateral_measures = Text(null=True, default=None, help_text="Mesures que l'employeur applique unilatéralement")
    deposited_on = Date(null=True, default=None, help_text="Dépôt sur TéléAccords")
    deposit_reference = Varchar(length=100, null=True, default=None)
    deposit_anonymised_version = Varchar(
        length=300, null=True, default=None, help_text="Version anonymisée déposée pour publication (L2231-5-1)"
    )
    agrement_submitted_on = Date(null=True, default=None, help_text="Envoi au ministre (R314-197 CASF)")
    agrement_decision = Varchar(length=20, null=True, default=None, help_text="granted, refused")
    agrement_decided_on = Date(null=True, default=None)
    agrement_reference = Varchar(length=200, null=True, default=None, help_text="Arrêté d'agrément (JO)")
    created_by = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class NegotiationSession(Table, tablename="negotiation_session"):
    id = Serial(primary_key=True)
    negotiation = ForeignKey(Negotiation, on_delete=OnDelete.cascade, index=True, null=False)
    number = Integer(help_text="1, 2, 3… par négociation")
    starts_at = Timestamptz()
    ends_at = Timestamptz(null=True, default=None)
    location = Varchar(length=200, default="")
    attendees = JSON(default="[]", help_text="[{name, party, member_id}]")
    documents = JSON(default="[]", help_text="[{title, url}]")
    summary = Text(default="")
    meeting_id = Integer(null=True, default=None, help_text="Réunion du module réunions, le cas échéant")
    created_by = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None)
    created_at = Timestamptz()


class NegotiationPosition(Table, tablename="negotiation_position"):
    id = Serial(primary_key=True)
    negotiation = ForeignKey(Negotiation, on_delete=OnDelete.cascade, index=True, null=False)
    sequence = Integer(help_text="Ordre dans la négociation : 1, 2, 3…")
    session = ForeignKey(NegotiationSession, on_delete=OnDelete.set_null, null=True, default=None)
    party = Varchar(length=100, help_text="« employer » ou le nom du syndicat")
    kind = Varchar(length=20, help_text="proposal, counter_proposal, position, statement")
    content = Text()
    stated_on = Date()
    created_by = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None)
    created_at = Timestamptz()


class AgreementSignature(Table, tablename="agreement_signature"):
    id = Serial(primary_key=True)
    negotiation = ForeignKey(Negotiation, on_delete=OnDelete.cascade, index=True, null=False)
    union_name = Varchar(length=100)
    signatory = ForeignKey(Member, on_delete=OnDelete.set_null, null=True, default=None, help_text="Délégué syndical")
    signatory_name = Varchar(length=200, default="")
    signed_on = Date()
    recorded_by = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None)
    created_at = Timestamptz()


class NaoRequest(Table, tablename="nao_request"):
    """A representative union requiring a NAO block the employer has not opened in time (L2242-13)."""

    id = Serial(primary_key=True)
    organization = ForeignKey(Organization, on_delete=OnDelete.cascade, index=True, null=False)
    block = Varchar(length=20)
    union_name = Varchar(length=100)
    requested_on = Date()
    forwarded_on = Date(null=True, default=None, help_text="Transmise aux autres syndicats (8 jours)")
    convened_on = Date(null=True, default=None, help_text="Parties convoquées (15 jours)")
    negotiation = ForeignKey(Negotiation, on_delete=OnDelete.set_null, null=True, default=None)
    notes = Text(default="")
    created_by = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None)
    created_at = Timestamptz()


class UnionSection(Table, tablename="union_section"):
    """A union's section syndicale (L2142-1): where a representative union has one, the NAO apply (L2242-1)."""

    id = Serial(primary_key=True)
    organization = ForeignKey(Organization, on_delete=OnDelete.cascade, index=True, null=False)
    union_name = Varchar(length=100)
    formed_on = Date(help_text="Constitution de la section")
    ended_on = Date(null=True, default=None, help_text="Dissolution de la section")
    notes = Text(default="")
    created_by = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None)
    created_at = Timestamptz()


class UnionDesignation(Table, tablename="union_designation"):
    """A union's designation of a délégué syndical (L2143-3), a representative to the CSE (L2314-2, L2143-22) or to
    the CSE central (L2316-7). The delegation hours read these rows (kind, user, body, dates)."""

    id = Serial(primary_key=True)
    organization = ForeignKey(Organization, on_delete=OnDelete.cascade, index=True, null=False)
    establishment = ForeignKey(Establishment, on_delete=OnDelete.set_null, null=True, default=None)
    body = ForeignKey(Body, on_delete=OnDelete.set_null, null=True, default=None, help_text="CSE, pour un RS")
    kind = Varchar(length=30, help_text="delegue_syndical, rs_cse, rs_cse_central")
    union_name = Varchar(length=100)
    user = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None, index=True)
    person_name = Varchar(length=200)
    basis = Varchar(length=30, help_text="personal_score, other_candidate, member, cse_member, by_right, designated")
    basis_label = Text(default="", help_text="Fondement en clair, avec l'article")
    electoral_college = Varchar(length=60, null=True, default=None)
    personal_votes = Integer(null=True, default=None, help_text="Voix personnelles au 1er tour (L2143-3)")
    college_votes_cast = Integer(null=True, default=None, help_text="Suffrages exprimés du collège au 1er tour")
    fallback_reason = Varchar(length=30, null=True, default=None, help_text="Cas de L2143-3 al. 2")
    renounced_on = Date(null=True, default=None, help_text="Renonciations écrites des élus à 10 % (L2143-3 al. 2)")
    election_result = ForeignKey(ElectionResult, on_delete=OnDelete.set_null, null=True, default=None)
    designated_on = Date()
    notified_on = Date(null=True, default=None, help_text="Notification à l'employeur (D2143-4)")
    ended_on = Date(null=True, default=None)
    created_by = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None)
    created_at = Timestamptz()


class NegotiationWithoutDelegate(Table, tablename="negotiation_without_delegate"):
    """How an agreement is concluded where there is no DS (L2232-21 to L2232-26), with the figures of its
    validity."""

    id = Serial(primary_key=True)
    negotiation = ForeignKey(Negotiation, on_delete=OnDelete.cascade, unique=True, null=False)
    route = Varchar(length=30, help_text="staff_approval, mandated_elus, elus, mandated_employees")
    mandating_unions = JSON(default="[]", help_text="Syndicats qui ont mandaté (un salarié par syndicat)")
    staff = Integer(null=True, default=None, help_text="Effectif consulté (deux tiers, L2232-22)")
    communicated_on = Date(null=True, default=None, help_text="Communication du projet aux salariés (L2232-21)")
    consulted_on = Date(null=True, default=None)
    votes_for = Integer(null=True, default=None)
    votes_against = Integer(null=True, default=None)
    signatories_votes = Integer(null=True, default=None, help_text="Voix des élus signataires (L2232-25)")
    votes_cast = Integer(null=True, default=None, help_text="Suffrages exprimés aux dernières élections")
    recorded_by = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None)
    recorded_at = Timestamptz()
