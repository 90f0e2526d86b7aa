"""`dialogue demo`: realistic French data for a medico-social association (idempotent).

Each module adds its own step to DEMO_STEPS; a step looks up what exists by natural key
(names, emails) and creates only what is missing, so running the command twice changes nothing.
"""

from __future__ import annotations

from datetime import date

from dialogue.bdese.demo import demo_step as bdese_demo
from dialogue.bdese.demo import link_documents_step
from dialogue.bodies.demo import (
    DEMO_ELECTION,
    DemoContext,
    DemoStep,
    ensure_body,
    ensure_establishment,
    ensure_member,
    ensure_organization,
    ensure_user,
)
from dialogue.budgets.demo import demo_step as budgets_demo
from dialogue.consultations_bdese.demo import demo_step as consultation_bdese_demo
from dialogue.core.db import transaction
from dialogue.delegation.demo import demo_step as delegation_demo
from dialogue.demo.annexes import demo_step as annexes_demo
from dialogue.demo.meeting_documents import demo_step as meeting_documents_demo
from dialogue.diagnosis.demo import demo_step as diagnosis_demo
from dialogue.documents.demo import demo_step as documents_demo
from dialogue.elections.demo import demo_step as elections_demo
from dialogue.establishments.demo import demo_step as establishments_demo
from dialogue.meetings.demo import meetings_demo_step
from dialogue.negotiations.demo import demo_step as negotiations_demo
from dialogue.negotiations.designations_demo import demo_step as designations_demo
from dialogue.networks.demo import demo_step as networks_demo
from dialogue.notifications import demo as notifications_demo
from dialogue.qvt.axes_demo import demo_step as qvt_axes_demo_step
from dialogue.qvt.demo import demo_step as qvt_demo_step
from dialogue.qvt.steps_demo import demo_step as qvt_steps_demo
from dialogue.registers.demo import registers_step
from dialogue.reglement.demo import demo_step as reglement_demo
from dialogue.settings import Settings
from dialogue.ssct.demo import demo_step as ssct_demo

DEMO_ORG = "Association Les Tilleuls"
HEADCOUNT_AT_ELECTION = 312  # the association's headcount when the CSE was elected in March 2024 (L2312-3)
NEIGHBOUR_ORG = "Association La Voisine"


# (email, full name, union, electoral college) of the CSE's élus titulaires, then their suppléants.
TITULAIRES = [
    ("secretaire@demo.example", "Camille Lefèvre", "CFDT", "1er collège"),
    ("elu@demo.example", "Julien Moreau", "CGT", "1er collège"),
    ("nadia.benali@demo.example", "Nadia Benali", "CFDT", "1er collège"),
    ("thomas.girard@demo.example", "Thomas Girard", "SUD Santé Sociaux", "1er collège"),
    ("sophie.marchand@demo.example", "Sophie Marchand", "CGT", "1er collège"),
    ("tresorier@demo.example", "Isabelle Roux", "CFDT", "2e collège"),
    ("marc.fontaine@demo.example", "Marc Fontaine", "FO", "2e collège"),
]
SUPPLEANTS = [
    ("lea.dupont@demo.example", "Léa Dupont", "CFDT", "1er collège", "secretaire@demo.example"),
    ("karim.haddad@demo.example", "Karim Haddad", "CGT", "1er collège", "elu@demo.example"),
    ("ines.petit@demo.example", "Inès Petit", "CFDT", "1er collège", "nadia.benali@demo.example"),
    ("paul.mercier@demo.example", "Paul Mercier", "SUD Santé Sociaux", "1er collège", "thomas.girard@demo.example"),
    ("chloe.bernard@demo.example", "Chloé Bernard", "CGT", "1er collège", "sophie.marchand@demo.example"),
    ("helene.gauthier@demo.example", "Hélène Gauthier", "CFDT", "2e collège", "tresorier@demo.example"),
    ("olivier.perrin@demo.example", "Olivier Perrin", "FO", "2e collège", "marc.fontaine@demo.example"),
]


