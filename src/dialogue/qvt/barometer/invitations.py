"""Single-use links per group (printed or emailed) and the live participation, shown by steps of k."""

from __future__ import annotations

import secrets
from collections import defaultdict

from piccolo.querystring import QueryString

from dialogue.audit import service as audit
from dialogue.core.actor import Actor
from dialogue.core.clock import utcnow
from dialogue.core.db import get_engine, lock_row, transaction
from dialogue.core.errors import InvalidInput, InvalidState
from dialogue.core.events import emit
from dialogue.qvt import rules
from dialogue.qvt.barometer.reads import (
    barometer_row,
    effective_status,
    establishment_names,
    place_label,
    require_direction,
    share,
    shown_respondents,
)
from dialogue.qvt.events import BarometerInvitation, BarometerInvitationsCreated
from dialogue.qvt.schemas import (
    GroupParticipation,
    InvitationCode,
    InvitationsCreate,
    InvitationsRead,
)
from dialogue.qvt.service import steering_access
from dialogue.qvt.tables import (
    Barometer,
    BarometerGroup,
    BarometerLink,
)

PRINT_NOTICE = (
    "Ces codes ne seront plus affichés : seule leur empreinte est conservée. Imprimez-les, découpez-les et "
    "laissez chaque salarié en tirer un au hasard, sans noter qui reçoit quel code."
)


def public_url(base_url: str, code: str) -> str:
    return f"{base_url.rstrip('/')}/barometer/{code}"


async def create_invitations(
    *, actor: Actor, barometer_id: int, data: InvitationsCreate, base_url: str
) -> InvitationsRead:
    """Generate single-use links per group: printed codes are returned once; emailed ones go to the outbox.

    The director never sees an emailed code (else they could test which colleague has answered). Codes
    created once the campaign is open are marked late: the whole steering committee sees them, and a group
    served mostly by them is withheld (barometer_suppression.late_codes_withheld).
    """
    async with transaction():
        row = await barometer_row(actor, barometer_id)
        access = await steering_access(actor=actor, body_id=row["body"])
        require_direction(access)
        await lock_row(Barometer, barometer_id)
        status = effective_status(row, now=utcnow())
        if status == "closed":
            raise InvalidState("Le baromètre est clos : plus de nouveaux liens.", code="barometer_closed")
        late = status == "open"
        names = await establishment_names(access.organization_id)
        errors = [
            {"field": f"groups[{i}].establishment_id", "message": "établissement inconnu dans l'organisation"}
            for i, g in enumerate(data.groups)
            if g.establishment_id is not None and g.establishment_id not in names
        ]
        emails = [e.lower() for g in data.groups for e in g.emails]
        if len(set(emails)) != len(emails):
            errors.append({"field": "groups", "message": "une même adresse figure deux fois"})
        if errors:
            raise InvalidInput("Invitations invalides.", errors=errors)
        printed: list[InvitationCode] = []
        invitations: list[BarometerInvitation] = []
        links: list[BarometerLink] = []
        summary = []
        for spec in data.groups:
            department = spec.department or ""
            group = (
                await BarometerGroup.select()
                .where(
                    (BarometerGroup.barometer == barometer_id)
                    & (
                        BarometerGroup.establishment.is_null()
                        if spec.establishment_id is None
                        else BarometerGroup.establishment == spec.establishment_id
                    )
                    & (BarometerGroup.department == department)
                )
                .first()
            )
            total = spec.count + len(spec.emails)
            if group is None:
                new_group = BarometerGroup(
                    barometer=barometer_id, establishment=spec.establishment_id, department=department, invited=total
                )
                await new_group.save()
                group_id = int(new_group.id)
            else:
                group_id = int(group["id"])
                await BarometerGroup.update({BarometerGroup.invited: group["invited"] + total}).where(
                    BarometerGroup.id == group_id
                )
            establishment = names.get(spec.establishment_id) if spec.establishment_id is not None else None
            for index in range(total):
                code = rules.new_code(secrets.token_bytes(18))
                links.append(
                    BarometerLink(
                        barometer=barometer_id, group=group_id, token_digest=rules.code_digest(code), late=late
                    )
                )
                url = public_url(base_url, code)
                if index < spec.count:
                    printed.append(
                        InvitationCode(
                            establishment=establishment,
                            department=spec.department,
                            code=rules.format_code(code),
                            url=url,
                        )
                    )
                else:
                    invitations.append(
                        BarometerInvitation(
                            email=spec.emails[index - spec.count].lower(),
                            url=url,
                            establishment=establishment,
                            department=spec.department,
                        )
                    )
            summary.append(
                {
                    "establishment_id": spec.establishment_id,
                    "department": spec.department,
                    "printed": spec.count,
                    "emailed": len(spec.emails),
                }
            )
        for start in range(0, len(links), 500):
            await BarometerLink.insert(*links[start : start + 500])
        await audit.record(
            actor=actor,
            organization_id=access.organization_id,
            action="invite",
            entity="qvt_barometer",
            entity_id=barometer_id,
            after={"groups": summary, "created": len(links), "late": late},
        )
        await emit(
            BarometerInvitationsCreated(
                organization_id=access.organization_id,
                actor_user_id=actor.user_id,
                barometer_id=barometer_id,
                barometer_title=row["title"],
                year=row["year"],
                closes_at=row["closes_at"],
                created=len(links),
                printed=len(printed),
                invitations=tuple(invitations),
            )
        )
        return InvitationsRead(
            barometer_id=barometer_id,
            created=len(links),
            printed=len(printed),
            emailed=len(invitations),
            codes=printed,
            notice=PRINT_NOTICE,
        )


async def participation(*, actor: Actor, barometer_id: int) -> list[GroupParticipation]:
    """Invited and respondents per group, live, for every reader alike: under min_group_size nothing is shown
    (zero neither), above it the count moves by steps of min_group_size (barometer_suppression)."""
    row = await barometer_row(actor, barometer_id)
    (await steering_access(actor=actor, body_id=row["body"])).require_read()
    status = effective_status(row, now=utcnow())
    late = await _late_by_group(barometer_id)
    names = await establishment_names(row["organization"])
    groups = await BarometerGroup.select().where(BarometerGroup.barometer == barometer_id)
    counts = await get_engine().run_querystring(
        QueryString(
            "SELECT establishment, department, COUNT(*) AS n FROM qvt_barometer_response WHERE barometer = {} "
            "GROUP BY establishment, department",
            barometer_id,
        )
    )
    by_place = {(c["establishment"], c["department"]): int(c["n"]) for c in counts}
    items = []
    for g in sorted(groups, key=lambda g: (names.get(g["establishment"], ""), g["department"])):
        n = by_place.get((g["establishment"], g["department"]), 0)
        shown = shown_respondents(n, status=status, min_group_size=row["min_group_size"])
        label = place_label(names, g["establishment"], g["department"])
        items.append(
            GroupParticipation(
                establishment_id=g["establishment"],
                establishment=names.get(g["establishment"]) if g["establishment"] is not None else None,
                department=g["department"] or None,
                label=label,
                invited=g["invited"],
                respondents=shown,
                participation=share(shown, g["invited"]) if shown is not None else None,
                late_codes=late.get(int(g["id"]), 0),
            )
        )
    return items


async def _late_by_group(barometer_id: int) -> dict[int, int]:
    rows = await BarometerLink.select(BarometerLink.group).where(
        (BarometerLink.barometer == barometer_id) & (BarometerLink.late == True)  # noqa: E712
    )
    late: dict[int, int] = defaultdict(int)
    for r in rows:
        late[int(r["group"])] += 1
    return dict(late)
