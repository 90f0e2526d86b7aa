"""The rules of a CSE's two budgets (DOMAIN.md §11): pure functions on Decimal euros, each citing its article.

What stays unverified (DOMAIN.md labels V2 / UNVERIFIED) is a parameter with the default the domain notes give:
the transfer cap reading of L2312-84 ("tout ou partie" in one source: default 10 %), the amounts of the accounts
tiers (D612-5 and R612-1 of the Code de commerce, currency to check), the approval deadline (R2315-37, six months).

Texts read for this module (December 2026): L2315-61 (0.20 % / 0.22 %, the L242-1 CSS base without CDI
termination indemnities, the surplus transfer by deliberation « dans les limites fixées par décret », the
three-year freeze after L2315-80 3°) at french-business-law.com/french-legislation-art/article-l2315-61-of-the-
french-labour-code; L2312-81 (agreement, else the ratio of the previous year) at legal.tricoteuses.fr/articles/
LEGIARTI000036761976; L2315-64 to L2315-66 and D2315-33 to D2315-36 (tiers, D612-5 and R612-1 C. com., resources)
at french-business-law.com, section « special provisions for companies with at least fifty employees ». Not found
in the sources at hand, hence V2 as DOMAIN.md §11 says: R2315-31-1 and L2312-84 / R2312-51 (the 10 % caps),
L2315-68 (approval by the élus), R2315-37 (six months).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from typing import Final

CENT: Final = Decimal("0.01")
NBSP: Final = "\u00a0"
THIN_NBSP: Final = "\u202f"

#: L2315-61 (V): 0.20 % of the masse salariale brute from 50 to 1,999 employees, 0.22 % from 2,000.
RATE_UNDER_2000: Final = Decimal("0.0020")
RATE_FROM_2000: Final = Decimal("0.0022")
LARGE_COMPANY: Final = 2000
#: L2312-1 to L2312-3, DOMAIN.md §11 "CSE < 50": no statutory budget below 50.
STATUTORY_BUDGET_FROM: Final = 50
#: R2315-31-1 (AEP surplus → ASC) and L2312-84 / R2312-51 (ASC surplus → AEP): 10 % of the annual surplus (V2).
TRANSFER_CAP: Final = Decimal("0.10")


class Ledger(StrEnum):
    """The two budgets, never mixed (L2315-61: the operating grant; L2312-81: the ASC contribution)."""

    OPERATING = "operating"
    ASC = "asc"


LEDGER_LABELS: Final = {
    Ledger.OPERATING: "Budget de fonctionnement (AEP)",
    Ledger.ASC: "Activités sociales et culturelles (ASC)",
}

#: Categories of each ledger (a plan of accounts kept small), with their French labels.
CATEGORIES: Final[dict[Ledger, dict[str, str]]] = {
    Ledger.OPERATING: {
        "subvention": "Subvention de l'employeur",
        "formation": "Formation des élus",
        "expertise": "Expertises et conseils",
        "fournitures": "Fournitures et documentation",
        "deplacements": "Déplacements",
        "frais_bancaires": "Frais bancaires",
        "transfert": "Transfert entre budgets",
        "autre": "Autre",
    },
    Ledger.ASC: {
        "contribution": "Contribution de l'employeur",
        "cheques_cadeaux": "Chèques cadeaux et bons d'achat",
        "billetterie": "Billetterie et sorties",
        "participation_salaries": "Participation des salariés",
        "voyages": "Voyages et séjours",
        "enfance": "Enfance et rentrée scolaire",
        "secours": "Secours et aides",
        "transfert": "Transfert entre budgets",
        "autre": "Autre",
    },
}
TRANSFER_CATEGORY: Final = "transfert"
#: Receipts deducted from the resources for the 153 000 € test: employees' voluntary contributions and event
#: receipts (D2315-34, D2315-36 — V / V2).
NOT_RESOURCES: Final = frozenset({"participation_salaries", "billetterie"})


def to_cents(amount: Decimal) -> int:
    """Euros to integer cents, rounded half up (storage is exact on both engines)."""
    return int((amount.quantize(CENT, rounding=ROUND_HALF_UP) * 100).to_integral_value())


def from_cents(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(CENT)


# --- L2315-61: the operating grant --------------------------------------------------------------------------


def operating_rate(headcount: int) -> Decimal:
    """L2315-61 (V): « 0,20 % de la masse salariale brute » in companies of 50 to fewer than 2,000 employees,
    « 0,22 % » from 2,000. Below 50 there is no statutory grant (DOMAIN.md §11): 0."""
    if headcount < STATUTORY_BUDGET_FROM:
        return Decimal(0)
    return RATE_FROM_2000 if headcount >= LARGE_COMPANY else RATE_UNDER_2000


def operating_grant(*, payroll_mass: Decimal, headcount: int) -> Decimal:
    """L2315-61: the subvention de fonctionnement, the rate applied to the gross payroll mass (L242-1 CSS base,
    CDI termination indemnities excluded — that base is the employer's declaration), to the cent."""
    return (payroll_mass * operating_rate(headcount)).quantize(CENT, rounding=ROUND_HALF_UP)


def operating_basis(*, payroll_mass: Decimal, headcount: int) -> str:
    """The basis shown next to the grant, in French, with the article."""
    rate = operating_rate(headcount) * 100
    band = "2 000 salariés et plus" if headcount >= LARGE_COMPANY else "50 à 1 999 salariés"
    return (
        f"{format_euros(payroll_mass)} de masse salariale brute × {str(rate.normalize()).replace('.', ',')} % "
        f"(effectif {headcount}, tranche {band} : art. L2315-61 du Code du travail)"
    )


# --- L2312-81: the ASC contribution -------------------------------------------------------------------------


def asc_ratio(*, contribution: Decimal, payroll_mass: Decimal) -> Decimal | None:
    """The contribution's ratio to the gross payroll mass (L2312-81); None without a payroll mass."""
    if payroll_mass <= 0:
        return None
    return contribution / payroll_mass


@dataclass(frozen=True, slots=True)
class AscCheck:
    ok: bool
    minimum: Decimal | None  # the smallest contribution keeping last year's ratio
    basis: str


def check_asc_contribution(
    *,
    contribution: Decimal,
    payroll_mass: Decimal,
    by_agreement: bool,
    previous_contribution: Decimal | None,
    previous_payroll_mass: Decimal | None,
) -> AscCheck:
    """L2312-81 (V): the contribution is fixed by company agreement; failing one, « le rapport de cette contribution
    à la masse salariale brute ne peut être inférieur au même rapport existant pour l'année précédente ». An
    employer that never funded ASC owes none (V2): with no previous year recorded there is no floor."""
    if by_agreement:
        return AscCheck(True, None, "Contribution fixée par accord d'entreprise (art. L2312-81 du Code du travail).")
    if previous_contribution is None or previous_payroll_mass is None or previous_payroll_mass <= 0:
        return AscCheck(
            True, None, "Pas d'exercice précédent enregistré : aucun plancher (art. L2312-81 du Code du travail)."
        )
    ratio = previous_contribution / previous_payroll_mass
    minimum = (payroll_mass * ratio).quantize(CENT, rounding=ROUND_HALF_UP)
    shown = format_ratio(ratio)
    basis = (
        f"Sans accord, le rapport à la masse salariale ne peut être inférieur à celui de l'année précédente "
        f"({shown}), soit au moins {format_euros(minimum)} (art. L2312-81 du Code du travail)."
    )
    return AscCheck(contribution >= minimum, minimum, basis)


# --- Transfers between budgets (R2315-31-1, L2312-84) -------------------------------------------------------

TRANSFER_ARTICLES: Final = {
    Ledger.OPERATING: "art. L2315-61 et R2315-31-1 du Code du travail",
    Ledger.ASC: "art. L2312-84 et R2312-51 du Code du travail",
}


def transfer_cap(*, surplus: Decimal, already_transferred: Decimal, cap: Decimal = TRANSFER_CAP) -> Decimal:
    """What may still move out of a ledger: `cap` (10 %) of its annual surplus (R2315-31-1 for the AEP surplus to
    the ASC; L2312-84 and R2312-51 for the ASC surplus), less what already moved. No surplus, no transfer."""
    if surplus <= 0:
        return Decimal(0).quantize(CENT)
    room = (surplus * cap).quantize(CENT, rounding=ROUND_HALF_UP) - already_transferred
    return max(room, Decimal(0)).quantize(CENT)


def transfer_refusal(*, source: Ledger, amount: Decimal, room: Decimal, surplus: Decimal) -> str | None:
    """The refusal sentence (with the article) when `amount` exceeds what may move out of `source`; None if allowed."""
    if amount <= room:
        return None
    return (
        f"Le transfert de {format_euros(amount)} dépasse le plafond de 10 % de l'excédent annuel "
        f"({format_euros(max(surplus, Decimal(0)))} d'excédent, {format_euros(room)} encore transférables : "
        f"{TRANSFER_ARTICLES[source]})."
    )


#: L2315-61 last paragraph (V): no AEP surplus to the ASC « pendant les trois années suivantes » once the employer
#: paid an expertise under L2315-80 3°.
EXPERT_FREEZE_YEARS: Final = 3


def expert_freeze_refusal(*, paid: Iterable[date], on: date, years: int = EXPERT_FREEZE_YEARS) -> str | None:
    """The refusal of an operating → ASC transfer dated `on` within `years` years after the employer paid expert
    fees (L2315-80 3°), with the article; None when no such payment is that recent."""
    for day in sorted(paid, reverse=True):
        try:
            end = day.replace(year=day.year + years)
        except ValueError:  # 29 February
            end = date(day.year + years, 3, 1)
        if day <= on < end:
            return (
                f"L'employeur a pris en charge une expertise le {day:%d/%m/%Y} (art. L2315-80 3°) : aucun excédent "
                f"du budget de fonctionnement ne peut être transféré aux activités sociales et culturelles avant le "
                f"{end:%d/%m/%Y} (art. L2315-61 du Code du travail)."
            )
    return None


# --- Accounts by size (L2315-64 to L2315-66) ----------------------------------------------------------------


class AccountsTier(StrEnum):
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Amounts of the tiers: D612-5 C. com. (153 000 €) and R612-1 C. com. (50 employees, 3.1 M€ resources,
    1.55 M€ balance sheet). UNVERIFIED currency (DOMAIN.md §11): a parameter, not a constant in the code."""

    small_resources: Decimal = Decimal("153000")
    employees: int = 50
    resources: Decimal = Decimal("3100000")
    balance_sheet: Decimal = Decimal("1550000")


DEFAULT_THRESHOLDS: Final = Thresholds()

TIER_FORMS: Final = {
    AccountsTier.SMALL: (
        "Livre chronologique des recettes et des dépenses et état de synthèse simplifié annuel "
        "(art. L2315-65 et D2315-35 du Code du travail)"
    ),
    AccountsTier.MEDIUM: (
        "Comptes annuels simplifiés, créances et dettes constatées à la clôture, présentation par un "
        "expert-comptable (art. L2315-64 II, D2315-33 et L2315-76 du Code du travail)"
    ),
    AccountsTier.LARGE: (
        "Comptes annuels complets, certifiés par un commissaire aux comptes et son suppléant ; commission des "
        "marchés (art. L2315-64 I, L2315-73 et L2315-44-1 du Code du travail)"
    ),
}


def accounts_tier(
    *,
    resources: Decimal,
    cse_employees: int,
    balance_sheet: Decimal | None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> AccountsTier:
    """L2315-65 (V): resources ≤ 153 000 € → the book of receipts and expenses; L2315-64 II: above, but not over
    two of the three R612-1 criteria → simplified accounts; L2315-64 I: over two of three → full accounts."""
    if resources <= thresholds.small_resources:
        return AccountsTier.SMALL
    over = sum(
        (
            cse_employees > thresholds.employees,
            resources > thresholds.resources,
            balance_sheet is not None and balance_sheet > thresholds.balance_sheet,
        )
    )
    return AccountsTier.LARGE if over >= 2 else AccountsTier.MEDIUM


def resources_for_tier(receipts: Iterable[tuple[str, Decimal]]) -> Decimal:
    """R2312-50 / D2315-34, D2315-36: the year's receipts of both budgets, transfers between them left out, and
    for the 153 000 € test the employees' voluntary contributions and event receipts deducted."""
    total = Decimal(0)
    for category, amount in receipts:
        if amount > 0 and category != TRANSFER_CATEGORY and category not in NOT_RESOURCES:
            total += amount
    return total.quantize(CENT)


def approval_due_on(year: int) -> date:
    """R2315-37 (V2, predecessor R2325-13 read): the accounts are approved within six months of the year end."""
    return date(year + 1, 6, 30)


#: D2315-38 (V): the content of the activity and management report (L2315-69).
REPORT_SECTIONS: Final = (
    ("Organisation du comité", "Composition, bureau, commissions, moyens (art. D2315-38 1°)."),
    ("Utilisation de la subvention de fonctionnement", "Dépenses du budget AEP par nature (art. D2315-38 2°)."),
    (
        "Activités sociales et culturelles",
        "Activités menées, écart entre prévisions et réalisations (art. D2315-38 3°).",
    ),
    ("Patrimoine", "Biens et valeurs détenus par le comité (art. D2315-38 4°)."),
    ("Engagements en cours et transactions significatives", "Engagements et opérations notables (art. L2315-66)."),
)


# --- Bank reconciliation ------------------------------------------------------------------------------------


class StatementError(ValueError):
    """A bank statement that cannot be read; `line` is 1-based (the header is line 1)."""

    def __init__(self, message: str, *, line: int) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True, slots=True)
