"""The demo's kit shared by every module's demo step (context, organisations, users, bodies, members), and the
demo election results of the CSE's élus: category and votes obtained, which order the suppléants (L2314-37).

`dialogue.demo.service` composes the steps; the modules' `demo.py` import this kit, never the composer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Final

from dialogue.auth.security import hash_password
from dialogue.auth.tables import User
from dialogue.bodies.tables import Body, Member
from dialogue.core.clock import local_today, utcnow
from dialogue.organizations.tables import Establishment, Organization
from dialogue.settings import Settings

DEMO_PASSWORD = "demo-password"  # noqa: S105 - documented demo credential (CONTRACT.md)

OE, TAM, CADRES = "ouvriers_employes", "techniciens_agents_maitrise", "cadres"

#: email → (catégorie professionnelle, voix obtenues) for the demo CSE's titulaires and suppléants. Julien Moreau
#: (CGT) absent is replaced by Karim Haddad (CGT, same category, most votes), never by a CFDT suppléant.
DEMO_ELECTION: Final[dict[str, tuple[str, int]]] = {
    "secretaire@demo.example": (OE, 142),
    "elu@demo.example": (OE, 131),
    "nadia.benali@demo.example": (OE, 118),
    "thomas.girard@demo.example": (OE, 97),
    "sophie.marchand@demo.example": (OE, 104),
    "tresorier@demo.example": (CADRES, 41),
    "marc.fontaine@demo.example": (TAM, 36),
    "lea.dupont@demo.example": (OE, 126),
    "karim.haddad@demo.example": (OE, 112),
    "ines.petit@demo.example": (OE, 95),
    "paul.mercier@demo.example": (OE, 88),
    "chloe.bernard@demo.example": (OE, 93),
    "helene.gauthier@demo.example": (TAM, 33),
    "olivier.perrin@demo.example": (TAM, 29),
}


def current_mandate(today: date | None = None) -> tuple[date, date]:
    """The demo CSE's current 4-year mandate (L2314-33): elected on 18 March 2024, re-elected every
    4 years, so the demo never expires whatever the day it is loaded."""
    today = today or local_today()
    start = date(2024, 3, 18)
    while date(start.year + 4, start.month, start.day) <= today:
        start = date(start.year + 4, start.month, start.day)
    return start, date(start.year + 4, start.month, start.day) - timedelta(days=1)


MANDATE_START, MANDATE_END = current_mandate()


@dataclass
class DemoContext:
    settings: Settings
    organization_id: int = 0
    neighbour_id: int = 0
    establishments: dict[str, int] = field(default_factory=dict)
    users: dict[str, int] = field(default_factory=dict)
    bodies: dict[str, int] = field(default_factory=dict)
    members: dict[tuple[str, str], int] = field(default_factory=dict)
    created: list[str] = field(default_factory=list)


DemoStep = Callable[[DemoContext], Awaitable[None]]


async def ensure_organization(ctx: DemoContext, *, name: str, headcount: int) -> int:
    row = await Organization.select(Organization.id).where(Organization.name == name).first()
    if row:
        return int(row["id"])
    org = Organization(name=name, headcount=headcount, alsace_moselle=False, non_profit_essms=True, created_at=utcnow())
    await org.save()
    ctx.created.append(f"organisation {name}")
    return int(org.id)


async def ensure_establishment(
    ctx: DemoContext,
    *,
    key: str,
    name: str,
    headcount: int,
    alsace: bool = False,
    cpom: bool = False,
    cpom_signed_on: date | None = None,
    worked_holidays: tuple[str, ...] = (),
) -> int:
    row = (
        await Establishment.select(Establishment.id)
        .where((Establishment.organization == ctx.organization_id) & (Establishment.name == name))
        .first()
    )
    if row:
        ctx.establishments[key] = int(row["id"])
        return int(row["id"])
    est = Establishment(
        organization=ctx.organization_id,
        name=name,
        headcount=headcount,
        alsace_moselle=alsace,
        cpom=cpom,
        cpom_signed_on=cpom_signed_on,
        worked_holidays=list(worked_holidays),
        created_at=utcnow(),
    )
    await est.save()
    ctx.establishments[key] = int(est.id)
    ctx.created.append(f"établissement {name}")
    return int(est.id)


async def ensure_user(
    ctx: DemoContext, *, email: str, full_name: str, organization_id: int, admin: bool = False, password: bool = True
) -> int:
    row = await User.select(User.id).where(User.email == email).first()
    if row:
        ctx.users[email] = int(row["id"])
        return int(row["id"])
    user = User(
        organization=organization_id,
        email=email,
        full_name=full_name,
        password_hash=hash_password(DEMO_PASSWORD, cost=ctx.settings.password_hash_cost) if password else None,
        is_org_admin=admin,
        created_at=utcnow(),
    )
    await user.save()
    ctx.users[email] = int(user.id)
    ctx.created.append(f"compte {email}")
    return int(user.id)


async def ensure_body(
    ctx: DemoContext,
    *,
    key: str,
    name: str,
    kind: str,
    organization_id: int | None = None,
    establishment: str | None = None,
    headcount_at_election: int | None = None,
) -> int:
    """A body; a CSE or CSE central carries the current mandate and the company's headcount at its election."""
    org = organization_id or ctx.organization_id
    row = await Body.select(Body.id).where((Body.organization == org) & (Body.name == name)).first()
    if row:
        ctx.bodies[key] = int(row["id"])
        return int(row["id"])
    body = Body(
        organization=org,
        establishment=ctx.establishments.get(establishment) if establishment else None,
        name=name,
        kind=kind,
        headcount_at_election=headcount_at_election,
        mandate_start=MANDATE_START if headcount_at_election is not None else None,
        mandate_end=MANDATE_END if headcount_at_election is not None else None,
        created_at=utcnow(),
    )
    await body.save()
    ctx.bodies[key] = int(body.id)
    ctx.created.append(f"instance {name}")
    return int(body.id)


