"""The CSE's budgets over HTTP (issue 18, DOMAIN.md §11): the year's declaration (L2315-61 grant computed,
L2312-81 ASC floor), the two ledgers with receipts and running balances, transfers within the 10 % caps
(R2315-31-1, L2312-84), bank reconciliation, the report, the PDF, approval (L2315-68) and sign-off; who may."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest

from dialogue.bodies.schemas import Role
from dialogue.budgets.tables import BudgetTransaction
from dialogue.core.clock import PARIS, local_today
from tests.factories import BodyWorld, add_member, bearer_headers, make_body, make_meeting, make_organization
from tests.helpers.problems import assert_problem

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + b"% filler line\n" * 200 + b"%%EOF\n"
YEAR = local_today().year - 1


@dataclass
class World:
    cse: BodyWorld
    treasurer: dict[str, str]
    secretary: dict[str, str]
    director: dict[str, str]
    elu: dict[str, str]
    neighbour: dict[str, str]


@pytest.fixture
async def world(db: Any, settings: Any) -> World:
    org = await make_organization(headcount=120)
    cse = await make_body(org, titulaires=1)
    treasurer, _ = await add_member(cse, role=Role.treasurer, union_name="CFDT")
    neighbour_cse = await make_body(await make_organization(), titulaires=0)
    assert cse.president is not None and cse.secretary is not None
    secret = settings.secret_key.get_secret_value()
    return World(
        cse=cse,
        treasurer=bearer_headers(treasurer, secret=secret),
        secretary=bearer_headers(cse.secretary, secret=secret),
        director=bearer_headers(cse.president, secret=secret),
        elu=bearer_headers(cse.titulaires[0], secret=secret),
        neighbour=bearer_headers(neighbour_cse.org.admin, secret=secret),
    )


async def _budget(client: httpx.AsyncClient, w: World, **extra: Any) -> dict[str, Any]:
    payload = {"year": YEAR, "payroll_mass": "4000000.00", "asc_contribution": "40000.00", **extra}
    created = await client.post(f"/api/v1/bodies/{w.cse.id}/budgets", json=payload, headers=w.treasurer)
    assert created.status_code == 201, created.text
    return dict(created.json())


async def _line(client: httpx.AsyncClient, w: World, budget_id: int, **fields: Any) -> dict[str, Any]:
    payload = {"budget": "operating", "on": f"{YEAR}-03-02", "amount": "100.00", "label": "Achat", **fields}
    done = await client.post(f"/api/v1/budgets/{budget_id}/transactions", json=payload, headers=w.treasurer)
    assert done.status_code == 201, done.text
    return dict(done.json())


async def test_the_operating_grant_is_computed_from_the_payroll_mass_with_its_basis(
    client: httpx.AsyncClient, world: World
) -> None:
    """L2315-61: 0.20 % from 50 to 1,999 employees; amounts are decimal strings."""
    budget = await _budget(client, world)
    assert (budget["operating_grant"], budget["operating_rate"], budget["payroll_mass"]) == (
        "8000.00",
        "0.20",
        "4000000.00",
    )
    assert "L2315-61" in budget["operating_grant_basis"] and budget["asc_contribution"] == "40000.00"
    listed = await client.get(f"/api/v1/bodies/{world.cse.id}/budgets", headers=world.elu)
    assert [b["year"] for b in listed.json()["items"]] == [YEAR]


async def test_a_company_of_2000_gets_022_percent(client: httpx.AsyncClient, world: World) -> None:
    budget = await _budget(client, world, headcount=2000, payroll_mass="1000000.55")
    assert (budget["operating_grant"], budget["operating_rate"]) == ("2200.00", "0.22")


async def test_a_float_amount_is_refused_naming_the_field(client: httpx.AsyncClient, world: World) -> None:
    payload = {"year": YEAR, "payroll_mass": 4000000.0, "asc_contribution": "1.00"}
    refused = await client.post(f"/api/v1/bodies/{world.cse.id}/budgets", json=payload, headers=world.treasurer)
    assert [e["field"] for e in assert_problem(refused, 422)["errors"]] == ["payroll_mass"]


async def test_the_asc_contribution_never_falls_below_last_years_ratio_without_an_agreement(
    client: httpx.AsyncClient, world: World
) -> None:
    """L2312-81: ratio 1 % last year; this year 0.5 % → 409 citing the article; fixed by agreement → accepted."""
    previous = {"year": YEAR - 1, "payroll_mass": "4000000.00", "asc_contribution": "40000.00"}
    assert (
        await client.post(f"/api/v1/bodies/{world.cse.id}/budgets", json=previous, headers=world.treasurer)
    ).status_code == 201
    lower = {"year": YEAR, "payroll_mass": "4000000.00", "asc_contribution": "20000.00"}
    refused = await client.post(f"/api/v1/bodies/{world.cse.id}/budgets", json=lower, headers=world.treasurer)
    body = assert_problem(refused, 409, "asc_below_previous_ratio")
    assert "L2312-81" in body["detail"] and "40" in body["detail"]
    agreed = await _budget(client, world, asc_contribution="20000.00", asc_by_agreement=True)
    assert "accord" in agreed["asc_contribution_basis"]


async def test_a_cse_under_fifty_has_no_statutory_budget(client: httpx.AsyncClient, db: Any, settings: Any) -> None:
    org = await make_organization(headcount=30)
    small = await make_body(org, titulaires=0, headcount_at_election=30)
    assert small.secretary is not None
    headers = bearer_headers(small.secretary, secret=settings.secret_key.get_secret_value())
    payload = {"year": YEAR, "payroll_mass": "900000.00", "asc_contribution": "0"}
    refused = await client.post(f"/api/v1/bodies/{small.id}/budgets", json=payload, headers=headers)
    assert "L2315-61" in assert_problem(refused, 409, "budget_below_fifty")["detail"]


async def test_only_the_treasurer_and_the_secretary_write_others_read_another_organisation_sees_404(
    client: httpx.AsyncClient, world: World
) -> None:
    payload = {"year": YEAR, "payroll_mass": "100.00", "asc_contribution": "0"}
    url = f"/api/v1/bodies/{world.cse.id}/budgets"
    assert_problem(await client.post(url, json=payload, headers=world.elu), 403)
    assert_problem(await client.post(url, json=payload, headers=world.director), 403)
    assert_problem(await client.post(url, json=payload, headers=world.neighbour), 404)
    budget = await _budget(client, world)
    assert (await client.get(f"/api/v1/budgets/{budget['id']}/report", headers=world.director)).status_code == 200
    assert (await client.get(f"/api/v1/budgets/{budget['id']}/transactions", headers=world.elu)).status_code == 200
    assert_problem(await client.get(f"/api/v1/budgets/{budget['id']}", headers=world.neighbour), 404)
    line = {"budget": "asc", "on": f"{YEAR}-05-01", "amount": "10.00", "label": "x", "category": "billetterie"}
    tx_url = f"/api/v1/budgets/{budget['id']}/transactions"
    assert_problem(await client.post(tx_url, json=line, headers=world.director), 403)
    assert (await client.post(tx_url, json=line, headers=world.secretary)).status_code == 201


async def test_two_ledgers_with_running_balances_and_a_receipt_uploaded_by_the_treasurer(
    client: httpx.AsyncClient, world: World
) -> None:
    budget = await _budget(client, world)
    bid = budget["id"]
    await _line(client, world, bid, kind="receipt", amount="2000.00", label="Subvention T1", category="subvention")
    spent = await _line(client, world, bid, amount="450.50", label="Formation économique", category="formation")
    await _line(client, world, bid, budget="asc", kind="receipt", amount="10000.00", category="contribution")
    assert (spent["signed_amount"], spent["balance"], spent["receipt_document_id"]) == ("-450.50", "1549.50", None)
    receipt = await client.post(
        f"/api/v1/budget-transactions/{spent['id']}/receipt",
        files={"file": ("facture.pdf", PDF, "application/pdf")},
        headers=world.treasurer,
    )
    assert receipt.status_code == 201, receipt.text
    document_id = receipt.json()["receipt_document_id"]
    assert (await client.get(f"/api/v1/documents/{document_id}", headers=world.treasurer)).status_code == 200
    operating = await client.get(f"/api/v1/budgets/{bid}/transactions?budget=operating", headers=world.elu)
    assert [(t["signed_amount"], t["balance"]) for t in operating.json()["items"]] == [
        ("2000.00", "2000.00"),
        ("-450.50", "1549.50"),
    ]
    wrong = {"budget": "asc", "on": f"{YEAR}-05-01", "amount": "1.00", "label": "x", "category": "formation"}
    refused = await client.post(f"/api/v1/budgets/{bid}/transactions", json=wrong, headers=world.treasurer)
    assert [e["field"] for e in assert_problem(refused, 422)["errors"]] == ["category"]
    other_year = {"budget": "asc", "on": f"{YEAR + 1}-01-02", "amount": "1.00", "label": "x"}
    refused = await client.post(f"/api/v1/budgets/{bid}/transactions", json=other_year, headers=world.treasurer)
    assert [e["field"] for e in assert_problem(refused, 422)["errors"]] == ["on"]


async def test_a_transfer_beyond_ten_percent_of_the_surplus_is_refused_with_the_article(
    client: httpx.AsyncClient, world: World
) -> None:
    """R2315-31-1: surplus 1,000 € on the operating budget → at most 100 € to the ASC; then nothing more."""
    budget = await _budget(client, world)
    bid = budget["id"]
    await _line(client, world, bid, kind="receipt", amount="1500.00", category="subvention")
    await _line(client, world, bid, amount="500.00", category="fournitures")
    url = f"/api/v1/budgets/{bid}/transfers"
    over = await client.post(
        url, json={"from_budget": "operating", "on": f"{YEAR}-12-15", "amount": "100.01"}, headers=world.treasurer
    )
    assert "R2315-31-1" in assert_problem(over, 409, "transfer_over_cap")["detail"]
    done = await client.post(
        url, json={"from_budget": "operating", "on": f"{YEAR}-12-15", "amount": "100.00"}, headers=world.treasurer
    )
    assert done.status_code == 201, done.text
    assert (done.json()["to_budget"], done.json()["remaining"]) == ("asc", "0.00")
    again = await client.post(
        url, json={"from_budget": "operating", "on": f"{YEAR}-12-16", "amount": "0.01"}, headers=world.treasurer
    )
    assert_problem(again, 409, "transfer_over_cap")
    asc = await client.post(
        url, json={"from_budget": "asc", "on": f"{YEAR}-12-16", "amount": "1.00"}, headers=world.treasurer
    )
    assert "L2312-84" in assert_problem(asc, 409, "transfer_over_cap")["detail"]
    report = (await client.get(f"/api/v1/budgets/{bid}/report", headers=world.elu)).json()
    ledgers = {entry["budget"]: entry for entry in report["ledgers"]}
    assert (ledgers["operating"]["balance"], ledgers["asc"]["transfers_in"]) == ("900.00", "100.00")


async def test_bank_reconciliation_matches_by_date_and_amount_and_a_bad_file_stores_nothing(
    client: httpx.AsyncClient, world: World
) -> None:
    budget = await _budget(client, world)
    bid = budget["id"]
    first = await _line(client, world, bid, on=f"{YEAR}-03-02", amount="450.50", category="formation")
    await _line(client, world, bid, on=f"{YEAR}-03-09", amount="12.00", category="frais_bancaires")
    url = f"/api/v1/budgets/{bid}/bank-statements"
    bad = f"Date;Libellé;Montant\n02/03/{YEAR};FORMATION;-450,50\n09/03/{YEAR};FRAIS;douze\n"
    refused = await client.post(url, content=bad.encode(), headers={**world.treasurer, "content-type": "text/csv"})
    assert [e["field"] for e in assert_problem(refused, 422)["errors"]] == ["file.line.3"]
    assert not await BudgetTransaction.exists().where(
        (BudgetTransaction.budget == bid) & BudgetTransaction.reconciled_at.is_not_null()
    )
    good = f"Date;Libellé;Montant\n02/03/{YEAR};PRLV FORMATION;-450,50\n05/03/{YEAR};VIR INCONNU;-80,00\n"
    done = await client.post(url, content=good.encode(), headers={**world.treasurer, "content-type": "text/csv"})
    assert done.status_code == 200, done.text
    result = done.json()
    assert [m["transaction_id"] for m in result["matched"]] == [first["id"]]
    assert [(u["line"], u["amount"]) for u in result["unmatched_bank_lines"]] == [(3, "-80.00")]
    assert [t["signed_amount"] for t in result["unreconciled_transactions"]] == ["-12.00"]
    elu = {**world.elu, "content-type": "text/csv"}
    assert_problem(await client.post(url, content=good.encode(), headers=elu), 403)


async def test_the_year_end_report_pdf_approval_at_a_meeting_and_both_signatures(
    client: httpx.AsyncClient, world: World
) -> None:
    budget = await _budget(client, world)
    bid = budget["id"]
    await _line(client, world, bid, kind="receipt", amount="8000.00", category="subvention")
    await _line(client, world, bid, amount="3000.00", category="formation")
    forecast = {"lines": [{"ledger": "operating", "category": "formation", "amount": "4000.00"}]}
    set_ = await client.post(f"/api/v1/budgets/{bid}/forecast", json=forecast, headers=world.treasurer)
    assert set_.status_code == 201, set_.text
    report = (await client.get(f"/api/v1/budgets/{bid}/report", headers=world.director)).json()
    assert report["accounts_tier"] == "small" and "L2315-65" in report["accounts_form"]
    assert report["approval_due_on"] == f"{YEAR + 1}-06-30"
    formation = next(c for c in report["categories"] if c["category"] == "formation")
    assert (formation["planned"], formation["spent"]) == ("4000.00", "3000.00")
    assert len(report["activity_report"]) == 5
    pdf = await client.get(f"/api/v1/budgets/{bid}/accounts.pdf", headers=world.elu)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    meeting = await make_meeting(world.cse, starts_at=datetime.now(PARIS) - timedelta(days=1))
    approval = {"meeting_id": meeting.id, "approved_on": local_today().isoformat()}
    assert_problem(await client.post(f"/api/v1/budgets/{bid}/approval", json=approval, headers=world.elu), 403)
    approved = await client.post(f"/api/v1/budgets/{bid}/approval", json=approval, headers=world.secretary)
    assert approved.status_code == 200, approved.text
    assert approved.json()["approval_meeting_id"] == meeting.id
    closed = await client.post(
        f"/api/v1/budgets/{bid}/transactions",
        json={"budget": "asc", "on": f"{YEAR}-06-01", "amount": "1.00", "label": "x"},
        headers=world.treasurer,
    )
    assert_problem(closed, 409, "budget_approved")
    assert (await client.post(f"/api/v1/budgets/{bid}/sign-off", headers=world.treasurer)).status_code == 200
    signed = await client.post(f"/api/v1/budgets/{bid}/sign-off", headers=world.secretary)
    assert signed.json()["secretary_signed_at"] is not None
    assert (await client.get(f"/api/v1/budgets/{bid}/report", headers=world.elu)).json()["signed_off"] is True
    assert_problem(await client.post(f"/api/v1/budgets/{bid}/sign-off", headers=world.treasurer), 409, "already_signed")


async def test_no_operating_surplus_moves_to_the_asc_within_three_years_of_an_expertise_paid_by_the_employer(
    client: httpx.AsyncClient, world: World
) -> None:
    """L2315-61 last paragraph: the employer paid an expertise (L2315-80 3°) → 409 with the article."""
    budget = await _budget(client, world, expert_fees_paid_on=f"{YEAR}-02-01")
    await _line(client, world, budget["id"], kind="receipt", amount="1500.00", category="subvention")
    refused = await client.post(
        f"/api/v1/budgets/{budget['id']}/transfers",
        json={"from_budget": "operating", "on": f"{YEAR}-12-15", "amount": "10.00"},
        headers=world.treasurer,
    )
    assert "L2315-80" in assert_problem(refused, 409, "transfer_frozen_after_expertise")["detail"]


async def test_the_body_indicators_gain_budget_consumed(client: httpx.AsyncClient, world: World) -> None:
    """Spent 3,000 € of 8,000 € + 40,000 € allocated (transfers left out): 6.25 %, shown 6.2 (rounded to 0.1)."""
    budget = await _budget(client, world)
    await _line(client, world, budget["id"], amount="3000.00", category="formation")
    url = f"/api/v1/bodies/{world.cse.id}/indicators?from={YEAR}-01-01&to={YEAR}-12-31"
    found = await client.get(url, headers=world.director)
    assert found.status_code == 200, found.text
    consumed = next(i for i in found.json()["items"] if i["code"] == "budget_consumed")
    assert (consumed["label"], consumed["value"], consumed["unit"]) == ("Budget consommé", 6.2, "%")