class BankLine:
    line: int
    on: date
    label: str
    amount: Decimal


_DATE_FORMATS: Final = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")
_HEADERS: Final = {
    "date": ("date", "date operation", "date opération", "date de l'opération", "date comptable"),
    "label": ("libelle", "libellé", "label", "description", "intitulé"),
    "amount": ("montant", "amount", "montant (eur)", "montant eur"),
    "debit": ("debit", "débit"),
    "credit": ("credit", "crédit"),
}


def _day(value: str, line: int) -> date:
    text = value.strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a calendar day, no time)
        except ValueError:
            continue
    raise StatementError(f"date illisible : {text!r}", line=line)


def parse_amount(value: str) -> Decimal:
    """A French or plain amount: « 1 234,56 », « -45,00 € », « 1234.56 ». ValueError when unreadable."""
    text = re.sub(r"[\s\u00a0\u202f€]", "", value)
    if text.count(",") == 1 and "." in text:
        text = text.replace(".", "")
    text = text.replace(",", ".")
    if not re.fullmatch(r"[+-]?\d+(\.\d{1,2})?", text):
        raise ValueError(value)
    try:
        return Decimal(text).quantize(CENT)
    except InvalidOperation:
        raise ValueError(value) from None


def parse_statement(text: str, *, max_lines: int = 5000) -> list[BankLine]:
    """A bank statement in CSV (`;` or `,`), with a header naming the date, the label, and the amount (or debit
    and credit) columns. Any unreadable line refuses the whole file (nothing is half-imported)."""
    if not text.strip():
        raise StatementError("relevé vide", line=1)
    sample = text.splitlines()[0]
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    header = [cell.strip().lower() for cell in rows[0]]
    columns: dict[str, int] = {}
    for key, names in _HEADERS.items():
        for index, name in enumerate(header):
            if name in names and key not in columns:
                columns[key] = index
    if "date" not in columns or "label" not in columns or not ("amount" in columns or "debit" in columns):
        raise StatementError("en-tête attendu : date ; libellé ; montant (ou débit ; crédit)", line=1)
    found: list[BankLine] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            raise StatementError(f"{len(row)} colonnes au lieu de {len(header)}", line=number)
        try:
            if "amount" in columns:
                amount = parse_amount(row[columns["amount"]])
            else:
                debit = row[columns["debit"]].strip()
                credit = row[columns["credit"]].strip() if "credit" in columns else ""
                amount = (parse_amount(credit) if credit else Decimal(0)) - (
                    abs(parse_amount(debit)) if debit else Decimal(0)
                )
        except ValueError:
            raise StatementError("montant illisible", line=number) from None
        found.append(BankLine(number, _day(row[columns["date"]], number), row[columns["label"]].strip()[:300], amount))
        if len(found) > max_lines:
            raise StatementError(f"plus de {max_lines} lignes", line=number)
    return found


