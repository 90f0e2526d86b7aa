"""The agenda (ordre du jour): drawn up jointly by the president and the secretary (L2315-29); élus and union
representatives propose items; a mandatory consultation is placed by either of them alone (L2315-30)."""

from __future__ import annotations

from typing import Any

from dialogue.audit import service as audit
from dialogue.bodies.access import BodyAccess
from dialogue.consultations import service as consultations
from dialogue.core.actor import Actor
from dialogue.core.db import transaction
from dialogue.core.errors import Conflict, Forbidden, InvalidInput, InvalidState, NotFound
from dialogue.core.events import emit
from dialogue.meetings import repository as repo
from dialogue.meetings.events import AgendaAgreed
from dialogue.meetings.rules import (
    agenda_agreed,
    duplicate_positions,
)
from dialogue.meetings.schemas import (
    AgendaDisagreement,
    AgendaItemCreate,
    AgendaItemKind,
    AgendaItemRead,
    AgendaItemUpdate,
    AgendaOrder,
    AgendaRead,
)
from dialogue.meetings.service.agenda_reads import (
    agenda_items,
    agenda_read,
    convening_decision,
    default_resolution_kind,
    item_read,
)
from dialogue.meetings.service.common import RUNS_MEETINGS, now, record_change, require_status, today_in
from dialogue.meetings.tables import AgendaApproval, AgendaItem, Meeting
from dialogue.registers.schemas import EntryRead

_ITEM_COLUMNS = {"consultation_id": "consultation", "minutes_of_meeting_id": "minutes_meeting"}


async def _bump_version(meeting_id: int) -> None:
    """Any change to the agenda withdraws the approvals given to the previous version (L2315-29)."""
    row = await repo.meeting_row(meeting_id)
    await Meeting.update({Meeting.agenda_version: row["agenda_version"] + 1, Meeting.updated_at: now()}).where(
        Meeting.id == meeting_id
    )


async def _check_links(
    *, meeting: dict[str, Any], kind: str, consultation_id: int | None, minutes_of: int | None
) -> None:
    if consultation_id is not None:
        if kind != "consultation":
            raise InvalidInput(
                "Seul un point de consultation est lié à une consultation.",
                errors=[{"field": "consultation_id", "message": "réservé aux points de type consultation"}],
            )
        body_id = await consultations.consultation_body(consultation_id)
        if body_id != meeting["body"]:
            raise InvalidInput(
                "Cette consultation n'est pas celle de l'instance.",
                errors=[{"field": "consultation_id", "message": "consultation inconnue dans cette instance"}],
            )
    if minutes_of is not None:
        target = await Meeting.select(Meeting.body, Meeting.starts_at).where(Meeting.id == minutes_of).first()
        if kind != "vote":
            raise InvalidInput(
                "L'adoption d'un procès-verbal est un point soumis au vote.",
                errors=[{"field": "kind", "message": "doit être vote pour adopter un procès-verbal"}],
            )
        if target is None or target["body"] != meeting["body"] or target["starts_at"] >= meeting["starts_at"]:
            raise InvalidInput(
                "Un procès-verbal est adopté lors d'une réunion ultérieure de la même instance.",
                errors=[{"field": "minutes_of_meeting_id", "message": "réunion antérieure de l'instance attendue"}],
            )


async def _check_entry(*, actor: Actor, meeting: dict[str, Any], entry_id: int) -> EntryRead:
    """A question pulled from a register entry of the same body (registers service checks access)."""
    from dialogue.registers import service as registers

    try:
        entry = await registers.get_entry(actor=actor, entry_id=entry_id)
        register = await registers.get_register(actor=actor, register_id=entry.register_id)
    except (NotFound, Forbidden):
        register = None
    if register is None or register.body_id != meeting["body"]:
        raise InvalidInput(
            "Cette entrée n'appartient pas à un registre de l'instance.",
            errors=[{"field": "register_entry_id", "message": "entrée inconnue dans les registres de l'instance"}],
        )
    return entry


def _can_propose(access: BodyAccess) -> bool:
    return access.is_elu or access.is_union_representative


async def _renumber(meeting_id: int) -> None:
    for index, row in enumerate(await agenda_items(meeting_id, status="accepted"), start=1):
        if row["position"] != index:
            await AgendaItem.update({AgendaItem.position: index}).where(AgendaItem.id == row["id"])


