"""Demo of convening: SSCT meetings of the calendar with their written notice (L2315-27 al. 4) and a meeting
convened de plein droit despite the secretary's disagreement (L2315-29 al. 2)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from dialogue.bodies.demo import DemoContext
from dialogue.core import clock
from dialogue.core.clock import PARIS, add_months
from dialogue.meetings.demo.building import add_items, add_meeting, second_tuesday
from dialogue.meetings.tables import (
    Convocation,
    ExternalInvitee,
    Meeting,
    MeetingChange,
    SsctMeetingNotice,
)

# --- Convening bases, SSCT notice (L2315-27 al. 4), secretary's disagreement (branch convening) -------------------


async def convening_demo(ctx: DemoContext, *, cse: int, users: dict[str, int], today: date) -> None:
    """Two SSCT meetings of the calendar (one confirmed in writing to the inspection, the médecin du travail and the
    CARSAT, one still to confirm) and an extraordinary meeting convened on a mandatory consultation placed de plein
    droit despite the secretary's disagreement (L2315-29 al. 2)."""
    director, secretary = users["direction@demo.example"], users["secretaire@demo.example"]
    moment = clock.utcnow()
    later = [add_months(today, k) for k in (2, 3)]
    calendar: list[dict[str, Any]] = []
    for d in later:
        day = second_tuesday(d.year, d.month)
        calendar.append(await add_meeting(ctx, body=cse, day=day, status="draft", ssct=True, actor=director))
    confirmed, to_confirm = calendar
    for meeting in (confirmed, to_confirm):
        await add_items(
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

    # The second SSCT meeting was moved by a week, with its reason (rescheduled from its page: sequence 1).
    first_day = to_confirm["starts_at"] - timedelta(days=7)
    await Meeting.update({Meeting.sequence: 1}).where(Meeting.id == to_confirm["id"])
    await MeetingChange.insert(
        MeetingChange(
            meeting=to_confirm["id"],
            sequence=1,
            kind="rescheduled",
            actor=secretary,
            reason="Le médecin du travail et la CARSAT ne pouvaient être présents à la date prévue.",
            at=moment,
            before={"starts_at": first_day.isoformat(), "ends_at": (first_day + timedelta(hours=3)).isoformat()},
            after={
                "starts_at": to_confirm["starts_at"].isoformat(),
                "ends_at": to_confirm["ends_at"].isoformat(),
            },
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
    await add_items(
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
    # An outside expert invited to this meeting only (L2314-3, issue 17): convoked without an account, they
    # receive a personal read-only link to the convocation and its documents (/invitation/{token}).
    expert = ExternalInvitee(
        body=cse,
        meeting=extraordinary.id,
        capacity="other",
        full_name="Hugo Marchand",
        email="h.marchand@alinea-expertise.example",
        organization_name="Alinéa Expertise, expert-comptable du CSE",
        active=True,
        created_at=moment,
    )
    await expert.save()
    await Convocation.insert(
        Convocation(
            meeting=extraordinary.id,
            sequence=1,
            invitee=expert.id,
            full_name="Hugo Marchand",
            email="h.marchand@alinea-expertise.example",
            capacity="other",
            reason="Expert-comptable du CSE, invité sur le projet de fermeture (L2315-78 et suivants)",
            created_at=moment,
            sent_at=moment,
        )
    )
    ctx.created.append(f"réunion {title}")
    ctx.created.append("invité extérieur : Hugo Marchand (expert-comptable), lien personnel /invitation/…")
