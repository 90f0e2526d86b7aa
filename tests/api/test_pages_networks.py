"""Network pages over HTTP (issue 20): the facilitator's board, library and benchmark; a trinôme member approves
and publishes its organisation's sheet from the network's page; the QVT steps page (issue 21 §3)."""

from __future__ import annotations

from typing import Any

from tests.api.qvt_helpers import steering_id
from tests.api.test_pages import HTML, csrf_from, sign_in


async def network_id(client: Any, auth: Any) -> int:
    items = (await client.get("/api/v1/networks", headers=await auth("facilitatrice@reseau.example"))).json()["items"]
    return int(items[0]["id"])


async def test_facilitator_reads_the_board_the_library_and_the_benchmark(client: Any, auth: Any) -> None:
    network = await network_id(client, auth)
    await sign_in(client, "facilitatrice@reseau.example")
    listing = await client.get("/reseaux", headers=HTML)
    assert "Cluster QVT médico-social du Rhône" in listing.text
    assert "Vous animez ce réseau." in listing.text
    page = await client.get(f"/reseaux/{network}", headers=HTML)
    assert page.status_code == 200
    assert "Tableau des étapes" in page.text
    assert "avance plus depuis le" in page.text
    assert "Notes de visite :" in page.text
    library = await client.get(f"/reseaux/{network}/fiches?type_etablissement=IME", headers=HTML)
    assert "1 fiche(s)" in library.text
    assert "affiché et discuté en équipe" in library.text
    bench = await client.get(f"/reseaux/{network}/comparaison", headers=HTML)
    assert "Organisations contributrices : 3" in bench.text
    assert "3,5 à 4" in bench.text


async def test_a_trinome_member_approves_then_publishes_the_sheet_from_the_network_page(client: Any, auth: Any) -> None:
    network = await network_id(client, auth)
    await sign_in(client, "secretaire@demo.example")
    page = await client.get(f"/reseaux/{network}", headers=HTML)
    assert "Nos étapes" in page.text
    assert "Approbations attendues : Représentants du personnel" in page.text
    sheets = (
        await client.get(f"/api/v1/networks/{network}/experience-sheets", headers=await auth("secretaire@demo.example"))
    ).json()
    draft = next(s for s in sheets["items"] if s["status"] == "draft")
    approved = await client.post(
        f"/reseaux/{network}/fiches/{draft['id']}/approuver", data={"_csrf_token": csrf_from(page.text)}, headers=HTML
    )
    assert approved.status_code == 303
    page = await client.get(approved.headers["location"], headers=HTML)
    assert "Votre approbation est enregistrée." in page.text
    published = await client.post(
        f"/reseaux/{network}/fiches/{draft['id']}/publier", data={"_csrf_token": csrf_from(page.text)}, headers=HTML
    )
    page = await client.get(published.headers["location"], headers=HTML)
    assert "La fiche est publiée au réseau." in page.text
    assert "Retirer du réseau" in page.text


async def test_steps_page_names_the_trinome_and_refuses_dates_out_of_order(client: Any, auth: Any) -> None:
    body = await steering_id(client, await auth("secretaire@demo.example"))
    await sign_in(client, "secretaire@demo.example")
    page = await client.get(f"/instances/{body}/qvt/etapes", headers=HTML)
    assert "Trinôme complet" in page.text
    assert "Suivi fait" in page.text
    refused = await client.post(
        f"/instances/{body}/qvt/etapes/sustain",
        data={"started_on": "2026-06-01", "completed_on": "2026-05-01", "_csrf_token": csrf_from(page.text)},
        headers=HTML,
    )
    assert refused.status_code == 422
    assert "antérieure à la date de début" in refused.text
    steering = await client.get(f"/instances/{body}/qvt", headers=HTML)
    assert "étape en cours : Expérimenter avec les espaces de discussion" in steering.text
