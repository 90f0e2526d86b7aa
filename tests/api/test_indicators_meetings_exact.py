"""Meeting and consultation indicators of a CSE from known meetings made through the API, exact values.

A CSE built by the factories (320 employees: 12 ordinary meetings a year, L2315-28; a president, a secretary,
6 more titulaires and 2 suppléants) in the first quarter of a far year (period 1 January – 31 March, "today"
31 December of that year, so as-of 31 March):
- M1, 14 January 14:00: agenda approved by president and secretary, convened 2 December (43 days >= 3,
  on time), held, every titulaire present but the first titulaire; minutes submitted 20 January;
- M2, 11 February 14:00: agenda approved by both, convened 10 February (1 day < 3: late, acknowledged),
  held, every titulaire present; minutes never submitted;
- M3, 10 March 14:00: created, then cancelled (never convened).
- ordinary_meetings_held: 2 held / (12 × 90 / 365 = 2.96 owed) = 67.6 %;
- meetings_cancelled: 1;
- convocations_on_time: 1 on time / 2 convened = 50.0 % (1 late, 1 of them acknowledged);
- agendas_agreed_jointly: 2 / 2 = 100.0 %;
- attendance: the 7 titulaires (secretary and titular roles) over 2 held meetings = 14 seats,
  present 6 + 7 = 13 → 92.9 % (the president and the suppléants are not counted);
- minutes_on_time: M1 sent 6 days after, within its delay; M2 not sent, due 26 February (15 days, no later
  meeting), passed → 1 / 2 = 50.0 %;
  minutes_overdue: 1 (M2); minutes_days_to_transmission: median of {6} = 6;
- consultation informed 5 January without expert: deadline 5 February (1 month, R2312-6), no opinion, passed
  → consultations_not_deemed_negative: 0 given / (0 + 1 deemed negative) = 0.0 %.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from dialogue.core.clock import local_today
from tests.api.meeting_helpers import Setup, add_item, agree_agenda, large_cse, new_meeting, paris
from tests.helpers.clock import FrozenClock

#: A far year, inside the factories' mandates (to 2035), that the demo data and the acceptance test never reach.
YEAR = max(2031, local_today().year + 5)
TITULAR_ROLES = {"secretary", "deputy_secretary", "treasurer", "titular"}


async def _meeting(demo: Setup, day: int, month: int, title: str) -> int:
    meeting = await new_meeting(demo.client, demo.secretary, demo.cse, paris(YEAR, month, day), title=title)
    await add_item(demo.client, demo.secretary, meeting["id"], title="Point d'information", kind="information")
    return int(meeting["id"])


async def _convene(demo: Setup, mid: int, **payload: Any) -> None:
    await agree_agenda(demo.client, demo.secretary, demo.director, mid)
    response = await demo.client.post(f"/api/v1/meetings/{mid}/convene", headers=demo.secretary, json=payload)
    assert response.status_code == 200, response.text


async def _hold(demo: Setup, mid: int, *, absent: tuple[str, ...] = ()) -> None:
    entries = [
        {"member_id": m["id"], "status": "absent" if email in absent or m["role"] == "substitute" else "present"}
        for email, m in demo.members.items()
    ]
    response = await demo.client.put(
        f"/api/v1/meetings/{mid}/attendance", headers=demo.secretary, json={"entries": entries}
    )
    assert response.status_code == 200, response.text
    response = await demo.client.post(f"/api/v1/meetings/{mid}/hold", headers=demo.secretary)
    assert response.status_code == 200, response.text


async def test_meeting_and_consultation_indicators_are_exact(
    client: Any, settings: Any, monkeypatch: pytest.MonkeyPatch, frozen_clock: FrozenClock
) -> None:
    secret = settings.secret_key.get_secret_value()
    demo, cse = await large_cse(client, monkeypatch, secret=secret, now=paris(YEAR - 1, 12, 2, 9))
    titulars = sum(1 for m in demo.members.values() if m["role"] in TITULAR_ROLES)
    assert titulars == 7

    # M1: convened six weeks ahead, the first titulaire absent, minutes sent six days later.
    m1 = await _meeting(demo, 14, 1, "Réunion de janvier")
    await _convene(demo, m1)
    frozen_clock.set(paris(YEAR, 1, 14))
    await _hold(demo, m1, absent=(cse.titulaires[0].email,))
    frozen_clock.set(paris(YEAR, 1, 20, 10))
    draft = await client.post(f"/api/v1/meetings/{m1}/minutes", headers=demo.secretary, json={})
    assert draft.status_code == 201, draft.text
    submitted = await client.post(f"/api/v1/meetings/{m1}/minutes/submit", headers=demo.secretary)
    assert submitted.status_code == 200, submitted.text

    # M2: convened the day before, the lateness acknowledged; everyone present; no minutes.
    m2 = await _meeting(demo, 11, 2, "Réunion de février")
    frozen_clock.set(paris(YEAR, 2, 10, 9))
    await _convene(demo, m2, acknowledge_late=True, late_reason="urgence sociale")
    frozen_clock.set(paris(YEAR, 2, 11))
    await _hold(demo, m2)

    # M3: planned, then cancelled.
    m3 = await _meeting(demo, 10, 3, "Réunion de mars")
    cancelled = await client.post(f"/api/v1/meetings/{m3}/cancel", headers=demo.secretary, json={"reason": "Grève"})
    assert cancelled.status_code == 200, cancelled.text

    # A consultation whose one-month delay runs out on 5 February without an opinion.
    frozen_clock.set(paris(YEAR, 3, 1, 9))
    consultation = await client.post(
        f"/api/v1/bodies/{demo.cse}/consultations",
        headers=demo.secretary,
        json={"subject": "Horaires d'été", "kind": "ponctual", "informed_on": f"{YEAR}-01-05"},
    )
    assert consultation.status_code == 201, consultation.text
    assert consultation.json()["deadline"] == f"{YEAR}-02-05"

    frozen_clock.set(date(YEAR, 12, 31))
    response = await client.get(
        f"/api/v1/bodies/{demo.cse}/indicators",
        params={"from": f"{YEAR}-01-01", "to": f"{YEAR}-03-31"},
        headers=demo.director,
    )
    assert response.status_code == 200, response.text
    items = {item["code"]: item for item in response.json()["items"]}

    def exact(code: str) -> tuple[Any, Any, Any]:
        return items[code]["value"], items[code]["numerator"], items[code]["denominator"]

    assert exact("ordinary_meetings_held") == (67.6, 2.0, 2.96)
    assert items["meetings_cancelled"]["value"] == 1.0
    assert exact("convocations_on_time") == (50.0, 1.0, 2.0)
    assert items["convocations_on_time"]["breakdown"] == {
        "convocations tardives": 1.0,
        "dont retard assumé et motivé": 1.0,
    }
    assert exact("agendas_agreed_jointly") == (100.0, 2.0, 2.0)
    assert exact("attendance") == (92.9, 13.0, 14.0)  # 7 titulaires: (6 + 7) / 14
    assert exact("minutes_on_time") == (50.0, 1.0, 2.0)
    assert items["minutes_overdue"]["value"] == 1.0
    assert (items["minutes_days_to_transmission"]["value"], items["minutes_days_to_transmission"]["denominator"]) == (
        6.0,
        1.0,
    )
    assert exact("consultations_not_deemed_negative") == (0.0, 0.0, 1.0)
    assert items["consultations_not_deemed_negative"]["breakdown"]["avis réputés négatifs"] == 1.0

    # The règlement intérieur carries an agreed PV delay of 5 days (L2315-34): M1, sent on the 6th day, is now
    # late in the indicator as it is on the meeting's page (one rule for both).
    from dialogue.bodies.tables import Body

    await Body.update({Body.minutes_delay_days: 5}).where(Body.id == demo.cse)
    agreed = await client.get(
        f"/api/v1/bodies/{demo.cse}/indicators",
        params={"from": f"{YEAR}-01-01", "to": f"{YEAR}-03-31"},
        headers=demo.director,
    )
    by_code = {item["code"]: item for item in agreed.json()["items"]}
    minutes = by_code["minutes_on_time"]
    assert (minutes["value"], minutes["numerator"], minutes["denominator"]) == (0.0, 0.0, 2.0)
    page = await client.get(f"/api/v1/meetings/{m1}", headers=demo.director)
    assert page.json()["minutes"]["due_on"] == f"{YEAR}-01-19"
