"""The indicators not covered by test_indicators_meetings_exact, from known data made through the API, exact.

Same far year as that file, on organisations built by the factories, period 1 January – 31 March, "today" 31 December
(so as-of 31 March).

Meetings of a CSE (320 employees, L2315-27: 4 SSCT meetings a year; 7 titulaires):
- A, 13 January 14:00, ordinary meeting treating SSCT (treats_ssct), held; minutes submitted 20 January;
- B, 10 February 14:00, held, with a vote item adopting the minutes of A (adopted on 10 February).
- ssct_meetings_held: 1 held / (4 × 90 / 365 = 0.986 → 0.99 owed) = 101.0 %;
- minutes_days_to_adoption: A adopted 28 days after it met (13 January → 10 February), B not adopted
  → median of {28} = 28, over 1 adopted minutes.

QVT (organisation report), the clock on 20 March of that year:
- a barometer of that year (default questionnaire, 7 themes), 6 links, 5 answers (the minimum group size,
  so the overall result is shown), closed 20 March: the latest barometer closed within the period.
  Every question of a theme gets the same value from one respondent, so a theme's mean is the mean of the
  5 values: sens 4,4,4,4,4 → 4.0; relations 3,3,4,4,4 → 3.6; management 3 → 3.0; organisation
  1,2,2,2,3 → 2.0; conditions 3 → 3.0; reconnaissance 2,2,2,3,3 → 2.4; dialogue social 3 → 3.0;
  qvt_barometer_score = mean of the 7 theme means = 21.0 / 7 = 3.0;
- action plan (a QVT steering committee of its own): every action created up to 31 March counts, those
  already there (e evaluated among a adopted, in progress or evaluated, read before: none) and three new
  ones: one proposed (not counted), one adopted, one evaluated → qvt_action_plan_progress =
  (e + 1) / (a + 2), in percent rounded to 0.1.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from dialogue.bodies.schemas import BodyKind
from tests.api.meeting_helpers import large_cse, paris
from tests.api.qvt_helpers import answers_for, invite
from tests.api.test_indicators_meetings_exact import YEAR
from tests.factories import bearer_headers, make_body, make_organization
from tests.helpers.clock import FrozenClock

PERIOD = {"from": f"{YEAR}-01-01", "to": f"{YEAR}-03-31"}


async def test_ssct_meetings_and_days_to_adoption_are_exact(
    client: Any, settings: Any, monkeypatch: pytest.MonkeyPatch, frozen_clock: FrozenClock
) -> None:
    secret = settings.secret_key.get_secret_value()
    demo, cse = await large_cse(client, monkeypatch, secret=secret, now=paris(YEAR - 1, 12, 2, 9))

    # A: an ordinary meeting also treating SSCT, held 13 January; minutes submitted on the 20th.
    a, _ = await demo.held(paris(YEAR, 1, 13), kind="information", title="Réunion SSCT", treats_ssct=True)
    frozen_clock.set(paris(YEAR, 1, 20, 10))
    draft = await client.post(f"/api/v1/meetings/{a['id']}/minutes", headers=demo.secretary, json={})
    assert draft.status_code == 201, draft.text
    submitted = await client.post(f"/api/v1/meetings/{a['id']}/minutes/submit", headers=demo.secretary)
    assert submitted.status_code == 200, submitted.text

    # B: held 10 February, adopting the minutes of A by a vote.
    b, item = await demo.held(
        paris(YEAR, 2, 10),
        title="Réunion de février",
        item={"title": "Adoption du procès-verbal", "kind": "vote", "minutes_of_meeting_id": a["id"]},
    )
    vote = await client.post(
        f"/api/v1/agenda-items/{item['id']}/votes",
        headers=demo.secretary,
        json={"question": "Le procès-verbal est-il adopté ?", "votes_for": 8},
    )
    assert vote.status_code == 201, vote.text
    assert vote.json()["adopted"] is True
    minutes = (await client.get(f"/api/v1/meetings/{a['id']}/minutes", headers=demo.secretary)).json()
    assert (minutes["status"], minutes["adopted_in_meeting_id"]) == ("adopted", b["id"])

    frozen_clock.set(date(YEAR, 12, 31))
    response = await client.get(f"/api/v1/bodies/{demo.cse}/indicators", params=PERIOD, headers=demo.director)
    assert response.status_code == 200, response.text
    items = {item["code"]: item for item in response.json()["items"]}
    ssct = items["ssct_meetings_held"]
    assert (ssct["value"], ssct["numerator"], ssct["denominator"]) == (101.0, 1.0, 0.99)
    adoption = items["minutes_days_to_adoption"]
    assert (adoption["value"], adoption["denominator"]) == (28.0, 1.0)


# Per respondent (5 of them), the value given to every question of each theme.
ANSWERS = {
    "sens_du_travail": (4, 4, 4, 4, 4),
    "relations": (3, 3, 4, 4, 4),
    "management": (3, 3, 3, 3, 3),
    "organisation_du_travail": (1, 2, 2, 2, 3),
    "conditions_de_travail": (3, 3, 3, 3, 3),
    "reconnaissance": (2, 2, 2, 3, 3),
    "dialogue_social": (3, 3, 3, 3, 3),
}


async def test_qvt_score_and_action_plan_progress_are_exact(
    client: Any, settings: Any, frozen_clock: FrozenClock
) -> None:
    org = await make_organization(headcount=320)
    steering = await make_body(org, kind=BodyKind.qvt_steering, titulaires=1)
    assert steering.president is not None and steering.secretary is not None
    secret = settings.secret_key.get_secret_value()
    director = bearer_headers(steering.president, secret=secret)
    utc = frozen_clock.set(paris(YEAR, 3, 20, 9))
    oid = org.id

    async def report() -> dict[str, Any]:
        response = await client.get(f"/api/v1/organizations/{oid}/indicators", params=PERIOD, headers=director)
        assert response.status_code == 200, response.text
        return {item["code"]: item for item in response.json()["items"]}

    before = (await report())["qvt_action_plan_progress"]
    evaluated, adopted = int(before["numerator"] or 0), int(before["denominator"] or 0)

    created = await client.post(
        f"/api/v1/organizations/{oid}/barometers",
        headers=director,
        json={"title": "Baromètre exact", "year": YEAR, "closes_at": (utc + timedelta(days=14)).isoformat()},
    )
    assert created.status_code == 201, created.text
    barometer = created.json()
    codes = await invite(client, director, barometer["id"], [{"department": "Tous", "count": 6}])
    opened = await client.post(f"/api/v1/barometers/{barometer['id']}/open", headers=director)
    assert opened.status_code == 200, opened.text
    for n, code in enumerate(codes[:5]):
        values = {theme: given[n] for theme, given in ANSWERS.items()}
        payload = {"answers": answers_for(barometer["questions"], values)}
        answered = await client.post(f"/barometer/{code}", json=payload)
        assert answered.status_code == 201, answered.text
    closed = await client.post(f"/api/v1/barometers/{barometer['id']}/close", headers=director)
    assert closed.status_code == 200, closed.text

    secretary = bearer_headers(steering.secretary, secret=secret)
    me = steering.president.id
    for target in ("proposed", "adopted", "evaluated"):
        response = await client.post(
            f"/api/v1/bodies/{steering.id}/action-proposals",
            headers=secretary,
            json={
                "title": f"Action {target}",
                "problem": "Constat.",
                "proposal": "Proposition.",
                "success_conditions": "Conditions.",
                "calendar": "Calendrier.",
                "evaluation_criteria": "Critères.",
                "evaluation_method": "Méthode.",
                "target_population": "Tous.",
                "theme": "reconnaissance",
                "owner_id": me,
            },
        )
        assert response.status_code == 201, response.text
        aid = response.json()["id"]
        if target == "proposed":
            continue
        step = await client.post(f"/api/v1/action-proposals/{aid}/adopt", headers=director, json={})
        assert step.status_code == 200, step.text
        if target == "evaluated":
            step = await client.post(f"/api/v1/action-proposals/{aid}/start", headers=director)
            assert step.status_code == 200, step.text
            step = await client.post(
                f"/api/v1/action-proposals/{aid}/evaluate",
                headers=director,
                json={"summary": "Fait.", "results": "Résultats.", "criteria_met": True, "lessons_learned": "Leçons."},
            )
            assert step.status_code == 200, step.text

    frozen_clock.set(date(YEAR, 12, 31))
    items = await report()
    score = items["qvt_barometer_score"]
    assert score["value"] == 3.0
    assert score["breakdown"] == {
        "sens_du_travail": 4.0,
        "relations": 3.6,
        "management": 3.0,
        "organisation_du_travail": 2.0,
        "conditions_de_travail": 3.0,
        "reconnaissance": 2.4,
        "dialogue_social": 3.0,
    }
    progress = items["qvt_action_plan_progress"]
    assert (progress["numerator"], progress["denominator"]) == (evaluated + 1.0, adopted + 2.0)
    assert progress["value"] == round(100 * (evaluated + 1) / (adopted + 2), 1)
    assert progress["breakdown"]["actions : proposed"] == before["breakdown"]["actions : proposed"] + 1
