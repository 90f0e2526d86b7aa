"""Indicator pages over HTTP: a body's indicators (tab of the body page), the organisation's (`/indicateurs`),
one page per indicator with its monthly trend and the records it counts, the CSV; period form and access."""

from __future__ import annotations

import re
from typing import Any

import pytest
from markupsafe import escape

from dialogue.indicators.pages import _change, _page_number, record_page_url
from tests.api.test_pages import HTML, sign_in


async def cse_id(client: Any, auth: Any) -> int:
    me = (await client.get("/api/v1/me", headers=await auth("secretaire@demo.example"))).json()
    return int(next(m["body_id"] for m in me["memberships"] if m["body_kind"] == "cse"))


def svg_count(html: str) -> int:
    return len(re.findall(r"<svg [^>]*role=\"img\"", html))


async def test_body_page_has_an_indicators_tab_and_the_report(client: Any, auth: Any) -> None:
    body = await cse_id(client, auth)
    await sign_in(client, "secretaire@demo.example")
    page = await client.get(f"/instances/{body}", headers=HTML)
    assert f'href="/instances/{body}/indicateurs"' in page.text
    report = await client.get(f"/instances/{body}/indicateurs", headers=HTML)
    assert report.status_code == 200, report.text
    text = report.text
    assert "Score de santé du dialogue social" in text
    assert "Tableau des indicateurs" in text
    assert svg_count(text) == 2  # the gauge and the summary, inlined with their title and desc
    assert "<title id=" in text and "<desc id=" in text
    api = (await client.get(f"/api/v1/bodies/{body}/indicators", headers=await auth("secretaire@demo.example"))).json()
    year = api["from_date"][:4]
    assert api["from_date"] == f"{year}-01-01" and api["to_date"] == f"{year}-12-31"
    assert f'value="{year}-01-01"' in text and f'value="{year}-12-31"' in text  # current year by default
    for item in api["items"]:
        if item["code"] != "health_score":
            assert escape(item["label"]) in text
            assert f"/instances/{body}/indicateurs/{item['code']}?from=" in text
    # The status is written in words, not by colour only.
    assert re.search(r'class="badge status-(ok|warning|alert|unknown)">(conforme|attention|alerte|n\.d\.)<', text)
    assert f'href="/instances/{body}/indicateurs.csv?from={year}-01-01&amp;to={year}-12-31"' in text


async def test_period_selection_is_applied(client: Any, auth: Any) -> None:
    body = await cse_id(client, auth)
    await sign_in(client, "secretaire@demo.example")
    page = await client.get(f"/instances/{body}/indicateurs?from=2025-03-01&to=2025-06-30", headers=HTML)
    assert page.status_code == 200
    assert "1er mars 2025" in page.text and "30 juin 2025" in page.text
    assert 'value="2025-03-01"' in page.text and 'value="2025-06-30"' in page.text
    assert "from=2025-03-01&amp;to=2025-06-30" in page.text


async def test_indicator_page_shows_the_trend_and_the_records(client: Any, auth: Any) -> None:
    body = await cse_id(client, auth)
    headers = await auth("secretaire@demo.example")
    api = (await client.get(f"/api/v1/bodies/{body}/indicators", headers=headers)).json()
    code = "questions_answered_on_time"
    item = next(i for i in api["items"] if i["code"] == code)
    records = (await client.get(f"/api/v1/bodies/{body}/indicators/{code}/records", headers=headers)).json()
    await sign_in(client, "secretaire@demo.example")
    page = await client.get(f"/instances/{body}/indicateurs/{code}", headers=HTML)
    assert page.status_code == 200, page.text
    assert page.headers["content-type"].startswith("text/html")
    assert escape(item["label"]) in page.text
    assert "Évolution mensuelle" in page.text and svg_count(page.text) == 1
    assert "Enregistrements comptés" in page.text
    if records["items"]:
        first = records["items"][0]
        assert f'href="/entrees/{first["id"]}"' in page.text
    else:
        assert "Aucun enregistrement compté sur la période." in page.text


async def test_health_score_page_explains_its_components(client: Any, auth: Any) -> None:
    body = await cse_id(client, auth)
    await sign_in(client, "secretaire@demo.example")
    page = await client.get(f"/instances/{body}/indicateurs/health_score", headers=HTML)
    assert page.status_code == 200
    assert "Le score composite se détaille par ses composantes" in page.text


async def test_csv_downloads(client: Any, auth: Any) -> None:
    body = await cse_id(client, auth)
    await sign_in(client, "direction@demo.example")
    for path in (f"/instances/{body}/indicateurs.csv", "/indicateurs.csv"):
        response = await client.get(path + "?from=2025-01-01&to=2025-12-31")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/csv")
        assert "attachment" in response.headers["content-disposition"]
        assert "indicateur" in response.text.splitlines()[0]


