"""Who sees what of a network.

- The facilitators (accounts of the host organisation named on the network) and the host's admins animate it:
  they invite organisations, hold sessions, read the board, the library and the benchmark — and nothing else of
  a member organisation: its meetings, registers and members stay behind the organisation's own rules (another
  organisation's actor gets 404 there), and of the network's data they read only what the organisation shared.
- A member organisation (its admin, its direction, its trinôme) reads the network, its collective days, its own
  support visits, the library and the benchmark (its own position only).
- Anyone else: 404, the network's existence included.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dialogue.auth import service as auth_service
from dialogue.core.actor import Actor
from dialogue.core.errors import Forbidden, NotFound
from dialogue.networks.tables import Network, NetworkFacilitator, NetworkMembership, NetworkParticipant


@dataclass(frozen=True, slots=True)
class NetworkAccess:
    actor: Actor
    network: dict[str, Any]
    is_facilitator: bool
    is_host_admin: bool
    membership: dict[str, Any] | None
    is_org_admin: bool
    is_direction: bool
    trinome_sides: tuple[str, ...]

    @property
    def network_id(self) -> int:
        return int(self.network["id"])

    @property
    def animates(self) -> bool:
        return self.is_facilitator or self.is_host_admin

    @property
    def is_member(self) -> bool:
        return self.membership is not None and self.membership["status"] == "active"

    @property
    def is_invited(self) -> bool:
        return self.membership is not None and self.membership["status"] == "invited"

    @property
    def manages_membership(self) -> bool:
        """The organisation's admin consents, leaves and names the trinôme."""
        return self.membership is not None and self.is_org_admin

    @property
    def publishes(self) -> bool:
        """Publishing to the network: the admin, the direction, or a member of the trinôme."""
        return self.is_member and (self.is_org_admin or self.is_direction or bool(self.trinome_sides))

    def require_animates(self) -> None:
        if not self.animates:
            raise Forbidden("Réservé à l'animation du réseau.")

    def require_member(self) -> None:
        if not self.is_member:
            raise Forbidden("Réservé aux organisations membres du réseau.")

    def require_publishes(self) -> None:
        if not self.publishes:
            raise Forbidden("Réservé à l'administration, à la direction et au trinôme de l'organisation membre.")


async def network_access(*, actor: Actor, network_id: int) -> NetworkAccess:
    """The actor's standing in the network; 404 when the actor has none (its existence stays unknown)."""
    network = await Network.select().where(Network.id == network_id).first()
    if network is None:
        raise NotFound("Réseau introuvable.")
    me = await auth_service.me(actor=actor)
    is_facilitator = await NetworkFacilitator.exists().where(
        (NetworkFacilitator.network == network_id) & (NetworkFacilitator.user == actor.user_id)
    )
    is_host_admin = network["host"] == actor.organization_id and me.is_org_admin
    membership = (
        await NetworkMembership.select()
        .where((NetworkMembership.network == network_id) & (NetworkMembership.organization == actor.organization_id))
        .first()
    )
    if membership is not None and membership["status"] not in {"invited", "active"}:
        membership = None
    sides: tuple[str, ...] = ()
    if membership is not None:
        rows = await NetworkParticipant.select(NetworkParticipant.side).where(
            (NetworkParticipant.membership == membership["id"]) & (NetworkParticipant.user == actor.user_id)
        )
        sides = tuple(r["side"] for r in rows)
    access = NetworkAccess(
        actor=actor,
        network=network,
        is_facilitator=is_facilitator,
        is_host_admin=is_host_admin,
        membership=membership,
        is_org_admin=me.is_org_admin,
        is_direction=any(m.college == "direction" or m.body_kind == "direction_committee" for m in me.memberships),
        trinome_sides=sides,
    )
    if not access.animates and membership is None:
        raise NotFound("Réseau introuvable.")
    if membership is not None and membership["status"] == "invited" and not access.animates and not me.is_org_admin:
        raise NotFound("Réseau introuvable.")
    return access
