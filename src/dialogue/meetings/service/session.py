"""A meeting held: attendance (`attendance`) and votes (`votes`), re-exported here for the callers."""

from __future__ import annotations

from dialogue.meetings.service.attendance import attendance_rows, get_attendance, record_attendance, voters
from dialogue.meetings.service.votes import list_item_votes, list_meeting_votes, record_vote, vote_read

__all__ = [
    "attendance_rows",
    "get_attendance",
    "list_item_votes",
    "list_meeting_votes",
    "record_attendance",
    "record_vote",
    "vote_read",
    "voters",
]
