"""Delegation hours: declare a use, share hours, correct a record; the monthly statements of a member and of a
body; the CSV for payroll. Records are append-only; every cap is checked by `rules` and refused with its article
(409), the refusal itself being kept as a record."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta
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
from dialogue.delegation.events import (
    DelegationBalanceLow,
    DelegationCarriedNoticed,
    DelegationTransferNoticed,
    Person,
)
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
#: The choices the law leaves open (UNVERIFIED points with their defaults, DOMAIN.md §10): one policy for the service.
POLICY = rules.DEFAULT_POLICY
#: Shown for a month outside the member's mandate (before its start or after its end): the statement is empty.
OUTSIDE_MANDATE = (
    "Mois hors mandat : le membre ne détient pas d'heures de délégation ce mois-ci (crédit nul, aucune utilisation). "
    "Les heures sont attachées au mandat d'élu (art. L2315-7)."
)


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
    end: str | None = None
    """Last month of the member's mandate, if it ends."""
    working_minutes: int | None = None
    """Part-time: contractual monthly working time (L3123-14)."""

    def outside(self, key: str) -> bool:
        """The month is before the mandate's first month or after its last one."""
        return (self.start is not None and key < self.start) or (self.end is not None and key > self.end)


@dataclass(frozen=True, slots=True)
class Book:
    """A body's holders and their statements from the first month needed to `last`."""

    regime: BodyRegime
    titulaire_credit: int
    meeting_cap: int | None
    """R2315-7: the annual minutes of commission meetings not deducted (None: no cap)."""
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
        holder = _holder(row, perimeter=perimeter, company=company)
        end = row["mandate_end"]
        if holder is None or (end is not None and to_date(end) < month_start):
            continue
        holders[row["id"]] = holder
    window = rules.add_month(last, -HISTORY_MONTHS)
    # R2315-7 counts a year: read the capped meetings from January of the window's year
    window = min(window, f"{window[:4]}-01")
    capped = sorted(kind.value for kind in rules.capped_meeting_kinds(POLICY))
    capped_kinds = (capped[0], capped[-1])
    meeting_cap = rules.meeting_cap_minutes(company_headcount=company, policy=POLICY)
    starts = [h.start for h in holders.values() if h.start is not None]
    first = min(first or last, last, max(window, min(starts)) if starts else last)
    totals: dict[int, dict[str, rules.Totals]] = {member_id: {} for member_id in holders}
    for row in await queries.totals(access.body_id, first_month=window, last_month=last, capped_kinds=capped_kinds):
        member_totals = totals.get(row["member"])
        if member_totals is None:
            continue
        month = row["month"]
        first = min(first, month)
        sums = member_totals.setdefault(month, rules.new_totals())
        sums[rules.RECEIVED] += int(row["received"])
        sums[rules.GIVEN] += int(row["given"])
        sums[rules.USED] += int(row["used"])
        sums[rules.NOT_DEDUCTED_TOTAL] += int(row["not_deducted"])
        sums[rules.EXCEPTIONAL] += int(row["exceptional"])
        sums[rules.CAPPED] += int(row["capped"])
        sums[rules.OUTSIDE_WORK] += int(row["outside_work"])
    chain_rows = await queries.chains(access.body_id, first_month=window, last_month=last)
    effective = rules.effective_minutes([(r["id"], r["corrects"], r["minutes"]) for r in chain_rows])
    not_deducted = {kind.value for kind in rules.not_deducted_kinds(POLICY)}
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
                capped_meeting=r["time_kind"] in capped,
                outside_work=bool(r["outside_working_time"]),
            )
            rules.add_movement(totals[r["member"]], movement)
        elif r["kind"] == "transfer":
            if r["member"] in totals:
                rules.add_movement(totals[r["member"]], Movement(month=month, minutes=minutes, kind="given"))
            if r["to_member"] in totals:
                rules.add_movement(totals[r["to_member"]], Movement(month=month, minutes=minutes, kind="received"))
    first = max(first, rules.add_month(last, -HISTORY_MONTHS))
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
                policy=POLICY,
                meeting_cap=meeting_cap,
            )
        }
        for member_id, holder in holders.items()
    }
    return Book(
        regime=regime,
        titulaire_credit=titulaire,
        meeting_cap=meeting_cap,
        holders=holders,
        months=months,
        effective=effective,
    )


def _holder(row: dict[str, Any], *, perimeter: int, company: int) -> Holder | None:
    """The member as a holder of hours, whatever the month (None when his role carries no credit)."""
    mandate = _mandate(row["role"])
    if mandate is None:
        return None
    hours = rules.member_credit(
        mandate=mandate,
        headcount=perimeter,
        company_headcount=company,
        agreed_titulaire_hours=row["agreed_titulaire_hours"],
        agreed_extra_hours=row["agreed_extra_hours"] or 0,
    )
    return Holder(
        member_id=row["id"],
        user_id=row["user_id"],
        name=row["full_name"],
        email=row["email"],
        role=row["role"],
        mandate=mandate,
        credit=hours * MINUTES,
        forfait_jours=bool(row["forfait_jours"]),
        start=_start_month(row["mandate_start"] or row["body_mandate_start"]),
        end=_start_month(row["mandate_end"]),
        working_minutes=row["monthly_working_minutes"],
    )


