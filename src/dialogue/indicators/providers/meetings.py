"""Meeting and consultation indicators (issue 3): meetings held against the legal minimum, cancellations,
convocations on time, agendas agreed jointly, attendance, minutes, opinions given or deemed negative.

Meetings are placed in the period by their local start day. Every query groups in the database; Python
sees one row per distinct combination (month, status…), or per meeting where the rule needs the next
meeting's day (D2315-26) — a few dozen a year per body, never the attendance or vote rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final
from zoneinfo import ZoneInfo

from piccolo.querystring import QueryString

from dialogue.bodies.regime import REGIME_COLUMNS, REGIME_JOINS, regime_of
from dialogue.bodies.schemas import TITULAR_ROLES
from dialogue.core.clock import as_date, as_datetime
from dialogue.core.regime import InvalidAgreedMeetings
from dialogue.indicators.catalog import MEETING_SPECS, IndicatorSpec
from dialogue.indicators.providers import Measure, Record, Scope
from dialogue.indicators.providers import rows as read_rows
from dialogue.indicators.rules import (
    MonthKey,
    histogram_median,
    month_end,
    percent,
    prorated_requirement,
    share,
)
from dialogue.indicators.sql import Dialect, local_day_end_exclusive, local_day_start
from dialogue.meetings.rules import (
    InvalidRuleInput,
    MinutesDeadlineCase,
    agenda_agreed,
    convocation_body_kind,
    convocation_check,
    minutes_deadline,
    yearly_obligation,
)

HELD: Final = "('held', 'closed')"
#: The bodies whose meetings the indicators measure (the indicators' own scope, not a legal rule).
MEETING_BODY_KINDS: Final = frozenset({"cse", "cse_central", "cssct"})
COLLEGE_LABELS: Final[Mapping[str, str]] = {"direction": "direction", "elus": "élus", "gouvernance": "gouvernance"}


def _rows(sql: str, *args: Any, order: tuple[str, ...] = ()) -> Any:
    return read_rows(QueryString(sql, *args), order=order)


def _scope_sql(scope: Scope) -> tuple[str, list[Any]]:
    if scope.body_id is None:
        return "b.organization = {}", [scope.organization_id]
    return "b.organization = {} AND b.id = {}", [scope.organization_id, scope.body_id]


def _period_sql(d: Dialect, scope: Scope) -> tuple[str, list[Any]]:
    return "m.starts_at >= {} AND m.starts_at < {}", [
        d.instant(local_day_start(scope.from_date)),
        d.instant(local_day_end_exclusive(scope.to_date)),
    ]


@dataclass(frozen=True, slots=True, kw_only=True)
class Convened:
    """A convened meeting judged by the meetings rules themselves (no rule rewritten here in SQL)."""

    id: int
    title: str
    month: MonthKey
    met_on: date
    notice_days: int
    on_time: bool
    late_acknowledged: bool
    agreed: bool


def _convened(row: Mapping[str, Any], approvals: Sequence[Mapping[str, Any]], *, today: date) -> Convened:
    """Notice (L2315-30, L2316-17, règlement intérieur, none under urgency L4132-3) by `convocation_check`;
    joint agenda (L2315-29) by `agenda_agreed`, counting approvals given before the convocation went out."""
    tz = ZoneInfo(str(row["timezone"]))
    starts_at, convened_at = as_datetime(row["starts_at"]), as_datetime(row["convened_at"])
    check = convocation_check(
        meeting_start=starts_at,
        now=convened_at,
        body_kind=convocation_body_kind(body_kind=row["kind"], has_establishment=row["establishment"] is not None),
        ri_days=row["agenda_notice_days"],
        full_remit=regime_of(row, today=today).full_remit,
        urgency=row["urgency"],
        tz=tz,
    )
    given = [(int(a["version"]), str(a["role"])) for a in approvals if as_datetime(a["approved_at"]) <= convened_at]
    met_on = starts_at.astimezone(tz).date()
    return Convened(
        id=int(row["id"]),
        title=str(row["title"]),
        month=f"{met_on:%Y-%m}",
        met_on=met_on,
        notice_days=check.days_before,
        on_time=check.ok,
        late_acknowledged=bool(row["late_acknowledged"]),
        agreed=agenda_agreed(version=int(row["agenda_version"]), approvals=given),
    )


def _meeting_record(
    meeting_id: int, title: str, met_on: date | None, outcome: str, value: float | None = None
) -> Record:
    return Record(
        type="meeting",
        id=meeting_id,
        url=f"/api/v1/meetings/{meeting_id}",
        label=title,
        on=met_on,
        outcome=outcome,
        value=value,
    )


class MeetingsProvider:
    """Indicators of the meetings module for a body or the whole organisation."""

    specs: tuple[IndicatorSpec, ...] = MEETING_SPECS

    def applies(self, *, body_kind: str | None) -> bool:
        return body_kind is None or body_kind in MEETING_BODY_KINDS

    async def measure(self, scope: Scope, *, with_series: bool) -> list[Measure]:
        d = scope.dialect
        held_rows, attendance_rows = await self._counts(d, scope)
        return [
            *await self._held(scope, held_rows, with_series=with_series),
            *await self._convocations(d, scope, with_series=with_series),
            self._attendance(scope, attendance_rows, with_series=with_series),
            *await self._minutes(d, scope, with_series=with_series),
        ]

    async def _counts(self, d: Dialect, scope: Scope) -> tuple[list[Mapping[str, Any]], list[Mapping[str, Any]]]:
        """The period's meetings by month, kind and status, and their seats by month, role, college and status:
        one statement, its two parts told apart by `part` (issue 15: one read of the meetings, not two)."""
        where, args = _scope_sql(scope)
        period, period_args = _period_sql(d, scope)
        month = d.month(d.local_date("m.starts_at"))
        college = "COALESCE(mb.college, 'elus')"
        rows = await _rows(
            f"SELECT 'held' AS part, {month} AS month, m.kind, m.treats_ssct, NULL AS role, NULL AS college, "
            f"m.status, COUNT(*) AS n FROM meeting m JOIN body b ON b.id = m.body WHERE {where} AND {period} "
            f"GROUP BY {month}, m.kind, m.treats_ssct, m.status "
            f"UNION ALL SELECT 'attendance' AS part, {month} AS month, NULL AS kind, NULL AS treats_ssct, a.role, "
            f"{college} AS college, a.status, COUNT(*) AS n "
            "FROM attendance a JOIN meeting m ON m.id = a.meeting JOIN body b ON b.id = m.body "
            f"LEFT JOIN member mb ON mb.id = a.member WHERE {where} AND {period} AND m.status IN {HELD} "
            f"GROUP BY {month}, a.role, {college}, a.status",
            *args,
            *period_args,
            *args,
            *period_args,
        )
        return [r for r in rows if r["part"] == "held"], [r for r in rows if r["part"] == "attendance"]

    # ------------------------------------------------------------------ held vs minimum (L2315-21, -27, -28)

    async def _obligations(self, scope: Scope) -> list[tuple[int, int]]:
        """(ordinary, SSCT) meetings a year owed by each CSE of the scope (L2315-21, L2315-28, L2312-19, L2315-27)."""
        owed = []
        for body in await scope.bodies():
            if body["kind"] not in {"cse", "cse_central"}:
                continue
            try:
                obligation = yearly_obligation(
                    body_kind=body["kind"],
                    regime=regime_of(body, today=scope.as_of).attributions,
                    agreed_ordinary=body["agreed"],
                )
            except (InvalidRuleInput, InvalidAgreedMeetings):
                continue
            owed.append((obligation.ordinary, obligation.ssct))
        return owed

    @staticmethod
    def _required(owed: list[tuple[int, int]], from_date: date, to_date: date) -> tuple[float, float]:
        if from_date > to_date:  # a period that has not begun owes nothing yet
            return 0.0, 0.0
        ordinary = sum(prorated_requirement(o, from_date, to_date) for o, _ in owed)
        ssct = sum(prorated_requirement(s, from_date, to_date) for _, s in owed)
        return round(ordinary, 2), round(ssct, 2)

    async def _held(self, scope: Scope, rows: list[Mapping[str, Any]], *, with_series: bool) -> list[Measure]:
        ordinary: dict[MonthKey, int] = defaultdict(int)
        ssct: dict[MonthKey, int] = defaultdict(int)
        extraordinary: dict[MonthKey, int] = defaultdict(int)
        cancelled: dict[MonthKey, int] = defaultdict(int)
        for row in rows:
            n = int(row["n"])
            if row["status"] == "cancelled":
                cancelled[row["month"]] += n
            if row["status"] not in {"held", "closed"}:
                continue
            if row["kind"] in {"ordinary", "ssct"}:
                ordinary[row["month"]] += n
            else:
                extraordinary[row["month"]] += n
            if row["kind"] == "ssct" or row["treats_ssct"]:
                ssct[row["month"]] += n
        owed = await self._obligations(scope)
        # The minimum owed so far: a running year is compared with its elapsed part only.
        owed_ordinary, owed_ssct = self._required(owed, scope.from_date, scope.as_of)
        held_total, ssct_total = sum(ordinary.values()), sum(ssct.values())
        held = Measure(
            code="ordinary_meetings_held",
            value=percent(held_total, owed_ordinary),
            numerator=float(held_total),
            denominator=owed_ordinary,
            breakdown={
                "réunions ordinaires tenues": float(held_total),
                "minimum légal sur la période": owed_ordinary,
                "réunions extraordinaires tenues": float(sum(extraordinary.values())),
            },
        )
        held_ssct = Measure(
            code="ssct_meetings_held",
            value=percent(ssct_total, owed_ssct),
            numerator=float(ssct_total),
            denominator=owed_ssct,
        )
        cancel = Measure(code="meetings_cancelled", value=float(sum(cancelled.values())))
        if with_series:
            for key in scope.months:
                start = max(scope.from_date, date(int(key[:4]), int(key[5:7]), 1))
                end = min(scope.as_of, month_end(key))
                if start > end:
                    held.series[key] = held_ssct.series[key] = cancel.series[key] = None
                    continue
                owed_month, owed_month_ssct = self._required(owed, start, end)
                held.series[key] = percent(ordinary.get(key, 0), owed_month)
                held_ssct.series[key] = percent(ssct.get(key, 0), owed_month_ssct)
                cancel.series[key] = float(cancelled.get(key, 0))
        return [held, held_ssct, cancel]

    # ------------------------------------------------------------------ convocations and agendas (L2315-29, -30)

    async def _convened(
        self, d: Dialect, scope: Scope, *, limit: int | None = None, offset: int = 0
    ) -> tuple[list[Convened], int]:
        """The convened meetings of the period (a page of them with `limit`) and how many there are: one query
        for the meetings, one for their agenda approvals, whatever their number."""
        where, args = _scope_sql(scope)
        period, period_args = _period_sql(d, scope)
        base = (
            f"FROM meeting m JOIN body b ON b.id = m.body {REGIME_JOINS} WHERE {where} AND {period} "
            "AND m.convened_at IS NOT NULL"
        )
        page, page_args = ("", []) if limit is None else (" LIMIT {} OFFSET {}", [limit, offset])
        rows = await _rows(
            "SELECT m.id, m.title, m.starts_at, m.convened_at, m.timezone, m.late_acknowledged, m.urgency, "
            "m.agenda_version, b.kind, b.agenda_notice_days, b.establishment, "
            f"{REGIME_COLUMNS} {base} ORDER BY m.starts_at, m.id{page}",
            *args,
            *period_args,
            *page_args,
            order=("starts_at", "id"),
        )
        total = len(rows)
        if limit is not None:
            total = int((await _rows(f"SELECT COUNT(*) AS n {base}", *args, *period_args))[0]["n"])
        approvals: dict[int, list[Mapping[str, Any]]] = defaultdict(list)
        if limit is None:
            # The period's meetings again as a subquery, so that its SQL is the same whatever their number and
            # even with none: the report's two periods then send it as one statement (`measure_periods`).
            for approval in await _rows(
                "SELECT aa.meeting, aa.version, aa.role, aa.approved_at FROM agenda_approval aa "
                f"WHERE aa.meeting IN (SELECT m.id {base})",
                *args,
                *period_args,
            ):
                approvals[int(approval["meeting"])].append(approval)
        elif rows:
            ids = [int(row["id"]) for row in rows]
            placeholders = ", ".join("{}" for _ in ids)
            for approval in await _rows(
                "SELECT aa.meeting, aa.version, aa.role, aa.approved_at FROM agenda_approval aa "
                f"WHERE aa.meeting IN ({placeholders})",
                *ids,
            ):
                approvals[int(approval["meeting"])].append(approval)
        meetings = [_convened(row, approvals[int(row["id"])], today=scope.as_of) for row in rows]
        return meetings, total

    async def _convocations(self, d: Dialect, scope: Scope, *, with_series: bool) -> list[Measure]:
        meetings, _ = await self._convened(d, scope)
        total: dict[MonthKey, int] = defaultdict(int)
        timely: dict[MonthKey, int] = defaultdict(int)
        joint: dict[MonthKey, int] = defaultdict(int)
        late_ack = late = 0
        for meeting in meetings:
            total[meeting.month] += 1
            if meeting.on_time:
                timely[meeting.month] += 1
            else:
                late += 1
                late_ack += 1 if meeting.late_acknowledged else 0
            if meeting.agreed:
                joint[meeting.month] += 1
        convened, on_time_total, joint_total = sum(total.values()), sum(timely.values()), sum(joint.values())
        convocations = Measure(
            code="convocations_on_time",
            value=percent(on_time_total, convened),
            numerator=float(on_time_total),
            denominator=float(convened),
            breakdown={"convocations tardives": float(late), "dont retard assumé et motivé": float(late_ack)},
            health=share(on_time_total, convened),
        )
        agendas = Measure(
            code="agendas_agreed_jointly",
            value=percent(joint_total, convened),
            numerator=float(joint_total),
            denominator=float(convened),
            health=share(joint_total, convened),
        )
        if with_series:
            for key in scope.months:
                convocations.series[key] = percent(timely.get(key, 0), total.get(key, 0))
                agendas.series[key] = percent(joint.get(key, 0), total.get(key, 0))
        return [convocations, agendas]

    # ------------------------------------------------------------------ attendance (L2314-1)

    def _attendance(self, scope: Scope, rows: list[Mapping[str, Any]], *, with_series: bool) -> Measure:
        seats: dict[MonthKey, int] = defaultdict(int)
        present: dict[MonthKey, int] = defaultdict(int)
        by_college: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for row in rows:
            n, here = int(row["n"]), row["status"] == "present"
            college = by_college[COLLEGE_LABELS.get(row["college"], row["college"])]
            college[1] += n
            college[0] += n if here else 0
            if row["role"] in TITULAR_ROLES:
                seats[row["month"]] += n
                present[row["month"]] += n if here else 0
        total_seats, total_present = sum(seats.values()), sum(present.values())
        measure = Measure(
            code="attendance",
            value=percent(total_present, total_seats),
            numerator=float(total_present),
            denominator=float(total_seats),
            breakdown={f"présence {name}": percent(p, n) for name, (p, n) in sorted(by_college.items())},
            health=share(total_present, total_seats),
        )
        if with_series:
            for key in scope.months:
                measure.series[key] = percent(present.get(key, 0), seats.get(key, 0))
        return measure

    # ------------------------------------------------------------------ minutes (L2315-34, D2315-26)

    def _minutes_cte(self, d: Dialect, scope: Scope) -> tuple[str, list[Any]]:
        where, args = _scope_sql(scope)
        period, period_args = _period_sql(d, scope)
        sql = (
            "WITH p AS MATERIALIZED (SELECT m.id, m.title, m.minutes_case, b.minutes_delay_days AS agreed_days, "
            f"{d.local_date('m.starts_at')} AS met_on, "
            f"(SELECT {d.local_date('MIN(m2.starts_at)')} FROM meeting m2 WHERE m2.body = m.body "
            "AND m2.starts_at > m.starts_at AND m2.status IN ('convened', 'held', 'closed')) AS next_on, "
            f"(SELECT {d.local_date('MIN(mi.submitted_at)')} FROM minutes mi WHERE mi.meeting = m.id) AS sent_on, "
            f"(SELECT {d.local_date('MIN(mi.adopted_at)')} FROM minutes mi WHERE mi.meeting = m.id) AS adopted_on "
            f"FROM meeting m JOIN body b ON b.id = m.body WHERE {where} AND {period} AND m.status IN {HELD})"
        )
        return sql, [*args, *period_args]

    async def _minutes(self, d: Dialect, scope: Scope, *, with_series: bool) -> list[Measure]:
        cte, args = self._minutes_cte(d, scope)
        rows = await _rows(
            cte + " SELECT met_on, next_on, sent_on, adopted_on, minutes_case, agreed_days, COUNT(*) AS n FROM p "
            "GROUP BY met_on, next_on, sent_on, adopted_on, minutes_case, agreed_days",
            *args,
        )
        counted: dict[MonthKey, int] = defaultdict(int)
        timely: dict[MonthKey, int] = defaultdict(int)
        to_send: dict[MonthKey, dict[float, int]] = defaultdict(lambda: defaultdict(int))
        to_adopt: dict[MonthKey, dict[float, int]] = defaultdict(lambda: defaultdict(int))
        overdue = 0
        for row in rows:
            n = int(row["n"])
            met_on, sent_on, adopted_on = as_date(row["met_on"]), as_date(row["sent_on"]), as_date(row["adopted_on"])
            assert met_on is not None
            key = f"{met_on.year:04d}-{met_on.month:02d}"
            due = _minutes_due(met_on, as_date(row["next_on"]), row["minutes_case"], row["agreed_days"])
            if sent_on is not None or due < scope.today:
                counted[key] += n
                timely[key] += n if sent_on is not None and sent_on <= due else 0
            if sent_on is None and due < scope.as_of:
                overdue += n
            if sent_on is not None:
                to_send[key][float((sent_on - met_on).days)] += n
            if adopted_on is not None:
                to_adopt[key][float((adopted_on - met_on).days)] += n
        total_counted, total_timely = sum(counted.values()), sum(timely.values())
        on_time = Measure(
            code="minutes_on_time",
            value=percent(total_timely, total_counted),
            numerator=float(total_timely),
            denominator=float(total_counted),
            health=share(total_timely, total_counted),
        )
        send_all = _merge(to_send.values())
        adopt_all = _merge(to_adopt.values())
        sending = Measure(
            code="minutes_days_to_transmission",
            value=histogram_median(send_all),
            denominator=float(sum(send_all.values())),
        )
        adoption = Measure(
            code="minutes_days_to_adoption",
            value=histogram_median(adopt_all),
            denominator=float(sum(adopt_all.values())),
        )
        late = Measure(code="minutes_overdue", value=float(overdue))
        if with_series:
            for key in scope.months:
                on_time.series[key] = percent(timely.get(key, 0), counted.get(key, 0))
                sending.series[key] = histogram_median(to_send.get(key, {}))
                adoption.series[key] = histogram_median(to_adopt.get(key, {}))
                late.series[key] = None
        return [on_time, sending, adoption, late]

    # ------------------------------------------------------------------ drill-down

    async def records(
        self, scope: Scope, code: str, *, sees_confidential: bool, limit: int, offset: int
    ) -> tuple[list[Record], int]:
        d = scope.dialect
        if code in {"convocations_on_time", "agendas_agreed_jointly"}:
            return await self._convened_records(d, scope, code, limit=limit, offset=offset)
        where, args = _scope_sql(scope)
        period, period_args = _period_sql(d, scope)
        base = f"FROM meeting m JOIN body b ON b.id = m.body WHERE {where} AND {period}"
        conditions = {
            "ordinary_meetings_held": f"m.status IN {HELD} AND m.kind IN ('ordinary', 'ssct')",
            "ssct_meetings_held": f"m.status IN {HELD} AND (m.kind = 'ssct' OR m.treats_ssct = {{}})",
            "meetings_cancelled": "m.status = 'cancelled'",
            "attendance": f"m.status IN {HELD}",
            "minutes_on_time": f"m.status IN {HELD}",
            "minutes_days_to_transmission": f"m.status IN {HELD}",
            "minutes_days_to_adoption": f"m.status IN {HELD}",
            "minutes_overdue": f"m.status IN {HELD}",
        }
        if code not in conditions:
            raise KeyError(code)
        extra: list[Any] = [True] if code == "ssct_meetings_held" else []
        select = f"SELECT m.id, m.title, m.kind, m.status, m.starts_at, {d.local_date('m.starts_at')} AS met_on "
        condition = conditions[code]
        total = await _rows(f"SELECT COUNT(*) AS n {base} AND {condition}", *args, *period_args, *extra)
        rows = await _rows(
            f"{select} {base} AND {condition} ORDER BY m.starts_at, m.id LIMIT {{}} OFFSET {{}}",
            *args,
            *period_args,
            *extra,
            limit,
            offset,
            order=("starts_at", "id"),
        )
        records = []
        for row in rows:
            records.append(_meeting_record(row["id"], row["title"], as_date(row["met_on"]), row["status"]))
        return records, int(total[0]["n"])

    async def _convened_records(
        self, d: Dialect, scope: Scope, code: str, *, limit: int, offset: int
    ) -> tuple[list[Record], int]:
        meetings, total = await self._convened(d, scope, limit=limit, offset=offset)
        records = []
        for meeting in meetings:
            if code == "convocations_on_time":
                late = "late_acknowledged" if meeting.late_acknowledged else "late"
                outcome, value = ("on_time" if meeting.on_time else late), float(meeting.notice_days)
            else:
                outcome, value = ("agreed" if meeting.agreed else "not_agreed"), None
            records.append(_meeting_record(meeting.id, meeting.title, meeting.met_on, outcome, value))
        return records, total


def _merge(histograms: Any) -> dict[float, int]:
    merged: dict[float, int] = defaultdict(int)
    for histogram in histograms:
        for value, n in histogram.items():
            merged[value] += n
    return merged


def _minutes_due(met_on: date, next_on: date | None, case: str | None, agreed_days: int | None = None) -> date:
    """The PV's due date as the meetings module counts it: D2315-26, or the delay the règlement intérieur carries
    from an agreement (L2315-34) in the general case."""
    try:
        minutes_case = MinutesDeadlineCase(case or MinutesDeadlineCase.GENERAL)
    except ValueError:
        minutes_case = MinutesDeadlineCase.GENERAL
    agreed = int(agreed_days) if agreed_days is not None and minutes_case is MinutesDeadlineCase.GENERAL else None
    return minutes_deadline(
        meeting_date=met_on,
        next_meeting_date=next_on if next_on and next_on > met_on else None,
        case=minutes_case,
        agreed_days=agreed,
    ).due
