"""Delegation hours: declare a use, share hours, correct a record; the monthly statements of a member and of a
body; the CSV for payroll. Records are append-only; every cap is checked by `rules` and refused with its article
(409), the refusal itself being kept as a record."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from typing import Any

from dialogue.audit import service as audit
from dialogue.bodies.access import BodyAccess, body_access
from dialogue.bodies.regime import regimes_of_bodies
from dialogue.bodies.schemas import TITULAR_ROLES, Role, role_label
from dialogue.bodies.tables import Member
from dialogue.core.actor import Actor
from dialogue.core.clock import local_today, to_date, utcnow
from dialogue.core.db import lock_row, transaction
from dialogue.core.errors import Forbidden, InvalidInput, NotFound, RuleViolation
from dialogue.core.events import emit
from dialogue.core.regime import BodyRegime
from dialogue.delegation import queries, rules
from dialogue.delegation.events import DelegationBalanceLow, DelegationTransferNoticed, Person
from dialogue.delegation.rules import MINUTES, Mandate, Movement, TimeKind
from dialogue.delegation.schemas import (
    BodyHoursRead,
    DeclarationKind,
    DelegationHoursCreate,
    DelegationProfileCreate,
    DelegationRecordRead,
    MemberHoursRead,
    MemberMonthRead,
)
from dialogue.delegation.tables import DelegationProfile, DelegationRecord

#: Bodies whose élus hold delegation hours (the CSE; a CSE central élu has no extra credit: DOMAIN.md §10).
HOURS_BODY_KINDS = frozenset({"cse"})
#: Months the statement looks back at most to rebuild the carried hours (R2315-5: 12 months carried).
HISTORY_MONTHS = 24


def _mandate(role: str) -> Mandate | None:
    if role in TITULAR_ROLES:
        return Mandate.titulaire
    if role == Role.substitute:
        return Mandate.suppleant
    if role == Role.union_representative:
        return Mandate.rs_cse
    return None


@dataclass(frozen=True, slots=True)
class Holder:
    """A member holding (or able to receive) delegation hours, with his monthly credit in minutes."""

    member_id: int
    user_id: int
    name: str
    email: str
    role: str
    mandate: Mandate
    credit: int
    forfait_jours: bool
    start: str | None
    """First month of the mandate (no credit before it), from the member's or else the body's mandate start."""


@dataclass(frozen=True, slots=True)
class Book:
    """A body's holders and their statements from the first month needed to `last`."""

    regime: BodyRegime
    titulaire_credit: int
    holders: dict[int, Holder]
    months: dict[int, dict[str, rules.MonthStatement]]
    effective: dict[int, int]
    """The latest value of the records in a correction chain (by the corrected record's id)."""

    def month(self, member_id: int, key: str) -> rules.MonthStatement:
        return self.months[member_id][key]


def _h(minutes: int) -> float:
    return round(minutes / MINUTES, 2)


def check_month(month: str | None) -> str:
    if month is None:
        return rules.month_key(local_today())
    if len(month) != 7 or month[4] != "-" or not (month[:4] + month[5:]).isdigit() or not 1 <= int(month[5:]) <= 12:
        raise InvalidInput("Mois attendu au format AAAA-MM.", errors=[{"field": "month", "message": "format AAAA-MM"}])
    return month


