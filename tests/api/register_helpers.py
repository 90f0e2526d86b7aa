"""A CSE built by the factories for the register tests over HTTP (tests/api/test_registers*.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dialogue.bodies.schemas import BodyKind, College, Role
from dialogue.registers.rules import RegisterKind
from tests.api.test_pages import sign_in
from tests.factories import (
    PASSWORD,
    BodyWorld,
    Person,
    add_member,
    bearer_headers,
    make_body,
    make_organization,
    make_register,
)


@dataclass
class Cse:
    """A CSE built by the factories with one register of each kind, and everyone the register rules tell apart."""

    world: BodyWorld
    board: int
    people: dict[str, Person]
    registers: dict[str, int]
    secret: str

    def auth(self, who: str) -> dict[str, str]:
        """Headers of `who`: elu, other_elu, secretary, substitute, union_representative, president,
        direction_guest, outsider (a guest of the board only), admin, neighbour (another organisation's admin)."""
        return bearer_headers(self.people[who], secret=self.secret)

    async def sign_in(self, client: Any, who: str) -> Any:
        """Open a page session as `who` (the sign-in form, with the factories' password)."""
        return await sign_in(client, self.people[who].email, password=PASSWORD)


async def build_cse(*, secret: str) -> Cse:
    """The CSE, its board, a neighbouring organisation and one register of each kind, through the factories."""
    org = await make_organization()
    world = await make_body(org, titulaires=2, substitutes=1)
    assert world.secretary is not None and world.president is not None
    union_representative, _ = await add_member(world, role=Role.union_representative, union_name="CGT")
    direction_guest, _ = await add_member(world, role=Role.guest, college=College.direction)
    board = await make_body(org, kind=BodyKind.board, president=False, secretary=False, titulaires=0)
    outsider, _ = await add_member(board, role=Role.guest, college=College.gouvernance)
    neighbour = await make_organization()
    registers = {kind.value: (await make_register(world, kind=kind)).id for kind in RegisterKind}
    people = {
        "elu": world.titulaires[0],
        "other_elu": world.titulaires[1],
        "secretary": world.secretary,
        "substitute": world.substitutes[0],
        "union_representative": union_representative,
        "president": world.president,
        "direction_guest": direction_guest,
        "outsider": outsider,
        "admin": org.admin,
        "neighbour": neighbour.admin,
    }
    return Cse(world, board.id, people, registers, secret)
