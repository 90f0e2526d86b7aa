"""Web addresses of the pages people open from emails and calendar events (one place, so links
never drift from the routes: tests/unit/test_links.py checks each against the app's page routes)."""

from __future__ import annotations


def meeting_path(meeting_id: int) -> str:
    return f"/reunions/{meeting_id}"


def minutes_path(meeting_id: int) -> str:
    return f"/reunions/{meeting_id}/proces-verbal"


def entry_path(entry_id: int) -> str:
    return f"/entrees/{entry_id}"


def register_integrity_path(register_id: int) -> str:
    return f"/registres/{register_id}/integrite"


def consultations_path(body_id: int) -> str:
    return f"/instances/{body_id}/consultations"


def body_history_path(body_id: int) -> str:
    return f"/instances/{body_id}/historique"


HOME_PATH = "/"
#: Where a mail's « vos préférences » leads: the account's notification preferences.
PREFERENCES_PATH = "/compte/notifications"
#: The page that sets a password from a mailed link (the token follows).
PASSWORD_LINK_PATH = "/mot-de-passe/"  # noqa: S105 - a page address, not a secret


def password_link_path(token: str) -> str:
    return f"{PASSWORD_LINK_PATH}{token}"
