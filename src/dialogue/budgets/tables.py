"""CSE budgets (issue 18): one row per body and year (payroll mass declared by the employer, the operating grant
computed from it, the ASC contribution), and the two ledgers' transactions, never mixed (`ledger`). Amounts are
stored in integer cents: exact on SQLite and PostgreSQL alike, shown as decimal euros at the API edge."""

from piccolo.columns import BigInt, Boolean, Date, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from dialogue.auth.tables import User
from dialogue.bodies.tables import Body
from dialogue.documents.tables import Document


class CseBudget(Table, tablename="cse_budget"):
    id = Serial(primary_key=True)
    body = ForeignKey(Body, on_delete=OnDelete.cascade, index=True, null=False)
    year = Integer(help_text="Exercice (année civile)")
    headcount = Integer(help_text="Effectif de l'entreprise retenu pour le taux (L2315-61 : 50 à 1 999, 2 000 et plus)")
    payroll_mass_cents = BigInt(help_text="Masse salariale brute déclarée par l'employeur, en centimes (L2315-61)")
    payroll_document = ForeignKey(
        Document, on_delete=OnDelete.restrict, null=True, default=None, help_text="Justificatif de l'employeur"
    )
    operating_rate_bp = Integer(help_text="Taux de la subvention de fonctionnement, en points de base (20 = 0,20 %)")
    operating_grant_cents = BigInt(help_text="Subvention de fonctionnement calculée, en centimes")
    asc_contribution_cents = BigInt(help_text="Contribution aux activités sociales et culturelles, en centimes")
    asc_by_agreement = Boolean(default=False, help_text="Contribution fixée par accord d'entreprise (L2312-81)")
    asc_agreement_reference = Varchar(length=300, null=True, default=None, help_text="Référence de l'accord")
    cse_employees = Integer(default=0, help_text="Salariés du CSE (seuils des comptes, L2315-64)")
    balance_sheet_cents = BigInt(null=True, default=None, help_text="Total du bilan, en centimes (seuils L2315-64)")
    expert_fees_paid_on = Date(
        null=True, default=None, help_text="L'employeur a payé une expertise (L2315-80 3°) : pas de transfert AEP → ASC"
    )
    approved_on = Date(null=True, default=None, help_text="Approbation des comptes par les élus (L2315-68)")
    approval_meeting_id = Integer(null=True, default=None, help_text="Réunion plénière d'approbation")
    approval_vote_id = Integer(null=True, default=None, help_text="Vote d'approbation, s'il est enregistré")
    treasurer_signed_by = ForeignKey(User, on_delete=OnDelete.restrict, null=True, default=None)
    treasurer_signed_at = Timestamptz(null=True, default=None)
    secretary_signed_by = ForeignKey(User, on_delete=OnDelete.restrict, null=True, default=None)
    secretary_signed_at = Timestamptz(null=True, default=None)
    created_by = ForeignKey(User, on_delete=OnDelete.restrict, null=False)
    created_at = Timestamptz()


class BudgetForecast(Table, tablename="budget_forecast"):
    """The amount planned per ledger and category (budget prévisionnel), against which spending is shown."""

    id = Serial(primary_key=True)
    budget = ForeignKey(CseBudget, on_delete=OnDelete.cascade, index=True, null=False)
    ledger = Varchar(length=10, help_text="operating ou asc")
    category = Varchar(length=40)
    amount_cents = BigInt()


class BudgetTransaction(Table, tablename="budget_transaction"):
    """One dated line of one ledger; `amount_cents` is positive for a receipt, negative for an expense."""

    id = Serial(primary_key=True)
    budget = ForeignKey(CseBudget, on_delete=OnDelete.cascade, index=True, null=False)
    ledger = Varchar(length=10, help_text="operating (subvention de fonctionnement) ou asc")
    booked_on = Date(help_text="Date de l'opération (champ `on` de l'API)")
    amount_cents = BigInt(help_text="Montant signé en centimes : recette > 0, dépense < 0")
    label = Varchar(length=300)
    category = Varchar(length=40)
    receipt_document = ForeignKey(
        Document, on_delete=OnDelete.restrict, null=True, default=None, help_text="Pièce justificative"
    )
    transfer_id = Integer(null=True, default=None, help_text="Les deux lignes d'un transfert partagent cet id")
    vote_id = Integer(null=True, default=None, help_text="Délibération des élus (transferts)")
    bank_label = Varchar(length=300, null=True, default=None, help_text="Ligne du relevé rapprochée")
    reconciled_at = Timestamptz(null=True, default=None)
    recorded_by = ForeignKey(User, on_delete=OnDelete.restrict, null=False)
    recorded_at = Timestamptz()
