"""A QVT plan by axes: axes and transversal themes, the binôme of each axis, the composition of the working
groups, a proposal's place in the plan, and the canvas's recommendations ticked when it is adopted.

Who may do what follows `access`: the committee's members, the direction and the organisation's admins read;
the members and the direction write; the president or the direction adopt (ticking the recommendations).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from dialogue.audit import service as audit
from dialogue.auth.tables import User
from dialogue.bodies.access import BodyAccess
from dialogue.core.actor import Actor
from dialogue.core.clock import utcnow
from dialogue.core.db import transaction
from dialogue.core.errors import Conflict, InvalidInput, NotFound
from dialogue.organizations.tables import Establishment
from dialogue.qvt.axes_schemas import (
    AxisCreate,
    AxisRead,
    AxisUpdate,
    BinomeInput,
    BinomeMemberRead,
    ChecklistRead,
    CompositionInput,
    CompositionRead,
    CompositionWarningRead,
    EstablishmentCount,
    MemberProfileRead,
    PlacementInput,
    PlacementRead,
    PlanRead,
)
from dialogue.qvt.rules import plans
from dialogue.qvt.schemas import RecommendationsInput
from dialogue.qvt.service.access import (
    check_establishment,
    check_users,
    people_by_id,
    require_contributor,
    steering_access,
    steering_row,
)
from dialogue.qvt.tables import (
    QvtActionAxis,
    QvtActionChecklist,
    QvtActionProposal,
    QvtAxis,
    QvtAxisBinome,
    QvtAxisGroup,
    QvtGroupMemberProfile,
    QvtWorkingGroup,
    QvtWorkingGroupMember,
)

ADOPTED: frozenset[str] = frozenset({"adopted", "in_progress", "evaluated"})


async def _establishment_names(ids: list[int | None]) -> dict[int, str]:
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    rows = await Establishment.select(Establishment.id, Establishment.name).where(Establishment.id.is_in(wanted))
    return {r["id"]: r["name"] for r in rows}


async def form_choices(*, actor: Actor, body_id: int) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """What the page forms offer: the organisation's active accounts and its establishments, (id, name) by name."""
    access = await steering_access(actor=actor, body_id=body_id)
    access.require_read()
    org = access.organization_id
    users = await (
        User.select(User.id, User.full_name)
        .where((User.organization == org) & (User.is_active == True))  # noqa: E712 (a Piccolo condition)
        .order_by(User.full_name)
    )
    places = await (
        Establishment.select(Establishment.id, Establishment.name)
        .where(Establishment.organization == org)
        .order_by(Establishment.name)
    )
    return [(u["id"], u["full_name"]) for u in users], [(e["id"], e["name"]) for e in places]


async def _axes_read(body_id: int, axis_ids: list[int] | None = None) -> list[AxisRead]:
    query = QvtAxis.select().where(QvtAxis.body == body_id)
    if axis_ids is not None:
        query = query.where(QvtAxis.id.is_in(axis_ids or [-1]))
    rows = await query.order_by(QvtAxis.position).order_by(QvtAxis.id)
    ids = [r["id"] for r in rows] or [-1]
    binomes = await QvtAxisBinome.select().where(QvtAxisBinome.axis.is_in(ids)).order_by(QvtAxisBinome.id)
    groups = await QvtAxisGroup.select().where(QvtAxisGroup.axis.is_in(ids)).order_by(QvtAxisGroup.working_group)
    links = await QvtActionAxis.select(QvtActionAxis.axis, QvtActionAxis.action, QvtActionAxis.action.status).where(
        QvtActionAxis.axis.is_in(ids)
    )
    people = await people_by_id([b["user"] for b in binomes])
    names = await _establishment_names([b["establishment"] for b in binomes])
    by_axis: dict[int, list[BinomeMemberRead]] = defaultdict(list)
    for b in binomes:
        by_axis[b["axis"]].append(
            BinomeMemberRead(
                person=people[b["user"]],
                side=b["side"],
                side_label=plans.BINOME_SIDES[b["side"]],
                establishment_id=b["establishment"],
                establishment_name=names.get(b["establishment"]) if b["establishment"] else None,
                service=b["service"],
            )
        )
    group_ids: dict[int, list[int]] = defaultdict(list)
    for g in groups:
        group_ids[g["axis"]].append(g["working_group"])
    counts: dict[int, int] = defaultdict(int)
    adopted: dict[int, int] = defaultdict(int)
    for link in links:
        counts[link["axis"]] += 1
        if link["action.status"] in ADOPTED:
            adopted[link["axis"]] += 1
    result = []
    for r in rows:
        binome = sorted(by_axis[r["id"]], key=lambda m: m.side.value != "establishment")
        result.append(
            AxisRead(
                id=r["id"],
                body_id=r["body"],
                kind=r["kind"],
                kind_label=plans.AXIS_KINDS[r["kind"]],
                title=r["title"],
                description=r["description"],
                position=r["position"],
                binome=binome,
                binome_complete={m.side.value for m in binome} == set(plans.BINOME_SIDES),
                working_group_ids=group_ids[r["id"]],
                proposal_count=counts[r["id"]],
                adopted_count=adopted[r["id"]],
            )
        )
    return result


