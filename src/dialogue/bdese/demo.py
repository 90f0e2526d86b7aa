"""Demo BDESE of the Association Les Tilleuls (320 employees: the R2312-9 structure): the last and the current
year with real-looking French figures (`demo_items.json`: effectifs, formation, index égalité F/H, salaires,
ASC, dotations…), perspectives for the three next years ("grandes tendances", R2312-10) confidential by nature
(R2312-13), and rubriques 6 and 9 "sans objet" for an association without capital or group."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from dialogue.bdese.rules.items import FORECAST_REASON
from dialogue.bdese.tables import BdeseItem
from dialogue.bodies.demo import DemoContext
from dialogue.core.clock import local_today, utcnow
from dialogue.documents.demo import bilan_social_title, forecast_title
from dialogue.documents.tables import Document

DATA = Path(__file__).with_name("demo_items.json")


def _plan(year: int) -> list[tuple[int, dict[str, Any], dict[str, Any] | None]]:
    """(year, item, figures) for N-1 and N, then the forecasts of N+1 to N+3."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    plan: list[tuple[int, dict[str, Any], dict[str, Any] | None]] = []
    for offset, key in ((-1, "previous"), (0, "current")):
        plan += [(year + offset, item, (item.get("figures") or {}).get(key)) for item in data["actual"]]
    plan += [(year + offset, item, None) for offset in (1, 2, 3) for item in data["forecasts"]]
    return plan


async def demo_step(ctx: DemoContext) -> None:
    """Idempotent: nothing is added when the association already has BDESE items."""
    org = ctx.organization_id
    if await BdeseItem.exists().where(BdeseItem.organization == org):
        return
    director = ctx.users.get("direction@demo.example")
    plan = _plan(local_today().year)
    rows = []
    for index, (year, item, figures) in enumerate(plan):
        at = utcnow() - timedelta(days=len(plan) - index)
        forecast = item["status"] == "forecast"
        rows.append(
            BdeseItem(
                organization=org,
                theme=item["theme"],
                sub_theme=item["sub_theme"],
                year=year,
                status=item["status"],
                title=item["title"],
                figures=figures,
                text=item.get("text"),
                economic_alert=False,
                confidential_until=date(year, 12, 31) if forecast else None,
                confidentiality_reason=FORECAST_REASON if forecast else None,
                created_by=director,
                created_at=at,
                updated_at=at,
                published_at=at,
                published_by=director,
            )
        )
    await BdeseItem.insert(*rows)
    ctx.created.append(f"BDESE ({len(rows)} informations)")


async def link_documents_step(ctx: DemoContext) -> None:
    """After the demo documents: this year's headcount item names the bilan social of last year (established and
    given this year), next year's funding forecast the (confidential) budget forecasts. Idempotent: an item
    already naming a document is left alone."""
    year = local_today().year
    for title, item_year, sub_theme in (
        (bilan_social_title(year - 1), year, "effectifs"),
        (forecast_title(year + 1), year + 1, "aides_publiques"),
    ):
        found = (
            await Document.select(Document.id)
            .where((Document.organization == ctx.organization_id) & (Document.title == title))
            .first()
        )
        if found is not None:
            await BdeseItem.update({BdeseItem.document_id: found["id"]}).where(
                (BdeseItem.organization == ctx.organization_id)
                & (BdeseItem.year == item_year)
                & (BdeseItem.sub_theme == sub_theme)
                & BdeseItem.document_id.is_null()
            )
