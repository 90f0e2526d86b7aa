"""An organisation built by the factories for the negotiation tests over HTTP (tests/api/test_negotiations.py):
the 2024 election, the unions' sections, the negotiation table with four delegates, a CSE, a board, a neighbour."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from dialogue.bodies.schemas import BodyKind, College, Role
from dialogue.negotiations.elections.results import record_election_results
from dialogue.negotiations.elections.sections import record_union_section
from dialogue.negotiations.schemas import ElectionResultCreate, UnionSectionCreate
from dialogue.organizations import service as organizations_service
from dialogue.organizations.schemas import EstablishmentCreate
from tests.api.test_pages import sign_in
from tests.factories import (
    PASSWORD,
    BodyWorld,
    Person,
    add_member,
    bearer_headers,
    make_body,
    make_negotiation_table,
    make_organization,
    make_user,
)

# Weights among representative unions: CFDT 34 %, SUD 24 %, CGT 28 %, FO 14 % (UNSA under 10 %: not representative).
RESULTS: dict[str, Any] = {
    "election_date": "2024-03-05",
    "colleges": [
        {
            "name": "1er collège",
            "registered": 452,
            "voters": 401,
            "votes_cast": 386,
            "union_votes": [
                {"union": "CFDT", "votes": 110},
                {"union": "CGT", "votes": 120},
                {"union": "SUD Santé Sociaux", "votes": 105},
                {"union": "FO", "votes": 20},
                {"union": "UNSA", "votes": 25},
            ],
        },
        {
            "name": "2e collège",
            "votes_cast": 147,
            "union_votes": [
                {"union": "CFDT", "votes": 60, "percent": 40.82},
                {"union": "CGT", "votes": 20},
                {"union": "SUD Santé Sociaux", "votes": 15},
                {"union": "FO", "votes": 50},
            ],
        },
    ],
}
#: Sections syndicales (L2142-1): the four representative unions' and UNSA's (not representative).
SECTIONS = (
    ("CFDT", date(2012, 3, 1)),
    ("CGT", date(2010, 9, 15)),
    ("SUD Santé Sociaux", date(2016, 1, 11)),
    ("FO", date(2018, 6, 4)),
    ("UNSA", date(2023, 10, 2)),
)
#: One delegate per representative union at the negotiation table: (key, full name, union).
DELEGATES = (
    ("cfdt", "Nathalie Perrot", "CFDT"),
    ("cgt", "Rachid Amrani", "CGT"),
    ("sud", "Yannick Le Goff", "SUD Santé Sociaux"),
    ("fo", "Martine Roussel", "FO"),
)


@dataclass
class Negotiators:
    """The organisation of 320 employees (a non-profit ESSMS) and everyone the negotiation rules tell apart."""

    organization_id: int
    table: BodyWorld
    people: dict[str, Person]
    secret: str

    def auth(self, who: str) -> dict[str, str]:
        """Headers of `who`: direction (presides the table), admin, cfdt, cgt, sud, fo (delegates), secretary and
        elu (of the CSE), gouvernance (a board member), neighbour (another organisation's admin)."""
        return bearer_headers(self.people[who], secret=self.secret)

    async def sign_in(self, client: Any, who: str) -> Any:
        """Open a page session as `who` (the sign-in form, with the factories' password)."""
        return await sign_in(client, self.people[who].email, password=PASSWORD)


async def build_negotiators(*, secret: str) -> Negotiators:
    """The election in force, the sections, the table, a CSE, a board and a neighbour, through the services."""
    org = await make_organization(headcount=320)
    table = await make_negotiation_table(org, delegates=())
    assert table.president is not None
    people = {"direction": table.president, "admin": org.admin}
    for key, full_name, union in DELEGATES:
        person = await make_user(org, full_name=full_name)
        await add_member(table, role=Role.union_representative, union_name=union, person=person)
        table.others.append(person)
        people[key] = person
    director = table.president.actor
    await record_election_results(
        actor=director, organization_id=org.id, data=ElectionResultCreate.model_validate(RESULTS)
    )
    for union, formed_on in SECTIONS:
        await record_union_section(
            actor=director, organization_id=org.id, data=UnionSectionCreate(union=union, formed_on=formed_on)
        )
    cse = await make_body(org, titulaires=1)
    assert cse.secretary is not None
    people["secretary"], people["elu"] = cse.secretary, cse.titulaires[0]
    board = await make_body(org, kind=BodyKind.board, president=False, secretary=False, titulaires=0)
    people["gouvernance"], _ = await add_member(board, role=Role.guest, college=College.gouvernance)
    people["neighbour"] = (await make_organization()).admin
    return Negotiators(org.id, table, people, secret)


async def add_establishments(world: Negotiators) -> None:
    """An EHPAD without a CPOM (agrément L314-6 CASF) and an IME under a CPOM signed on 1 January 2022."""
    for data in (
        EstablishmentCreate(name="EHPAD Les Tilleuls (Villeurbanne)", headcount=190),
        EstablishmentCreate(
            name="IME La Source (Vaulx-en-Velin)", headcount=130, cpom=True, cpom_signed_on=date(2022, 1, 1)
        ),
    ):
        await organizations_service.create_establishment(
            actor=world.people["admin"].actor, organization_id=world.organization_id, data=data
        )
