"""Accounts and administration in a real browser (issue 17): the admin invites a person, who sets a password
from the mailed link and signs in; a forgotten password is reset from its mail; an élu turns reminders off
from « Mes notifications »; the administration's pages. Mails are sent by `dialogue worker --once` to a real
aiosmtpd server; every page is checked by axe-core (WCAG 2.1 AA)."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from email.message import EmailMessage
from typing import Any

from tests.browser.conftest import LIVE_ENV, ROOT, assert_accessible, sign_in
from tests.helpers.smtp import SmtpServer, smtp_server

__all__ = ["smtp_server"]

NEW_PASSWORD = "le vent se lève sur la colline"
LINK = re.compile(r"https?://[^\s\"<>]+/mot-de-passe/[A-Za-z0-9_-]{43}")
_numbers = itertools.count(1)


def dialogue(*args: str, server: SmtpServer | None = None) -> None:
    """Run the `dialogue` command on the live server's database (with the test's SMTP server)."""
    env = dict(LIVE_ENV)
    if server is not None:
        env["DIALOGUE_SMTP_URL"] = server.url
    subprocess.run([sys.executable, "-m", "dialogue.cli", *args], env=env, check=True, cwd=ROOT, capture_output=True)


def link_for(server: SmtpServer, address: str) -> str:
    """The set-password link in the last mail the SMTP server received for `address`."""
    dialogue("worker", "--once", server=server)
    mails: list[EmailMessage] = [
        m for m, e in zip(server.sink.messages, server.sink.envelopes, strict=True) if address in e.rcpt_tos
    ]
    assert mails, f"no mail for {address}"
    body = mails[-1].get_body(preferencelist=("plain",))
    assert body is not None
    found = LINK.search(str(body.get_content()))
    assert found
    return found.group(0)


def set_password_and_sign_in(page: Any, base: str, link: str, address: str) -> None:
    page.goto(link)
    assert_accessible(page)
    page.get_by_label(re.compile(r"^Nouveau mot de passe \(obligatoire\)")).fill(NEW_PASSWORD)
    page.get_by_label(re.compile(r"^Nouveau mot de passe \(confirmation\)")).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    assert "Votre mot de passe est enregistré" in page.get_by_role("status").inner_text()
    assert_accessible(page)
    page.get_by_label("Adresse électronique").fill(address)
    page.get_by_label("Mot de passe").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{base}/")
    page.goto(link)
    assert page.get_by_role("heading", level=1).inner_text() == "Lien invalide"


def test_admin_invites_a_person_who_sets_a_password_and_signs_in(
    live_server: str, new_page: Any, smtp_server: SmtpServer
) -> None:
    address = f"invitee-{next(_numbers)}@tilleuls.example"
    admin = new_page()
    sign_in(admin, live_server, "admin@demo.example")
    admin.get_by_role("link", name="Administration", exact=True).click()
    assert_accessible(admin)
    admin.get_by_role("link", name="Comptes et invitations").click()
    assert_accessible(admin)
    admin.get_by_role("button", name="Envoyer l'invitation", exact=True).click()
    assert admin.get_by_role("alert").is_visible()
    assert_accessible(admin)
    admin.get_by_label(re.compile("^Nom et prénom")).fill("Sophie Lambert")
    admin.get_by_label(re.compile("^Adresse électronique")).fill(address)
    admin.get_by_role("button", name="Envoyer l'invitation", exact=True).click()
    assert "L'invitation est envoyée" in admin.get_by_role("status").inner_text()
    row = admin.get_by_role("row").filter(has_text=address)
    assert "Invitation en attente" in row.inner_text()
    assert_accessible(admin)

    invitee = new_page()
    set_password_and_sign_in(invitee, live_server, link_for(smtp_server, address), address)
    admin.reload()
    assert "Actif" in admin.get_by_role("row").filter(has_text=address).inner_text()


def test_forgotten_password_is_reset_from_the_mailed_link(
    live_server: str, new_page: Any, smtp_server: SmtpServer
) -> None:
    address = f"oubli-{next(_numbers)}@tilleuls.example"
    dialogue(
        "createuser",
        "--email",
        address,
        "--name",
        "Marc Delorme",
        "--organization",
        "Association Les Tilleuls",
        "--password",
        "un ancien mot de passe oublié",
    )
    page = new_page()
    page.goto(f"{live_server}/connexion")
    page.get_by_role("link", name="Mot de passe oublié ?").click()
    assert_accessible(page)
    page.get_by_label(re.compile("^Adresse électronique")).fill(address)
    page.get_by_role("button", name="Recevoir un lien").click()
    assert address in page.get_by_role("status").inner_text()
    assert_accessible(page)
    set_password_and_sign_in(page, live_server, link_for(smtp_server, address), address)


def test_elu_turns_reminders_off_from_my_notifications(live_server: str, new_page: Any) -> None:
    page = new_page()
    sign_in(page, live_server, "elu@demo.example")
    page.get_by_role("link", name="Mon compte").click()
    assert_accessible(page)
    page.get_by_role("link", name="Mes notifications par courriel").click()
    assert_accessible(page)
    reminders = page.get_by_label("Rappels la veille des réunions")
    assert reminders.is_checked()
    reminders.uncheck()
    page.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_role("status").inner_text() == "Vos préférences ont été enregistrées."
    assert not page.get_by_label("Rappels la veille des réunions").is_checked()
    assert_accessible(page)
    page.get_by_label("Rappels la veille des réunions").check()
    page.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_label("Rappels la veille des réunions").is_checked()


def test_admin_pages_show_the_demo_organisation_and_pass_axe(live_server: str, new_page: Any) -> None:
    page = new_page()
    sign_in(page, live_server, "admin@demo.example")
    page.get_by_role("link", name="Organisation et établissements").first.click()
    assert_accessible(page)
    assert page.get_by_role("heading", name="Établissements", exact=True).is_visible()
    page.goto(f"{live_server}/administration/instances")
    assert_accessible(page)
    page.get_by_role("link", name="CSE de l'Association Les Tilleuls").first.click()
    assert_accessible(page)
    assert page.get_by_role("columnheader", name="Voix").is_visible()
    page.get_by_role("link", name=re.compile("^Modifier")).first.click()
    assert_accessible(page)
    page.goto(f"{live_server}/administration/journal")
    assert_accessible(page)
    assert page.get_by_role("columnheader", name="Détails").is_visible()
