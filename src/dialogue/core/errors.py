"""Domain errors: services raise these, never HTTP exceptions. web/problems.py maps them."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base of every error a service may raise on purpose. `code` is stable for clients."""

    code = "error"
    title = "Erreur"

    def __init__(self, detail: str, *, code: str | None = None, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        if code is not None:
            self.code = code
        self.extra = extra


class NotFound(DomainError):
    """Unknown, or belonging to another organisation (never say which)."""

    code = "not_found"
    title = "Introuvable"


class Unauthenticated(DomainError):
    code = "unauthenticated"
    title = "Authentification requise"


class Forbidden(DomainError):
    """Known to the caller, but their role does not allow this action."""

    code = "forbidden"
    title = "Action non autorisée"


class Conflict(DomainError):
    """The write collides with what is stored (duplicate, already linked…)."""

    code = "conflict"
    title = "Conflit"


class InvalidState(DomainError):
    """A state transition that is not allowed now."""

    code = "invalid_state"
    title = "Transition impossible"


class RuleViolation(DomainError):
    """A legal rule forbids this (the detail cites the article)."""

    code = "rule_violation"
    title = "Règle légale non respectée"


class Gone(DomainError):
    """It existed and can no longer serve (a used single-use link, a closed campaign): no retry will help."""

    code = "gone"
    title = "Plus disponible"


class InvalidInput(DomainError):
    """Input that passed the schema but is wrong in context; `errors` names the fields."""

    code = "invalid_input"
    title = "Données invalides"

    def __init__(self, detail: str, *, errors: list[dict[str, str]] | None = None, code: str | None = None) -> None:
        super().__init__(detail, code=code)
        self.errors = errors or []


class TooManyRequests(DomainError):
    code = "too_many_requests"
    title = "Trop de tentatives"

    def __init__(self, detail: str, *, retry_after: int) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


# --- documents (issue 16, branch docs)
class PayloadTooLarge(DomainError):
    """An upload over the configured size limit (DIALOGUE_MAX_UPLOAD_MB)."""

    code = "payload_too_large"
    title = "Fichier trop volumineux"


class UnsupportedMediaType(DomainError):
    """A file whose content is not of an allowed type."""

    code = "unsupported_media_type"
    title = "Type de fichier non accepté"


class RangeNotSatisfiable(DomainError):
    """A byte range starting past the end of the file (RFC 9110 §15.5.17); `size` is the file's."""

    code = "range_not_satisfiable"
    title = "Plage d'octets hors du fichier"

    def __init__(self, detail: str, *, size: int) -> None:
        super().__init__(detail)
        self.size = size


# --- end documents


class InvalidRuleInput(ValueError):
    """Inputs a pure rule cannot work with (naive datetime, impossible counts): a programming error, not a
    domain error; callers that take such values from people check them first."""
