"""Demo year of the CSE: held meetings with adopted minutes, an upcoming meeting with a draft agenda, a running
consultation on the EHPAD's rotas, standing SSCT invitees and follow-up actions (idempotent)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from dialogue.bodies.demo import DemoContext
from dialogue.consultations.tables import Consultation
from dialogue.core import clock
from dialogue.core.clock import PARIS, add_months
from dialogue.core.documents import french_date
from dialogue.integrity import chain_key
from dialogue.meetings.drafting import ItemLine, MeetingFacts, PresenceLine, VoteLine, draft_minutes
from dialogue.meetings.rules import minutes_digest, minutes_seal, tally_vote
from dialogue.meetings.tables import (
    Action,
    AgendaApproval,
    AgendaItem,
    Attendance,
    ExternalInvitee,
    Meeting,
    MeetingChange,
    Minutes,
    MinutesRevision,
    SsctMeetingNotice,
    Vote,
)

INVITEES = [
    ("medecin_travail", "Dr Claire Vidal", "c.vidal@spst-rhone.example", "Service de prévention et de santé"),
    ("responsable_securite", "Laurent Roche", "l.roche@demo.example", "Association Les Tilleuls"),
    ("inspection_travail", "Aurélie Brun", "aurelie.brun@dreets.example", "DREETS Auvergne-Rhône-Alpes"),
    ("carsat", "Yannick Morel", "y.morel@carsat-ra.example", "CARSAT Rhône-Alpes"),
]
ABSENT = {"marc.fontaine@demo.example"}  # replaced by his suppléant Olivier Perrin
EXCUSED = {"thomas.girard@demo.example"}
EXPERT_ITEM = "Désignation d'un expert-comptable pour la consultation sur la politique sociale"


def _second_tuesday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(1 - first.weekday()) % 7 + 7)


def _month_title(day: date, ssct: bool) -> str:
    month = french_date(day).split(" ", 1)[1]
    return f"Réunion ordinaire — {month}" + (" (dont santé, sécurité et conditions de travail)" if ssct else "")


async def _meeting(ctx: DemoContext, *, body: int, day: date, status: str, ssct: bool, actor: int) -> dict[str, Any]:
    starts = datetime.combine(day, time(14, 0), tzinfo=PARIS)
    moment = clock.utcnow()
    held = status in ("held", "closed")
    convened_at = starts - timedelta(days=12)
    meeting = Meeting(
        body=body,
        title=_month_title(day, ssct),
        kind="ordinary",
        treats_ssct=ssct,
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        timezone="Europe/Paris",
        location="Salle du conseil, siège de l'association (Villeurbanne)",
        status=status,
        sequence={"draft": 0, "convened": 1, "held": 2, "closed": 3}[status],
        agenda_version=1,
        convened_at=convened_at if status != "draft" else None,
        convened_by=actor if status != "draft" else None,
        held_at=starts + timedelta(hours=3) if held else None,
        closed_at=starts + timedelta(days=30) if status == "closed" else None,
        created_by=actor,
        created_at=moment,
        updated_at=moment,
    )
    await meeting.save()
    await MeetingChange.insert(
        MeetingChange(meeting=meeting.id, sequence=0, kind="created", actor=actor, at=moment, after={"demo": True})
    )
    row = await Meeting.select().where(Meeting.id == meeting.id).first()
    assert row is not None
    ctx.created.append(f"réunion {row['title']}")
    return row


async def _items(meeting: dict[str, Any], items: list[dict[str, Any]], *, users: dict[str, int]) -> list[int]:
    moment = clock.utcnow()
    ids = []
    for position, item in enumerate(items, start=1):
        created = await AgendaItem.insert(
            AgendaItem(
                meeting=meeting["id"],
                position=position,
                status="accepted",
                documents=item.pop("documents", []),
                resolution_kind=item.pop("resolution_kind", None)
                or {"consultation": "avis", "vote": "interne", "ssct": "interne"}.get(item["kind"]),
                proposed_by=users["secretaire@demo.example"],
                created_at=moment,
                updated_at=moment,
                **item,
            )
        ).returning(AgendaItem.id)
        ids.append(int(created[0]["id"]))
    return ids


async def _approve(meeting: dict[str, Any], *, users: dict[str, int], roles: tuple[str, ...]) -> None:
    emails = {"president": "direction@demo.example", "secretary": "secretaire@demo.example"}
    for role in roles:
        await AgendaApproval.insert(
            AgendaApproval(
                meeting=meeting["id"],
                version=1,
                role=role,
                user=users[emails[role]],
                approved_at=meeting["starts_at"] - timedelta(days=14),
            )
        )


async def _attendance(ctx: DemoContext, meeting: dict[str, Any]) -> list[PresenceLine]:
    from dialogue.bodies.tables import Member

    members = await Member.select(Member.id, Member.role, Member.user.email, Member.user.full_name).where(
        Member.body == ctx.bodies["cse"]
    )
    by_email = {m["user.email"]: m for m in members}
    lines: list[PresenceLine] = []
    for m in members:
        email, role = m["user.email"], m["role"]
        replaces: dict[str, Any] | None = None
        if role == "substitute":
            status = "absent"
            if email == "olivier.perrin@demo.example":
                status, replaces = "present", by_email["marc.fontaine@demo.example"]
        elif email in ABSENT:
            status = "replaced"
        elif email in EXCUSED:
            status = "excused"
        else:
            status = "present"
        if role == "guest":
            status = "present"
        await Attendance.insert(
            Attendance(
                meeting=meeting["id"],
                member=m["id"],
                full_name=m["user.full_name"],
                role=role,
                status=status,
                replaces=replaces["id"] if replaces else None,
                replaces_name=replaces["user.full_name"] if replaces else None,
                recorded_by=ctx.users["secretaire@demo.example"],
                recorded_at=meeting["starts_at"],
            )
        )
        lines.append(
            PresenceLine(
                name=m["user.full_name"],
                role=role,
                status=status,
                replaces=replaces["user.full_name"] if replaces else None,
            )
        )
    return lines


VOTERS = 6  # 7 titulaires, one excused; Olivier Perrin stands in for Marc Fontaine (L2314-1)


async def _vote(
    meeting: dict[str, Any], item_id: int, *, question: str, votes_for: int, kind: str = "interne", **extra: Any
) -> tuple[int, VoteLine]:
    voters = VOTERS + (1 if kind == "interne" else 0)
    result = tally_vote(voters=voters, votes_for=votes_for, votes_against=0, abstentions=voters - votes_for)
    created = await Vote.insert(
        Vote(
            meeting=meeting["id"],
            agenda_item=item_id,
            question=question,
            resolution_kind=kind,
            secret=False,
            voters=voters,
            votes_for=result.votes_for,
            votes_against=0,
            abstentions=result.abstentions,
            blank=0,
            void=0,
            required_majority=result.required_majority,
            adopted=result.adopted,
            recorded_at=meeting["starts_at"] + timedelta(hours=1),
            **extra,
        )
    ).returning(Vote.id)
    line = VoteLine(
        question=question,
        secret=False,
        voters=voters,
        votes_for=result.votes_for,
        votes_against=0,
        abstentions=result.abstentions,
        blank=0,
        required_majority=result.required_majority,
        adopted=result.adopted,
        motion=extra.get("motion"),
        opinion_text=extra.get("opinion_text"),
    )
    return int(created[0]["id"]), line


async def _minutes(
    ctx: DemoContext,
    meeting: dict[str, Any],
    *,
    presence: list[PresenceLine],
    items: list[ItemLine],
    status: str,
    adoption_vote: int | None = None,
) -> None:
    facts = MeetingFacts(
        body_name="CSE de l'Association Les Tilleuls",
        title=meeting["title"],
        kind="ordinary",
        starts_at=meeting["starts_at"].astimezone(PARIS),
        ends_at=meeting["ends_at"].astimezone(PARIS),
        location=meeting["location"],
        visio_url=None,
        president="Philippe Garnier",
        secretary="Camille Lefèvre",
        presence=presence,
        items=items,
        voters_on_opinions=VOTERS,
    )
    text = draft_minutes(facts).replace(
        "Synthèse des échanges : …",
        "Synthèse des échanges : la direction a présenté le point ; les élus ont posé leurs questions, "
        "auxquelles il a été répondu en séance.",
    )
    sent = meeting["starts_at"] + timedelta(days=9)
    adopted = meeting["starts_at"] + timedelta(days=28) if status in ("adopted", "published") else None
    created = await Minutes.insert(
        Minutes(
            meeting=meeting["id"],
            status=status,
            text=text,
            revision=1,
            sha256=minutes_digest(text) if adopted else None,
            submitted_at=sent,
            adopted_at=adopted,
            adoption_vote=adoption_vote,
            published_at=adopted + timedelta(days=2) if adopted and status == "published" else None,
            published_by=ctx.users["secretaire@demo.example"] if status == "published" else None,
            created_at=sent,
            updated_at=adopted or sent,
        )
    ).returning(Minutes.id)
    if adopted:  # the adopted text's SHA-256, sealed with the chain key like `minutes.adopt` does
        seal = minutes_seal(
            chain_key().key, minutes_id=int(created[0]["id"]), meeting_id=meeting["id"], sha256=minutes_digest(text)
        )
        await Minutes.update({Minutes.sha256_mac: seal}).where(Minutes.id == int(created[0]["id"]))
    await MinutesRevision.insert(
        MinutesRevision(
            minutes=int(created[0]["id"]),
            revision=1,
            text=text,
            sha256=minutes_digest(text),
            note="création",
            author=ctx.users["secretaire@demo.example"],
            created_at=sent,
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

    social = Consultation(
        body=cse,
        subject=f"Politique sociale, conditions de travail et emploi — exercice {today.year - 1}",
        kind="social_policy",
        year=today.year - 1,
        description="Consultation annuelle (L2312-26) sur la base des informations mises à disposition dans la BDESE.",
        informed_on=add_months(today, -3) - timedelta(days=10),
        level="single",
        created_by=secretary,
        created_at=moment,
        updated_at=moment,
    )
    await social.save()
    plannings = Consultation(
        body=cse,
        subject="Réorganisation des plannings de l'EHPAD",
        kind="ponctual",
        description=(
            "Passage des équipes soignantes de l'EHPAD Les Tilleuls en journées de 12 heures sur deux unités, "
            "nouveau roulement sur 6 semaines (L2312-8 : conditions de travail et durée du travail)."
        ),
        informed_on=today - timedelta(days=10),
        level="single",
        created_by=secretary,
        created_at=moment,
        updated_at=moment,
    )
    await plannings.save()
    ctx.created.append("consultation Réorganisation des plannings de l'EHPAD")
    # Deemed negative and final: one month from the information, no opinion (R2312-6, L2312-16).
    await Consultation(
        body=cse,
        subject="Vidéoprotection du parking de l'IME",
        kind="ponctual",
        description="Installation de caméras sur le parking du personnel (L2312-38 : moyens de contrôle).",
        informed_on=today - timedelta(days=50),
        level="single",
        created_by=secretary,
        created_at=moment,
        updated_at=moment,
    ).save()
    # Expertise challenged in court within 10 days of the designation: delay suspended until the judgment (L2315-86).
    await Consultation(
        body=cse,
        subject="Regroupement des services d'accueil de jour",
        kind="ponctual",
        description="Fusion des deux accueils de jour sur un site unique ; le comité a désigné un expert habilité.",
        informed_on=today - timedelta(days=30),
        level="single",
        expert_appointed=True,
        expert_name="Cabinet Prévention & Travail",
        expert_appointed_on=today - timedelta(days=25),
        challenge_filed_on=today - timedelta(days=18),
        created_by=secretary,
        created_at=moment,
        updated_at=moment,
    ).save()
    ctx.created.append("consultations réputée négative et suspendue (L2312-16, L2315-86)")

    months = [add_months(today, -k) for k in range(11, -1, -1)]
    past_days = [day for day in (_second_tuesday(d.year, d.month) for d in months) if day < today]
    consultation_at, asc_at = len(past_days) - 3, len(past_days) - 1
    held: list[tuple[dict[str, Any], list[PresenceLine], list[ItemLine]]] = []
    for index, day in enumerate(past_days):
        ssct = day.month in (1, 4, 7, 10)  # the first meeting of each quarter treats SSCT (L2315-27)
        meeting = await _meeting(ctx, body=cse, day=day, status="held", ssct=ssct, actor=secretary)
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
        item_ids = await _items(meeting, agenda, users=users)
        await _approve(meeting, users=users, roles=("president", "secretary"))
        presence = await _attendance(ctx, meeting)
        lines: list[ItemLine] = []
        for position, (item_id, (title, kind, presenter)) in enumerate(zip(item_ids, titles, strict=True), start=1):
            votes: list[VoteLine] = []
            if kind == "vote" and title.startswith("Adoption"):
                vote_id, line = await _vote(meeting, item_id, question="Le procès-verbal est-il adopté ?", votes_for=6)
                votes.append(line)
                await Minutes.update({Minutes.adoption_vote: vote_id}).where(Minutes.meeting == held[-1][0]["id"])
            elif title == EXPERT_ITEM:
                _, line = await _vote(
                    meeting,
                    item_id,
                    question="Le comité désigne-t-il un expert-comptable pour l'assister sur la politique sociale ?",
                    votes_for=5,
                    kind="expertise",
                )
                votes.append(line)
            elif kind == "vote":
                _, line = await _vote(
                    meeting,
                    item_id,
                    question=f"Le budget {today.year + 1} des chèques-vacances est-il approuvé ?",
                    votes_for=5,
                    kind="asc",
                )
                votes.append(line)
            elif kind == "consultation":
                vote_id, line = await _vote(
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
        await _minutes(
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

    upcoming_day = _second_tuesday(today.year, today.month)
    if upcoming_day <= today:
        next_month = add_months(today, 1)
        upcoming_day = _second_tuesday(next_month.year, next_month.month)
    upcoming = await _meeting(ctx, body=cse, day=upcoming_day, status="draft", ssct=False, actor=secretary)
    await _items(
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
    await _approve(upcoming, users=users, roles=("secretary",))
    await _convening_demo(ctx, cse=cse, users=users, today=today)

    actions = [
        (
            "Mettre à jour le DUERP de l'IME La Source après l'inspection de la cuisine",
            "Laurent Roche",
            held[-3][0],
            30,
            "in_progress",
        ),
        (
            "Transmettre aux élus le bilan des heures supplémentaires de l'EHPAD",
            "Sandrine Faure",
            held[-1][0],
            -5,
            "open",
        ),
        ("Organiser la visite de la blanchisserie par la CSSCT", "Camille Lefèvre", held[-6][0], -20, "done"),
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


# --- Convening bases, SSCT notice (L2315-27 al. 4), secretary's disagreement (branch convening) -------------------


async def _convening_demo(ctx: DemoContext, *, cse: int, users: dict[str, int], today: date) -> None:
    """Two SSCT meetings of the calendar (one confirmed in writing to the inspection, the médecin du travail and the
    CARSAT, one still to confirm) and an extraordinary meeting convened on a mandatory consultation placed de plein
    droit despite the secretary's disagreement (L2315-29 al. 2)."""
    director, secretary = users["direction@demo.example"], users["secretaire@demo.example"]
    moment = clock.utcnow()
    later = [add_months(today, k) for k in (2, 3)]
    calendar: list[dict[str, Any]] = []
    for d in later:
        day = _second_tuesday(d.year, d.month)
        calendar.append(await _meeting(ctx, body=cse, day=day, status="draft", ssct=True, actor=director))
    confirmed, to_confirm = calendar
    for meeting in (confirmed, to_confirm):
        await _items(
            meeting,
            [{"title": "Programme annuel de prévention des risques professionnels", "kind": "ssct"}],
            users=users,
        )
    due_on = confirmed["starts_at"].astimezone(PARIS).date() - timedelta(days=15)
    await SsctMeetingNotice.insert(
        SsctMeetingNotice(
            meeting=confirmed["id"],
            recipients=["carsat", "inspection_travail", "medecin_travail"],
            due_on=due_on,
            sent_on=today,
            sent_by=director,
            note="Courriel avec accusé de réception à la DREETS, au SPST et à la CARSAT",
            created_at=moment,
            updated_at=moment,
        )
    )
    await MeetingChange.insert(
        MeetingChange(
            meeting=confirmed["id"],
            sequence=0,
            kind="ssct_notice_sent",
            actor=director,
            at=moment,
            after={"sent_on": today.isoformat(), "due_on": due_on.isoformat(), "article": "L2315-27 al. 4"},
        )
    )

    starts = datetime.combine(today + timedelta(days=10), time(9, 30), tzinfo=PARIS)
    title = "Réunion extraordinaire — fermeture de l'unité de nuit de l'IME"
    extraordinary = Meeting(
        body=cse,
        title=title,
        kind="extraordinary",
        treats_ssct=False,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        timezone="Europe/Paris",
        location="Salle du conseil, siège de l'association (Villeurbanne)",
        status="convened",
        sequence=1,
        agenda_version=1,
        convened_at=starts - timedelta(days=8),
        convened_by=director,
        convened_basis="plein_droit",
        created_by=director,
        created_at=moment,
        updated_at=moment,
    )
    await extraordinary.save()
    row = await Meeting.select().where(Meeting.id == extraordinary.id).first()
    assert row is not None
    await _items(
        row,
        [
            {
                "title": "Projet de fermeture de l'unité de nuit de l'IME La Source",
                "kind": "consultation",
                "mandatory": True,
                "legal_basis": "L2312-8 (organisation, marche générale de l'entreprise)",
                "presenter": "Philippe Garnier, directeur général",
            }
        ],
        users=users,
    )
    reason = "Les documents du projet n'ont pas été transmis aux élus : le secrétaire refuse l'ordre du jour."
    history = [
        ("created", director, None, {"demo": True}),
        ("agenda_disagreement", secretary, reason, {"version": 1, "article": "L2315-29"}),
        ("convened", director, None, {"basis": "plein_droit", "late": False, "days_before": 8}),
        ("secretary_disagreement", director, reason, {"article": "L2315-29 al. 2", "version": 1, "items": [title]}),
    ]
    for kind, actor, why, after in history:
        await MeetingChange.insert(
            MeetingChange(
                meeting=extraordinary.id,
                sequence=0 if kind in ("created", "agenda_disagreement") else 1,
                kind=kind,
                actor=actor,
                reason=why,
                at=moment,
                after=after,
            )
        )
    ctx.created.append(f"réunion {title}")
