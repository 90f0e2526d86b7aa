"""What an organisation shares with a network: experience sheets (approved by its trinôme, names removed) and its
barometer's aggregated results with chosen indicators (the benchmark). Every publication and withdrawal is in the
organisation's audit log; a withdrawn item leaves every view of the network at once."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from dialogue.audit import service as audit
from dialogue.auth import service as auth_service
from dialogue.core.actor import Actor
from dialogue.core.clock import utcnow
from dialogue.core.db import transaction
from dialogue.core.errors import Conflict, Forbidden, InvalidInput, InvalidState, NotFound
from dialogue.indicators import service as indicators_service
from dialogue.networks import rules
from dialogue.networks.access import NetworkAccess, network_access
from dialogue.networks.schemas import (
    BenchmarkRead,
    BenchmarkThemeRead,
    ContributionCreate,
    ContributionRead,
    SheetCreate,
    SheetRead,
)
from dialogue.networks.service import loaded, organization_names
from dialogue.networks.tables import NetworkContribution, NetworkMembership, NetworkSheet
from dialogue.qvt import barometer as qvt_barometer
from dialogue.qvt import service as qvt_service
from dialogue.qvt.rules import THEMES
from dialogue.qvt.schemas import GroupBy

#: The sheet's sections, in the order of the QVT experience sheet, with their French titles.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("problem", "Problème constaté"),
    ("proposal", "Action menée"),
    ("target_population", "Public visé"),
    ("success_conditions", "Conditions de réussite"),
    ("calendar", "Calendrier"),
    ("evaluation_criteria", "Critères d'évaluation"),
    ("evaluation_results", "Résultats"),
    ("evaluation_summary", "Bilan"),
    ("lessons_learned", "Enseignements"),
)


# ---------------------------------------------------------------------------------------------- sheets


def _sheet_read(row: dict[str, Any], names: dict[int, str]) -> SheetRead:
    approvals = loaded(row["approvals"]) or {}
    return SheetRead(
        id=row["id"],
        network_id=row["network"],
        organization_id=row["organization"],
        organization_name=names.get(row["organization"], ""),
        title=row["title"],
        theme=row["theme"],
        theme_label=THEMES.get(row["theme"], ""),
        establishment_type=row["establishment_type"],
        content=loaded(row["content"]) or {},
        status=row["status"],
        missing_approvals=rules.missing_approvals(approvals),
        published_at=row["published_at"],
    )


def _own_side(access: NetworkAccess, row: dict[str, Any]) -> bool:
    return access.membership is not None and row["organization"] == access.actor.organization_id


async def _sheet(actor: Actor, network_id: int, sheet_id: int) -> tuple[NetworkAccess, dict[str, Any]]:
    """A sheet as the actor may see it: its own organisation's at any stage; anyone else's only once published."""
    access = await network_access(actor=actor, network_id=network_id)
    row = (
        await NetworkSheet.select().where((NetworkSheet.id == sheet_id) & (NetworkSheet.network == network_id)).first()
    )
    if row is None:
        raise NotFound("Fiche introuvable.")
    visible = row["status"] == "published" and (access.animates or access.is_member)
    if not (visible or (_own_side(access, row) and access.is_member)):
        raise NotFound("Fiche introuvable.")
    return access, row


async def get_sheet(*, actor: Actor, network_id: int, sheet_id: int) -> SheetRead:
    _, row = await _sheet(actor, network_id, sheet_id)
    return _sheet_read(row, await organization_names([row["organization"]]))


async def create_sheet(*, actor: Actor, network_id: int, data: SheetCreate) -> SheetRead:
    """A draft from an evaluated QVT action of the organisation, every name of its people removed."""
    async with transaction():
        access = await network_access(actor=actor, network_id=network_id)
        access.require_publishes()
        sheet = await qvt_service.experience_sheet_data(actor=actor, action_id=data.action_id)
        action = sheet.action
        accounts = await auth_service.accounts_of(organization_id=actor.organization_id)
        names = [a.full_name for a in accounts]
        content: dict[str, Any] = {
            key: rules.strip_names(str(getattr(action, key) or ""), names)
            for key, _ in SECTIONS
            if getattr(action, key, "")
        }
        content["priorities"] = [rules.strip_names(p, names) for p in sheet.priorities]
        membership = access.membership or {}
        row = NetworkSheet(
            network=network_id,
            organization=actor.organization_id,
            action_id=action.id,
            title=rules.strip_names(action.title, names),
            theme=action.theme.value if action.theme else "",
            establishment_type=data.establishment_type or membership.get("establishment_type", ""),
            content=content,
            status="draft",
            approvals={},
            created_by=actor.user_id,
            created_at=utcnow(),
        )
        await row.save()
        await audit.record(
            actor=actor,
            organization_id=actor.organization_id,
            action="create",
            entity="network_sheet",
            entity_id=row.id,
            after={"network_id": network_id, "action_id": action.id},
        )
        return await get_sheet(actor=actor, network_id=network_id, sheet_id=row.id)


async def approve_sheet(*, actor: Actor, network_id: int, sheet_id: int) -> SheetRead:
    """A member of the organisation's trinôme approves for their side."""
    async with transaction():
        access, row = await _sheet(actor, network_id, sheet_id)
        if not _own_side(access, row) or not access.trinome_sides:
            raise Forbidden("Seul le trinôme de l'organisation approuve sa fiche.")
        if row["status"] != "draft":
            raise InvalidState("Seule une fiche en préparation s'approuve.", code="sheet_not_draft")
        approvals = dict(loaded(row["approvals"]) or {})
        for side in access.trinome_sides:
            approvals[side] = actor.user_id
        await NetworkSheet.update({NetworkSheet.approvals: approvals}).where(NetworkSheet.id == sheet_id)
        await audit.record(
            actor=actor,
            organization_id=row["organization"],
            action="approve",
            entity="network_sheet",
            entity_id=sheet_id,
            after={"sides": list(access.trinome_sides)},
        )
        return await get_sheet(actor=actor, network_id=network_id, sheet_id=sheet_id)


