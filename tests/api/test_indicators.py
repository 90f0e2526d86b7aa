"""Indicators over HTTP: readers, isolation, bad input, SVG and CSV, drill-down, health-score weights."""

from __future__ import annotations

from typing import Any

import pytest

from dialogue.audit.tables import AuditEvent
from dialogue.bodies.tables import Body
from dialogue.core import events
from dialogue.indicators.events import HealthWeightsChanged
from dialogue.indicators.rules import DEFAULT_WEIGHTS
from tests.helpers.problems import assert_problem

CONTRACT_FIELDS = {"code", "label", "value", "unit", "target", "status"}


async def _cse(name: str = "CSE de l'Association Les Tilleuls") -> dict[str, Any]:
    body = await Body.select().where(Body.name == name).first()
    assert body is not None
    return body


@pytest.mark.parametrize(
    "email", ["secretaire@demo.example", "elu@demo.example", "direction@demo.example", "admin@demo.example"]
)
async def test_body_readers_get_the_contract_list_with_the_period(client: Any, auth: Any, email: str) -> None:
    cse = await _cse()
    response = await client.get(
        f"/api/v1/bodies/{cse['id']}/indicators",
        params={"from": "2026-01-01", "to": "2026-06-30"},
        headers=await auth(email),
    )
    assert response.status_code == 200, response.text
    report = response.json()
    assert (report["from_date"], report["to_date"]) == ("2026-01-01", "2026-06-30")
    assert (report["previous_from"], report["previous_to"]) == ("2025-07-01", "2025-12-31")
    assert report["total"] == len(report["items"]) > 10
    for item in report["items"]:
        assert item.keys() >= CONTRACT_FIELDS
        assert item["status"] in {"ok", "warning", "alert", "unknown"}
        assert (item["status"] == "unknown") == (item["value"] is None)  # « n.d. » is never rated
    codes = {item["code"] for item in report["items"]}
    assert {"convocations_on_time", "attendance", "minutes_on_time", "questions_answered_on_time"} <= codes
    assert "health_score" in codes


async def test_gouvernance_reads_organisation_indicators_but_not_the_cse(client: Any, auth: Any) -> None:
    cse = await _cse()
    headers = await auth("gouvernance@demo.example")
    org = await client.get(f"/api/v1/organizations/{cse['organization']}/indicators", headers=headers)
    assert org.status_code == 200, org.text
    assert org.json()["scope"] == "organization"
    assert {i["code"] for i in org.json()["items"]} >= {"qvt_barometer_participation", "health_score"}
    assert_problem(await client.get(f"/api/v1/bodies/{cse['id']}/indicators", headers=headers), 403)


async def test_an_elu_does_not_read_organisation_indicators(client: Any, auth: Any) -> None:
    cse = await _cse()
    response = await client.get(
        f"/api/v1/organizations/{cse['organization']}/indicators", headers=await auth("elu@demo.example")
    )
    assert_problem(response, 403)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/bodies/{body}/indicators",
        "/api/v1/bodies/{body}/indicators.svg",
        "/api/v1/bodies/{body}/indicators.csv",
        "/api/v1/bodies/{body}/indicators/attendance.svg",
        "/api/v1/bodies/{body}/indicators/attendance/records",
        "/api/v1/organizations/{org}/indicators",
        "/api/v1/organizations/{org}/indicator-weights",
    ],
)
async def test_another_organisation_gets_404(client: Any, auth: Any, path: str) -> None:
    cse = await _cse()
    url = path.format(body=cse["id"], org=cse["organization"])
    assert_problem(await client.get(url, headers=await auth("admin@voisine.example")), 404)


@pytest.mark.parametrize(
    ("params", "fields"),
    [
        ({"from": "2026-06-01", "to": "2026-01-01"}, {"from", "to"}),
        ({"from": "2000-01-01", "to": "2030-12-31"}, {"to"}),
        ({"from": "2026-13-01"}, {"from"}),
        ({"to": "hier"}, {"to"}),
    ],
    ids=["inverted", "too-long", "bad-month", "not-a-date"],
)
async def test_bad_periods_are_refused_naming_the_fields(
    client: Any, auth: Any, params: dict[str, str], fields: set[str]
) -> None:
    cse = await _cse()
    response = await client.get(
        f"/api/v1/bodies/{cse['id']}/indicators", params=params, headers=await auth("direction@demo.example")
    )
    body = assert_problem(response, 422)
    named = {str(e["field"]).split(".")[-1] for e in body["errors"]}
    assert fields <= named


async def test_unknown_indicator_is_404(client: Any, auth: Any) -> None:
    cse = await _cse()
    headers = await auth("direction@demo.example")
    assert_problem(await client.get(f"/api/v1/bodies/{cse['id']}/indicators/nope/trend", headers=headers), 404)
    assert_problem(await client.get(f"/api/v1/bodies/{cse['id']}/indicators/nope.svg", headers=headers), 404)
    assert_problem(await client.get(f"/api/v1/bodies/{cse['id']}/indicators/attendance.png", headers=headers), 404)
    assert_problem(
        await client.get(f"/api/v1/bodies/{cse['id']}/indicators/health_score/records", headers=headers), 404
    )