async def _axis_read(axis_id: int, body_id: int) -> AxisRead:
    found = await _axes_read(body_id, [axis_id])
    if not found:
        raise NotFound("Axe introuvable.")
    return found[0]


async def plan(*, actor: Actor, body_id: int) -> PlanRead:
    """The plan by axes: axes with their binômes, groups and counts, the transversal themes, the support group."""
    (await steering_access(actor=actor, body_id=body_id)).require_read()
    axes = await _axes_read(body_id)
    support = await (
        QvtAxisGroup.select(QvtAxisGroup.working_group)
        .where((QvtAxisGroup.role == "support") & (QvtAxisGroup.working_group.body == body_id))
        .order_by(QvtAxisGroup.working_group)
    )
    total = await QvtActionProposal.count().where(QvtActionProposal.body == body_id)
    placed = await QvtActionAxis.select(QvtActionAxis.action).where(
        (QvtActionAxis.role == "axis") & (QvtActionAxis.axis.body == body_id)
    )
    return PlanRead(
        body_id=body_id,
        axes=[a for a in axes if a.kind.value == "axis"],
        transversal_themes=[a for a in axes if a.kind.value == "transversal"],
        support_group_ids=[s["working_group"] for s in support],
        proposals_total=total,
        proposals_without_axis=total - len({p["action"] for p in placed}),
    )


async def create_axis(*, actor: Actor, body_id: int, data: AxisCreate) -> AxisRead:
    async with transaction():
        access = await steering_access(actor=actor, body_id=body_id)
        require_contributor(access)
        axis = QvtAxis(
            organization=access.organization_id,
            body=body_id,
            kind=data.kind.value,
            title=data.title,
            description=data.description,
            position=data.position,
            created_at=utcnow(),
        )
        await axis.save()
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="create",
            entity="qvt_axis",
            entity_id=axis.id,
            after=data.model_dump(mode="json"),
        )
        return await _axis_read(axis.id, body_id)


async def _axis_access(actor: Actor, axis_id: int) -> tuple[BodyAccess, dict[str, Any]]:
    return await steering_row(actor=actor, table=QvtAxis, row_id=axis_id, missing="Axe introuvable.")


async def get_axis(*, actor: Actor, axis_id: int) -> AxisRead:
    access, row = await _axis_access(actor, axis_id)
    access.require_read()
    return await _axis_read(axis_id, row["body"])


async def update_axis(*, actor: Actor, axis_id: int, data: AxisUpdate) -> AxisRead:
    async with transaction():
        access, row = await _axis_access(actor, axis_id)
        require_contributor(access)
        changes = data.model_dump(mode="json", exclude_unset=True, exclude_none=True)
        if changes:
            await QvtAxis.update({getattr(QvtAxis, k): v for k, v in changes.items()}).where(QvtAxis.id == axis_id)
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="update",
            entity="qvt_axis",
            entity_id=axis_id,
            before={k: row[k] for k in changes},
            after=changes,
        )
        return await _axis_read(axis_id, row["body"])