async def publish_sheet(*, actor: Actor, network_id: int, sheet_id: int) -> SheetRead:
    async with transaction():
        access, row = await _sheet(actor, network_id, sheet_id)
        if not _own_side(access, row):
            raise NotFound("Fiche introuvable.")
        access.require_publishes()
        if row["status"] == "published":
            raise Conflict("La fiche est déjà publiée.", code="sheet_published")
        if missing := rules.missing_approvals(loaded(row["approvals"]) or {}):
            raise InvalidState(
                "La fiche se publie une fois approuvée par tout le trinôme (il manque : " + ", ".join(missing) + ").",
                code="sheet_not_approved",
            )
        await NetworkSheet.update(
            {NetworkSheet.status: "published", NetworkSheet.published_at: utcnow(), NetworkSheet.withdrawn_at: None}
        ).where(NetworkSheet.id == sheet_id)
        await audit.record(
            actor=actor,
            organization_id=row["organization"],
            action="publish",
            entity="network_sheet",
            entity_id=sheet_id,
            after={"network_id": network_id},
        )
        return await get_sheet(actor=actor, network_id=network_id, sheet_id=sheet_id)


async def withdraw_sheet(*, actor: Actor, network_id: int, sheet_id: int) -> SheetRead:
    async with transaction():
        access, row = await _sheet(actor, network_id, sheet_id)
        if not _own_side(access, row):
            raise NotFound("Fiche introuvable.")
        access.require_publishes()
        if row["status"] != "published":
            raise InvalidState("Seule une fiche publiée se retire.", code="sheet_not_published")
        await NetworkSheet.update({NetworkSheet.status: "withdrawn", NetworkSheet.withdrawn_at: utcnow()}).where(
            NetworkSheet.id == sheet_id
        )
        await audit.record(
            actor=actor,
            organization_id=row["organization"],
            action="withdraw",
            entity="network_sheet",
            entity_id=sheet_id,
            after={"network_id": network_id},
        )
        return await get_sheet(actor=actor, network_id=network_id, sheet_id=sheet_id)


