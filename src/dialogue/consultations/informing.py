"""The information date of a consultation set by hand (R2312-5): once documents of the consultation were
communicated, `informed_on` follows them (consultations.attachments) unless a date is given with its reason,
which is kept (`informed_on_override_reason`) and stops the following."""

from __future__ import annotations

from typing import Any

from dialogue.consultations.bdese_queries import published_dates
from dialogue.core.errors import InvalidInput
from dialogue.documents.attachments import communication_dates


async def check_override(row: dict[str, Any], changes: dict[str, Any]) -> None:
    """Turn `informed_on_reason` of an update into the stored override; refuse (422) a new `informed_on`
    without a reason when communicated documents set it, and a reason without a date."""
    reason = changes.pop("informed_on_reason", None)
    informed_on = changes.get("informed_on")
    if reason is not None:
        if informed_on is None:
            raise InvalidInput(
                "Le motif accompagne une date d'information fixée à la main (informed_on).",
                errors=[{"field": "informed_on", "message": "date requise avec le motif"}],
            )
        changes["informed_on_override_reason"] = reason
    elif (
        informed_on is not None
        and row["informed_on_override_reason"] is None
        and (await communication_dates(int(row["id"])) or await published_dates(int(row["id"])))
    ):
        raise InvalidInput(
            "Des documents de la consultation ont été communiqués ou publiés dans la BDESE : la date d'information "
            "suit leur communication (art. R2312-5 du Code du travail). Pour la fixer à la main, indiquez le motif "
            "(informed_on_reason).",
            errors=[{"field": "informed_on_reason", "message": "motif obligatoire"}],
        )
