"""The yearly SSCT obligations of a body: inspections (R2312-4), accident inquiries (L2312-13), DUERP (R4121-2)."""

from __future__ import annotations

from dialogue.bodies.access import body_access
from dialogue.bodies.regime import regime_of_body
from dialogue.core.actor import Actor
from dialogue.ssct.rules import MissionKind, MissionRecord, MissionStatus, yearly_obligations
from dialogue.ssct.rules import SeriousAccident as AccidentRecord
from dialogue.ssct.schemas import ObligationRead, ObligationsRead
from dialogue.ssct.service import common
from dialogue.ssct.service.accidents import accident_inquiries, accident_read
from dialogue.ssct.service.common import check_mission_body
from dialogue.ssct.tables import SeriousAccident, SsctMission


async def obligations(*, actor: Actor, body_id: int, year: int | None = None) -> ObligationsRead:
    """Due, done and late for `year`: inspections (R2312-4), inquiries (L2312-13), DUERP update (R4121-2)."""
    access = (await body_access(actor=actor, body_id=body_id)).require_read()
    check_mission_body(access)
    today = common.today()
    year = year or today.year
    regime = await regime_of_body(body_id, today=today)
    assert regime is not None  # body_access found the body
    missions = await SsctMission.select(
        SsctMission.kind, SsctMission.status, SsctMission.reported_on, SsctMission.accident
    ).where(SsctMission.body == body_id)
    accidents = await SeriousAccident.select().where(SeriousAccident.body == body_id)
    counts = yearly_obligations(
        year=year,
        regime=regime.attributions,
        missions=[
            MissionRecord(
                kind=MissionKind(m["kind"]),
                status=MissionStatus(m["status"]),
                reported_on=m["reported_on"],
                accident_id=m["accident"],
            )
            for m in missions
        ],
        serious_accidents=[AccidentRecord(id=a["id"], occurred_on=a["occurred_on"]) for a in accidents],
        today=today,
    )
    inquiries = await accident_inquiries(body_id)
    without = [
        read
        for a in accidents
        if a["occurred_on"].year == year and not (read := accident_read(a, inquiries)).inquiry_done
    ]
    return ObligationsRead(
        body_id=body_id,
        year=year,
        headcount=regime.attributions.headcount,
        today=today,
        items=[
            ObligationRead(
                obligation=c.obligation,
                label=c.label,
                article=c.article,
                due=c.due,
                done=c.done,
                late=c.late,
                status=(
                    "not_applicable" if c.due == 0 else "done" if c.done >= c.due else "late" if c.late else "on_track"
                ),
            )
            for c in counts
        ],
        accidents_without_inquiry=without,
    )
