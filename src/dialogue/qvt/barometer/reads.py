"""Loading a campaign, who may do what with it, and what any reader sees of it (counts under k hidden)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from dialogue.bodies.access import BodyAccess
from dialogue.core.actor import Actor
from dialogue.core.clock import utcnow
from dialogue.core.errors import Forbidden, Gone, NotFound
from dialogue.organizations.tables import Establishment
from dialogue.qvt import barometer_suppression as anonymity
from dialogue.qvt import rules
from dialogue.qvt.schemas import (
    BarometerRead,
    QuestionRead,
)
from dialogue.qvt.tables import (
    Barometer,
    BarometerGroup,
    BarometerLink,
    BarometerQuestion,
    BarometerResponse,
)

OVERALL_LABEL = "Ensemble des répondants"
NO_ESTABLISHMENT = "Siège et services communs"
WHOLE_ESTABLISHMENT = "ensemble de l'établissement"


class LinkGone(Gone):
    """A real link that can no longer serve: already used, campaign closed or expired."""

    code = "link_gone"
    title = "Lien plus valable"


# ---------------------------------------------------------------- loading and access


async def barometer_row(actor: Actor, barometer_id: int) -> dict[str, Any]:
    row = await Barometer.select().where(Barometer.id == barometer_id).first()
    if row is None or row["organization"] != actor.organization_id:
        raise NotFound("Baromètre introuvable.")
    return row


def require_direction(access: BodyAccess) -> None:
    if not access.is_direction:
        access.require_read()
        raise Forbidden("Seule la direction organise le baromètre (création, liens, ouverture, clôture).")


def require_steering_member(access: BodyAccess) -> None:
    access.require_read()
    if not access.is_member:
        raise Forbidden("Les résultats du baromètre sont réservés aux membres du comité de pilotage QVT.")


def effective_status(row: Mapping[str, Any], *, now: datetime) -> str:
    """An open campaign whose closing date has passed is closed, whether or not anyone closed it."""
    if row["status"] == "open" and row["closes_at"] is not None and row["closes_at"] <= now:
        return "closed"
    return str(row["status"])


async def questions_of(barometer_id: int) -> list[dict[str, Any]]:
    return list(
        await BarometerQuestion.select()
        .where(BarometerQuestion.barometer == barometer_id)
        .order_by(BarometerQuestion.position)
    )


def question_read(row: Mapping[str, Any]) -> QuestionRead:
    return QuestionRead(
        code=row["code"], theme=row["theme"], theme_label=rules.THEMES[row["theme"]], label=row["label"]
    )


async def invited_and_respondents(barometer_id: int) -> tuple[int, int]:
    """(invited, respondents) of a campaign."""
    groups = await BarometerGroup.select(BarometerGroup.invited).where(BarometerGroup.barometer == barometer_id)
    respondents = await BarometerResponse.count().where(BarometerResponse.barometer == barometer_id)
    return sum(g["invited"] for g in groups), int(respondents)


async def late_code_count(barometer_id: int) -> int:
    return int(
        await BarometerLink.count().where(
            (BarometerLink.barometer == barometer_id) & (BarometerLink.late == True)  # noqa: E712
        )
    )


def shown_respondents(respondents: int, *, status: str, min_group_size: int) -> int | None:
    """What any reader sees of a count: nothing under k (zero too); while collecting, steps of k."""
    if respondents < min_group_size:
        return None
    if status == "closed":
        return respondents
    return anonymity.participation_step(respondents, min_group_size=min_group_size)


def share(respondents: int, invited: int) -> float | None:
    return None if invited <= 0 else min(1.0, respondents / invited)


async def barometer_read(row: dict[str, Any]) -> BarometerRead:
    invited, counted = await invited_and_respondents(row["id"])
    status = effective_status(row, now=utcnow())
    respondents = shown_respondents(counted, status=status, min_group_size=row["min_group_size"])
    return BarometerRead(
        id=row["id"],
        organization_id=row["organization"],
        body_id=row["body"],
        title=row["title"],
        year=row["year"],
        status=status,
        introduction=row["introduction"],
        min_group_size=row["min_group_size"],
        ask_staff_category=row["ask_staff_category"],
        closes_at=row["closes_at"],
        opened_at=row["opened_at"],
        closed_at=row["closed_at"],
        questions=[question_read(q) for q in await questions_of(row["id"])],
        invited=invited,
        respondents=respondents,
        participation=share(respondents, invited) if respondents is not None else None,
        late_codes=await late_code_count(row["id"]),
        created_at=row["created_at"],
    )


# ---------------------------------------------------------------- campaigns


async def establishment_names(organization_id: int) -> dict[int, str]:
    rows = await Establishment.select(Establishment.id, Establishment.name).where(
        Establishment.organization == organization_id
    )
    return {r["id"]: r["name"] for r in rows}


def place_label(names: Mapping[int, str], establishment: int | None, department: str) -> str:
    place = names.get(establishment, NO_ESTABLISHMENT) if establishment is not None else NO_ESTABLISHMENT
    return f"{place} — {department}" if department else place
