"""Demo data of the QVT approach (idempotent): the steering committee, its stakes, two working groups,
a discussion space session, the action plan, last year's barometer with its answers, this year's campaign open.
"""

from __future__ import annotations

import hashlib
import random
import secrets
from datetime import UTC, date, datetime, timedelta
from typing import Any

from dialogue.bodies.demo import DemoContext, ensure_body, ensure_member, ensure_user
from dialogue.core.clock import local_today, utcnow
from dialogue.qvt import rules
from dialogue.qvt.tables import (
    Barometer,
    BarometerAnswer,
    BarometerComment,
    BarometerGroup,
    BarometerLink,
    BarometerQuestion,
    BarometerResponse,
    QvtActionPriority,
    QvtActionProposal,
    QvtDiscussionOutcome,
    QvtDiscussionSession,
    QvtPriority,
    QvtWorkingGroup,
    QvtWorkingGroupMeeting,
    QvtWorkingGroupMember,
    QvtWorkingGroupPriority,
)

STEERING = "Comité de pilotage QVT"
DEMO_CODES = 3
"""This year's campaign has a few codes derived from a public seed, so the demo form can be tried."""

#: (key, kind, rank, title, description, identified month)
STAKES = [
    (
        "erreur",
        "priority",
        1,
        "Droit à l'erreur",
        "Pouvoir signaler une erreur ou un presque-accident sans crainte, pour en tirer des enseignements "
        "collectifs plutôt que chercher un coupable.",
        1,
    ),
    (
        "plannings",
        "priority",
        2,
        "Plannings et travail le week-end",
        "Plannings connus au moins quatre semaines à l'avance, équité dans la répartition des week-ends, "
        "limiter les rappels sur les repos.",
        1,
    ),
    (
        "transmissions",
        "priority",
        3,
        "Transmissions et réunions",
        "Des temps de transmission protégés entre équipes de jour et de nuit ; des réunions d'équipe utiles et tenues.",
        2,
    ),
    (
        "accueil",
        "priority",
        4,
        "Accueil des nouveaux",
        "Un parcours d'intégration pour les nouveaux salariés et les remplaçants : livret, binôme, point à un mois.",
        2,
    ),
    (
        "cohesion",
        "stake",
        None,
        "Cohésion d'équipe",
        "Des équipes éclatées entre services et horaires ; peu de temps pour se connaître et s'entraider.",
        3,
    ),
    (
        "repos",
        "stake",
        None,
        "Conditions de travail et de repos",
        "Salles de pause, temps de pause effectivement pris, port de charges à l'unité protégée.",
        3,
    ),
]

#: (establishment key or None, department, invited, answered, offset on the theme means)
PREVIOUS_GROUPS = [
    ("ehpad", "Hébergement", 14, 12, 0.0, 0),
    ("ehpad", "Unité protégée", 10, 8, -0.3, 0),
    ("ime", "Internat", 12, 9, 0.1, 0),
    ("ime", "Externat", 8, 6, 0.3, 0),
    (None, "Services administratifs", 4, 3, 0.2, 0),
    # Four of Cuisine's six codes were created after opening and all served: the group is withheld.
    ("ehpad", "Cuisine", 6, 6, -0.2, 4),
]
"""(establishment, department, codes, answers, offset of the means, codes created after opening)."""
THEME_MEANS = {
    "sens_du_travail": 4.1,
    "relations": 3.7,
    "management": 3.2,
    "organisation_du_travail": 2.6,
    "conditions_de_travail": 2.9,
    "reconnaissance": 2.8,
    "dialogue_social": 3.4,
}
PREVIOUS_COMMENTS = [
    ("organisation_du_travail", "Les plannings changent trop souvent, parfois la veille pour le lendemain."),
    ("organisation_du_travail", "Les transmissions du matin sont trop courtes quand il manque quelqu'un."),
    ("conditions_de_travail", "Il faudrait un second lève-personne à l'unité protégée."),
    ("reconnaissance", "On ne sait jamais si ce qu'on propose est entendu."),
    ("management", "Ma cheffe de service est à l'écoute, mais souvent en réunion."),
    ("general", "Merci de nous demander notre avis, j'espère que cela débouchera sur quelque chose."),
]
THIS_YEAR_GROUPS = [
    ("ehpad", "Hébergement", 20),
    ("ehpad", "Unité protégée", 12),
    ("ime", "Internat", 14),
    ("ime", "Externat", 8),
    (None, "Services administratifs", 5),
]
THIS_YEAR_LATE = ("ehpad", "Unité protégée", 2)
"""Codes the director added after opening: flagged to the whole steering committee."""


