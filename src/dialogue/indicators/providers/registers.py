"""Register indicators: questions answered on time (L2315-22), answer delay, overdue entries, DGI alerts.

Every figure is a GROUP BY in the database; Python only sees (value, count) groups: the median delay
comes from a histogram, working days are counted once per distinct (meeting day, answer day) pair.
Statuses of entries are never stored (registers/rules.py computes them), so the queries rebuild what
matters from the append-only responses: the first answer (or DGI step), the closing, the last DGI step.
Addenda (`corrects`) are corrections of an earlier entry, not new requests: they are not counted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, Final

from piccolo.querystring import QueryString

from dialogue.core.clock import as_date
from dialogue.core.workdays import jours_ouvrables_between
from dialogue.indicators.catalog import REGISTER_SPECS, IndicatorSpec
from dialogue.indicators.providers import Measure, Record, Scope
from dialogue.indicators.providers import rows as read_rows
from dialogue.indicators.rules import (
    MonthKey,
    deadline_outcome,
    histogram_median,
    open_at_month_ends,
    percent,
    share,
)
from dialogue.indicators.sql import Dialect, local_day_end_exclusive, local_day_start
from dialogue.registers.rules import STATUTORY_BODY_KINDS

DGI_STATES: Final = ("alerted", "investigating", "measures_taken", "disagreement", "closed")
COUNTED: Final = frozenset({"on_time", "late", "unanswered"})
OUTCOME_LABELS: Final[Mapping[str, str]] = {
    "on_time": "répondue dans le délai",
    "late": "répondue en retard",
    "unanswered": "sans réponse à l'échéance",
    "settled": "close par les élus avant l'échéance",
    "pending": "échéance à venir",
}
CONFIDENTIAL_LABEL: Final = "Entrée confidentielle (L2315-3)"
#: Which responses answer an entry (the employer's answer or a DGI step, registers/views.entry_history), close it.
ANSWERED: Final = "rr.action IN ('answer', 'dgi_step')"
#: The due date in force: the last `due_date_changed` record of the chain (a rescheduled meeting, L2315-22), else
#: the date computed when the entry was submitted.
CURRENT_DUE: Final = (
    "COALESCE((SELECT rr.due_on FROM register_response rr WHERE rr.entry = e.id AND rr.action = 'due_date_changed' "
    "ORDER BY rr.seq DESC LIMIT 1), e.due_on)"
)
CLOSED: Final = "rr.action = 'close'"
DGI_CLOSED: Final = "rr.action = 'dgi_step' AND rr.dgi_state = 'closed'"


def _rows(sql: str, *args: Any, order: tuple[str, ...] = ()) -> Any:
    return read_rows(QueryString(sql, *args), order=order)


def _scope_sql(scope: Scope) -> tuple[str, list[Any]]:
    if scope.body_id is None:
        return "r.organization = {}", [scope.organization_id]
    return "r.organization = {} AND r.body = {}", [scope.organization_id, scope.body_id]


def _first_response(d: Dialect, condition: str) -> str:
    """The local day of an entry's first response matching `condition` (a correlated subquery)."""
    return (
        f"(SELECT {d.local_date('MIN(rr.submitted_at)')} FROM register_response rr "
        f"WHERE rr.entry = e.id AND {condition})"
    )


_ALSACE = "COALESCE(est.alsace_moselle, o.alsace_moselle)"
_FROM = """
FROM register_entry e
JOIN register r ON r.id = e.register
JOIN body b ON b.id = r.body
JOIN organization o ON o.id = r.organization
LEFT JOIN establishment est ON est.id = b.establishment
"""


def _questions_cte(d: Dialect, scope: Scope) -> tuple[str, list[Any]]:
    """Questions of the scope whose due date falls in the period, with their first answer and closing day."""
    where, args = _scope_sql(scope)
    # The due date in force is computed once per question (qd), then the period filters on it.
    joined = _FROM.replace("FROM register_entry e", "FROM qd JOIN register_entry e ON e.id = qd.id")
    sql = (
        f"WITH qd AS MATERIALIZED (SELECT e.id, {CURRENT_DUE} AS due_on {_FROM} WHERE {where} "
        "AND r.kind = 'questions' AND e.corrects IS NULL), "
        "q AS MATERIALIZED (SELECT e.id, e.number, e.subject, e.confidential, qd.due_on, "
        f"e.meeting_on, {_ALSACE} AS alsace, "
        f"{_first_response(d, ANSWERED)} AS answered_on, "
        f"{_first_response(d, CLOSED)} AS closed_on "
        f"{joined} WHERE qd.due_on >= {{}} AND qd.due_on <= {{}})"
    )
    return sql, [*args, d.day(scope.from_date), d.day(scope.to_date)]


