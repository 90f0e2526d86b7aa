"""Register indicators from known records written through the registers service, hand-computed values.

Scenario, March 2023, a CSE built by the factories (period 1–31 March, "today" 15 April 2023):
- Q1 meeting Tue 7 March (answer due 14 March, 6 jours ouvrables, L2315-22), answered Thu 9 March: on time, 2 j.o.
- Q2 same meeting, answered 14 March 23:30 UTC = 15 March 00:30 in Paris: late by the local day, 7 j.o.
- Q3 same meeting, never answered: unanswered, overdue since 15 March.
- Q4 meeting 28 March, due 4 April: outside the period (not counted in March).
- DGI D1 raised 2 March, closed 6 March (4 days); D2 raised 10 March, no step (overdue, "alerted");
  D3 raised 20 March, investigating the same day.
So: questions on time 1/3 = 33.3 %, median delay (2, 7) = 4.5 j.o., overdue on 31 March = Q3 + D2 = 2,
DGI alerts 3 (alerted 1, investigating 1, closed 1), median days to close 4.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from dialogue.indicators import service as indicators
from dialogue.indicators.sql import Dialect
from dialogue.registers import service as registers
from dialogue.registers.rules import RegisterKind
from dialogue.registers.schemas import DgiStepCreate, EntryCreate, ResponseCreate
from tests.factories import make_body, make_organization, make_register
from tests.helpers.clock import FrozenClock
from tests.helpers.keys import TEST_CHAIN_KEY

MARCH = (date(2023, 3, 1), date(2023, 3, 31))


@pytest.fixture
async def scenario(db: Any, frozen_clock: FrozenClock) -> dict[str, Any]:
    clock = frozen_clock.set
    clock(datetime(2023, 2, 1, 9, tzinfo=UTC))
    cse = await make_body(await make_organization(headcount=320), titulaires=1)
    assert cse.secretary is not None and cse.president is not None
    elu, direction = cse.secretary.actor, cse.president.actor
    questions = (await make_register(cse, kind=RegisterKind.QUESTIONS)).id
    dgi = (await make_register(cse, kind=RegisterKind.DGI)).id

    async def ask(at: datetime, meeting_on: str, subject: str) -> int:
        clock(at)
        data = EntryCreate(subject=subject, fields={"question": subject, "meeting_on": meeting_on})
        return (await registers.submit_entry(actor=elu, register_id=questions, data=data, chain_key=TEST_CHAIN_KEY)).id

    async def answer(entry_id: int, at: datetime) -> None:
        clock(at)
        await registers.post_response(
            actor=direction, entry_id=entry_id, data=ResponseCreate(body="Réponse motivée."), chain_key=TEST_CHAIN_KEY
        )

    async def alert(at: datetime, subject: str) -> int:
        clock(at)
        fields = {
            "workstations": "Cuisine centrale",
            "danger_nature": "Fuite de gaz",
            "danger_cause": "Raccord défectueux",
            "exposed_workers": ["Équipe du matin"],
        }
        return (
            await registers.submit_entry(
                actor=elu, register_id=dgi, data=EntryCreate(subject=subject, fields=fields), chain_key=TEST_CHAIN_KEY
            )
        ).id

    async def step(entry_id: int, at: datetime, state: str) -> None:
        clock(at)
        await registers.record_dgi_step(
            actor=direction,
            entry_id=entry_id,
            data=DgiStepCreate.model_validate({"state": state, "body": "Étape."}),
            chain_key=TEST_CHAIN_KEY,
        )

    q1 = await ask(datetime(2023, 3, 1, 9, tzinfo=UTC), "2023-03-07", "Plannings de week-end")
    q2 = await ask(datetime(2023, 3, 1, 9, 5, tzinfo=UTC), "2023-03-07", "Heures supplémentaires")
    q3 = await ask(datetime(2023, 3, 1, 9, 10, tzinfo=UTC), "2023-03-07", "Tenues de travail")
    q4 = await ask(datetime(2023, 3, 20, 9, tzinfo=UTC), "2023-03-28", "Parking du personnel")
    await answer(q1, datetime(2023, 3, 9, 10, tzinfo=UTC))
    await answer(q2, datetime(2023, 3, 14, 23, 30, tzinfo=UTC))
    d1 = await alert(datetime(2023, 3, 2, 8, tzinfo=UTC), "Fuite de gaz en cuisine")
    await step(d1, datetime(2023, 3, 2, 10, tzinfo=UTC), "investigating")
    await step(d1, datetime(2023, 3, 3, 10, tzinfo=UTC), "measures_taken")
    await step(d1, datetime(2023, 3, 6, 10, tzinfo=UTC), "closed")
    d2 = await alert(datetime(2023, 3, 10, 8, tzinfo=UTC), "Chute de plâtre")
    d3 = await alert(datetime(2023, 3, 20, 8, tzinfo=UTC), "Monte-charge bloqué")
    await step(d3, datetime(2023, 3, 20, 15, tzinfo=UTC), "investigating")
    clock(date(2023, 4, 15))
    return {"body": {"id": cse.id}, "q": [q1, q2, q3, q4], "d": [d1, d2, d3], "direction": direction}


def _items(report: Any) -> dict[str, Any]:
    return {item.code: item for item in report.items}


async def test_every_register_indicator_matches_the_hand_computed_value(scenario: dict[str, Any]) -> None:
    target = await indicators.body_target(actor=scenario["direction"], body_id=scenario["body"]["id"])
    report = await indicators.report(target=target, from_date=MARCH[0], to_date=MARCH[1], with_series=True)
    items = _items(report)
    on_time = items["questions_answered_on_time"]
    assert (on_time.value, on_time.numerator, on_time.denominator) == (33.3, 1, 3)
    assert on_time.status == "alert"
    assert on_time.breakdown["répondue en retard"] == 1
    assert on_time.breakdown["sans réponse à l'échéance"] == 1
    assert items["questions_answer_delay"].value == 4.5
    assert items["questions_answer_delay"].status == "ok"
    overdue = items["register_entries_overdue"]
    assert overdue.value == 2
    assert overdue.breakdown == {"questions": 1, "dgi": 1}
    assert overdue.status == "warning"
    dgi = items["dgi_alerts"]
    assert dgi.value == 3
    assert {k: v for k, v in dgi.breakdown.items() if v} == {"alerted": 1, "investigating": 1, "closed": 1}
    assert items["dgi_days_to_close"].value == 4
    # Series: one month, equal to the period's value; the previous period (February) had nothing, and it ends
    # before the first entry: an empty period, not a zero to compare with (issue 17: no « +99 % »).
    assert [(p.month, p.value) for p in on_time.series or []] == [("2023-03", 33.3)]
    assert on_time.previous_value is None
    assert items["dgi_alerts"].previous_value is None
    assert items["dgi_alerts"].change is None
    assert report.as_of == MARCH[1]


async def test_health_score_uses_the_questions_and_owed_inspections_when_nothing_else_is_measured(
    scenario: dict[str, Any],
) -> None:
    """1/3 questions on time (weight 0.15) and no inspection of the 4 a year owed (R2312-4, weight 0.10)."""
    target = await indicators.body_target(actor=scenario["direction"], body_id=scenario["body"]["id"])
    report = await indicators.report(target=target, from_date=MARCH[0], to_date=MARCH[1], with_series=False)
    components = _items(report)["health_score"].breakdown
    measured = {k: v for k, v in components.items() if v is not None}
    assert measured == {"Questions répondues dans les délais": 33.3, "Inspections SSCT réalisées": 0.0}
    assert report.health_score == 20.0
    assert report.health_status == "alert"


async def test_drill_down_lists_exactly_the_records_counted(scenario: dict[str, Any]) -> None:
    target = await indicators.body_target(actor=scenario["direction"], body_id=scenario["body"]["id"])
    q1, q2, q3, _ = scenario["q"]
    page = await indicators.records(
        target=target, code="questions_answered_on_time", from_date=MARCH[0], to_date=MARCH[1], limit=50, offset=0
    )
    assert page.total == 3
    assert [(r.id, r.outcome, r.value) for r in page.items] == [
        (q1, "on_time", 2),
        (q2, "late", 7),
        (q3, "unanswered", None),
    ]
    overdue = await indicators.records(
        target=target, code="register_entries_overdue", from_date=MARCH[0], to_date=MARCH[1], limit=50, offset=0
    )
    assert {r.id for r in overdue.items} == {q3, scenario["d"][1]}
    closed = await indicators.records(
        target=target, code="dgi_days_to_close", from_date=MARCH[0], to_date=MARCH[1], limit=1, offset=0
    )
    assert (closed.total, closed.items[0].id, closed.items[0].value) == (1, scenario["d"][0], 4)


async def test_overdue_series_counts_what_was_open_at_each_month_end(scenario: dict[str, Any]) -> None:
    target = await indicators.body_target(actor=scenario["direction"], body_id=scenario["body"]["id"])
    detail = await indicators.detail(
        target=target, code="register_entries_overdue", from_date=date(2023, 2, 1), to_date=date(2023, 4, 30)
    )
    # End of February: nothing; end of March: Q3 and D2; 15 April (today): Q3, D2 and Q4 (due 4 April).
    assert [(p.month, p.value) for p in detail.series or []] == [("2023-02", 0), ("2023-03", 2), ("2023-04", 3)]
    assert detail.value == 3


@pytest.mark.parametrize(
    ("instant", "local_day"),
    [
        (datetime(2023, 3, 26, 0, 59, tzinfo=UTC), "2023-03-26"),  # 01:59 winter time
        (datetime(2023, 3, 25, 23, 30, tzinfo=UTC), "2023-03-26"),  # 00:30 winter time
        (datetime(2023, 3, 26, 22, 30, tzinfo=UTC), "2023-03-27"),  # 00:30 summer time
        (datetime(2023, 3, 26, 21, 59, tzinfo=UTC), "2023-03-26"),  # 23:59 summer time
        (datetime(2023, 10, 28, 22, 30, tzinfo=UTC), "2023-10-29"),  # 00:30 summer time, change day
        (datetime(2023, 10, 29, 22, 30, tzinfo=UTC), "2023-10-29"),  # 23:30 winter time
        (datetime(2023, 10, 29, 23, 0, tzinfo=UTC), "2023-10-30"),
        (datetime(2024, 12, 31, 23, 0, tzinfo=UTC), "2025-01-01"),
        (datetime(2024, 6, 30, 21, 59, 59, 999999, tzinfo=UTC), "2024-06-30"),
    ],
)
async def test_local_day_in_sql_matches_europe_paris(db: Any, instant: datetime, local_day: str) -> None:
    from piccolo.querystring import QueryString

    from dialogue.core.db import get_engine, is_sqlite

    dialect = Dialect(sqlite=is_sqlite())
    parameter = "{}" if is_sqlite() else "CAST({} AS TIMESTAMPTZ)"
    rows = await get_engine().run_querystring(
        QueryString(
            f"SELECT {dialect.local_date('x.t')} AS d FROM (SELECT {parameter} AS t) x", dialect.instant(instant)
        )
    )
    assert str(rows[0]["d"]) == local_day