def _start_month(value: Any) -> str | None:
    return rules.month_key(to_date(value)) if value else None


def _outside_month(holder: Holder, key: str, cap_reference: int) -> rules.MonthStatement:
    """The empty month of a member outside his mandate: no credit, no use, nothing carried."""
    return rules.MonthStatement(
        month=key,
        credit=0,
        carried_over=0,
        received=0,
        given=0,
        used=0,
        not_deducted=0,
        exceptional=0,
        balance=0,
        beyond_credit=0,
        cap=rules.monthly_cap_minutes(holder.credit or cap_reference),
    )


def _month_read(holder: Holder, month: rules.MonthStatement, *, noticed: int = 0) -> MemberMonthRead:
    outside = holder.outside(month.month)
    limit = rules.part_time_limit_minutes(holder.working_minutes)
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
        nearly_used=month.nearly_used and not outside,
        outside_mandate=outside,
        explanation=OUTSIDE_MANDATE if outside else None,
        carried_used=_h(month.carried_used),
        noticed=_h(noticed),
        monthly_working_time=_h(holder.working_minutes) if holder.working_minutes else None,
        part_time_limit=_h(limit) if limit is not None else None,
        during_work=_h(month.during_work),
        meetings_capped=_h(month.capped_meetings),
        meetings_deducted=_h(month.capped_deducted),
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
    never = {kind.value for kind in rules.not_deducted_kinds(POLICY) | rules.capped_meeting_kinds(POLICY)}
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
        deducted=row["time_kind"] not in never,
        to_member_id=row["to_member"],
        to_member_name=names.get(row["to_member"]) if row["to_member"] else None,
        corrects_id=row["corrects"],
        object=row["subject"],
        exceptional_reason=row["exceptional_reason"],
        article=row["article"],
        detail=row["detail"],
        notified_on=to_date(row["notified_on"]) if row["notified_on"] else None,
        recorded_at=row["recorded_at"],
        outside_working_time=bool(row["outside_working_time"]),
    )


async def member_hours(*, actor: Actor, member_id: int, month: str | None = None) -> MemberHoursRead:
    """« Mes heures »: the member himself, or the secretary and the direction."""
    key = check_month(month)
    access, _ = await _member_access(actor, member_id)
    if member_id != access.member_id and not sees_table(access):
        raise Forbidden("Seuls l'élu, le secrétaire et la direction consultent ces heures.")
    book = await _book(access, last=key, today=local_today())
    holder = book.holders.get(member_id)
    year_start = f"{key[:4]}-01"
    if holder is None:
        # past the mandate's end the body's book leaves the member out: his month is empty, not missing
        holder = await _former_holder(access, member_id, book)
        if holder is None:
            raise NotFound("Ce membre ne dispose pas d'heures de délégation.")
        last = min(key, holder.end or key)
        past = await _book(access, last=last, today=local_today(), first=year_start) if last >= year_start else None
        by_month = dict(past.months.get(member_id, {})) if past else {}
        for outside_key in rules.months_between(max(year_start, rules.add_month(last, 1)), key):
            by_month[outside_key] = _outside_month(holder, outside_key, book.titulaire_credit)
    else:
        by_month = book.months[member_id]
    months = [_month_read(holder, m) for key_, m in by_month.items() if key_ >= year_start]
    rows = await queries.member_records(access.body_id, member_id, first_month=year_start, last_month=key)
    records = [_record_read(r, book) for r in reversed(rows)]
    colleagues = [
        (h.member_id, h.name) for h in book.holders.values() if h.member_id != member_id and h.mandate != Mandate.rs_cse
    ]
    statement = by_month[key]
    if holder.outside(key):
        statement = _outside_month(holder, key, book.titulaire_credit)
    noticed = sum(int(n["minutes"]) for n in await queries.notices(access.body_id, member_id, key))
    return MemberHoursRead(
        body_id=access.body_id,
        body_name=access.name,
        month=key,
        statement=_month_read(holder, statement, noticed=noticed),
        months=months,
        records=records,
        colleagues=[] if holder.outside(key) else colleagues,
    )


async def _former_holder(access: BodyAccess, member_id: int, book: Book) -> Holder | None:
    """A member whose mandate ended before the month asked for (None if his role never carried hours)."""
    for row in await queries.members(access.body_id):
        if row["id"] == member_id:
            return _holder(row, perimeter=book.regime.seats.headcount, company=book.regime.attributions.headcount)
    return None


