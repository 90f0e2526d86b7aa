"""The budget pages' forms (issue 18): the year's declaration with the employer's document (the grant and the ASC
floor computed before sending), a transfer between the budgets within its cap and outside the freeze after an
expertise, a bank statement's import with its reconciliation, the approval and both signatures. Each: success and
its effect, bad input shown next to its field with nothing stored, the roles of the API (the treasurer and the
secretary write, an élu gets 403, another organisation 404)."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest

from dialogue.bodies.schemas import Role
from dialogue.budgets.tables import BudgetTransaction, CseBudget
from dialogue.core.clock import PARIS, local_today
from dialogue.documents.tables import Document
from tests.api.test_pages import HTML, csrf_from
from tests.factories import BodyWorld, Person, add_member, bearer_headers, make_body, make_meeting, make_organization
from tests.helpers.pages import sign_in_as

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + b"% filler line\n" * 200 + b"%%EOF\n"
YEAR = local_today().year - 1
NBSP, THIN = "\u00a0", "\u202f"


def _html(response: httpx.Response) -> str:
    return html.unescape(response.text)


@dataclass
class World:
    cse: BodyWorld
    treasurer: Person
    headers: dict[str, str]
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
    return World(cse, treasurer, headers, created.json()["id"], neighbour.org.admin)


async def _line(client: httpx.AsyncClient, w: World, **fields: str) -> None:
    payload = {"budget": "operating", "on": f"{YEAR}-03-02", "amount": "100.00", "label": "Achat", **fields}
    done = await client.post(f"/api/v1/budgets/{w.budget_id}/transactions", json=payload, headers=w.headers)
    assert done.status_code == 201, done.text


def _declaration(token: str, **fields: str) -> dict[str, str]:
    return {
        "_csrf_token": token,
        "year": str(YEAR + 1),
        "payroll_mass": "4 000 000,00",
        "headcount": "",
        "asc_contribution": "40 000,00",
        "cse_employees": "",
        "balance_sheet": "",
        "expert_fees_paid_on": "",
        **fields,
    }


async def _declare(client: httpx.AsyncClient, w: World, data: dict[str, str], *, file: bool = True) -> Any:
    files = {"file": ("masse-salariale.pdf", PDF if file else b"", "application/pdf")}
    if not file:
        files = {"file": ("", b"", "application/octet-stream")}
    return await client.post(f"/instances/{w.cse.id}/budgets/declaration", data=data, files=files, headers=HTML)


async def test_the_declaration_shows_the_grant_and_the_asc_floor_before_sending_and_records_the_document(
    client: httpx.AsyncClient, world: World
) -> None:
    await sign_in_as(client, world.treasurer)
    page = await client.get(f"/instances/{world.cse.id}/budgets", headers=HTML)
    assert page.status_code == 200 and "Déclaration de l'exercice par l'employeur" in _html(page)
    assert "0,20 %" in _html(page) and "1,000 %" in _html(page)  # the rate, last year's ratio (L2312-81)
    token = csrf_from(page.text)
    documents = await Document.count()
    computed = await _declare(client, world, {**_declaration(token), "apercu": "1"})
    assert computed.status_code == 303
    preview = await client.get(computed.headers["location"], headers=HTML)
    assert f"8{THIN}000,00{NBSP}€" in _html(preview) and f"40{THIN}000,00{NBSP}€" in _html(preview)
    assert not await CseBudget.exists().where((CseBudget.body == world.cse.id) & (CseBudget.year == YEAR + 1))
    below = await _declare(client, world, _declaration(token, asc_contribution="39 000,00"))
    assert below.status_code == 409 and 'id="f-asc-contribution-error"' in _html(below)
    assert "L2312-81" in _html(below) and 'value="39 000,00"' in _html(below)
    unreadable = await _declare(client, world, _declaration(token, payroll_mass="beaucoup"))
    assert unreadable.status_code == 422 and 'id="f-payroll-mass-error"' in _html(unreadable)
    no_file = await _declare(client, world, _declaration(token), file=False)
    assert no_file.status_code == 422 and 'id="f-payroll-file-error"' in _html(no_file)
    assert not await CseBudget.exists().where((CseBudget.body == world.cse.id) & (CseBudget.year == YEAR + 1))
    assert await Document.count() == documents
    done = await _declare(client, world, _declaration(token, asc_contribution="40000,00"))
    assert done.status_code == 303, done.text
    created = await CseBudget.select().where((CseBudget.body == world.cse.id) & (CseBudget.year == YEAR + 1)).first()
    assert created is not None and created["operating_grant_cents"] == 800_000
    assert created["payroll_document"] is not None
    ledger = await client.get(done.headers["location"], headers=HTML)
    assert "La déclaration de l'exercice est enregistrée" in _html(ledger)
    again = await _declare(client, world, _declaration(token))
    assert again.status_code == 409 and 'id="f-year-error"' in _html(again)


async def test_only_the_treasurer_and_the_secretary_declare(client: httpx.AsyncClient, world: World) -> None:
    await sign_in_as(client, world.cse.titulaires[0])
    page = await client.get(f"/instances/{world.cse.id}/budgets", headers=HTML)
    assert page.status_code == 200 and "Enregistrer la déclaration" not in _html(page)
    refused = await _declare(client, world, _declaration(csrf_from(page.text)))
    assert refused.status_code == 403
    client.cookies.clear()
    await sign_in_as(client, world.neighbour)
    home = await client.get("/", headers=HTML)
    assert (await _declare(client, world, _declaration(csrf_from(home.text)))).status_code == 404
    assert not await CseBudget.exists().where((CseBudget.body == world.cse.id) & (CseBudget.year == YEAR + 1))


def _transfer(token: str, **fields: str) -> dict[str, str]:
    return {
        "_csrf_token": token,
        "from_budget": "operating",
        "transfer_on": f"{YEAR}-12-20",
        "transfer_amount": "400,00",
        "transfer_label": "Excédent vers les ASC",
        "vote_id": "",
        **fields,
    }


async def test_a_transfer_within_the_cap_and_the_refusals_next_to_their_field(
    client: httpx.AsyncClient, world: World
) -> None:
    await _line(client, world, kind="receipt", amount="8000.00", category="subvention")
    await _line(client, world, amount="3000.00", category="formation")
    await sign_in_as(client, world.treasurer)
    page = await client.get(f"/budgets/{world.budget_id}", headers=HTML)
    assert "Transférer entre les deux budgets" in _html(page) and f"encore transférable 500,00{NBSP}€" in _html(page)
    token = csrf_from(page.text)
    url = f"/budgets/{world.budget_id}/transferts"
    over = await client.post(url, data=_transfer(token, transfer_amount="600,00"), headers=HTML)
    assert over.status_code == 409 and 'id="f-transfer-amount-error"' in _html(over)
    assert "R2315-31-1" in _html(over) and 'value="600,00"' in _html(over)
    empty = await client.post(url, data=_transfer(token, transfer_amount=""), headers=HTML)
    assert empty.status_code == 422 and 'id="f-transfer-amount-error"' in _html(empty)
    assert not await BudgetTransaction.exists().where(
        (BudgetTransaction.budget == world.budget_id) & (BudgetTransaction.category == "transfert")
    )
    done = await client.post(url, data=_transfer(token), headers=HTML)
    assert done.status_code == 303, done.text
    moved = await BudgetTransaction.select(BudgetTransaction.ledger, BudgetTransaction.amount_cents).where(
        (BudgetTransaction.budget == world.budget_id) & BudgetTransaction.transfer_id.is_not_null()
    )
    assert sorted((r["ledger"], r["amount_cents"]) for r in moved) == [("asc", 40_000), ("operating", -40_000)]
    after = await client.get(done.headers["location"], headers=HTML)
    assert "Le transfert entre les deux budgets est enregistré." in _html(after)
    assert f"encore transférable 100,00{NBSP}€" in _html(after)


async def test_no_operating_transfer_within_three_years_of_an_expertise_the_reason_next_to_the_budget(
    client: httpx.AsyncClient, world: World
) -> None:
    payload = {
        "year": YEAR - 1,
        "payroll_mass": "3000000.00",
        "asc_contribution": "30000.00",
        "expert_fees_paid_on": f"{YEAR - 1}-05-10",
    }
    earlier = await client.post(f"/api/v1/bodies/{world.cse.id}/budgets", json=payload, headers=world.headers)
    assert earlier.status_code == 201, earlier.text
    await _line(client, world, kind="receipt", amount="8000.00", category="subvention")
    await sign_in_as(client, world.treasurer)
    page = await client.get(f"/budgets/{world.budget_id}", headers=HTML)
    assert 'id="transfer-freeze"' in _html(page) and "L2315-80" in _html(page)
    frozen = await client.post(
        f"/budgets/{world.budget_id}/transferts", data=_transfer(csrf_from(page.text)), headers=HTML
    )
    assert frozen.status_code == 409 and 'id="f-from-budget-error"' in _html(frozen) and "L2315-61" in _html(frozen)
    assert not await BudgetTransaction.exists().where(
        (BudgetTransaction.budget == world.budget_id) & BudgetTransaction.transfer_id.is_not_null()
    )


async def test_an_elu_may_not_transfer_and_another_organisation_gets_404(
    client: httpx.AsyncClient, world: World
) -> None:
    await _line(client, world, kind="receipt", amount="8000.00", category="subvention")
    await sign_in_as(client, world.cse.titulaires[0])
    page = await client.get(f"/budgets/{world.budget_id}", headers=HTML)
    assert page.status_code == 200 and "Enregistrer le transfert" not in _html(page)
    assert "Importer le relevé" not in _html(page)
    url = f"/budgets/{world.budget_id}/transferts"
    assert (await client.post(url, data=_transfer(csrf_from(page.text)), headers=HTML)).status_code == 403
    client.cookies.clear()
    await sign_in_as(client, world.neighbour)
    home = await client.get("/", headers=HTML)
    assert (await client.post(url, data=_transfer(csrf_from(home.text)), headers=HTML)).status_code == 404
    assert not await BudgetTransaction.exists().where(
        (BudgetTransaction.budget == world.budget_id) & BudgetTransaction.transfer_id.is_not_null()
    )


async def _import(client: httpx.AsyncClient, budget_id: int, token: str, csv: str) -> Any:
    files = {"file": ("releve.csv", csv.encode(), "text/csv")}
    return await client.post(f"/budgets/{budget_id}/releve", data={"_csrf_token": token}, files=files, headers=HTML)


async def test_a_bank_statement_is_imported_and_its_unmatched_line_offered_to_the_expense_form(
    client: httpx.AsyncClient, world: World
) -> None:
    await _line(client, world, on=f"{YEAR}-03-02", amount="450.50", category="formation", label="Formation CSSCT")
    await _line(client, world, on=f"{YEAR}-03-09", amount="12.00", category="frais_bancaires", label="Frais")
    await sign_in_as(client, world.treasurer)
    page = await client.get(f"/budgets/{world.budget_id}", headers=HTML)
    token = csrf_from(page.text)
    bad = f"Date;Libellé;Montant\n02/03/{YEAR};FORMATION;-450,50\n09/03/{YEAR};FRAIS;douze\n"
    refused = await _import(client, world.budget_id, token, bad)
    assert refused.status_code == 422 and 'id="f-statement-error"' in _html(refused)
    assert "Ligne 3 :" in _html(refused)
    # The re-rendered page carries the token that was posted: the corrected file can be sent from it.
    assert csrf_from(refused.text) == token
    assert not await BudgetTransaction.exists().where(
        (BudgetTransaction.budget == world.budget_id) & BudgetTransaction.reconciled_at.is_not_null()
    )
    good = f"Date;Libellé;Montant\n02/03/{YEAR};PRLV FORMATION;-450,50\n05/03/{YEAR};VIR INCONNU;-80,00\n"
    done = await _import(client, world.budget_id, token, good)
    assert done.status_code == 200, done.text
    assert "1 ligne(s) rapprochée(s), 1 ligne(s) sans opération" in _html(done)
    link = f'href="/budgets/{world.budget_id}?on={YEAR}-03-05&amp;amount=-80.00&amp;label=VIR+INCONNU#record"'
    assert link in done.text
    reconciled = await BudgetTransaction.select(BudgetTransaction.label).where(
        (BudgetTransaction.budget == world.budget_id) & BudgetTransaction.reconciled_at.is_not_null()
    )
    assert [r["label"] for r in reconciled] == ["Formation CSSCT"]
    prefilled = await client.get(
        f"/budgets/{world.budget_id}", params={"on": f"{YEAR}-03-05", "amount": "-80.00", "label": "VIR INCONNU"}
    )
    assert 'value="80.00"' in _html(prefilled) and 'value="VIR INCONNU"' in _html(prefilled)
    assert '<option value="expense" selected>' in _html(prefilled)
    await sign_in_as(client, world.cse.titulaires[0])
    elu_page = await client.get(f"/budgets/{world.budget_id}", headers=HTML)
    assert (await _import(client, world.budget_id, csrf_from(elu_page.text), good)).status_code == 403


async def test_the_approval_and_both_signatures_each_once_the_blocked_actions_with_their_reason(
    client: httpx.AsyncClient, world: World, settings: Any
) -> None:
    url = f"/budgets/{world.budget_id}/comptes"
    await sign_in_as(client, world.treasurer)
    page = await client.get(url, headers=HTML)
    assert 'id="approval-blocked"' in _html(page) and "Aucune réunion de ce CSE" in _html(page)
    meeting = await make_meeting(world.cse, starts_at=datetime.now(PARIS) - timedelta(days=2), title="Comptes")
    page = await client.get(url, headers=HTML)
    assert f'<option value="{meeting.id}">' in _html(page)
    token = csrf_from(page.text)
    approve = f"/budgets/{world.budget_id}/approbation"
    future = (local_today() + timedelta(days=3)).isoformat()
    ahead = await client.post(
        approve, data={"_csrf_token": token, "meeting_id": str(meeting.id), "approved_on": future}, headers=HTML
    )
    assert ahead.status_code == 422 and 'id="f-approved-on-error"' in _html(ahead)
    missing = await client.post(approve, data={"_csrf_token": token, "meeting_id": str(meeting.id)}, headers=HTML)
    assert missing.status_code == 422 and 'id="f-approved-on-error"' in _html(missing)
    assert (await CseBudget.select(CseBudget.approved_on).where(CseBudget.id == world.budget_id).first()) == {
        "approved_on": None
    }
    today = local_today().isoformat()
    done = await client.post(
        approve, data={"_csrf_token": token, "meeting_id": str(meeting.id), "approved_on": today}, headers=HTML
    )
    assert done.status_code == 303, done.text
    row = (
        await CseBudget.select(CseBudget.approved_on, CseBudget.approval_meeting_id)
        .first()
        .where(CseBudget.id == world.budget_id)
    )
    assert row is not None and row["approval_meeting_id"] == meeting.id
    approved = await client.get(done.headers["location"], headers=HTML)
    assert "L'approbation des comptes est enregistrée." in _html(approved)
    assert "Les comptes de cet exercice sont déjà approuvés." in _html(approved)
    signed = await client.post(f"/budgets/{world.budget_id}/signature", data={"_csrf_token": token}, headers=HTML)
    assert signed.status_code == 303
    after = await client.get(url, headers=HTML)
    assert f"{world.treasurer.full_name}, signé le" in _html(after) and 'id="sign-blocked"' in _html(after)
    twice = await client.post(f"/budgets/{world.budget_id}/signature", data={"_csrf_token": token}, headers=HTML)
    assert twice.status_code == 409 and "Vous avez déjà signé ces comptes." in _html(twice)
    client.cookies.clear()
    assert world.cse.secretary is not None
    await sign_in_as(client, world.cse.secretary)
    secretary_page = await client.get(url, headers=HTML)
    assert 'id="sign-blocked"' not in _html(secretary_page) and "en qualité de secrétaire" in _html(secretary_page)
    by_secretary = await client.post(
        f"/budgets/{world.budget_id}/signature", data={"_csrf_token": csrf_from(secretary_page.text)}, headers=HTML
    )
    assert by_secretary.status_code == 303
    both = await client.get(url, headers=HTML)
    assert f"{world.cse.secretary.full_name}, signé le" in _html(both)


async def test_this_years_accounts_are_neither_approved_nor_signed_and_an_elu_may_not(
    client: httpx.AsyncClient, world: World
) -> None:
    payload = {"year": YEAR + 1, "payroll_mass": "3100000.00", "asc_contribution": "31000.00"}
    current = await client.post(f"/api/v1/bodies/{world.cse.id}/budgets", json=payload, headers=world.headers)
    assert current.status_code == 201, current.text
    current_id = current.json()["id"]
    await make_meeting(world.cse, starts_at=datetime.now(PARIS) - timedelta(days=2))
    await sign_in_as(client, world.treasurer)
    page = await client.get(f"/budgets/{current_id}/comptes", headers=HTML)
    assert "Les comptes s'approuvent après la clôture de l'exercice" in _html(page)
    assert "Les comptes se signent après la clôture de l'exercice" in _html(page)
    assert '<button type="button" disabled aria-describedby="sign-blocked">' in _html(page)
    client.cookies.clear()
    await sign_in_as(client, world.cse.titulaires[0])
    elu_page = await client.get(f"/budgets/{world.budget_id}/comptes", headers=HTML)
    assert elu_page.status_code == 200 and "Enregistrer l'approbation" not in _html(elu_page)
    token = csrf_from(elu_page.text)
    data = {"_csrf_token": token, "meeting_id": "1", "approved_on": local_today().isoformat()}
    assert (await client.post(f"/budgets/{world.budget_id}/approbation", data=data, headers=HTML)).status_code == 403
    signing = await client.post(f"/budgets/{world.budget_id}/signature", data={"_csrf_token": token}, headers=HTML)
    assert signing.status_code == 403
    client.cookies.clear()
    await sign_in_as(client, world.neighbour)
    home = await client.get("/", headers=HTML)
    neighbour = {**data, "_csrf_token": csrf_from(home.text)}
    assert (
        await client.post(f"/budgets/{world.budget_id}/approbation", data=neighbour, headers=HTML)
    ).status_code == 404
    assert (await CseBudget.select(CseBudget.approved_on).where(CseBudget.id == world.budget_id).first()) == {
        "approved_on": None
    }
