"""Helpers of the meeting rules: aware datetimes, French dates, article citations."""

from __future__ import annotations

from datetime import date, datetime

from dialogue.core.errors import InvalidRuleInput


def aware(name: str, value: datetime) -> datetime:
    """`value`, refused when naive: every rule counts days in a named zone."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidRuleInput(f"{name} must be a timezone-aware datetime")
    return value


def fr_date(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def cite(article: str) -> str:
    return f"art. {article} du Code du travail" if article[:1] in ("L", "R", "D") else article