@pytest.mark.parametrize("email", ["gouvernance@demo.example", "direction@demo.example", "admin@demo.example"])
async def test_organisation_readers_see_the_page_and_the_navigation_link(client: Any, email: str) -> None:
    await sign_in(client, email)
    home = await client.get("/", headers=HTML)
    assert 'href="/indicateurs"' in home.text
    page = await client.get("/indicateurs", headers=HTML)
    assert page.status_code == 200, page.text
    assert escape("Indicateurs de l'organisation") in page.text
    assert "Score de santé du dialogue social" in page.text
    assert 'href="/indicateurs.csv?from=' in page.text
    assert 'href="/indicateurs/questions_answered_on_time?from=' in page.text
    detail = await client.get("/indicateurs/questions_answered_on_time", headers=HTML)
    assert detail.status_code == 200


async def test_elu_has_no_organisation_link_and_gets_403(client: Any) -> None:
    await sign_in(client, "elu@demo.example")
    home = await client.get("/", headers=HTML)
    assert 'href="/indicateurs"' not in home.text
    for path in ("/indicateurs", "/indicateurs/questions_answered_on_time", "/indicateurs.csv"):
        response = await client.get(path, headers=HTML)
        assert response.status_code == 403, path
        assert response.headers["content-type"].startswith("text/html")


async def test_pages_are_available_in_english(client: Any, auth: Any) -> None:
    body = await cse_id(client, auth)
    await sign_in(client, "secretaire@demo.example")
    client.cookies.set("lang", "en")
    page = await client.get(f"/instances/{body}/indicateurs", headers=HTML)
    assert "Health score of the social dialogue" in page.text and "Table of indicators" in page.text
    bad = await client.get(f"/instances/{body}/indicateurs?from=x", headers=HTML)
    assert bad.status_code == 422 and "The period is not valid." in bad.text


async def test_elu_reads_the_indicators_of_their_body(client: Any, auth: Any) -> None:
    body = await cse_id(client, auth)
    await sign_in(client, "elu@demo.example")
    assert (await client.get(f"/instances/{body}/indicateurs", headers=HTML)).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/instances/{body}/indicateurs",
        "/instances/{body}/indicateurs/questions_answered_on_time",
        "/instances/{body}/indicateurs.csv",
    ],
)
async def test_another_organisation_gets_404(client: Any, auth: Any, path: str) -> None:
    body = await cse_id(client, auth)
    await sign_in(client, "admin@voisine.example")
    response = await client.get(path.format(body=body), headers=HTML)
    assert response.status_code == 404


async def test_unknown_indicator_is_404(client: Any, auth: Any) -> None:
    body = await cse_id(client, auth)
    await sign_in(client, "secretaire@demo.example")
    assert (await client.get(f"/instances/{body}/indicateurs/inconnu", headers=HTML)).status_code == 404


async def test_signed_out_reader_is_sent_to_sign_in(client: Any) -> None:
    response = await client.get("/indicateurs", headers=HTML)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/connexion")


@pytest.mark.parametrize(
    ("query", "fields"),
    [
        ("from=demain", ["from"]),
        ("from=2025-01-01&to=31/12/2025", ["to"]),
        ("from=2025-06-01&to=2025-01-01", ["from", "to"]),
        ("from=1990-01-01&to=2025-12-31", ["to"]),
    ],
    ids=["from-not-a-date", "to-not-iso", "inverted", "too-long"],
)
@pytest.mark.parametrize(
    "base", ["/indicateurs", "/indicateurs/questions_answered_on_time", "/instances/{body}/indicateurs"]
)
async def test_bad_period_rerenders_the_form_naming_the_field(
    client: Any, auth: Any, query: str, fields: list[str], base: str
) -> None:
    body = await cse_id(client, auth)
    await sign_in(client, "direction@demo.example")
    response = await client.get(f"{base.format(body=body)}?{query}", headers=HTML)
    assert response.status_code == 422, response.text
    assert escape("La période n'est pas valide.") in response.text
    assert "Indicateurs" in response.text.split("<h1>")[1]
    for field in fields:
        assert f'id="f-{field}-error"' in response.text
        assert f'id="f-{field}"' in response.text and 'aria-invalid="true"' in response.text
    # What was typed is kept.
    for part in query.split("&"):
        value = part.split("=", 1)[1]
        assert f'value="{value}"' in response.text


def test_record_pages_and_helpers() -> None:
    assert record_page_url("register_entry", 4) == "/entrees/4"
    assert record_page_url("meeting", 2) == "/reunions/2"
    assert record_page_url("action_proposal", 3) == "/actions-qvt/3"
    assert record_page_url("consultation", 3) is None
    assert _change(None, "%") == "—"
    assert _change(2.5, "%") == "+2,5\u00a0points"  # a share moves by points, never by percent
    assert _change(1.0, "%") == "+1\u00a0point"
    assert _change(-1.0, "jours") == "-1\u00a0jour"
    assert _change(-3.0, "jours") == "-3\u00a0jours"
    assert _change(0.0, "réunions") == "0\u00a0réunion"
    assert _page_number(None) == 1
    assert _page_number("0") == 1
    assert _page_number("abc") == 1
    assert _page_number("3") == 3
    assert _page_number("9" * 12) == 1
