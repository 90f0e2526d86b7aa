"""Organisations: read by their members, managed by their admins."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from piccolo.querystring import QueryString

from dialogue.audit import service as audit
from dialogue.core.actor import Actor
from dialogue.core.clock import local_today, utcnow
from dialogue.core.db import get_engine, transaction
from dialogue.core.errors import Forbidden, NotFound
from dialogue.core.regime import body_regime
from dialogue.organizations.schemas import (
    EstablishmentCreate,
    EstablishmentRead,
    EstablishmentUpdate,
    OrganizationRead,
    OrganizationUpdate,
    RegimeRead,
)
from dialogue.organizations.tables import Establishment, Organization

REGIME_LABELS = {
    "below_11": "Moins de 11 salariés : pas de CSE obligatoire (L2311-2)",
    "11_49": "11 à 49 salariés : CSE aux attributions restreintes (L2312-1)",
    "50_299": "50 à 299 salariés : CSE aux attributions complètes (L2312-8)",
    "300_plus": "300 salariés et plus : CSSCT obligatoire, réunions mensuelles (L2315-36, L2315-28)",
}


def regime_read(
    *, company_headcount: int, fifty_reached_on: date | None, perimeter_headcount: int | None = None
) -> RegimeRead:
    """The regime of the organisation, or of a CSE d'établissement when `perimeter_headcount` is given."""
    regime = body_regime(
        company_headcount=company_headcount,
        perimeter_headcount=perimeter_headcount,
        fifty_reached_on=fifty_reached_on,
        today=local_today(),
    )
    attributions = regime.attributions
    return RegimeRead(
        code=attributions.band.value,
        label=REGIME_LABELS[attributions.band.value],
        cse_mandatory=regime.seats.cse_mandatory,
        full_remit=regime.full_remit,
        cssct_mandatory=regime.cssct_mandatory,
        recurrent_consultations=regime.recurrent_consultations,
        titulaires=regime.seats.titulaires,
        delegation_hours_per_month=regime.seats.delegation_hours_per_month,
        basis=regime.basis,
    )


async def actor_is_org_admin(*, actor: Actor, organization_id: int) -> bool:
    """Membership of the organisation is checked here; NotFound for any other organisation."""
    if organization_id != actor.organization_id:
        raise NotFound("Organisation introuvable.")
    rows = await get_engine().run_querystring(
        QueryString(
            "SELECT is_org_admin FROM app_user WHERE id = {} AND organization = {} AND is_active = {}",
            actor.user_id,
            organization_id,
            True,
        )
    )
    if not rows:
        raise NotFound("Organisation introuvable.")
    return bool(rows[0]["is_org_admin"])


async def require_org_admin(*, actor: Actor, organization_id: int) -> None:
    if not await actor_is_org_admin(actor=actor, organization_id=organization_id):
        raise Forbidden("Réservé aux administrateurs de l'organisation.")


def _org_read(row: dict[str, Any]) -> OrganizationRead:
    return OrganizationRead(
        **row, regime=regime_read(company_headcount=row["headcount"], fifty_reached_on=row["fifty_reached_on"])
    )


async def get_organization(*, actor: Actor, organization_id: int) -> OrganizationRead:
    await actor_is_org_admin(actor=actor, organization_id=organization_id)
    row = await Organization.select().where(Organization.id == organization_id).first()
    if row is None:
        raise NotFound("Organisation introuvable.")
    return _org_read(row)


async def list_organizations(*, actor: Actor) -> list[OrganizationRead]:
    return [await get_organization(actor=actor, organization_id=actor.organization_id)]


async def update_organization(*, actor: Actor, organization_id: int, data: OrganizationUpdate) -> OrganizationRead:
    async with transaction():
        await require_org_admin(actor=actor, organization_id=organization_id)
        before = await Organization.select().where(Organization.id == organization_id).first()
        changes: dict[Any, Any] = data.model_dump(exclude_unset=True, exclude_none=True)
        if changes:
            await Organization.update(changes).where(Organization.id == organization_id)
            await audit.record(
                actor=actor,
                organization_id=organization_id,
                action="update",
                entity="organization",
                entity_id=organization_id,
                before={k: before[k] for k in changes} if before else None,
                after=changes,
            )
        return await get_organization(actor=actor, organization_id=organization_id)


