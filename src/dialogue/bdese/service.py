"""BDESE services; each public function owns its transaction. Readings by readers are logged (L2312-36),
writes are the employer's and audited, a publication notifies the readers through an event (R2312-5)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from dialogue.audit import service as audit
from dialogue.bdese import queries
from dialogue.bdese.access import Standing, standing
from dialogue.bdese.events import BdeseItemPublished
from dialogue.bdese.exports import export_filename, year_zip
from dialogue.bdese.rules import (
    MINIMUM_THEMES,
    BdeseRuleError,
    ConfidentialityError,
    Filed,
    ItemStatus,
    MissingMinimumThemes,
    Structure,
    SubTheme,
    Theme,
    check_agreement_structure,
    check_status,
    completeness,
    confidentiality,
    default_structure,
    expected_status,
    is_confidential,
)
from dialogue.bdese.schemas import (
    AccessRead,
    AgreementCreate,
    AgreementRead,
    AgreementTheme,
    BdeseRead,
    ItemCreate,
    ItemRead,
    ItemUpdate,
    SubThemeRead,
    ThemeRead,
)
from dialogue.bdese.tables import BdeseAccess, BdeseAgreement, BdeseItem
from dialogue.core.actor import Actor
from dialogue.core.clock import as_date, local_today, utcnow
from dialogue.core.db import transaction
from dialogue.core.errors import InvalidInput, NotFound, RuleViolation
from dialogue.core.events import emit
from dialogue.documents import service as documents

now = utcnow
today = local_today

CONFIDENTIAL_TITLE = "Information confidentielle de la BDESE"


def _json(value: Any) -> Any:
    """A JSON column as stored: decoded by PostgreSQL's driver, a string on SQLite."""
    return json.loads(value) if isinstance(value, str) else value


# ------------------------------------------------------------------------------------------------ structure


def _agreement_themes(raw: list[dict[str, Any]]) -> tuple[Theme, ...]:
    themes = [AgreementTheme.model_validate(theme) for theme in raw]
    return tuple(
        Theme(
            code=theme.code,
            number=number,
            title=theme.title,
            sub_themes=tuple(SubTheme(code=sub.code, title=sub.title) for sub in theme.sub_themes),
            covers=frozenset(theme.covers),
            not_applicable_allowed=bool({"financeurs"} & set(theme.covers)) or theme.code == "transferts",
        )
        for number, theme in enumerate(themes, start=1)
    )


async def structure_of(ctx: Standing) -> Structure:
    """The organisation's agreement (L2312-21) if it recorded one, else R2312-8 / R2312-9 by headcount."""
    row = await queries.agreement(ctx.organization_id)
    if row is None:
        return default_structure(headcount=ctx.headcount)
    themes = _json(row["themes"])
    return Structure(basis=f"Accord L2312-21 : {row['reference']}", themes=_agreement_themes(themes))


def _placed(structure: Structure, theme_code: str, sub_code: str | None) -> Theme:
    theme = structure.theme(theme_code)
    if theme is None:
        codes = ", ".join(t.code for t in structure.themes)
        raise InvalidInput(
            f"Rubrique inconnue « {theme_code} » ({structure.basis}) ; rubriques : {codes}.",
            errors=[{"field": "theme", "message": "Rubrique inconnue"}],
        )
    if sub_code is not None and theme.sub_theme(sub_code) is None:
        codes = ", ".join(sub.code for sub in theme.sub_themes)
        raise InvalidInput(
            f"Sous-rubrique inconnue « {sub_code} » de la rubrique « {theme.title} » ; sous-rubriques : {codes}.",
            errors=[{"field": "sub_theme", "message": "Sous-rubrique inconnue"}],
        )
    return theme


# ------------------------------------------------------------------------------------------------ reads


