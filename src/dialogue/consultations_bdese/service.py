"""Link published BDESE items to a consultation (R2312-5: « le délai [...] court à compter de la communication
[...] ou de l'information par l'employeur de leur mise à disposition dans la base de données »). The item must be
published (no notice, no start: Cass. soc. 28 Mar. 2018, n° 17-13.081) and of the consultation's organisation
(422 otherwise). The day counted is the item's publication day (local) when it is linked — a later publication
of the same item moves nothing (the first notice started the delay) — and `informed_on` follows the earliest
of the documents communicated and the items published unless set by hand (consultations.attachments)."""

from __future__ import annotations

from typing import Any

from dialogue.bdese import queries as bdese_queries
from dialogue.bdese import service as bdese
from dialogue.bdese.schemas import ItemRead
from dialogue.consultations import bdese_links
from dialogue.consultations import bdese_queries as links_queries
from dialogue.consultations.bdese_links import LinkTarget
from dialogue.consultations.bdese_queries import StoredLink
from dialogue.consultations_bdese.schemas import BdeseLinkRead
from dialogue.core import clock
from dialogue.core.actor import Actor
from dialogue.core.db import transaction
from dialogue.core.errors import InvalidInput


def _refused(detail: str, code: str) -> InvalidInput:
    return InvalidInput(detail, errors=[{"field": "item_id", "message": detail}], code=code)


async def _published_item(target: LinkTarget, item_id: int) -> dict[str, Any]:
    row = await bdese_queries.item(organization_id=target.organization_id, item_id=item_id)
    if row is None:
        raise _refused("Cette information n'est pas dans la BDESE de l'organisation.", "bdese_item_unknown")
    if row["published_at"] is None:
        raise _refused(
            "Cette information n'est pas publiée : seule sa mise à disposition dans la BDESE fait courir le délai "
            "(art. R2312-5 du Code du travail).",
            "bdese_item_unpublished",
        )
    return row


async def _read(link: StoredLink, item: dict[str, Any], consultation_id: int) -> BdeseLinkRead:
    shown = bdese.item_read(item, day=clock.local_today())
    return BdeseLinkRead(
        item_id=link.item_id,
        theme=shown.theme,
        year=shown.year,
        title=bdese.CONFIDENTIAL_TITLE if shown.confidential else shown.title,
        confidential=shown.confidential,
        published_on=link.published_on,
        linked_by=link.linked_by,
        linked_at=link.linked_at,
        consultation_informed_on=await links_queries.informed_on(consultation_id),
    )


async def _link(*, actor: Actor, consultation_id: int, item_id: int, target: LinkTarget | None = None) -> BdeseLinkRead:
    target = target or await bdese_links.open_for_link(actor=actor, consultation_id=consultation_id)
    item = await _published_item(target, item_id)
    published_on = clock.as_datetime(item["published_at"]).astimezone(clock.PARIS).date()
    link = await bdese_links.add(actor=actor, target=target, item_id=item_id, published_on=published_on)
    return await _read(link, item, consultation_id)


async def link_item(*, actor: Actor, consultation_id: int, item_id: int) -> BdeseLinkRead:
    """Record that a published BDESE item informs a consultation; its delay may start from that publication."""
    async with transaction():
        return await _link(actor=actor, consultation_id=consultation_id, item_id=item_id)


async def linked_items(*, actor: Actor, consultation_id: int) -> list[BdeseLinkRead]:
    """The BDESE items informing a consultation, earliest publication first (404 for another organisation)."""
    target = await bdese_links.readable(actor=actor, consultation_id=consultation_id)
    reads = []
    for link in await links_queries.links(consultation_id):
        item = await bdese_queries.item(organization_id=target.organization_id, item_id=link.item_id)
        if item is not None:
            reads.append(await _read(link, item, consultation_id))
    return reads


async def publish_item(*, actor: Actor, organization_id: int, item_id: int, consultation_id: int | None) -> ItemRead:
    """Publish a BDESE item (readers notified, L2312-18) and, given a consultation, link it in the same step."""
    async with transaction():
        target = None
        if consultation_id is not None:  # who may link, checked before anything is written
            target = await bdese_links.open_for_link(actor=actor, consultation_id=consultation_id)
        read = await bdese.publish_item(actor=actor, organization_id=organization_id, item_id=item_id)
        if target is not None:
            await _link(actor=actor, consultation_id=target.consultation_id, item_id=item_id, target=target)
        return read
