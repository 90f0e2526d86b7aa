"""What the meetings module does when other modules report something (in their transaction); subscribed in
the composition root's table (`dialogue.bootstrap`)."""

from __future__ import annotations

from datetime import UTC, timedelta

from dialogue.audit import service as audit
from dialogue.core.clock import PARIS
from dialogue.core.events import emit
from dialogue.integrity import ChainKey
from dialogue.meetings.events import MeetingRescheduled, MeetingScheduled
from dialogue.meetings.rules import ResolutionKind
from dialogue.meetings.service.common import now, record_change
from dialogue.meetings.tables import AgendaItem, Meeting
from dialogue.registers.events import DgiDisagreement
from dialogue.registers.rules import local_deadline_text
from dialogue.registers.subscribers import follow_rescheduled_meeting

DGI_MEETING_HOURS = 2


async def on_dgi_disagreement(event: DgiDisagreement) -> None:
    """L4132-3: on a disagreement about a serious and imminent danger the CSE is convened within 24 hours: a
    draft extraordinary SSCT meeting is prepared for the president, starting before `meeting_due_by`."""
    moment = now()
    due = event.meeting_due_by.astimezone(UTC)
    starts = max(moment + timedelta(minutes=30), due - timedelta(hours=DGI_MEETING_HOURS))
    subject = "alerte confidentielle" if event.confidential else event.subject
    created = await Meeting.insert(
        Meeting(
            body=event.body_id,
            title="Réunion extraordinaire — danger grave et imminent (L4132-3)",
            kind="extraordinary",
            treats_ssct=True,
            starts_at=starts,
            ends_at=starts + timedelta(hours=DGI_MEETING_HOURS),
            timezone=PARIS.key,
            status="draft",
            sequence=0,
            agenda_version=1,
            urgency="dgi_disagreement",  # L4132-3: convened within 24 hours, never "late"
            created_by=event.actor_user_id,
            created_at=moment,
            updated_at=moment,
        )
    ).returning(Meeting.id)
    meeting_id = int(created[0]["id"])
    await AgendaItem.insert(
        AgendaItem(
            meeting=meeting_id,
            position=1,
            title=f"Désaccord sur le danger grave et imminent n° {event.number} : {subject}"[:300],
            kind="ssct",
            description=(
                f"À réunir au plus tard le {local_deadline_text(due, tz=PARIS)} ; l'employeur informe "
                "l'inspection du travail et la CARSAT (art. L4132-3 du Code du travail)."
            ),
            status="accepted",
            mandatory=False,
            confidential=event.confidential,
            # L4132-4: the disagreement is the CSE's majority facing the employer; the president does not vote.
            resolution_kind=ResolutionKind.ALERT.value,
            register_entry_id=event.entry_id,
            proposed_by=event.actor_user_id,
            created_at=moment,
            updated_at=moment,
        )
    )
    after = {"reason": "L4132-3", "entry_id": event.entry_id, "meeting_due_by": due.isoformat()}
    await record_change(meeting_id=meeting_id, sequence=0, kind="created", actor=None, after=after)
    await audit.record(
        actor=None,
        organization_id=event.organization_id,
        action="create",
        entity="meeting",
        entity_id=meeting_id,
        after=after,
    )
    await emit(
        MeetingScheduled(
            organization_id=event.organization_id,
            actor_user_id=event.actor_user_id,
            meeting_id=meeting_id,
            body_id=event.body_id,
            sequence=0,
        )
    )


async def on_meeting_rescheduled(event: MeetingRescheduled, *, chain_key: ChainKey) -> None:
    """The registers move the due date of the questions tied to the meeting (L2315-22, registers/subscribers.py),
    appending to their chains under `chain_key` (bound by the bootstrap table)."""
    await follow_rescheduled_meeting(
        meeting_id=event.meeting_id,
        starts_at=event.starts_at,
        actor_user_id=event.actor_user_id,
        organization_id=event.organization_id,
        chain_key=chain_key,
    )