def _overdue_cte(d: Dialect, scope: Scope) -> tuple[str, list[Any]]:
    """Entries of every register with a due date before the as-of day, and the day they were first acted on.

    Entries acted on before the period began cannot be open at any of its month ends: they are left out
    before their local day is computed. The first response is an index probe per entry (register_response
    is indexed on `entry`), a plan that stays linear whatever the planner's statistics.
    """
    where, args = _scope_sql(scope)
    first = "(SELECT MIN(rr.submitted_at) FROM register_response rr WHERE rr.entry = e.id)"
    sql = (
        "WITH x0 AS MATERIALIZED (SELECT e.id, e.number, e.subject, e.confidential, e.due_on, r.kind, "
        f"{first} AS first_at FROM register_entry e JOIN register r ON r.id = e.register WHERE {where} "
        "AND e.corrects IS NULL AND e.due_on IS NOT NULL AND e.due_on < {}), "
        "x AS MATERIALIZED (SELECT id, number, subject, confidential, due_on, kind, "
        f"{d.local_date('first_at')} AS resolved_on FROM x0 WHERE first_at IS NULL OR first_at >= {{}})"
    )
    return sql, [*args, d.day(scope.as_of), d.instant(local_day_start(scope.from_date))]


def _dgi_cte(d: Dialect, scope: Scope) -> tuple[str, list[Any]]:
    """DGI alerts of the scope: local day raised, current state (last step), local day closed."""
    where, args = _scope_sql(scope)
    last_state = (
        "(SELECT rr.dgi_state FROM register_response rr WHERE rr.entry = e.id AND rr.action = 'dgi_step' "
        "ORDER BY rr.seq DESC LIMIT 1)"
    )
    sql = (
        "WITH g AS MATERIALIZED (SELECT e.id, e.number, e.subject, e.confidential, e.submitted_at, "
        f"{d.local_date('e.submitted_at')} AS raised_on, COALESCE({last_state}, 'alerted') AS state, "
        f"{_first_response(d, DGI_CLOSED)} AS closed_on "
        f"FROM register_entry e JOIN register r ON r.id = e.register WHERE {where} "
        "AND r.kind = 'dgi' AND e.corrects IS NULL)"
    )
    return sql, args


def _raised_in_period(d: Dialect, scope: Scope) -> tuple[str, list[Any]]:
    return "submitted_at >= {} AND submitted_at < {}", [
        d.instant(local_day_start(scope.from_date)),
        d.instant(local_day_end_exclusive(scope.to_date)),
    ]


def _month(day: date) -> MonthKey:
    return f"{day.year:04d}-{day.month:02d}"