def item_read(row: dict[str, Any], *, day: date) -> ItemRead:
    until = as_date(row["confidential_until"])
    published = row["published_at"]
    return ItemRead(
        id=row["id"],
        theme=row["theme"],
        sub_theme=row["sub_theme"],
        year=row["year"],
        status=ItemStatus(row["status"]),
        title=row["title"],
        figures=_json(row["figures"]),
        text=row["text"],
        document_id=row["document_id"],
        economic_alert=bool(row["economic_alert"]),
        confidential=is_confidential(until=until, today=day),
        confidential_until=until,
        confidentiality_reason=row["confidentiality_reason"],
        updated_at=row["updated_at"],
        published_at=published,
        changed_since_publication=published is not None and row["updated_at"] > published,
    )


async def _log(
    ctx: Standing, *, action: str, item_id: int | None = None, theme: str | None = None, year: int | None = None
) -> None:
    """L2312-36: every reading by a reader is logged (who, what, when); the employer's own are not."""
    if not ctx.is_reader:
        return
    await BdeseAccess.insert(
        BdeseAccess(
            organization=ctx.organization_id,
            user=ctx.actor.user_id,
            action=action,
            item_id=item_id,
            theme=theme,
            year=year,
            at=now(),
        )
    )


def _year(year: int | None, day: date) -> tuple[int, ItemStatus]:
    chosen = day.year if year is None else year
    try:
        return chosen, expected_status(year=chosen, today=day)
    except BdeseRuleError as exc:
        raise InvalidInput(str(exc), errors=[{"field": "year", "message": "Hors de la période R2312-10"}]) from None


async def get_bdese(
    *, actor: Actor, organization_id: int, year: int | None = None, theme: str | None = None
) -> BdeseRead:
    """The legal themes of a year, each with its items and completeness (drafts only for the employer)."""
    day = today()
    async with transaction():
        ctx = (await standing(actor=actor, organization_id=organization_id, today=day)).require_read()
        chosen, status = _year(year, day)
        structure = await structure_of(ctx)
        if theme is not None:
            _placed(structure, theme, None)
        rows = await queries.items_of_year(
            organization_id=organization_id, year=chosen, published_only=not ctx.is_employer
        )
        await _log(ctx, action="view", theme=theme, year=chosen)
    items = [item_read(row, day=day) for row in rows]
    filed = [Filed(theme=i.theme, sub_theme=i.sub_theme, status=i.status) for i in items]
    themes = [
        ThemeRead(
            code=done.code,
            number=done.number,
            title=done.title,
            not_applicable_allowed=structure.themes[index].not_applicable_allowed,
            not_applicable=done.not_applicable,
            present=done.present,
            expected=done.expected,
            complete=done.complete,
            sub_themes=[SubThemeRead(code=s.code, title=s.title, present=s.present) for s in done.sub_themes],
            items=[i for i in items if i.theme == done.code],
        )
        for index, done in enumerate(completeness(structure, filed))
        if theme is None or done.code == theme
    ]
    return BdeseRead(
        organization_id=organization_id,
        year=chosen,
        years=list(range(day.year - 2, day.year + 4)),
        year_status=status,
        basis=structure.basis,
        themes=themes,
        complete=all(t.complete for t in themes),
        can_publish=ctx.is_employer,
    )


async def _item_for(ctx: Standing, item_id: int) -> dict[str, Any]:
    row = await queries.item(organization_id=ctx.organization_id, item_id=item_id)
    if row is None or (row["published_at"] is None and not ctx.is_employer):
        raise NotFound("Information de la BDESE introuvable.")
    return row


async def get_item(*, actor: Actor, organization_id: int, item_id: int) -> ItemRead:
    day = today()
    async with transaction():
        ctx = (await standing(actor=actor, organization_id=organization_id, today=day)).require_read()
        row = await _item_for(ctx, item_id)
        await _log(ctx, action="item", item_id=item_id, theme=row["theme"], year=row["year"])
    return item_read(row, day=day)


async def access_log(*, actor: Actor, organization_id: int, limit: int, offset: int) -> tuple[list[AccessRead], int]:
    """The readings of the BDESE, for the CSE's office and the employer."""
    (await standing(actor=actor, organization_id=organization_id, today=today())).require_log()
    rows, total = await queries.access_page(organization_id=organization_id, limit=limit, offset=offset)
    return [AccessRead.model_validate(row) for row in rows], total


