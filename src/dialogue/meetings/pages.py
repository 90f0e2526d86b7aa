"""Meeting pages: a body's meetings and yearly calendar, planning a meeting, the meeting page (agenda drawn up
jointly and approved, L2315-29; convocation with its legal delay, L2315-30; attendance, L2314-1; votes,
L2315-32), the minutes editor (L2315-34, D2315-26, L2315-35) and the consultations (R2312-6, L2312-16).

Every page calls the same service functions as the API, with the actor of the session cookie."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any, Final

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from dialogue.bodies import service as bodies_service
from dialogue.bodies.access import body_access
from dialogue.consultations import service as consultations_service
from dialogue.consultations.schemas import KIND_LABELS as CONSULTATION_KIND_LABELS
from dialogue.consultations.schemas import ConsultationCreate, ExpertiseChallengeCreate, JudgmentCreate
from dialogue.core.actor import Actor
from dialogue.core.documents import markdown_to_html
from dialogue.core.errors import Conflict, DomainError, Forbidden, InvalidInput, NotFound
from dialogue.meetings import home as _home  # noqa: F401  (registers the home sections and body tabs)
from dialogue.meetings.rules import ResolutionKind, president_votes
from dialogue.meetings.schemas import (
    AgendaDisagreement,
    AgendaItemCreate,
    AgendaItemKind,
    AgendaItemRead,
    AgendaItemUpdate,
    AgendaOrder,
    AgendaPosition,
    AttendanceUpdate,
    CalendarPlanRequest,
    CancelRequest,
    ConveneRequest,
    MeetingCreate,
    MeetingRead,
    MinutesCreate,
    MinutesRead,
    MinutesUpdate,
    SsctNoticeCreate,
    VoteCreate,
)
from dialogue.meetings.service import agenda, calendar, meetings, minutes, notice, session
from dialogue.meetings.service.common import today_in
from dialogue.meetings.service.minutes import MINUTES_STATUS_LABELS
from dialogue.pages.controllers import PageEnv, page_env, render, require_me
from dialogue.pages.forms import FormState, checked, errors_from_invalid, read_form, text_or_none, validate
from dialogue.settings import Settings
from dialogue.web.problems import status_for

MEETING_KINDS: Final[Mapping[str, str]] = {
    "ordinary": "Réunion ordinaire",
    "extraordinary": "Réunion extraordinaire",
    "ssct": "Réunion consacrée à la santé, la sécurité et les conditions de travail",
}
STATUS_LABELS: Final[Mapping[str, str]] = {
    "draft": "En préparation",
    "convened": "Convoquée",
    "held": "Tenue",
    "closed": "Close",
    "cancelled": "Annulée",
}
STATUS_CLASSES: Final[Mapping[str, str]] = {
    "draft": "status-warning",
    "convened": "status-ok",
    "held": "status-ok",
    "closed": "status-ok",
    "cancelled": "status-alert",
}
ITEM_KINDS: Final[Mapping[str, str]] = {
    "information": "Information",
    "consultation": "Consultation (avis du comité)",
    "vote": "Délibération soumise au vote",
    "question": "Question",
    "ssct": "Santé, sécurité et conditions de travail",
}
PV_CASES: Final[Mapping[str, str]] = {
    "general": "Cas général : 15 jours (art. D2315-26)",
    "licenciement_economique_collectif": "Licenciement économique collectif : 3 jours (art. L1233-30)",
    "redressement_liquidation_judiciaire": "Redressement ou liquidation judiciaire : 1 jour",
}
ATTENDANCE_LABELS: Final[Mapping[str, str]] = {
    "present": "Présent",
    "absent": "Absent",
    "excused": "Excusé",
    "replaced": "Remplacé par un suppléant",
}
CHOICE_LABELS: Final[Mapping[str, str]] = {
    "votes_for": "Pour",
    "votes_against": "Contre",
    "abstentions": "Abstentions",
    "blank": "Blancs",
}
OPINION_LABELS: Final[Mapping[str, str]] = {
    "positive": "Avis favorable",
    "negative": "Avis défavorable",
    "deemed_negative": "Avis réputé négatif",
}
# Votes of the délégation du personnel (L2315-32) and the suppléant called by L2314-37 (branch votes).
RESOLUTION_LABELS: Final[Mapping[str, str]] = {
    "interne": "Organisation interne ou autre délibération (le président vote)",
    "pv": "Adoption du procès-verbal",
    "expertise": "Désignation d'un expert (délégation du personnel)",
    "justice": "Mandat pour agir en justice (délégation du personnel)",
    "subvention": "Utilisation de la subvention de fonctionnement (délégation du personnel)",
    "commission": "Désignation des membres d'une commission (délégation du personnel)",
    "alerte": "Droit d'alerte (délégation du personnel)",
    "asc": "Activités sociales et culturelles (délégation du personnel)",
    "avis": "Avis du comité (délégation du personnel)",
}


CONSULTATION_STATUS: Final[Mapping[str, tuple[str, str]]] = {
    "open": ("En cours", "status-warning"),
    "suspended": ("Délai suspendu (L2315-86)", "status-warning"),
    "opinion_given": ("Avis rendu", "status-ok"),
    "deemed_negative": ("Avis réputé négatif — définitif (L2312-16)", "status-alert"),
}
WEEKDAYS: Final = ("lundi", "mardi", "mercredi", "jeudi", "vendredi")
LABELS: Final[Mapping[str, str]] = {
    "title": "Intitulé",
    "kind": "Nature",
    "day": "Date",
    "start": "Heure de début",
    "end": "Heure de fin",
    "starts_at": "Heure de début",
    "ends_at": "Heure de fin",
    "location": "Lieu",
    "visio_url": "Lien de visioconférence",
    "pv_case": "Délai du procès-verbal",
    "description": "Présentation",
    "presenter": "Présenté par",
    "legal_basis": "Fondement",
    "consultation_id": "Consultation",
    "minutes_of_meeting_id": "Procès-verbal à adopter",
    "mandatory": "Consultation obligatoire",
    "late_reason": "Motif de la convocation hors délai",
    "acknowledge_late": "Convoquer malgré le délai",
    "reason": "Motif de l'annulation",
    "question": "Question mise aux voix",
    "votes_for": "Pour",
    "votes_against": "Contre",
    "abstentions": "Abstentions",
    "blank": "Blancs",
    "void": "Nuls",
    "motion": "Avis mis aux voix",
    "opinion_text": "Avis motivé",
    "resolution_kind": "Nature de la délibération",
    "text": "Texte du procès-verbal",
    "subject": "Objet",
    "informed_on": "Informations transmises le",
    "agreed_delay_days": "Délai fixé par accord (jours)",
    "expert_name": "Expert",
    "weekday": "Jour de la semaine",
    "occurrence": "Occurrence dans la période",
    "at": "Heure",
    "duration_minutes": "Durée (minutes)",
    "entries": "Présences",
    "disagreement_reason": "Motif du désaccord",
    "sent_on": "Envoyée le",
    "recipients": "Destinataires",
    "note": "Mode d'envoi, références",
}
DONE: Final[Mapping[str, str]] = {
    "creee": "La réunion a été programmée.",
    "point": "Le point a été inscrit à l'ordre du jour.",
    "propose": "Votre proposition a été transmise au président et au secrétaire.",
    "modifie": "Le point a été modifié ; l'ordre du jour doit être approuvé à nouveau.",
    "ordre": "L'ordre du jour a été réorganisé.",
    "retire": "Le point a été retiré.",
    "accepte": "La proposition a été inscrite à l'ordre du jour.",
    "refuse": "La proposition a été écartée.",
    "approuve": "Votre approbation de l'ordre du jour a été enregistrée.",
    "convoquee": "La convocation a été envoyée avec l'ordre du jour.",
    "tenue": "La réunion est ouverte : notez les présences et les votes.",
    "annulee": "La réunion a été annulée ; les personnes convoquées en sont informées.",
    "presences": "Les présences ont été enregistrées.",
    "vote": "Le vote a été enregistré.",
    "pv-etabli": "Le projet de procès-verbal a été établi à partir des présences, de l'ordre du jour et des votes.",
    "pv-enregistre": "Le procès-verbal a été enregistré.",
    "pv-transmis": "Le procès-verbal a été transmis à l'employeur et aux membres.",
    "pv-diffuse": "Le procès-verbal adopté a été diffusé.",
    "calendrier": "Les réunions proposées ont été créées.",
    "consultation": "La consultation a été ouverte ; son délai court depuis la transmission des informations.",
    "desaccord": "Votre désaccord sur l'ordre du jour est enregistré dans l'historique de la réunion.",
    "confirmation-ssct": "L'envoi de la confirmation écrite de la réunion SSCT est enregistré.",
    "contestation": "La contestation de l'expertise est enregistrée : le délai est suspendu jusqu'au jugement.",
    "jugement": "Le jugement est enregistré : le délai reprend pour les jours qui restaient.",
}
# --- convening basis, disagreement, SSCT notice, urgency (branch convening)
CONVENING_BASES: Final[Mapping[str, str]] = {
    "joint_agenda": "Ordre du jour arrêté conjointement par le président et le secrétaire",
    "employer_below_50": "Convoquée par l'employeur seul : pas d'ordre du jour conjoint sous 50 salariés "
    "(art. L2315-21)",
    "employer_no_secretary": "Convoquée par l'employeur seul : l'instance n'a pas encore de secrétaire",
    "no_joint_rule": "Convoquée par le président : pas d'ordre du jour conjoint pour cette instance",
    "plein_droit": "Consultations obligatoires inscrites de plein droit (art. L2315-29 al. 2) : désaccord du "
    "secrétaire enregistré",
}
URGENCY_LABELS: Final[Mapping[str, str]] = {
    "dgi_disagreement": "Urgence légale (L4132-3)",
    "serious_accident": "Urgence légale (L2315-27 al. 2)",
}
SSCT_NOTICE_LABELS: Final[Mapping[str, tuple[str, str]]] = {
    "due": ("à envoyer", "status-warning"),
    "late": ("en retard", "status-alert"),
    "sent": ("envoyée", "status-ok"),
    "sent_late": ("envoyée hors délai", "status-alert"),
}
SSCT_RECIPIENTS: Final[Mapping[str, str]] = {
    "inspection_travail": "Inspection du travail",
    "medecin_travail": "Médecin du travail",
    "carsat": "CARSAT",
}
HISTORY_LABELS: Final[Mapping[str, str]] = {
    "created": "Réunion programmée",
    "edited": "Réunion modifiée",
    "rescheduled": "Réunion reportée",
    "moved": "Lieu modifié",
    "convened": "Convocation envoyée",
    "held": "Réunion ouverte",
    "closed": "Réunion close",
    "cancelled": "Réunion annulée",
    "agenda_disagreement": "Désaccord du secrétaire sur l'ordre du jour",
    "secretary_disagreement": "Désaccord du secrétaire enregistré",
    "ssct_notice_sent": "Confirmation SSCT envoyée (art. L2315-27)",
}


def _see_other(url: str) -> Redirect:
    return Redirect(path=url, status_code=HTTP_303_SEE_OTHER)


def _settings(request: Request[Any, Any, Any]) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def local_moment(day: str | None, hour: str | None, settings: Settings) -> datetime | str:
    """A date input and a time input read in the organisation's zone; the raw text when unreadable."""
    day_text, hour_text = text_or_none(day), text_or_none(hour)
    if day_text is None or hour_text is None:
        return ""
    try:
        return datetime.combine(date.fromisoformat(day_text), time.fromisoformat(hour_text), tzinfo=settings.tz)
    except ValueError:
        return f"{day_text} {hour_text}"


