"""Accords de méthode (L2242-10, L2242-11): their bounds and the one in force on a day."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from dialogue.core.actor import Actor
from dialogue.core.clock import local_today, utcnow
from dialogue.core.db import transaction
from dialogue.core.errors import InvalidInput
from dialogue.negotiations.access import standing
from dialogue.negotiations.common import headcount_of, insert_audited
from dialogue.negotiations.rules import MethodAgreement, MethodAgreementError, NaoBlock, validate_method_agreement
from dialogue.negotiations.schemas import MethodAgreementCreate, MethodAgreementRead
from dialogue.negotiations.tables import MethodAgreement as MethodAgreementRow

# ------------------------------------------------------------------------------------ accords de méthode


def method_agreement_of(row: dict[str, Any]) -> MethodAgreement:
    years = {block: row[f"{block.value}_years"] for block in NaoBlock if row.get(f"{block.value}_years") is not None}
    return MethodAgreement(starts_on=row["starts_on"], duration_years=row["duration_years"], periodicity_years=years)


def _method_agreement_read(row: dict[str, Any], *, today: date) -> MethodAgreementRead:
    agreement = method_agreement_of(row)
    start = agreement.starts_on
    try:
        ends_on = start.replace(year=start.year + agreement.duration_years) - timedelta(days=1)
    except ValueError:  # 29 February
        ends_on = date(start.year + agreement.duration_years, 2, 28)
    return MethodAgreementRead(
        id=row["id"],
        organization_id=row["organization"],
        title=row["title"],
        signed_on=row["signed_on"],
        starts_on=start,
        ends_on=ends_on,
        duration_years=agreement.duration_years,
        periodicity_years={block.value: years for block, years in agreement.periodicity_years.items()},
        in_force=agreement.in_force_on(today),
        notes=row["notes"],
        created_at=row["created_at"],
    )


def _check_method_agreement(data: MethodAgreementCreate, *, headcount: int) -> None:
    """L2242-11 (<= 4 years) and L2242-1 (each block at least every 4 years), each problem on its field."""
    errors: list[dict[str, str]] = []
    try:
        validate_method_agreement(
            agreement=MethodAgreement(starts_on=data.starts_on, duration_years=data.duration_years),
            headcount=headcount,
        )
    except MethodAgreementError as exc:
        errors += [{"field": "duration_years", "message": p} for p in exc.problems]
    for block, years in data.periodicity_years.items():
        try:
            validate_method_agreement(
                agreement=MethodAgreement(starts_on=data.starts_on, duration_years=1, periodicity_years={block: years}),
                headcount=headcount,
            )
        except MethodAgreementError as exc:
            errors += [{"field": f"periodicity_years.{block.value}", "message": p} for p in exc.problems]
    if data.signed_on is not None and data.signed_on > local_today():
        errors.append({"field": "signed_on", "message": "la date de signature ne peut être future"})
    if errors:
        raise InvalidInput("Accord de méthode hors des bornes légales : " + errors[0]["message"] + ".", errors=errors)


async def create_method_agreement(
    *, actor: Actor, organization_id: int, data: MethodAgreementCreate
) -> MethodAgreementRead:
    async with transaction():
        (await standing(actor=actor, organization_id=organization_id)).require_manage()
        _check_method_agreement(data, headcount=await headcount_of(actor=actor, organization_id=organization_id))
        years = data.periodicity_years
        row = MethodAgreementRow(
            organization=organization_id,
            title=data.title,
            signed_on=data.signed_on,
            starts_on=data.starts_on,
            duration_years=data.duration_years,
            remuneration_years=years.get(NaoBlock.REMUNERATION),
            egalite_qvct_years=years.get(NaoBlock.EGALITE_QVCT),
            gepp_years=years.get(NaoBlock.GEPP),
            notes=data.notes,
            created_by=actor.user_id,
            created_at=utcnow(),
        )
        await insert_audited(row, actor=actor, organization_id=organization_id, entity="method_agreement", data=data)
        created = await MethodAgreementRow.select().where(MethodAgreementRow.id == row.id).first()
        assert created is not None
        return _method_agreement_read(created, today=local_today())


async def list_method_agreements(*, actor: Actor, organization_id: int) -> list[MethodAgreementRead]:
    (await standing(actor=actor, organization_id=organization_id)).require_read()
    rows = (
        await MethodAgreementRow.select()
        .where(MethodAgreementRow.organization == organization_id)
        .order_by(MethodAgreementRow.starts_on, ascending=False)
    )
    today = local_today()
    return [_method_agreement_read(r, today=today) for r in rows]


def agreement_on(rows: Sequence[dict[str, Any]], day: date) -> tuple[int, MethodAgreement] | None:
    """The accord de méthode in force on `day` (the most recent one if several overlap)."""
    for row in sorted(rows, key=lambda r: (r["starts_on"], r["id"]), reverse=True):
        agreement = method_agreement_of(row)
        if agreement.in_force_on(day):
            return row["id"], agreement
    return None
