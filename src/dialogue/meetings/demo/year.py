"""Demo year of the CSE: held meetings with adopted minutes, an upcoming meeting with a draft agenda, a running
consultation on the EHPAD's rotas, standing SSCT invitees and follow-up actions (idempotent)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from dialogue.bodies.demo import DemoContext
from dialogue.consultations.tables import Consultation
from dialogue.core import clock
from dialogue.core.clock import PARIS, add_months
from dialogue.core.documents import french_date
from dialogue.meetings.demo.building import (
    EXPERT_ITEM,
    INVITEES,
    add_items,
    add_meeting,
    approve_agenda,
    record_attendance,
    record_vote,
    second_tuesday,
    write_minutes,
)
from dialogue.meetings.demo.convening import convening_demo
from dialogue.meetings.drafting import ItemLine, PresenceLine, VoteLine
from dialogue.meetings.tables import (
    Action,
    ExternalInvitee,
    Meeting,
    Minutes,
    Vote,
)


async def _consultation(*, cse: int, secretary: int, moment: datetime, **fields: Any) -> Consultation:
    """One single-level consultation of the demo CSE, saved."""
    consultation = Consultation(
        body=cse, level="single", created_by=secretary, created_at=moment, updated_at=moment, **fields
    )
    await consultation.save()
    return consultation


async def _consultations(
    ctx: DemoContext, *, cse: int, secretary: int, moment: datetime, today: date
) -> tuple[Consultation, Consultation]:
    """The yearly social-policy consultation (L2312-26), the running one on the EHPAD's rotas, one deemed negative
    (R2312-6, L2312-16) and one suspended by a challenged expertise (L2315-86)."""
    social = await _consultation(
        cse=cse,
        secretary=secretary,
        moment=moment,
        subject=f"Politique sociale, conditions de travail et emploi — exercice {today.year - 1}",
        kind="social_policy",
        year=today.year - 1,
        description="Consultation annuelle (L2312-26) sur la base des informations mises à disposition dans la BDESE.",
        informed_on=add_months(today, -3) - timedelta(days=10),
    )
    plannings = await _consultation(
        cse=cse,
        secretary=secretary,
        moment=moment,
        subject="Réorganisation des plannings de l'EHPAD",
        kind="ponctual",
        description=(
            "Passage des équipes soignantes de l'EHPAD Les Tilleuls en journées de 12 heures sur deux unités, "
            "nouveau roulement sur 6 semaines (L2312-8 : conditions de travail et durée du travail)."
        ),
        informed_on=today - timedelta(days=10),
    )
    ctx.created.append("consultation Réorganisation des plannings de l'EHPAD")
    # Deemed negative and final: one month from the information, no opinion (R2312-6, L2312-16).
    await _consultation(
        cse=cse,
        secretary=secretary,
        moment=moment,
        subject="Vidéoprotection du parking de l'IME",
        kind="ponctual",
        description="Installation de caméras sur le parking du personnel (L2312-38 : moyens de contrôle).",
        informed_on=today - timedelta(days=50),
    )
    # Expertise challenged in court within 10 days of the designation: delay suspended until the judgment (L2315-86).
    await _consultation(
        cse=cse,
        secretary=secretary,
        moment=moment,
        subject="Regroupement des services d'accueil de jour",
        kind="ponctual",
        description="Fusion des deux accueils de jour sur un site unique ; le comité a désigné un expert habilité.",
        informed_on=today - timedelta(days=30),
        expert_appointed=True,
        expert_name="Cabinet Prévention & Travail",
        expert_appointed_on=today - timedelta(days=25),
        challenge_filed_on=today - timedelta(days=18),
    )
    ctx.created.append("consultations réputée négative et suspendue (L2312-16, L2315-86)")
    return social, plannings


async def _actions(*, cse: int, held: list[dict[str, Any]], secretary: int, moment: datetime, today: date) -> None:
    """Follow-up actions decided in the held meetings: one running, one late, one done."""
    actions = [
        (
            "Mettre à jour le DUERP de l'IME La Source après l'inspection de la cuisine",
            "Laurent Roche",
            held[-3],
            30,
            "in_progress",
        ),
        (
            "Transmettre aux élus le bilan des heures supplémentaires de l'EHPAD",
            "Sandrine Faure",
            held[-1],
            -5,
            "open",
        ),
        ("Organiser la visite de la blanchisserie par la CSSCT", "Camille Lefèvre", held[-6], -20, "done"),
    ]
    for title, owner, meeting, due_in, status in actions:
        await Action.insert(
            Action(
                body=cse,
                meeting=meeting["id"],
                title=title,
                owner_name=owner,
                due_on=today + timedelta(days=due_in),
                status=status,
                done_on=today - timedelta(days=25) if status == "done" else None,
                created_by=secretary,
                created_at=moment,
                updated_at=moment,
            )
        )


async def meetings_demo_step(ctx: DemoContext) -> None:
    """The demo CSE's year of meetings (skipped when the CSE already has meetings)."""
    cse = ctx.bodies["cse"]
    if await Meeting.exists().where(Meeting.body == cse):
        return
    users = ctx.users
    secretary = users["secretaire@demo.example"]
    moment = clock.utcnow()
    today = moment.astimezone(PARIS).date()
    for capacity, name, email, organization in INVITEES:
        await ExternalInvitee.insert(
            ExternalInvitee(
                body=cse,
                capacity=capacity,
                full_name=name,
                email=email,
                organization_name=organization,
                active=True,
                created_at=moment,
            )
        )

    social, plannings = await _consultations(ctx, cse=cse, secretary=secretary, moment=moment, today=today)

    months = [add_months(today, -k) for k in range(11, -1, -1)]
    past_days = [day for day in (second_tuesday(d.year, d.month) for d in months) if day < today]
    consultation_at, asc_at = len(past_days) - 3, len(past_days) - 1
    held: list[tuple[dict[str, Any], list[PresenceLine], list[ItemLine]]] = []
    for index, day in enumerate(past_days):
        ssct = day.month in (1, 4, 7, 10)  # the first meeting of each quarter treats SSCT (L2315-27)
        meeting = await add_meeting(ctx, body=cse, day=day, status="held", ssct=ssct, actor=secretary)
        agenda: list[dict[str, Any]] = []
        if held:
            agenda.append(
                {
                    "title": f"Adoption du procès-verbal de la réunion du {french_date(past_days[index - 1])}",
                    "kind": "vote",
                    "minutes_meeting": held[-1][0]["id"],
                }
            )
        agenda += [
            {
                "title": "Point mensuel sur les effectifs et l'absentéisme",
                "kind": "information",
                "presenter": "Sandrine Faure, DRH",
            },
        ]
        if ssct:
            agenda.append(
                {
                    "title": "Bilan trimestriel des accidents du travail et du DUERP",
                    "kind": "ssct",
                    "presenter": "Laurent Roche, responsable sécurité",
                }
            )
        if index == consultation_at:
            agenda += [
                {
                    "title": social.subject,
                    "kind": "consultation",
                    "consultation": social.id,
                    "presenter": "Philippe Garnier, directeur général",
                },
                {  # the élus vote as the délégation du personnel: the president does not vote (L2315-32)
                    "title": EXPERT_ITEM,
                    "kind": "vote",
                    "resolution_kind": "expertise",
                    "presenter": "Camille Lefèvre, secrétaire",
                },
            ]
        if index == asc_at:
            agenda.append(
                {
                    "title": "Budget des activités sociales et culturelles : chèques-vacances",
                    "kind": "vote",
                    "presenter": "Isabelle Roux, trésorière",
                }
            )
        titles = [(a["title"], a["kind"], a.get("presenter")) for a in agenda]
        item_ids = await add_items(meeting, agenda, users=users)
        await approve_agenda(meeting, users=users, roles=("president", "secretary"))
        presence = await record_attendance(ctx, meeting)
        lines: list[ItemLine] = []
        for position, (item_id, (title, kind, presenter)) in enumerate(zip(item_ids, titles, strict=True), start=1):
            votes: list[VoteLine] = []
            if kind == "vote" and title.startswith("Adoption"):
                vote_id, line = await record_vote(
                    meeting, item_id, question="Le procès-verbal est-il adopté ?", votes_for=6
                )
                votes.append(line)
                await Minutes.update({Minutes.adoption_vote: vote_id}).where(Minutes.meeting == held[-1][0]["id"])
            elif title == EXPERT_ITEM:
                _, line = await record_vote(
                    meeting,
                    item_id,
                    question="Le comité désigne-t-il un expert-comptable pour l'assister sur la politique sociale ?",
                    votes_for=5,
                    kind="expertise",
                    nominal=True,
                )
                votes.append(line)
            elif kind == "vote":
                _, line = await record_vote(
                    meeting,
                    item_id,
                    question=f"Le budget {today.year + 1} des chèques-vacances est-il approuvé ?",
                    votes_for=5,
                    kind="asc",
                )
                votes.append(line)
            elif kind == "consultation":
                vote_id, line = await record_vote(
                    meeting,
                    item_id,
                    question="Le comité rend-il un avis favorable sur la politique sociale ?",
                    votes_for=4,
                    kind="avis",
                    motion="positive",
                    opinion_text="Avis favorable, assorti d'une demande de plan d'action sur l'absentéisme à l'EHPAD.",
                )
                votes.append(line)
                await Consultation.update(
                    {
                        Consultation.opinion: "positive",
                        Consultation.opinion_text: line.opinion_text,
                        Consultation.opinion_on: day,
                        Consultation.opinion_vote_id: vote_id,
                    }
                ).where(Consultation.id == social.id)
            lines.append(ItemLine(position=position, title=title, kind=kind, presenter=presenter, votes=tuple(votes)))
        held.append((meeting, presence, lines))

    last = len(held) - 1
    for index, (meeting, presence, lines) in enumerate(held):
        status = "published" if index < last - 1 else ("adopted" if index == last - 1 else "submitted")
        adoption = (
            await Vote.select(Vote.id)
            .where((Vote.question == "Le procès-verbal est-il adopté ?") & (Vote.meeting == held[index + 1][0]["id"]))
            .first()
            if index < last
            else None
        )
        await write_minutes(
            ctx,
            meeting,
            presence=presence,
            items=lines,
            status=status,
            adoption_vote=adoption["id"] if adoption else None,
        )
        if index < last:
            await Meeting.update({Meeting.status: "closed", Meeting.closed_at: held[index + 1][0]["starts_at"]}).where(
                Meeting.id == meeting["id"]
            )

    upcoming_day = second_tuesday(today.year, today.month)
    if upcoming_day <= today:
        next_month = add_months(today, 1)
        upcoming_day = second_tuesday(next_month.year, next_month.month)
    upcoming = await add_meeting(ctx, body=cse, day=upcoming_day, status="draft", ssct=False, actor=secretary)
    await add_items(
        upcoming,
        [
            {
                "title": f"Adoption du procès-verbal de la réunion du {french_date(past_days[-1])}",
                "kind": "vote",
                "minutes_meeting": held[-1][0]["id"],
            },
            {
                "title": plannings.subject,
                "kind": "consultation",
                "consultation": plannings.id,
                "mandatory": True,
                "legal_basis": "L2312-8 (conditions de travail, durée du travail)",
                "presenter": "Philippe Garnier, directeur général",
                "documents": [
                    {
                        "title": "Note de présentation du projet de roulement",
                        "url": "https://intranet.tilleuls.example/cse/plannings-ehpad.pdf",
                    }
                ],
            },
            {
                "title": "Point mensuel sur les effectifs et l'absentéisme",
                "kind": "information",
                "presenter": "Sandrine Faure, DRH",
            },
            {"title": "Questions des élus : remplacement des congés maternité à l'IME", "kind": "question"},
        ],
        users=users,
    )
    await approve_agenda(upcoming, users=users, roles=("secretary",))
    await convening_demo(ctx, cse=cse, users=users, today=today)

    await _actions(cse=cse, held=[m for m, _, _ in held], secretary=secretary, moment=moment, today=today)
