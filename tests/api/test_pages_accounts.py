"""Account pages (issue 17): « Mot de passe oublié » and the mailed link, « Mon compte » (password change,
« Se déconnecter partout ») and « Mes notifications », the page a reminder's « vos préférences » opens.
Mails go through a real aiosmtpd server; both engines."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta
from email.message import EmailMessage
from typing import Any

import httpx
import pytest

from dialogue.audit import service as audit
from dialogue.core.clock import utcnow
from dialogue.notifications.due import notify_due
from dialogue.notifications.worker import SmtpConfig, Worker
from tests.api.meeting_helpers import Setup, paris
from tests.api.test_pages import HTML, csrf_from
from tests.factories import PASSWORD, make_organization, make_user
from tests.helpers.clock import machine_time
from tests.helpers.pages import sign_in_as
from tests.helpers.smtp import SmtpServer, smtp_server

__all__ = ["smtp_server"]

NEW_PASSWORD = "un cheval bleu dans la prairie"
LINK = re.compile(r"(https?://[^\s\"<>]+)(/mot-de-passe/[A-Za-z0-9_-]{43})")


async def deliver(settings: Any, server: SmtpServer) -> list[EmailMessage]:
    smtp = SmtpConfig(hostname="127.0.0.1", port=server.port, use_tls=False, timeout=5)
    worker = Worker(settings=settings, smtp=smtp, clock=lambda: utcnow() + timedelta(days=1), rand=random.Random(1))
    await worker.run_once()
    return server.sink.messages


def text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


async def post(client: Any, path: str, data: dict[str, Any], *, form_page: str) -> Any:
    page = await client.get(form_page, headers=HTML)
    with machine_time():
        return await client.post(path, data={**data, "_csrf_token": csrf_from(page.text)}, headers=HTML)


async def test_forgotten_password_page_answers_the_same_and_the_link_works_once(
    client: Any, settings: Any, smtp_server: SmtpServer
) -> None:
    org = await make_organization()
    person = await make_user(org, full_name="Nadia Benali")
    login = await client.get("/connexion", headers=HTML)
    assert 'href="/mot-de-passe-oublie"' in login.text
    form = "/mot-de-passe-oublie"
    known = await post(client, form, {"email": person.email}, form_page=form)
    unknown = await post(client, form, {"email": "personne@nulle-part.example"}, form_page=form)
    assert known.status_code == unknown.status_code == 200
    assert known.text.replace(person.email, "X") == unknown.text.replace("personne@nulle-part.example", "X")
    bad = await post(client, form, {"email": "pas une adresse"}, form_page=form)
    assert bad.status_code == 422 and "Adresse électronique attendue" in bad.text

    (mail,) = await deliver(settings, smtp_server)
    found = LINK.search(text_of(mail))
    assert found and found.group(1) == settings.base_url
    link = found.group(2)
    page = await client.get(link, headers=HTML)
    assert page.status_code == 200 and "Nadia Benali" in page.text
    assert page.headers["referrer-policy"] == "no-referrer" and page.headers["cache-control"] == "no-store"
    mismatch = await post(client, link, {"password": NEW_PASSWORD, "password_again": "autre chose ici"}, form_page=link)
    assert mismatch.status_code == 422 and "Les deux saisies du nouveau mot de passe diffèrent." in mismatch.text
    assert NEW_PASSWORD not in mismatch.text
    done = await post(client, link, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}, form_page=link)
    assert done.status_code == 303 and done.headers["location"] == "/connexion?fait=mot-de-passe-choisi"
    assert "Votre mot de passe est enregistré" in (await client.get(done.headers["location"], headers=HTML)).text
    used = await client.get(link, headers=HTML)
    assert used.status_code == 410 and "Lien invalide" in used.text
    assert (await client.get("/mot-de-passe/" + "B" * 43, headers=HTML)).status_code == 404
    signed = await client.post("/api/v1/auth/token", json={"email": person.email, "password": NEW_PASSWORD})
    assert signed.status_code == 200


async def test_password_change_on_my_account_ends_the_session(client: Any) -> None:
    org = await make_organization()
    person = await make_user(org)
    await sign_in_as(client, person)
    page = await client.get("/compte", headers=HTML)
    assert page.status_code == 200 and person.email in page.text
    assert 'href="/compte/notifications"' in page.text
    form = "/compte"
    wrong = await post(
        client,
        "/compte/mot-de-passe",
        {"current_password": "pas le bon", "new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD},
        form_page=form,
    )
    assert wrong.status_code == 403 and "Mot de passe actuel incorrect." in wrong.text
    short = await post(
        client,
        "/compte/mot-de-passe",
        {"current_password": PASSWORD, "new_password": "court", "new_password_again": "court"},
        form_page=form,
    )
    assert short.status_code == 422 and "Au moins 12 caractères." in short.text
    changed = await post(
        client,
        "/compte/mot-de-passe",
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD},
        form_page=form,
    )
    assert changed.status_code == 303 and changed.headers["location"] == "/connexion?fait=mot-de-passe-change"
    assert (await client.get("/compte", headers=HTML)).status_code == 303


async def test_sign_out_everywhere_ends_the_other_browsers_sessions_too(client: Any, app: Any) -> None:
    org = await make_organization()
    person = await make_user(org)
    await sign_in_as(client, person)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as other:
        await sign_in_as(other, person)
        assert (await other.get("/compte", headers=HTML)).status_code == 200
        out = await post(client, "/compte/deconnexion-partout", {}, form_page="/compte")
        assert out.status_code == 303 and out.headers["location"] == "/connexion?fait=deconnecte-partout"
        assert (await other.get("/compte", headers=HTML)).status_code == 303
    assert (await client.get("/compte", headers=HTML)).status_code == 303
    assert "Toutes vos sessions ont pris fin" in (await client.get(out.headers["location"], headers=HTML)).text


async def test_the_journal_never_shows_a_confidential_text(client: Any) -> None:
    org = await make_organization()
    await audit.record(
        actor=org.admin.actor,
        organization_id=org.id,
        action="create",
        entity="agenda_item",
        entity_id=7,
        after={"title": "Projet de cession de l'EHPAD", "kind": "consultation"},
        confidential=True,
    )
    await sign_in_as(client, org.admin)
    journal = await client.get("/administration/journal", headers=HTML)
    assert journal.status_code == 200
    assert "cession" not in journal.text
    assert "Point de l&#39;ordre du jour n° 7 — [confidentiel]" in journal.text


async def test_reminder_mail_leads_to_the_preferences_page_which_turns_reminders_off(
    client: Any, monkeypatch: pytest.MonkeyPatch, settings: Any, smtp_server: SmtpServer
) -> None:
    setup = await Setup(client, monkeypatch).start()
    await setup.convened(paris(2026, 12, 15, 14))
    await notify_due(settings=settings, today=date(2026, 12, 14))
    reminders = [m for m in await deliver(settings, smtp_server) if str(m["Subject"]).startswith("Rappel")]
    assert reminders
    for mail in reminders:
        assert f"{settings.base_url}/compte/notifications" in text_of(mail)
        assert f"{settings.base_url}/\n" not in text_of(mail)

    with machine_time():
        signed = await client.post(
            "/connexion",
            data={
                "email": "elu@demo.example",
                "password": "demo-password",
                "next": "/compte/notifications",
                "_csrf_token": csrf_from((await client.get("/connexion", headers=HTML)).text),
            },
            headers=HTML,
        )
    assert signed.headers["location"] == "/compte/notifications"
    page = await client.get("/compte/notifications", headers=HTML)
    assert page.status_code == 200
    assert re.search(r'name="reminders" type="checkbox" value="1"[^>]* checked', page.text)
    saved = await post(client, "/compte/notifications", {"digests": "1"}, form_page="/compte/notifications")
    assert saved.status_code == 303
    after = await client.get(saved.headers["location"], headers=HTML)
    assert "Vos préférences ont été enregistrées." in after.text
    assert not re.search(r'name="reminders" type="checkbox" value="1"[^>]* checked', after.text)
    assert re.search(r'name="digests" type="checkbox" value="1"[^>]* checked', after.text)
    elu = setup.elu
    assert (await client.get("/api/v1/me/notification-preferences", headers=elu)).json()["reminders"] is False
