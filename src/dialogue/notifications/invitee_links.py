"""What an external invitee's mails add (L2314-3, issue 17): their personal read-only link to the meeting in
place of the members' page, until when it opens, and an unsubscribe link for the optional mails (the agenda
sent for information, the reminders) — they have no account, hence no preferences page."""

from __future__ import annotations

from typing import Final

from dialogue.meetings.service.invitation_link import link_for
from dialogue.notifications.directory import Convoked
from dialogue.notifications.messages import MeetingMail
from dialogue.notifications.rules import ADDRESS_OPTIONAL_CATEGORIES, Category, address_unsubscribe_token
from dialogue.settings import Settings

UNSUBSCRIBE_WHAT: Final = {
    Category.agenda: "l'ordre du jour de ces réunions",
    Category.reminder: "les rappels de réunion",
}


def invitee_extras(
    *, settings: Settings, person: Convoked, meeting: MeetingMail, organization_id: int, category: Category | None
) -> dict[str, object]:
    """Nothing for a member; for an invitee, `url` (their link), `invitation_expires`, and for an optional
    category `unsubscribe_url` and `unsubscribe_what`."""
    if person.invitee_id is None:
        return {}
    base = settings.base_url.rstrip("/")
    key = settings.secret_key.get_secret_value().encode()
    token, expires_at = link_for(
        invitee_id=person.invitee_id, meeting_id=meeting.meeting_id, meeting_ends_at=meeting.ends_at, key=key
    )
    extras: dict[str, object] = {"url": f"{base}/invitation/{token}", "invitation_expires": expires_at}
    if category in ADDRESS_OPTIONAL_CATEGORIES:
        unsubscribe = address_unsubscribe_token(
            organization_id=organization_id, email=person.recipient.email, category=category, key=key
        )
        extras["unsubscribe_url"] = f"{base}/u/{unsubscribe}"
        extras["unsubscribe_what"] = UNSUBSCRIBE_WHAT[category]
    return extras
