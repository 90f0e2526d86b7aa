"""The delegation hours pages of the demo (issue 18): « Mes heures » of the élu with a year of hours, the CSE's tab
and table for the secretary, the CSV for payroll; another organisation gets 404."""

from __future__ import annotations

from typing import Any

from dialogue.core.clock import local_today
from dialogue.delegation.rules import add_month, month_key
from tests.api.meeting_helpers import cse_id, login
from tests.api.test_pages import HTML, sign_in


async def test_an_elu_reads_his_hours_and_the_navigation_links_them(client: Any) -> None:
    await sign_in(client, "elu@demo.example")
    home = await client.get("/", headers=HTML)
    assert 'href="/heures-de-delegation"' in home.text
    page = await client.get("/heures-de-delegation", headers=HTML)
    assert page.status_code == 200, page.text
    assert "Mes heures de délégation" in page.text and "Solde du mois" in page.text
    assert "Donner des heures à un collègue" in page.text
    previous = await client.get("/heures-de-delegation?mois=2026-01", headers=HTML)
    assert previous.status_code == 200


async def test_the_secretary_reads_the_table_and_its_csv(client: Any) -> None:
    cse = await cse_id(client, await login(client, "secretaire@demo.example"))
    await sign_in(client, "secretaire@demo.example")
    body_page = await client.get(f"/instances/{cse}", headers=HTML)
    assert f'href="/instances/{cse}/heures-de-delegation"' in body_page.text
    page = await client.get(f"/instances/{cse}/heures-de-delegation", headers=HTML)
    assert page.status_code == 200, page.text
    assert "Export CSV pour la paie" in page.text and "R2314-1" in page.text
    csv = await client.get(f"/instances/{cse}/heures-de-delegation.csv", headers=HTML)
    assert csv.status_code == 200 and csv.text.startswith("month;member_id;name;role;credit")


async def test_the_table_of_another_organisation_is_404(client: Any) -> None:
    cse = await cse_id(client, await login(client, "secretaire@demo.example"))
    await sign_in(client, "admin@voisine.example")
    page = await client.get(f"/instances/{cse}/heures-de-delegation", headers=HTML)
    assert page.status_code == 404


async def test_a_month_outside_the_mandate_shows_an_empty_statement_and_the_new_forms(client: Any) -> None:
    """« Mes heures »: past the mandate's end the month is « hors mandat » (credit 0), never a 404; the page offers
    to announce carried hours (R2315-5) and to declare hours outside working time (L3123-14)."""
    await sign_in(client, "elu@demo.example")
    page = await client.get("/heures-de-delegation", headers=HTML)
    assert page.status_code == 200, page.text
    assert "Annoncer des heures reportées" in page.text and "Hors temps de travail" in page.text
    assert 'action="/heures-de-delegation/annoncer"' in page.text
    far = await client.get("/heures-de-delegation?mois=2040-01", headers=HTML)
    assert far.status_code == 200, far.text
    assert "Mois hors mandat" in far.text and "mois=2039-12" in far.text
    # The links stay within a window around today: nothing links 2040-02 (the statement still answers for it).
    assert "mois=2040-02" not in far.text and "Mois suivant" not in far.text


async def test_month_links_stop_after_next_month_and_three_years_back(client: Any) -> None:
    await sign_in(client, "elu@demo.example")
    this_month = month_key(local_today())
    following, after = add_month(this_month, 1), add_month(this_month, 2)
    page = await client.get(f"/heures-de-delegation?mois={this_month}", headers=HTML)
    assert f"mois={following}" in page.text
    last = await client.get(f"/heures-de-delegation?mois={following}", headers=HTML)
    assert last.status_code == 200 and "Mois suivant" not in last.text and f"mois={after}" not in last.text
    oldest = add_month(this_month, -36)
    old = await client.get(f"/heures-de-delegation?mois={oldest}", headers=HTML)
    assert old.status_code == 200 and "Mois précédent" not in old.text
