"""Network pages (French): the list of one's networks, a network's overview (the facilitator's board, members
and sessions; a member organisation's own row, visits and sheets), the library of sheets and the benchmark.
Same services as the API: the rules of access apply unchanged."""

from __future__ import annotations

from typing import Any, Final

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from dialogue.core.errors import DomainError, Forbidden, NotFound
from dialogue.networks import rules, service, sharing
from dialogue.networks.access import network_access
from dialogue.pages.controllers import render
from dialogue.pages.forms import page_visit, see_other
from dialogue.qvt.rules import THEMES
from dialogue.qvt.steps_pages import STATE_CLASSES, STATE_LABELS

DONE: Final = {
    "approuvee": "Votre approbation est enregistrée.",
    "publiee": "La fiche est publiée au réseau.",
    "retiree": "La fiche est retirée du réseau.",
    "relancee": "Le trinôme de l'organisation est relancé par courriel.",
    "invitee": "L'invitation est envoyée : l'organisation rejoindra le réseau quand son administration l'acceptera.",
    "rejoint": "Votre organisation a rejoint le réseau.",
    "trinome": "Le trinôme est enregistré.",
    "cree": "Le réseau est créé.",
}
LIST_DONE: Final = {
    "declinee": "L'invitation est déclinée.",
    "quitte": "Votre organisation a quitté le réseau : ses fiches et sa contribution en sont retirées.",
}
STATUS_LABELS: Final = {"draft": "En préparation", "published": "Publiée", "withdrawn": "Retirée"}
KIND_LABELS: Final = {"collective_day": "Journée collective", "support_visit": "Visite d'appui"}


class NetworkPagesController(Controller):
    tags = ["pages"]
    include_in_schema = False

    @get("/reseaux")
    async def networks(self, request: Request[Any, Any, Any], fait: FromQuery[str | None] = None) -> Template:
        visit = await page_visit(request)
        found = await service.list_networks(actor=visit.actor)
        return render(request, "networks/list.html.j2", visit.env, networks=found, done=LIST_DONE.get(fait or ""))

    @get("/reseaux/{network_id:int}")
    async def network(
        self, request: Request[Any, Any, Any], network_id: FromPath[int], fait: FromQuery[str | None] = None
    ) -> Template:
        visit = await page_visit(request)
        actor = visit.actor
        access = await network_access(actor=actor, network_id=network_id)
        network = await service.get_network(actor=actor, network_id=network_id)
        member_view = access.animates or access.is_member
        return render(
            request,
            "networks/network.html.j2",
            visit.env,
            network=network,
            animates=access.animates,
            is_member=access.is_member,
            members=await service.list_members(actor=actor, network_id=network_id) if member_view else [],
            board=await service.board(actor=actor, network_id=network_id) if member_view else [],
            sessions=await service.list_sessions(actor=actor, network_id=network_id) if member_view else [],
            sheets=[
                s
                for s in (await sharing.library(actor=actor, network_id=network_id) if member_view else [])
                if s.organization_id == actor.organization_id
            ],
            my_sides=access.trinome_sides,
            publishes=access.publishes,
            done=DONE.get(fait or ""),
            state_labels=STATE_LABELS,
            state_classes=STATE_CLASSES,
            status_labels=STATUS_LABELS,
            kind_labels=KIND_LABELS,
        )

    @get("/reseaux/{network_id:int}/fiches")
    async def library(
        self,
        request: Request[Any, Any, Any],
        network_id: FromPath[int],
        theme: FromQuery[str | None] = None,
        type_etablissement: FromQuery[str | None] = None,
        q: FromQuery[str | None] = None,
    ) -> Template:
        visit = await page_visit(request)
        network = await service.get_network(actor=visit.actor, network_id=network_id)
        sheets = await sharing.library(
            actor=visit.actor,
            network_id=network_id,
            theme=theme or None,
            establishment_type=type_etablissement or None,
            text=(q or "").strip()[:200] or None,
        )
        return render(
            request,
            "networks/library.html.j2",
            visit.env,
            network=network,
            sheets=[s for s in sheets if s.status == "published"],
            themes=list(THEMES.items()),
            types=rules.ESTABLISHMENT_TYPES,
            chosen={"theme": theme or "", "type": type_etablissement or "", "q": q or ""},
            section_labels=dict(sharing.SECTIONS),
        )

    @get("/reseaux/{network_id:int}/comparaison")
    async def benchmark(self, request: Request[Any, Any, Any], network_id: FromPath[int]) -> Template:
        visit = await page_visit(request)
        network = await service.get_network(actor=visit.actor, network_id=network_id)
        found = await sharing.benchmark(actor=visit.actor, network_id=network_id)
        return render(request, "networks/benchmark.html.j2", visit.env, network=network, benchmark=found)

    async def _sheet_step(
        self, request: Request[Any, Any, Any], network_id: int, sheet_id: int, step: str
    ) -> Response[Any]:
        visit = await page_visit(request)
        act = {
            "approuvee": sharing.approve_sheet,
            "publiee": sharing.publish_sheet,
            "retiree": sharing.withdraw_sheet,
        }[step]
        try:
            await act(actor=visit.actor, network_id=network_id, sheet_id=sheet_id)
        except (Forbidden, NotFound):
            raise
        except DomainError as exc:
            return see_other(f"/reseaux/{network_id}?erreur={exc.code or 'refus'}#fiches")
        return see_other(f"/reseaux/{network_id}?fait={step}#fiches")

    @post("/reseaux/{network_id:int}/fiches/{sheet_id:int}/approuver")
    async def approve(
        self, request: Request[Any, Any, Any], network_id: FromPath[int], sheet_id: FromPath[int]
    ) -> Response[Any]:
        return await self._sheet_step(request, network_id, sheet_id, "approuvee")

    @post("/reseaux/{network_id:int}/fiches/{sheet_id:int}/publier")
    async def publish(
        self, request: Request[Any, Any, Any], network_id: FromPath[int], sheet_id: FromPath[int]
    ) -> Response[Any]:
        return await self._sheet_step(request, network_id, sheet_id, "publiee")

    @post("/reseaux/{network_id:int}/fiches/{sheet_id:int}/retirer")
    async def withdraw(
        self, request: Request[Any, Any, Any], network_id: FromPath[int], sheet_id: FromPath[int]
    ) -> Response[Any]:
        return await self._sheet_step(request, network_id, sheet_id, "retiree")
