"""Meeting pages, one controller by job: the schedule (list, plan, yearly calendar), the meeting page and its
convocation, the agenda (L2315-29), the session (attendance L2314-1, votes L2315-32) and the minutes (L2315-34,
D2315-26, L2315-35). Every page calls the same service functions as the API, with the actor of the session
cookie. The consultations' pages live in `dialogue.consultations.pages`."""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

from dialogue.meetings.pages.agenda import AgendaPagesController
from dialogue.meetings.pages.attachments import AttachmentPagesController
from dialogue.meetings.pages.meeting import MeetingPagesController
from dialogue.meetings.pages.minutes import MinutesPagesController
from dialogue.meetings.pages.printables import PrintablesPagesController
from dialogue.meetings.pages.reschedule import ReschedulePagesController
from dialogue.meetings.pages.schedule import MeetingSchedulePagesController
from dialogue.meetings.pages.session import SessionPagesController

#: The meeting page controllers, registered by app.py.
MEETING_PAGE_HANDLERS: list[ControllerRouterHandler] = [
    MeetingSchedulePagesController,
    MeetingPagesController,
    ReschedulePagesController,
    AgendaPagesController,
    AttachmentPagesController,
    SessionPagesController,
    MinutesPagesController,
    PrintablesPagesController,  # branch printables
]

__all__ = ["MEETING_PAGE_HANDLERS", "MeetingPagesController"]
