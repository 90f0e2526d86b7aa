"""Network forms over HTTP (issue 20): the host's admin creates a network; its facilitator invites an organisation,
programmes a collective day and a support visit (notes read by the visited organisation only) and records
attendance; the invited organisation's admin consents or declines, names its trinôme, publishes and withdraws its
benchmark contribution and leaves. Each form posts with its CSRF token, answers 303 and its effect, or 4xx with the
errors next to the fields; another organisation or network → 404, a member's user without the admin role → 403."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest

from tests.api.test_pages import HTML, csrf_from, sign_in
from tests.helpers.crawl import crawl

FACILITATOR = "facilitatrice@reseau.example"
NETWORK = "Cluster QVT médico-social du Rhône"
#: Each test posts a dozen forms; on a loaded machine they take longer than the default timeout.
pytestmark = pytest.mark.timeout(300)


def text(response: Any) -> str:
    return html.unescape(response.text)


async def ids(client: Any, auth: Any) -> dict[str, int]:
    """The demo network's id and the organisations' numbers, read through the API."""
    found: dict[str, int] = {}
    items = (await client.get("/api/v1/networks", headers=await auth(FACILITATOR))).json()["items"]
    found["network"] = next(n["id"] for n in items if n["name"] == NETWORK)
    for key, email in (("cedres", "admin@cedres.example"), ("demo", "admin@demo.example"), ("host", FACILITATOR)):
        found[key] = (await client.get("/api/v1/me", headers=await auth(email))).json()["organization_id"]
    return found


async def post(client: Any, page_path: str, action: str, data: dict[str, Any]) -> Any:
    page = await client.get(page_path, headers=HTML)
    assert page.status_code == 200, page.text
    return await client.post(action, data={**data, "_csrf_token": csrf_from(page.text)}, headers=HTML)


async def new_network(client: Any, auth: Any, name: str = "Programme QVT Saône") -> int:
    """The host's admin creates a network through the form, naming the facilitator."""
    facilitator = (await client.get("/api/v1/me", headers=await auth(FACILITATOR))).json()["id"]
    await sign_in(client, "admin@reseau.example")
    created = await post(
        client,
        "/reseaux/nouveau",
        "/reseaux/nouveau",
        {"name": name, "kind": "programme", "region": "Bourgogne", "facilitator_ids": [str(facilitator)]},
    )
    assert created.status_code == 303, created.text
    page = await client.get(created.headers["location"], headers=HTML)
    assert "Le réseau est créé." in text(page)
    assert "Sandrine Morel" in text(page)
    return int(created.headers["location"].split("/")[2].split("?")[0])


async def test_a_new_network_is_refused_without_a_name_and_to_a_member_without_the_admin_role(
    client: Any, auth: Any
) -> None:
    await sign_in(client, "admin@reseau.example")
    refused = await post(client, "/reseaux/nouveau", "/reseaux/nouveau", {"name": "", "kind": "cluster"})
    assert refused.status_code == 422
    assert 'id="form-errors"' in text(refused)
    assert 'id="f-name-error"' in text(refused)
    await sign_in(client, FACILITATOR)
    assert (await client.get("/reseaux/nouveau", headers=HTML)).status_code == 403
    listing = await client.get("/reseaux", headers=HTML)
    assert "/reseaux/nouveau" not in text(listing)


