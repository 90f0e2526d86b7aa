"""HTML forms: read the posted fields, validate them with the API's own schemas, and name errors in French.

A form that fails is rendered again with status 422, the values typed kept and every bad field named next
to its input (and in a summary at the top), so nothing a user typed is lost.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from litestar import Request, Response
from litestar.response import Redirect
from litestar.status_codes import HTTP_303_SEE_OTHER, HTTP_422_UNPROCESSABLE_ENTITY
from pydantic import BaseModel, ValidationError

from dialogue.core.actor import Actor
from dialogue.core.errors import DomainError, Forbidden, InvalidInput, NotFound
from dialogue.pages.controllers import PageEnv, page_env, require_me
from dialogue.pages.fields import readable
from dialogue.web.problems import status_for

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")

#: pydantic error types → a French message (the field is named by the label next to it).
_MESSAGES: dict[str, str] = {
    "missing": "Ce champ est obligatoire.",
    "string_too_short": "Ce champ est obligatoire.",
    "string_too_long": "Texte trop long (au plus {max_length} caractères).",
    "too_long": "Trop d'éléments (au plus {max_length}).",
    "too_short": "Indiquez au moins {min_length} élément(s).",
    "int_parsing": "Nombre entier attendu.",
    "int_type": "Nombre entier attendu.",
    "int_from_float": "Nombre entier attendu.",
    "date_from_datetime_parsing": "Date attendue (jj/mm/aaaa).",
    "date_parsing": "Date attendue (jj/mm/aaaa).",
    "date_type": "Date attendue (jj/mm/aaaa).",
    "datetime_parsing": "Date et heure attendues.",
    "datetime_from_date_parsing": "Date et heure attendues.",
    "timezone_aware": "Date et heure avec fuseau attendues.",
    "greater_than_equal": "Valeur trop petite (au moins {ge}).",
    "greater_than": "Valeur trop petite (plus de {gt}).",
    "less_than_equal": "Valeur trop grande (au plus {le}).",
    "less_than": "Valeur trop grande (moins de {lt}).",
    "enum": "Choisissez une des valeurs proposées.",
    "literal_error": "Choisissez une des valeurs proposées.",
    "bool_parsing": "Oui ou non attendu.",
    "string_pattern_mismatch": "Format non reconnu.",
    "string_nul": "Caractère NUL (U+0000) interdit dans le texte.",
    "int_out_of_range": "Nombre trop grand.",
    "extra_forbidden": "Champ inattendu.",
}


@dataclass
class FormState:
    """What a form shows: the values to fill in, and the errors by field name (dotted API names)."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    message: str | None = None

    def value(self, name: str, default: Any = "") -> Any:
        return self.values.get(name, default)

    def error(self, name: str) -> str | None:
        return self.errors.get(name)

    @property
    def failed(self) -> bool:
        return bool(self.errors) or self.message is not None


async def read_form(request: Request[Any, Any, Any]) -> dict[str, str]:
    """The posted fields as text (the CSRF token dropped); the last value wins for repeated names."""
    form = await request.form()
    return {str(k): str(v) for k, v in form.items() if k != "_csrf_token"}


def _message(error: Mapping[str, Any]) -> str:
    template = _MESSAGES.get(str(error.get("type")))
    if template is None:
        text = str(error.get("msg", "Valeur invalide."))
        return text.removeprefix("Value error, ")
    try:
        return template.format(**(error.get("ctx") or {}))
    except (KeyError, IndexError):
        return template


def errors_from_validation(exc: ValidationError) -> dict[str, str]:
    """pydantic errors keyed by dotted field name ("fields.meeting_on"); model-level ones under "_form"."""
    found: dict[str, str] = {}
    for error in exc.errors():
        name = ".".join(str(part) for part in error["loc"]) or "_form"
        found.setdefault(name, _message(error))
    return found


def errors_from_invalid(exc: InvalidInput) -> dict[str, str]:
    """The service's InvalidInput errors keyed by field name; without a field, under "_form". The messages are
    the API's: a field they name is written as its label (« motif obligatoire avec « Convoquer malgré… » »)."""
    found = {str(e.get("field") or "_form"): readable(str(e.get("message") or exc.detail)) for e in exc.errors}
    return found or {"_form": readable(exc.detail)}