def meeting_payload(form: Mapping[str, str], settings: Settings) -> dict[str, Any]:
    """The planning form as the API's MeetingCreate payload (a meeting starts and ends the same day)."""
    payload: dict[str, Any] = {
        "title": form.get("title", ""),
        "kind": form.get("kind") or "ordinary",
        "starts_at": local_moment(form.get("day"), form.get("start"), settings),
        "ends_at": local_moment(form.get("day"), form.get("end"), settings),
        "treats_ssct": checked(form.get("treats_ssct")),
        "pv_case": form.get("pv_case") or "general",
    }
    for name in ("location", "visio_url"):
        if (value := text_or_none(form.get(name))) is not None:
            payload[name] = value
    return payload


def meeting_errors(errors: dict[str, str]) -> dict[str, str]:
    """Errors on the instants are shown next to the inputs people type: the day and the hours."""
    renamed: dict[str, str] = {}
    for name, message in errors.items():
        if name == "starts_at":
            renamed.setdefault("day", message)
        elif name == "ends_at":
            renamed.setdefault("end", message)
        else:
            renamed[name] = message
    return renamed


def item_payload(form: Mapping[str, str]) -> dict[str, Any]:
    """The agenda item form as the API's AgendaItemCreate/Update payload."""
    payload: dict[str, Any] = {"title": form.get("title", ""), "kind": form.get("kind", "")}
    for name in ("description", "presenter", "legal_basis"):
        payload[name] = text_or_none(form.get(name))
    for name in ("consultation_id", "minutes_of_meeting_id"):
        if (value := text_or_none(form.get(name))) is not None:
            payload[name] = value
    payload["confidential"] = checked(form.get("confidential"))
    if checked(form.get("mandatory")):
        payload["mandatory"] = True
    return payload