async def _book(access: BodyAccess, *, last: str, today: date, first: str | None = None) -> Book:
    regime = (await regimes_of_bodies([access.body_id], today=today))[access.body_id]
    perimeter, company = regime.seats.headcount, regime.attributions.headcount
    titulaire = rules.titulaire_credit(headcount=perimeter) * MINUTES
    month_start = rules.month_start(last)
    holders: dict[int, Holder] = {}
    for row in await queries.members(access.body_id):
        mandate = _mandate(row["role"])
        end = row["mandate_end"]
        if mandate is None or (end is not None and to_date(end) < month_start):
            continue
        hours = rules.member_credit(
            mandate=mandate,
            headcount=perimeter,
            company_headcount=company,
            agreed_titulaire_hours=row["agreed_titulaire_hours"],
            agreed_extra_hours=row["agreed_extra_hours"] or 0,
        )
        holders[row["id"]] = Holder(
            member_id=row["id"],
            user_id=row["user_id"],
            name=row["full_name"],
            email=row["email"],
            role=row["role"],
            mandate=mandate,
            credit=hours * MINUTES,
            forfait_jours=bool(row["forfait_jours"]),
            start=_start_month(row["mandate_start"] or row["body_mandate_start"]),
        )
    window = rules.add_month(last, -HISTORY_MONTHS)
    starts = [h.start for h in holders.values() if h.start is not None]
    first = min(first or last, last, max(window, min(starts)) if starts else last)
    totals: dict[int, dict[str, rules.Totals]] = {member_id: {} for member_id in holders}
    for row in await queries.totals(access.body_id, first_month=window, last_month=last):
        member_totals = totals.get(row["member"])
        if member_totals is None:
            continue
        month = row["month"]
        first = min(first, month)
        sums = member_totals.setdefault(month, [0, 0, 0, 0, 0])
        sums[rules.RECEIVED] += int(row["received"])
        sums[rules.GIVEN] += int(row["given"])
        sums[rules.USED] += int(row["used"])
        sums[rules.NOT_DEDUCTED_TOTAL] += int(row["not_deducted"])
        sums[rules.EXCEPTIONAL] += int(row["exceptional"])
    chain_rows = await queries.chains(access.body_id, first_month=window, last_month=last)
    effective = rules.effective_minutes([(r["id"], r["corrects"], r["minutes"]) for r in chain_rows])
    not_deducted = {kind.value for kind in rules.NOT_DEDUCTED}
    for r in chain_rows:
        value = effective.get(r["id"])
        if value is None or r["kind"] == "correction":
            continue
        minutes = value - int(r["minutes"])  # the totals summed the original value
        month = r["month"]
        if r["kind"] == "use" and r["member"] in totals:
            movement = Movement(
                month=month,
                minutes=minutes,
                kind="use",
                deducted=r["time_kind"] not in not_deducted,
                exceptional=r["exceptional_reason"] is not None,
            )
            rules.add_movement(totals[r["member"]], movement)
        elif r["kind"] == "transfer":
            if r["member"] in totals:
                rules.add_movement(totals[r["member"]], Movement(month=month, minutes=minutes, kind="given"))
            if r["to_member"] in totals:
                rules.add_movement(totals[r["to_member"]], Movement(month=month, minutes=minutes, kind="received"))
    first = max(first, window)
    months = {
        member_id: {
            m.month: m
            for m in rules.statements(
                credit_minutes=holder.credit,
                totals=totals[member_id],
                first_month=first,
                last_month=last,
                cap_reference_minutes=holder.credit or titulaire,
                forfait_jours=holder.forfait_jours,
                credit_from=holder.start,
            )
        }
        for member_id, holder in holders.items()
    }
    return Book(regime=regime, titulaire_credit=titulaire, holders=holders, months=months, effective=effective)


def _start_month(value: Any) -> str | None:
    return rules.month_key(to_date(value)) if value else None


def _month_read(holder: Holder, month: rules.MonthStatement) -> MemberMonthRead:
    return MemberMonthRead(
        member_id=holder.member_id,
        user_id=holder.user_id,
        name=holder.name,
        role=holder.role,
        month=month.month,
        credit=_h(month.credit),
        used=_h(month.used),
        received=_h(month.received),
        given=_h(month.given),
        carried_over=_h(month.carried_over),
        balance=_h(month.balance),
        not_deducted=_h(month.not_deducted),
        exceptional=_h(month.exceptional),
        beyond_credit=_h(month.beyond_credit),
        cap=_h(month.cap),
        forfait_jours=holder.forfait_jours,
        half_days=month.half_days,
        nearly_used=month.nearly_used,
    )


def sees_table(access: BodyAccess) -> bool:
    """The secretary (and deputy) and the direction read the body's table (payroll); admins manage members."""
    return access.is_secretary or access.is_president or access.is_direction or access.is_org_admin


async def _hours_access(actor: Actor, body_id: int) -> BodyAccess:
    access = (await body_access(actor=actor, body_id=body_id)).require_read()
    if access.kind not in HOURS_BODY_KINDS:
        raise NotFound("Pas d'heures de délégation dans cette instance.")
    return access


