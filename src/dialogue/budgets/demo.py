"""The demo CSE's budgets (issue 18): last year's declaration by the direction (payroll mass with its document,
operating grant computed at 0.20 % — L2315-61 —, ASC contribution of 1 %), the budget prévisionnel, a year of
entries in both ledgers recorded by the treasurer (Isabelle Roux, tresorier@demo.example) with their receipts, and
one transfer of part of the operating surplus to the ASC in December (R2315-31-1), the first quarter's bank
statement imported (one line of it, the bank's insurance premium, without an operation in the ledgers); this
year's declaration too."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from dialogue.bodies.demo import DemoContext
from dialogue.budgets import service
from dialogue.budgets.schemas import BudgetCreate, ForecastLine, ForecastSet, TransactionCreate, TransferCreate
from dialogue.budgets.tables import CseBudget
from dialogue.core.actor import Actor
from dialogue.core.clock import PARIS, local_today
from dialogue.core.documents import Section, Table, render_pdf
from dialogue.documents import service as documents
from dialogue.documents.demo import BytesSource

ORGANISATION = "Association Les Tilleuls"
PAYROLL_MASS = Decimal("10560000.00")
ASC_CONTRIBUTION = Decimal("105600.00")

#: (month, day, ledger, kind, amount, category, label, supplier of the receipt or None)
ENTRIES: tuple[tuple[int, int, str, str, str, str, str, str | None], ...] = (
    (1, 15, "operating", "receipt", "5280.00", "subvention", "Subvention de fonctionnement — 1er trimestre", None),
    (1, 15, "asc", "receipt", "26400.00", "contribution", "Contribution ASC — 1er trimestre", None),
    (2, 6, "operating", "expense", "290.00", "fournitures", "Abonnement documentation juridique", "Éditions Lamy"),
    (3, 12, "operating", "expense", "3200.00", "formation", "Formation économique des élus (L2315-63)", "Syndex"),
    (3, 24, "asc", "expense", "4200.00", "billetterie", "Places de cinéma — lot de 600", "Pathé Lyon"),
    (4, 2, "asc", "receipt", "1200.00", "billetterie", "Participation des salariés — cinéma", None),
    (4, 15, "operating", "receipt", "5280.00", "subvention", "Subvention de fonctionnement — 2e trimestre", None),
    (4, 15, "asc", "receipt", "26400.00", "contribution", "Contribution ASC — 2e trimestre", None),
    (
        5,
        20,
        "operating",
        "expense",
        "2400.00",
        "expertise",
        "Expert-comptable — présentation des comptes",
        "Cabinet Arnaud",
    ),
    (6, 14, "asc", "expense", "22000.00", "voyages", "Séjour à Annecy (week-end des salariés)", "Voyages Rhône"),
    (6, 14, "asc", "receipt", "6000.00", "participation_salaries", "Participation des salariés — séjour", None),
    (7, 15, "operating", "receipt", "5280.00", "subvention", "Subvention de fonctionnement — 3e trimestre", None),
    (7, 15, "asc", "receipt", "26400.00", "contribution", "Contribution ASC — 3e trimestre", None),
    (9, 1, "asc", "expense", "9500.00", "enfance", "Chèques rentrée scolaire", "Cadhoc"),
    (9, 18, "operating", "expense", "640.00", "deplacements", "Déplacements des élus — formation à Paris", "SNCF"),
    (10, 15, "operating", "receipt", "5280.00", "subvention", "Subvention de fonctionnement — 4e trimestre", None),
    (10, 15, "asc", "receipt", "26400.00", "contribution", "Contribution ASC — 4e trimestre", None),
    (11, 5, "asc", "expense", "1500.00", "secours", "Aide exceptionnelle (commission des secours)", None),
    (11, 28, "operating", "expense", "380.00", "fournitures", "Fournitures du local du CSE", "Bureau Vallée"),
    (12, 3, "asc", "expense", "18000.00", "cheques_cadeaux", "Chèques cadeaux de fin d'année", "Cadhoc"),
    (12, 10, "asc", "expense", "7800.00", "enfance", "Arbre de Noël des enfants", "Compagnie Les Lucioles"),
    (12, 31, "operating", "expense", "144.00", "frais_bancaires", "Frais de tenue de compte", "Crédit Coopératif"),
)
FORECAST: tuple[tuple[str, str, str], ...] = (
    ("operating", "formation", "4000.00"),
    ("operating", "expertise", "3000.00"),
    ("operating", "fournitures", "800.00"),
    ("operating", "deplacements", "1000.00"),
    ("asc", "billetterie", "5000.00"),
    ("asc", "voyages", "25000.00"),
    ("asc", "enfance", "16000.00"),
    ("asc", "cheques_cadeaux", "18000.00"),
    ("asc", "secours", "3000.00"),
)


def _pdf(title: str, subtitle: str, sections: tuple[Section, ...], on: date) -> bytes:
    created = datetime.combine(on, time(10), tzinfo=PARIS)
    return render_pdf(title=title, subtitle=subtitle, sections=sections, author=ORGANISATION, created_at=created)


def payroll_declaration(year: int) -> bytes:
    return _pdf(
        f"Masse salariale brute {year}",
        f"{ORGANISATION} — déclaration de l'employeur au CSE",
        (
            Section(
                "Base de calcul (art. L2315-61 et L2312-83 du Code du travail)",
                (
                    "Gains et rémunérations soumis à cotisations (art. L242-1 du Code de la sécurité sociale), "
                    "hors indemnités de rupture des contrats à durée indéterminée.",
                    Table(
                        header=("Établissement", "Masse salariale brute"),
                        rows=(
                            ("EHPAD Les Tilleuls", "6 270 000,00 €"),
                            ("IME La Source", "4 290 000,00 €"),
                            ("Total", "10 560 000,00 €"),
                        ),
                    ),
                ),
            ),
        ),
        date(year + 1, 1, 10) if year < local_today().year else local_today(),
    )


def receipt(supplier: str, label: str, amount: str, on: date) -> bytes:
    return _pdf(
        f"Facture — {supplier}",
        f"Adressée au CSE de l'{ORGANISATION}",
        (Section("Détail", (Table(header=("Désignation", "Montant TTC"), rows=((label, f"{amount} €"),)),)),),
        on,
    )


def bank_statement(year: int) -> str:
    """The CSE's account statement for the first quarter, as the bank exports it: every line matches an operation
    of the ledgers but the insurance premium, which the treasurer has not recorded yet."""
    return (
        "Date;Libellé;Montant\n"
        f"15/01/{year};VIR ASSOCIATION LES TILLEULS SUBVENTION T1;5280,00\n"
        f"15/01/{year};VIR ASSOCIATION LES TILLEULS ASC T1;26400,00\n"
        f"06/02/{year};PRLV EDITIONS LAMY;-290,00\n"
        f"12/03/{year};VIR SYNDEX FORMATION;-3200,00\n"
        f"24/03/{year};CB PATHE LYON;-4200,00\n"
        f"31/03/{year};PRLV MAIF ASSURANCE LOCAL CSE;-312,00\n"
    )


async def _upload(actor: Actor, organization_id: int, title: str, content: bytes) -> int:
    source = BytesSource(
        filename=f"{title.lower().replace(' ', '-')[:60]}.pdf",
        content=content,
        form={"title": title, "kind": "comptes"},
    )
    document = await documents.upload_document(
        actor=actor, organization_id=organization_id, source=source, max_upload_mb=20, granted=True
    )
    return document.id


async def demo_step(ctx: DemoContext) -> None:
    """Idempotent: nothing happens once the CSE has last year's budget."""
    body_id = ctx.bodies["cse"]
    year = local_today().year - 1
    if await CseBudget.exists().where((CseBudget.body == body_id) & (CseBudget.year == year)):
        return
    org = ctx.organization_id
    director = Actor(user_id=ctx.users["direction@demo.example"], organization_id=org)
    treasurer = Actor(user_id=ctx.users["tresorier@demo.example"], organization_id=org)
    payroll_doc = await _upload(director, org, f"Masse salariale brute {year}", payroll_declaration(year))
    budget = await service.create_budget(
        actor=treasurer,
        body_id=body_id,
        data=BudgetCreate(
            year=year,
            payroll_mass=PAYROLL_MASS,
            payroll_document_id=payroll_doc,
            asc_contribution=ASC_CONTRIBUTION,
            cse_employees=0,
        ),
    )
    lines = [ForecastLine(ledger=ledger, category=cat, amount=Decimal(a)) for ledger, cat, a in FORECAST]
    await service.set_forecast(actor=treasurer, budget_id=budget.id, data=ForecastSet(lines=lines))
    for month, day, ledger, kind, amount, category, label, supplier in ENTRIES:
        on = date(year, month, day)
        receipt_id = None
        if supplier is not None:
            receipt_id = await _upload(
                treasurer, org, f"Facture {supplier} {on:%d/%m/%Y}", receipt(supplier, label, amount, on)
            )
        await service.record_transaction(
            actor=treasurer,
            budget_id=budget.id,
            data=TransactionCreate(
                budget=ledger,
                on=on,
                amount=Decimal(amount),
                kind=kind,
                label=label,
                category=category,
                receipt_document_id=receipt_id,
            ),
        )
    await service.transfer(
        actor=treasurer,
        budget_id=budget.id,
        data=TransferCreate(
            from_budget="operating",
            on=date(year, 12, 18),
            amount=Decimal("1000.00"),
            label="Transfert d'une part de l'excédent de fonctionnement aux ASC (délibération des élus)",
        ),
    )
    await service.reconcile(actor=treasurer, budget_id=budget.id, statement=bank_statement(year).encode("utf-8"))
    this_year = local_today().year
    if not await CseBudget.exists().where((CseBudget.body == body_id) & (CseBudget.year == this_year)):
        doc = await _upload(director, org, f"Masse salariale brute {this_year}", payroll_declaration(this_year))
        current = await service.create_budget(
            actor=treasurer,
            body_id=body_id,
            data=BudgetCreate(
                year=this_year,
                payroll_mass=Decimal("10820000.00"),
                payroll_document_id=doc,
                asc_contribution=Decimal("108200.00"),
            ),
        )
        await service.record_transaction(
            actor=treasurer,
            budget_id=current.id,
            data=TransactionCreate(
                budget="operating",
                on=date(this_year, 1, 15),
                amount=Decimal("5410.00"),
                kind="receipt",
                label="Subvention de fonctionnement — 1er trimestre",
                category="subvention",
            ),
        )
    ctx.created.append("budgets du CSE (exercice écoulé et exercice en cours)")
