"""SSCT and negotiation indicators from known records written through their services, hand-computed values.

SSCT, a CSE built by the factories (320 employees), first half of 2019 (period 1 January – 30 June, "today"
31 December 2019, so as-of 30 June):
- inspection A reported 10 March (done); inspection B reported 5 July (after the period: not counted);
  owed: 4 a year (R2312-4, as many as the SSCT meetings from 50) × 181/365 = 1.98 → 1 / 1.98 = 50.5 %;
- accident X (1 April) inquired, report 20 April: done; accident Z (1 May) without inquiry: late on 30 June
  (30-day delay passed); accident Y (15 June) without inquiry: pending → 1 / 3 = 33.3 %;
- actions of A: a1 due 1 May still open (overdue), a2 due 1 May done 10 June, a3 due 15 July open
  → overdue on 30 June: 1; at the end of May: a1 and a2 = 2; at the end of April: 0.
Negotiations, that organisation with a CFDT section and a negotiation table, year 2019 ("today" 31 December 2019):
- remuneration opened 15 January 2018 and 10 January 2019 (due 15 January 2019): on time;
- égalité / QVCT opened 1 March 2018 and 1 April 2019 (due 1 March 2019): late;
- GEPP (from 300 employees, L2242-2) never opened by 2019: missed;
- remuneration 2019: 3 sessions, PV de désaccord 1 March; égalité 2019: 1 session, abandoned 1 May
  → agreements 0 / 1 = 0 %, median sessions 3 (abandoned negotiations are not counted).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from dialogue.indicators import service as indicators
from dialogue.negotiations import elections
from dialogue.negotiations import service as negotiations
from dialogue.negotiations.rules import nao_blocks
from dialogue.negotiations.schemas import (
    CollegeIn,
    DisagreementCreate,
    ElectionResultCreate,
    FinalPosition,
    NegotiationCreate,
    SessionCreate,
    StatusChange,
    UnionSectionCreate,
    UnionVotesIn,
)
from dialogue.negotiations.tables import UnionSection
from dialogue.organizations.tables import Organization
from dialogue.ssct import service as ssct
from dialogue.ssct.schemas import (
    AccidentCreate,
    ActionCreate,
    ActionUpdate,
    MissionCreate,
    MissionStatusChange,
    MissionUpdate,
)
from tests.factories import Org, make_body, make_negotiation_table, make_organization
from tests.helpers.clock import FrozenClock

H1 = (date(2019, 1, 1), date(2019, 6, 30))
YEAR = (date(2019, 1, 1), date(2019, 12, 31))


@pytest.fixture
def clock(frozen_clock: FrozenClock) -> Any:
    """Every module's "today" on 31 December 2019 (a scenario moves it for one step)."""
    frozen_clock.set(date(2019, 12, 31))
    return frozen_clock.set


@pytest.fixture
async def org(db: Any, clock: Any) -> Org:
    return await make_organization(headcount=320)


def _series(item: Any) -> dict[str, float | None]:
    return {point.month: point.value for point in item.series}


def _items(report: Any) -> dict[str, Any]:
    return {item.code: item for item in report.items}


