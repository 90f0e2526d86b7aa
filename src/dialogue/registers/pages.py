"""Register pages: the registers of a body, a register with its entries, submitting an entry with the
statutory mentions of its kind, an entry with its answers, the direction's answer, DGI steps (L4132-2 to
L4132-4), the integrity check and the exports. Same service functions, hence same rules, as the API."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import Any, TypeVar

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Template
from litestar.status_codes import HTTP_422_UNPROCESSABLE_ENTITY
from piccolo.querystring import QueryString
from pydantic import BaseModel

from dialogue.bodies import service as bodies_service
from dialogue.bodies.access import BodyAccess, body_access
from dialogue.core.actor import Actor
from dialogue.core.clock import PARIS, local_today, utcnow
from dialogue.core.db import get_engine
from dialogue.core.errors import InvalidInput, NotFound
from dialogue.pages.controllers import page_env, render, require_me
from dialogue.pages.forms import (
    VALIDATION_ONLY,
    FormState,
    Visit,
    checked,
    errors_from_invalid,
    lines,
    page_visit,
    post_form,
    read_form,
    see_other,
    text_or_none,
    validate,
)
from dialogue.pages.registry import BodyTab, HomeContext, HomeSection, TodoItem
from dialogue.registers import reminders, service
from dialogue.registers.labels import (
    ACTION_LABELS,
    DGI_LABELS,
    DONE,
    FIELD_HINTS,
    FIELD_LABELS,
    FORM_LABELS,
    KIND_LABELS,
    STATUS_CLASSES,
    STATUS_LABELS,
    URGENT_LABEL,
    is_urgent,
    status_badge,
)
from dialogue.registers.rules import (
    DGI_TRANSITIONS,
    REQUIRED_FIELDS,
    STATUTORY_BODY_KINDS,
    DgiState,
    EntryStatus,
    FieldType,
    RegisterKind,
    Side,
    may_record_dgi_step,
)
from dialogue.registers.schemas import (
    CloseCreate,
    DgiStepCreate,
    EntryCreate,
    EntryRead,
    EntryStateRead,
    RegisterRead,
    ResponseCreate,
)
from dialogue.registers.views import entry_reads_of_registers
from dialogue.web.deps import AppChainKey
from dialogue.web.problems import status_for

_HASH = re.compile(r"^[0-9a-fA-F]{64}$")
M = TypeVar("M", bound=BaseModel)


def _staff_side(access: BodyAccess) -> bool:
    """Élus and union representatives write in the registers (L2315-22)."""
    return access.is_elu or access.is_union_representative


def _employer_side(access: BodyAccess) -> bool:
    """The president and the direction answer for the employer (L2315-22, L4132-2)."""
    return not _staff_side(access) and (access.is_president or access.is_direction)


def dgi_targets(*, current: DgiState | None, access: BodyAccess) -> list[DgiState]:
    """The DGI steps this person may record now (L4132-2: the employer's; L4132-3: disagreement by either)."""
    if current is None:
        return []
    side = Side.STAFF if _staff_side(access) else Side.EMPLOYER if _employer_side(access) else None
    if side is None:
        return []
    return [s for s in DgiState if s in DGI_TRANSITIONS[current] and may_record_dgi_step(target=s, side=side)]


def entry_payload(kind: RegisterKind, form: Mapping[str, str]) -> dict[str, Any]:
    """The posted form as the API's EntryCreate payload: kind-specific fields, lists one item per line."""
    fields: dict[str, Any] = {}
    for spec in REQUIRED_FIELDS[kind]:
        raw = form.get(f"fields.{spec.name}")
        if spec.type is FieldType.NAMES:
            names = lines(raw)
            fields[spec.name] = names or None
        elif spec.type is FieldType.ID:
            value = text_or_none(raw)
            fields[spec.name] = int(value) if value and value.isdigit() and len(value) < 10 else value
        else:
            fields[spec.name] = text_or_none(raw)
    confidential = checked(form.get("confidential"))
    payload: dict[str, Any] = {
        "subject": form.get("subject", "").strip(),
        "body": form.get("body", ""),
        "fields": {k: v for k, v in fields.items() if v is not None},
        "confidential": confidential,
        "confidentiality_reason": text_or_none(form.get("confidentiality_reason")) if confidential else None,
    }
    for name in ("corrects", "on_behalf_of"):
        value = text_or_none(form.get(name))
        if value is not None:
            payload[name] = value
    return payload


def _form_values(form: Mapping[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = dict(form)
    values["confidential"] = checked(form.get("confidential"))
    return values


def _entry_errors(errors: dict[str, str]) -> dict[str, str]:
    """Schema errors on the entry model: the confidentiality rule is reported on its reason field."""
    if "_form" in errors and "confidentiality_reason" in errors["_form"]:
        errors["confidentiality_reason"] = "Indiquez pourquoi l'information est confidentielle (art. L2315-3)."
        del errors["_form"]
    return errors


async def _access_for(actor: Actor, register: RegisterRead) -> BodyAccess:
    return await body_access(actor=actor, body_id=register.body_id)


class RegisterPagesController(Controller):
    """Registers as people use them: read, write, answer, check the chain, print."""

    tags = ["pages"]
    include_in_schema = False

    @get("/instances/{body_id:int}/registres")
    async def registers(self, request: Request[Any, Any, Any], body_id: FromPath[int]) -> Template:
        actor, me = await require_me(request)
        body = await bodies_service.get_body(actor=actor, body_id=body_id)
        items, _ = await service.list_registers(actor=actor, body_id=body_id, limit=50, offset=0)
        return render(
            request, "registers/list.html.j2", page_env(request, me), body=body, registers=items, kinds=KIND_LABELS
        )

    @get("/registres/{register_id:int}")
    async def register(
        self, request: Request[Any, Any, Any], register_id: FromPath[int], fait: FromQuery[str | None] = None
    ) -> Template:
        actor, me = await require_me(request)
        register = await service.get_register(actor=actor, register_id=register_id)
        access = await _access_for(actor, register)
        entries, total = await service.list_entries(actor=actor, register_id=register_id, limit=500, offset=0)
        return render(
            request,
            "registers/register.html.j2",
            page_env(request, me),
            register=register,
            access=access,
            entries=list(reversed(entries)),
            total=total,
            can_submit=_staff_side(access),
            done=DONE.get(fait or ""),
            **_labels(),
        )

    @get("/registres/{register_id:int}/inscrire")
    async def entry_form(self, request: Request[Any, Any, Any], register_id: FromPath[int]) -> Template:
        actor, me = await require_me(request)
        return await self._entry_form(request, actor, me, register_id, FormState())

    async def _entry_form(
        self,
        request: Request[Any, Any, Any],
        actor: Actor,
        me: Any,
        register_id: int,
        form: FormState,
        status: int = 200,
    ) -> Template:
        register = await service.get_register(actor=actor, register_id=register_id)
        access = await _access_for(actor, register)
        access.require(_staff_side(access), _submit_refusal(access))
        authors: list[tuple[int, str]] = []
        if access.is_secretary:
            members = await bodies_service.list_members(actor=actor, body_id=register.body_id)
            authors = [
                (m.user_id, m.full_name) for m in members if m.college.value == "elus" and m.user_id != actor.user_id
            ]
        kind = register.kind
        specs = REQUIRED_FIELDS[kind]
        return render(
            request,
            "registers/entry_form.html.j2",
            page_env(request, me),
            status_code=status,
            register=register,
            form=form,
            specs=[s for s in specs if s.type is not FieldType.ID],
            field_types=FieldType,
            authors=authors,
            labels=FORM_LABELS,
            field_labels=FIELD_LABELS,
            field_hints=FIELD_HINTS,
            is_dialogue=kind is RegisterKind.DIALOGUE,
        )

    @post("/registres/{register_id:int}/inscrire")
    async def submit_entry(
        self, request: Request[Any, Any, Any], chain_key: AppChainKey, register_id: FromPath[int]
    ) -> Response[Any]:
        actor, me = await require_me(request)
        posted = await read_form(request)
        register = await service.get_register(actor=actor, register_id=register_id)
        parsed = validate(EntryCreate, entry_payload(register.kind, posted))
        if isinstance(parsed, dict):
            state = FormState(values=_form_values(posted), errors=_entry_errors(parsed))
            return await self._entry_form(request, actor, me, register_id, state, HTTP_422_UNPROCESSABLE_ENTITY)
        try:
            entry = await service.submit_entry(actor=actor, register_id=register_id, data=parsed, chain_key=chain_key)
        except InvalidInput as exc:
            state = FormState(values=_form_values(posted), errors=errors_from_invalid(exc), message=exc.detail)
            return await self._entry_form(request, actor, me, register_id, state, status_for(exc))
        return see_other(f"/entrees/{entry.id}?fait=inscrite")

    @get("/registres/{register_id:int}/integrite")
    async def verify(
        self,
        request: Request[Any, Any, Any],
        chain_key: AppChainKey,
        register_id: FromPath[int],
        numero: FromQuery[str | None] = None,
        empreinte: FromQuery[str | None] = None,
    ) -> Template:
        """« Vérifier l'intégrité »: recompute the chain; with a kept digest, say whether it still stands."""
        actor, me = await require_me(request)
        register = await service.get_register(actor=actor, register_id=register_id)
        form = FormState(values={"numero": numero or "", "empreinte": empreinte or ""})
        number_text, hash_text = text_or_none(numero), text_or_none(empreinte)
        number: int | None = None
        if number_text is not None:
            if number_text.isdigit() and 0 < int(number_text) < 2**31:
                number = int(number_text)
            else:
                form.errors["numero"] = "Numéro d'entrée attendu (1, 2, 3…)."
        if hash_text is not None and not _HASH.match(hash_text):
            form.errors["empreinte"] = "Empreinte SHA-256 attendue : 64 caractères hexadécimaux."
        if (number_text is None) != (hash_text is None) and not form.errors:
            missing = "empreinte" if hash_text is None else "numero"
            form.errors[missing] = "Une empreinte se vérifie avec son numéro et son hash."
        if form.errors:
            result = await service.verify_register(actor=actor, register_id=register_id, chain_key=chain_key)
            status = HTTP_422_UNPROCESSABLE_ENTITY
        else:
            result = await service.verify_register(
                actor=actor,
                register_id=register_id,
                chain_key=chain_key,
                number=number,
                hash=hash_text.lower() if hash_text else None,
            )
            status = 200
        return render(
            request,
            "registers/verify.html.j2",
            page_env(request, me),
            status_code=status,
            register=register,
            result=result,
            form=form,
            labels={"numero": "Numéro de l'entrée", "empreinte": "Empreinte (hash SHA-256)"},
        )

    @get("/registres/{register_id:int}/export.csv")
    async def export_csv(
        self, request: Request[Any, Any, Any], chain_key: AppChainKey, register_id: FromPath[int]
    ) -> Response[bytes]:
        actor, _ = await require_me(request)
        return _download(
            await service.export_csv(actor=actor, register_id=register_id, chain_key=chain_key), "text/csv"
        )

    @get("/registres/{register_id:int}/export.html")
    async def export_html(
        self, request: Request[Any, Any, Any], chain_key: AppChainKey, register_id: FromPath[int]
    ) -> Response[bytes]:
        actor, _ = await require_me(request)
        return _download(
            await service.export_html(actor=actor, register_id=register_id, chain_key=chain_key),
            "text/html",
            inline=True,
        )

    @get("/registres/{register_id:int}/export.pdf")
    async def export_pdf(
        self, request: Request[Any, Any, Any], chain_key: AppChainKey, register_id: FromPath[int]
    ) -> Response[bytes]:
        actor, _ = await require_me(request)
        return _download(
            await service.export_pdf(actor=actor, register_id=register_id, chain_key=chain_key), "application/pdf"
        )

    @get("/entrees/{entry_id:int}")
    async def entry(
        self, request: Request[Any, Any, Any], entry_id: FromPath[int], fait: FromQuery[str | None] = None
    ) -> Template:
        return await entry_page(await page_visit(request), entry_id, done=DONE.get(fait or ""))

    @post("/entrees/{entry_id:int}/reponse")
    async def answer(
        self, request: Request[Any, Any, Any], chain_key: AppChainKey, entry_id: FromPath[int]
    ) -> Response[Any]:
        """The employer's reasoned answer (L2315-22), written by the president or a direction member."""
        return await _entry_step(
            request,
            entry_id,
            ResponseCreate,
            lambda posted: {"body": posted.get("body", "")},
            partial(service.post_response, chain_key=chain_key),
            "repondue",
        )

    @post("/entrees/{entry_id:int}/etape-dgi")
    async def dgi_step(
        self, request: Request[Any, Any, Any], chain_key: AppChainKey, entry_id: FromPath[int]
    ) -> Response[Any]:
        """A step of a DGI alert: enquiry, measures, disagreement (CSE within 24 hours, L4132-3), closing."""
        return await _entry_step(
            request,
            entry_id,
            DgiStepCreate,
            lambda posted: {"state": posted.get("dgi_state", ""), "body": posted.get("dgi_body", "")},
            partial(service.record_dgi_step, chain_key=chain_key),
            "etape",
            prefix="dgi_",
        )

    @post("/entrees/{entry_id:int}/clore")
    async def close(
        self, request: Request[Any, Any, Any], chain_key: AppChainKey, entry_id: FromPath[int]
    ) -> Response[Any]:
        """The representatives settle an entry (its author or the secretary)."""
        return await _entry_step(
            request,
            entry_id,
            CloseCreate,
            lambda posted: {"body": posted.get("close_body", "")},
            partial(service.close_entry, chain_key=chain_key),
            "close",
            prefix="close_",
        )


async def entry_page(
    visit: Visit, entry_id: int, *, done: str | None = None, form: FormState | None = None, status: int = 200
) -> Template:
    actor = visit.actor
    entry = await service.get_entry(actor=actor, entry_id=entry_id)
    register = await service.get_register(actor=actor, register_id=entry.register_id)
    access = await _access_for(actor, register)
    closed = entry.closed_at is not None
    is_dgi = register.kind is RegisterKind.DGI
    return render(
        visit.request,
        "registers/entry.html.j2",
        visit.env,
        status_code=status,
        entry=entry,
        register=register,
        done=done,
        form=form or FormState(),
        body_name=access.name,
        can_answer=_employer_side(access) and not closed,
        can_close=not is_dgi
        and not closed
        and _staff_side(access)
        and (entry.author_id == actor.user_id or access.is_secretary),
        dgi_targets=dgi_targets(current=entry.dgi_state, access=access) if is_dgi else [],
        **_labels(),
    )


def _prefixed(prefix: str) -> Callable[[dict[str, str]], dict[str, str]]:
    """The entry page holds several forms: their fields (and errors) carry the form's prefix."""
    return lambda errors: {f"{prefix}{name}": message for name, message in errors.items()}


async def _entry_step(
    request: Request[Any, Any, Any],
    entry_id: int,
    model: type[M],
    payload: Callable[[Mapping[str, str]], Mapping[str, Any]],
    act: Callable[..., Awaitable[EntryStateRead]],
    done: str,
    *,
    prefix: str = "",
) -> Response[Any]:
    """A form posted on an entry (answer, DGI step, closing): the entry page again with the errors of the form
    read with `payload`, or the entry with the step confirmed. Service refusals go to the error page."""
    visit = await page_visit(request)
    posted = await read_form(request)
    return await post_form(
        model,
        payload(posted),
        lambda data: act(actor=visit.actor, entry_id=entry_id, data=data),
        posted=posted,
        invalid=_prefixed(prefix),
        catch=VALIDATION_ONLY,
        again=lambda refused: entry_page(visit, entry_id, form=refused.state, status=refused.status),
        then=f"/entrees/{entry_id}?fait={done}",
    )


def _labels() -> dict[str, Any]:
    return {
        "status_labels": STATUS_LABELS,
        "status_classes": STATUS_CLASSES,
        "dgi_labels": DGI_LABELS,
        "status_badge": status_badge,
        "is_urgent": is_urgent,
        "action_labels": ACTION_LABELS,
        "field_labels": FIELD_LABELS,
        "kinds": KIND_LABELS,
        "tz_name": PARIS.key,
    }


def _submit_refusal(access: BodyAccess) -> str:
    if _employer_side(access):
        return (
            "La direction ne peut pas inscrire d'entrée au nom des élus : le registre recueille les demandes "
            "des représentants du personnel et les réponses de l'employeur (L2315-22)."
        )
    return "Seuls les élus, le secrétaire et les représentants syndicaux inscrivent au registre."


def _download(export: service.RegisterExport, media_type: str, *, inline: bool = False) -> Response[bytes]:
    disposition = "inline" if inline else "attachment"
    return Response(
        content=export.content,
        media_type=media_type,
        headers={"Content-Disposition": f'{disposition}; filename="{export.filename}"'},
    )


# ---------------------------------------------------------------------------------------------- home, tabs


def _due_moment(day: date | None) -> datetime | None:
    return datetime.combine(day, time(18, 0), tzinfo=PARIS) if day else None


def _entry_label(entry: EntryRead | reminders.DueEntry, register_title: str, prefix: str) -> str:
    due = f" — échéance le {entry.due_on:%d/%m/%Y}" if entry.due_on else ""
    late = " (en retard)" if entry.status is EntryStatus.OVERDUE else ""
    return f"{prefix} n° {entry.number} : {entry.subject} ({register_title}){due}{late}"


async def _employer_todo(actor: Actor, body_ids: set[int], accesses: Mapping[int, BodyAccess]) -> list[TodoItem]:
    """Entries of the bodies the person answers for, still waiting for the employer (L2315-22, L4132-2).
    `accesses`: the actor's access to the bodies they sit in (`HomeContext.accesses`)."""
    today = local_today()
    due = await reminders.entries_due_between(
        start=date(2000, 1, 1), end=today + timedelta(days=3660), today=today, organization_id=actor.organization_id
    )
    due = [entry for entry in due if entry.body_id in body_ids]
    allowed = {body_id for body_id, access in accesses.items() if _employer_side(access)}
    items: list[TodoItem] = []
    for entry in due:
        if entry.body_id not in allowed:
            continue
        verb = "Répondre à la question" if entry.register_kind == RegisterKind.QUESTIONS else "Donner suite à l'entrée"
        items.append(
            TodoItem(
                label=_entry_label(entry, KIND_LABELS.get(entry.register_kind, entry.register_title), verb),
                url=f"/entrees/{entry.entry_id}",
                due=_due_moment(entry.due_on),
                urgent=entry.status is EntryStatus.OVERDUE or entry.register_kind == RegisterKind.DGI,
                badge=URGENT_LABEL if entry.register_kind == RegisterKind.DGI else None,
            )
        )
    return items


#: The person's own entries in the registers of their bodies, with what the home line says of the register
#: (written as SQL: building the ORM's joined columns cost more than the query on every home page).
#: The person's entries the home page can show: those still waiting for the employer (no answer, step nor
#: closing: « À faire »), every DGI alert (urgent until closed, shown first), and the `MY_ENTRIES_SHOWN` latest
#: (« Mes questions et alertes »). Not every entry they ever wrote: a secretary writes thousands over the years,
#: and reading them all made each home page cost, in time and memory, what the history weighs (issue 15).
_MY_ENTRIES_SQL = """
SELECT e.*, a.full_name AS "author.full_name", g.body AS "register.body", g.kind AS "register.kind",
       g.title AS "register.title"
FROM register_entry e JOIN register g ON g.id = e.register LEFT JOIN app_user a ON a.id = e.author
WHERE g.body IN ({bodies}) AND e.author = {{}} AND (
  g.kind = 'dgi'
  OR NOT EXISTS (
    SELECT 1 FROM register_response r WHERE r.entry = e.id AND r.action IN ('answer', 'dgi_step', 'close')
  )
  OR e.id IN (
    SELECT l.id FROM register_entry l JOIN register lg ON lg.id = l.register
    WHERE lg.body IN ({bodies}) AND l.author = {{}} ORDER BY l.submitted_at DESC, l.id DESC LIMIT {{}}
  )
)
ORDER BY g.body, e.register, e.number
"""
#: Entries « Mes questions et alertes » lists (urgent alerts first, then the latest).
MY_ENTRIES_SHOWN = 30


async def _my_entries(context: HomeContext, body_ids: set[int]) -> list[tuple[EntryRead, Mapping[str, Any]]]:
    """The person's own entries in the registers of their bodies with each one's register, read once per home
    page (two set-based queries) for « À faire » and « Mes questions et alertes »."""
    cached: list[tuple[EntryRead, Mapping[str, Any]]] | None = context.shared.get("registers.mine")
    if cached is not None:
        return cached
    actor, accesses = context.actor, context.accesses(local_today())
    ids = sorted(body_ids)
    found: list[tuple[EntryRead, Mapping[str, Any]]] = []
    mine: list[Mapping[str, Any]] = []
    if ids:
        sql = _MY_ENTRIES_SQL.format(bodies=", ".join("{}" for _ in ids))
        args = (*ids, actor.user_id, *ids, actor.user_id, MY_ENTRIES_SHOWN)
        mine = await get_engine().run_querystring(QueryString(sql, *args))
    if mine:
        registers = {
            row["register"]: {
                "id": row["register"],
                "body": row["register.body"],
                "kind": row["register.kind"],
                "title": row["register.title"],
            }
            for row in mine
        }
        for register in registers.values():
            if register["body"] not in accesses:
                raise NotFound("Instance introuvable.")
            accesses[register["body"]].require_read()
        reads = await entry_reads_of_registers(mine, registers=registers, accesses=accesses, now=utcnow())
        found = [(entry, registers[entry.register_id]) for entry in reads]
    context.shared["registers.mine"] = found
    return found


async def _staff_todo(context: HomeContext, body_ids: set[int]) -> list[TodoItem]:
    """The person's own entries still waiting for an answer (élus, union representatives)."""
    items: list[TodoItem] = []
    for entry, register in await _my_entries(context, body_ids):
        if entry.status not in {EntryStatus.OPEN, EntryStatus.OVERDUE}:
            continue
        kind = RegisterKind(register["kind"])
        urgent = is_urgent(entry.dgi_state.value if entry.dgi_state else None)
        items.append(
            TodoItem(
                label=_entry_label(entry, KIND_LABELS.get(kind.value, register["title"]), "Suivre mon entrée"),
                url=f"/entrees/{entry.id}",
                due=_due_moment(entry.due_on),
                urgent=entry.status is EntryStatus.OVERDUE or urgent,
                badge=URGENT_LABEL if urgent else None,
            )
        )
    return items


def _staff_bodies(context: HomeContext) -> set[int]:
    return {
        m.body_id
        for m in context.me.memberships
        if m.body_kind in STATUTORY_BODY_KINDS and m.college == "elus" and m.role != "guest"
    }


def _last_answer(entry: EntryRead) -> str | None:
    """The employer's last answer or DGI step, dated, shortened for the home page."""
    said = [r for r in entry.responses if r.action.value in ("answer", "dgi_step", "close") and r.body]
    if entry.redacted or not said:
        return None
    last = said[-1]
    text = " ".join(last.body.split())
    text = text if len(text) <= 240 else text[:239].rstrip() + "…"
    return f"{last.author_name}, le {last.submitted_at.astimezone(PARIS):%d/%m/%Y} : {text}"


async def my_entries_home(context: HomeContext) -> HomeSection | None:
    """« Mes questions et alertes » (élus): every entry they wrote, its status as its steps say (a DGI alert:
    « Enquête en cours »…, L4132-2 to L4132-4) and the employer's last answer (L2315-22); alerts first."""
    staff = _staff_bodies(context)
    if not staff:
        return None
    items: list[tuple[bool, datetime, int, TodoItem]] = []
    for entry, register in await _my_entries(context, staff):
        kind = RegisterKind(register["kind"])
        dgi = entry.dgi_state.value if entry.dgi_state else None
        urgent = is_urgent(dgi)
        noun = "Question" if kind is RegisterKind.QUESTIONS else "Alerte" if kind is RegisterKind.DGI else "Entrée"
        label = f"{noun} n° {entry.number} : {entry.subject} ({KIND_LABELS.get(kind.value, register['title'])})"
        item = TodoItem(
            label=label,
            url=f"/entrees/{entry.id}",
            urgent=urgent,
            badge=URGENT_LABEL if urgent else None,
            status=status_badge(entry.status.value, dgi),
            detail=_last_answer(entry),
        )
        items.append((urgent, entry.submitted_at, entry.id, item))
    items.sort(key=lambda i: (not i[0], -i[1].timestamp(), -i[2]))
    return HomeSection(
        title="Mes questions et alertes",
        empty_text="Vous n'avez inscrit aucune question ni alerte.",
        items=[i[3] for i in items[:MY_ENTRIES_SHOWN]],
    )


async def registers_home(context: HomeContext) -> HomeSection | None:
    """« À faire »: questions and alerts to answer (direction), my entries awaiting an answer (élus)."""
    actor = context.actor
    holders = [m for m in context.me.memberships if m.body_kind in STATUTORY_BODY_KINDS]
    if not holders:
        return None
    staff = _staff_bodies(context)
    employer = {m.body_id for m in holders if m.college == "direction"}
    accesses = context.accesses(local_today())
    items = await _employer_todo(actor, employer, accesses) if employer else []
    items += await _staff_todo(context, staff) if staff else []
    items.sort(key=lambda item: (not item.urgent, item.due or datetime.max.replace(tzinfo=PARIS)))
    return HomeSection(title="À faire", empty_text="Rien à faire pour l'instant.", items=items)


def registers_tab(body_id: int, body_kind: str) -> list[BodyTab]:
    return (
        [BodyTab(label="Registres", url=f"/instances/{body_id}/registres")] if body_kind in STATUTORY_BODY_KINDS else []
    )
