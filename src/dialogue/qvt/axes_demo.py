"""Demo data of the QVT plan by axes (idempotent): four axes and two transversal themes, a binôme per axis,
two working groups — one balanced, one not —, a support group of resource persons, and proposals on the axes.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from dialogue.bodies.demo import DemoContext
from dialogue.core.clock import local_today, utcnow
from dialogue.qvt.tables import (
    QvtActionAxis,
    QvtActionChecklist,
    QvtActionProposal,
    QvtAxis,
    QvtAxisBinome,
    QvtAxisGroup,
    QvtGroupMemberProfile,
    QvtPriority,
    QvtWorkingGroup,
    QvtWorkingGroupMember,
    QvtWorkingGroupPriority,
)

#: (key, kind, position, title, description, binôme: [(email, side, establishment key or None, service)])
AXES: list[tuple[str, str, int, str, str, list[tuple[str, str, str | None, str]]]] = [
    (
        "culture",
        "axis",
        1,
        "Une culture partagée de la QVT",
        "Faire de la qualité de vie au travail l'affaire de tous : repères communs, droit à l'erreur, "
        "place de chacun dans la démarche.",
        [
            ("cadre.ehpad@demo.example", "establishment", "ehpad", ""),
            ("referente.qvt@demo.example", "head_office", None, "Ressources humaines"),
        ],
    ),
    (
        "relations",
        "axis",
        2,
        "Des relations de travail inclusives et bienveillantes",
        "Accueil, entraide entre équipes et entre métiers, prévention des tensions.",
        [
            ("cadre.ime@demo.example", "establishment", "ime", ""),
            ("drh@demo.example", "head_office", None, "Direction des ressources humaines"),
        ],
    ),
    (
        "soutien",
        "axis",
        3,
        "Le soutien aux professionnels",
        "Analyse des pratiques, appui des cadres de proximité, situations difficiles.",
        [
            ("direction.sessad@demo.example", "establishment", "sessad", ""),
            ("marc.fontaine@demo.example", "head_office", None, "Services techniques et logistique"),
        ],
    ),
    (
        "reconnaissance",
        "axis",
        4,
        "La reconnaissance du travail",
        "Rendre visible le travail réel, valoriser les initiatives, entretiens et parcours.",
        [
            ("secretaire@demo.example", "establishment", "ehpad", ""),
            ("helene.gauthier@demo.example", "head_office", None, "Comptabilité"),
        ],
    ),
    (
        "communication",
        "transversal",
        5,
        "Communication interne",
        "Circulation de l'information entre siège, établissements et équipes de jour et de nuit.",
        [],
    ),
    (
        "organisation",
        "transversal",
        6,
        "Organisation du travail",
        "Plannings, remplacements, transmissions : ce qui traverse chacun des axes.",
        [],
    ),
]

#: (name, axis key or None for the support group, role, priorities worked on,
#:  [(email, sex, establishment key or None, job family)])
GROUPS: list[tuple[str, str | None, str, list[str], list[tuple[str, str, str | None, str]]]] = [
    (
        "Groupe de l'axe 2 — Relations de travail",
        "relations",
        "axis",
        ["Accueil des nouveaux", "Cohésion d'équipe"],
        [
            ("cadre.ime@demo.example", "man", "ime", "Éducatif"),
            ("nadia.benali@demo.example", "woman", "ehpad", "Soin"),
            ("thomas.girard@demo.example", "man", "ehpad", "Soin"),
            ("lea.dupont@demo.example", "woman", "ime", "Éducatif"),
            ("karim.haddad@demo.example", "man", "sessad", "Éducatif"),
            ("ines.petit@demo.example", "woman", "sessad", "Rééducation"),
            ("paul.mercier@demo.example", "man", "ehpad", "Logistique"),
            ("helene.gauthier@demo.example", "woman", None, "Administratif"),
        ],
    ),
    (
        "Groupe de l'axe 1 — Culture de la QVT",
        "culture",
        "axis",
        ["Droit à l'erreur"],
        [
            ("cadre.ehpad@demo.example", "woman", "ehpad", "Soin"),
            ("sophie.marchand@demo.example", "woman", "ehpad", "Soin"),
            ("chloe.bernard@demo.example", "woman", "ehpad", "Soin"),
            ("secretaire@demo.example", "woman", "ehpad", "Soin"),
            ("olivier.perrin@demo.example", "man", "ehpad", "Soin"),
        ],
    ),
    (
        "Groupe d'appui — personnes ressources",
        None,
        "support",
        ["Droit à l'erreur", "Accueil des nouveaux", "Cohésion d'équipe"],
        [
            ("referente.qvt@demo.example", "woman", None, "Ressources humaines"),
            ("drh@demo.example", "woman", None, "Ressources humaines"),
            ("tresorier@demo.example", "woman", "ime", "Psychologie"),
        ],
    ),
]

#: The establishments' own groups (created by the QVT demo step) join the axis their priorities belong to:
#: (name, axis key, [(email, sex, establishment key or None, job family)]).
LOCAL_GROUPS: list[tuple[str, str, list[tuple[str, str, str | None, str]]]] = [
    (
        "Groupe QVT — EHPAD Les Tilleuls",
        "soutien",
        [
            ("cadre.ehpad@demo.example", "woman", "ehpad", "Encadrement"),
            ("sophie.marchand@demo.example", "woman", "ehpad", "Soin"),
            ("thomas.girard@demo.example", "man", "ehpad", "Soin"),
            ("referente.qvt@demo.example", "woman", None, "Ressources humaines"),
        ],
    ),
    (
        "Groupe QVT — IME La Source",
        "relations",
        [
            ("cadre.ime@demo.example", "man", "ime", "Encadrement"),
            ("nadia.benali@demo.example", "woman", "ime", "Éducatif"),
            ("elu@demo.example", "man", "ime", "Éducatif"),
        ],
    ),
]

CANVAS_CHARTER: dict[str, Any] = {
    "problem": "Les erreurs et presque-accidents sont tus par crainte d'être mis en cause.",
    "proposal": "Rédiger avec les équipes une charte du droit à l'erreur et un circuit de retour d'expérience.",
    "success_conditions": "Engagement écrit de la direction ; cadres formés à l'analyse sans recherche de coupable.",
    "calendar": "Rédaction au premier trimestre, diffusion au deuxième, premier bilan en fin d'année.",
    "evaluation_criteria": "Nombre de signalements ; ressenti mesuré au baromètre (thème management).",
    "target_population": "Toutes les catégories de personnel.",
}
CANVAS_WELCOME: dict[str, Any] = {
    "problem": "Les remplaçants arrivent sans repères et ne savent pas à qui s'adresser.",
    "proposal": "Un livret d'accueil commun aux trois établissements et un référent d'accueil par équipe.",
    "success_conditions": "Temps dégagé pour les référents ; livret tenu à jour par le siège.",
    "calendar": "Livret prêt en mars ; référents désignés en avril.",
    "evaluation_criteria": "Part des remplaçants ayant eu un référent ; questionnaire à un mois.",
    "target_population": "Remplaçants et nouveaux salariés ; une réunion d'accueil pour les cadres nouveaux.",
    "complementary_actions": "Pour les cadres : un binôme avec un pair d'un autre établissement.",
}
CANVAS_THANKS: dict[str, Any] = {
    "problem": "Le travail réel des équipes de nuit et des services logistiques est peu visible.",
    "proposal": "Une journée « portes ouvertes du travail » par établissement où chaque équipe présente son métier.",
    "success_conditions": "Remplacements prévus pour libérer les équipes ; participation du conseil d'administration.",
    "calendar": "Une journée par établissement au printemps.",
    "evaluation_criteria": "Participation ; retours écrits des équipes.",
}


async def _ensure_axes(ctx: DemoContext, body_id: int) -> dict[str, int]:
    ids: dict[str, int] = {}
    for key, kind, position, title, description, binome in AXES:
        row = await QvtAxis.select(QvtAxis.id).where((QvtAxis.body == body_id) & (QvtAxis.title == title)).first()
        if row is not None:
            ids[key] = int(row["id"])
            continue
        axis = QvtAxis(
            organization=ctx.organization_id,
            body=body_id,
            kind=kind,
            title=title,
            description=description,
            position=position,
            created_at=utcnow(),
        )
        await axis.save()
        ids[key] = int(axis.id)
        if binome:
            await QvtAxisBinome.insert(
                *[
                    QvtAxisBinome(
                        axis=axis.id,
                        user=ctx.users[email],
                        side=side,
                        establishment=ctx.establishments[est] if est else None,
                        service=service,
                    )
                    for email, side, est, service in binome
                ]
            )
        ctx.created.append(f"{'axe' if kind == 'axis' else 'thème transversal'} QVT {title}")
    return ids


async def _ensure_groups(ctx: DemoContext, body_id: int, axes: dict[str, int]) -> None:
    for name, axis_key, role, priorities, members in GROUPS:
        exists = await QvtWorkingGroup.exists().where(
            (QvtWorkingGroup.body == body_id) & (QvtWorkingGroup.name == name)
        )
        if exists:
            continue
        facilitator = ctx.users[members[0][0]]
        group = QvtWorkingGroup(
            organization=ctx.organization_id,
            body=body_id,
            name=name,
            establishment=None,
            department=None,
            facilitator=facilitator,
            mission="Produire cinq à sept propositions sur le canevas pour l'axe."
            if role == "axis"
            else "Appuyer les groupes d'axe : méthode, données, retours d'expérience.",
            created_at=utcnow(),
        )
        await group.save()
        await QvtWorkingGroupMember.insert(
            *[QvtWorkingGroupMember(working_group=group.id, user=ctx.users[m[0]]) for m in members]
        )
        worked_on = await QvtPriority.select(QvtPriority.id).where(
            (QvtPriority.body == body_id) & QvtPriority.title.is_in(priorities)
        )
        await QvtWorkingGroupPriority.insert(
            *[QvtWorkingGroupPriority(working_group=group.id, priority=p["id"]) for p in worked_on]
        )
        await QvtAxisGroup.insert(
            QvtAxisGroup(working_group=group.id, axis=axes[axis_key] if axis_key else None, role=role)
        )
        await QvtGroupMemberProfile.insert(
            *[
                QvtGroupMemberProfile(
                    working_group=group.id,
                    user=ctx.users[email],
                    sex=sex,
                    establishment=ctx.establishments[est] if est else None,
                    job_family=job,
                )
                for email, sex, est, job in members
            ]
        )
        ctx.created.append(f"groupe de travail {name}")


async def _attach_local_groups(body_id: int, axes: dict[str, int], ctx: DemoContext) -> None:
    """The two establishment groups of the QVT demo step take their place on an axis, with their members' profiles
    (small groups of one establishment: the plan shows them to rebalance)."""
    for name, axis_key, members in LOCAL_GROUPS:
        row = (
            await QvtWorkingGroup.select(QvtWorkingGroup.id)
            .where((QvtWorkingGroup.body == body_id) & (QvtWorkingGroup.name == name))
            .first()
        )
        if row is None or await QvtAxisGroup.exists().where(QvtAxisGroup.working_group == row["id"]):
            continue
        in_group = {
            r["user"]
            for r in await QvtWorkingGroupMember.select(QvtWorkingGroupMember.user).where(
                QvtWorkingGroupMember.working_group == row["id"]
            )
        }
        await QvtAxisGroup.insert(QvtAxisGroup(working_group=row["id"], axis=axes[axis_key], role="axis"))
        profiles = [
            QvtGroupMemberProfile(
                working_group=row["id"],
                user=ctx.users[email],
                sex=sex,
                establishment=ctx.establishments[est] if est else None,
                job_family=job,
            )
            for email, sex, est, job in members
            if ctx.users[email] in in_group
        ]
        if profiles:
            await QvtGroupMemberProfile.insert(*profiles)


async def _action_id(body_id: int, title: str) -> int | None:
    row = (
        await QvtActionProposal.select(QvtActionProposal.id)
        .where((QvtActionProposal.body == body_id) & (QvtActionProposal.title == title))
        .first()
    )
    return int(row["id"]) if row else None


async def _ensure_proposal(
    ctx: DemoContext, body_id: int, title: str, canvas: dict[str, Any], status: str, adopted_on: date | None
) -> int:
    existing = await _action_id(body_id, title)
    if existing is not None:
        return existing
    now = utcnow()
    action = QvtActionProposal(
        organization=ctx.organization_id,
        body=body_id,
        title=title,
        status=status,
        adopted_on=adopted_on,
        created_by=ctx.users["direction@demo.example"],
        created_at=now,
        updated_at=now,
        **canvas,
    )
    await action.save()
    ctx.created.append(f"action QVT {title}")
    return int(action.id)


async def _place(action_id: int | None, axis: int, themes: list[int], *, ticked_by: int | None = None) -> None:
    if action_id is None or await QvtActionAxis.exists().where(QvtActionAxis.action == action_id):
        return
    await QvtActionAxis.insert(
        QvtActionAxis(action=action_id, axis=axis, role="axis"),
        *[QvtActionAxis(action=action_id, axis=t, role="theme") for t in themes],
    )
    if ticked_by is not None:
        await QvtActionChecklist.insert(
            QvtActionChecklist(
                action=action_id,
                concrete=True,
                all_staff=True,
                feasible=True,
                checked_by=ticked_by,
                checked_at=utcnow(),
            )
        )


async def demo_step(ctx: DemoContext) -> None:
    """The steering committee's plan by axes, on the committee created by the QVT demo step."""
    body_id = ctx.bodies["qvt"]
    axes = await _ensure_axes(ctx, body_id)
    await _ensure_groups(ctx, body_id, axes)
    await _attach_local_groups(body_id, axes, ctx)
    year = local_today().year
    director = ctx.users["direction@demo.example"]
    charter = await _ensure_proposal(ctx, body_id, "Charte du droit à l'erreur", CANVAS_CHARTER, "proposed", None)
    welcome = await _ensure_proposal(
        ctx, body_id, "Livret et référent d'accueil communs", CANVAS_WELCOME, "adopted", date(year, 2, 3)
    )
    thanks = await _ensure_proposal(ctx, body_id, "Journées du travail réel", CANVAS_THANKS, "proposed", None)
    await _place(charter, axes["culture"], [axes["communication"]])
    await _place(welcome, axes["relations"], [axes["communication"], axes["organisation"]], ticked_by=director)
    await _place(thanks, axes["reconnaissance"], [axes["communication"]])
    # The QVT demo step's own actions, already decided, take their place in the plan.
    crossed = await _action_id(body_id, "Transmissions croisées jour/nuit")
    await _place(crossed, axes["soutien"], [axes["organisation"]], ticked_by=director)
    mentoring = await _action_id(body_id, "Parrainage des nouveaux arrivants")
    await _place(mentoring, axes["relations"], [], ticked_by=director)
