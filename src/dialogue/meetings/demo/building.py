"""Building blocks of the demo meetings: a meeting, its agenda, approvals, attendance, votes and minutes."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime, time, timedelta
from typing import Any

from dialogue.bodies.demo import DemoContext
from dialogue.core import clock
from dialogue.core.clock import PARIS
from dialogue.core.documents import french_date
from dialogue.integrity import key_of
from dialogue.meetings.drafting import ItemLine, MeetingFacts, PresenceLine, VoteLine, draft_minutes
from dialogue.meetings.rules import minutes_digest, minutes_seal, tally_vote
from dialogue.meetings.tables import (
    AgendaApproval,
    AgendaItem,
    Attendance,
    Ballot,
    Meeting,
    MeetingChange,
    Minutes,
    MinutesRevision,
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


def second_tuesday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(1 - first.weekday()) % 7 + 7)


def _month_title(day: date, ssct: bool) -> str:
    month = french_date(day).split(" ", 1)[1]
    return f"Réunion ordinaire — {month}" + (" (dont santé, sécurité et conditions de travail)" if ssct else "")


async def add_meeting(ctx: DemoContext, *, body: int, day: date, status: str, ssct: bool, actor: int) -> dict[str, Any]:
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


async def add_items(meeting: dict[str, Any], items: list[dict[str, Any]], *, users: dict[str, int]) -> list[int]:
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


async def approve_agenda(meeting: dict[str, Any], *, users: dict[str, int], roles: tuple[str, ...]) -> None:
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


async def record_attendance(ctx: DemoContext, meeting: dict[str, Any]) -> list[PresenceLine]:
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


async def _nominal_ballots(meeting: dict[str, Any], votes_for: int) -> list[tuple[int, str, str]]:
    """Each élu present with a vote (titulaires and the suppléant standing in, without the president): the
    first `votes_for` by name vote for, the others abstain."""
    rows = (
        await Attendance.select(Attendance.member, Attendance.full_name, Attendance.role, Attendance.replaces)
        .where((Attendance.meeting == meeting["id"]) & (Attendance.status == "present"))
        .order_by(Attendance.full_name)
    )
    elus = [r for r in rows if r["role"] not in ("president", "guest") and (r["role"] != "substitute" or r["replaces"])]
    return [(r["member"], r["full_name"], "for" if n < votes_for else "abstention") for n, r in enumerate(elus)]


async def record_vote(
    meeting: dict[str, Any],
    item_id: int,
    *,
    question: str,
    votes_for: int,
    kind: str = "interne",
    nominal: bool = False,
    **extra: Any,
) -> tuple[int, VoteLine]:
    """A vote of a demo meeting; `nominal`: who voted what is recorded too (an open vote, L2315-32)."""
    voters = VOTERS + (1 if kind == "interne" else 0)
    ballots = await _nominal_ballots(meeting, votes_for) if nominal else []
    if ballots and len(ballots) != voters:
        ballots = []
    result = tally_vote(voters=voters, votes_for=votes_for, votes_against=0, abstentions=voters - votes_for)
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
        ballots=tuple((name, choice) for _, name, choice in ballots),
    )
    created = await Vote.insert(
        Vote(
            meeting=meeting["id"],
            agenda_item=item_id,
            resolution_kind=kind,
            void=0,
            recorded_at=meeting["starts_at"] + timedelta(hours=1),
            **({k: v for k, v in asdict(line).items() if k != "ballots"} | extra),
        )
    ).returning(Vote.id)
    vote_id = int(created[0]["id"])
    if ballots:
        await Ballot.insert(
            *(Ballot(vote=vote_id, member=member, full_name=name, choice=choice) for member, name, choice in ballots)
        )
    return vote_id, line


async def write_minutes(
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
            key_of(ctx.settings).key,
            minutes_id=int(created[0]["id"]),
            meeting_id=meeting["id"],
            sha256=minutes_digest(text),
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