@dataclass(frozen=True, slots=True)
class Booked:
    id: int
    on: date
    amount: Decimal


def reconcile(bank: Sequence[BankLine], booked: Sequence[Booked]) -> tuple[list[tuple[BankLine, int]], list[BankLine]]:
    """Match each bank line to one booked, not yet reconciled transaction of the same date and signed amount (each
    transaction at most once, in date and id order). Returns the matches and the bank lines left unmatched."""
    free: dict[tuple[date, Decimal], list[int]] = {}
    for item in sorted(booked, key=lambda b: (b.on, b.id)):
        free.setdefault((item.on, item.amount), []).append(item.id)
    matches: list[tuple[BankLine, int]] = []
    unmatched: list[BankLine] = []
    for line in bank:
        ids = free.get((line.on, line.amount))
        if ids:
            matches.append((line, ids.pop(0)))
        else:
            unmatched.append(line)
    return matches, unmatched


# --- Formatting -----------------------------------------------------------------------------------------------


def format_euros(amount: Decimal) -> str:
    """« 12 345,67 € » (narrow no-break thousands separator, decimal comma)."""
    value = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    whole, _, cents = f"{abs(value):.2f}".partition(".")
    groups: list[str] = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return sign + THIN_NBSP.join(groups) + "," + cents + NBSP + "€"


def format_ratio(ratio: Decimal) -> str:
    """A ratio as a French percentage with three decimals: « 0,450 % »."""
    return f"{(ratio * 100).quantize(Decimal('0.001'), rounding=ROUND_HALF_UP)}".replace(".", ",") + " %"