async def library(
    *,
    actor: Actor,
    network_id: int,
    theme: str | None = None,
    establishment_type: str | None = None,
    text: str | None = None,
) -> list[SheetRead]:
    """The network's published sheets, by theme, type of establishment and words; the actor's own drafts too."""
    access = await network_access(actor=actor, network_id=network_id)
    if not (access.animates or access.is_member):
        raise Forbidden("Réservé aux membres du réseau.")
    rows = await NetworkSheet.select().where(NetworkSheet.network == network_id).order_by(NetworkSheet.id)
    rows = [r for r in rows if r["status"] == "published" or (_own_side(access, r) and r["status"] == "draft")]
    if theme:
        rows = [r for r in rows if r["theme"] == theme]
    if establishment_type:
        rows = [r for r in rows if r["establishment_type"].lower() == establishment_type.lower()]
    if text:
        needle = text.lower()
        rows = [
            r for r in rows if needle in (r["title"] + json.dumps(loaded(r["content"]), ensure_ascii=False)).lower()
        ]
    names = await organization_names([r["organization"] for r in rows])
    return [_sheet_read(r, names) for r in rows]


async def export_sheets(*, actor: Actor, network_id: int, fmt: str) -> tuple[bytes, str]:
    """The network's published sheets for national pooling: CSV (one row a sheet) or JSON."""
    sheets = [s for s in await library(actor=actor, network_id=network_id) if s.status == "published"]
    if fmt == "json":
        body = [s.model_dump(mode="json", exclude={"missing_approvals", "status"}) for s in sheets]
        return json.dumps(body, ensure_ascii=False, indent=2).encode(), "application/json"
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(
        [
            "id",
            "organisation",
            "type d'établissement",
            "thème",
            "titre",
            *[label for _, label in SECTIONS],
            "publiée le",
        ]
    )
    for s in sheets:
        writer.writerow(
            [
                s.id,
                s.organization_name,
                s.establishment_type,
                s.theme_label,
                s.title,
                *[s.content.get(key, "") for key, _ in SECTIONS],
                s.published_at.date().isoformat() if s.published_at else "",
            ]
        )
    return ("\ufeff" + out.getvalue()).encode(), "text/csv"


# ---------------------------------------------------------------------------------------------- benchmark


def _contribution_read(row: dict[str, Any], withheld: list[str] | None = None) -> ContributionRead:
    return ContributionRead(
        id=row["id"],
        network_id=row["network"],
        organization_id=row["organization"],
        year=row["year"],
        themes=loaded(row["themes"]) or {},
        indicators=loaded(row["indicators"]) or {},
        withheld_themes=withheld or [],
        status=row["status"],
    )


async def publish_contribution(*, actor: Actor, network_id: int, data: ContributionCreate) -> ContributionRead:
    """The organisation publishes its closed barometer's results (only the themes above its own threshold) and the
    indicators it chose; a new publication replaces the previous one."""
    async with transaction():
        access = await network_access(actor=actor, network_id=network_id)
        access.require_publishes()
        results = await qvt_barometer.barometer_results(
            actor=actor, barometer_id=data.barometer_id, group_by=GroupBy.establishment
        )
        if results.overall.withheld:
            raise InvalidState(
                "Les résultats de ce baromètre n'atteignent pas son seuil d'anonymat : rien à publier.",
                code="below_threshold",
            )
        themes = {t.theme: round(t.mean, 3) for t in results.overall.themes if t.mean is not None and not t.withheld}
        withheld = [t.theme for t in results.overall.themes if t.mean is None or t.withheld]
        indicators: dict[str, float] = {}
        if data.indicator_codes:
            target = await indicators_service.organization_target(actor=actor, organization_id=actor.organization_id)
            report = await indicators_service.report(target=target, from_date=None, to_date=None, with_series=False)
            known = {i.code: i.value for i in report.items}
            if unknown := sorted(set(data.indicator_codes) - known.keys()):
                raise InvalidInput(
                    "Indicateur inconnu.", errors=[{"field": "indicator_codes", "message": ", ".join(unknown)}]
                )
            indicators = {c: round(float(v), 3) for c in data.indicator_codes if (v := known[c]) is not None}
        now = utcnow()
        await NetworkContribution.update(
            {NetworkContribution.status: "withdrawn", NetworkContribution.withdrawn_at: now}
        ).where(
            (NetworkContribution.network == network_id)
            & (NetworkContribution.organization == actor.organization_id)
            & (NetworkContribution.status == "published")
        )
        row = NetworkContribution(
            network=network_id,
            organization=actor.organization_id,
            barometer_id=data.barometer_id,
            year=results.year,
            themes=themes,
            indicators=indicators,
            status="published",
            published_by=actor.user_id,
            published_at=now,
        )
        await row.save()
        await audit.record(
            actor=actor,
            organization_id=actor.organization_id,
            action="publish",
            entity="network_contribution",
            entity_id=row.id,
            after={"network_id": network_id, "themes": themes, "indicators": indicators},
        )
        saved = await NetworkContribution.select().where(NetworkContribution.id == row.id).first()
        assert saved is not None
        return _contribution_read(saved, withheld)


