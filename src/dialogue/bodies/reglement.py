"""A body's parameters set by its règlement intérieur (L2315-24): an adoption copies them onto the body, where the
meetings rules read them; while an RI is in force the body's PATCH cannot change them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from dialogue.audit import service as audit
from dialogue.bodies.tables import Body
from dialogue.core.actor import Actor
from dialogue.core.errors import RuleViolation

#: The body fields an RI in force sets.
RI_FIELDS: Final = ("agenda_notice_days", "president_votes_on_minutes", "visio_max_per_year", "minutes_delay_days")


async def refuse_fields_set_by_reglement(*, body_id: int, fields: Iterable[str]) -> None:
    """409 when a change touches a field the RI in force sets (L2315-24): the CSE changes it by a new adoption."""
    touched = sorted(set(fields) & set(RI_FIELDS))
    if not touched:
        return
    row = await Body.select(Body.reglement_interieur_id).where(Body.id == body_id).first()
    if row is not None and row["reglement_interieur_id"] is not None:
        raise RuleViolation(
            f"{', '.join(touched)} : fixé par le règlement intérieur en vigueur (art. L2315-24 du Code du travail) ; "
            "le CSE le modifie en adoptant une nouvelle version.",
            code="fixed_by_reglement_interieur",
        )


async def apply_reglement(
    *,
    actor: Actor,
    organization_id: int,
    body_id: int,
    reglement_id: int,
    agenda_notice_days: int,
    president_votes_on_minutes: bool,
    visio_max_per_year: int | None = None,
    minutes_delay_days: int | None = None,
) -> None:
    """Copy an adopted RI's parameters onto the body, with an audit row; joins the caller's transaction."""
    changes = {
        "reglement_interieur_id": reglement_id,
        "agenda_notice_days": agenda_notice_days,
        "president_votes_on_minutes": president_votes_on_minutes,
        "visio_max_per_year": visio_max_per_year,
        "minutes_delay_days": minutes_delay_days,
    }
    columns = [getattr(Body, name) for name in changes]
    before = await Body.select(*columns).where(Body.id == body_id).first()
    await Body.update({getattr(Body, k): v for k, v in changes.items()}).where(Body.id == body_id)
    await audit.record(
        actor=actor,
        organization_id=organization_id,
        action="reglement_interieur.applied",
        entity="body",
        entity_id=body_id,
        before=before,
        after=changes,
        body_id=body_id,
    )