async def declare(*, actor: Actor, member_id: int, data: DelegationHoursCreate) -> DelegationRecordRead:
    """An élu declares for himself: a use, a transfer to a colleague, a notice of cumulated hours (R2315-5) or a
    correction (a new record). A cap that would be exceeded answers 409 with its article (R2315-5, R2315-6, L2315-7,
    L3123-14; code `delegation_notice` for a use of cumulated hours not announced in time), and the refused
    declaration is kept as a `refusal` record."""
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
        holder = book.holders[member_id]
        if holder.outside(month):
            raise InvalidInput(
                "Ce mois est hors de votre mandat : aucune heure de délégation à y imputer.",
                errors=[{"field": "on", "message": "mois du mandat"}],
            )
        giver_month = book.month(member_id, month)
        if data.kind == DeclarationKind.use:
            refusal = await _check_use(access, book, holder, giver_month, data, minutes)
        elif data.kind == DeclarationKind.notice:
            refusal = _check_notice(giver_month, data, minutes, today)
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
    raise RuleViolation(refusal.detail, code=refusal.code, article=refusal.article)


async def _check_use(
    access: BodyAccess,
    book: Book,
    holder: Holder,
    month: rules.MonthStatement,
    data: DelegationHoursCreate,
    minutes: int,
) -> rules.Refusal | None:
    """A use: the caps (R2315-5, L2315-7), the part-timer's third (L3123-14), the notice of cumulated hours
    (R2315-5). A commission meeting is deducted only beyond the R2315-7 annual total."""
    exceptional = data.exceptional_reason is not None
    if data.time_kind in rules.capped_meeting_kinds(POLICY):
        year_before = sum(
            m.capped_meetings for k, m in book.months[holder.member_id].items() if k[:4] == month.month[:4]
        )
        deducted = rules.capped_meeting_split(year_before=year_before, minutes=minutes, cap=book.meeting_cap)[1]
    elif data.time_kind in rules.NOT_DEDUCTED:
        deducted = 0
    else:
        deducted = minutes
    refusal = rules.check_use(month=month, minutes=deducted, deducted=deducted > 0, exceptional=exceptional)
    if refusal is None:
        refusal = rules.check_part_time(
            month=month,
            minutes=minutes,
            deducted_minutes=deducted,
            outside_work=data.outside_working_time,
            working_minutes=holder.working_minutes,
        )
    if refusal is None and not exceptional:
        notices = await queries.notices(access.body_id, holder.member_id, month.month)
        refusal = rules.check_carried_notice(
            month=month,
            deducted_minutes=deducted,
            use_on=data.on,
            notices=[(to_date(n["notified_on"]), int(n["minutes"])) for n in notices],
            policy=POLICY,
        )
    return refusal


def _check_notice(
    month: rules.MonthStatement, data: DelegationHoursCreate, minutes: int, today: date
) -> rules.Refusal | None:
    """R2315-5: a notice names hours the member has carried from earlier months, for a use at least 8 days ahead
    (`HoursPolicy.carried_notice_days`)."""
    days = POLICY.carried_notice_days
    if data.on < today + timedelta(days=days):
        first_use = today + timedelta(days=days)
        return rules.Refusal(
            "R2315-5",
            f"L'employeur doit être informé au moins {days} jours avant l'utilisation des heures reportées : "
            f"première utilisation possible le {first_use:%d/%m/%Y} (art. R2315-5 du Code du travail).",
            code="delegation_notice",
        )
    if minutes > month.carried_over:
        return rules.Refusal(
            "R2315-5",
            f"Vous disposez de {rules.format_hours(month.carried_over)} reportées des mois précédents pour le mois "
            f"{month.month} : vous ne pouvez pas en annoncer {rules.format_hours(minutes)} (art. R2315-5 du Code du "
            "travail).",
        )
    return None


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
            notified_on=today if data.kind in {DeclarationKind.transfer, DeclarationKind.notice} else None,
            outside_working_time=data.outside_working_time,
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
        or target["kind"] in {"refusal", "notice"}
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
            "outside_working_time": bool(root["outside_working_time"]),
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
    """The transfer notice to the employer (R2315-6), the notice of cumulated hours (R2315-5), and the member told
    when his month is nearly used."""
    holder = book.holders[member_id]
    if data.kind == DeclarationKind.notice:
        await emit(
            DelegationCarriedNoticed(
                organization_id=access.organization_id,
                actor_user_id=actor.user_id,
                record_id=record_id,
                body_id=access.body_id,
                body_name=access.name,
                month=month,
                member=holder.name,
                hours=rules.format_hours(round(data.hours * MINUTES)),
                use_on=data.on,
                notified_on=today,
                employer=await _employer(access),
            )
        )
        return
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
                monthly_working_minutes=(
                    round(data.monthly_working_hours * MINUTES) if data.monthly_working_hours is not None else None
                ),
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