async def export_year(*, actor: Actor, organization_id: int, year: int) -> tuple[str, bytes]:
    """The published items of a year (every item for the employer) as a zip with its index; logged."""
    day = today()
    async with transaction():
        ctx = (await standing(actor=actor, organization_id=organization_id, today=day)).require_read()
        chosen, _ = _year(year, day)
        structure = await structure_of(ctx)
        rows = await queries.items_of_year(
            organization_id=organization_id, year=chosen, published_only=not ctx.is_employer
        )
        await _log(ctx, action="export", year=chosen)
    order = {theme.code: theme.number for theme in structure.themes}
    items = sorted((item_read(row, day=day) for row in rows), key=lambda i: (order.get(i.theme, 99), i.id))
    titles = {theme.code: f"{theme.number}. {theme.title}" for theme in structure.themes}
    archive = await year_zip(
        year=chosen, items=items, theme_titles=titles, reader=actor, with_confidential=ctx.sees_confidential
    )
    return export_filename(chosen), archive


# ------------------------------------------------------------------------------------------------ writes


def _checked(theme: Theme, *, status: ItemStatus, year: int, fields: dict[str, Any], day: date) -> dict[str, Any]:
    """The status (R2312-10, rubriques 6 and 9) and confidentiality (R2312-13) of an item, as columns."""
    try:
        check_status(theme=theme, status=status, year=year, today=day)
    except BdeseRuleError as exc:
        raise RuleViolation(str(exc), code="bdese_rule") from None
    try:
        conf = confidentiality(
            status=status,
            year=year,
            confidential=fields["confidential"],
            until=fields["confidential_until"],
            reason=fields["confidentiality_reason"],
            economic_alert=fields["economic_alert"],
            today=day,
        )
    except ConfidentialityError as exc:
        raise InvalidInput(
            str(exc), errors=[{"field": "confidential_until", "message": "Confidentialité non justifiée"}]
        ) from None
    return {"status": status.value, "confidential_until": conf.until, "confidentiality_reason": conf.reason}


async def create_item(*, actor: Actor, organization_id: int, data: ItemCreate) -> ItemRead:
    """A new item (a draft until published), placed in the legal structure."""
    day = today()
    async with transaction():
        ctx = (await standing(actor=actor, organization_id=organization_id, today=day)).require_employer()
        await documents.require_attachable(organization_id=organization_id, document_id=data.document_id)
        theme = _placed(await structure_of(ctx), data.theme, data.sub_theme)
        status = data.status or (ItemStatus.forecast if data.year > day.year else ItemStatus.actual)
        checked = _checked(theme, status=status, year=data.year, fields=data.model_dump(), day=day)
        at = now()
        row = BdeseItem(
            organization=organization_id,
            theme=data.theme,
            sub_theme=data.sub_theme,
            year=data.year,
            title=data.title,
            figures=data.figures,
            text=data.text,
            document_id=data.document_id,
            economic_alert=data.economic_alert,
            created_by=actor.user_id,
            created_at=at,
            updated_at=at,
            **checked,
        )
        await row.save()
        await audit.record(
            actor=actor,
            organization_id=organization_id,
            action="bdese_item_created",
            entity="bdese_item",
            entity_id=row.id,
            after={"theme": data.theme, "year": data.year},
        )
        stored = await queries.item(organization_id=organization_id, item_id=int(row.id))
    assert stored is not None
    return item_read(stored, day=day)


_CONFIDENTIALITY_FIELDS = ("confidential", "confidential_until", "confidentiality_reason", "economic_alert")


