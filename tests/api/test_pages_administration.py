"""The administration's pages (issue 17): an admin manages the organisation, establishments, bodies, members
(mandates, college, union list, category, votes) and accounts, and reads the audit trail in words; the
organisation's other people get 403, another organisation's admin 404. Both engines."""

from __future__ import annotations

import re
from typing import Any

from dialogue.auth import service as auth_service
from dialogue.bodies import service as bodies_service
from dialogue.bodies.schemas import BodyCreate, BodyKind
from dialogue.notifications.tables import OutboxMessage
from tests.api.test_pages import HTML, csrf_from
from tests.factories import make_organization, make_user
from tests.helpers.pages import sign_in_as

PAGES = (
    "/administration",
    "/administration/organisation",
    "/administration/instances",
    "/administration/comptes",
    "/administration/journal",
)


async def post(client: Any, path: str, data: dict[str, Any], *, form_page: str) -> Any:
    page = await client.get(form_page, headers=HTML)
    assert page.status_code == 200, page.text
    return await client.post(path, data={**data, "_csrf_token": csrf_from(page.text)}, headers=HTML)


def no_codes(html: str) -> None:
    """What a French page never shows: Python's None, English codes of roles, colleges, kinds or categories."""
    text = re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S))
    text = re.sub(r"\s+", " ", text)
    for code in ("None", "titular", "substitute", "elus", "ouvriers_employes", "cse_central", "deactivate", "update"):
        assert not re.search(rf"\b{code}\b", text), (code, text)


async def test_an_admin_home_leads_to_every_administration_page(client: Any) -> None:
    org = await make_organization(name="Association Les Tilleuls (pages)")
    await sign_in_as(client, org.admin)
    home = await client.get("/", headers=HTML)
    for path in PAGES[1:]:
        assert f'href="{path}"' in home.text, path
    assert 'href="/administration"' in home.text and 'href="/compte"' in home.text
    for path in PAGES:
        page = await client.get(path, headers=HTML)
        assert page.status_code == 200, (path, page.text)
        assert page.headers["cache-control"] == "no-store"
        no_codes(page.text)
    assert "Association Les Tilleuls (pages)" in (await client.get("/administration", headers=HTML)).text


async def test_organisation_and_establishment_forms(client: Any) -> None:
    org = await make_organization()
    await sign_in_as(client, org.admin)
    form = "/administration/organisation"
    saved = await post(client, form, {"name": "Association Les Glycines", "headcount": "230"}, form_page=form)
    assert saved.status_code == 303
    page = await client.get(saved.headers["location"], headers=HTML)
    assert "L&#39;organisation est enregistrée." in page.text
    assert 'value="Association Les Glycines"' in page.text
    bad = await post(client, form, {"name": "X", "headcount": "beaucoup"}, form_page=form)
    assert bad.status_code == 422
    assert "Nombre entier attendu." in bad.text
    created = await post(
        client,
        "/administration/etablissements",
        {"name": "EHPAD Les Glycines", "headcount": "84", "cpom": "1", "cpom_signed_on": "2024-03-01"},
        form_page=form,
    )
    assert created.status_code == 303
    listing = await client.get(form, headers=HTML)
    assert "EHPAD Les Glycines" in listing.text and "signé le" in listing.text
    missing = await post(client, "/administration/etablissements", {"name": "Sans effectif"}, form_page=form)
    assert missing.status_code == 422
    assert "Ce champ est obligatoire." in missing.text and 'value="Sans effectif"' in missing.text


