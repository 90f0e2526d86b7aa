"""The page of the tree of opinions: a company project consulted at the CSE central and in the establishment CSEs,
each establishment's opinion due 7 days before the central's deadline or deemed negative (R2312-6 II)."""

from __future__ import annotations

from typing import Any, Final

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from dialogue.establishments import service
from dialogue.establishments.schemas import LinkCreate, TransmitIn
from dialogue.pages import forms
from dialogue.pages.controllers import render
from dialogue.pages.forms import FormState, Refused, Visit, page_visit, read_form

STATUS_CLASSES: Final = {
    "pending": "status-warning",
    "given": "status-warning",
    "transmitted": "status-ok",
    "deemed_negative": "status-alert",
}
OPINION_LABELS: Final = {"positive": "Avis favorable", "negative": "Avis défavorable"}
#: The article each kind of union designation rests on.
DESIGNATION_ARTICLES: Final = {
    "delegue_syndical": "L2143-3",
    "rs_cse": "L2314-2",
    "rs_cse_central": "L2316-7",
}
DONE: Final = {
    "lien": "Le CSE d'établissement est consulté : son avis est attendu 7 jours avant celui du CSE central.",
    "transmis": "L'avis de l'établissement est transmis au CSE central.",
}


async def tree_page(
    visit: Visit, consultation_id: int, *, form: FormState | None = None, status: int = 200, fait: str | None = None
) -> Template:
    tree = await service.opinion_tree(actor=visit.actor, consultation_id=consultation_id)
    linkable: list[tuple[int, str]] = []
    if await service.can_link(actor=visit.actor, consultation_id=consultation_id):
        consulted = {e.body_id for e in tree.establishments}
        committees = await service.establishment_committees(actor=visit.actor)
        linkable = [(i, name) for i, name in committees.items() if i not in consulted]
    readable = await service.readable_establishments(actor=visit.actor, tree=tree)
    return render(
        visit.request,
        "establishments/opinion_tree.html.j2",
        visit.env,
        status_code=status,
        tree=tree,
        linkable=linkable,
        readable=readable,
        status_classes=STATUS_CLASSES,
        opinion_labels=OPINION_LABELS,
        form=form or FormState(),
        done=DONE.get(fait or ""),
        labels={"body_id": "CSE d'établissement"},
    )


class EstablishmentPagesController(Controller):
    """The organisation's établissements distincts, CSE central and union designations; the tree of opinions of a
    consultation held at the CSE central and in the establishments."""

    tags = ["pages"]
    include_in_schema = False

    @get("/organisation/etablissements")
    async def overview(self, request: Request[Any, Any, Any]) -> Template:
        """Read only, for the readers the service admits (`establishments/access.py`) (L2313-2 to L2313-5, L2316-4,
        L2316-15, L2143-3, L2314-2, L2316-7)."""
        visit = await page_visit(request)
        read = await service.overview(actor=visit.actor, organization_id=visit.actor.organization_id)
        return render(
            visit.request,
            "establishments/overview.html.j2",
            visit.env,
            overview=read,
            articles=DESIGNATION_ARTICLES,
        )

    @get("/consultations/{consultation_id:int}/avis-des-etablissements")
    async def opinion_tree(
        self, request: Request[Any, Any, Any], consultation_id: FromPath[int], fait: FromQuery[str | None] = None
    ) -> Template:
        return await tree_page(await page_visit(request), consultation_id, fait=fait)

    @post("/consultations/{consultation_id:int}/avis-des-etablissements")
    async def link(self, request: Request[Any, Any, Any], consultation_id: FromPath[int]) -> Response[Any]:
        """Consult an establishment CSE too: the consultation opens there with the central's information."""
        visit = await page_visit(request)
        posted = await read_form(request)

        async def again(refused: Refused) -> Response[Any]:
            return await tree_page(visit, consultation_id, form=refused.state, status=refused.status)

        return await forms.post_form(
            LinkCreate,
            {"body_id": posted.get("body_id", "")},
            lambda data: service.link_establishment(actor=visit.actor, consultation_id=consultation_id, data=data),
            posted=posted,
            again=again,
            then=f"/consultations/{consultation_id}/avis-des-etablissements?fait=lien",
        )

    @post("/consultations/{consultation_id:int}/transmettre")
    async def transmit(self, request: Request[Any, Any, Any], consultation_id: FromPath[int]) -> Response[Any]:
        """The establishment CSE's president or secretary transmits its opinion to the CSE central (R2312-6 II)."""
        visit = await page_visit(request)
        posted = await read_form(request)
        central = await service.linked_central(consultation_id=consultation_id)
        back = central if central is not None else consultation_id

        async def again(refused: Refused) -> Response[Any]:
            return await tree_page(visit, back, form=refused.state, status=refused.status)

        return await forms.post_form(
            TransmitIn,
            {},
            lambda data: service.transmit_opinion(actor=visit.actor, consultation_id=consultation_id, data=data),
            posted=posted,
            again=again,
            then=f"/consultations/{back}/avis-des-etablissements?fait=transmis",
        )