def demo_code(year: int, index: int) -> str:
    """A known code of the demo campaign (never use a derived code for a real campaign)."""
    return rules.new_code(hashlib.sha256(f"dialogue-demo-qvt-{year}-{index}".encode()).digest()[:18])


async def _existing_id(table: Any, *, body_id: int, column: Any, value: str) -> int | None:
    """The id of the committee's demo row named `value` in `column`, if an earlier run made it (reruns add nothing)."""
    row = await table.select(table.id).where((table.body == body_id) & (column == value)).first()
    return int(row["id"]) if row is not None else None


async def _ensure_priorities(ctx: DemoContext, body_id: int, year: int) -> dict[str, int]:
    ids: dict[str, int] = {}
    for key, kind, rank, title, description, month in STAKES:
        existing = await _existing_id(QvtPriority, body_id=body_id, column=QvtPriority.title, value=title)
        if existing is None:
            priority = QvtPriority(
                organization=ctx.organization_id,
                body=body_id,
                kind=kind,
                title=title,
                description=description,
                rank=rank,
                identified_on=date(year, month, 20),
                review_on=date(year + 1, month, 20) if kind == "priority" else None,
                status="active",
                created_by=ctx.users["direction@demo.example"],
                created_at=utcnow(),
            )
            await priority.save()
            ctx.created.append(f"priorité QVT {title}")
            ids[key] = int(priority.id)
        else:
            ids[key] = existing
    return ids


async def _ensure_group(
    ctx: DemoContext,
    *,
    body_id: int,
    name: str,
    establishment: str,
    facilitator: str,
    members: list[str],
    priorities: list[int],
    mission: str,
    meetings: list[tuple[str, date, str]],
) -> int:
    existing = await _existing_id(QvtWorkingGroup, body_id=body_id, column=QvtWorkingGroup.name, value=name)
    if existing is not None:
        return existing
    group = QvtWorkingGroup(
        organization=ctx.organization_id,
        body=body_id,
        name=name,
        establishment=ctx.establishments[establishment],
        department=None,
        facilitator=ctx.users[facilitator],
        mission=mission,
        created_at=utcnow(),
    )
    await group.save()
    people = sorted({ctx.users[e] for e in [facilitator, *members]})
    await QvtWorkingGroupMember.insert(*[QvtWorkingGroupMember(working_group=group.id, user=u) for u in people])
    await QvtWorkingGroupPriority.insert(
        *[QvtWorkingGroupPriority(working_group=group.id, priority=p) for p in priorities]
    )
    await QvtWorkingGroupMeeting.insert(
        *[
            QvtWorkingGroupMeeting(
                working_group=group.id, title=title, held_on=held_on, meeting_id=None, notes=notes, created_at=utcnow()
            )
            for title, held_on, notes in meetings
        ]
    )
    ctx.created.append(f"groupe de travail {name}")
    return int(group.id)


async def _ensure_action(
    ctx: DemoContext, *, body_id: int, title: str, values: dict[str, Any], priorities: list[int]
) -> int:
    existing = await _existing_id(QvtActionProposal, body_id=body_id, column=QvtActionProposal.title, value=title)
    if existing is not None:
        return existing
    now = utcnow()
    action = QvtActionProposal(
        organization=ctx.organization_id,
        body=body_id,
        title=title,
        created_by=ctx.users["direction@demo.example"],
        created_at=now,
        updated_at=now,
        **values,
    )
    await action.save()
    await QvtActionPriority.insert(*[QvtActionPriority(action=action.id, priority=p) for p in priorities])
    ctx.created.append(f"action QVT {title}")
    return int(action.id)