async def test_facilitator_invites_and_the_invited_admin_consents_then_names_the_trinome(
    client: Any, auth: Any
) -> None:
    found = await ids(client, auth)
    network = await new_network(client, auth)
    await sign_in(client, FACILITATOR)
    unknown = await post(
        client, f"/reseaux/{network}/inviter", f"/reseaux/{network}/inviter", {"organization_id": "999999"}
    )
    assert unknown.status_code == 422
    assert 'id="f-organization-id-error"' in text(unknown)
    assert "introuvable" in text(unknown)
    invited = await post(
        client,
        f"/reseaux/{network}/inviter",
        f"/reseaux/{network}/inviter",
        {"organization_id": str(found["cedres"]), "establishment_type": "EHPAD"},
    )
    assert invited.status_code == 303
    page = await client.get(invited.headers["location"], headers=HTML)
    assert "L'invitation est envoyée" in text(page)
    assert "Fondation Les Cèdres" in text(page)
    again = await post(
        client, f"/reseaux/{network}/inviter", f"/reseaux/{network}/inviter", {"organization_id": str(found["cedres"])}
    )
    assert again.status_code == 409
    assert "déjà invitée ou membre" in text(again)

    # a member of the invited organisation without the admin role does not even see the invitation
    await sign_in(client, "ide@cedres.example")
    assert (await client.get(f"/reseaux/{network}/invitation", headers=HTML)).status_code == 404

    await sign_in(client, "admin@cedres.example")
    listing = await client.get("/reseaux", headers=HTML)
    assert f'href="/reseaux/{network}/invitation"' in text(listing)
    assert f"<strong>{found['cedres']}</strong>" in text(listing)
    consented = await post(
        client,
        f"/reseaux/{network}/invitation",
        f"/reseaux/{network}/invitation",
        {"decision": "accept", "establishment_type": "EHPAD"},
    )
    assert consented.status_code == 303
    page = await client.get(consented.headers["location"], headers=HTML)
    assert "Votre organisation a rejoint le réseau." in text(page)
    status = (await client.get(f"/api/v1/networks/{network}", headers=await auth("admin@cedres.example"))).json()
    assert status["my_organization_status"] == "active"

    accounts = (await client.get("/api/v1/networks", headers=await auth("admin@cedres.example"))).json()
    assert any(n["id"] == network for n in accounts["items"])
    people = {
        email: (await client.get("/api/v1/me", headers=await auth(email))).json()["id"]
        for email in ("direction@cedres.example", "ide@cedres.example", "elue@cedres.example")
    }
    outsider = (await client.get("/api/v1/me", headers=await auth("admin@demo.example"))).json()["id"]
    wrong = await post(
        client,
        f"/reseaux/{network}/trinome",
        f"/reseaux/{network}/trinome",
        {"direction": [str(outsider)]},
    )
    assert wrong.status_code == 422
    assert 'id="f-direction-error"' in text(wrong)
    named = await post(
        client,
        f"/reseaux/{network}/trinome",
        f"/reseaux/{network}/trinome",
        {
            "direction": [str(people["direction@cedres.example"])],
            "professional": [str(people["ide@cedres.example"])],
            "staff_representative": [str(people["elue@cedres.example"])],
        },
    )
    assert named.status_code == 303
    page = await client.get(named.headers["location"], headers=HTML)
    assert "Le trinôme est enregistré." in text(page)
    assert "Représentants du personnel : Martine Giraud" in text(page)

    # the organisation's user without the admin role: 403 on its admin's forms, the actions disabled with why
    await sign_in(client, "ide@cedres.example")
    page = await client.get(f"/reseaux/{network}", headers=HTML)
    assert "Réservé à l'administration de l'organisation." in text(page)
    assert f'href="/reseaux/{network}/quitter"' not in text(page)
    assert (await client.get(f"/reseaux/{network}/trinome", headers=HTML)).status_code == 403
    refused = await client.post(f"/reseaux/{network}/quitter", data={"_csrf_token": csrf_from(page.text)}, headers=HTML)
    assert refused.status_code == 403


async def test_an_invited_admin_declines(client: Any, auth: Any) -> None:
    found = await ids(client, auth)
    network = await new_network(client, auth, name="Fédération du Val")
    await sign_in(client, FACILITATOR)
    await post(
        client, f"/reseaux/{network}/inviter", f"/reseaux/{network}/inviter", {"organization_id": str(found["cedres"])}
    )
    await sign_in(client, "admin@cedres.example")
    declined = await post(
        client, f"/reseaux/{network}/invitation", f"/reseaux/{network}/invitation", {"decision": "decline"}
    )
    assert declined.status_code == 303
    assert declined.headers["location"] == "/reseaux?fait=declinee"
    page = await client.get(declined.headers["location"], headers=HTML)
    assert "L'invitation est déclinée." in text(page)
    assert "Fédération du Val" not in text(page)
    assert (await client.get(f"/reseaux/{network}", headers=HTML)).status_code == 404


