"""What the meetings add to the home page and to a body's page: « Mes prochaines réunions », « Ordres du jour à
approuver » (L2315-29), « PV à rédiger » (L2315-34, D2315-26), and the « Réunions » and « Consultations » tabs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any, Final
from zoneinfo import ZoneInfo

from piccolo.querystring import QueryString

from dialogue.core.clock import PARIS
from dialogue.core.db import get_engine
from dialogue.meetings import repository as repo
from dialogue.meetings.schemas import MeetingRead
from dialogue.meetings.service import common
from dialogue.meetings.service.common import now
from dialogue.pages.i18n import body_kind_label
from dialogue.pages.registry import BodyTab, HomeContext, HomeSection, TodoItem

#: Negotiation tables keep their sessions in the negotiations module.
MEETING_BODY_KINDS: Final = frozenset({"cse", "cse_central", "cssct", "board", "direction_committee", "qvt_steering"})
CONSULTED_BODY_KINDS: Final = frozenset({"cse", "cse_central"})
PV_BODY_KINDS: Final = frozenset({"cse", "cse_central"})
#: How far ahead « Mes prochaines réunions » looks, and how many it lists.
HORIZON: Final = timedelta(days=120)
NEXT_COUNT: Final = 6
ORGANISERS: Final = ("president", "secretary", "deputy_secretary")
MINUTES_WRITERS: Final = ("secretary", "deputy_secretary")


def _when(meeting: MeetingRead | _Upcoming) -> str:
    local = meeting.starts_at.astimezone(PARIS)
    return f"{local:%d/%m/%Y} à {local.hour} h {local.minute:02d}"


def _memberships(context: HomeContext) -> list[tuple[int, str, str, str]]:
    """(body id, short body name, role, body kind) of the bodies the person sits in and that hold meetings.
    The kind (« CSE », « CSSCT »…) keeps home lines short; the meeting title says the rest."""
    return [
        (m.body_id, body_kind_label(m.body_kind, "fr"), m.role, m.body_kind)
        for m in context.me.memberships
        if m.body_kind in MEETING_BODY_KINDS
    ]


@dataclass(frozen=True, slots=True)
class _Upcoming:
    """A meeting not held yet, as the home lines show it (no PV is due before it is held, D2315-26)."""

    id: int
    body_id: int
    title: str
    status: str
    starts_at: datetime
    agenda_version: int


@dataclass(frozen=True, slots=True)
class _HomeMeetings:
    """The meetings of all the person's bodies the three sections need, read once per page in a few
    set-based queries: upcoming convened and draft meetings, and held or closed ones (for their PV)."""

    moment: datetime
    upcoming: list[_Upcoming]
    done: list[MeetingRead]


#: Upcoming convened and draft meetings, and held or closed ones whose PV is still to write, to send or to
#: circulate (none, draft or adopted: « PV à rédiger »), of a set of bodies. Written as SQL: building the ORM's
#: query cost more than running it, on every home page; and a PV sent or published leaves the page, so the
#: home page does not read every meeting a body ever held (issue 15).
_HOME_MEETINGS_SQL = """
SELECT * FROM meeting
WHERE body IN ({}) AND (
  (starts_at >= {} AND status IN ('convened', 'draft'))
  OR (status IN ('held', 'closed') AND NOT EXISTS (
    SELECT 1 FROM minutes pv WHERE pv.meeting = meeting.id AND pv.status IN ('submitted', 'published')
  ))
)
ORDER BY starts_at, id
"""


async def _home_meetings(context: HomeContext) -> _HomeMeetings:
    """Loaded once per home page and shared by « Mes prochaines réunions », « Ordres du jour à approuver » and
    « PV à rédiger ». Membership of a body is what lets one read its meetings (the sections only list those)."""
    cached = context.shared.get(__name__)
    if isinstance(cached, _HomeMeetings):
        return cached
    moment = now()
    bodies = sorted({b[0] for b in _memberships(context)})
    rows: list[dict[str, Any]] = []
    if bodies:
        sql = _HOME_MEETINGS_SQL.format(", ".join("{}" for _ in bodies), "{}")
        rows = await get_engine().run_querystring(QueryString(sql, *bodies, moment))
    upcoming = [r for r in rows if r["status"] in ("convened", "draft")]
    writers = {b[0] for b in _memberships(context) if b[2] in MINUTES_WRITERS and b[3] in PV_BODY_KINDS}
    done = [r for r in rows if r["status"] in ("held", "closed") and r["body"] in writers]
    loaded = _HomeMeetings(moment=moment, upcoming=_upcoming(upcoming), done=await common.meeting_reads(done))
    context.shared[__name__] = loaded
    return loaded


def _upcoming(rows: list[dict[str, Any]]) -> list[_Upcoming]:
    return [
        _Upcoming(
            id=r["id"],
            body_id=r["body"],
            title=r["title"],
            status=r["status"],
            starts_at=r["starts_at"].astimezone(ZoneInfo(str(r["timezone"]))),
            agenda_version=r["agenda_version"],
        )
        for r in rows
    ]


async def next_meetings_home(context: HomeContext) -> HomeSection | None:
    """« Mes prochaines réunions »: convened meetings of my bodies, and the drafts of those I organise."""
    bodies = {b[0]: b for b in _memberships(context)}
    if not bodies:
        return None
    loaded = await _home_meetings(context)
    end = loaded.moment + HORIZON
    found: list[tuple[_Upcoming, str]] = []
    for m in loaded.upcoming:
        _, body_name, role, _ = bodies[m.body_id]
        organiser = role in ORGANISERS
        if m.starts_at < end and (m.status == "convened" or (organiser and m.status == "draft")):
            found.append((m, body_name))
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


async def agendas_home(context: HomeContext) -> HomeSection | None:
    """« Ordres du jour à approuver »: the president and the secretary each approve the current version
    (L2315-29); proposals of the élus wait for them too."""
    bodies = {b[0]: b for b in _memberships(context) if b[2] in ORGANISERS}
    if not bodies:
        return None
    loaded = await _home_meetings(context)
    moment = loaded.moment
    drafts = [m for m in loaded.upcoming if m.status == "draft" and m.body_id in bodies]
    states = await repo.agenda_states([m.id for m in drafts])
    items: list[TodoItem] = []
    for meeting in drafts:
        _, body_name, role, _ = bodies[meeting.body_id]
        mine = "president" if role == "president" else "secretary"
        state = states[meeting.id]
        waiting = []
        if state.has_accepted and mine not in state.approved_by:
            waiting.append("approuver l'ordre du jour")
        if state.proposals:
            waiting.append(f"examiner {state.proposals} proposition(s) des élus")
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


async def minutes_home(context: HomeContext) -> HomeSection | None:
    """« PV à rédiger »: held meetings without a PV sent to the employer (D2315-26: 15 days, or before the
    next meeting), and adopted PVs the secretary may now circulate (L2315-35)."""
    bodies = {b[0]: b for b in _memberships(context) if b[2] in MINUTES_WRITERS and b[3] in PV_BODY_KINDS}
    if not bodies:
        return None
    loaded = await _home_meetings(context)
    items: list[TodoItem] = []
    for body_id in bodies:
        body_name = bodies[body_id][1]
        for status in ("held", "closed"):
            for meeting in (m for m in loaded.done if m.body_id == body_id and m.status == status):
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