async def _ensure_barometer(
    ctx: DemoContext, *, body_id: int, year: int, title: str, status: str, introduction: str
) -> tuple[int, bool]:
    row = (
        await Barometer.select(Barometer.id)
        .where((Barometer.organization == ctx.organization_id) & (Barometer.year == year) & (Barometer.title == title))
        .first()
    )
    if row is not None:
        return int(row["id"]), False
    now = utcnow()
    closed = status == "closed"
    # Last year's campaign ran in October; this year's opened a few days ago for three weeks.
    opened_at = datetime(year, 10, 1, 7, 0, tzinfo=UTC) if closed else now - timedelta(days=3)
    closes_at = datetime(year, 10, 31, 22, 0, tzinfo=UTC) if closed else now + timedelta(days=21)
    barometer = Barometer(
        organization=ctx.organization_id,
        body=body_id,
        title=title,
        year=year,
        status=status,
        introduction=introduction,
        min_group_size=rules.MIN_GROUP_SIZE,
        ask_staff_category=not closed,
        closes_at=closes_at,
        opened_at=opened_at,
        closed_at=closes_at if closed else None,
        created_by=ctx.users["direction@demo.example"],
        created_at=opened_at - timedelta(days=7),
    )
    await barometer.save()
    await BarometerQuestion.insert(
        *[
            BarometerQuestion(barometer=barometer.id, code=code, theme=theme, label=label, position=i)
            for i, (code, theme, label) in enumerate(rules.DEFAULT_QUESTIONS, start=1)
        ]
    )
    ctx.created.append(f"baromètre QVT {year}")
    return int(barometer.id), True


async def _previous_campaign(ctx: DemoContext, body_id: int, year: int) -> None:
    barometer_id, created = await _ensure_barometer(
        ctx,
        body_id=body_id,
        year=year,
        title=f"Baromètre QVT {year}",
        status="closed",
        introduction="Premier baromètre annuel de la démarche QVT de l'association.",
    )
    if not created:
        return
    rng = random.Random(f"dialogue-demo-barometer-{year}")
    questions = await BarometerQuestion.select().where(BarometerQuestion.barometer == barometer_id)
    for establishment, department, invited, answered, offset, late in PREVIOUS_GROUPS:
        est_id = ctx.establishments[establishment] if establishment else None
        group = BarometerGroup(barometer=barometer_id, establishment=est_id, department=department, invited=invited)
        await group.save()
        await BarometerLink.insert(
            *[
                BarometerLink(
                    barometer=barometer_id,
                    group=group.id,
                    token_digest=rules.code_digest(rules.new_code(rng.randbytes(18))),
                    used=i < answered,
                    late=i >= invited - late,
                )
                for i in range(invited)
            ]
        )
        for _ in range(answered):
            response = BarometerResponse(barometer=barometer_id, establishment=est_id, department=department)
            await response.save()
            answers = []
            for q in questions:
                if rng.random() < 0.04:
                    continue  # a few skipped questions, as in real answers
                value = round(rng.gauss(THEME_MEANS[q["theme"]] + offset, 0.8))
                answers.append(BarometerAnswer(response=response.id, question=q["id"], value=min(5, max(1, value))))
            await BarometerAnswer.insert(*answers)
    commenters = await BarometerResponse.select(BarometerResponse.id).where(
        (BarometerResponse.barometer == barometer_id) & (BarometerResponse.department == "Hébergement")
    )
    for (theme, text), commenter in zip(PREVIOUS_COMMENTS, commenters, strict=False):
        await BarometerComment.insert(BarometerComment(response=commenter["id"], theme=theme, text=text))