async def test_facilitator_programmes_a_day_and_a_visit_and_records_attendance(client: Any, auth: Any) -> None:
    found = await ids(client, auth)
    network = found["network"]
    await sign_in(client, FACILITATOR)
    form = f"/reseaux/{network}/seances/nouvelle"
    missing = await post(client, form, f"/reseaux/{network}/seances", {"kind": "collective_day", "title": ""})
    assert missing.status_code == 422
    assert 'id="f-title-error"' in text(missing)
    assert 'id="f-held-on-error"' in text(missing)
    no_org = await post(
        client,
        form,
        f"/reseaux/{network}/seances",
        {"kind": "support_visit", "title": "Visite", "held_on": "2026-12-15"},
    )
    assert no_org.status_code == 422
    assert 'id="f-organization-id-error"' in text(no_org)

    day = await post(
        client,
        form,
        f"/reseaux/{network}/seances",
        {
            "kind": "collective_day",
            "title": "Journée reconnaissance au travail",
            "held_on": "2026-12-18",
            "place": "Lyon",
            "themes": ["recognition", "welcoming"],
            "agenda": "Matin : retours d'expérience.\nAprès-midi : ateliers.",
        },
    )
    assert day.status_code == 303
    page = await client.get(day.headers["location"], headers=HTML)
    assert "La séance est programmée." in text(page)
    assert "Reconnaissance au travail, Accueil des nouveaux" in text(page)
    session_path = day.headers["location"].split("?")[0]
    bad = await post(
        client,
        session_path,
        f"{session_path}/presences",
        {"organization_id": str(found["demo"]), "attendees": "-2"},
    )
    assert bad.status_code == 422
    assert 'id="f-attendees-error"' in text(bad)
    counted = await post(
        client,
        session_path,
        f"{session_path}/presences",
        {"organization_id": str(found["demo"]), "attendees": "4"},
    )
    assert counted.status_code == 303
    session_id = int(session_path.rsplit("/", 1)[1])
    read = (
        await client.get(f"/api/v1/networks/{network}/sessions/{session_id}", headers=await auth(FACILITATOR))
    ).json()
    assert [(a["organization_id"], a["attendees"]) for a in read["attendance"]] == [(found["demo"], 4)]

    visit = await post(
        client,
        form,
        f"/reseaux/{network}/seances",
        {
            "kind": "support_visit",
            "title": "Visite d'appui de décembre",
            "held_on": "2026-12-20",
            "organization_id": str(found["demo"]),
            "notes": "Le comité hésite sur le calendrier des espaces de discussion.",
        },
    )
    assert visit.status_code == 303
    visit_path = visit.headers["location"].split("?")[0]
    # the visited organisation reads the notes; another member organisation gets 404
    await sign_in(client, "admin@demo.example")
    page = await client.get(visit_path, headers=HTML)
    assert "hésite sur le calendrier" in text(page)
    await sign_in(client, "admin@cedres.example")
    assert (await client.get(visit_path, headers=HTML)).status_code == 404
    # a member organisation cannot use the animation's forms: 403; an outsider network: 404
    assert (await client.get(form, headers=HTML)).status_code == 403
    page = await client.get(f"/reseaux/{network}", headers=HTML)
    refused = await client.post(
        f"/reseaux/{network}/inviter",
        data={"organization_id": str(found["demo"]), "_csrf_token": csrf_from(page.text)},
        headers=HTML,
    )
    assert refused.status_code == 403


async def test_another_network_facilitator_and_another_organisation_get_404(client: Any, auth: Any) -> None:
    found = await ids(client, auth)
    network = await new_network(client, auth, name="Réseau sans la facilitatrice")
    await sign_in(client, "admin@cedres.example")
    for path in (f"/reseaux/{network}/inviter", f"/reseaux/{network}/seances/nouvelle", f"/reseaux/{network}/trinome"):
        assert (await client.get(path, headers=HTML)).status_code == 404, path
    page = await client.get("/reseaux", headers=HTML)
    refused = await client.post(
        f"/reseaux/{network}/inviter",
        data={"organization_id": str(found["cedres"]), "_csrf_token": csrf_from(page.text)},
        headers=HTML,
    )
    assert refused.status_code == 404