async def body_hours(*, actor: Actor, body_id: int, month: str | None = None) -> BodyHoursRead:
    """The body's month, one line per member holding hours; an élu who is not secretary sees his own line only."""
    key = check_month(month)
    access = await _hours_access(actor, body_id)
    book = await _book(access, last=key, today=local_today())
    items = [
        _month_read(holder, book.month(member_id, key))
        for member_id, holder in book.holders.items()
        if sees_table(access) or member_id == access.member_id
    ]
    basis = (
        f"Crédit mensuel d'un titulaire : {rules.format_hours(book.titulaire_credit)} pour un effectif de "
        f"{book.regime.seats.headcount} (art. R2314-1, plancher L2315-7)."
    )
    return BodyHoursRead(
        body_id=body_id,
        month=key,
        titulaire_credit=_h(book.titulaire_credit),
        basis=basis,
        items=items,
        total=len(items),
    )


async def _member_access(actor: Actor, member_id: int) -> tuple[BodyAccess, dict[str, Any]]:
    row = await queries.member_body(member_id)
    if row is None:
        raise NotFound("Membre introuvable.")
    try:
        access = await _hours_access(actor, row["body"])
    except Forbidden as exc:
        raise NotFound("Membre introuvable.") from exc
    return access, row


def _record_read(row: dict[str, Any], book: Book) -> DelegationRecordRead:
    names = {member_id: holder.name for member_id, holder in book.holders.items()}
    minutes = book.effective.get(row["id"], row["minutes"]) if row["kind"] in {"use", "transfer"} else row["minutes"]
    return DelegationRecordRead(
        id=row["id"],
        body_id=row["body"],
        member_id=row["member"],
        member_name=names.get(row["member"], ""),
        kind=row["kind"],
        on=to_date(row["day"]),
        month=row["month"],
        hours=_h(minutes),
        time_kind=row["time_kind"],
        deducted=row["time_kind"] not in rules.NOT_DEDUCTED,
        to_member_id=row["to_member"],
        to_member_name=names.get(row["to_member"]) if row["to_member"] else None,
        corrects_id=row["corrects"],
        object=row["subject"],
        exceptional_reason=row["exceptional_reason"],
        article=row["article"],
        detail=row["detail"],
        notified_on=to_date(row["notified_on"]) if row["notified_on"] else None,
        recorded_at=row["recorded_at"],
    )


async def member_hours(*, actor: Actor, member_id: int, month: str | None = None) -> MemberHoursRead:
    """« Mes heures »: the member himself, or the secretary and the direction."""
    key = check_month(month)
    access, _ = await _member_access(actor, member_id)
    if member_id != access.member_id and not sees_table(access):
        raise Forbidden("Seuls l'élu, le secrétaire et la direction consultent ces heures.")
    book = await _book(access, last=key, today=local_today())
    holder = book.holders.get(member_id)
    if holder is None:
        raise NotFound("Ce membre ne dispose pas d'heures de délégation.")
    year_start = f"{key[:4]}-01"
    months = [_month_read(holder, m) for key_, m in book.months[member_id].items() if key_ >= year_start]
    rows = await queries.member_records(access.body_id, member_id, first_month=year_start, last_month=key)
    records = [_record_read(r, book) for r in reversed(rows)]
    colleagues = [
        (h.member_id, h.name) for h in book.holders.values() if h.member_id != member_id and h.mandate != Mandate.rs_cse
    ]
    return MemberHoursRead(
        body_id=access.body_id,
        body_name=access.name,
        month=key,
        statement=_month_read(holder, book.month(member_id, key)),
        months=months,
        records=records,
        colleagues=colleagues,
    )