#: The demo's first names read as women's: their roles agree (« Trésorière »); the others are men's.
_WOMEN = frozenset(
    {"Agnès", "Camille", "Chloé", "Claire", "Hélène", "Inès", "Isabelle", "Léa", "Ludivine", "Manon", "Martine"}
    | {"Monique", "Nadia", "Nathalie", "Sandrine", "Sophie"}
)


async def _civility(user_id: int) -> str | None:
    row = await User.select(User.full_name).where(User.id == user_id).first()
    if row is None or not row["full_name"]:
        return None
    return "madame" if row["full_name"].split()[0] in _WOMEN else "monsieur"


async def ensure_member(
    ctx: DemoContext,
    *,
    body: str,
    email: str,
    college: str,
    role: str,
    union: str | None = None,
    electoral_college: str | None = None,
    substitute_for: str | None = None,
    election: tuple[str, int] | None = None,
) -> int:
    body_id, user_id = ctx.bodies[body], ctx.users[email]
    row = await Member.select(Member.id).where((Member.body == body_id) & (Member.user == user_id)).first()
    if row:
        ctx.members[(body, email)] = int(row["id"])
        return int(row["id"])
    member = Member(
        body=body_id,
        user=user_id,
        college=college,
        role=role,
        union_name=union,
        electoral_college=electoral_college,
        substitute_for=ctx.members[(body, substitute_for)] if substitute_for else None,
        category=election[0] if election else None,
        votes_obtained=election[1] if election else None,
        civility=await _civility(user_id),
        mandate_start=MANDATE_START if college == "elus" else None,
        mandate_end=MANDATE_END if college == "elus" else None,
        created_at=utcnow(),
    )
    await member.save()
    ctx.members[(body, email)] = int(member.id)
    return int(member.id)
