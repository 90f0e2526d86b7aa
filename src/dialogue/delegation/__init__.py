"""Delegation hours (heures de délégation): credits, uses, transfers and monthly statements (DOMAIN.md §10)."""