async def test_summary_and_series_charts_are_accessible_svg(client: Any, auth: Any) -> None:
    cse = await _cse()
    headers = await auth("secretaire@demo.example")
    summary = await client.get(f"/api/v1/bodies/{cse['id']}/indicators.svg", headers=headers)
    assert summary.status_code == 200
    assert summary.headers["content-type"].startswith("image/svg+xml")
    assert 'role="img"' in summary.text and "<title" in summary.text
    assert "Convocations dans les délais" in summary.text
    chart = await client.get(
        f"/api/v1/bodies/{cse['id']}/indicators/convocations_on_time.svg",
        params={"from": "2026-01-01"},
        headers=headers,
    )
    assert chart.status_code == 200
    assert "janv. 2026" in chart.text and "Objectif" in chart.text


async def test_csv_lists_the_period_then_each_month(client: Any, auth: Any) -> None:
    cse = await _cse()
    response = await client.get(
        f"/api/v1/bodies/{cse['id']}/indicators.csv",
        params={"from": "2026-01-01", "to": "2026-03-31"},
        headers=await auth("direction@demo.example"),
    )
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("code;indicateur;unité;période;valeur")
    assert any(line.startswith("attendance;") and ";2026-01-01/2026-03-31;" in line for line in lines)
    assert any(line.startswith("attendance;") and ";2026-02;" in line for line in lines)


async def test_trend_gives_this_period_and_the_previous_one_month_by_month(client: Any, auth: Any) -> None:
    cse = await _cse()
    response = await client.get(
        f"/api/v1/bodies/{cse['id']}/indicators/ordinary_meetings_held/trend",
        params={"from": "2026-01-01", "to": "2026-03-31"},
        headers=await auth("direction@demo.example"),
    )
    assert response.status_code == 200, response.text
    detail = response.json()
    assert [p["month"] for p in detail["series"]] == ["2026-01", "2026-02", "2026-03"]
    assert [p["month"] for p in detail["previous_series"]] == ["2025-10", "2025-11", "2025-12"]


async def test_confidential_entries_are_redacted_in_drill_down_for_readers_outside_the_body(
    client: Any, auth: Any
) -> None:
    cse = await _cse()
    org = cse["organization"]
    admin = await client.get(
        f"/api/v1/organizations/{org}/indicators/dgi_alerts/records", headers=await auth("gouvernance@demo.example")
    )
    direction = await client.get(
        f"/api/v1/organizations/{org}/indicators/dgi_alerts/records", headers=await auth("direction@demo.example")
    )
    assert admin.status_code == direction.status_code == 200
    assert admin.json()["total"] == direction.json()["total"]


async def test_weights_are_changed_by_an_admin_audited_and_announced(client: Any, auth: Any) -> None:
    cse = await _cse()
    org = cse["organization"]
    seen: list[HealthWeightsChanged] = []

    async def listen(event: HealthWeightsChanged) -> None:
        seen.append(event)

    events.subscribe(HealthWeightsChanged, listen)
    url = f"/api/v1/organizations/{org}/indicator-weights"
    admin = await auth("admin@demo.example")
    before = await client.get(f"/api/v1/organizations/{org}/indicators", headers=admin)
    response = await client.put(url, json={"weights": {"attendance": 0, "minutes_on_time": 0.5}}, headers=admin)
    assert response.status_code == 200, response.text
    assert response.json()["weights"]["attendance"] == 0
    assert response.json()["overrides"] == {"attendance": 0.0, "minutes_on_time": 0.5}
    after = await client.get(f"/api/v1/organizations/{org}/indicators", headers=admin)
    assert after.json()["weights"]["minutes_on_time"] == 0.5
    assert before.json()["weights"]["attendance"] == 0.15
    assert seen and seen[-1].after == {"attendance": 0.0, "minutes_on_time": 0.5}
    audit = await AuditEvent.select().where(AuditEvent.entity == "indicator_weights").first()
    assert audit is not None
    reset = await client.delete(url, headers=admin)
    assert reset.status_code == 200
    assert reset.json()["overrides"] == {}


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"weights": {"bonne_humeur": 1}}, "weights.bonne_humeur"),
        ({"weights": {"attendance": -1}}, "attendance"),
        ({"weights": dict.fromkeys(DEFAULT_WEIGHTS, 0)}, "weights"),
        ({"weights": {"attendance": "beaucoup"}}, "attendance"),
        ({"poids": {}}, "poids"),
    ],
    ids=["unknown-component", "negative", "all-zero", "not-a-number", "unknown-field"],
)
async def test_bad_weights_are_refused_and_nothing_is_stored(
    client: Any, auth: Any, payload: dict[str, Any], field: str
) -> None:
    cse = await _cse()
    url = f"/api/v1/organizations/{cse['organization']}/indicator-weights"
    admin = await auth("admin@demo.example")
    response = await client.put(url, json=payload, headers=admin)
    body = assert_problem(response, 422)
    assert any(field in str(e["field"]) for e in body["errors"])
    assert (await client.get(url, headers=admin)).json()["overrides"] == {}


@pytest.mark.parametrize("email", ["direction@demo.example", "secretaire@demo.example", "gouvernance@demo.example"])
async def test_only_admins_change_weights(client: Any, auth: Any, email: str) -> None:
    cse = await _cse()
    url = f"/api/v1/organizations/{cse['organization']}/indicator-weights"
    response = await client.put(url, json={"weights": {"attendance": 1}}, headers=await auth(email))
    assert_problem(response, 403)
