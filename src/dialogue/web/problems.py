"""The only place that picks HTTP statuses: domain errors and framework errors → RFC 9457 problem+json."""

from __future__ import annotations

import logging
import socket
import sqlite3
from typing import Any, Protocol

import asyncpg
from litestar import Request, Response
from litestar.exceptions import HTTPException, NotAuthorizedException, ValidationException
from litestar.status_codes import (
    HTTP_400_BAD_REQUEST,
    HTTP_401_UNAUTHORIZED,
    HTTP_403_FORBIDDEN,
    HTTP_404_NOT_FOUND,
    HTTP_409_CONFLICT,
    HTTP_410_GONE,
    HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    HTTP_415_UNSUPPORTED_MEDIA_TYPE,
    HTTP_416_REQUESTED_RANGE_NOT_SATISFIABLE,
    HTTP_422_UNPROCESSABLE_ENTITY,
    HTTP_429_TOO_MANY_REQUESTS,
    HTTP_500_INTERNAL_SERVER_ERROR,
    HTTP_503_SERVICE_UNAVAILABLE,
)

from dialogue.core.actor import request_id_var
from dialogue.core.errors import (
    Conflict,
    DomainError,
    Forbidden,
    Gone,
    InvalidInput,
    InvalidState,
    NotFound,
    PayloadTooLarge,
    RangeNotSatisfiable,
    RuleViolation,
    TooManyRequests,
    Unauthenticated,
    UnsupportedMediaType,
)

logger = logging.getLogger("dialogue.web")

PROBLEM_MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "https://dialogue.example/problems/"

STATUS_BY_ERROR: dict[type[DomainError], int] = {
    NotFound: HTTP_404_NOT_FOUND,
    Unauthenticated: HTTP_401_UNAUTHORIZED,
    Forbidden: HTTP_403_FORBIDDEN,
    Conflict: HTTP_409_CONFLICT,
    InvalidState: HTTP_409_CONFLICT,
    RuleViolation: HTTP_409_CONFLICT,
    Gone: HTTP_410_GONE,
    InvalidInput: HTTP_422_UNPROCESSABLE_ENTITY,
    TooManyRequests: HTTP_429_TOO_MANY_REQUESTS,
    # documents (issue 16, branch docs)
    PayloadTooLarge: HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    UnsupportedMediaType: HTTP_415_UNSUPPORTED_MEDIA_TYPE,
    RangeNotSatisfiable: HTTP_416_REQUESTED_RANGE_NOT_SATISFIABLE,
}

TITLES = {
    400: "Requête invalide",
    401: "Authentification requise",
    403: "Action non autorisée",
    404: "Introuvable",
    405: "Méthode non autorisée",
    409: "Conflit",
    410: "Plus disponible",
    413: "Requête trop volumineuse",
    415: "Type de contenu non pris en charge",
    416: "Plage non satisfaisable",
    422: "Données invalides",
    429: "Trop de requêtes",
    500: "Erreur interne",
    503: "Service indisponible",
}


#: What a person reads when the framework refuses a request (its own details are English: « Not Found »).
DETAILS = {
    400: "La requête n'a pas pu être lue.",
    401: "Connectez-vous pour continuer.",
    403: "Vous n'avez pas accès à cette page ou à cette action.",
    404: "Cette page n'existe pas, ou plus. Vérifiez l'adresse ou repartez de l'accueil.",
    405: "Cette adresse n'accepte pas cette action.",
    413: "Le fichier ou le formulaire envoyé est trop volumineux.",
    415: "Ce type de contenu n'est pas accepté.",
    429: "Trop de requêtes en peu de temps : réessayez dans un instant.",
    500: "Une erreur inattendue s'est produite. Communiquez l'identifiant de requête à l'administrateur.",
}
#: Litestar's CSRF middleware refuses a form without a valid token with this (English) detail.
CSRF_FAILED = "CSRF token verification failed"
CSRF_DETAIL = "Le formulaire a expiré ou ne vient pas de cette page : rechargez la page et envoyez-le de nouveau."


def status_for(error: DomainError) -> int:
    for cls in type(error).__mro__:
        if cls in STATUS_BY_ERROR:
            return STATUS_BY_ERROR[cls]
    return HTTP_400_BAD_REQUEST


