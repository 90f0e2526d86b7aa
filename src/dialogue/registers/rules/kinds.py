"""Register kinds, the bodies that hold them, and each kind's mandatory fields (D4132-1, D4133-1, L2312-59).

Pure functions only: no database, no clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Final


class RegisterKind(StrEnum):
    QUESTIONS = "questions"  # L2315-22 (< 50)
    DGI = "dgi"  # L4132-2, D4132-1
    PUBLIC_HEALTH = "public_health"  # L4133-1, D4133-1
    PERSONAL_RIGHTS = "personal_rights"  # L2312-59
    DIALOGUE = "dialogue"  # free register, no statutory form


#: Bodies that hold the statutory registers (L2315-22, L4132-2, L4133-1, L2312-59 are duties of the CSE, exercised
#: by the CSE central and by the CSSCT it delegates to, L2315-38); the free `dialogue` register fits any body.
#: The indicators count registers (and their absence) on these bodies only.
STATUTORY_BODY_KINDS: Final = frozenset({"cse", "cse_central", "cssct"})


class FieldType(StrEnum):
    TEXT = "text"  # non-blank string, at most MAX_FIELD_TEXT characters
    NAMES = "names"  # non-empty list of non-blank strings (at most MAX_NAMES, each at most MAX_NAME_LENGTH)
    REF = "ref"  # an id: positive int or non-blank string
    ID = "id"  # a positive integer id (e.g. a meeting of the meetings module)
    DATE = "date"  # an ISO date (YYYY-MM-DD) or a date


#: Longest text a register field (or an entry's body) may hold: a long letter, not a document dump.
MAX_FIELD_TEXT: Final = 20_000
MAX_NAMES: Final = 500
MAX_NAME_LENGTH: Final = 200


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: FieldType
    required: bool = True


#: Kind-specific fields, beyond the common subject/body; the article says why each is there.
REQUIRED_FIELDS: Final[Mapping[RegisterKind, tuple[FieldSpec, ...]]] = {
    # L2315-22: the written note of questions, handed before a given meeting: its date sets the deadlines;
    # the meeting's id is optional until the meetings module links questions to its meetings.
    RegisterKind.QUESTIONS: (
        FieldSpec("question", FieldType.TEXT),
        FieldSpec("meeting_on", FieldType.DATE),
        FieldSpec("meeting_id", FieldType.ID, required=False),
    ),
    # D4132-1: workstations concerned, nature and cause of the danger, names of the exposed workers.
    RegisterKind.DGI: (
        FieldSpec("workstations", FieldType.TEXT),
        FieldSpec("danger_nature", FieldType.TEXT),
        FieldSpec("danger_cause", FieldType.TEXT),
        FieldSpec("exposed_workers", FieldType.NAMES),
    ),
    # D4133-1: products or processes, "le cas échéant" the potential consequences (optional), any other
    # useful information.
    RegisterKind.PUBLIC_HEALTH: (
        FieldSpec("products_or_processes", FieldType.TEXT),
        FieldSpec("possible_consequences", FieldType.TEXT, required=False),
        FieldSpec("other_information", FieldType.TEXT, required=False),
    ),
    # L2312-59: the facts (infringement of rights, health, freedoms) and the persons concerned.
    RegisterKind.PERSONAL_RIGHTS: (FieldSpec("facts", FieldType.TEXT), FieldSpec("persons_concerned", FieldType.NAMES)),
    RegisterKind.DIALOGUE: (),
}


def parse_field_date(value: object) -> date | None:
    """A DATE field's value as a date (None when it is not one): a date, or an ISO "YYYY-MM-DD" string."""
    if isinstance(value, datetime):
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value.strip()) == 10:
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _valid_value(value: object, kind: FieldType) -> bool:
    if kind is FieldType.TEXT:
        return isinstance(value, str) and bool(value.strip()) and len(value) <= MAX_FIELD_TEXT
    if kind is FieldType.NAMES:
        return (
            isinstance(value, list | tuple)
            and 0 < len(value) <= MAX_NAMES
            and all(isinstance(item, str) and item.strip() and len(item) <= MAX_NAME_LENGTH for item in value)
        )
    if kind is FieldType.DATE:
        return parse_field_date(value) is not None
    if isinstance(value, bool):
        return False
    if kind is FieldType.ID:
        return isinstance(value, int) and 0 < value < 2**31
    return (isinstance(value, int) and value > 0) or (isinstance(value, str) and bool(value.strip()))


def invalid_entry_fields(*, kind: RegisterKind, fields: Mapping[str, object]) -> list[str]:
    """Names of missing, invalid or unknown kind-specific fields, in declaration order (empty when valid).

    The API answers 422 naming them: the statutory content of each register is mandatory (D4132-1, D4133-1).
    """
    specs = REQUIRED_FIELDS[kind]
    bad = [
        spec.name
        for spec in specs
        if (spec.name in fields and fields[spec.name] is not None and not _valid_value(fields[spec.name], spec.type))
        or (spec.required and fields.get(spec.name) is None)
    ]
    known = {spec.name for spec in specs}
    return bad + sorted(name for name in fields if name not in known)