async def _current_campaign(ctx: DemoContext, body_id: int, year: int) -> None:
    barometer_id, created = await _ensure_barometer(
        ctx,
        body_id=body_id,
        year=year,
        title=f"Baromètre QVT {year}",
        status="open",
        introduction=(
            "Un an après le premier baromètre, dites-nous ce qui a changé. Vingt questions, dix minutes : "
            "vos réponses orientent le plan d'action du comité de pilotage."
        ),
    )
    if not created:
        return
    for index, (establishment, department, invited) in enumerate(THIS_YEAR_GROUPS):
        est_id = ctx.establishments[establishment] if establishment else None
        group = BarometerGroup(barometer=barometer_id, establishment=est_id, department=department, invited=invited)
        await group.save()
        codes = [
            demo_code(year, i) if index == 0 and i < DEMO_CODES else rules.new_code(secrets.token_bytes(18))
            for i in range(invited)
        ]
        await BarometerLink.insert(
            *[BarometerLink(barometer=barometer_id, group=group.id, token_digest=rules.code_digest(c)) for c in codes]
        )
        if (establishment, department) == THIS_YEAR_LATE[:2]:
            late = THIS_YEAR_LATE[2]
            await BarometerGroup.update({BarometerGroup.invited: invited + late}).where(BarometerGroup.id == group.id)
            await BarometerLink.insert(
                *[
                    BarometerLink(
                        barometer=barometer_id,
                        group=group.id,
                        token_digest=rules.code_digest(rules.new_code(secrets.token_bytes(18))),
                        late=True,
                    )
                    for _ in range(late)
                ]
            )
    ctx.created.append(f"code de démonstration du baromètre {year} : {rules.format_code(demo_code(year, 0))}")