def problem(
    *,
    status: int,
    code: str,
    detail: str,
    title: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response[dict[str, Any]]:
    body: dict[str, Any] = {
        "type": TYPE_BASE + code,
        "title": title or TITLES.get(status, "Erreur"),
        "status": status,
        "detail": detail,
        "code": code,
    }
    request_id = request_id_var.get()
    if request_id:
        body["request_id"] = request_id
    body.update({k: v for k, v in extra.items() if v is not None})
    return Response(content=body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


class ErrorPages(Protocol):
    """The HTML side of the errors, given by the pages package: the composition root (app.py) puts it in
    `app.state.error_pages`, so this module never imports the pages it serves."""

    def wants_html(self, request: Request[Any, Any, Any]) -> bool: ...

    def html_error(self, request: Request[Any, Any, Any], *, status: int, title: str, detail: str) -> Any: ...

    def login_redirect(self, request: Request[Any, Any, Any], exc: Exception) -> Any | None: ...


def _error_pages(request: Request[Any, Any, Any] | None) -> ErrorPages | None:
    if request is None:
        return None
    pages: ErrorPages | None = getattr(request.app.state, "error_pages", None)
    return pages


def _html(request: Request[Any, Any, Any] | None, status: int, title: str, detail: str) -> Response[Any] | None:
    """Pages (not /api) asked for by a browser get an HTML error page instead of problem+json."""
    pages = _error_pages(request)
    if request is None or pages is None or not pages.wants_html(request):
        return None
    page: Response[Any] = pages.html_error(request, status=status, title=title, detail=detail)
    return page


def domain_error_handler(request: Request[Any, Any, Any], exc: DomainError) -> Response[Any]:
    status = status_for(exc)
    page = _html(request, status, exc.title, exc.detail)
    if page is not None:
        return page
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, TooManyRequests) else None
    if status == HTTP_401_UNAUTHORIZED:
        headers = {"WWW-Authenticate": "Bearer"}
    if isinstance(exc, RangeNotSatisfiable):
        headers = {"Content-Range": f"bytes */{exc.size}"}
    errors = exc.errors if isinstance(exc, InvalidInput) and exc.errors else None
    return problem(
        status=status, code=exc.code, detail=exc.detail, title=exc.title, headers=headers, errors=errors, **exc.extra
    )


def _field_name(key: Any) -> str:
    return str(key) if key else "body"


def validation_error_handler(_: Request[Any, Any, Any], exc: ValidationException) -> Response[dict[str, Any]]:
    extra = exc.extra if isinstance(exc.extra, list) else []
    errors = [
        {"field": _field_name(item.get("key")), "message": str(item.get("message")), "source": item.get("source")}
        for item in extra
        if isinstance(item, dict)
    ]
    if not errors:
        # Litestar could not even decode the body (malformed JSON, wrong content type).
        return problem(
            status=HTTP_400_BAD_REQUEST,
            code="malformed_request",
            detail=f"Corps de requête illisible (JSON attendu) : {exc.detail or TITLES[400]}",
        )
    return problem(
        status=HTTP_422_UNPROCESSABLE_ENTITY,
        code="validation_error",
        detail="Certaines valeurs sont invalides : " + ", ".join(sorted({str(e["field"]) for e in errors})) + ".",
        errors=errors,
    )


def _plain_detail(exc: HTTPException) -> str:
    """The framework's refusal in French: its own details are English (« Not Found », the CSRF failure)."""
    if exc.detail == CSRF_FAILED:
        return CSRF_DETAIL
    return DETAILS.get(exc.status_code, TITLES.get(exc.status_code, "Erreur"))


def http_error_handler(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    status = exc.status_code
    page = _html(request, status, TITLES.get(status, "Erreur"), _plain_detail(exc) if status < 500 else DETAILS[500])
    if page is not None:
        return page
    code = {
        400: "bad_request",
        401: "unauthenticated",
        403: "forbidden",
        404: "not_found",
        405: "method_not_allowed",
        413: "payload_too_large",
        415: "unsupported_media_type",
        429: "too_many_requests",
    }.get(status, f"http_{status}")
    headers = dict(exc.headers or {})
    if isinstance(exc, NotAuthorizedException):
        headers["WWW-Authenticate"] = "Bearer"
    detail = _plain_detail(exc) if status < 500 else TITLES.get(status, "Erreur")
    return problem(status=status, code=code, detail=detail, headers=headers or None)


def integrity_error_handler(_: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    """A constraint the service did not pre-check (a concurrent duplicate): 409, nothing written."""
    logger.info("integrity error mapped to 409: %s", type(exc).__name__)
    return problem(
        status=HTTP_409_CONFLICT,
        code="conflict",
        detail="Cette opération entre en conflit avec des données existantes (doublon).",
    )


def internal_error_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """Unexpected: log with the request id; the client gets the id, never the trace (a browser, a page)."""
    logger.exception("unhandled error (request_id=%s)", request_id_var.get(), exc_info=exc)
    page = _html(request, HTTP_500_INTERNAL_SERVER_ERROR, TITLES[500], DETAILS[500])
    if page is not None:
        return page
    return problem(status=HTTP_500_INTERNAL_SERVER_ERROR, code="internal_error", detail=DETAILS[500])


def _is_integrity_error(exc: BaseException) -> bool:
    return isinstance(exc, asyncpg.IntegrityConstraintViolationError | sqlite3.IntegrityError)


#: Seconds a client should wait before trying again when the database cannot be reached.
RETRY_AFTER_SECONDS = 30

#: The database cannot be reached, or is going down or full: the request may succeed later (503).
_UNAVAILABLE: tuple[type[BaseException], ...] = (
    ConnectionError,
    TimeoutError,
    socket.gaierror,
    asyncpg.PostgresConnectionError,
    asyncpg.CannotConnectNowError,
    asyncpg.TooManyConnectionsError,
    asyncpg.exceptions.AdminShutdownError,
    asyncpg.exceptions.CrashShutdownError,
)


def _is_unavailable(exc: BaseException) -> bool:
    if isinstance(exc, _UNAVAILABLE):
        return True
    # asyncio's create_connection when every address of the host refused ("Multiple exceptions: ...").
    return type(exc) is OSError and str(exc).startswith("Multiple exceptions")


def _is_out_of_range(exc: BaseException) -> bool:
    """A value the database cannot hold or read: an integer past the engine's range (asyncpg's
    argument check or SQLite's binding), a NUL byte or an over-long value in PostgreSQL text."""
    if isinstance(exc, OverflowError | asyncpg.DataError):
        return True
    return isinstance(exc, asyncpg.exceptions.InterfaceError) and "out of int" in str(exc)


def unavailable_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """The database is unreachable: 503 with Retry-After, never a 500 (the request id is logged)."""
    logger.warning("database unavailable (request_id=%s): %s", request_id_var.get(), type(exc).__name__)
    detail = "La base de données ne répond pas pour le moment. Réessayez dans quelques instants."
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    page = _html(request, HTTP_503_SERVICE_UNAVAILABLE, TITLES[503], detail)
    if page is not None:
        page.headers.update(headers)
        return page
    return problem(status=HTTP_503_SERVICE_UNAVAILABLE, code="service_unavailable", detail=detail, headers=headers)


def out_of_range_handler(_: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    """Input the database refused as a value (not a bug of ours to hide: logged at INFO with its type)."""
    logger.info("value refused by the database mapped to 422: %s", type(exc).__name__)
    return problem(
        status=HTTP_422_UNPROCESSABLE_ENTITY,
        code="value_out_of_range",
        detail="Une valeur envoyée est hors des limites acceptées (nombre trop grand, caractère interdit).",
    )


def fallback_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    pages = _error_pages(request)
    redirect = pages.login_redirect(request, exc) if pages is not None else None
    if redirect is not None:
        return redirect  # type: ignore[no-any-return]
    if isinstance(exc, DomainError):
        return domain_error_handler(request, exc)
    if isinstance(exc, ValidationException):
        return validation_error_handler(request, exc)
    if isinstance(exc, HTTPException):
        return http_error_handler(request, exc)
    if _is_integrity_error(exc):
        return integrity_error_handler(request, exc)
    if _is_unavailable(exc):
        return unavailable_handler(request, exc)
    if _is_out_of_range(exc):
        return out_of_range_handler(request, exc)
    return internal_error_handler(request, exc)


EXCEPTION_HANDLERS: dict[type[Exception] | int, Any] = {
    DomainError: domain_error_handler,
    ValidationException: validation_error_handler,
    HTTPException: http_error_handler,
    Exception: fallback_handler,
}