async def set_binome(*, actor: Actor, axis_id: int, data: BinomeInput) -> AxisRead:
    """The binôme coordinating an axis: one person from the establishments, one from the head office or
    services (422 otherwise, `plans.check_binome`)."""
    async with transaction():
        access, row = await _axis_access(actor, axis_id)
        require_contributor(access)
        if row["kind"] != "axis":
            raise Conflict(
                "Seul un axe du plan est coordonné par un binôme, pas un thème transversal.", code="not_axis"
            )
        try:
            plans.check_binome([(m.user_id, m.side.value) for m in data.members])
        except plans.BinomeError as exc:
            raise InvalidInput(str(exc), errors=[{"field": "members", "message": str(exc)}], code="binome") from None
        org = access.organization_id
        await check_users(org, [m.user_id for m in data.members], "members")
        for index, member in enumerate(data.members):
            if member.side.value == "establishment" and member.establishment_id is None:
                raise InvalidInput(
                    "Précisez l'établissement de la personne venue des établissements.",
                    errors=[{"field": f"members.{index}.establishment_id", "message": "obligatoire"}],
                )
            await check_establishment(org, member.establishment_id, f"members.{index}.establishment_id")
        before = [
            b["user"] for b in await QvtAxisBinome.select(QvtAxisBinome.user).where(QvtAxisBinome.axis == axis_id)
        ]
        await QvtAxisBinome.delete().where(QvtAxisBinome.axis == axis_id)
        await QvtAxisBinome.insert(
            *[
                QvtAxisBinome(
                    axis=axis_id,
                    user=m.user_id,
                    side=m.side.value,
                    establishment=m.establishment_id if m.side.value == "establishment" else None,
                    service=m.service,
                )
                for m in data.members
            ]
        )
        await audit.record(
            actor=actor,
            organization_id=org,
            action="update",
            entity="qvt_axis_binome",
            entity_id=axis_id,
            before={"users": before},
            after=data.model_dump(mode="json"),
        )
        return await _axis_read(axis_id, row["body"])


async def _check_axis(body_id: int, axis_id: int | None, kind: str, field: str) -> dict[str, Any] | None:
    if axis_id is None:
        return None
    row = await QvtAxis.select().where((QvtAxis.id == axis_id) & (QvtAxis.body == body_id)).first()
    if row is None:
        raise InvalidInput(
            "Axe inconnu pour ce comité de pilotage.", errors=[{"field": field, "message": "introuvable"}]
        )
    if row["kind"] != kind:
        message = "Choisissez un axe du plan." if kind == "axis" else "Choisissez un thème transversal."
        raise InvalidInput(message, errors=[{"field": field, "message": message}])
    return row


async def _composition_read(group_id: int) -> CompositionRead:
    group = await QvtWorkingGroup.select().where(QvtWorkingGroup.id == group_id).first()
    if group is None:
        raise NotFound("Groupe de travail introuvable.")
    place = await QvtAxisGroup.select().where(QvtAxisGroup.working_group == group_id).first()
    role = place["role"] if place else "axis"
    axis = (
        await QvtAxis.select(QvtAxis.title).where(QvtAxis.id == place["axis"]).first()
        if place and place["axis"]
        else None
    )
    member_ids = [
        r["user"]
        for r in await QvtWorkingGroupMember.select(QvtWorkingGroupMember.user).where(
            QvtWorkingGroupMember.working_group == group_id
        )
    ]
    profiles = {
        p["user"]: p
        for p in await QvtGroupMemberProfile.select().where(QvtGroupMemberProfile.working_group == group_id)
        if p["user"] in member_ids
    }
    people = await people_by_id(member_ids)
    names = await _establishment_names([p["establishment"] for p in profiles.values()])
    counted = plans.composition(
        [plans.MemberProfile(p["sex"], p["establishment"], p["job_family"]) for p in profiles.values()],
        size=len(member_ids),
        support=role == "support",
    )
    members = [
        MemberProfileRead(
            person=people[u],
            sex=profiles[u]["sex"] if u in profiles else None,
            establishment_id=profiles[u]["establishment"] if u in profiles else None,
            establishment_name=names.get(profiles[u]["establishment"]) if u in profiles else None,
            job_family=profiles[u]["job_family"] if u in profiles else "",
        )
        for u in member_ids
    ]
    return CompositionRead(
        working_group_id=group_id,
        body_id=group["body"],
        name=group["name"],
        role=role,
        role_label=plans.GROUP_ROLES[role],
        axis_id=place["axis"] if place else None,
        axis_title=axis["title"] if axis else None,
        size=counted.size,
        size_min=plans.GROUP_SIZE_MIN,
        size_max=plans.GROUP_SIZE_MAX,
        women=counted.women,
        men=counted.men,
        sex_unknown=counted.sex_unknown,
        establishments=[
            EstablishmentCount(id=i, name=names.get(i, "—"), count=n) for i, n in counted.establishments.items()
        ],
        head_office=counted.head_office,
        job_families=dict(counted.job_families),
        members=sorted(members, key=lambda m: m.person.full_name),
        warnings=[CompositionWarningRead(code=w.code, message=w.message) for w in counted.warnings],
        balanced=counted.balanced,
    )