def vote_payload(form: Mapping[str, str]) -> dict[str, Any]:
    """The vote form (totals, as counted in the room) as the API's VoteCreate payload."""
    payload: dict[str, Any] = {"question": form.get("question", ""), "secret": checked(form.get("secret"))}
    for name in ("votes_for", "votes_against", "abstentions", "blank", "void"):
        value = text_or_none(form.get(name))
        payload[name] = value if value is not None else (None if name == "votes_for" else 0)
    if (motion := text_or_none(form.get("motion"))) is not None:
        payload["motion"] = motion
    if (opinion := text_or_none(form.get("opinion_text"))) is not None:
        payload["opinion_text"] = opinion
    if (kind := text_or_none(form.get("resolution_kind"))) is not None:
        payload["resolution_kind"] = kind
    return payload


def attendance_entries(form: Mapping[str, str], member_ids: list[int]) -> list[dict[str, Any]]:
    """One line per member: `status-<id>` and, for a suppléant present, `replaces-<id>` (L2314-1)."""
    entries: list[dict[str, Any]] = []
    for member_id in member_ids:
        status = text_or_none(form.get(f"status-{member_id}"))
        if status is None:
            continue
        entry: dict[str, Any] = {"member_id": member_id, "status": status}
        replaces = text_or_none(form.get(f"replaces-{member_id}"))
        if replaces is not None and status == "present":
            entry["replaces_member_id"] = replaces
            if (reason := text_or_none(form.get(f"reason-{member_id}"))) is not None:
                entry["replacement_reason"] = reason
        if status == "present":
            for field, name in (("arrived_before_item", "arrived"), ("left_after_item", "left")):
                if (rank := text_or_none(form.get(f"{name}-{member_id}"))) is not None:
                    entry[field] = rank
        entries.append(entry)
    return entries


def swapped_order(items: list[AgendaItemRead], item_id: int, step: int) -> list[AgendaPosition] | None:
    """The agenda's positions with `item_id` moved one place up (-1) or down (+1); None at the edge."""
    ids = [i.id for i in sorted(items, key=lambda i: i.position)]
    if item_id not in ids:
        return None
    index = ids.index(item_id)
    target = index + step
    if not 0 <= target < len(ids):
        return None
    ids[index], ids[target] = ids[target], ids[index]
    return [AgendaPosition(id=i, position=n) for n, i in enumerate(ids, start=1)]


def split_meetings(items: list[MeetingRead], now: datetime) -> tuple[list[MeetingRead], list[MeetingRead]]:
    """Upcoming (soonest first) and past or cancelled (latest first) meetings; one under way is upcoming."""
    upcoming = [m for m in items if m.ends_at >= now and m.status != "cancelled"]
    past = [m for m in items if m not in upcoming]
    return sorted(upcoming, key=lambda m: m.starts_at), sorted(past, key=lambda m: m.starts_at, reverse=True)


class FormSlot:
    """One form of a page that failed: its name, the values typed and the errors, shown only in that form."""

    def __init__(self, which: str | None = None, state: FormState | None = None) -> None:
        self.which = which
        self.state = state or FormState()

    def __call__(self, name: str) -> FormState:
        return self.state if name == self.which else FormState()


def _message_state(posted: dict[str, str], exc: DomainError) -> FormState:
    errors = errors_from_invalid(exc) if isinstance(exc, InvalidInput) else {}
    errors = {k: v for k, v in errors.items() if k != "_form"}
    return FormState(values=posted, errors=meeting_errors(errors), message=exc.detail)


