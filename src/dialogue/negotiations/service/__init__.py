"""Negotiations of an organisation, one module per job: `lifecycle` (planning, opening, statuses), `table`
(sessions and positions), `signatures` (L2232-12 weights), `conclusion` (referendum, PV de désaccord, deposit,
agrément) and `reads`. Each public function owns its transaction."""

from dialogue.negotiations.service.conclusion import (
    record_agrement,
    record_deposit,
    record_disagreement,
    record_referendum_result,
    request_referendum,
)
from dialogue.negotiations.service.lifecycle import change_status, create_negotiation, update_negotiation
from dialogue.negotiations.service.reads import Ongoing, get_negotiation, list_negotiations, ongoing
from dialogue.negotiations.service.signatures import list_signatures, sign
from dialogue.negotiations.service.table import add_position, add_session, list_positions, list_sessions

__all__ = [
    "Ongoing",
    "add_position",
    "add_session",
    "change_status",
    "create_negotiation",
    "get_negotiation",
    "list_negotiations",
    "list_positions",
    "list_sessions",
    "list_signatures",
    "ongoing",
    "record_agrement",
    "record_deposit",
    "record_disagreement",
    "record_referendum_result",
    "request_referendum",
    "sign",
    "update_negotiation",
]