async def demo_step(ctx: DemoContext) -> None:
    """The steering committee and its work, from the field's stakes to last year's and this year's barometers."""
    org = ctx.organization_id
    await ensure_user(ctx, email="cadre.ehpad@demo.example", full_name="Émilie Rousseau", organization_id=org)
    await ensure_user(ctx, email="cadre.ime@demo.example", full_name="Youssef Diallo", organization_id=org)
    await ensure_user(ctx, email="referente.qvt@demo.example", full_name="Claire Vidal", organization_id=org)
    body_id = await ensure_body(ctx, key="qvt", name=STEERING, kind="qvt_steering")
    await ensure_member(ctx, body="qvt", email="direction@demo.example", college="direction", role="president")
    await ensure_member(ctx, body="qvt", email="drh@demo.example", college="direction", role="guest")
    await ensure_member(ctx, body="qvt", email="cadre.ehpad@demo.example", college="direction", role="guest")
    await ensure_member(ctx, body="qvt", email="cadre.ime@demo.example", college="direction", role="guest")
    await ensure_member(ctx, body="qvt", email="referente.qvt@demo.example", college="elus", role="guest")
    await ensure_member(ctx, body="qvt", email="secretaire@demo.example", college="elus", role="titular")
    await ensure_member(ctx, body="qvt", email="elu@demo.example", college="elus", role="titular")
    await ensure_member(ctx, body="qvt", email="thomas.girard@demo.example", college="elus", role="titular")

    year = local_today().year
    previous = year - 1
    priorities = await _ensure_priorities(ctx, body_id, year)
    ehpad_group = await _ensure_group(
        ctx,
        body_id=body_id,
        name="Groupe QVT — EHPAD Les Tilleuls",
        establishment="ehpad",
        facilitator="cadre.ehpad@demo.example",
        members=["sophie.marchand@demo.example", "thomas.girard@demo.example", "referente.qvt@demo.example"],
        priorities=[priorities["plannings"], priorities["transmissions"], priorities["repos"]],
        mission="Revoir l'organisation des plannings et des transmissions avec les équipes de jour et de nuit.",
        meetings=[
            ("Lancement du groupe", date(year, 3, 12), "Choix de deux chantiers : plannings, transmissions."),
            ("Retour de l'espace de discussion", date(year, 4, 16), "Synthèse du « vis mon travail » jour/nuit."),
        ],
    )
    await _ensure_group(
        ctx,
        body_id=body_id,
        name="Groupe QVT — IME La Source",
        establishment="ime",
        facilitator="cadre.ime@demo.example",
        members=["nadia.benali@demo.example", "elu@demo.example"],
        priorities=[priorities["accueil"], priorities["erreur"], priorities["cohesion"]],
        mission="Construire l'accueil des nouveaux professionnels et une culture du droit à l'erreur.",
        meetings=[("Lancement du groupe", date(year, 3, 19), "État des lieux de l'accueil des remplaçants.")],
    )

    session = (
        await QvtDiscussionSession.select(QvtDiscussionSession.id)
        .where(
            (QvtDiscussionSession.body == body_id)
            & (QvtDiscussionSession.title == "Vis mon travail : la nuit à l'EHPAD")
        )
        .first()
    )
    outcome_id: int | None = None
    if session is None:
        new_session = QvtDiscussionSession(
            organization=org,
            body=body_id,
            working_group=ehpad_group,
            establishment=ctx.establishments["ehpad"],
            department="Unité protégée",
            format="job_shadowing",
            title="Vis mon travail : la nuit à l'EHPAD",
            held_on=date(year, 4, 9),
            participants_count=8,
            topics=[
                "Transmissions de 21 h et de 7 h",
                "Charge de travail la nuit à l'unité protégée",
                "Rappels sur les repos",
            ],
            facilitator_name="Claire Vidal (référente QVT)",
            created_by=ctx.users["cadre.ehpad@demo.example"],
            created_at=utcnow(),
        )
        await new_session.save()
        outcome = QvtDiscussionOutcome(
            session=new_session.id,
            text="Un temps de transmission croisée de 15 minutes, protégé, entre l'équipe de nuit et celle du matin.",
        )
        await outcome.save()
        outcome_id = int(outcome.id)
        await QvtDiscussionOutcome.insert(
            QvtDiscussionOutcome(
                session=new_session.id, text="Une fiche de transmission commune jour/nuit, testée sur un mois."
            ),
            QvtDiscussionOutcome(
                session=new_session.id, text="Une nuit d'observation par la cheffe de service chaque trimestre."
            ),
        )
        ctx.created.append("séance d'espace de discussion « vis mon travail »")

    transmissions = await _ensure_action(
        ctx,
        body_id=body_id,
        title="Transmissions croisées jour/nuit",
        priorities=[priorities["transmissions"]],
        values={
            "problem": "Les informations se perdent entre l'équipe de nuit et celle du matin ; les soignants du "
            "matin découvrent les incidents de la nuit en cours de tournée.",
            "proposal": "Un temps de transmission orale de 15 minutes, chevauchant les deux équipes, à 6 h 45, "
            "avec une fiche commune.",
            "success_conditions": "Chevauchement inscrit dans les plannings ; remplaçants informés ; fiche courte.",
            "calendar": "Mai : rédaction de la fiche avec les équipes. Juin-septembre : essai à l'unité protégée. "
            "Octobre : bilan et extension.",
            "milestones": [
                {"label": "Fiche de transmission rédigée", "due_on": f"{year}-05-31", "done_on": f"{year}-05-28"},
                {"label": "Essai à l'unité protégée", "due_on": f"{year}-09-30", "done_on": None},
                {"label": "Bilan en comité de pilotage", "due_on": f"{year}-10-31", "done_on": None},
            ],
            "evaluation_criteria": "Nombre d'événements indésirables liés aux transmissions ; ressenti des équipes.",
            "evaluation_method": "Fiches d'événements indésirables avant/après ; questionnaire flash de 3 questions.",
            "target_population": "Soignants de jour et de nuit de l'unité protégée.",
            "complementary_actions": "Pour les remplaçants de l'agence d'intérim : fiche remise à l'arrivée.",
            "establishment": ctx.establishments["ehpad"],
            "working_group": ehpad_group,
            "theme": "organisation_du_travail",
            "owner": ctx.users["cadre.ehpad@demo.example"],
            "status": "adopted",
            "changes_working_conditions": True,
            "consultation_id": None,
            "decision_note": "Adoptée par le comité de pilotage ; le chevauchement modifie les horaires : le CSE "
            "sera consulté avant la mise en œuvre (L2312-8).",
            "adopted_on": date(year, 5, 6),
        },
    )
    if outcome_id is not None:
        await QvtDiscussionOutcome.update({QvtDiscussionOutcome.action: transmissions}).where(
            QvtDiscussionOutcome.id == outcome_id
        )
    await _ensure_action(
        ctx,
        body_id=body_id,
        title="Parrainage des nouveaux arrivants",
        priorities=[priorities["accueil"]],
        values={
            "problem": "Les nouveaux professionnels et les remplaçants se sentent seuls les premières semaines ; "
            "plusieurs départs pendant la période d'essai.",
            "proposal": "Chaque nouvel arrivant a un parrain ou une marraine volontaire de son équipe pendant "
            "trois mois, et un point à un mois avec le chef de service.",
            "success_conditions": "Parrains volontaires et formés une demi-journée ; temps de parrainage reconnu.",
            "calendar": "Janvier : appel aux volontaires. Février : formation. Mars-juin : parrainages.",
            "milestones": [
                {"label": "Appel aux volontaires", "due_on": f"{previous}-01-31", "done_on": f"{previous}-01-28"},
                {"label": "Formation des parrains", "due_on": f"{previous}-02-28", "done_on": f"{previous}-02-20"},
            ],
            "evaluation_criteria": "Départs pendant la période d'essai ; satisfaction des nouveaux arrivants.",
            "evaluation_method": "Registre du personnel ; entretien à trois mois.",
            "target_population": "Tous les nouveaux salariés de l'IME, y compris les remplaçants de plus d'un mois.",
            "complementary_actions": "Pour les remplacements courts : livret d'accueil et visite de l'établissement.",
            "establishment": ctx.establishments["ime"],
            "theme": "reconnaissance",
            "owner": ctx.users["cadre.ime@demo.example"],
            "status": "evaluated",
            "changes_working_conditions": False,
            "decision_note": "Adoptée à l'unanimité du comité de pilotage.",
            "evaluation_summary": "Dix parrainages menés ; dispositif apprécié, à étendre à l'EHPAD.",
            "evaluation_results": "Départs en période d'essai : 1 sur 10 contre 4 sur 11 l'année précédente.",
            "lessons_learned": "Choisir des parrains volontaires et leur réserver une heure par semaine.",
            "criteria_met": True,
            "adopted_on": date(previous, 1, 10),
            "started_on": date(previous, 3, 1),
            "evaluated_on": date(previous, 9, 15),
        },
    )
    await _ensure_action(
        ctx,
        body_id=body_id,
        title="Plannings à quatre semaines",
        priorities=[priorities["plannings"]],
        values={
            "problem": "Plannings communiqués une semaine à l'avance, rappels fréquents sur les repos.",
            "proposal": "Publier les plannings quatre semaines à l'avance et constituer un pool de remplacement.",
            "success_conditions": "Accord des équipes sur un cycle ; budget du pool de remplacement.",
            "calendar": "À définir avec le groupe de travail de l'EHPAD.",
            "evaluation_criteria": "Délai de publication des plannings ; nombre de rappels sur repos.",
            "establishment": ctx.establishments["ehpad"],
            "working_group": ehpad_group,
            "theme": "organisation_du_travail",
            "status": "proposed",
            "changes_working_conditions": True,
        },
    )
    await _previous_campaign(ctx, body_id, previous)
    await _current_campaign(ctx, body_id, year)
