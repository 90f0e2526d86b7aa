"""Election pages: the organisation's elections, and one election with its calendar steps, PAP, lists, results,
seats and elected members. Same service as the API, same roles (direction and admins organise; élus and unions
read; another organisation gets 404).

The forms (open an election, calendar dates, a list per college, a round's count, the proclamation) post to the
handlers below, which read the fields, call the elections service and answer 303 with a notice (PRG); a refused
form comes back with status 422 (or the service's status), the values typed and the errors in French."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, FromQuery

from dialogue.bodies import service as bodies_service
from dialogue.core.errors import DomainError, Forbidden, NotFound
from dialogue.elections import service
from dialogue.elections.access import election_access
from dialogue.elections.rules import CARENCE_REASON_LABELS
from dialogue.elections.schemas import KIND_LABELS, ElectionCreate, ElectionUpdate, ListCreate, TallyCreate
from dialogue.pages.controllers import render
from dialogue.pages.forms import (
    FormState,
    Refused,
    Visit,
    page_visit,
    post_form,
    read_form,
    refused_state,
    see_other,
    text_or_none,
)
from dialogue.web.problems import status_for

KIND_OF_LIST = {"titulaires": "Titulaires", "suppleants": "Suppléants"}
#: The calendar dates the form records (ElectionUpdate's fields), in the order of the calendar.
CALENDAR_FIELDS: Final = [
    ("staff_informed_on", "Information du personnel (L2314-4)"),
    ("unions_invited_on", "Invitation des syndicats à négocier le protocole (L2314-5)"),
    ("pap_first_meeting_on", "Première réunion de négociation du protocole"),
    ("pap_signed_on", "Signature du protocole d'accord préélectoral"),
    ("round1_on", "Premier tour"),
    ("round2_on", "Second tour"),
    ("carence_on", "Procès-verbal de carence (L2314-9)"),
    ("carence_sent_on", "Carence transmise à l'inspection du travail"),
]
CARENCE_FIELDS: Final = [
    ("carence_on", "Date du procès-verbal de carence"),
    ("carence_reason", "Motif de la carence"),
    ("carence_published_on", "Porté à la connaissance du personnel le"),
    ("carence_sent_on", "Transmis à l'inspection du travail le"),
    ("siret", "SIRET de l'établissement"),
    ("inspector", "Agent de contrôle de l'inspection du travail (adresse)"),
]
CANDIDATE_ROWS: Final = 6
DONE: Final[Mapping[str, str]] = {
    "ouverte": "Élection ouverte : renseignez le calendrier puis déposez les listes.",
    "calendrier": "Dates du calendrier enregistrées.",
    "liste": "Liste déposée : elle respecte l'article L2314-30.",
    "resultats": "Résultats du tour enregistrés.",
    "proclamee": "Résultats proclamés : les élus sont membres du CSE.",
    "carence": "Procès-verbal de carence enregistré.",
}


def _text(posted: Mapping[str, str], name: str) -> str | None:
    return text_or_none(posted.get(name))


COLLEGE_ROWS: Final = 3
"""L2314-11: up to three colleges (a third when there are at least 25 ingénieurs and cadres)."""
COLLEGE_FIELDS: Final = ("name", "category", "staff", "women", "men", "titulaires")
COLLEGE_LABELS: Final = {
    "name": "Nom du collège",
    "category": "Catégorie professionnelle",
    "staff": "Effectif du collège",
    "women": "Électrices inscrites",
    "men": "Électeurs inscrits",
    "titulaires": "Sièges de titulaires fixés par le protocole",
}


def _creation(posted: Mapping[str, str]) -> dict[str, Any]:
    """The colleges typed (a row left wholly empty is no college; a row begun comes back with its errors)."""
    colleges = []
    for i in range(COLLEGE_ROWS):
        row = {k: _text(posted, f"colleges.{i}.{k}") for k in COLLEGE_FIELDS}
        if i > 0 and not any(v for k, v in row.items() if k != "category"):
            continue
        college: dict[str, Any] = {k: row[k] or "" for k in COLLEGE_FIELDS if k != "titulaires"}
        if row["titulaires"] is not None:
            college["titulaires"] = row["titulaires"]
        colleges.append(college)
    payload: dict[str, Any] = {
        "title": posted.get("title", ""),
        "kind": posted.get("kind") or "renewal",
        "body_id": _text(posted, "body_id"),
        "headcount": posted.get("headcount", ""),
        "colleges": colleges,
    }
    for name in ("round1_on", "mandate_end", "siret", "inspector", "requested_by", "requested_on"):
        if (value := _text(posted, name)) is not None:
            payload[name] = value
    return payload


def _calendar(posted: Mapping[str, str]) -> dict[str, Any]:
    """Only the dates typed: an empty field leaves the recorded date as it is."""
    return {name: value for name, _ in CALENDAR_FIELDS if (value := _text(posted, name)) is not None}


def _carence(posted: Mapping[str, str]) -> dict[str, Any]:
    """Only the fields typed: an empty field leaves what is recorded."""
    return {name: value for name, _ in CARENCE_FIELDS if (value := _text(posted, name)) is not None}


def _list(posted: Mapping[str, str]) -> dict[str, Any]:
    candidates = []
    for i in range(CANDIDATE_ROWS):
        row = {k: _text(posted, f"candidates.{i}.{k}") for k in ("full_name", "sex", "email")}
        if any(row.values()):
            candidates.append({k: v or "" for k, v in row.items()})
    return {
        "college": posted.get("college", ""),
        "kind": posted.get("kind", ""),
        "round": posted.get("round") or "1",
        "union": posted.get("union", ""),
        "filed_on": posted.get("filed_on", ""),
        "candidates": candidates,
    }


def _ratures(value: str | None) -> dict[str, str]:
    """« 1:3, 2:1 » → {1: 3, 2: 1}; a part without « : » is handed on as a rank, for the schema to refuse."""
    found: dict[str, str] = {}
    for part in (value or "").replace(";", ",").split(","):
        if not part.strip():
            continue
        rank, sep, count = part.partition(":")
        if not sep:
            return {part.strip(): "0"}
        found[rank.strip()] = count.strip()
    return found


def _tally(posted: Mapping[str, str]) -> dict[str, Any]:
    lists = []
    for key, value in posted.items():
        if key.startswith("ballots.") and value.strip():
            list_id = key.removeprefix("ballots.")
            lists.append({"list_id": list_id, "ballots": value, "ratures": _ratures(posted.get(f"ratures.{list_id}"))})
    return {
        "college": posted.get("college", ""),
        "kind": posted.get("kind", ""),
        "round": posted.get("round") or "1",
        "registered": posted.get("registered", ""),
        "voters": posted.get("voters", ""),
        "blank_null": posted.get("blank_null") or "0",
        "lists": lists,
    }


async def _cse_bodies(visit: Visit) -> list[tuple[int, str]]:
    bodies, _ = await bodies_service.list_bodies(
        actor=visit.actor, organization_id=visit.actor.organization_id, limit=200, offset=0
    )
    return [(b.id, b.name) for b in bodies if b.kind in {"cse", "cse_central"}]


async def list_page(
    visit: Visit, *, form: FormState | None = None, status: int = 200, done: str | None = None
) -> Response[Any]:
    items = await service.list_elections(actor=visit.actor, organization_id=visit.actor.organization_id)
    access = await election_access(actor=visit.actor, organization_id=visit.actor.organization_id)
    return render(
        visit.request,
        "elections/list.html.j2",
        visit.env,
        status_code=status,
        elections=items,
        kinds=KIND_LABELS,
        can_organise=access.can_organise,
        bodies=await _cse_bodies(visit) if access.can_organise else [],
        college_rows=range(COLLEGE_ROWS),
        college_labels=COLLEGE_LABELS,
        form=form or FormState(),
        done=done,
    )


async def election_page(
    visit: Visit,
    election_id: int,
    *,
    forms: Mapping[str, FormState] | None = None,
    status: int = 200,
    done: str | None = None,
) -> Response[Any]:
    election = await service.get_election(actor=visit.actor, election_id=election_id)
    access = await election_access(actor=visit.actor, organization_id=election.organization_id)
    shown = dict(forms or {})
    return render(
        visit.request,
        "elections/show.html.j2",
        visit.env,
        status_code=status,
        election=election,
        kinds=KIND_LABELS,
        list_kinds=KIND_OF_LIST,
        can_organise=access.can_organise and election.proclaimed_on is None,
        calendar_fields=CALENDAR_FIELDS,
        college_options=[(c.name, c.name) for c in election.colleges],
        partial_due=await service.partial_election_due(actor=visit.actor, election_id=election_id),
        candidate_rows=CANDIDATE_ROWS,
        calendar_form=shown.get("calendar", FormState()),
        list_form=shown.get("list", FormState()),
        results_form=shown.get("results", FormState()),
        proclaim_form=shown.get("proclaim", FormState()),
        carence_form=shown.get("carence", FormState()),
        carence_labels=dict(CARENCE_FIELDS),
        carence_reasons=list(CARENCE_REASON_LABELS.items()),
        done=done,
    )


def _again(visit: Visit, election_id: int, name: str) -> Any:
    async def again(refused: Refused) -> Response[Any]:
        return await election_page(visit, election_id, forms={name: refused.state}, status=refused.status)

    return again


class ElectionPagesController(Controller):
    include_in_schema = False

    @get("/elections")
    async def elections(self, request: Request[Any, Any, Any], fait: FromQuery[str | None] = None) -> Response[Any]:
        return await list_page(await page_visit(request), done=DONE.get(fait or ""))

    @post("/elections")
    async def create(self, request: Request[Any, Any, Any]) -> Response[Any]:
        visit = await page_visit(request)
        posted = await read_form(request)

        async def again(refused: Refused) -> Response[Any]:
            return await list_page(visit, form=refused.state, status=refused.status)

        return await post_form(
            ElectionCreate,
            _creation(posted),
            lambda data: service.create_election(
                actor=visit.actor, organization_id=visit.actor.organization_id, data=data
            ),
            posted=posted,
            again=again,
            then=lambda e: f"/elections/{e.id}?fait=ouverte",
        )

    @get("/elections/{election_id:int}")
    async def election(
        self, request: Request[Any, Any, Any], election_id: FromPath[int], fait: FromQuery[str | None] = None
    ) -> Response[Any]:
        return await election_page(await page_visit(request), election_id, done=DONE.get(fait or ""))

    @post("/elections/{election_id:int}/calendrier")
    async def calendar(self, request: Request[Any, Any, Any], election_id: FromPath[int]) -> Response[Any]:
        visit = await page_visit(request)
        posted = await read_form(request)
        return await post_form(
            ElectionUpdate,
            _calendar(posted),
            lambda data: service.update_election(actor=visit.actor, election_id=election_id, data=data),
            posted=posted,
            again=_again(visit, election_id, "calendar"),
            then=f"/elections/{election_id}?fait=calendrier#calendrier",
        )

    @post("/elections/{election_id:int}/carence")
    async def carence(self, request: Request[Any, Any, Any], election_id: FromPath[int]) -> Response[Any]:
        visit = await page_visit(request)
        posted = await read_form(request)
        return await post_form(
            ElectionUpdate,
            _carence(posted),
            lambda data: service.update_election(actor=visit.actor, election_id=election_id, data=data),
            posted=posted,
            again=_again(visit, election_id, "carence"),
            then=f"/elections/{election_id}?fait=carence#carence",
        )

    @post("/elections/{election_id:int}/listes")
    async def file_list(self, request: Request[Any, Any, Any], election_id: FromPath[int]) -> Response[Any]:
        visit = await page_visit(request)
        posted = await read_form(request)
        return await post_form(
            ListCreate,
            _list(posted),
            lambda data: service.file_list(actor=visit.actor, election_id=election_id, data=data),
            posted=posted,
            again=_again(visit, election_id, "list"),
            then=f"/elections/{election_id}?fait=liste#listes",
        )

    @post("/elections/{election_id:int}/resultats")
    async def record_results(self, request: Request[Any, Any, Any], election_id: FromPath[int]) -> Response[Any]:
        visit = await page_visit(request)
        posted = await read_form(request)
        return await post_form(
            TallyCreate,
            _tally(posted),
            lambda data: service.record_results(actor=visit.actor, election_id=election_id, data=data),
            posted=posted,
            again=_again(visit, election_id, "results"),
            then=f"/elections/{election_id}?fait=resultats#resultats",
        )

    @post("/elections/{election_id:int}/proclamation")
    async def proclaim(self, request: Request[Any, Any, Any], election_id: FromPath[int]) -> Response[Any]:
        visit = await page_visit(request)
        try:
            await service.proclaim(actor=visit.actor, election_id=election_id)
        except (Forbidden, NotFound):
            raise
        except DomainError as exc:
            state = refused_state({}, exc)
            return await election_page(visit, election_id, forms={"proclaim": state}, status=status_for(exc))
        return see_other(f"/elections/{election_id}?fait=proclamee#elus")