class RegistersProvider:
    """Indicators of the registers module (issue 4), for a body or a whole organisation."""

    specs: tuple[IndicatorSpec, ...] = REGISTER_SPECS

    def applies(self, *, body_kind: str | None) -> bool:
        return body_kind is None or body_kind in STATUTORY_BODY_KINDS

    async def measure(self, scope: Scope, *, with_series: bool) -> list[Measure]:
        d = scope.dialect
        return [
            *await self._questions(d, scope, with_series=with_series),
            await self._overdue(d, scope, with_series=with_series),
            *await self._dgi(d, scope, with_series=with_series),
        ]

    # ------------------------------------------------------------------ questions (L2315-22)

    async def _questions(self, d: Dialect, scope: Scope, *, with_series: bool) -> list[Measure]:
        cte, args = _questions_cte(d, scope)
        rows = await _rows(
            cte + " SELECT due_on, meeting_on, answered_on, closed_on, alsace, COUNT(*) AS n FROM q "
            "GROUP BY due_on, meeting_on, answered_on, closed_on, alsace",
            *args,
            # Its one ORDER BY is a subquery's (`CURRENT_DUE`): its groups come in no order; numbered by their key.
            order=("due_on", "meeting_on", "answered_on", "closed_on", "alsace"),
        )
        outcomes: dict[MonthKey, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        delays: dict[MonthKey, dict[float, int]] = defaultdict(lambda: defaultdict(int))
        for row in rows:
            due_on = as_date(row["due_on"])
            assert due_on is not None
            answered_on, closed_on = as_date(row["answered_on"]), as_date(row["closed_on"])
            month, n = _month(due_on), int(row["n"])
            outcome = deadline_outcome(due_on=due_on, answered_on=answered_on, closed_on=closed_on, today=scope.today)
            outcomes[month][outcome] += n
            meeting_on = as_date(row["meeting_on"])
            if answered_on is not None and meeting_on is not None:
                worked = jours_ouvrables_between(meeting_on, answered_on, alsace_moselle=bool(row["alsace"]))
                delays[month][float(max(0, worked))] += n

        def totals(counts: Iterable[Mapping[str, int]]) -> dict[str, int]:
            summed: dict[str, int] = defaultdict(int)
            for bucket in counts:
                for key, value in bucket.items():
                    summed[key] += value
            return summed

        overall = totals(outcomes.values())
        counted = sum(overall[o] for o in COUNTED)
        on_time = percent(overall["on_time"], counted)
        all_delays: dict[float, int] = defaultdict(int)
        for histogram in delays.values():
            for days, n in histogram.items():
                all_delays[days] += n
        answered = overall["on_time"] + overall["late"]
        share_measure = Measure(
            code="questions_answered_on_time",
            value=on_time,
            numerator=overall["on_time"],
            denominator=counted,
            breakdown={OUTCOME_LABELS[o]: float(overall[o]) for o in OUTCOME_LABELS},
            health=share(overall["on_time"], counted),
        )
        delay_measure = Measure(
            code="questions_answer_delay",
            value=histogram_median(all_delays),
            denominator=answered,
        )
        if with_series:
            for month in scope.months:
                counts = outcomes.get(month, {})
                share_measure.series[month] = percent(counts.get("on_time", 0), sum(counts.get(o, 0) for o in COUNTED))
                delay_measure.series[month] = histogram_median(delays.get(month, {}))
        return [share_measure, delay_measure]

    # ------------------------------------------------------------------ overdue entries, all registers

    async def _overdue(self, d: Dialect, scope: Scope, *, with_series: bool) -> Measure:
        cte, args = _overdue_cte(d, scope)
        opened = d.month(d.add_days("due_on", 1))
        rows = await _rows(
            cte + f" SELECT kind, {opened} AS opened, {d.month('resolved_on')} AS resolved, COUNT(*) AS n, "
            "SUM(CASE WHEN resolved_on IS NULL OR resolved_on > {} THEN 1 ELSE 0 END) AS open_now "
            f"FROM x GROUP BY kind, {opened}, {d.month('resolved_on')}",
            *args,
            d.day(scope.as_of),
        )
        by_kind: dict[str, float | None] = {}
        histogram: dict[tuple[MonthKey, MonthKey | None], int] = defaultdict(int)
        value = 0
        for row in rows:
            open_now = int(row["open_now"] or 0)
            value += open_now
            if open_now:
                by_kind[row["kind"]] = (by_kind.get(row["kind"]) or 0) + open_now
            histogram[(row["opened"], row["resolved"])] += int(row["n"])
        measure = Measure(code="register_entries_overdue", value=float(value), breakdown=by_kind)
        if with_series:
            as_of_month = _month(scope.as_of)
            ends = open_at_month_ends(histogram, [m for m in scope.months if m < as_of_month])
            for month in scope.months:
                if month < as_of_month:
                    measure.series[month] = float(ends[month])
                elif month == as_of_month:
                    measure.series[month] = float(value)
                else:
                    measure.series[month] = None
        return measure

    # ------------------------------------------------------------------ DGI alerts (L4132-2)

    async def _dgi(self, d: Dialect, scope: Scope, *, with_series: bool) -> list[Measure]:
        cte, args = _dgi_cte(d, scope)
        raised, raised_args = _raised_in_period(d, scope)
        month_raised = d.month("raised_on")
        month_closed = d.month("closed_on")
        days = d.days_between("raised_on", "closed_on")
        # One statement for the alerts raised and those closed in the period (issue 15), told apart by `part`.
        rows = await _rows(
            cte + f" SELECT 'raised' AS part, {month_raised} AS month, state, NULL AS days, COUNT(*) AS n FROM g "
            f"WHERE {raised} GROUP BY {month_raised}, state "
            f"UNION ALL SELECT 'closed' AS part, {month_closed} AS month, NULL AS state, {days} AS days, "
            f"COUNT(*) AS n FROM g WHERE closed_on >= {{}} AND closed_on <= {{}} GROUP BY {month_closed}, {days}",
            *args,
            *raised_args,
            d.day(scope.from_date),
            d.day(scope.to_date),
            # Its one ORDER BY is a subquery's (the last DGI state): its groups come in no order; numbered by key.
            order=("part", "month", "state", "days"),
        )
        by_state: dict[str, float | None] = dict.fromkeys(DGI_STATES, 0.0)
        per_month: dict[MonthKey, int] = defaultdict(int)
        for row in rows:
            if row["part"] == "raised":
                by_state[row["state"]] = (by_state.get(row["state"]) or 0) + int(row["n"])
                per_month[row["month"]] += int(row["n"])
        alerts = Measure(code="dgi_alerts", value=float(sum(per_month.values())), breakdown=by_state)
        closed_rows = [row for row in rows if row["part"] == "closed"]
        histograms: dict[MonthKey, dict[float, int]] = defaultdict(lambda: defaultdict(int))
        overall: dict[float, int] = defaultdict(int)
        for row in closed_rows:
            histograms[row["month"]][float(row["days"])] += int(row["n"])
            overall[float(row["days"])] += int(row["n"])
        to_close = Measure(
            code="dgi_days_to_close", value=histogram_median(overall), denominator=float(sum(overall.values()))
        )
        if with_series:
            for month in scope.months:
                alerts.series[month] = float(per_month.get(month, 0))
                to_close.series[month] = histogram_median(histograms.get(month, {}))
        return [alerts, to_close]

    # ------------------------------------------------------------------ drill-down

    async def records(
        self, scope: Scope, code: str, *, sees_confidential: bool, limit: int, offset: int
    ) -> tuple[list[Record], int]:
        d = scope.dialect
        if code in {"questions_answered_on_time", "questions_answer_delay"}:
            cte, args = _questions_cte(d, scope)
            if code == "questions_answered_on_time":
                condition = "answered_on IS NOT NULL OR ((closed_on IS NULL OR closed_on > due_on) AND due_on < {})"
                cond_args: list[Any] = [d.day(scope.today)]
            else:
                condition, cond_args = "answered_on IS NOT NULL", []
            select = "SELECT id, number, subject, confidential, due_on, meeting_on, answered_on, closed_on, alsace"
            order: tuple[str, ...] = ("due_on", "id")
            total_sql = f"{cte} SELECT COUNT(*) AS n FROM q WHERE {condition}"
            page_sql = f"{cte} {select} FROM q WHERE {condition} ORDER BY due_on, id LIMIT {{}} OFFSET {{}}"
        elif code == "register_entries_overdue":
            cte, args = _overdue_cte(d, scope)
            condition, cond_args = "(resolved_on IS NULL OR resolved_on > {})", [d.day(scope.as_of)]
            select = "SELECT id, number, subject, confidential, due_on, kind, resolved_on"
            order = ("due_on", "id")
            total_sql = f"{cte} SELECT COUNT(*) AS n FROM x WHERE {condition}"
            page_sql = f"{cte} {select} FROM x WHERE {condition} ORDER BY due_on, id LIMIT {{}} OFFSET {{}}"
        elif code in {"dgi_alerts", "dgi_days_to_close"}:
            cte, args = _dgi_cte(d, scope)
            if code == "dgi_alerts":
                condition, cond_args = _raised_in_period(d, scope)
            else:
                condition = "closed_on >= {} AND closed_on <= {}"
                cond_args = [d.day(scope.from_date), d.day(scope.to_date)]
            days = d.days_between("raised_on", "closed_on")
            select = f"SELECT id, number, subject, confidential, raised_on, state, closed_on, {days} AS days"
            order = ("raised_on", "id")
            total_sql = f"{cte} SELECT COUNT(*) AS n FROM g WHERE {condition}"
            page_sql = f"{cte} {select} FROM g WHERE {condition} ORDER BY raised_on, id LIMIT {{}} OFFSET {{}}"
        else:
            raise KeyError(code)
        total_rows = await _rows(total_sql, *args, *cond_args)
        rows = await _rows(page_sql, *args, *cond_args, limit, offset, order=order)
        return [self._record(code, row, scope=scope, sees_confidential=sees_confidential) for row in rows], int(
            total_rows[0]["n"]
        )

    def _record(self, code: str, row: Mapping[str, Any], *, scope: Scope, sees_confidential: bool) -> Record:
        subject = CONFIDENTIAL_LABEL if row["confidential"] and not sees_confidential else row["subject"]
        label = f"n° {row['number']} — {subject}"
        url = f"/api/v1/entries/{row['id']}"
        if code in {"questions_answered_on_time", "questions_answer_delay"}:
            due_on = as_date(row["due_on"])
            assert due_on is not None
            answered_on, meeting_on = as_date(row["answered_on"]), as_date(row["meeting_on"])
            outcome = deadline_outcome(
                due_on=due_on, answered_on=answered_on, closed_on=as_date(row["closed_on"]), today=scope.today
            )
            delay = (
                float(max(0, jours_ouvrables_between(meeting_on, answered_on, alsace_moselle=bool(row["alsace"]))))
                if answered_on is not None and meeting_on is not None
                else None
            )
            return Record(
                type="register_entry", id=row["id"], url=url, label=label, on=due_on, outcome=outcome, value=delay
            )
        if code == "register_entries_overdue":
            due_on = as_date(row["due_on"])
            assert due_on is not None
            return Record(
                type="register_entry",
                id=row["id"],
                url=url,
                label=f"{label} (registre {row['kind']})",
                on=due_on,
                outcome="overdue",
                value=float((scope.as_of - due_on).days),
            )
        days = row["days"]
        return Record(
            type="register_entry",
            id=row["id"],
            url=url,
            label=label,
            on=as_date(row["raised_on"]),
            outcome=row["state"],
            value=float(days) if days is not None else None,
        )