async def add_item(*, actor: Actor, meeting_id: int, data: AgendaItemCreate) -> AgendaItemRead:
    """President and secretary add items; élus and union representatives propose them (accepted later)."""
    async with transaction():
        access, meeting = await repo.meeting_access(actor=actor, meeting_id=meeting_id, lock=True)
        if not access.runs_meetings and not _can_propose(access):
            raise Forbidden(
                "Seuls le président, le secrétaire et les élus (par proposition) complètent l'ordre du jour."
            )
        require_status(meeting, "draft", action="modifier l'ordre du jour (il a été envoyé avec la convocation)")
        if data.mandatory and (data.kind != "consultation" or not access.runs_meetings):
            raise InvalidInput(
                "Seules les consultations obligatoires sont inscrites de plein droit, par le président ou le "
                "secrétaire (art. L2315-30 du Code du travail).",
                errors=[{"field": "mandatory", "message": "réservé aux consultations, président ou secrétaire"}],
            )
        await _check_links(
            meeting=meeting, kind=data.kind, consultation_id=data.consultation_id, minutes_of=data.minutes_of_meeting_id
        )
        if data.register_entry_id is not None:
            await _check_entry(actor=actor, meeting=meeting, entry_id=data.register_entry_id)
        status = "accepted" if access.runs_meetings else "proposed"
        accepted = await agenda_items(meeting_id, status="accepted")
        position = len(accepted) + 1
        if status == "accepted" and data.position is not None and data.position <= len(accepted):
            position = data.position
            for row in accepted[position - 1 :]:
                await AgendaItem.update({AgendaItem.position: row["position"] + 1}).where(AgendaItem.id == row["id"])
        moment = now()
        item = AgendaItem(
            meeting=meeting_id,
            position=position if status == "accepted" else 0,
            title=data.title,
            kind=data.kind.value,
            description=data.description,
            presenter=data.presenter,
            documents=[d.model_dump() for d in data.documents],
            status=status,
            mandatory=data.mandatory,
            legal_basis=data.legal_basis,
            confidential=data.confidential,
            resolution_kind=(data.resolution_kind.value if data.resolution_kind else None)
            or default_resolution_kind(data.kind),
            consultation=data.consultation_id,
            minutes_meeting=data.minutes_of_meeting_id,
            register_entry_id=data.register_entry_id,
            proposed_by=actor.user_id,
            created_at=moment,
            updated_at=moment,
        )
        await item.save()
        if status == "accepted" and not data.mandatory:
            await _bump_version(meeting_id)
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="create" if status == "accepted" else "propose",
            entity="agenda_item",
            entity_id=item.id,
            after=data.model_dump(mode="json"),
            body_id=access.body_id,
            confidential=data.confidential,
        )
        return item_read(await repo.agenda_item_row(item.id))


async def add_entry_question(*, actor: Actor, meeting_id: int, entry_id: int) -> AgendaItemRead:
    """Pull a question of a register (questions, DGI…) into the agenda as a `question` item."""
    _, meeting = await repo.meeting_access(actor=actor, meeting_id=meeting_id)
    entry = await _check_entry(actor=actor, meeting=meeting, entry_id=entry_id)
    if await AgendaItem.exists().where((AgendaItem.meeting == meeting_id) & (AgendaItem.register_entry_id == entry_id)):
        raise Conflict("Cette question figure déjà à l'ordre du jour.", code="entry_already_on_agenda")
    return await add_item(
        actor=actor,
        meeting_id=meeting_id,
        data=AgendaItemCreate(
            title=f"Question n° {entry.number} : {entry.subject}"[:300],
            kind=AgendaItemKind.question,
            description=entry.body[:100_000],
            presenter=entry.author_name,
            confidential=entry.confidential,
            register_entry_id=entry_id,
        ),
    )


async def _item_access(
    *, actor: Actor, item_id: int, lock: bool = True
) -> tuple[BodyAccess, dict[str, Any], dict[str, Any]]:
    item = await repo.agenda_item_row(item_id)
    access, meeting = await repo.meeting_access(actor=actor, meeting_id=item["meeting"], lock=lock)
    if item["confidential"] and not access.sees_confidential:
        raise NotFound("Point de l'ordre du jour introuvable.")
    return access, meeting, item


async def get_item(*, actor: Actor, item_id: int) -> AgendaItemRead:
    _, _, item = await _item_access(actor=actor, item_id=item_id, lock=False)
    return item_read(item)