async def declare(*, actor: Actor, member_id: int, data: DelegationHoursCreate) -> DelegationRecordRead:
    """An élu declares for himself: a use, a transfer to a colleague, or a correction (a new record). A cap that
    would be exceeded answers 409 with its article, and the refused declaration is kept as a `refusal` record."""
    today = local_today()
    minutes = round(data.hours * MINUTES)
    refusal: rules.Refusal | None = None
    async with transaction():
        access, _ = await _member_access(actor, member_id)
        if access.member_id != member_id:
            raise Forbidden("Un élu déclare ses propres heures de délégation.")
        await lock_row(Member, member_id)
        if data.kind == DeclarationKind.correction:
            return await _correct(actor, access, member_id, data, minutes)
        month = rules.month_key(data.on)
        if data.kind == DeclarationKind.use and data.on > today:
            raise InvalidInput(
                "Une utilisation se déclare le jour même ou après.",
                errors=[{"field": "on", "message": "date passée ou du jour"}],
            )
        book = await _book(access, last=max(month, rules.month_key(today)), today=today, first=month)
        if member_id not in book.holders:
            raise Forbidden("Vous ne disposez pas d'heures de délégation dans cette instance.")
        giver_month = book.month(member_id, month)
        if data.kind == DeclarationKind.use:
            refusal = rules.check_use(
                month=giver_month,
                minutes=minutes,
                deducted=data.time_kind not in rules.NOT_DEDUCTED,
                exceptional=data.exceptional_reason is not None,
            )
        else:
            receiver = book.holders.get(data.to_member_id or -1)
            if receiver is None or receiver.member_id == member_id:
                raise InvalidInput(
                    "Bénéficiaire inconnu dans cette instance.",
                    errors=[{"field": "to_member_id", "message": "membre élu de l'instance"}],
                )
            refusal = rules.check_transfer(
                giver=giver_month,
                receiver=book.month(receiver.member_id, month),
                minutes=minutes,
                titulaire_credit_minutes=book.titulaire_credit,
                receiver_can_receive=receiver.mandate != Mandate.rs_cse
                and book.holders[member_id].mandate != Mandate.rs_cse,
                notified_on=today,
                use_on=data.on,
            )
        if refusal is None:
            record_id = await _insert(actor, access, member_id, data, minutes, month, kind=data.kind.value, today=today)
            after = await _book(access, last=max(month, rules.month_key(today)), today=today, first=month)
            await _after_record(actor, access, after, member_id, data, record_id, month, today)
            return _record_read(await _stored(record_id), after)
    assert refusal is not None
    async with transaction():
        await _insert(actor, access, member_id, data, minutes, month, kind="refusal", today=today, refusal=refusal)
    raise RuleViolation(refusal.detail, code="delegation_cap", article=refusal.article)


async def _insert(
    actor: Actor,
    access: BodyAccess,
    member_id: int,
    data: DelegationHoursCreate,
    minutes: int,
    month: str,
    *,
    kind: str,
    today: date,
    refusal: rules.Refusal | None = None,
    corrects: int | None = None,
) -> int:
    rows = await DelegationRecord.insert(
        DelegationRecord(
            organization=access.organization_id,
            body=access.body_id,
            member=member_id,
            kind=kind,
            day=data.on,
            month=month,
            minutes=minutes,
            time_kind=data.time_kind.value,
            to_member=data.to_member_id,
            corrects=corrects,
            subject=data.object,
            exceptional_reason=data.exceptional_reason,
            article=refusal.article if refusal else None,
            detail=refusal.detail if refusal else None,
            notified_on=today if data.kind == DeclarationKind.transfer else None,
            recorded_by=actor.user_id,
            recorded_at=utcnow(),
        )
    ).returning(DelegationRecord.id)
    record_id = int(rows[0]["id"])
    await audit.record(
        actor=actor,
        organization_id=access.organization_id,
        action=f"delegation_hours.{kind}",
        entity="delegation_record",
        entity_id=record_id,
        after=data.model_dump(mode="json") | ({"article": refusal.article} if refusal else {}),
        body_id=access.body_id,
    )
    return record_id


async def _stored(record_id: int) -> dict[str, Any]:
    row = await queries.record(record_id)
    assert row is not None, record_id
    return row


async def _correct(
    actor: Actor, access: BodyAccess, member_id: int, data: DelegationHoursCreate, minutes: int
) -> DelegationRecordRead:
    """A correction takes the day and month of the record it corrects; its value replaces the earlier one."""
    today = local_today()
    target = await queries.record(data.corrects_id or -1)
    if (
        target is None
        or target["member"] != member_id
        or target["kind"] == "refusal"
        or target["body"] != access.body_id
    ):
        raise InvalidInput(
            "Enregistrement à corriger introuvable parmi les vôtres.",
            errors=[{"field": "corrects_id", "message": "enregistrement de ce membre"}],
        )
    root = target
    while root["corrects"] is not None:
        root = await _stored(root["corrects"])
    fixed = data.model_copy(
        update={
            "on": to_date(root["day"]),
            "to_member_id": root["to_member"],
            "time_kind": TimeKind(root["time_kind"]),
            "exceptional_reason": data.exceptional_reason or root["exceptional_reason"],
        }
    )
    record_id = await _insert(
        actor,
        access,
        member_id,
        fixed,
        minutes,
        root["month"],
        kind="correction",
        today=today,
        corrects=data.corrects_id,
    )
    after = await _book(access, last=max(root["month"], rules.month_key(today)), today=today, first=root["month"])
    return _record_read(await _stored(record_id), after)


