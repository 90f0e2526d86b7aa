"""Who organises a diagnosis, who answers in which college, who reads it.

- organise (create, edit the grid while a draft, open, close, publish results early, decide actions): the
  organisation's admins and the direction;
- answer: the members of the three colleges (`rules.college_of`), only while the campaign is open;
- read the campaign, its participation counts and its actions: the organisers and the three colleges;
- read the results: the same, once the campaign is closed or when the organiser has published them early;
- another organisation: 404.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from dialogue.auth.tables import User
from dialogue.bodies.tables import Member
from dialogue.core.actor import Actor
from dialogue.core.clock import as_date, local_today
from dialogue.core.errors import Forbidden, NotFound
from dialogue.diagnosis import rules
from dialogue.diagnosis.tables import Diagnosis


@dataclass(frozen=True, slots=True)
class Standing:
    """The actor's standing towards the diagnoses of their organisation."""

    actor: Actor
    organization_id: int
    college: str | None
    is_org_admin: bool

    @property
    def organises(self) -> bool:
        return self.is_org_admin or self.college == "direction"

    @property
    def reads(self) -> bool:
        return self.organises or self.college is not None

    def require_read(self) -> Standing:
        if not self.reads:
            raise Forbidden(
                "Le diagnostic est réservé à la gouvernance, à la direction et aux représentants du personnel."
            )
        return self

    def require_organiser(self) -> Standing:
        self.require_read()
        if not self.organises:
            raise Forbidden("Seuls la direction et les administrateurs de l'organisation organisent le diagnostic.")
        return self


async def _seats(organization_id: int, user_id: int | None = None) -> dict[int, list[tuple[Any, Any, Any]]]:
    """Current seats (college, role, body kind) of the organisation's active accounts, by user."""
    today = local_today()
    query = Member.select(
        Member.user, Member.college, Member.role, Member.body.kind, Member.mandate_end, Member.user.is_active
    ).where(Member.body.organization == organization_id)
    if user_id is not None:
        query = query.where(Member.user == user_id)
    seats: dict[int, list[tuple[Any, Any, Any]]] = defaultdict(list)
    for row in await query:
        end: date | None = as_date(row["mandate_end"])
        if not row["user.is_active"] or (end is not None and end < today):
            continue
        seats[row["user"]].append((row["college"], row["role"], row["body.kind"]))
    return seats


async def standing(*, actor: Actor, organization_id: int) -> Standing:
    """The actor's standing in an organisation; 404 for another organisation."""
    if organization_id != actor.organization_id:
        raise NotFound("Organisation introuvable.")
    user = (
        await User.select(User.is_org_admin)
        .where((User.id == actor.user_id) & (User.organization == organization_id) & (User.is_active == True))  # noqa: E712
        .first()
    )
    if user is None:
        raise NotFound("Organisation introuvable.")
    seats = await _seats(organization_id, actor.user_id)
    return Standing(
        actor=actor,
        organization_id=organization_id,
        college=rules.college_of(seats.get(actor.user_id, [])),
        is_org_admin=bool(user["is_org_admin"]),
    )


async def eligible(organization_id: int) -> dict[str, int]:
    """How many people answer in each college (counts only)."""
    counts = dict.fromkeys(rules.COLLEGES, 0)
    for person_seats in (await _seats(organization_id)).values():
        college = rules.college_of(person_seats)
        if college is not None:
            counts[college] += 1
    return counts


async def diagnosis_row(*, actor: Actor, diagnosis_id: int) -> tuple[Standing, dict[str, Any]]:
    """A campaign and the actor's standing; 404 when unknown or of another organisation, 403 for non-readers."""
    row = await Diagnosis.select().where(Diagnosis.id == diagnosis_id).first()
    if row is None or row["organization"] != actor.organization_id:
        raise NotFound("Diagnostic introuvable.")
    return (await standing(actor=actor, organization_id=row["organization"])).require_read(), row