async def update_item(*, actor: Actor, item_id: int, data: AgendaItemUpdate) -> AgendaItemRead:
    async with transaction():
        access, meeting, item = await _item_access(actor=actor, item_id=item_id)
        own_proposal = item["status"] == "proposed" and item["proposed_by"] == actor.user_id
        access.require(access.runs_meetings or own_proposal, RUNS_MEETINGS)
        require_status(meeting, "draft", action="modifier l'ordre du jour")
        changes = data.model_dump(exclude_unset=True)
        kind = changes.get("kind") or item["kind"]
        await _check_links(
            meeting=meeting,
            kind=str(kind),
            consultation_id=changes.get("consultation_id", item["consultation"]),
            minutes_of=changes.get("minutes_of_meeting_id", item["minutes_meeting"]),
        )
        columns = {
            "consultation_id": AgendaItem.consultation,
            "minutes_of_meeting_id": AgendaItem.minutes_meeting,
        }
        update: dict[Any, Any] = {}
        for key, value in changes.items():
            column = columns.get(key, getattr(AgendaItem, key, None))
            if key == "documents":
                value = [d.model_dump() for d in data.documents or []]
            elif hasattr(value, "value"):
                value = value.value
            update[column] = value
        if "kind" in changes and "resolution_kind" not in changes:
            update[AgendaItem.resolution_kind] = default_resolution_kind(str(kind))
        if update:
            update[AgendaItem.updated_at] = now()
            await AgendaItem.update(update).where(AgendaItem.id == item_id)
            if item["status"] == "accepted":
                await _bump_version(meeting["id"])
            await audit.record(
                actor=actor,
                organization_id=access.organization_id,
                action="update",
                entity="agenda_item",
                entity_id=item_id,
                before={k: item.get(_ITEM_COLUMNS.get(k, k)) for k in changes},
                after=data.model_dump(mode="json", exclude_unset=True),
                body_id=access.body_id,
                confidential=bool(item["confidential"] or changes.get("confidential")),
            )
        return item_read(await repo.agenda_item_row(item_id))


async def delete_item(*, actor: Actor, item_id: int) -> None:
    async with transaction():
        access, meeting, item = await _item_access(actor=actor, item_id=item_id)
        own_proposal = item["status"] == "proposed" and item["proposed_by"] == actor.user_id
        access.require(access.runs_meetings or own_proposal, RUNS_MEETINGS)
        require_status(meeting, "draft", action="modifier l'ordre du jour")
        await AgendaItem.delete().where(AgendaItem.id == item_id)
        if item["status"] == "accepted":
            await _renumber(meeting["id"])
            await _bump_version(meeting["id"])
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="delete",
            entity="agenda_item",
            entity_id=item_id,
            before={"title": item["title"], "kind": item["kind"], "status": item["status"]},
            body_id=access.body_id,
            confidential=bool(item["confidential"]),
        )


async def decide_proposal(*, actor: Actor, item_id: int, accept: bool) -> AgendaItemRead:
    """The president or the secretary places a proposed item on the agenda, or declines it."""
    async with transaction():
        access, meeting, item = await _item_access(actor=actor, item_id=item_id)
        access.require(access.runs_meetings, RUNS_MEETINGS)
        require_status(meeting, "draft", action="modifier l'ordre du jour")
        if item["status"] != "proposed":
            raise InvalidState("Ce point n'est pas une proposition en attente.", code="not_proposed")
        status = "accepted" if accept else "declined"
        position = len(await agenda_items(meeting["id"], status="accepted")) + 1 if accept else 0
        await AgendaItem.update(
            {AgendaItem.status: status, AgendaItem.position: position, AgendaItem.updated_at: now()}
        ).where(AgendaItem.id == item_id)
        if accept:
            await _bump_version(meeting["id"])
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="accept" if accept else "decline",
            entity="agenda_item",
            entity_id=item_id,
            before={"status": "proposed"},
            after={"status": status},
        )
        return item_read(await repo.agenda_item_row(item_id))