async def _employer(access: BodyAccess) -> tuple[Person, ...]:
    rows = await queries.members(access.body_id)
    return tuple(
        Person(user_id=r["user_id"], email=r["email"], name=r["full_name"])
        for r in rows
        if r["college"] == "direction" and r["role"] == Role.president
    )


async def _after_record(
    actor: Actor,
    access: BodyAccess,
    book: Book,
    member_id: int,
    data: DelegationHoursCreate,
    record_id: int,
    month: str,
    today: date,
) -> None:
    """The transfer notice to the employer (R2315-6), and the member told when his month is nearly used."""
    holder = book.holders[member_id]
    if data.kind == DeclarationKind.transfer:
        receiver = book.holders[data.to_member_id or -1]
        await emit(
            DelegationTransferNoticed(
                organization_id=access.organization_id,
                actor_user_id=actor.user_id,
                record_id=record_id,
                body_id=access.body_id,
                body_name=access.name,
                month=month,
                giver=holder.name,
                receiver=receiver.name,
                hours=rules.format_hours(round(data.hours * MINUTES)),
                use_on=data.on,
                notified_on=today,
                employer=await _employer(access),
            )
        )
        return
    statement = book.month(member_id, month)
    if statement.nearly_used and month == rules.month_key(today):
        await emit(
            DelegationBalanceLow(
                organization_id=access.organization_id,
                actor_user_id=actor.user_id,
                member_id=member_id,
                body_id=access.body_id,
                body_name=access.name,
                month=month,
                balance=rules.format_hours(statement.balance),
                available=rules.format_hours(statement.available),
                person=Person(user_id=holder.user_id, email=holder.email, name=holder.name),
            )
        )


async def set_profile(*, actor: Actor, member_id: int, data: DelegationProfileCreate) -> MemberMonthRead:
    """Record the hours an agreement sets for a member (PAP, agreement, RI) and his forfait-jours: the president,
    the secretary or an organisation admin. A new row each time: the latest counts."""
    async with transaction():
        access, _ = await _member_access(actor, member_id)
        access.require(
            access.is_president or access.is_secretary or access.is_org_admin,
            "Seuls le président, le secrétaire et l'administrateur fixent le crédit d'un membre.",
        )
        await DelegationProfile.insert(
            DelegationProfile(
                member=member_id,
                agreed_titulaire_hours=data.agreed_titulaire_hours,
                agreed_extra_hours=data.agreed_extra_hours,
                forfait_jours=data.forfait_jours,
                basis=data.basis,
                recorded_by=actor.user_id,
                recorded_at=utcnow(),
            )
        )
        key = rules.month_key(local_today())
        book = await _book(access, last=key, today=local_today())
        if member_id not in book.holders:
            raise InvalidInput("Ce membre ne dispose pas d'heures de délégation.")
        return _month_read(book.holders[member_id], book.month(member_id, key))


def _csv_hours(value: float) -> str:
    """Hours with a decimal comma, « 21 » or « 3,5 »."""
    return f"{value:g}".replace(".", ",")


CSV_COLUMNS = (
    "month",
    "member_id",
    "name",
    "role",
    "credit",
    "used",
    "received",
    "given",
    "carried_over",
    "balance",
    "not_deducted",
    "beyond_credit",
    "half_days",
)


async def body_hours_csv(*, actor: Actor, body_id: int, year: int | None = None) -> str:
    """For payroll: one line per member and month of the year (up to the current month), hours with a decimal
    comma, `;` separated (the French spreadsheet default). The secretary and the direction only."""
    access = await _hours_access(actor, body_id)
    if not sees_table(access):
        raise Forbidden("Seuls le secrétaire et la direction exportent le tableau des heures.")
    today = local_today()
    year = year or today.year
    last = min(f"{year:04d}-12", rules.month_key(today)) if year <= today.year else f"{year:04d}-01"
    book = await _book(access, last=last, today=today, first=f"{year:04d}-01")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for key in rules.months_between(f"{year:04d}-01", last):
        for member_id, holder in book.holders.items():
            m = _month_read(holder, book.month(member_id, key))
            writer.writerow(
                [
                    key,
                    member_id,
                    holder.name,
                    role_label(holder.role),
                    *(
                        _csv_hours(v)
                        for v in (
                            m.credit,
                            m.used,
                            m.received,
                            m.given,
                            m.carried_over,
                            m.balance,
                            m.not_deducted,
                            m.beyond_credit,
                        )
                    ),
                    m.half_days,
                ]
            )
    return out.getvalue()