@pytest.fixture
async def ssct_scenario(org: Org, clock: Any) -> dict[str, Any]:
    cse = await make_body(org, titulaires=1)
    assert cse.secretary is not None and cse.president is not None
    body = {"id": cse.id}
    elu, direction = cse.secretary.actor, cse.president.actor

    async def mission(kind: str, title: str, reported: date, accident_id: int | None = None) -> int:
        created = await ssct.create_mission(
            actor=elu,
            body_id=body["id"],
            data=MissionCreate(kind=kind, title=title, planned_on=reported, accident_id=accident_id),  # type: ignore[arg-type]
        )
        await ssct.change_mission_status(
            actor=elu,
            mission_id=created.id,
            data=MissionStatusChange(status="in_progress", on=reported),  # type: ignore[arg-type]
        )
        await ssct.update_mission(actor=elu, mission_id=created.id, data=MissionUpdate(findings="Constats établis."))
        await ssct.change_mission_status(
            actor=elu,
            mission_id=created.id,
            data=MissionStatusChange(status="reported", on=reported),  # type: ignore[arg-type]
        )
        return created.id

    async def accident(on: date) -> int:
        data = AccidentCreate(occurred_on=on, description="Chute dans l'escalier de service", lost_days=10)
        return (await ssct.record_accident(actor=elu, body_id=body["id"], data=data)).id

    a = await mission("inspection", "Inspection de la cuisine centrale", date(2019, 3, 10))
    await mission("inspection", "Inspection de la lingerie", date(2019, 7, 5))
    x = await accident(date(2019, 4, 1))
    await accident(date(2019, 5, 1))
    y = await accident(date(2019, 6, 15))
    await mission("accident_inquiry", "Enquête chute escalier", date(2019, 4, 20), accident_id=x)

    async def action(due: date) -> int:
        data = ActionCreate(description="Poser une main courante", owner="Services techniques", due_on=due)
        return (await ssct.add_action(actor=elu, mission_id=a, data=data)).id

    a1 = await action(date(2019, 5, 1))
    a2 = await action(date(2019, 5, 1))
    await action(date(2019, 7, 15))
    clock(date(2019, 6, 10))
    await ssct.update_action(actor=direction, action_id=a2, data=ActionUpdate(status="done"))  # type: ignore[arg-type]
    clock(date(2019, 12, 31))
    return {"body": body, "direction": direction, "a": a, "x": x, "y": y, "a1": a1}


async def test_ssct_indicators_of_a_body_have_the_hand_computed_values(ssct_scenario: dict[str, Any]) -> None:
    target = await indicators.body_target(actor=ssct_scenario["direction"], body_id=ssct_scenario["body"]["id"])
    report = await indicators.report(target=target, from_date=H1[0], to_date=H1[1], with_series=True)
    items = _items(report)
    inspections = items["ssct_inspections_done"]
    assert inspections.value == 50.5  # 1 / (4 × 181 / 365 = 1.98), R2312-4 pro-rated
    assert _series(inspections)["2019-03"] == 294.1  # 1 inspection / (4 × 31 / 365 = 0.34) owed in March
    inquiries = items["ssct_accident_inquiries_done"]
    assert inquiries.value == 33.3
    assert inquiries.breakdown == {
        "enquêtes réalisées": 1.0,
        "en attente (moins de 30 jours)": 1.0,
        "en retard": 1.0,
    }
    overdue = items["ssct_actions_overdue"]
    assert overdue.value == 1.0
    assert (_series(overdue)["2019-04"], _series(overdue)["2019-05"], _series(overdue)["2019-06"]) == (0.0, 2.0, 1.0)


async def test_ssct_drill_down_lists_the_counted_records(ssct_scenario: dict[str, Any]) -> None:
    target = await indicators.body_target(actor=ssct_scenario["direction"], body_id=ssct_scenario["body"]["id"])

    async def records(code: str) -> Any:
        return await indicators.records(target=target, code=code, from_date=H1[0], to_date=H1[1], limit=50, offset=0)

    inspections = await records("ssct_inspections_done")
    assert [(r.id, r.on) for r in inspections.items] == [(ssct_scenario["a"], date(2019, 3, 10))]
    inquiries = await records("ssct_accident_inquiries_done")
    assert inquiries.total == 3
    assert [(r.on, r.outcome, r.value) for r in inquiries.items] == [
        (date(2019, 4, 1), "done", 19.0),
        (date(2019, 5, 1), "late", None),
        (date(2019, 6, 15), "pending", None),
    ]
    overdue = await records("ssct_actions_overdue")
    assert [(r.id, r.value) for r in overdue.items] == [(ssct_scenario["a1"], 60.0)]


