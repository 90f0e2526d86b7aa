"""Minutes (procès-verbal): the deadline to send them (D2315-26, L2315-34) and the seal of the adopted text
(L2315-34, L2315-35)."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from dialogue.core.errors import InvalidRuleInput

# --- Procès-verbal (D2315-26) --------------------------------------------------------------------------------

#: Bodies whose minutes carry the D2315-26 delay (L2315-34): the CSE and the central CSE. The other bodies
#: (CSSCT, ...) keep no minutes under this deadline.
MINUTES_BODY_KINDS: frozenset[str] = frozenset({"cse", "cse_central"})


class MinutesDeadlineCase(StrEnum):
    GENERAL = "general"
    COLLECTIVE_REDUNDANCY = "licenciement_economique_collectif"  # L1233-30 consultation
    INSOLVENCY = "redressement_liquidation_judiciaire"


_MINUTES_DAYS = {
    MinutesDeadlineCase.GENERAL: 15,
    MinutesDeadlineCase.COLLECTIVE_REDUNDANCY: 3,
    MinutesDeadlineCase.INSOLVENCY: 1,
}


@dataclass(frozen=True, slots=True, kw_only=True)
class MinutesDeadline:
    due: date
    days: int
    before_next_meeting: bool
    article: str = "D2315-26"


def minutes_deadline(
    *,
    meeting_date: date,
    next_meeting_date: date | None,
    case: MinutesDeadlineCase = MinutesDeadlineCase.GENERAL,
    agreed_days: int | None = None,
) -> MinutesDeadline:
    """D2315-26: PV sent to the employer within 15 days (3 under L1233-30, 1 in redressement/liquidation
    judiciaire), or before the next meeting when it falls within that delay. An agreement may set the delay (L2315-34).
    """
    days = _MINUTES_DAYS[case] if agreed_days is None else agreed_days
    if days < 1:
        raise InvalidRuleInput(f"PV delay must be >= 1 day, got {days}")
    if next_meeting_date is not None and next_meeting_date <= meeting_date:
        raise InvalidRuleInput("the next meeting must come after the meeting of the PV")
    due = meeting_date + timedelta(days=days)
    if next_meeting_date is not None and next_meeting_date <= due:
        return MinutesDeadline(due=next_meeting_date, days=days, before_next_meeting=True)
    return MinutesDeadline(due=due, days=days, before_next_meeting=False)


def is_minutes_overdue(*, due: date, today: date, sent_on: date | None = None) -> bool:
    """Late when sent after `due`, or not sent and `due` has passed (D2315-26)."""
    return (sent_on if sent_on is not None else today) > due


# --- Minutes (L2315-34, L2315-35) ------------------------------------------------------------------------------


def minutes_digest(text: str) -> str:
    """SHA-256 of the minutes text (UTF-8), stored when the minutes are adopted and shown with them."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def minutes_seal(key: bytes, *, minutes_id: int, meeting_id: int, sha256: str) -> str:
    """HMAC-SHA256, under the chain key (never in the database), of an adopted text's SHA-256 and of the
    meeting it belongs to: a writer who edits the text *and* its SHA-256, or moves it, cannot re-seal it."""
    message = f"minutes:{minutes_id}:{meeting_id}:{sha256.lower()}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


class MinutesIntegrity(StrEnum):
    INTACT = "intact"
    MISMATCH = "mismatch"


def minutes_integrity(
    *, key: bytes, minutes_id: int, meeting_id: int, text: str, sha256: str | None, mac: str | None
) -> tuple[MinutesIntegrity | None, str | None]:
    """Re-check adopted minutes before serving them (L2315-34: the PV adopted is the one the CSE voted).

    None for minutes not adopted (no frozen text yet); else intact, or mismatch with the reason shown.
    """
    if sha256 is None:
        return None, None
    if not hmac.compare_digest(minutes_digest(text), sha256.lower()):
        return MinutesIntegrity.MISMATCH, (
            "Le texte servi ne correspond plus à l'empreinte SHA-256 enregistrée à l'adoption : il a été modifié."
        )
    expected = minutes_seal(key, minutes_id=minutes_id, meeting_id=meeting_id, sha256=sha256)
    if mac is None or not hmac.compare_digest(expected, mac.lower()):
        return MinutesIntegrity.MISMATCH, (
            "L'empreinte SHA-256 enregistrée n'est pas scellée par la clé du service : texte et empreinte ont pu "
            "être réécrits ensemble."
        )
    return MinutesIntegrity.INTACT, None
