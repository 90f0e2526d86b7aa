"""What the audit trail may keep of a confidential item (L2315-3): pure functions, no I/O.

Art. L2315-3 of the Code du travail binds the CSE's members to discretion on information presented as
confidential by the employer; the service shows such items only to the body's members and the direction
(`BodyAccess.sees_confidential`). The audit trail is read by organisation admins, who are neither: so the
text of a confidential item never enters an audit row. Structure stays (which fields changed, ids, status,
counts, dates), free text becomes `REDACTED`.
"""

from __future__ import annotations

import re
from typing import Any

#: Stands for any text of a confidential item in the audit trail.
REDACTED = "[confidentiel]"

#: Keys whose string values are codes, never text typed by a person.
STRUCTURAL_KEYS = frozenset(
    {"kind", "status", "role", "college", "resolution_kind", "action", "dgi_state", "hash", "sha256", "revision"}
)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ][0-9:.+\-Z]*)?$")


def _structural(key: str, value: str) -> bool:
    return key in STRUCTURAL_KEYS or key.endswith(("_id", "_on", "_at", "_by")) or bool(_DATE.match(value))


def _redact(key: str, value: Any) -> Any:
    if isinstance(value, str):
        return value if _structural(key, value) else REDACTED
    if isinstance(value, dict):
        return {k: _redact(str(k), v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_redact(key, v) for v in value]
    return value


def redact_confidential(values: dict[str, Any] | None) -> dict[str, Any] | None:
    """The audit values of a confidential item (L2315-3): every free text replaced by `REDACTED`, at any
    depth (titles, descriptions, presenters, document names, reasons); keys, numbers, booleans, dates and
    status codes kept, so the trail still tells who changed what and when."""
    if values is None:
        return None
    return {str(k): _redact(str(k), v) for k, v in values.items()}
