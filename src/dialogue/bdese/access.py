"""Who may do what with an organisation's BDESE, read fresh over every seat of the actor (as `negotiations.access`).

- Readers (L2312-36: "accessible en permanence" to the CSE's and the CSE central's members and the union
  delegates): élus titulaires and suppléants and the union representatives of a CSE or CSE central, and the union
  delegates, i.e. the union representatives seated at the negotiation table with their union
  (`negotiations`: a DS is a `union_representative` member of a `negotiation_table` body, with `union_name`).
  They owe discretion on confidential items (L2315-3, L2143-21) and see them, marked.
- The employer (direction college, direction committee, organisation admin) writes and publishes.
- The access log is seen by the employer and the CSE's office (secretary, deputy, treasurer).
Board members (gouvernance) and guests are neither: 403. Another organisation: 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from piccolo.querystring import QueryString

from dialogue.bdese.rules import BdeseRuleError, bdese_required
from dialogue.bodies.schemas import TITULAR_ROLES, Role
from dialogue.core.actor import Actor
from dialogue.core.clock import as_date
from dialogue.core.db import get_engine
from dialogue.core.errors import Forbidden, NotFound, RuleViolation
from dialogue.core.regime import body_regime

_STANDING_SQL = """
SELECT o.headcount, o.fifty_reached_on, u.is_org_admin, b.kind, m.role, m.college, m.union_name, m.mandate_end
FROM app_user u
JOIN organization o ON o.id = u.organization
LEFT JOIN member m ON m."user" = u.id
LEFT JOIN body b ON b.id = m.body
WHERE u.id = {} AND u.organization = {} AND u.is_active = {}
"""

CSE_KINDS = frozenset({"cse", "cse_central"})
READER_ROLES = frozenset({*TITULAR_ROLES, Role.substitute, Role.union_representative})
OFFICE_ROLES = frozenset({Role.secretary, Role.deputy_secretary, Role.treasurer})


@dataclass(frozen=True, slots=True)
class Standing:
    actor: Actor
    organization_id: int
    headcount: int
    is_reader: bool
    is_employer: bool
    is_office: bool

    @property
    def sees_confidential(self) -> bool:
        """L2315-3: the readers owe discretion and see confidential items; the employer wrote them."""
        return self.is_reader or self.is_employer

    def require_read(self) -> Standing:
        if not (self.is_reader or self.is_employer):
            raise Forbidden(
                "La BDESE est accessible aux membres du CSE et du CSE central et aux délégués syndicaux "
                "(art. L2312-36 du Code du travail), et à l'employeur qui la tient."
            )
        return self

    def require_employer(self) -> Standing:
        if not self.is_employer:
            raise Forbidden("Seul l'employeur (la direction) alimente et met à jour la BDESE (art. L2312-36).")
        return self

    def require_log(self) -> Standing:
        if not (self.is_employer or self.is_office):
            raise Forbidden("Le journal des consultations de la BDESE est réservé au bureau du CSE et à l'employeur.")
        return self


async def standing(*, actor: Actor, organization_id: int, today: date) -> Standing:
    """The actor's standing; NotFound for another organisation, 409 below 50 employees (L2312-18)."""
    if organization_id != actor.organization_id:
        raise NotFound("Organisation introuvable.")
    rows = await get_engine().run_querystring(QueryString(_STANDING_SQL, actor.user_id, organization_id, True))
    if not rows:
        raise NotFound("Organisation introuvable.")
    first = rows[0]
    try:
        bdese_required(
            body_regime(
                company_headcount=int(first["headcount"]),
                fifty_reached_on=as_date(first["fifty_reached_on"]),
                today=today,
            )
        )
    except BdeseRuleError as exc:
        raise RuleViolation(str(exc), code="bdese_not_required") from None
    reader = office = direction = False
    for row in rows:
        end = as_date(row["mandate_end"])
        if row["role"] is None or (end is not None and end < today):
            continue
        role = Role(row["role"])
        if row["college"] == "direction" or row["kind"] == "direction_committee":
            direction = True
        if row["kind"] in CSE_KINDS and role in READER_ROLES:
            reader = True
            office = office or role in OFFICE_ROLES
        if row["kind"] == "negotiation_table" and role is Role.union_representative and row["union_name"]:
            reader = True
    return Standing(
        actor=actor,
        organization_id=organization_id,
        headcount=int(first["headcount"]),
        is_reader=reader,
        is_employer=direction or bool(first["is_org_admin"]),
        is_office=office,
    )
