"""Demo data of the multi-establishment association: the agreement setting its two établissements distincts
(L2313-2), the CSE central's suppléants designated by each establishment CSE (L2316-4), and a company project
consulted at the CSE central and in both establishment CSEs (R2312-6 II)."""

from __future__ import annotations

import json
from datetime import date, timedelta

from dialogue.bodies.demo import DemoContext, ensure_member
from dialogue.consultations.tables import Consultation
from dialogue.core.clock import local_today, utcnow
from dialogue.establishments.tables import ConsultationLink, EstablishmentScope

SCOPE_REFERENCE = "Accord d'entreprise du 12 janvier 2024 sur les établissements distincts"
PROJECT = "Regroupement des fonctions support (paie, achats) au siège de l'association"


async def _scope(ctx: DemoContext) -> None:
    exists = await EstablishmentScope.exists().where(
        (EstablishmentScope.organization == ctx.organization_id) & (EstablishmentScope.reference == SCOPE_REFERENCE)
    )
    if exists:
        return
    perimeters = [
        {
            "name": "Les Tilleuls (EHPAD et IME)",
            "body_id": ctx.bodies["cse"],
            "establishment_ids": [ctx.establishments["ehpad"], ctx.establishments["ime"]],
        },
        {
            "name": "SESSAD Les Lucioles",
            "body_id": ctx.bodies["sessad_cse"],
            "establishment_ids": [ctx.establishments["sessad"]],
        },
    ]
    await EstablishmentScope(
        organization=ctx.organization_id,
        basis="company_agreement",
        decided_on=date(2024, 1, 12),
        reference=SCOPE_REFERENCE,
        perimeters=json.dumps(perimeters),
        notes="Accord majoritaire signé par la CFDT, la CGT et FO (L2313-2, L2232-12).",
        created_at=utcnow(),
    ).save()
    ctx.created.append("établissements distincts")


async def _central_substitutes(ctx: DemoContext) -> None:
    """Each establishment CSE designates as many suppléants as titulaires (L2316-4): two from Les Tilleuls, one
    from the SESSAD."""
    for email, union in (
        ("nadia.benali@demo.example", "CFDT"),
        ("karim.haddad@demo.example", "CGT"),
        ("ludivine.caron@demo.example", "CFDT"),
    ):
        await ensure_member(
            ctx,
            body="cse_central",
            email=email,
            college="elus",
            role="substitute",
            union=union,
            electoral_college="1er collège",
        )


async def _consultation(ctx: DemoContext, *, body: str, level: str, informed_on: date) -> tuple[int, bool]:
    row = (
        await Consultation.select(Consultation.id)
        .where((Consultation.body == ctx.bodies[body]) & (Consultation.subject == PROJECT))
        .first()
    )
    if row:
        return int(row["id"]), False
    moment = utcnow()
    consultation = Consultation(
        body=ctx.bodies[body],
        subject=PROJECT,
        kind="ponctual",
        description="Projet de l'association : la paie et les achats des établissements sont regroupés au siège.",
        informed_on=informed_on,
        level=level,
        multi_level=True,
        created_by=ctx.users["direction@demo.example"],
        created_at=moment,
        updated_at=moment,
    )
    await consultation.save()
    return int(consultation.id), True


async def _linked_consultation(ctx: DemoContext) -> None:
    """Informed 20 days ago: the CSE central's opinion is due in about ten days, the establishments' 7 days before
    (R2312-6 II). Les Tilleuls gave and transmitted a positive opinion; the SESSAD has not voted yet."""
    today = local_today()
    informed_on = today - timedelta(days=20)
    central, created = await _consultation(ctx, body="cse_central", level="central", informed_on=informed_on)
    tilleuls, _ = await _consultation(ctx, body="cse", level="establishment", informed_on=informed_on)
    sessad, _ = await _consultation(ctx, body="sessad_cse", level="establishment", informed_on=informed_on)
    if not created:
        return
    await Consultation.update(
        {
            Consultation.opinion: "positive",
            Consultation.opinion_text: "Avis favorable, sous réserve du maintien d'un référent paie sur chaque site.",
            Consultation.opinion_on: today - timedelta(days=2),
        }
    ).where(Consultation.id == tilleuls)
    for establishment, transmitted_on in ((tilleuls, today - timedelta(days=1)), (sessad, None)):
        await ConsultationLink(
            central_consultation=central,
            establishment_consultation=establishment,
            transmitted_on=transmitted_on,
            created_by=ctx.users["direction@demo.example"],
            created_at=utcnow(),
        ).save()
    ctx.created.append("consultation reliée CSE central / établissements")


async def demo_step(ctx: DemoContext) -> None:
    """The établissements distincts, the CSE central's suppléants and one linked consultation (idempotent)."""
    await _scope(ctx)
    await _central_substitutes(ctx)
    await _linked_consultation(ctx)