async def test_bodies_and_members_with_mandates_union_category_and_votes(client: Any) -> None:
    org = await make_organization()
    titular, substitute = await make_user(org, full_name="Karim Haddad"), await make_user(org, full_name="Lucie Roy")
    await sign_in_as(client, org.admin)
    created = await post(
        client,
        "/administration/instances",
        {
            "name": "CSE des Glycines",
            "kind": "cse",
            "establishment_id": str(org.establishment_id),
            "mandate_start": "2024-06-01",
            "mandate_end": "2028-05-31",
        },
        form_page="/administration/instances",
    )
    assert created.status_code == 303
    body_page = created.headers["location"].split("?")[0]
    body_id = int(body_page.rsplit("/", 1)[1])
    seat = {
        "college": "elus",
        "role": "titular",
        "union_name": "CFDT",
        "electoral_college": "2e collège",
        "category": "techniciens_agents_maitrise",
        "votes_obtained": "41",
        "mandate_start": "2024-06-01",
        "mandate_end": "2028-05-31",
    }
    added = await post(client, body_page, {**seat, "user_id": str(titular.id)}, form_page=body_page)
    assert added.status_code == 303, added.text
    members = await bodies_service.list_members(actor=org.admin.actor, body_id=body_id)
    (karim,) = members
    assert (karim.union_name, karim.votes_obtained, karim.category) == ("CFDT", 41, "techniciens_agents_maitrise")
    sub = {**seat, "role": "substitute", "votes_obtained": "37", "substitute_for": str(karim.id)}
    assert (
        await post(client, body_page, {**sub, "user_id": str(substitute.id)}, form_page=body_page)
    ).status_code == 303
    page = await client.get(body_page, headers=HTML)
    no_codes(page.text)
    for text in ("Karim Haddad", "Lucie Roy", "suppléant de Karim Haddad", "Techniciens et agents de maîtrise", "CFDT"):
        assert text in page.text, text

    neither = await post(client, body_page, {"college": "elus", "role": "titular"}, form_page=body_page)
    assert neither.status_code == 422
    assert "Choisissez un compte, ou indiquez l&#39;adresse d&#39;une nouvelle personne." in neither.text
    twice = await post(client, body_page, {**seat, "user_id": str(titular.id)}, form_page=body_page)
    assert twice.status_code == 409
    assert "déjà membre" in twice.text

    lucie = next(
        m
        for m in await bodies_service.list_members(actor=org.admin.actor, body_id=body_id)
        if m.user_id == substitute.id
    )
    edit = f"/administration/membres/{lucie.id}"
    changed = await post(client, edit, {**sub, "votes_obtained": "52"}, form_page=edit)
    assert changed.status_code == 303
    assert (await bodies_service.list_members(actor=org.admin.actor, body_id=body_id))[1].votes_obtained == 52
    removed = await post(client, f"{edit}/retirer", {}, form_page=edit)
    assert removed.status_code == 303
    assert len(await bodies_service.list_members(actor=org.admin.actor, body_id=body_id)) == 1

    journal = await client.get("/administration/journal", headers=HTML)
    no_codes(journal.text)
    for text in ("Membre d&#39;une instance : Lucie Roy", "Voix obtenues : 37 → 52", "Siège retiré", "Instance n°"):
        assert text in journal.text, text


async def test_accounts_page_invites_resends_and_deactivates(client: Any) -> None:
    org = await make_organization()
    colleague = await make_user(org, full_name="Isabelle Perrin")
    await sign_in_as(client, org.admin)
    form = "/administration/comptes"
    invited = await post(
        client, form, {"full_name": "Claire Morel", "email": "claire.morel@glycines.example"}, form_page=form
    )
    assert invited.status_code == 303
    page = await client.get(invited.headers["location"], headers=HTML)
    assert "L&#39;invitation est envoyée" in page.text and "Invitation en attente" in page.text
    mails = await OutboxMessage.select(OutboxMessage.kind).where(
        OutboxMessage.recipient_email == "claire.morel@glycines.example"
    )
    assert [m["kind"] for m in mails] == ["account_invitation"]
    claire = await auth_service.account_by_email(email="claire.morel@glycines.example")
    assert claire is not None
    assert (await post(client, f"{form}/{claire.id}/renvoyer", {}, form_page=form)).status_code == 303
    assert await OutboxMessage.count().where(OutboxMessage.recipient_email == "claire.morel@glycines.example") == 2
    bad = await post(client, form, {"full_name": "Sans adresse", "email": "pas-une-adresse"}, form_page=form)
    assert bad.status_code == 422 and "Adresse électronique attendue" in bad.text

    assert (await post(client, f"{form}/{colleague.id}/desactiver", {}, form_page=form)).status_code == 303
    after = await auth_service.account_by_id(user_id=colleague.id)
    assert after is not None and not after.is_active
    assert "Désactivé" in (await client.get(form, headers=HTML)).text
    assert (await post(client, f"{form}/{colleague.id}/reactiver", {}, form_page=form)).status_code == 303
    journal = await client.get("/administration/journal", headers=HTML)
    for text in (
        "Invitation envoyée",
        "Invitation renvoyée",
        "Compte désactivé",
        "Compte réactivé",
        "Actif : oui → non",
    ):
        assert text in journal.text, text
    no_codes(journal.text)


async def test_other_people_of_the_organisation_get_403_another_organisations_admin_404(client: Any) -> None:
    org, other = await make_organization(), await make_organization()
    body = await bodies_service.create_body(
        actor=org.admin.actor, organization_id=org.id, data=BodyCreate(name="CSE", kind=BodyKind.cse)
    )
    member = await make_user(org)
    await sign_in_as(client, member)
    for path in PAGES:
        assert (await client.get(path, headers=HTML)).status_code == 403, path
    assert 'href="/administration"' not in (await client.get("/", headers=HTML)).text
    await sign_in_as(client, other.admin)
    assert (await client.get(f"/administration/instances/{body.id}", headers=HTML)).status_code == 404
    page = await client.get("/administration/comptes", headers=HTML)
    token = csrf_from(page.text)
    for path in (f"/administration/comptes/{member.id}/desactiver", f"/administration/comptes/{member.id}/renvoyer"):
        answer = await client.post(path, data={"_csrf_token": token}, headers=HTML)
        assert answer.status_code == 404, path
    still = await auth_service.account_by_id(user_id=member.id)
    assert still is not None and still.is_active