@pytest.fixture
async def nao_scenario(org: Org, clock: Any) -> dict[str, Any]:
    table = await make_negotiation_table(org, delegates=("CFDT",))
    assert table.president is not None
    direction = table.president.actor
    await elections.record_union_section(
        actor=direction, organization_id=org.id, data=UnionSectionCreate(union="CFDT", formed_on=date(2015, 1, 1))
    )
    org_id = org.id

    async def opened(topic: str, on: date) -> int:
        data = NegotiationCreate(topic=topic, opened_on=on, year=on.year)  # type: ignore[arg-type]
        return (await negotiations.create_negotiation(actor=direction, organization_id=org_id, data=data)).id

    async def session(negotiation_id: int, day: int, month: int) -> None:
        starts = datetime(2019, month, day, 9, tzinfo=UTC)
        await negotiations.add_session(
            actor=direction, negotiation_id=negotiation_id, data=SessionCreate(starts_at=starts)
        )

    # The section is representative only with an election in force in 2019 (L2122-1, L2242-1).
    election = ElectionResultCreate(
        election_date=date(2017, 3, 7),
        colleges=[CollegeIn(name="unique", votes_cast=400, union_votes=[UnionVotesIn(union="CFDT", votes=200)])],
    )
    await elections.record_election_results(actor=direction, organization_id=org_id, data=election)
    await opened("remuneration", date(2018, 1, 15))
    pay = await opened("remuneration", date(2019, 1, 10))
    await opened("egalite_qvct", date(2018, 3, 1))
    equality = await opened("egalite_qvct", date(2019, 4, 1))
    for day in (20, 25, 28):
        await session(pay, day, 1)
    await negotiations.record_disagreement(
        actor=direction,
        negotiation_id=pay,
        data=DisagreementCreate(
            recorded_on=date(2019, 3, 1),
            final_positions=[FinalPosition(party="employer", position="Augmentation générale de 1 %")],
        ),
    )
    await session(equality, 10, 4)
    await negotiations.change_status(
        actor=direction,
        negotiation_id=equality,
        data=StatusChange(status="abandoned", on=date(2019, 5, 1), reason="Reportée à 2020"),  # type: ignore[arg-type]
    )
    headcount = await Organization.select(Organization.headcount).where(Organization.id == org_id).first()
    assert headcount is not None
    return {"direction": direction, "org": org_id, "gepp": len(nao_blocks(headcount=headcount["headcount"])) == 3}


async def test_negotiation_indicators_of_the_organisation(nao_scenario: dict[str, Any]) -> None:
    target = await indicators.organization_target(actor=nao_scenario["direction"], organization_id=nao_scenario["org"])
    report = await indicators.report(target=target, from_date=YEAR[0], to_date=YEAR[1], with_series=True)
    items = _items(report)
    nao = items["nao_on_schedule"]
    missed = 1.0 if nao_scenario["gepp"] else 0.0
    assert nao.breakdown == {"ouvertes à l'échéance": 1.0, "ouvertes en retard": 1.0, "non ouvertes": missed}
    assert nao.value == (33.3 if nao_scenario["gepp"] else 50.0)
    # January: remuneration due on the 15th and kept; GEPP, never opened, counted due on the first day.
    assert _series(nao)["2019-01"] == (50.0 if nao_scenario["gepp"] else 100.0)
    assert _series(nao)["2019-03"] == 0.0
    agreements = items["negotiations_agreements_signed"]
    assert agreements.value == 0.0
    assert agreements.breakdown == {
        "accords signés": 0.0,
        "procès-verbaux de désaccord": 1.0,
        "négociations abandonnées": 1.0,
    }
    assert items["negotiation_sessions_median"].value == 3.0
    records = await indicators.records(
        target=target, code="negotiation_sessions_median", from_date=YEAR[0], to_date=YEAR[1], limit=50, offset=0
    )
    assert [(r.outcome, r.value) for r in records.items] == [("disagreement_recorded", 3.0)]


async def test_nao_indicator_counts_nothing_without_a_representative_union_section_l2242_1(
    nao_scenario: dict[str, Any],
) -> None:
    """L2242-1: the NAO bind the employer only where a representative union has a section; none left, none due."""
    await UnionSection.update({UnionSection.ended_on: date(2018, 1, 1)}).where(
        UnionSection.organization == nao_scenario["org"]
    )
    target = await indicators.organization_target(actor=nao_scenario["direction"], organization_id=nao_scenario["org"])
    report = await indicators.report(target=target, from_date=YEAR[0], to_date=YEAR[1], with_series=False)
    nao = _items(report)["nao_on_schedule"]
    assert (nao.numerator, nao.denominator) == (0.0, 0.0)
    assert nao.breakdown == {"ouvertes à l'échéance": 0.0, "ouvertes en retard": 0.0, "non ouvertes": 0.0}