async def foundation_step(ctx: DemoContext) -> None:
    """The association, its two establishments, the five contract accounts, CSE, CSSCT, board, CODIR."""
    ctx.organization_id = await ensure_organization(ctx, name=DEMO_ORG, headcount=320)
    # A 24/7 EHPAD works Easter Monday and 1 May: those days count as jours ouvrables there (§0.10).
    await ensure_establishment(
        ctx,
        key="ehpad",
        name="EHPAD Les Tilleuls (Villeurbanne)",
        headcount=190,
        worked_holidays=("easter_monday", "labour_day"),
    )
    await ensure_establishment(
        ctx, key="ime", name="IME La Source (Vaulx-en-Velin)", headcount=130, cpom=True, cpom_signed_on=date(2022, 1, 1)
    )
    org = ctx.organization_id
    await ensure_user(ctx, email="admin@demo.example", full_name="Agnès Collin", organization_id=org, admin=True)
    await ensure_user(ctx, email="direction@demo.example", full_name="Philippe Garnier", organization_id=org)
    await ensure_user(ctx, email="gouvernance@demo.example", full_name="Monique Lambert", organization_id=org)
    await ensure_user(ctx, email="drh@demo.example", full_name="Sandrine Faure", organization_id=org)
    await ensure_user(ctx, email="cgt.ds@demo.example", full_name="Rachid Amrani", organization_id=org)
    await ensure_user(ctx, email="president.ca@demo.example", full_name="Bernard Chevalier", organization_id=org)
    for email, name, _, _ in TITULAIRES:
        await ensure_user(ctx, email=email, full_name=name, organization_id=org)
    for email, name, _, _, _ in SUPPLEANTS:
        await ensure_user(ctx, email=email, full_name=name, organization_id=org, password=email.startswith("lea."))

    await ensure_body(
        ctx,
        key="cse",
        name="CSE de l'Association Les Tilleuls",
        kind="cse",
        headcount_at_election=HEADCOUNT_AT_ELECTION,
    )
    await ensure_body(ctx, key="cssct", name="CSSCT", kind="cssct")
    await ensure_body(ctx, key="board", name="Conseil d'administration", kind="board")
    await ensure_body(ctx, key="codir", name="Comité de direction", kind="direction_committee")

    await ensure_member(ctx, body="cse", email="direction@demo.example", college="direction", role="president")
    await ensure_member(ctx, body="cse", email="drh@demo.example", college="direction", role="guest")
    roles = {"secretaire@demo.example": "secretary", "tresorier@demo.example": "treasurer"}
    for email, _, union, electoral in TITULAIRES:
        await ensure_member(
            ctx,
            body="cse",
            email=email,
            college="elus",
            role=roles.get(email, "titular"),
            union=union,
            electoral_college=electoral,
            election=DEMO_ELECTION.get(email),
        )
    for email, _, union, electoral, titular in SUPPLEANTS:
        await ensure_member(
            ctx,
            body="cse",
            email=email,
            college="elus",
            role="substitute",
            union=union,
            electoral_college=electoral,
            substitute_for=titular,
            election=DEMO_ELECTION.get(email),
        )
    await ensure_member(
        ctx, body="cse", email="cgt.ds@demo.example", college="elus", role="union_representative", union="CGT"
    )

    await ensure_member(ctx, body="cssct", email="direction@demo.example", college="direction", role="president")
    for email in ("secretaire@demo.example", "nadia.benali@demo.example", "tresorier@demo.example"):
        await ensure_member(ctx, body="cssct", email=email, college="elus", role="titular")

    await ensure_member(ctx, body="board", email="president.ca@demo.example", college="gouvernance", role="president")
    await ensure_member(ctx, body="board", email="gouvernance@demo.example", college="gouvernance", role="guest")
    await ensure_member(ctx, body="board", email="direction@demo.example", college="direction", role="guest")

    await ensure_member(ctx, body="codir", email="direction@demo.example", college="direction", role="president")
    await ensure_member(ctx, body="codir", email="drh@demo.example", college="direction", role="guest")

    ctx.neighbour_id = await ensure_organization(ctx, name=NEIGHBOUR_ORG, headcount=85)
    await ensure_user(
        ctx, email="admin@voisine.example", full_name="Gérard Blanc", organization_id=ctx.neighbour_id, admin=True
    )
    await ensure_body(ctx, key="voisine_cse", name="CSE de La Voisine", kind="cse", organization_id=ctx.neighbour_id)


