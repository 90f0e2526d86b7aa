"""The demo CSE's règlement intérieur (L2315-24): the demo document « Règlement intérieur du CSE » (uploaded by
`documents.demo`) takes the kind `reglement_interieur` and its adoption of last April is recorded by the
secretary, with parameters equal to the body's current fields — the rules read the same values as before."""

from __future__ import annotations

from datetime import date

from dialogue.bodies.demo import DemoContext
from dialogue.bodies.tables import Body
from dialogue.core.actor import Actor
from dialogue.core.clock import local_today
from dialogue.documents import texts
from dialogue.documents.tables import Document
from dialogue.documents.texts_schemas import DocumentUpdate
from dialogue.reglement import service
from dialogue.reglement.rules import LEGAL_AGENDA_NOTICE_DAYS
from dialogue.reglement.schemas import ReglementCreate, ReglementParameters
from dialogue.reglement.tables import ReglementInterieur


async def demo_step(ctx: DemoContext) -> None:
    """Idempotent: nothing happens once the CSE has an adoption, or without the demo document."""
    body_id = ctx.bodies["cse"]
    if await ReglementInterieur.exists().where(ReglementInterieur.body == body_id):
        return
    year = local_today().year
    title = f"Règlement intérieur du CSE ({year - 1})"
    document = (
        await Document.select(Document.id, Document.version)
        .where((Document.organization == ctx.organization_id) & (Document.title == title))
        .first()
    )
    body = await Body.select(Body.agenda_notice_days, Body.president_votes_on_minutes).where(Body.id == body_id).first()
    if document is None or body is None:
        return
    org = ctx.organization_id
    director = Actor(user_id=ctx.users["direction@demo.example"], organization_id=org)
    await texts.update_document(
        actor=director, document_id=document["id"], data=DocumentUpdate(kind="reglement_interieur")
    )
    secretary = Actor(user_id=ctx.users["secretaire@demo.example"], organization_id=org)
    parameters = ReglementParameters(
        agenda_notice_days=body["agenda_notice_days"] or LEGAL_AGENDA_NOTICE_DAYS,
        president_votes_on_minutes=bool(body["president_votes_on_minutes"]),
    )
    data = ReglementCreate(
        document_id=document["id"], version=document["version"], adopted_on=date(year - 1, 4, 2), parameters=parameters
    )
    await service.adopt_reglement(actor=secretary, body_id=body_id, data=data)
    ctx.created.append("règlement intérieur du CSE")