class MeetingPagesController(Controller):
    """Meetings as the secretary, the director and the élus use them, week after week."""

    tags = ["pages"]
    include_in_schema = False

    # ------------------------------------------------------------------ list, plan, calendar

    @get("/instances/{body_id:int}/reunions")
    async def meetings(
        self, request: Request[Any, Any, Any], body_id: FromPath[int], fait: FromQuery[str | None] = None
    ) -> Template:
        actor, me = await require_me(request)
        access = (await body_access(actor=actor, body_id=body_id)).require_read()
        items, _ = await meetings.list_meetings(actor=actor, body_id=body_id, limit=500, offset=0)
        upcoming, past = split_meetings(items, meetings_now())
        return render(
            request,
            "meetings/list.html.j2",
            page_env(request, me),
            access=access,
            upcoming=upcoming,
            past=past,
            done=DONE.get(fait or ""),
            year=today_in(_settings(request).tz).year,
            **_labels(),
        )

    @get("/instances/{body_id:int}/reunions/nouvelle")
    async def plan_form(self, request: Request[Any, Any, Any], body_id: FromPath[int]) -> Template:
        actor, me = await require_me(request)
        return await self._plan_form(request, actor, page_env(request, me), body_id, FormState())

    async def _plan_form(
        self,
        request: Request[Any, Any, Any],
        actor: Actor,
        env: PageEnv,
        body_id: int,
        form: FormState,
        status: int = 200,
    ) -> Template:
        access = await body_access(actor=actor, body_id=body_id)
        access.require(access.runs_meetings, "Seuls le président et le secrétaire programment les réunions.")
        if not form.values:
            form.values.update({"kind": "ordinary", "start": "14:00", "end": "17:00", "pv_case": "general"})
        return render(request, "meetings/plan.html.j2", env, status_code=status, access=access, form=form, **_labels())

    @post("/instances/{body_id:int}/reunions")
    async def plan(self, request: Request[Any, Any, Any], body_id: FromPath[int]) -> Response[Any]:
        actor, me = await require_me(request)
        settings = _settings(request)
        posted = await read_form(request)
        env = page_env(request, me)
        parsed = validate(MeetingCreate, meeting_payload(posted, settings))
        if isinstance(parsed, dict):
            state = FormState(values=posted, errors=meeting_errors(parsed))
            return await self._plan_form(request, actor, env, body_id, state, 422)
        try:
            meeting = await meetings.create_meeting(
                actor=actor, body_id=body_id, data=parsed, default_timezone=settings.timezone
            )
        except InvalidInput as exc:
            return await self._plan_form(request, actor, env, body_id, _message_state(posted, exc), 422)
        return _see_other(f"/reunions/{meeting.id}?fait=creee")

    @get("/instances/{body_id:int}/calendrier")
    async def calendar_page(
        self,
        request: Request[Any, Any, Any],
        body_id: FromPath[int],
        annee: FromQuery[int | None] = None,
        fait: FromQuery[str | None] = None,
    ) -> Template:
        actor, me = await require_me(request)
        year = annee or today_in(_settings(request).tz).year
        return await self._calendar(request, actor, page_env(request, me), body_id, year, FormState(), 200, fait)

    async def _calendar(
        self,
        request: Request[Any, Any, Any],
        actor: Actor,
        env: PageEnv,
        body_id: int,
        year: int,
        form: FormState,
        status: int,
        fait: str | None = None,
    ) -> Template:
        settings = _settings(request)
        access = (await body_access(actor=actor, body_id=body_id)).require_read()
        plan = await calendar.get_calendar(actor=actor, body_id=body_id, year=year, default_timezone=settings.timezone)
        if not form.values:
            form.values.update({"weekday": "1", "occurrence": "2", "at": "14:00", "duration_minutes": "180"})
        return render(
            request,
            "meetings/calendar.html.j2",
            env,
            status_code=status,
            access=access,
            plan=plan,
            year=year,
            form=form,
            done=DONE.get(fait or ""),
            weekdays=list(enumerate(WEEKDAYS)),
            **_labels(),
        )

    @post("/instances/{body_id:int}/calendrier")
    async def plan_calendar(self, request: Request[Any, Any, Any], body_id: FromPath[int]) -> Response[Any]:
        """Create the year's proposed ordinary meetings for each period without one (L2315-28, L2315-27)."""
        actor, me = await require_me(request)
        settings = _settings(request)
        posted = await read_form(request)
        year_text = posted.get("year", "")
        year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else today_in(settings.tz).year
        payload: dict[str, Any] = {
            k: posted.get(k, "") for k in ("weekday", "occurrence", "at", "duration_minutes") if posted.get(k)
        }
        if (location := text_or_none(posted.get("location"))) is not None:
            payload["location"] = location
        parsed = validate(CalendarPlanRequest, payload)
        env = page_env(request, me)
        if isinstance(parsed, dict):
            return await self._calendar(request, actor, env, body_id, year, FormState(posted, parsed), 422)
        try:
            await calendar.plan_calendar(
                actor=actor, body_id=body_id, year=year, data=parsed, default_timezone=settings.timezone
            )
        except InvalidInput as exc:
            return await self._calendar(request, actor, env, body_id, year, _message_state(posted, exc), 422)
        return _see_other(f"/instances/{body_id}/calendrier?annee={year}&fait=calendrier")

    # ------------------------------------------------------------------ the meeting page

    @get("/reunions/{meeting_id:int}")
    async def meeting(
        self, request: Request[Any, Any, Any], meeting_id: FromPath[int], fait: FromQuery[str | None] = None
    ) -> Template:
        actor, me = await require_me(request)
        return await self._page(request, actor, page_env(request, me), meeting_id, done=DONE.get(fait or ""))

    async def _page(
        self,
        request: Request[Any, Any, Any],
        actor: Actor,
        env: PageEnv,
        meeting_id: int,
        *,
        done: str | None = None,
        slot: FormSlot | None = None,
        status: int = 200,
    ) -> Template:
        meeting = await meetings.get_meeting(actor=actor, meeting_id=meeting_id)
        access = await body_access(actor=actor, body_id=meeting.body_id)
        current = await agenda.get_agenda(actor=actor, meeting_id=meeting_id)
        members = await bodies_service.list_members(actor=actor, body_id=meeting.body_id)
        names = {m.user_id: m.full_name for m in members}
        tz = _settings(request).tz
        draft = meeting.status == "draft"
        sheet = (
            await session.get_attendance(actor=actor, meeting_id=meeting_id)
            if meeting.status in ("convened", "held", "closed")
            else None
        )
        votes = await session.list_meeting_votes(actor=actor, meeting_id=meeting_id) if sheet else []
        votes_by_item: dict[int, list[Any]] = {}
        for vote in votes:
            votes_by_item.setdefault(vote.agenda_item_id, []).append(vote)
        pv = await _minutes_or_none(actor, meeting_id)
        adoptable: list[MeetingRead] = []
        open_consultations: list[Any] = []
        if draft and access.runs_meetings:
            earlier, _ = await meetings.list_meetings(
                actor=actor, body_id=meeting.body_id, limit=500, offset=0, end=meeting.starts_at
            )
            adoptable = [m for m in earlier if m.minutes.status == "submitted"]
            if access.kind in ("cse", "cse_central"):
                running, _ = await consultations_service.list_consultations(
                    actor=actor, body_id=meeting.body_id, limit=100, offset=0
                )
                open_consultations = [c for c in running if not c.final]  # open or suspended (L2315-86)
        my_role = "president" if access.is_president else "secretary" if access.is_secretary else None
        approved_now = {a.role for a in current.approvals if a.current}
        day_come = today_in(tz) >= meeting.starts_at.astimezone(tz).date()
        attendance = {e.member_id: e for e in sheet.entries} if sheet else {}
        body = await bodies_service.get_body(actor=actor, body_id=meeting.body_id)
        return render(
            request,
            "meetings/meeting.html.j2",
            env,
            status_code=status,
            meeting=meeting,
            access=access,
            agenda=current,
            members=members,
            names=names,
            sheet=sheet,
            attendance=attendance,
            votes_by_item=votes_by_item,
            minutes=pv,
            minutes_labels=MINUTES_STATUS_LABELS,
            adoptable=adoptable,
            open_consultations=open_consultations,
            notice=await notice.notice(actor=actor, meeting_id=meeting_id) if draft else (),
            today=today_in(tz),
            done=done,
            form=slot or FormSlot(),
            can_edit_agenda=draft and access.runs_meetings,
            can_propose=draft and not access.runs_meetings and (access.is_elu or access.is_union_representative),
            can_approve=draft
            and my_role is not None
            and my_role not in approved_now
            and bool(current.items)
            and (current.convening is None or current.convening.joint_required),
            can_disagree=draft
            and access.is_secretary
            and current.convening is not None
            and current.convening.joint_required
            and not current.agreed,
            can_record_notice=access.is_president
            and meeting.ssct_notice is not None
            and meeting.status.value != "cancelled",
            history=await meetings.meeting_history(actor=actor, meeting_id=meeting_id),
            can_convene=draft and access.runs_meetings,
            can_hold=meeting.status == "convened" and access.runs_meetings and day_come,
            can_cancel=meeting.status in ("draft", "convened") and access.runs_meetings,
            can_record=meeting.status in ("convened", "held") and access.runs_meetings,
            can_vote=meeting.status == "held" and access.runs_meetings,
            writes_minutes=access.is_secretary and meeting.status in ("held", "closed"),
            votable={"vote", "consultation", "ssct"},
            proposals={p.titulaire_id: p for p in sheet.proposals} if sheet else {},
            president_out={
                item.id: not president_votes(
                    _item_resolution(item), president_votes_on_minutes=body.president_votes_on_minutes
                )
                for item in current.items
            },
            resolution_labels=RESOLUTION_LABELS,
            **_labels(),
        )

    async def _retry(
        self,
        request: Request[Any, Any, Any],
        actor: Actor,
        me: Any,
        meeting_id: int,
        which: str,
        state: FormState,
        status: int,
    ) -> Template:
        return await self._page(
            request, actor, page_env(request, me), meeting_id, slot=FormSlot(which, state), status=status
        )

    @post("/reunions/{meeting_id:int}/points")
    async def add_item(self, request: Request[Any, Any, Any], meeting_id: FromPath[int]) -> Response[Any]:
        """President and secretary add an item; élus and union representatives propose one (L2315-29)."""
        actor, me = await require_me(request)
        posted = await read_form(request)
        parsed = validate(AgendaItemCreate, item_payload(posted))
        if isinstance(parsed, dict):
            return await self._retry(request, actor, me, meeting_id, "item", FormState(posted, parsed), 422)
        try:
            item = await agenda.add_item(actor=actor, meeting_id=meeting_id, data=parsed)
        except InvalidInput as exc:
            return await self._retry(request, actor, me, meeting_id, "item", _message_state(posted, exc), 422)
        done = "point" if item.status == "accepted" else "propose"
        return _see_other(f"/reunions/{meeting_id}?fait={done}#ordre-du-jour")

    @get("/points/{item_id:int}/modifier")
    async def edit_item_form(self, request: Request[Any, Any, Any], item_id: FromPath[int]) -> Template:
        actor, me = await require_me(request)
        item = await agenda.get_item(actor=actor, item_id=item_id)
        values = {
            "title": item.title,
            "kind": item.kind.value,
            "description": item.description or "",
            "presenter": item.presenter or "",
            "legal_basis": item.legal_basis or "",
            "confidential": item.confidential,
        }
        return await self._edit_form(request, actor, page_env(request, me), item, FormState(values=values))

    async def _edit_form(
        self,
        request: Request[Any, Any, Any],
        actor: Actor,
        env: PageEnv,
        item: AgendaItemRead,
        form: FormState,
        status: int = 200,
    ) -> Template:
        meeting = await meetings.get_meeting(actor=actor, meeting_id=item.meeting_id)
        access = await body_access(actor=actor, body_id=meeting.body_id)
        own = item.status == "proposed" and item.proposed_by == actor.user_id
        access.require(access.runs_meetings or own, "Seuls le président et le secrétaire modifient l'ordre du jour.")
        return render(
            request,
            "meetings/item_form.html.j2",
            env,
            status_code=status,
            item=item,
            meeting=meeting,
            access=access,
            form=form,
            **_labels(),
        )

    @post("/points/{item_id:int}/modifier")
    async def edit_item(self, request: Request[Any, Any, Any], item_id: FromPath[int]) -> Response[Any]:
        """Edit an item: the approvals given to the previous version are withdrawn (L2315-29)."""
        actor, me = await require_me(request)
        item = await agenda.get_item(actor=actor, item_id=item_id)
        posted = await read_form(request)
        payload = item_payload(posted)
        payload.pop("mandatory", None)
        parsed = validate(AgendaItemUpdate, payload)
        env = page_env(request, me)
        if isinstance(parsed, dict):
            return await self._edit_form(request, actor, env, item, FormState(posted, parsed), 422)
        try:
            await agenda.update_item(actor=actor, item_id=item_id, data=parsed)
        except InvalidInput as exc:
            return await self._edit_form(request, actor, env, item, _message_state(posted, exc), 422)
        return _see_other(f"/reunions/{item.meeting_id}?fait=modifie#ordre-du-jour")

    @post("/points/{item_id:int}/monter")
    async def move_up(self, request: Request[Any, Any, Any], item_id: FromPath[int]) -> Response[Any]:
        return await self._move(request, item_id, -1)

    @post("/points/{item_id:int}/descendre")
    async def move_down(self, request: Request[Any, Any, Any], item_id: FromPath[int]) -> Response[Any]:
        return await self._move(request, item_id, 1)

    async def _move(self, request: Request[Any, Any, Any], item_id: int, step: int) -> Response[Any]:
        actor, _ = await require_me(request)
        item = await agenda.get_item(actor=actor, item_id=item_id)
        current = await agenda.get_agenda(actor=actor, meeting_id=item.meeting_id)
        order = swapped_order(current.items, item_id, step)
        if order is not None:
            await agenda.reorder(actor=actor, meeting_id=item.meeting_id, data=AgendaOrder(items=order))
        return _see_other(f"/reunions/{item.meeting_id}?fait=ordre#point-{item_id}")

    @post("/points/{item_id:int}/retirer")
    async def remove_item(self, request: Request[Any, Any, Any], item_id: FromPath[int]) -> Response[Any]:
        actor, _ = await require_me(request)
        item = await agenda.get_item(actor=actor, item_id=item_id)
        await agenda.delete_item(actor=actor, item_id=item_id)
        return _see_other(f"/reunions/{item.meeting_id}?fait=retire#ordre-du-jour")

    @post("/points/{item_id:int}/accepter")
    async def accept(self, request: Request[Any, Any, Any], item_id: FromPath[int]) -> Response[Any]:
        actor, _ = await require_me(request)
        item = await agenda.decide_proposal(actor=actor, item_id=item_id, accept=True)
        return _see_other(f"/reunions/{item.meeting_id}?fait=accepte#ordre-du-jour")

    @post("/points/{item_id:int}/refuser")
    async def decline(self, request: Request[Any, Any, Any], item_id: FromPath[int]) -> Response[Any]:
        actor, _ = await require_me(request)
        item = await agenda.decide_proposal(actor=actor, item_id=item_id, accept=False)
        return _see_other(f"/reunions/{item.meeting_id}?fait=refuse#ordre-du-jour")

    @post("/reunions/{meeting_id:int}/approuver")
    async def approve(self, request: Request[Any, Any, Any], meeting_id: FromPath[int]) -> Response[Any]:
        """The president or the secretary approves the current version of the agenda (L2315-29)."""
        actor, _ = await require_me(request)
        await agenda.approve(actor=actor, meeting_id=meeting_id)
        return _see_other(f"/reunions/{meeting_id}?fait=approuve#ordre-du-jour")

    @post("/reunions/{meeting_id:int}/convoquer")
    async def convene(self, request: Request[Any, Any, Any], meeting_id: FromPath[int]) -> Response[Any]:
        """Convene with the agreed agenda; late only when acknowledged with a reason (L2315-30)."""
        actor, me = await require_me(request)
        posted = await read_form(request)
        payload: dict[str, Any] = {"acknowledge_late": checked(posted.get("acknowledge_late"))}
        if (reason := text_or_none(posted.get("late_reason"))) is not None:
            payload["late_reason"] = reason
        parsed = validate(ConveneRequest, payload)
        if isinstance(parsed, dict):
            return await self._retry(request, actor, me, meeting_id, "convene", FormState(posted, parsed), 422)
        try:
            await meetings.convene(actor=actor, meeting_id=meeting_id, data=parsed)
        except (Forbidden, NotFound):
            raise
        except DomainError as exc:
            state = _message_state(posted, exc)
            if getattr(exc, "code", "") == "late_convocation":
                state.errors.setdefault("acknowledge_late", "Cochez pour convoquer malgré le délai, motif à l'appui.")
            return await self._retry(request, actor, me, meeting_id, "convene", state, status_for(exc))
        return _see_other(f"/reunions/{meeting_id}?fait=convoquee")

    @post("/reunions/{meeting_id:int}/desaccord")
    async def disagree(self, request: Request[Any, Any, Any], meeting_id: FromPath[int]) -> Response[Any]:
        """The secretary records a disagreement on the agenda (L2315-29); kept in the meeting's history."""
        actor, me = await require_me(request)
        posted = await read_form(request)
        parsed = validate(AgendaDisagreement, {"reason": posted.get("disagreement_reason", "")})
        if isinstance(parsed, dict):
            errors = {"disagreement_reason": next(iter(parsed.values()))}
            return await self._retry(request, actor, me, meeting_id, "disagree", FormState(posted, errors), 422)
        try:
            await agenda.disagree(actor=actor, meeting_id=meeting_id, data=parsed)
        except (Forbidden, NotFound):
            raise
        except DomainError as exc:
            return await self._retry(
                request, actor, me, meeting_id, "disagree", _message_state(posted, exc), status_for(exc)
            )
        return _see_other(f"/reunions/{meeting_id}?fait=desaccord#ordre-du-jour")

    @post("/reunions/{meeting_id:int}/confirmation-ssct")
    async def ssct_notice(self, request: Request[Any, Any, Any], meeting_id: FromPath[int]) -> Response[Any]:
        """The president records the written confirmation sent 15 days before (L2315-27 al. 4)."""
        actor, me = await require_me(request)
        posted = await read_form(request)
        payload: dict[str, Any] = {"recipients": [r for r in SSCT_RECIPIENTS if checked(posted.get(f"to_{r}"))]}
        if (sent_on := text_or_none(posted.get("sent_on"))) is not None:
            payload["sent_on"] = sent_on
        if (note := text_or_none(posted.get("note"))) is not None:
            payload["note"] = note
        parsed = validate(SsctNoticeCreate, payload)
        if isinstance(parsed, dict):
            return await self._retry(request, actor, me, meeting_id, "ssct_notice", FormState(posted, parsed), 422)
        try:
            await notice.record_ssct_notice(actor=actor, meeting_id=meeting_id, data=parsed)
        except (Forbidden, NotFound):
            raise
        except DomainError as exc:
            return await self._retry(
                request, actor, me, meeting_id, "ssct_notice", _message_state(posted, exc), status_for(exc)
            )
        return _see_other(f"/reunions/{meeting_id}?fait=confirmation-ssct#convocation")

    @post("/reunions/{meeting_id:int}/tenir")
    async def hold(self, request: Request[Any, Any, Any], meeting_id: FromPath[int]) -> Response[Any]:
        actor, _ = await require_me(request)
        await meetings.hold(actor=actor, meeting_id=meeting_id)
        return _see_other(f"/reunions/{meeting_id}?fait=tenue#presences")

    @post("/reunions/{meeting_id:int}/annuler")
    async def cancel(self, request: Request[Any, Any, Any], meeting_id: FromPath[int]) -> Response[Any]:
        actor, me = await require_me(request)
        posted = await read_form(request)
        parsed = validate(CancelRequest, {"reason": posted.get("reason", "")})
        if isinstance(parsed, dict):
            return await self._retry(request, actor, me, meeting_id, "cancel", FormState(posted, parsed), 422)
        await meetings.cancel(actor=actor, meeting_id=meeting_id, data=parsed)
        return _see_other(f"/reunions/{meeting_id}?fait=annulee")

    @post("/reunions/{meeting_id:int}/presences")
    async def attendance(self, request: Request[Any, Any, Any], meeting_id: FromPath[int]) -> Response[Any]:
        """Who is present, absent, excused, or replaced by a suppléant who then votes (L2314-1)."""
        actor, me = await require_me(request)
        posted = await read_form(request)
        meeting = await meetings.get_meeting(actor=actor, meeting_id=meeting_id)
        members = await bodies_service.list_members(actor=actor, body_id=meeting.body_id)
        parsed = validate(AttendanceUpdate, {"entries": attendance_entries(posted, [m.id for m in members])})
        if isinstance(parsed, dict):
            errors = _attendance_errors(parsed, posted, [m.id for m in members])
            return await self._retry(request, actor, me, meeting_id, "attendance", FormState(posted, errors), 422)
        try:
            await session.record_attendance(actor=actor, meeting_id=meeting_id, data=parsed)
        except InvalidInput as exc:
            errors = _attendance_errors(errors_from_invalid(exc), posted, [e.member_id for e in parsed.entries])
            state = FormState(values=posted, errors=errors, message=exc.detail)
            return await self._retry(request, actor, me, meeting_id, "attendance", state, 422)
        except Conflict as exc:  # another suppléant than L2314-37's, without a reason
            state = FormState(values=posted, errors={}, message=exc.detail)
            return await self._retry(request, actor, me, meeting_id, "attendance", state, 409)
        return _see_other(f"/reunions/{meeting_id}?fait=presences#presences")

    @post("/points/{item_id:int}/votes")
    async def vote(self, request: Request[Any, Any, Any], item_id: FromPath[int]) -> Response[Any]:
        """A vote in session (L2315-32): the president does not vote on opinions; blank and abstentions count
        against. On a consultation item the adopted motion is the committee's opinion."""
        actor, me = await require_me(request)
        item = await agenda.get_item(actor=actor, item_id=item_id)
        posted = await read_form(request)
        which = f"vote-{item_id}"
        prefix = f"{which}."
        fields = {k.removeprefix(prefix): v for k, v in posted.items() if k.startswith(prefix)}
        parsed = validate(VoteCreate, vote_payload(fields))
        if isinstance(parsed, dict):
            errors = {prefix + k: v for k, v in parsed.items()}
            return await self._retry(request, actor, me, item.meeting_id, which, FormState(posted, errors), 422)
        try:
            await session.record_vote(actor=actor, item_id=item_id, data=parsed)
        except (Forbidden, NotFound):
            raise
        except DomainError as exc:
            state = _message_state(posted, exc)
            state.errors = {prefix + k: v for k, v in state.errors.items()}
            return await self._retry(request, actor, me, item.meeting_id, which, state, status_for(exc))
        return _see_other(f"/reunions/{item.meeting_id}?fait=vote#point-{item_id}")

    # ------------------------------------------------------------------ minutes

    @get("/reunions/{meeting_id:int}/proces-verbal")
    async def minutes_page(
        self, request: Request[Any, Any, Any], meeting_id: FromPath[int], fait: FromQuery[str | None] = None
    ) -> Template:
        actor, me = await require_me(request)
        return await self._minutes(request, actor, page_env(request, me), meeting_id, done=DONE.get(fait or ""))

    async def _minutes(
        self,
        request: Request[Any, Any, Any],
        actor: Actor,
        env: PageEnv,
        meeting_id: int,
        *,
        done: str | None = None,
        form: FormState | None = None,
        preview: str | None = None,
        status: int = 200,
    ) -> Template:
        meeting = await meetings.get_meeting(actor=actor, meeting_id=meeting_id)
        access = await body_access(actor=actor, body_id=meeting.body_id)
        pv = await _minutes_or_none(actor, meeting_id)
        writer = access.is_secretary and not access.is_president
        if pv is None and not writer:
            raise NotFound("Aucun procès-verbal n'a encore été transmis pour cette réunion.", code="no_minutes")
        state = form or FormState(values={"text": pv.text if pv else "", "base_revision": pv.revision if pv else ""})
        shown = preview if preview is not None else (pv.text if pv else "")
        upcoming: list[MeetingRead] = []
        if pv is not None and pv.status == "submitted" and access.runs_meetings:
            later, _ = await meetings.list_meetings(
                actor=actor, body_id=meeting.body_id, limit=100, offset=0, status="draft", start=meeting.starts_at
            )
            upcoming = later
        return render(
            request,
            "meetings/minutes.html.j2",
            env,
            status_code=status,
            meeting=meeting,
            access=access,
            minutes=pv,
            minutes_labels=MINUTES_STATUS_LABELS,
            form=state,
            preview_html=markdown_to_html(shown) if shown else "",
            previewing=preview is not None,
            editable=writer and pv is not None and pv.status in ("draft", "submitted"),
            can_create=writer and pv is None and meeting.status in ("held", "closed"),
            can_submit=writer and pv is not None and pv.status == "draft",
            can_publish=access.is_secretary and pv is not None and pv.status == "adopted",
            upcoming=upcoming,
            done=done,
            **_labels(),
        )

    @post("/reunions/{meeting_id:int}/proces-verbal/etablir")
    async def create_minutes(self, request: Request[Any, Any, Any], meeting_id: FromPath[int]) -> Response[Any]:
        """The secretary opens the PV, pre-filled with attendance, agenda and votes (L2315-34)."""
        actor, _ = await require_me(request)
        await minutes.create_minutes(actor=actor, meeting_id=meeting_id, data=MinutesCreate())
        return _see_other(f"/reunions/{meeting_id}/proces-verbal?fait=pv-etabli")

    @post("/reunions/{meeting_id:int}/proces-verbal")
    async def save_minutes(self, request: Request[Any, Any, Any], meeting_id: FromPath[int]) -> Response[Any]:
        """Save a new revision, or only preview the typed text (nothing saved) when « Aperçu » is pressed."""
        actor, me = await require_me(request)
        posted = await read_form(request)
        env = page_env(request, me)
        text = posted.get("text", "")
        if posted.get("action") == "preview":
            state = FormState(values=posted)
            return await self._minutes(request, actor, env, meeting_id, form=state, preview=text)
        payload: dict[str, Any] = {"text": text}
        base = text_or_none(posted.get("base_revision"))
        if base is not None:
            payload["base_revision"] = base
        if (note := text_or_none(posted.get("note"))) is not None:
            payload["note"] = note
        parsed = validate(MinutesUpdate, payload)
        if isinstance(parsed, dict):
            return await self._minutes(
                request, actor, env, meeting_id, form=FormState(posted, parsed), preview=text, status=422
            )
        try:
            await minutes.update_minutes(actor=actor, meeting_id=meeting_id, data=parsed)
        except (Forbidden, NotFound):
            raise
        except DomainError as exc:
            state = FormState(values=posted, message=exc.detail)
            return await self._minutes(
                request, actor, env, meeting_id, form=state, preview=text, status=status_for(exc)
            )
        return _see_other(f"/reunions/{meeting_id}/proces-verbal?fait=pv-enregistre")

    @post("/reunions/{meeting_id:int}/proces-verbal/transmettre")
    async def submit_minutes(self, request: Request[Any, Any, Any], meeting_id: FromPath[int]) -> Response[Any]:
        """Send the PV to the employer and the members (D2315-26)."""
        actor, _ = await require_me(request)
        await minutes.submit_minutes(actor=actor, meeting_id=meeting_id)
        return _see_other(f"/reunions/{meeting_id}/proces-verbal?fait=pv-transmis")

    @post("/reunions/{meeting_id:int}/proces-verbal/diffuser")
    async def publish_minutes(self, request: Request[Any, Any, Any], meeting_id: FromPath[int]) -> Response[Any]:
        """The secretary circulates the adopted PV (L2315-35)."""
        actor, _ = await require_me(request)
        await minutes.publish_minutes(actor=actor, meeting_id=meeting_id)
        return _see_other(f"/reunions/{meeting_id}/proces-verbal?fait=pv-diffuse")

    @post("/reunions/{meeting_id:int}/proces-verbal/adoption")
    async def schedule_adoption(self, request: Request[Any, Any, Any], meeting_id: FromPath[int]) -> Response[Any]:
        """Place the adoption of this PV on the agenda of a later meeting of the body (a vote item)."""
        actor, me = await require_me(request)
        posted = await read_form(request)
        target = text_or_none(posted.get("target_meeting_id"))
        meeting = await meetings.get_meeting(actor=actor, meeting_id=meeting_id)
        if target is None or not target.isdigit():
            state = FormState(values=posted, errors={"target_meeting_id": "Choisissez la réunion."})
            return await self._minutes(request, actor, page_env(request, me), meeting_id, form=state, status=422)
        day = meeting.starts_at.strftime("%d/%m/%Y")
        data = AgendaItemCreate(
            title=f"Adoption du procès-verbal de la réunion du {day}",
            kind=AgendaItemKind.vote,
            minutes_of_meeting_id=meeting_id,
        )
        try:
            await agenda.add_item(actor=actor, meeting_id=int(target), data=data)
        except InvalidInput as exc:
            state = FormState(values=posted, errors={"target_meeting_id": exc.detail})
            return await self._minutes(request, actor, page_env(request, me), meeting_id, form=state, status=422)
        return _see_other(f"/reunions/{target}?fait=point#ordre-du-jour")

    @get("/reunions/{meeting_id:int}/proces-verbal.pdf")
    async def minutes_pdf(self, request: Request[Any, Any, Any], meeting_id: FromPath[int]) -> Response[bytes]:
        actor, _ = await require_me(request)
        pdf, filename = await minutes.export_pdf(actor=actor, meeting_id=meeting_id)
        return Response(
            content=pdf,
            media_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )

    # ------------------------------------------------------------------ consultations

    @get("/instances/{body_id:int}/consultations")
    async def consultations(
        self, request: Request[Any, Any, Any], body_id: FromPath[int], fait: FromQuery[str | None] = None
    ) -> Template:
        actor, me = await require_me(request)
        return await self._consultations(request, actor, page_env(request, me), body_id, FormState(), 200, fait)

    async def _consultations(
        self,
        request: Request[Any, Any, Any],
        actor: Actor,
        env: PageEnv,
        body_id: int,
        form: FormState,
        status: int,
        fait: str | None = None,
        court_error: str | None = None,
    ) -> Template:
        access = (await body_access(actor=actor, body_id=body_id)).require_read()
        items, _ = await consultations_service.list_consultations(actor=actor, body_id=body_id, limit=500, offset=0)
        return render(
            request,
            "meetings/consultations.html.j2",
            env,
            status_code=status,
            access=access,
            consultations=items,
            form=form,
            done=DONE.get(fait or ""),
            kinds=[(k.value, v) for k, v in CONSULTATION_KIND_LABELS.items()],
            consultation_status=CONSULTATION_STATUS,
            records_court_steps=access.is_president or access.is_direction,
            court_error=court_error,
            **_labels(),
        )

    @post("/instances/{body_id:int}/consultations")
    async def open_consultation(self, request: Request[Any, Any, Any], body_id: FromPath[int]) -> Response[Any]:
        """Open a consultation: its deadline runs from the information given (R2312-5, R2312-6)."""
        actor, me = await require_me(request)
        posted = await read_form(request)
        payload: dict[str, Any] = {
            "subject": posted.get("subject", ""),
            "kind": posted.get("kind", ""),
            "informed_on": posted.get("informed_on", ""),
            "expert_appointed": checked(posted.get("expert_appointed")),
        }
        for name in ("description", "expert_name", "agreed_delay_days"):
            if (value := text_or_none(posted.get(name))) is not None:
                payload[name] = value
        parsed = validate(ConsultationCreate, payload)
        env = page_env(request, me)
        if isinstance(parsed, dict):
            return await self._consultations(request, actor, env, body_id, FormState(posted, parsed), 422)
        try:
            await consultations_service.open_consultation(
                actor=actor,
                body_id=body_id,
                data=parsed,
                min_agreed_days=_settings(request).consultation_min_agreed_days,
            )
        except (Forbidden, NotFound):
            raise
        except DomainError as exc:
            state = _message_state(posted, exc)
            return await self._consultations(request, actor, env, body_id, state, status_for(exc))
        return _see_other(f"/instances/{body_id}/consultations?fait=consultation")

    @post("/consultations/{consultation_id:int}/contestation")
    async def record_challenge(self, request: Request[Any, Any, Any], consultation_id: FromPath[int]) -> Response[Any]:
        """The employer's court challenge of the expertise suspends the delay (L2315-86)."""
        return await self._court_step(request, consultation_id, "contestation")

    @post("/consultations/{consultation_id:int}/jugement")
    async def record_judgment(self, request: Request[Any, Any, Any], consultation_id: FromPath[int]) -> Response[Any]:
        """The judgment's notification resumes the delay for the days left (L2315-86)."""
        return await self._court_step(request, consultation_id, "jugement")

    async def _court_step(self, request: Request[Any, Any, Any], consultation_id: int, step: str) -> Response[Any]:
        actor, me = await require_me(request)
        posted = await read_form(request)
        consultation = await consultations_service.get_consultation(actor=actor, consultation_id=consultation_id)
        body_id = consultation.body_id
        env = page_env(request, me)
        parsed: Any
        if step == "contestation":
            parsed = validate(ExpertiseChallengeCreate, {"filed_on": posted.get("filed_on", "")})
        else:
            parsed = validate(JudgmentCreate, {"judgment_on": posted.get("judgment_on", "")})
        if isinstance(parsed, dict):
            message = "Date invalide : " + "; ".join(parsed.values())
            return await self._consultations(request, actor, env, body_id, FormState(), 422, court_error=message)
        try:
            if isinstance(parsed, ExpertiseChallengeCreate):
                await consultations_service.record_challenge(actor=actor, consultation_id=consultation_id, data=parsed)
            else:
                await consultations_service.record_judgment(actor=actor, consultation_id=consultation_id, data=parsed)
        except (Forbidden, NotFound):
            raise
        except DomainError as exc:
            return await self._consultations(
                request, actor, env, body_id, FormState(), status_for(exc), court_error=exc.detail
            )
        return _see_other(f"/instances/{body_id}/consultations?fait={step}")