def _establishment_read(row: dict[str, Any], organization: dict[str, Any]) -> EstablishmentRead:
    """Attributions follow the company (L2312-1), seats and hours the establishment (R2314-1)."""
    return EstablishmentRead(
        id=row["id"],
        organization_id=row["organization"],
        name=row["name"],
        headcount=row["headcount"],
        alsace_moselle=row["alsace_moselle"],
        cpom=row["cpom"],
        cpom_signed_on=row["cpom_signed_on"],
        worked_holidays=_worked_holidays_of(row["worked_holidays"]),
        regime=regime_read(
            company_headcount=organization["headcount"],
            fifty_reached_on=organization["fifty_reached_on"],
            perimeter_headcount=row["headcount"],
        ),
    )


async def _organization_row(organization_id: int) -> dict[str, Any]:
    row = (
        await Organization.select(Organization.headcount, Organization.fifty_reached_on)
        .where(Organization.id == organization_id)
        .first()
    )
    if row is None:
        raise NotFound("Organisation introuvable.")
    return row


def _worked_holidays_of(value: object) -> list[str]:
    """The JSON column as a list of holiday keys (SQLite and asyncpg hand back the text)."""
    loaded = json.loads(value) if isinstance(value, str) else value
    return [str(key) for key in loaded] if isinstance(loaded, list) else []


async def list_establishments(*, actor: Actor, organization_id: int) -> list[EstablishmentRead]:
    await actor_is_org_admin(actor=actor, organization_id=organization_id)
    organization = await _organization_row(organization_id)
    rows = await Establishment.select().where(Establishment.organization == organization_id).order_by(Establishment.id)
    return [_establishment_read(r, organization) for r in rows]


async def establishments_of(*, organization_id: int) -> list[EstablishmentRead]:
    """The organisation's establishments for other modules' rules (e.g. agrément, L314-6 CASF); no access check:
    the caller has checked its own."""
    organization = await _organization_row(organization_id)
    rows = await Establishment.select().where(Establishment.organization == organization_id).order_by(Establishment.id)
    return [_establishment_read(r, organization) for r in rows]


async def create_establishment(*, actor: Actor, organization_id: int, data: EstablishmentCreate) -> EstablishmentRead:
    async with transaction():
        await require_org_admin(actor=actor, organization_id=organization_id)
        row = Establishment(organization=organization_id, created_at=utcnow(), **data.model_dump())
        await row.save()
        await audit.record(
            actor=actor,
            organization_id=organization_id,
            action="create",
            entity="establishment",
            entity_id=row.id,
            after=data.model_dump(mode="json"),
        )
        created = await Establishment.select().where(Establishment.id == row.id).first()
        assert created is not None
        return _establishment_read(created, await _organization_row(organization_id))


async def update_establishment(
    *, actor: Actor, organization_id: int, establishment_id: int, data: EstablishmentUpdate
) -> EstablishmentRead:
    """Change an establishment's settings (holidays worked there, §0.10; CPOM, L313-12 IV ter CASF); admins only."""
    async with transaction():
        await require_org_admin(actor=actor, organization_id=organization_id)
        where = (Establishment.id == establishment_id) & (Establishment.organization == organization_id)
        before = await Establishment.select().where(where).first()
        if before is None:
            raise NotFound("Établissement introuvable.")
        changes: dict[Any, Any] = data.model_dump(exclude_unset=True, exclude_none=True)
        if changes:
            await Establishment.update(changes).where(where)
            await audit.record(
                actor=actor,
                organization_id=organization_id,
                action="update",
                entity="establishment",
                entity_id=establishment_id,
                before={
                    key: _worked_holidays_of(before[key]) if key == "worked_holidays" else before[key]
                    for key in changes
                },
                after=changes,
            )
        row = await Establishment.select().where(where).first()
        assert row is not None
        return _establishment_read(row, await _organization_row(organization_id))


async def organization_name(*, organization_id: int) -> str:
    """The organisation's name, for mails sent in its name (no access check: the caller has checked its own)."""
    row = await Organization.select(Organization.name).where(Organization.id == organization_id).first()
    if row is None:
        raise NotFound("Organisation introuvable.")
    return str(row["name"])
