"""Demo data for the CSSCT's health and safety work: inspections, a serious accident and its inquiry with
follow-up actions, a DUERP review and a psychosocial risk analysis. Dates follow today so the yearly
obligations always show something done, something due and something late."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from dialogue.bodies.demo import DemoContext
from dialogue.core.clock import local_today, utcnow
from dialogue.ssct.tables import SeriousAccident, SsctAction, SsctMission

ACCIDENT = "Chute d'une aide-soignante lors d'un transfert lit-fauteuil : sangle du lève-personne rompue"
PARTICIPANTS = [
    {"name": "Camille Lefèvre", "member_id": None, "role": "secrétaire du CSE"},
    {"name": "Nadia Benali", "member_id": None, "role": "membre de la CSSCT"},
    {"name": "Dr Anne Vasseur", "member_id": None, "role": "médecin du travail"},
]


async def _mission(ctx: DemoContext, *, body: str, title: str, **values: Any) -> tuple[int, bool]:
    body_id = ctx.bodies[body]
    row = (
        await SsctMission.select(SsctMission.id)
        .where((SsctMission.body == body_id) & (SsctMission.title == title))
        .first()
    )
    if row:
        return int(row["id"]), False
    now = utcnow()
    mission = SsctMission(
        body=body_id,
        title=title,
        participants=json.dumps(PARTICIPANTS, ensure_ascii=False),
        created_by=ctx.users["secretaire@demo.example"],
        created_at=now,
        updated_at=now,
        **values,
    )
    await mission.save()
    ctx.created.append(f"mission SSCT « {title} »")
    return int(mission.id), True


async def _action(ctx: DemoContext, mission_id: int, **values: Any) -> None:
    await SsctAction(
        mission=mission_id, created_by=ctx.users["secretaire@demo.example"], created_at=utcnow(), **values
    ).save()


async def demo_step(ctx: DemoContext) -> None:
    """Missions of the CSSCT (and one of the CSE), idempotent by title."""
    today = local_today()

    def ago(days: int) -> date:
        return today - timedelta(days=days)

    first, created = await _mission(
        ctx,
        body="cssct",
        title="Inspection — EHPAD Les Tilleuls, unité protégée et PASA",
        kind="inspection",
        status="closed",
        planned_on=ago(150),
        started_on=ago(150),
        reported_on=ago(140),
        closed_on=ago(100),
        place="EHPAD Les Tilleuls (Villeurbanne)",
        findings="Rails de transfert absents dans 4 chambres sur 14 ; éclairage nocturne insuffisant, couloir B.",
        recommendations="Équiper les 4 chambres de rails plafonniers ; remplacer les veilleuses du couloir B.",
    )
    if created:
        await _action(
            ctx,
            first,
            description="Pose de rails plafonniers dans les chambres 104, 108, 112 et 115",
            owner="Services techniques — M. Lopez",
            due_on=ago(60),
            status="done",
            done_on=ago(70),
            employer_answer="Accepté : travaux inscrits au plan d'investissement, réalisés au printemps.",
            answered_on=ago(130),
        )
    await _mission(
        ctx,
        body="cssct",
        title="Inspection — IME La Source, ateliers et cuisine pédagogique",
        kind="inspection",
        status="reported",
        planned_on=ago(60),
        started_on=ago(60),
        reported_on=ago(50),
        place="IME La Source (Vaulx-en-Velin)",
        findings="Extincteur de l'atelier bois périmé ; plan de travail de la cuisine trop bas pour deux éducatrices.",
        recommendations="Vérification annuelle des extincteurs ; plans de travail réglables en hauteur.",
    )
    await _mission(
        ctx,
        body="cssct",
        title="Inspection — EHPAD Les Tilleuls, lingerie et cuisine centrale",
        kind="inspection",
        status="planned",
        planned_on=today + timedelta(days=20),
        place="EHPAD Les Tilleuls (Villeurbanne)",
    )

    body_id = ctx.bodies["cssct"]
    accident = (
        await SeriousAccident.select(SeriousAccident.id)
        .where((SeriousAccident.body == body_id) & (SeriousAccident.description == ACCIDENT))
        .first()
    )
    if accident is None:
        row = SeriousAccident(
            body=body_id,
            occurred_on=ago(45),
            kind="work_accident",
            description=ACCIDENT,
            place="EHPAD Les Tilleuls — chambre 212",
            lost_days=21,
            created_by=ctx.users["direction@demo.example"],
            created_at=utcnow(),
        )
        await row.save()
        accident_id = int(row.id)
        ctx.created.append("accident du travail grave")
    else:
        accident_id = int(accident["id"])
    inquiry, created = await _mission(
        ctx,
        body="cssct",
        title="Enquête après l'accident du travail — transfert avec lève-personne",
        kind="accident_inquiry",
        status="reported",
        planned_on=ago(40),
        started_on=ago(40),
        reported_on=ago(30),
        place="EHPAD Les Tilleuls — 2e étage",
        accident=accident_id,
        findings="Sangle utilisée au-delà de sa durée de vie ; aucun registre de vérification des lève-personnes ; "
        "transfert réalisé seule faute de binôme disponible la nuit.",
        recommendations="Registre de contrôle des aides techniques ; renouvellement des sangles ; "
        "binôme obligatoire pour les transferts la nuit.",
    )
    if created:
        await _action(
            ctx,
            inquiry,
            description="Remplacer toutes les sangles de lève-personne de plus de deux ans",
            owner="Services techniques — M. Lopez",
            due_on=ago(5),
            status="open",
            employer_answer="Accepté : commande passée auprès du fournisseur.",
            answered_on=ago(25),
        )
        await _action(
            ctx,
            inquiry,
            description="Formation manutention des résidents (PRAP 2S) pour l'équipe de nuit",
            owner="DRH — Sandrine Faure",
            due_on=today + timedelta(days=60),
            status="in_progress",
        )
        await _action(
            ctx,
            inquiry,
            description="Binôme obligatoire pour les transferts la nuit",
            owner="Direction des soins",
            due_on=today + timedelta(days=10),
            status="open",
        )
    await _mission(
        ctx,
        body="cssct",
        title=f"Revue annuelle du DUERP {today.year}",
        kind="duerp_review",
        status="planned",
        planned_on=today + timedelta(days=30),
        place="Siège",
        description="Mise à jour annuelle du document unique (R4121-2) et du PAPRIPACT.",
    )
    await _mission(
        ctx,
        body="cse",
        title="Analyse des risques psychosociaux — IME La Source",
        kind="risk_analysis",
        status="in_progress",
        planned_on=ago(20),
        started_on=ago(15),
        place="IME La Source (Vaulx-en-Velin)",
        description="Entretiens collectifs avec les équipes éducatives après la hausse des arrêts de travail.",
    )