async def reorder(*, actor: Actor, meeting_id: int, data: AgendaOrder) -> AgendaRead:
    """Give every item of the agenda its position, each once (1…n after normalisation)."""
    async with transaction():
        access, meeting = await repo.meeting_access(actor=actor, meeting_id=meeting_id, lock=True)
        access.require(access.runs_meetings, RUNS_MEETINGS)
        require_status(meeting, "draft", action="modifier l'ordre du jour")
        accepted = {row["id"]: row for row in await agenda_items(meeting_id, status="accepted")}
        errors: list[dict[str, str]] = []
        duplicates = duplicate_positions([p.position for p in data.items])
        if duplicates:
            errors.append(
                {"field": "items", "message": "positions en double : " + ", ".join(str(p) for p in duplicates)}
            )
        ids = [p.id for p in data.items]
        if len(set(ids)) != len(ids):
            errors.append({"field": "items", "message": "un même point figure deux fois"})
        unknown = [i for i in ids if i not in accepted]
        if unknown:
            errors.append({"field": "items", "message": f"points inconnus dans cet ordre du jour : {unknown}"})
        missing = sorted(set(accepted) - set(ids))
        if missing:
            errors.append({"field": "items", "message": f"points manquants : {missing}"})
        if errors:
            raise InvalidInput("Réorganisation impossible de l'ordre du jour.", errors=errors)
        order = [p.id for p in sorted(data.items, key=lambda p: p.position)]
        changed = False
        for index, item_id in enumerate(order, start=1):
            if accepted[item_id]["position"] != index:
                changed = True
                await AgendaItem.update({AgendaItem.position: index, AgendaItem.updated_at: now()}).where(
                    AgendaItem.id == item_id
                )
        if changed:
            await _bump_version(meeting_id)
            await audit.record(
                actor=actor,
                organization_id=access.organization_id,
                action="reorder",
                entity="meeting",
                entity_id=meeting_id,
                before={"order": [r["id"] for r in sorted(accepted.values(), key=lambda r: r["position"])]},
                after={"order": order},
            )
        return await agenda_read(access=access, meeting_id=meeting_id)


async def approve(*, actor: Actor, meeting_id: int) -> AgendaRead:
    """The president or the secretary approves the current version; agreed once both did (L2315-29)."""
    async with transaction():
        access, meeting = await repo.meeting_access(actor=actor, meeting_id=meeting_id, lock=True)
        if access.is_president:
            role = "president"
        elif access.is_secretary:
            role = "secretary"
        else:
            access.require(False, "Seuls le président et le secrétaire arrêtent l'ordre du jour (art. L2315-29).")
        require_status(meeting, "draft", action="approuver l'ordre du jour")
        if not await agenda_items(meeting_id, status="accepted"):
            raise InvalidState("L'ordre du jour est vide : rien à approuver.", code="agenda_empty")
        version = meeting["agenda_version"]
        before = await repo.approvals(meeting_id)
        was_agreed = agenda_agreed(version=version, approvals=[(a["version"], a["role"]) for a in before])
        if not any(a["version"] == version and a["role"] == role for a in before):
            await AgendaApproval.insert(
                AgendaApproval(meeting=meeting_id, version=version, role=role, user=actor.user_id, approved_at=now())
            )
            await audit.record(
                actor=actor,
                organization_id=access.organization_id,
                action="approve_agenda",
                entity="meeting",
                entity_id=meeting_id,
                after={"version": version, "role": role},
            )
        agenda = await agenda_read(access=access, meeting_id=meeting_id)
        if agenda.agreed and not was_agreed:
            await emit(
                AgendaAgreed(
                    organization_id=access.organization_id,
                    actor_user_id=actor.user_id,
                    meeting_id=meeting_id,
                    body_id=meeting["body"],
                    version=version,
                )
            )
        return agenda


async def disagree(*, actor: Actor, meeting_id: int, data: AgendaDisagreement) -> AgendaRead:
    """The secretary records a refusal of the agenda (L2315-29); a mandatory consultation still goes on it de
    plein droit (L2315-29 al. 2), the disagreement being kept in the meeting's history."""
    async with transaction():
        access, meeting = await repo.meeting_access(actor=actor, meeting_id=meeting_id, lock=True)
        access.require(access.is_secretary, "Seul le secrétaire exprime un désaccord sur l'ordre du jour.")
        require_status(meeting, "draft", action="contester l'ordre du jour")
        _, joint = await convening_decision(meeting)
        if not joint:
            raise InvalidState(
                "Cette instance n'arrête pas son ordre du jour conjointement : l'employeur convoque "
                "(art. L2315-29 et L2315-21 du Code du travail).",
                code="no_joint_agenda",
            )
        after = {"version": meeting["agenda_version"], "article": "L2315-29", "on": today_in(repo.zone(meeting))}
        await record_change(
            meeting_id=meeting_id,
            sequence=meeting["sequence"],
            kind="agenda_disagreement",
            actor=actor,
            after=after,
            reason=data.reason,
        )
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="agenda_disagreement",
            entity="meeting",
            entity_id=meeting_id,
            after={"version": meeting["agenda_version"], "reason": data.reason},
        )
        return await agenda_read(access=access, meeting_id=meeting_id)
