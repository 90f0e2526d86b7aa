"""What the meetings add to the home page and to a body's page: « Mes prochaines réunions », « Ordres du jour à
approuver » (L2315-29), « PV à rédiger » (L2315-34, D2315-26), and the « Réunions » and « Consultations » tabs."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Final

from dialogue.auth import service as auth_service
from dialogue.core.actor import Actor
from dialogue.core.clock import PARIS
from dialogue.meetings.schemas import MeetingRead
from dialogue.meetings.service import agenda, meetings
from dialogue.meetings.service.common import now
from dialogue.pages.i18n import body_kind_label
from dialogue.pages.registry import BODY_TABS, HOME_PROVIDERS, BodyTab, HomeSection, TodoItem

#: Negotiation tables keep their sessions in the negotiations module.
MEETING_BODY_KINDS: Final = frozenset({"cse", "cse_central", "cssct", "board", "direction_committee", "qvt_steering"})
CONSULTED_BODY_KINDS: Final = frozenset({"cse", "cse_central"})
PV_BODY_KINDS: Final = frozenset({"cse", "cse_central"})
#: How far ahead « Mes prochaines réunions » looks, and how many it lists.
HORIZON: Final = timedelta(days=120)
NEXT_COUNT: Final = 6


def _when(meeting: MeetingRead) -> str:
    local = meeting.starts_at.astimezone(PARIS)
    return f"{local:%d/%m/%Y} à {local.hour} h {local.minute:02d}"


async def _memberships(actor: Actor) -> list[tuple[int, str, str, str]]:
    """(body id, short body name, role, body kind) of the bodies the person sits in and that hold meetings.
    The kind (« CSE », « CSSCT »…) keeps home lines short; the meeting title says the rest."""
    me = await auth_service.me(actor=actor)
    return [
        (m.body_id, body_kind_label(m.body_kind, "fr"), m.role, m.body_kind)
        for m in me.memberships
        if m.body_kind in MEETING_BODY_KINDS
    ]


async def next_meetings_home(actor: Actor) -> HomeSection | None:
    """« Mes prochaines réunions »: convened meetings of my bodies, and the drafts of those I organise."""
    bodies = await _memberships(actor)
    if not bodies:
        return None
    moment = now()
    found: list[tuple[MeetingRead, str]] = []
    for body_id, body_name, role, _ in bodies:
        organiser = role in ("president", "secretary", "deputy_secretary")
        listed, _ = await meetings.list_meetings(
            actor=actor, body_id=body_id, limit=NEXT_COUNT * 2, offset=0, start=moment, end=moment + HORIZON
        )
        found += [(m, body_name) for m in listed if m.status == "convened" or (organiser and m.status == "draft")]
    found.sort(key=lambda pair: pair[0].starts_at)
    items = [
        TodoItem(
            label=f"{m.title} — {body_name}, le {_when(m)}" + (" (en préparation)" if m.status == "draft" else ""),
            url=f"/reunions/{m.id}",
            due=m.starts_at,
        )
        for m, body_name in found[:NEXT_COUNT]
    ]
    return HomeSection(title="Mes prochaines réunions", empty_text="Aucune réunion à venir.", items=items)


async def agendas_home(actor: Actor) -> HomeSection | None:
    """« Ordres du jour à approuver »: the president and the secretary each approve the current version
    (L2315-29); proposals of the élus wait for them too."""
    bodies = [b for b in await _memberships(actor) if b[2] in ("president", "secretary", "deputy_secretary")]
    if not bodies:
        return None
    moment = now()
    items: list[TodoItem] = []
    for body_id, body_name, role, _ in bodies:
        mine = "president" if role == "president" else "secretary"
        drafts, _ = await meetings.list_meetings(
            actor=actor, body_id=body_id, limit=50, offset=0, status="draft", start=moment
        )
        for meeting in drafts:
            current = await agenda.get_agenda(actor=actor, meeting_id=meeting.id)
            approved = {a.role for a in current.approvals if a.current}
            waiting = []
            if current.items and mine not in approved:
                waiting.append("approuver l'ordre du jour")
            if current.proposals:
                waiting.append(f"examiner {len(current.proposals)} proposition(s) des élus")
            if waiting:
                items.append(
                    TodoItem(
                        label=f"{meeting.title} ({body_name}, le {_when(meeting)}) : " + " et ".join(waiting),
                        url=f"/reunions/{meeting.id}#ordre-du-jour",
                        due=meeting.starts_at,
                        urgent=meeting.starts_at - moment < timedelta(days=5),
                    )
                )
    return HomeSection(title="Ordres du jour à approuver", empty_text="Aucun ordre du jour en attente.", items=items)


async def minutes_home(actor: Actor) -> HomeSection | None:
    """« PV à rédiger »: held meetings without a PV sent to the employer (D2315-26: 15 days, or before the
    next meeting), and adopted PVs the secretary may now circulate (L2315-35)."""
    writers = ("secretary", "deputy_secretary")
    bodies = [b for b in await _memberships(actor) if b[2] in writers and b[3] in PV_BODY_KINDS]
    if not bodies:
        return None
    items: list[TodoItem] = []
    for body_id, body_name, _, _ in bodies:
        for status in ("held", "closed"):
            done, _ = await meetings.list_meetings(actor=actor, body_id=body_id, limit=200, offset=0, status=status)
            for meeting in done:
                summary = meeting.minutes
                if summary.status in (None, "draft"):
                    due = (
                        f" — à transmettre au plus tard le {summary.due_on:%d/%m/%Y} (art. D2315-26)"
                        if summary.due_on
                        else ""
                    )
                    late = " (en retard)" if summary.overdue else ""
                    verb = "Rédiger" if summary.status is None else "Terminer et transmettre"
                    items.append(
                        TodoItem(
                            label=f"{verb} le PV : {meeting.title} ({body_name}){due}{late}",
                            url=f"/reunions/{meeting.id}/proces-verbal",
                            due=datetime.combine(summary.due_on, time(18, 0), tzinfo=PARIS) if summary.due_on else None,
                            urgent=summary.overdue,
                        )
                    )
                elif summary.status == "adopted":
                    items.append(
                        TodoItem(
                            label=f"Diffuser le PV adopté : {meeting.title} ({body_name}) (art. L2315-35)",
                            url=f"/reunions/{meeting.id}/proces-verbal",
                        )
                    )
    return HomeSection(title="PV à rédiger", empty_text="Aucun procès-verbal en attente.", items=items)


def meetings_tab(body_id: int, body_kind: str) -> list[BodyTab]:
    tabs: list[BodyTab] = []
    if body_kind in MEETING_BODY_KINDS:
        tabs.append(BodyTab(label="Réunions", url=f"/instances/{body_id}/reunions"))
    if body_kind in CONSULTED_BODY_KINDS:
        tabs.append(BodyTab(label="Consultations", url=f"/instances/{body_id}/consultations"))
    return tabs


HOME_PROVIDERS.extend([next_meetings_home, agendas_home, minutes_home])
BODY_TABS.append(meetings_tab)