async def test_the_admin_withdraws_the_contribution_then_leaves_after_the_explanation(client: Any, auth: Any) -> None:
    found = await ids(client, auth)
    network = found["network"]
    await sign_in(client, "admin@cedres.example")
    page = await client.get(f"/reseaux/{network}/contribution", headers=HTML)
    assert "Contribution publiée" in text(page)
    assert "Retirer la contribution" in text(page)
    withdrawn = await client.post(
        f"/reseaux/{network}/contribution/retirer", data={"_csrf_token": csrf_from(page.text)}, headers=HTML
    )
    assert withdrawn.status_code == 303
    page = await client.get(withdrawn.headers["location"], headers=HTML)
    assert "La contribution est retirée du réseau." in text(page)
    assert "Aucune contribution publiée." in text(page)
    mine = await client.get(
        f"/api/v1/networks/{network}/benchmark/contribution", headers=await auth("admin@cedres.example")
    )
    assert mine.status_code == 404

    confirm = await client.get(f"/reseaux/{network}/quitter", headers=HTML)
    assert "ses fiches de retour d'expérience publiées et sa contribution à la comparaison en sont retirées" in text(
        confirm
    )
    left = await client.post(f"/reseaux/{network}/quitter", data={"_csrf_token": csrf_from(confirm.text)}, headers=HTML)
    assert left.status_code == 303
    page = await client.get(left.headers["location"], headers=HTML)
    assert "Votre organisation a quitté le réseau" in text(page)
    assert (await client.get(f"/reseaux/{network}", headers=HTML)).status_code == 404
    members = (await client.get(f"/api/v1/networks/{network}/organizations", headers=await auth(FACILITATOR))).json()
    assert found["cedres"] not in [m["organization_id"] for m in members["items"]]
    library = (
        await client.get(f"/api/v1/networks/{network}/experience-sheets", headers=await auth(FACILITATOR))
    ).json()
    assert found["cedres"] not in [s["organization_id"] for s in library["items"] if s["status"] == "published"]


@pytest.mark.timeout(900)
@pytest.mark.parametrize("email", [FACILITATOR, "admin@cedres.example"])
async def test_every_link_the_facilitator_and_a_member_admin_are_shown_opens(client: Any, email: str) -> None:
    await sign_in(client, email)
    report = await crawl(client)
    assert report.ok, "\n".join(report.failures)
    opened = [p for p, status in report.pages.items() if status == 200]
    assert any(p.endswith("/seances/nouvelle") or p.endswith("/trinome") for p in opened), opened


async def test_the_forms_read_in_english(client: Any, auth: Any) -> None:
    found = await ids(client, auth)
    network = found["network"]
    await sign_in(client, FACILITATOR)
    client.cookies.set("lang", "en")
    invite = text(await client.get(f"/reseaux/{network}/inviter", headers=HTML))
    assert "Organisation number" in invite
    assert "Numéro de l'organisation" not in invite
    session = text(await client.get(f"/reseaux/{network}/seances/nouvelle", headers=HTML))
    assert "Kind of session" in session
    assert "Support visit only" in session
    await sign_in(client, "admin@cedres.example")
    client.cookies.set("lang", "en")
    leave = text(await client.get(f"/reseaux/{network}/quitter", headers=HTML))
    assert "its published experience sheets and its contribution to the benchmark are withdrawn" in leave
    trinome = text(await client.get(f"/reseaux/{network}/trinome", headers=HTML))
    assert "Save the trio" in trinome
    assert "Enregistrer le trinôme" not in trinome


async def test_the_direction_publishes_its_closed_barometer_through_the_form(client: Any, auth: Any) -> None:
    found = await ids(client, auth)
    network = found["network"]
    await sign_in(client, "direction@demo.example")
    form = f"/reseaux/{network}/contribution"
    missing = await post(client, form, form, {"barometer_id": ""})
    assert missing.status_code == 422
    assert 'id="f-barometer-id-error"' in missing.text
    page = await client.get(form, headers=HTML)
    chosen = re.search(r'<option value="(\d+)" selected>', page.text)
    assert chosen, "a closed barometer is offered"
    published = await client.post(
        form, data={"barometer_id": chosen.group(1), "_csrf_token": csrf_from(page.text)}, headers=HTML
    )
    assert published.status_code == 303
    page = await client.get(published.headers["location"], headers=HTML)
    assert "Les résultats agrégés du baromètre sont publiés au réseau." in text(page)
    mine = await client.get(
        f"/api/v1/networks/{network}/benchmark/contribution", headers=await auth("direction@demo.example")
    )
    assert mine.status_code == 200
    assert mine.json()["status"] == "published"
    assert mine.json()["themes"]
