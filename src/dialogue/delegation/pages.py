"""Pages of delegation hours: « Mes heures » for an élu (balance, history, declare, give to a colleague) and the
body's table for the secretary and the employer, month by month. Same service as the API."""

from __future__ import annotations

from typing import Any, Final

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Template

from dialogue.bodies.access import body_access
from dialogue.core.clock import local_today
from dialogue.core.errors import InvalidInput
from dialogue.delegation import rules, service
from dialogue.delegation.rules import TIME_KIND_LABELS, TimeKind
from dialogue.delegation.schemas import DelegationHoursCreate
from dialogue.pages.controllers import render
from dialogue.pages.forms import FormState, Refused, Visit, page_visit, post_form, read_form
from dialogue.pages.registry import BodyTab

MY_HOURS = "/heures-de-delegation"


def delegation_tab(body_id: int, body_kind: str) -> list[BodyTab]:
    if body_kind not in service.HOURS_BODY_KINDS:
        return []
    return [BodyTab(label="Heures de délégation", url=f"/instances/{body_id}/heures-de-delegation")]


def _month(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return service.check_month(value)
    except InvalidInput:  # a bad month in the address shows the current one
        return None


def _seat(visit: Visit, instance: str | None) -> Any:
    """The actor's seat holding hours: the one named by `instance`, else the first CSE seat of an élu."""
    seats = [m for m in visit.env.me.memberships if m.body_kind in service.HOURS_BODY_KINDS and m.college == "elus"]
    if instance and instance.isdigit():
        seats = [m for m in seats if m.body_id == int(instance)] or seats
    return seats[0] if seats else None


def _payload(posted: dict[str, str], kind: str) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "kind": kind,
        "on": posted.get("on", ""),
        "hours": posted.get("hours", "").replace(",", "."),
    }
    if kind == "use":
        payload["time_kind"] = posted.get("time_kind") or "delegation"
        if posted.get("object", "").strip():
            payload["object"] = posted["object"]
        if posted.get("exceptional_reason", "").strip():
            payload["exceptional_reason"] = posted["exceptional_reason"]
        payload["outside_working_time"] = posted.get("outside_working_time") in {"1", "on"}
    elif kind == "notice":
        pass
    else:
        payload["to_member_id"] = posted.get("to_member_id", "")
    return payload


#: Months the pages link to around today: hours carry over for twelve months (R2315-5) and a notice may announce
#: next month's; the statement answers for any month, the links stop so that month after month is not a maze.
MONTHS_BACK: Final = 36


def _navigation(key: str) -> dict[str, Any]:
    """The previous and next months' keys to link to from `key`, None past the window around today."""
    today = rules.month_key(local_today())
    previous, following = rules.add_month(key, -1), rules.add_month(key, 1)
    return {
        "previous": previous if previous >= rules.add_month(today, -MONTHS_BACK) else None,
        "next": following if following <= rules.add_month(today, 1) else None,
    }


class DelegationPagesController(Controller):
    include_in_schema = False

    async def _mine(
        self,
        visit: Visit,
        *,
        instance: str | None,
        month: str | None,
        use_form: FormState | None = None,
        give_form: FormState | None = None,
        notice_form: FormState | None = None,
        status: int = 200,
        done: str | None = None,
    ) -> Template:
        seat = _seat(visit, instance)
        hours = None
        if seat is not None:
            hours = await service.member_hours(actor=visit.actor, member_id=seat.member_id, month=month)
        key = hours.month if hours else rules.month_key(local_today())
        return render(
            visit.request,
            "delegation/mine.html.j2",
            visit.env,
            status,
            seat=seat,
            hours=hours,
            month=key,
            **_navigation(key),
            use_form=use_form or FormState(values={"on": local_today().isoformat(), "time_kind": "delegation"}),
            give_form=give_form or FormState(),
            notice_form=notice_form or FormState(),
            time_kinds=[(k.value, visit.env.t(TIME_KIND_LABELS[k])) for k in TimeKind],
            done=done,
        )

    @get(MY_HOURS)
    async def mine(self, request: Request[Any, Any, Any]) -> Template:
        visit = await page_visit(request)
        q = request.query_params
        done = {
            "declaree": "Utilisation enregistrée.",
            "repartie": "Répartition enregistrée : l'employeur en est informé par courriel.",
            "annoncee": "Heures reportées annoncées : l'employeur en est informé par courriel.",
        }.get(q.get("fait") or "")
        return await self._mine(visit, instance=q.get("instance"), month=_month(q.get("mois")), done=done)

    async def _post(self, request: Request[Any, Any, Any], kind: str) -> Response[Any]:
        visit = await page_visit(request)
        posted = await read_form(request)
        seat = _seat(visit, posted.get("instance"))
        if seat is None:
            return await self._mine(visit, instance=None, month=None, status=404)
        payload = _payload(posted, kind)

        async def again(refused: Refused) -> Template:
            forms: dict[str, FormState | None] = {"use": None, "transfer": None, "notice": None}
            forms[kind] = refused.state
            return await self._mine(
                visit,
                instance=str(seat.body_id),
                month=None,
                status=refused.status,
                use_form=forms["use"],
                give_form=forms["transfer"],
                notice_form=forms["notice"],
            )

        done = {"use": "declaree", "transfer": "repartie", "notice": "annoncee"}[kind]
        return await post_form(
            DelegationHoursCreate,
            payload,
            lambda data: service.declare(actor=visit.actor, member_id=seat.member_id, data=data),
            posted=posted,
            again=again,
            then=lambda record: f"{MY_HOURS}?instance={seat.body_id}&mois={record.month}&fait={done}",
        )

    @post(f"{MY_HOURS}/declarer")
    async def declare(self, request: Request[Any, Any, Any]) -> Response[Any]:
        return await self._post(request, "use")

    @post(f"{MY_HOURS}/repartir")
    async def give(self, request: Request[Any, Any, Any]) -> Response[Any]:
        return await self._post(request, "transfer")

    @post(f"{MY_HOURS}/annoncer")
    async def announce(self, request: Request[Any, Any, Any]) -> Response[Any]:
        """R2315-5: announce to the employer the use of cumulated hours, at least 8 days ahead."""
        return await self._post(request, "notice")

    @get("/instances/{body_id:int}/heures-de-delegation")
    async def table(self, request: Request[Any, Any, Any], body_id: FromPath[int]) -> Template:
        visit = await page_visit(request)
        hours = await service.body_hours(
            actor=visit.actor, body_id=body_id, month=_month(request.query_params.get("mois"))
        )
        access = await body_access(actor=visit.actor, body_id=body_id)
        return render(
            request,
            "delegation/table.html.j2",
            visit.env,
            hours=hours,
            body_name=access.name,
            full=service.sees_table(access),
            **_navigation(hours.month),
        )

    @get("/instances/{body_id:int}/heures-de-delegation.csv")
    async def table_csv(self, request: Request[Any, Any, Any], body_id: FromPath[int]) -> Response[bytes]:
        visit = await page_visit(request)
        year_text = request.query_params.get("annee") or ""
        year = int(year_text) if year_text.isdigit() and 2000 <= int(year_text) <= 2100 else None
        content = await service.body_hours_csv(actor=visit.actor, body_id=body_id, year=year)
        return Response(
            content=content.encode("utf-8"),
            media_type="text/csv",
            headers={"Content-Disposition": f'attachment; filename="heures-delegation-{body_id}.csv"'},
        )
