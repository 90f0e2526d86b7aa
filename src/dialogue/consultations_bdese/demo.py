"""Demo: the yearly social-policy consultation of the demo CSE (L2312-26) was informed through the BDESE
(R2312-5): last year's headcount item is linked to it, published the day the consultation counts from, so the
consultation page names the BDESE as the origin of its information date. Idempotent: nothing is done once the
consultation has a BDESE item."""

from __future__ import annotations

from datetime import datetime, time

from dialogue.bdese.tables import BdeseItem
from dialogue.bodies.demo import DemoContext
from dialogue.consultations.tables import Consultation, ConsultationBdeseItem
from dialogue.core.clock import PARIS, local_today, to_date, utcnow


async def demo_step(ctx: DemoContext) -> None:
    cse = ctx.bodies.get("cse")
    year = local_today().year - 1
    social = (
        await Consultation.select(Consultation.id, Consultation.informed_on)
        .where((Consultation.body == cse) & (Consultation.kind == "social_policy") & (Consultation.year == year))
        .first()
    )
    item = (
        await BdeseItem.select(BdeseItem.id)
        .where(
            (BdeseItem.organization == ctx.organization_id)
            & (BdeseItem.year == year)
            & (BdeseItem.sub_theme == "effectifs")
        )
        .first()
    )
    if cse is None or social is None or item is None:
        return
    if await ConsultationBdeseItem.exists().where(ConsultationBdeseItem.consultation == social["id"]):
        return
    informed_on = to_date(social["informed_on"])
    at = datetime.combine(informed_on, time(9), tzinfo=PARIS)
    await BdeseItem.update({BdeseItem.published_at: at, BdeseItem.created_at: at, BdeseItem.updated_at: at}).where(
        BdeseItem.id == item["id"]
    )
    await ConsultationBdeseItem.insert(
        ConsultationBdeseItem(
            consultation=social["id"],
            item_id=item["id"],
            published_on=informed_on,
            linked_by=ctx.users.get("secretaire@demo.example"),
            linked_at=utcnow(),
        )
    )
    ctx.created.append("consultation sur la politique sociale informée par la BDESE")