async def withdraw_contribution(*, actor: Actor, network_id: int) -> None:
    async with transaction():
        access = await network_access(actor=actor, network_id=network_id)
        access.require_publishes()
        rows = await NetworkContribution.select(NetworkContribution.id).where(
            (NetworkContribution.network == network_id)
            & (NetworkContribution.organization == actor.organization_id)
            & (NetworkContribution.status == "published")
        )
        if not rows:
            raise NotFound("Aucune contribution publiée.")
        for row in rows:
            await NetworkContribution.update(
                {NetworkContribution.status: "withdrawn", NetworkContribution.withdrawn_at: utcnow()}
            ).where(NetworkContribution.id == row["id"])
            await audit.record(
                actor=actor,
                organization_id=actor.organization_id,
                action="withdraw",
                entity="network_contribution",
                entity_id=row["id"],
                after={"network_id": network_id},
            )


async def my_contribution(*, actor: Actor, network_id: int) -> ContributionRead:
    access = await network_access(actor=actor, network_id=network_id)
    access.require_member()
    row = (
        await NetworkContribution.select()
        .where(
            (NetworkContribution.network == network_id)
            & (NetworkContribution.organization == actor.organization_id)
            & (NetworkContribution.status == "published")
        )
        .first()
    )
    if row is None:
        raise NotFound("Aucune contribution publiée.")
    return _contribution_read(row)


def _theme_read(key: str, label: str, values: dict[int, float], viewer: int | None, bands: bool) -> BenchmarkThemeRead:
    found = rules.theme_benchmark(key, values, viewer=viewer)
    return BenchmarkThemeRead(
        key=key,
        label=label,
        contributors=found.contributors,
        shown=found.shown,
        bands=[{"label": label, "organizations": n} for (_, label), n in zip(rules.BANDS, found.bands, strict=True)]
        if found.bands is not None and bands
        else None,
        my_position=found.position,
        my_position_label=rules.POSITION_LABELS[found.position] if found.position else None,
        my_value=values.get(viewer) if viewer is not None and found.shown else None,
    )


async def benchmark(*, actor: Actor, network_id: int) -> BenchmarkRead:
    """Each theme's distribution across the active members that contributed — only from 3 contributors — and the
    reader's own position; never any other organisation's value, nor who contributed."""
    access = await network_access(actor=actor, network_id=network_id)
    if not (access.animates or access.is_member):
        raise Forbidden("Réservé aux membres du réseau.")
    active = await NetworkMembership.select(NetworkMembership.organization).where(
        (NetworkMembership.network == network_id) & (NetworkMembership.status == "active")
    )
    members = {r["organization"] for r in active}
    rows = await NetworkContribution.select().where(
        (NetworkContribution.network == network_id) & (NetworkContribution.status == "published")
    )
    rows = [r for r in rows if r["organization"] in members]
    viewer = actor.organization_id if access.is_member else None
    by_theme: dict[str, dict[int, float]] = {}
    by_indicator: dict[str, dict[int, float]] = {}
    for r in rows:
        for key, value in (loaded(r["themes"]) or {}).items():
            by_theme.setdefault(key, {})[r["organization"]] = float(value)
        for key, value in (loaded(r["indicators"]) or {}).items():
            by_indicator.setdefault(key, {})[r["organization"]] = float(value)
    order = list(THEMES)
    return BenchmarkRead(
        network_id=network_id,
        floor=rules.BENCHMARK_FLOOR,
        contributors=len({r["organization"] for r in rows}),
        themes=[
            _theme_read(key, THEMES.get(key, key), by_theme[key], viewer, bands=True)
            for key in sorted(by_theme, key=lambda k: order.index(k) if k in order else len(order))
        ],
        indicators=[_theme_read(key, key, by_indicator[key], viewer, bands=False) for key in sorted(by_indicator)],
    )
