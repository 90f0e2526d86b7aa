"""Demo of a regional network: four organisations (the association, its neighbour and two more) accompanied by
an agency's facilitator, two collective days and two support visits, steps at different stages, three published
experience sheets (a fourth awaiting its staff representative's approval) and a benchmark of three contributions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from dialogue.bodies.demo import DemoContext, ensure_body, ensure_member, ensure_organization, ensure_user
from dialogue.core.clock import local_today, utcnow
from dialogue.networks import nudges, rules
from dialogue.networks.tables import (
    Network,
    NetworkAttendance,
    NetworkContribution,
    NetworkFacilitator,
    NetworkMembership,
    NetworkParticipant,
    NetworkSession,
    NetworkSheet,
)
from dialogue.notifications import demo as notifications_demo
from dialogue.qvt.rules.steps import CHECKLISTS, STEP_KINDS, add_months
from dialogue.qvt.step_tables import QvtStep
from dialogue.qvt.steps_demo import ensure_approach
from dialogue.qvt.tables import QvtActionProposal

NETWORK = "Cluster QVT médico-social du Rhône"
HOST = "Agence régionale pour l'amélioration des conditions de travail"
FACILITATOR = "facilitatrice@reseau.example"

#: (key, name, headcount, establishment type, admin, [(email, full name, side)]) of the two other members.
OTHERS: tuple[tuple[str, str, int, str, str, tuple[tuple[str, str, str], ...]], ...] = (
    (
        "cedres",
        "Fondation Les Cèdres",
        140,
        "EHPAD",
        "admin@cedres.example",
        (
            ("direction@cedres.example", "Nathalie Perret", "direction"),
            ("ide@cedres.example", "Bruno Lemaire", "professional"),
            ("elue@cedres.example", "Martine Giraud", "staff_representative"),
        ),
    ),
    (
        "apei",
        "APEI Val de Saône",
        210,
        "IME",
        "admin@apei.example",
        (
            ("direction@apei.example", "Laurent Michaud", "direction"),
            ("educ@apei.example", "Aurélie Besson", "professional"),
            ("elu@apei.example", "Karim Saidi", "staff_representative"),
        ),
    ),
)
VOISINE_PEOPLE = (
    ("direction@voisine.example", "Hélène Marchal", "direction"),
    ("aide@voisine.example", "Julie Caron", "professional"),
    ("elu@voisine.example", "Patrice Noël", "staff_representative"),
)
TILLEULS_TRINOME = (
    ("direction@demo.example", "direction"),
    ("referente.qvt@demo.example", "professional"),
    ("secretaire@demo.example", "staff_representative"),
)

SHEETS = (
    (
        "voisine",
        "Un rituel d'accueil des nouveaux en binôme",
        "relations",
        "Foyer de vie",
        {
            "problem": "Les nouveaux salariés partaient souvent dans les trois premiers mois.",
            "proposal": "Chaque nouvel arrivant est accueilli par un binôme volontaire pendant quatre semaines.",
            "evaluation_results": "Départs pendant la période d'essai divisés par deux en un an.",
            "lessons_learned": "Le binôme doit être déchargé d'une partie de son planning pour que cela tienne.",
        },
    ),
    (
        "cedres",
        "Des plannings construits à quatre semaines avec les équipes",
        "organisation_du_travail",
        "EHPAD",
        {
            "problem": "Les plannings changeaient au dernier moment, les week-ends surtout.",
            "proposal": "Les plannings sont construits quatre semaines à l'avance en atelier avec les équipes.",
            "evaluation_results": "Rappels sur repos en baisse de 40 % sur six mois.",
            "lessons_learned": "Associer les équipes de nuit dès le premier atelier.",
        },
    ),
    (
        "apei",
        "Le droit à l'erreur affiché et discuté en équipe",
        "management",
        "IME",
        {
            "problem": "Les erreurs étaient tues par peur d'être sanctionné.",
            "proposal": "Une charte du droit à l'erreur et un temps d'analyse sans reproche chaque mois.",
            "evaluation_results": "Trois fois plus d'événements signalés, sans hausse des incidents graves.",
            "lessons_learned": "La direction doit être la première à parler de ses propres erreurs.",
        },
    ),
)
#: Barometer theme means (on 5) of the three organisations that published their results (above their threshold).
CONTRIBUTIONS: dict[str, dict[str, float]] = {
    "voisine": {"sens_du_travail": 3.9, "relations": 3.6, "management": 3.1, "organisation_du_travail": 2.6},
    "cedres": {"sens_du_travail": 3.7, "relations": 3.2, "management": 3.4, "organisation_du_travail": 2.9},
    "apei": {"sens_du_travail": 4.1, "relations": 3.8, "management": 2.8, "organisation_du_travail": 3.2},
}


async def _ensure_trinome(membership_id: int, people: list[tuple[int, str]]) -> None:
    if await NetworkParticipant.exists().where(NetworkParticipant.membership == membership_id):
        return
    for user_id, side in people:
        await NetworkParticipant.insert(NetworkParticipant(membership=membership_id, user=user_id, side=side))


async def _ensure_membership(
    network_id: int, organization_id: int, *, kind: str, steering: int, inviter: int, months_ago: int
) -> int:
    row = (
        await NetworkMembership.select(NetworkMembership.id)
        .where((NetworkMembership.network == network_id) & (NetworkMembership.organization == organization_id))
        .first()
    )
    if row:
        return int(row["id"])
    joined = utcnow() - timedelta(days=30 * months_ago)
    membership = NetworkMembership(
        network=network_id,
        organization=organization_id,
        status="active",
        establishment_type=kind,
        steering_body_id=steering,
        invited_at=joined - timedelta(days=10),
        invited_by=inviter,
        joined_at=joined,
    )
    await membership.save()
    return int(membership.id)


async def _stalled_approach(organization_id: int, body_id: int) -> None:
    """La Voisine: the preparation began eight months ago and should have ended three months ago."""
    if await QvtStep.exists().where(QvtStep.body == body_id):
        return
    today = local_today()
    keys = [k for k, _ in CHECKLISTS["prepare"]]
    await QvtStep.insert(
        QvtStep(
            organization=organization_id,
            body=body_id,
            kind=STEP_KINDS[0],
            started_on=add_months(today, -8),
            planned_end_on=add_months(today, -3),
            completed_on=None,
            checklist=keys[:2],
            notes="Le comité de pilotage ne s'est pas réuni depuis l'été.",
            benefits="",
            updated_at=utcnow() - timedelta(days=100),
        )
    )


async def _ensure_sessions(network_id: int, facilitator: int, orgs: dict[str, int]) -> None:
    if await NetworkSession.exists().where(NetworkSession.network == network_id):
        return
    today = local_today()
    sessions: list[dict[str, Any]] = [
        {
            "kind": "collective_day",
            "title": "Journée collective 1 — lancer la démarche",
            "held_on": add_months(today, -5),
            "place": "Lyon, Maison des associations",
            "themes": ["right_to_error", "welcoming", "diagnosis"],
            "agenda": "Tour de table des trinômes ; les enjeux de chacun ; le droit à l'erreur ; le diagnostic.",
            "attendance": {"tilleuls": 3, "voisine": 2, "cedres": 3, "apei": 3},
        },
        {
            "kind": "collective_day",
            "title": "Journée collective 2 — les espaces de discussion",
            "held_on": add_months(today, -1),
            "place": "Villeurbanne, EHPAD Les Tilleuls",
            "themes": ["discussion_spaces", "recognition", "planning"],
            "agenda": "« Vis mon travail », photo-diagnostic, situation-problème : retours d'expérience croisés.",
            "attendance": {"tilleuls": 3, "cedres": 2, "apei": 3},
        },
        {
            "kind": "support_visit",
            "organization": "tilleuls",
            "title": "Visite d'appui — préparer l'expérimentation",
            "held_on": add_months(today, -4),
            "themes": ["discussion_spaces"],
            "notes": "Le trinôme choisit l'unité Les Lilas ; prévoir de remplacer les soignants pendant les échanges.",
            "attendance": {"tilleuls": 3},
        },
        {
            "kind": "support_visit",
            "organization": "cedres",
            "title": "Visite d'appui — préparer l'évaluation",
            "held_on": add_months(today, -2),
            "themes": ["evaluation"],
            "notes": "Les indicateurs d'absentéisme sont disponibles ; l'enquête de fin sera faite en janvier.",
            "attendance": {"cedres": 2},
        },
    ]
    for s in sessions:
        org_key = s.get("organization")
        row = NetworkSession(
            network=network_id,
            kind=s["kind"],
            organization=orgs[org_key] if org_key else None,
            title=s["title"],
            held_on=s["held_on"],
            place=s.get("place", ""),
            themes=s["themes"],
            agenda=s.get("agenda", ""),
            notes=s.get("notes", ""),
            document_ids=[],
            created_by=facilitator,
            created_at=utcnow(),
        )
        await row.save()
        for key, count in s["attendance"].items():
            await NetworkAttendance.insert(NetworkAttendance(session=row.id, organization=orgs[key], attendees=count))


async def _ensure_sheets(network_id: int, orgs: dict[str, int], trinomes: dict[str, list[tuple[int, str]]]) -> None:
    if await NetworkSheet.exists().where(NetworkSheet.network == network_id):
        return
    now = utcnow()
    for key, title, theme, kind, content in SHEETS:
        approvals = {side: user for user, side in trinomes[key]}
        await NetworkSheet.insert(
            NetworkSheet(
                network=network_id,
                organization=orgs[key],
                action_id=0,
                title=title,
                theme=theme,
                establishment_type=kind,
                content=content,
                status="published",
                approvals=approvals,
                created_at=now - timedelta(days=20),
                published_at=now - timedelta(days=10),
            )
        )
    action = (
        await QvtActionProposal.select()
        .where((QvtActionProposal.organization == orgs["tilleuls"]) & (QvtActionProposal.status == "evaluated"))
        .first()
    )
    if action is None:
        return
    names = [f"{p}" for p in ("Camille Lefèvre", "Philippe Garnier", "Claire Vidal", "Émilie Rousseau")]
    content = {
        key: rules.strip_names(str(action[key] or ""), names)
        for key in ("problem", "proposal", "evaluation_results", "lessons_learned")
        if action[key]
    }
    approvals = {side: user for user, side in trinomes["tilleuls"] if side != "staff_representative"}
    await NetworkSheet.insert(
        NetworkSheet(
            network=network_id,
            organization=orgs["tilleuls"],
            action_id=action["id"],
            title=action["title"],
            theme=action["theme"] or "",
            establishment_type="EHPAD",
            content=content,
            status="draft",
            approvals=approvals,
            created_at=now - timedelta(days=3),
        )
    )


async def _ensure_contributions(network_id: int, orgs: dict[str, int], publishers: dict[str, int]) -> None:
    if await NetworkContribution.exists().where(NetworkContribution.network == network_id):
        return
    for key, themes in CONTRIBUTIONS.items():
        await NetworkContribution.insert(
            NetworkContribution(
                network=network_id,
                organization=orgs[key],
                barometer_id=None,
                year=local_today().year,
                themes=themes,
                indicators={},
                status="published",
                published_by=publishers[key],
                published_at=utcnow() - timedelta(days=15),
            )
        )


async def demo_step(ctx: DemoContext) -> None:
    """The regional network and its four members (after the QVT demo: it reuses the association's committee)."""
    host = await ensure_organization(ctx, name=HOST, headcount=25)
    facilitator = await ensure_user(ctx, email=FACILITATOR, full_name="Sandrine Morel", organization_id=host)
    await ensure_user(ctx, email="admin@reseau.example", full_name="Didier Aubert", organization_id=host, admin=True)
    orgs = {"tilleuls": ctx.organization_id, "voisine": ctx.neighbour_id}
    admins = {"voisine": ctx.users["admin@voisine.example"]}
    trinomes: dict[str, list[tuple[int, str]]] = {
        "tilleuls": [(ctx.users[email], side) for email, side in TILLEULS_TRINOME],
    }
    groups: list[tuple[str, tuple[tuple[str, str, str], ...]]] = [("voisine", VOISINE_PEOPLE)]
    for key, name, headcount, _, admin, people in OTHERS:
        orgs[key] = await ensure_organization(ctx, name=name, headcount=headcount)
        admins[key] = await ensure_user(
            ctx, email=admin, full_name=f"Administration {name}", organization_id=orgs[key], admin=True
        )
        groups.append((key, people))
    steering = {"tilleuls": ctx.bodies["qvt"]}
    for key, people in groups:
        for email, full_name, _ in people:
            await ensure_user(ctx, email=email, full_name=full_name, organization_id=orgs[key])
        steering[key] = await ensure_body(
            ctx, key=f"qvt_{key}", name="Comité de pilotage QVT", kind="qvt_steering", organization_id=orgs[key]
        )
        for email, _, side in people:
            college = {"direction": "direction", "professional": "elus", "staff_representative": "elus"}[side]
            role = {"direction": "president", "professional": "guest", "staff_representative": "titular"}[side]
            await ensure_member(ctx, body=f"qvt_{key}", email=email, college=college, role=role)
        trinomes[key] = [(ctx.users[email], side) for email, _, side in people]

    row = await Network.select(Network.id).where(Network.name == NETWORK).first()
    if row:
        network_id = int(row["id"])
    else:
        network = Network(
            host=host,
            name=NETWORK,
            kind="cluster",
            region="Auvergne-Rhône-Alpes",
            description="Quatre associations du médico-social accompagnées dans leur démarche QVT sur dix-huit mois.",
            created_at=utcnow(),
        )
        await network.save()
        network_id = int(network.id)
        await NetworkFacilitator.insert(NetworkFacilitator(network=network_id, user=facilitator))
        ctx.created.append(f"réseau {NETWORK}")
    kinds = {"tilleuls": "EHPAD", "voisine": "Foyer de vie", "cedres": "EHPAD", "apei": "IME"}
    for key in ("tilleuls", "voisine", "cedres", "apei"):
        membership = await _ensure_membership(
            network_id, orgs[key], kind=kinds[key], steering=steering[key], inviter=facilitator, months_ago=14
        )
        await _ensure_trinome(membership, trinomes[key])
    await _stalled_approach(orgs["voisine"], steering["voisine"])
    await ensure_approach(
        ctx, organization_id=orgs["cedres"], body_id=steering["cedres"], done=4, in_progress=True, months_ago=16
    )
    await ensure_approach(
        ctx, organization_id=orgs["apei"], body_id=steering["apei"], done=1, in_progress=True, months_ago=6
    )
    await _ensure_sessions(network_id, facilitator, orgs)
    await _ensure_sheets(network_id, orgs, trinomes)
    publishers = {key: people[0] for key, people in ((k, [u for u, _ in v]) for k, v in trinomes.items())}
    await _ensure_contributions(network_id, orgs, publishers)
    # La Voisine's stalled step, announced by the scheduled job as on the morning after its stall began.
    nudged = await nudges.stalled_step_nudges(today=local_today(), settings=ctx.settings)
    await notifications_demo.delivered(nudged, at=utcnow() - timedelta(hours=2))
    ctx.created += [f"notification {key}" for key in nudged]