async def _group_access(actor: Actor, group_id: int) -> tuple[BodyAccess, dict[str, Any]]:
    return await steering_row(
        actor=actor, table=QvtWorkingGroup, row_id=group_id, missing="Groupe de travail introuvable."
    )


async def get_composition(*, actor: Actor, group_id: int) -> CompositionRead:
    access, _ = await _group_access(actor, group_id)
    access.require_read()
    return await _composition_read(group_id)


async def list_compositions(*, actor: Actor, body_id: int) -> list[CompositionRead]:
    (await steering_access(actor=actor, body_id=body_id)).require_read()
    rows = (
        await QvtWorkingGroup.select(QvtWorkingGroup.id)
        .where(QvtWorkingGroup.body == body_id)
        .order_by(QvtWorkingGroup.id)
    )
    return [await _composition_read(r["id"]) for r in rows]


async def set_composition(*, actor: Actor, group_id: int, data: CompositionInput) -> CompositionRead:
    """The group's place in the plan (an axis's group, or the support group) and each member's profile; the
    profiles name members of the group only (422 otherwise)."""
    async with transaction():
        access, row = await _group_access(actor, group_id)
        require_contributor(access)
        org = access.organization_id
        axis_id = None if data.role.value == "support" else data.axis_id
        await _check_axis(row["body"], axis_id, "axis", "axis_id")
        members = {
            r["user"]
            for r in await QvtWorkingGroupMember.select(QvtWorkingGroupMember.user).where(
                QvtWorkingGroupMember.working_group == group_id
            )
        }
        users = [m.user_id for m in data.members]
        strangers = sorted(set(users) - members)
        if strangers:
            raise InvalidInput(
                "Ces personnes ne sont pas membres du groupe de travail : ajoutez-les d'abord au groupe.",
                errors=[{"field": "members", "message": f"hors du groupe : {', '.join(map(str, strangers))}"}],
            )
        if len(set(users)) != len(users):
            raise InvalidInput(
                "Une même personne figure deux fois.", errors=[{"field": "members", "message": "en double"}]
            )
        for index, member in enumerate(data.members):
            await check_establishment(org, member.establishment_id, f"members.{index}.establishment_id")
        before = (await _composition_read(group_id)).model_dump(mode="json")
        await QvtAxisGroup.delete().where(QvtAxisGroup.working_group == group_id)
        await QvtAxisGroup.insert(QvtAxisGroup(working_group=group_id, axis=axis_id, role=data.role.value))
        await QvtGroupMemberProfile.delete().where(QvtGroupMemberProfile.working_group == group_id)
        if data.members:
            await QvtGroupMemberProfile.insert(
                *[
                    QvtGroupMemberProfile(
                        working_group=group_id,
                        user=m.user_id,
                        sex=m.sex.value if m.sex else None,
                        establishment=m.establishment_id,
                        job_family=m.job_family.strip(),
                    )
                    for m in data.members
                ]
            )
        after = await _composition_read(group_id)
        await audit.record(
            actor=actor,
            organization_id=org,
            action="update",
            entity="qvt_working_group_composition",
            entity_id=group_id,
            before={k: before[k] for k in ("role", "axis_id", "members")},
            after={k: v for k, v in after.model_dump(mode="json").items() if k in ("role", "axis_id", "members")},
        )
        return after