async def update_item(*, actor: Actor, organization_id: int, item_id: int, data: ItemUpdate) -> ItemRead:
    """Change an item; readers see the change once it is published again (`changed_since_publication`)."""
    day = today()
    given = data.model_dump(exclude_unset=True)
    async with transaction():
        ctx = (await standing(actor=actor, organization_id=organization_id, today=day)).require_employer()
        row = await _item_for(ctx, item_id)
        if "document_id" in given:
            await documents.require_attachable(organization_id=organization_id, document_id=data.document_id)
        theme = _placed(await structure_of(ctx), row["theme"], row["sub_theme"])
        current = {
            "confidential": row["confidential_until"] is not None,
            "confidential_until": as_date(row["confidential_until"]),
            "confidentiality_reason": row["confidentiality_reason"],
            "economic_alert": bool(row["economic_alert"]),
        }
        if any(name in given for name in _CONFIDENTIALITY_FIELDS):
            current = {name: getattr(data, name) for name in _CONFIDENTIALITY_FIELDS}
        checked = _checked(theme, status=ItemStatus(row["status"]), year=row["year"], fields=current, day=day)
        changes = {k: v for k, v in given.items() if k not in _CONFIDENTIALITY_FIELDS}
        changes.update(checked, economic_alert=current["economic_alert"], updated_at=now())
        await BdeseItem.update({getattr(BdeseItem, k): v for k, v in changes.items()}).where(BdeseItem.id == item_id)
        await audit.record(
            actor=actor,
            organization_id=organization_id,
            action="bdese_item_updated",
            entity="bdese_item",
            entity_id=item_id,
            after={"fields": sorted(given)},
        )
        stored = await queries.item(organization_id=organization_id, item_id=item_id)
    assert stored is not None
    return item_read(stored, day=day)


async def publish_item(*, actor: Actor, organization_id: int, item_id: int) -> ItemRead:
    """Put an item at the readers' disposal: the date is recorded (R2312-5: the notice that the information is
    in the BDESE starts a consultation's delay) and the readers are notified (L2312-18)."""
    day = today()
    async with transaction():
        ctx = (await standing(actor=actor, organization_id=organization_id, today=day)).require_employer()
        await _item_for(ctx, item_id)
        structure = await structure_of(ctx)
        at = now()
        await BdeseItem.update({BdeseItem.published_at: at, BdeseItem.published_by: actor.user_id}).where(
            BdeseItem.id == item_id
        )
        await audit.record(
            actor=actor,
            organization_id=organization_id,
            action="bdese_item_published",
            entity="bdese_item",
            entity_id=item_id,
            after={"published_at": at.isoformat()},
        )
        stored = await queries.item(organization_id=organization_id, item_id=item_id)
        assert stored is not None
        read = item_read(stored, day=day)
        theme = structure.theme(read.theme)
        await emit(
            BdeseItemPublished(
                organization_id=organization_id,
                actor_user_id=actor.user_id,
                item_id=item_id,
                theme=read.theme,
                theme_title=theme.title if theme else read.theme,
                year=read.year,
                title=CONFIDENTIAL_TITLE if read.confidential else read.title,
                confidential=read.confidential,
                published_at=at,
            )
        )
    return read


async def set_agreement(*, actor: Actor, organization_id: int, data: AgreementCreate) -> AgreementRead:
    """Record the structure set by an agreement (L2312-21); 409 when a minimum theme is missing."""
    unknown = sorted({code for theme in data.themes for code in theme.covers} - MINIMUM_THEMES.keys())
    if unknown:
        raise InvalidInput(
            f"Thèmes inconnus : {', '.join(unknown)} ; thèmes de L2312-21 : {', '.join(MINIMUM_THEMES)}.",
            errors=[{"field": "themes", "message": "Thème inconnu"}],
        )
    raw = [theme.model_dump() for theme in data.themes]
    try:
        check_agreement_structure(_agreement_themes(raw), reference=data.reference)
    except MissingMinimumThemes as exc:
        raise RuleViolation(str(exc), code="bdese_agreement_incomplete", missing=list(exc.missing)) from None
    async with transaction():
        (await standing(actor=actor, organization_id=organization_id, today=today())).require_employer()
        at = now()
        await BdeseAgreement.delete().where(BdeseAgreement.organization == organization_id)
        await BdeseAgreement.insert(
            BdeseAgreement(
                organization=organization_id,
                reference=data.reference,
                themes=raw,
                recorded_by=actor.user_id,
                recorded_at=at,
            )
        )
        await audit.record(
            actor=actor,
            organization_id=organization_id,
            action="bdese_agreement_recorded",
            entity="bdese_agreement",
            entity_id=organization_id,
            after={"reference": data.reference},
        )
    return AgreementRead(reference=data.reference, themes=data.themes, recorded_at=at)
