"""The CSE budget rules (DOMAIN.md §11), one case per article; amounts in Decimal, never float."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from dialogue.budgets import rules
from dialogue.budgets.rules import AccountsTier, BankLine, Booked, Ledger, StatementError


@pytest.mark.parametrize(
    ("headcount", "rate", "grant"),
    [
        (49, Decimal(0), Decimal("0.00")),
        (50, Decimal("0.0020"), Decimal("2000.00")),
        (1999, Decimal("0.0020"), Decimal("2000.00")),
        (2000, Decimal("0.0022"), Decimal("2200.00")),
    ],
)
def test_l2315_61_operating_grant_is_020_percent_to_1999_and_022_percent_from_2000(
    headcount: int, rate: Decimal, grant: Decimal
) -> None:
    assert rules.operating_rate(headcount) == rate
    assert rules.operating_grant(payroll_mass=Decimal("1000000"), headcount=headcount) == grant


def test_l2315_61_grant_is_rounded_to_the_cent_half_up() -> None:
    assert rules.operating_grant(payroll_mass=Decimal("1234.25"), headcount=100) == Decimal("2.47")
    assert "L2315-61" in rules.operating_basis(payroll_mass=Decimal("1000"), headcount=100)


def test_l2312_81_asc_ratio_may_not_fall_below_last_year_without_an_agreement() -> None:
    check = rules.check_asc_contribution(
        contribution=Decimal("19999.99"),
        payroll_mass=Decimal("2000000"),
        by_agreement=False,
        previous_contribution=Decimal("10000"),
        previous_payroll_mass=Decimal("1000000"),
    )
    assert not check.ok and check.minimum == Decimal("20000.00") and "L2312-81" in check.basis
    same = rules.check_asc_contribution(
        contribution=Decimal("20000"),
        payroll_mass=Decimal("2000000"),
        by_agreement=False,
        previous_contribution=Decimal("10000"),
        previous_payroll_mass=Decimal("1000000"),
    )
    assert same.ok


def test_l2312_81_an_agreement_fixes_the_contribution_and_no_previous_year_means_no_floor() -> None:
    agreed = rules.check_asc_contribution(
        contribution=Decimal("1"),
        payroll_mass=Decimal("2000000"),
        by_agreement=True,
        previous_contribution=Decimal("10000"),
        previous_payroll_mass=Decimal("1000000"),
    )
    first = rules.check_asc_contribution(
        contribution=Decimal("0"),
        payroll_mass=Decimal("2000000"),
        by_agreement=False,
        previous_contribution=None,
        previous_payroll_mass=None,
    )
    assert agreed.ok and first.ok and first.minimum is None


def test_r2315_31_1_and_l2312_84_transfers_are_capped_at_ten_percent_of_the_surplus() -> None:
    room = rules.transfer_cap(surplus=Decimal("1000"), already_transferred=Decimal("40"))
    assert room == Decimal("60.00")
    surplus = Decimal(1000)
    assert rules.transfer_refusal(source=Ledger.OPERATING, amount=Decimal("60"), room=room, surplus=surplus) is None
    refusal = rules.transfer_refusal(source=Ledger.OPERATING, amount=Decimal("60.01"), room=room, surplus=surplus)
    assert refusal is not None and "R2315-31-1" in refusal
    asc = rules.transfer_refusal(source=Ledger.ASC, amount=Decimal("1"), room=Decimal(0), surplus=Decimal(0))
    assert asc is not None and "L2312-84" in asc
    assert rules.transfer_cap(surplus=Decimal("-500"), already_transferred=Decimal(0)) == Decimal("0.00")


@pytest.mark.parametrize(
    ("resources", "employees", "balance", "tier"),
    [
        (Decimal("153000"), 0, None, AccountsTier.SMALL),  # L2315-65: up to 153 000 €
        (Decimal("153000.01"), 0, None, AccountsTier.MEDIUM),  # L2315-64 II
        (Decimal("3100000.01"), 51, None, AccountsTier.LARGE),  # L2315-64 I: two of three criteria
        (Decimal("3100000.01"), 10, Decimal("1000000"), AccountsTier.MEDIUM),  # only one criterion
        (Decimal("200000"), 60, Decimal("1550000.01"), AccountsTier.LARGE),
    ],
)
def test_l2315_64_to_66_the_accounts_form_follows_the_cses_size(
    resources: Decimal, employees: int, balance: Decimal | None, tier: AccountsTier
) -> None:
    assert rules.accounts_tier(resources=resources, cse_employees=employees, balance_sheet=balance) is tier


def test_d2315_34_resources_leave_out_transfers_employee_contributions_and_event_receipts() -> None:
    receipts = [
        ("subvention", Decimal("1000")),
        ("participation_salaries", Decimal("300")),
        ("billetterie", Decimal("200")),
        ("transfert", Decimal("50")),
        ("formation", Decimal("-400")),
    ]
    assert rules.resources_for_tier(receipts) == Decimal("1000.00")


def test_r2315_37_approval_within_six_months_of_the_year_end() -> None:
    assert rules.approval_due_on(2025) == date(2026, 6, 30)


def test_a_french_bank_statement_is_read_with_decimal_commas_and_debit_credit_columns() -> None:
    text = "Date;Libellé;Débit;Crédit\n02/03/2026;PRLV;1 234,56;\n03/03/2026;VIR SUBV;;2000,00\n\n"
    lines = rules.parse_statement(text)
    assert [(line.line, line.amount) for line in lines] == [(2, Decimal("-1234.56")), (3, Decimal("2000.00"))]
    assert lines[0].on == date(2026, 3, 2)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("", 1),
        ("a;b;c\n1;2;3\n", 1),
        ("date;libellé;montant\n31/02/2026;x;1,00\n", 2),
        ("date;libellé;montant\n01/02/2026;x;1,00\n02/02/2026;y;abc\n", 3),
        ("date;libellé;montant\n01/02/2026;x\n", 2),
    ],
)
def test_an_unreadable_statement_names_its_line(text: str, line: int) -> None:
    with pytest.raises(StatementError) as caught:
        rules.parse_statement(text)
    assert caught.value.line == line


def test_reconciliation_matches_date_and_signed_amount_once_each() -> None:
    day = date(2026, 3, 2)
    bank = [
        BankLine(2, day, "A", Decimal("-10.00")),
        BankLine(3, day, "B", Decimal("-10.00")),
        BankLine(4, day, "C", Decimal("10.00")),
    ]
    matches, unmatched = rules.reconcile(bank, [Booked(7, day, Decimal("-10.00"))])
    assert [(m[0].line, m[1]) for m in matches] == [(2, 7)]
    assert [u.line for u in unmatched] == [3, 4]


def test_euros_are_written_the_french_way_and_cents_are_exact() -> None:
    assert rules.format_euros(Decimal("12345.6")) == "12\u202f345,60\u00a0€"
    assert rules.to_cents(Decimal("0.105")) == 11 and rules.from_cents(-1050) == Decimal("-10.50")


def test_l2315_61_no_operating_surplus_to_asc_for_three_years_after_the_employer_paid_an_expertise() -> None:
    paid = [date(2024, 5, 10)]
    refusal = rules.expert_freeze_refusal(paid=paid, on=date(2027, 5, 9))
    assert refusal is not None and "L2315-61" in refusal and "L2315-80" in refusal
    assert rules.expert_freeze_refusal(paid=paid, on=date(2027, 5, 10)) is None
    assert rules.expert_freeze_refusal(paid=[], on=date(2027, 5, 9)) is None
