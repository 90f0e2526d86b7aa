"""What meetings hands to the modules below it, as Litestar dependencies provided by app.py."""

from __future__ import annotations

from dialogue.consultations.queries import MeetingsOf
from dialogue.meetings.service.agenda_reads import consultation_meetings


def provide_consultation_meetings() -> MeetingsOf:
    """The meetings whose agenda carries each consultation (the agenda is the meetings'), for the consultations'
    API and pages."""
    return consultation_meetings