async def _placement_read(action_id: int) -> PlacementRead:
    links = (
        await QvtActionAxis.select(QvtActionAxis.axis, QvtActionAxis.role, QvtActionAxis.axis.title)
        .where(QvtActionAxis.action == action_id)
        .order_by(QvtActionAxis.axis.position)
        .order_by(QvtActionAxis.axis)
    )
    axis = next((link for link in links if link["role"] == "axis"), None)
    themes = [link for link in links if link["role"] == "theme"]
    check = await QvtActionChecklist.select().where(QvtActionChecklist.action == action_id).first()
    checked_by = (
        (await people_by_id([check["checked_by"]])).get(check["checked_by"]) if check and check["checked_by"] else None
    )
    return PlacementRead(
        action_id=action_id,
        axis_id=axis["axis"] if axis else None,
        axis_title=axis["axis.title"] if axis else None,
        theme_ids=[theme["axis"] for theme in themes],
        theme_titles=[theme["axis.title"] for theme in themes],
        checklist_required=axis is not None,
        checklist=ChecklistRead(
            concrete=check["concrete"],
            all_staff=check["all_staff"],
            feasible=check["feasible"],
            checked_by=checked_by,
            checked_at=check["checked_at"],
        )
        if check
        else None,
    )


async def _action_access(actor: Actor, action_id: int) -> tuple[BodyAccess, dict[str, Any]]:
    return await steering_row(actor=actor, table=QvtActionProposal, row_id=action_id, missing="Action introuvable.")


async def get_placement(*, actor: Actor, action_id: int) -> PlacementRead:
    access, _ = await _action_access(actor, action_id)
    access.require_read()
    return await _placement_read(action_id)


async def set_placement(*, actor: Actor, action_id: int, data: PlacementInput) -> PlacementRead:
    """A proposal's axis (one) and the transversal themes it touches (any)."""
    async with transaction():
        access, row = await _action_access(actor, action_id)
        require_contributor(access)
        await _check_axis(row["body"], data.axis_id, "axis", "axis_id")
        for index, theme in enumerate(data.theme_ids):
            await _check_axis(row["body"], theme, "transversal", f"theme_ids.{index}")
        before = (await _placement_read(action_id)).model_dump(mode="json")
        await QvtActionAxis.delete().where(QvtActionAxis.action == action_id)
        rows = [QvtActionAxis(action=action_id, axis=data.axis_id, role="axis")] if data.axis_id else []
        rows += [QvtActionAxis(action=action_id, axis=t, role="theme") for t in sorted(set(data.theme_ids))]
        if rows:
            await QvtActionAxis.insert(*rows)
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="update",
            entity="qvt_action_axis",
            entity_id=action_id,
            before={"axis_id": before["axis_id"], "theme_ids": before["theme_ids"]},
            after=data.model_dump(mode="json"),
        )
        return await _placement_read(action_id)


async def check_adoption_checklist(*, action_id: int, ticks: RecommendationsInput | None) -> None:
    """Before adoption: a proposal on an axis of the plan needs the canvas's three recommendations ticked
    (422 naming the missing ones). A proposal outside the plan may be adopted as before, ticks or not."""
    on_axis = await QvtActionAxis.exists().where((QvtActionAxis.action == action_id) & (QvtActionAxis.role == "axis"))
    if not on_axis:
        return
    given = ticks.model_dump() if ticks else {}
    refusal = plans.adoption_refusal(given)
    if refusal:
        raise InvalidInput(
            refusal,
            errors=[
                {"field": f"checklist.{key}", "message": "à cocher"}
                for key in plans.RECOMMENDATIONS
                if not given.get(key, False)
            ],
            code="recommendations_unchecked",
        )


async def record_adoption_checklist(*, actor: Actor, action_id: int, ticks: RecommendationsInput | None) -> None:
    """Keep what the committee ticked when it adopted (within the adoption's transaction)."""
    if ticks is None:
        return
    await QvtActionChecklist.delete().where(QvtActionChecklist.action == action_id)
    await QvtActionChecklist.insert(
        QvtActionChecklist(
            action=action_id,
            concrete=ticks.concrete,
            all_staff=ticks.all_staff,
            feasible=ticks.feasible,
            checked_by=actor.user_id,
            checked_at=utcnow(),
        )
    )


async def list_placements(*, actor: Actor, body_id: int) -> dict[int, PlacementRead]:
    """Every proposal's axis, themes and checklist, by proposal id (for the plan page)."""
    (await steering_access(actor=actor, body_id=body_id)).require_read()
    rows = await QvtActionProposal.select(QvtActionProposal.id).where(QvtActionProposal.body == body_id)
    return {r["id"]: await _placement_read(r["id"]) for r in rows}