def meetings_now() -> datetime:
    from dialogue.meetings.service.common import now

    return now()


async def _minutes_or_none(actor: Actor, meeting_id: int) -> MinutesRead | None:
    """The PV if there is one this person may read (a draft is the secretary's working copy)."""
    try:
        return await minutes.get_minutes(actor=actor, meeting_id=meeting_id, served_as="page")
    except (NotFound, Forbidden):
        return None


_ATTENDANCE_FIELDS: Final[Mapping[str, str]] = {
    "replaces_member_id": "replaces",
    "replacement_reason": "reason",
    "arrived_before_item": "arrived",
    "left_after_item": "left",
}


def _item_resolution(item: AgendaItemRead) -> ResolutionKind:
    """The kind a vote on this item takes by default (as session.record_vote decides it)."""
    kind = item.resolution_kind or ResolutionKind.INTERNAL
    if item.minutes_of_meeting_id is not None and kind is ResolutionKind.INTERNAL:
        return ResolutionKind.MINUTES
    return kind


def _attendance_errors(errors: dict[str, str], posted: Mapping[str, str], member_ids: list[int]) -> dict[str, str]:
    """`entries.3.replaces_member_id` → `replaces-<member id>`, next to the select of that member's line."""
    posted_ids = [m for m in member_ids if text_or_none(posted.get(f"status-{m}")) is not None]
    renamed: dict[str, str] = {}
    for name, message in errors.items():
        parts = name.replace("[", ".").replace("]", "").split(".")
        if len(parts) >= 2 and parts[0] == "entries" and parts[1].isdigit() and int(parts[1]) < len(posted_ids):
            member = posted_ids[int(parts[1])]
            # a whole-line error (arrival after departure) is shown by the departure field
            field = _ATTENDANCE_FIELDS.get(parts[2], "status") if len(parts) >= 3 else "left"
            renamed[f"{field}-{member}"] = message
        else:
            renamed["entries" if name.startswith("entries") else name] = message
    return renamed


def _labels() -> dict[str, Any]:
    return {
        "labels": LABELS,
        "meeting_kinds": MEETING_KINDS,
        "status_labels": STATUS_LABELS,
        "status_classes": STATUS_CLASSES,
        "item_kinds": ITEM_KINDS,
        "pv_cases": PV_CASES,
        "attendance_labels": ATTENDANCE_LABELS,
        "choice_labels": CHOICE_LABELS,
        "opinion_labels": OPINION_LABELS,
        "convening_bases": CONVENING_BASES,
        "urgency_labels": URGENCY_LABELS,
        "ssct_notice_labels": SSCT_NOTICE_LABELS,
        "ssct_recipients": SSCT_RECIPIENTS,
        "history_labels": HISTORY_LABELS,
    }
