"""The budget pages (issue 18): the body's « Budgets » tab, the treasurer's ledger with running balances and the
consumption chart, the expense recorded with its receipt (multipart, CSRF checked before the file), the accounts
page with the sign-off and the PDF; an élu reads without the form; another organisation gets 404."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from dialogue.bodies.schemas import Role
from dialogue.core.clock import local_today
from tests.api.test_pages import HTML, csrf_from
from tests.factories import BodyWorld, Person, add_member, bearer_headers, make_body, make_organization
from tests.helpers.pages import sign_in_as

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + b"% filler line\n" * 200 + b"%%EOF\n"
YEAR = local_today().year - 1


@dataclass
class World:
    cse: BodyWorld
    treasurer: Person
    budget_id: int
    neighbour: Person


@pytest.fixture
async def world(db: Any, settings: Any, client: httpx.AsyncClient) -> World:
    org = await make_organization(headcount=120)
    cse = await make_body(org, titulaires=1)
    treasurer, _ = await add_member(cse, role=Role.treasurer, union_name="CFDT")
    headers = bearer_headers(treasurer, secret=settings.secret_key.get_secret_value())
    payload = {"year": YEAR, "payroll_mass": "3000000.00", "asc_contribution": "30000.00"}
    created = await client.post(f"/api/v1/bodies/{cse.id}/budgets", json=payload, headers=headers)
    assert created.status_code == 201, created.text
    neighbour = await make_body(await make_organization(), titulaires=0)
    return World(cse=cse, treasurer=treasurer, budget_id=created.json()["id"], neighbour=neighbour.org.admin)


async def _record(client: httpx.AsyncClient, budget_id: int, fields: dict[str, str], token: str | None) -> Any:
    data = {"_csrf_token": token, **fields} if token else fields
    files = {"file": ("facture.pdf", PDF, "application/pdf")}
    return await client.post(f"/budgets/{budget_id}/operations", data=data, files=files, headers=HTML)


async def test_the_treasurer_records_an_expense_with_its_receipt_and_reads_the_running_balance(
    client: httpx.AsyncClient, world: World
) -> None:
    await sign_in_as(client, world.treasurer)
    body_page = await client.get(f"/instances/{world.cse.id}", headers=HTML)
    assert f'href="/instances/{world.cse.id}/budgets"' in body_page.text
    years = await client.get(f"/instances/{world.cse.id}/budgets", headers=HTML)
    assert f'href="/budgets/{world.budget_id}"' in years.text and "6\u202f000,00\u00a0€" in years.text
    page = await client.get(f"/budgets/{world.budget_id}", headers=HTML)
    assert page.status_code == 200 and "Budget consommé par catégorie" in page.text and "<svg" in page.text
    token = csrf_from(page.text)
    fields = {"budget": "operating", "kind": "expense", "on": f"{YEAR}-04-03", "amount": "125,40"}
    done = await _record(
        client, world.budget_id, {**fields, "label": "Codes du travail", "category": "fournitures"}, token
    )
    assert done.status_code == 303, done.text
    ledger = await client.get(done.headers["location"], headers=HTML)
    assert "a été enregistrée avec sa pièce justificative." in ledger.text
    assert "Codes du travail" in ledger.text and "-125,40\u00a0€" in ledger.text and "justificatif" in ledger.text
    refused = await _record(client, world.budget_id, {**fields, "label": "", "category": "fournitures"}, token)
    assert refused.status_code == 422 and 'id="f-label-error"' in refused.text
    forged = await _record(client, world.budget_id, {**fields, "label": "X", "category": "fournitures"}, None)
    assert forged.status_code == 403
    accounts = await client.get(f"/budgets/{world.budget_id}/comptes", headers=HTML)
    assert "L2315-65" in accounts.text and "Signer les comptes" in accounts.text
    signed = await client.post(
        f"/budgets/{world.budget_id}/signature", data={"_csrf_token": csrf_from(accounts.text)}, headers=HTML
    )
    assert signed.status_code == 303
    assert "Votre signature des comptes est enregistrée." in (await client.get(signed.headers["location"])).text
    pdf = await client.get(f"/budgets/{world.budget_id}/comptes.pdf", headers=HTML)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


async def test_an_elu_reads_the_ledger_without_the_form_and_another_organisation_gets_404(
    client: httpx.AsyncClient, world: World
) -> None:
    await sign_in_as(client, world.cse.titulaires[0])
    page = await client.get(f"/budgets/{world.budget_id}", headers=HTML)
    assert page.status_code == 200 and "Enregistrer une opération" not in page.text
    client.cookies.clear()
    await sign_in_as(client, world.neighbour)
    assert (await client.get(f"/budgets/{world.budget_id}", headers=HTML)).status_code == 404
