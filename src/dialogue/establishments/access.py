"""Who reads the multi-establishment company (the rule the API and the page « Établissements » share).

- The direction, the board (gouvernance) and the organisation's admins read everything: the decisions setting the
  établissements distincts, the CSE central's composition, the page.
- The élus and the union representatives seated, in office, on a CSE d'établissement or on the CSE central read
  the same decisions and composition: a CSE may agree the établissements distincts (L2313-3), is informed of the
  employer's decision and may contest it (R2313-1), and each establishment CSE designates its delegates to the CSE
  central from its own members (L2316-4, L2316-8): they see who represents them.
- The tree of opinions of a linked consultation (R2312-6 II) is read by whoever reads the CSE central's
  consultation (its members, the direction, the admins) and by the élus of the establishment CSEs consulted with
  it, whose opinion is transmitted to the CSE central. The board reads the figures, not a CSE's consultations.
- Any other member of the organisation: 403; another organisation: 404.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from dialogue.bodies.access import BodyAccess, body_accesses
from dialogue.core.actor import Actor
from dialogue.core.errors import Forbidden
from dialogue.negotiations.access import standing

REFUSED = (
    "Réservé à la direction, au conseil d'administration, aux administrateurs et aux élus du CSE central et des "
    "CSE d'établissement."
)
TREE_REFUSED = (
    "L'arbre des avis est réservé aux membres du CSE central, à la direction et aux élus des CSE d'établissement "
    "consultés."
)


def seated(access: BodyAccess) -> bool:
    """An élu (titulaire, suppléant, officer) or a union representative of the body, mandate in force."""
    return access.is_elu or access.is_union_representative


@dataclass(frozen=True, slots=True)
class Reader:
    """The actor's standing towards the établissements distincts and the CSE central of their organisation."""

    reads_everything: bool
    #: The CSE and CSE central of the organisation on which the actor sits (`seated`).
    seats: frozenset[int]

    @property
    def reads_company(self) -> bool:
        return self.reads_everything or bool(self.seats)

    def require_company(self) -> Reader:
        if not self.reads_company:
            raise Forbidden(REFUSED)
        return self


async def reader(*, actor: Actor, organization_id: int, cse_bodies: Iterable[int]) -> Reader:
    """The actor's standing; NotFound for another organisation. `cse_bodies`: the organisation's CSE and CSE
    central (the caller has read them)."""
    org = await standing(actor=actor, organization_id=organization_id)
    accesses = await body_accesses(actor=actor, body_ids=cse_bodies)
    return Reader(
        reads_everything=org.reads_everything,
        seats=frozenset(i for i, a in accesses.items() if seated(a)),
    )


async def require_tree(*, actor: Actor, central: BodyAccess, establishment_bodies: Iterable[int]) -> None:
    """Whoever reads the CSE central's consultation, or sits on one of the establishment CSEs consulted with it
    (R2312-6 II); Forbidden otherwise."""
    if central.can_read:
        return
    accesses = await body_accesses(actor=actor, body_ids=establishment_bodies)
    if not any(seated(a) for a in accesses.values()):
        raise Forbidden(TREE_REFUSED)
