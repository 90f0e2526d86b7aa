"""CSE budgets (L2315-61, L2312-81): the operating grant and the ASC contribution, their two ledgers, the accounts."""
