"""The OpenAPI schema's error answers, written once for every operation: the problem+json statuses that
web/problems.py can pick for it (CONTRACT.md, HTTP), and component titles that clients can name classes by."""

from __future__ import annotations

from collections import Counter
from typing import Any

from litestar import Litestar
from litestar.openapi.spec import (
    OpenAPIHeader,
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Operation,
    Reference,
    Schema,
)

from dialogue.web.hygiene import MAX_ID
from dialogue.web.problems import PROBLEM_MEDIA_TYPE, RETRY_AFTER_SECONDS, TITLES

PROBLEM_SCHEMA = "Problem"
_METHODS = ("get", "put", "post", "patch", "delete")
_WRITES = {"put", "post", "patch", "delete"}
_DESCRIPTIONS = {
    400: "Corps de requête illisible (JSON ou formulaire mal formé).",
    401: "Jeton d'accès manquant, invalide, expiré ou révoqué.",
    403: "Compte connu, action non autorisée pour son rôle.",
    404: "Ressource inconnue, ou d'une autre organisation.",
    409: "Transition d'état refusée maintenant (l'article de loi est cité dans `detail`).",
    422: "Données invalides : `errors` nomme chaque champ refusé.",
    429: "Trop de tentatives : réessayer après `Retry-After` secondes.",
    503: "Base de données injoignable : réessayer après `Retry-After` secondes.",
}


def _problem_schema() -> Schema:
    string = Schema(type=OpenAPIType.STRING)
    field_error = Schema(
        type=OpenAPIType.OBJECT,
        title="ProblemFieldError",
        properties={"field": string, "message": string, "source": Schema(type=[OpenAPIType.STRING, OpenAPIType.NULL])},
        required=["field", "message"],
    )
    return Schema(
        type=OpenAPIType.OBJECT,
        title=PROBLEM_SCHEMA,
        description="RFC 9457 problem details, `application/problem+json`.",
        properties={
            "type": Schema(type=OpenAPIType.STRING, format="uri"),  # type: ignore[arg-type]
            "title": string,
            "status": Schema(type=OpenAPIType.INTEGER),
            "detail": string,
            "code": Schema(type=OpenAPIType.STRING, description="Stable error code (e.g. not_found, conflict)."),
            "request_id": string,
            "errors": Schema(type=OpenAPIType.ARRAY, items=field_error),
        },
        required=["type", "title", "status", "detail"],
    )


def _response(status: int) -> OpenAPIResponse:
    headers: dict[str, OpenAPIHeader | Reference] | None = None
    if status in (429, 503):
        example = [RETRY_AFTER_SECONDS] if status == 503 else None
        retry = Schema(type=OpenAPIType.INTEGER, examples=example)
        headers = {"Retry-After": OpenAPIHeader(schema=retry, description="Secondes à attendre.")}
    return OpenAPIResponse(
        description=f"{TITLES[status]}. {_DESCRIPTIONS[status]}",
        headers=headers,
        content={PROBLEM_MEDIA_TYPE: OpenAPIMediaType(schema=Reference(ref=f"#/components/schemas/{PROBLEM_SCHEMA}"))},
    )


def _public_operations(app: Litestar) -> set[tuple[str, str]]:
    """(path, method) of the /api/v1 handlers marked `public` (no bearer token)."""
    public: set[tuple[str, str]] = set()
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            if handler.opt.get("public"):
                public.update((route.path_format, method.lower()) for method in handler.http_methods)
    return public


def _statuses(path: str, method: str, operation: Operation, *, public: bool) -> list[int]:
    parameters = [p for p in operation.parameters or [] if not isinstance(p, Reference)]
    statuses: list[int] = []
    if operation.request_body is not None:
        statuses.append(400)
    if not public:
        statuses += [401, 403]
    if any(p.param_in == "path" for p in parameters):
        statuses.append(404)
    if method in _WRITES and not public:
        statuses.append(409)
    if operation.request_body is not None or any(p.param_in in ("query", "header") for p in parameters):
        statuses.append(422)
    if public and method in _WRITES:
        statuses.append(429)
    if path != "/health":
        statuses.append(503)
    return sorted(statuses)


def _unique_titles(schemas: dict[str, Any]) -> None:
    """Two components titled alike (meetings' and SSCT's `ActionRead`) would give generated clients two
    classes of one name: such titles become the component's unique key."""
    counts = Counter(getattr(schema, "title", None) for schema in schemas.values())
    for key, schema in schemas.items():
        if isinstance(schema, Schema) and schema.title and counts[schema.title] > 1:
            schema.title = key


def document_problems(app: Litestar) -> None:
    """Give every operation its problem+json answers and the schema a `Problem` component (in place,
    on the schema Litestar built and serves)."""
    openapi = app.openapi_schema
    components = openapi.components
    if components.schemas is None:
        components.schemas = {}
    components.schemas[PROBLEM_SCHEMA] = _problem_schema()
    _unique_titles(components.schemas)
    public = _public_operations(app)
    for path, item in (openapi.paths or {}).items():
        for method in _METHODS:
            operation: Operation | None = getattr(item, method, None)
            if operation is None:
                continue
            is_public = not path.startswith("/api/v1/") or (path, method) in public
            if is_public:
                operation.security = []
            responses = {k: v for k, v in (operation.responses or {}).items() if not k.startswith(("4", "5"))}
            for status in _statuses(path, method, operation, public=is_public):
                responses[str(status)] = _response(status)
            operation.responses = responses
            _bound_path_ids(operation)


def _bound_path_ids(operation: Operation) -> None:
    """Integer path parameters are ids: 1..2**31-1 (outside answers 404, web/hygiene.py)."""
    for parameter in operation.parameters or []:
        schema = getattr(parameter, "schema", None)
        is_path = getattr(parameter, "param_in", None) == "path"
        if is_path and isinstance(schema, Schema) and schema.type == OpenAPIType.INTEGER:
            schema.minimum = 1
            schema.maximum = MAX_ID