def validate(model: type[M], payload: Mapping[str, Any]) -> M | dict[str, str]:
    """The model, or the errors by field name."""
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        return errors_from_validation(exc)


def text_or_none(value: str | None) -> str | None:
    """An empty input means "not given"."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def lines(value: str | None) -> list[str]:
    """A textarea with one item per line (names of exposed workers, persons concerned…)."""
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


def checked(value: str | None) -> bool:
    """An HTML checkbox: present (any value but "0"/"false") when ticked."""
    return value is not None and value.lower() not in {"", "0", "false", "off", "non"}


async def read_form_lists(request: Request[Any, Any, Any], *names: str) -> dict[str, list[str]]:
    """Repeated fields (checkbox groups) as lists of their non-empty values."""
    form = await request.form()
    return {name: [str(v) for v in form.getall(name, []) if str(v).strip()] for name in names}


@dataclass(frozen=True, slots=True)
class Visit:
    """Who is looking at a page: the request, the signed-in actor and what every template needs. Built once per
    request and handed to the functions that render a page again after a refused form."""

    request: Request[Any, Any, Any]
    actor: Actor
    env: PageEnv


async def page_visit(request: Request[Any, Any, Any]) -> Visit:
    """The visit of the signed-in person (the sign-in page otherwise, see `require_me`)."""
    actor, me = await require_me(request)
    return Visit(request=request, actor=actor, env=page_env(request, me))


def see_other(url: str) -> Redirect:
    """After a successful post: the page to read next (303, so a reload does not post again)."""
    return Redirect(path=url, status_code=HTTP_303_SEE_OTHER)


@dataclass(frozen=True, slots=True)
class Refused:
    """A form to show again: the values typed, the errors next to their fields, and the status of the page."""

    state: FormState
    status: int


def _same(errors: dict[str, str]) -> dict[str, str]:
    return errors


def refused_state(posted: Mapping[str, str], exc: DomainError) -> FormState:
    """The form as typed, the service's message on top and its field errors (InvalidInput) next to the inputs."""
    errors = errors_from_invalid(exc) if isinstance(exc, InvalidInput) else {}
    return FormState(
        values=dict(posted), errors={k: v for k, v in errors.items() if k != "_form"}, message=readable(exc.detail)
    )


async def submit(
    model: type[M],
    payload: Mapping[str, Any],
    act: Callable[[M], Awaitable[T]],
    *,
    posted: Mapping[str, str],
    invalid: Callable[[dict[str, str]], dict[str, str]] = _same,
    refused: Callable[[Mapping[str, str], DomainError], FormState] = refused_state,
    catch: tuple[type[DomainError], ...] = (DomainError,),
) -> T | Refused:
    """The one path of a posted form: validate `payload` with the API's schema (422 and the errors, renamed by
    `invalid`, when it fails), then `act` (the service call). A domain error of `catch` refuses the form with its
    status (web/problems.py); Forbidden and NotFound always reach the error page."""
    parsed = validate(model, payload)
    if isinstance(parsed, dict):
        return Refused(FormState(values=dict(posted), errors=invalid(parsed)), HTTP_422_UNPROCESSABLE_ENTITY)
    try:
        return await act(parsed)
    except (Forbidden, NotFound):
        raise
    except catch as exc:
        return Refused(refused(posted, exc), status_for(exc))


#: `catch` for a form whose service refusals go to the error page: only an unreadable form is shown again.
VALIDATION_ONLY: tuple[type[DomainError], ...] = ()


async def post_form(
    model: type[M],
    payload: Mapping[str, Any],
    act: Callable[[M], Awaitable[T]],
    *,
    posted: Mapping[str, str],
    again: Callable[[Refused], Awaitable[Response[Any]]],
    then: str | Callable[[T], str],
    invalid: Callable[[dict[str, str]], dict[str, str]] = _same,
    refused: Callable[[Mapping[str, str], DomainError], FormState] = refused_state,
    catch: tuple[type[DomainError], ...] = (DomainError,),
) -> Response[Any]:
    """`submit`, then the page `again` with the refusal, or 303 to `then` (an address, or one built from what
    `act` returned): the whole answer of a posted form."""
    done = await submit(model, payload, act, posted=posted, invalid=invalid, refused=refused, catch=catch)
    if isinstance(done, Refused):
        return await again(done)
    return see_other(then if isinstance(then, str) else then(done))