# (email, full name, union, electoral college, votes) of the SESSAD's élus: 40 employees → 2 titulaires (R2314-1).
SESSAD_TITULAIRES = [
    ("manon.leroy@demo.example", "Manon Leroy", "CFDT", "1er collège", 21),
    ("yannick.brun@demo.example", "Yannick Brun", "CGT", "1er collège", 14),
]
SESSAD_SUPPLEANTS = [
    ("ludivine.caron@demo.example", "Ludivine Caron", "CFDT", "1er collège", 19),
    ("samir.khelifi@demo.example", "Samir Khelifi", "CGT", "1er collège", 12),
]


async def sessad_step(ctx: DemoContext) -> None:
    """A small établissement distinct with its own CSE and the CSE central (L2313-1, L2316-1).

    The SESSAD has 40 employees but the association 320: its CSE has the >= 50 attributions (L2312-1: 4 SSCT
    meetings, PV, joint agenda, deemed opinions) with the seats and hours of a 40-person unit (R2314-1: 2 titulaires,
    10 h a month)."""
    org = ctx.organization_id
    await ensure_establishment(ctx, key="sessad", name="SESSAD Les Lucioles (Bron)", headcount=40)
    await ensure_user(ctx, email="direction.sessad@demo.example", full_name="Élodie Vasseur", organization_id=org)
    for email, name, *_ in (*SESSAD_TITULAIRES, *SESSAD_SUPPLEANTS):
        await ensure_user(ctx, email=email, full_name=name, organization_id=org, password=email.startswith("manon."))
    await ensure_body(
        ctx,
        key="sessad_cse",
        name="CSE d'établissement du SESSAD Les Lucioles",
        kind="cse",
        establishment="sessad",
        headcount_at_election=HEADCOUNT_AT_ELECTION,
    )
    await ensure_member(
        ctx, body="sessad_cse", email="direction.sessad@demo.example", college="direction", role="president"
    )
    for index, (email, _, union, electoral, votes) in enumerate(SESSAD_TITULAIRES):
        await ensure_member(
            ctx,
            body="sessad_cse",
            email=email,
            college="elus",
            role="secretary" if index == 0 else "titular",
            union=union,
            electoral_college=electoral,
            election=("ouvriers_employes", votes),
        )
    for email, _, union, electoral, votes in SESSAD_SUPPLEANTS:
        await ensure_member(
            ctx,
            body="sessad_cse",
            email=email,
            college="elus",
            role="substitute",
            union=union,
            electoral_college=electoral,
            election=("ouvriers_employes", votes),
        )

    await ensure_body(
        ctx,
        key="cse_central",
        name="CSE central de l'Association Les Tilleuls",
        kind="cse_central",
        headcount_at_election=HEADCOUNT_AT_ELECTION,
    )
    await ensure_member(ctx, body="cse_central", email="direction@demo.example", college="direction", role="president")
    central = [
        ("secretaire@demo.example", "secretary", "CFDT"),
        ("elu@demo.example", "titular", "CGT"),
        ("manon.leroy@demo.example", "titular", "CFDT"),
    ]
    for email, role, union in central:
        await ensure_member(
            ctx,
            body="cse_central",
            email=email,
            college="elus",
            role=role,
            union=union,
            electoral_college="1er collège",
        )


#: Ordered demo steps; each later module appends its own.
DEMO_STEPS: list[DemoStep] = [
    foundation_step,
    sessad_step,
    registers_step,
    qvt_demo_step,
    negotiations_demo,
    ssct_demo,
    meetings_demo_step,
    notifications_demo.demo_step,
    bdese_demo,
    documents_demo,
    link_documents_step,
    consultation_bdese_demo,
    reglement_demo,
    meeting_documents_demo,
    annexes_demo,
    elections_demo,
    qvt_axes_demo_step,
    diagnosis_demo,
    designations_demo,
    establishments_demo,
    delegation_demo,
    budgets_demo,
    qvt_steps_demo,
    networks_demo,
]


async def load_demo(*, settings: Settings) -> str:
    """Run every step in one transaction; returns a French summary of what was created."""
    ctx = DemoContext(settings=settings)
    async with transaction():
        for step in DEMO_STEPS:
            await step(ctx)
    if not ctx.created:
        return "Données de démonstration déjà présentes : rien à faire."
    return (
        "Données de démonstration chargées : "
        + ", ".join(ctx.created[:12])
        + (f" (+{len(ctx.created) - 12})" if len(ctx.created) > 12 else "")
    )
