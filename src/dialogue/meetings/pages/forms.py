"""The meeting forms as the API's payloads: planning (a day and two hours in the organisation's zone), agenda
items, votes as counted in the room (L2315-32) and the attendance sheet (L2314-1), and their errors renamed to
the inputs people type."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any, Final

from dialogue.core.errors import DomainError
from dialogue.meetings.schemas import AgendaItemRead, AgendaPosition, MeetingRead
from dialogue.pages.forms import FormState, checked, refused_state, text_or_none
from dialogue.settings import Settings


def local_moment(day: str | None, hour: str | None, settings: Settings) -> datetime | str:
    """A date input and a time input read in the organisation's zone; the raw text when unreadable."""
    day_text, hour_text = text_or_none(day), text_or_none(hour)
    if day_text is None or hour_text is None:
        return ""
    try:
        return datetime.combine(date.fromisoformat(day_text), time.fromisoformat(hour_text), tzinfo=settings.tz)
    except ValueError:
        return f"{day_text} {hour_text}"


def meeting_payload(form: Mapping[str, str], settings: Settings) -> dict[str, Any]:
    """The planning form as the API's MeetingCreate payload (a meeting starts and ends the same day)."""
    payload: dict[str, Any] = {
        "title": form.get("title", ""),
        "kind": form.get("kind") or "ordinary",
        "starts_at": local_moment(form.get("day"), form.get("start"), settings),
        "ends_at": local_moment(form.get("day"), form.get("end"), settings),
        "treats_ssct": checked(form.get("treats_ssct")),
        "minutes_case": form.get("minutes_case") or "general",
    }
    for name in ("location", "visio_url"):
        if (value := text_or_none(form.get(name))) is not None:
            payload[name] = value
    return payload


def meeting_errors(errors: dict[str, str]) -> dict[str, str]:
    """Errors on the instants are shown next to the inputs people type: the day and the hours."""
    renamed: dict[str, str] = {}
    for name, message in errors.items():
        if name == "starts_at":
            renamed.setdefault("day", message)
        elif name == "ends_at":
            renamed.setdefault("end", message)
        else:
            renamed[name] = message
    return renamed


def item_payload(form: Mapping[str, str]) -> dict[str, Any]:
    """The agenda item form as the API's AgendaItemCreate/Update payload."""
    payload: dict[str, Any] = {"title": form.get("title", ""), "kind": form.get("kind", "")}
    for name in ("description", "presenter", "legal_basis"):
        payload[name] = text_or_none(form.get(name))
    for name in ("consultation_id", "minutes_of_meeting_id"):
        if (value := text_or_none(form.get(name))) is not None:
            payload[name] = value
    payload["confidential"] = checked(form.get("confidential"))
    if checked(form.get("mandatory")):
        payload["mandatory"] = True
    return payload


def nominal_ballots(form: Mapping[str, str]) -> list[dict[str, Any]]:
    """The members' choices of a nominal vote (`ballot-<member id>`), those noted only."""
    ballots: list[dict[str, Any]] = []
    for name, value in form.items():
        member = name.removeprefix("ballot-")
        if member != name and member.isdigit() and (choice := text_or_none(value)) is not None:
            ballots.append({"member_id": int(member), "choice": choice})
    return ballots


def vote_payload(form: Mapping[str, str]) -> dict[str, Any]:
    """The vote form as the API's VoteCreate payload: each member's choice when the vote is nominal (the result
    follows from them, L2315-32), else the totals as counted in the room."""
    payload: dict[str, Any] = {"question": form.get("question", ""), "secret": checked(form.get("secret"))}
    ballots = nominal_ballots(form)
    if ballots:
        payload["ballots"] = ballots
    for name in ("votes_for", "votes_against", "abstentions", "blank", "void"):
        if ballots:
            continue
        value = text_or_none(form.get(name))
        payload[name] = value if value is not None else (None if name == "votes_for" else 0)
    if (motion := text_or_none(form.get("motion"))) is not None:
        payload["motion"] = motion
    if (opinion := text_or_none(form.get("opinion_text"))) is not None:
        payload["opinion_text"] = opinion
    if (kind := text_or_none(form.get("resolution_kind"))) is not None:
        payload["resolution_kind"] = kind
    return payload


def attendance_entries(form: Mapping[str, str], member_ids: list[int]) -> list[dict[str, Any]]:
    """One line per member: `status-<id>` and, for a suppléant present, `replaces-<id>` (L2314-1)."""
    entries: list[dict[str, Any]] = []
    for member_id in member_ids:
        status = text_or_none(form.get(f"status-{member_id}"))
        if status is None:
            continue
        entry: dict[str, Any] = {"member_id": member_id, "status": status}
        replaces = text_or_none(form.get(f"replaces-{member_id}"))
        if replaces is not None and status == "present":
            entry["replaces_member_id"] = replaces
            if (reason := text_or_none(form.get(f"reason-{member_id}"))) is not None:
                entry["replacement_reason"] = reason
        if status == "present":
            for field, name in (("arrived_before_item", "arrived"), ("left_after_item", "left")):
                if (rank := text_or_none(form.get(f"{name}-{member_id}"))) is not None:
                    entry[field] = rank
        entries.append(entry)
    return entries


def swapped_order(items: list[AgendaItemRead], item_id: int, step: int) -> list[AgendaPosition] | None:
    """The agenda's positions with `item_id` moved one place up (-1) or down (+1); None at the edge."""
    ids = [i.id for i in sorted(items, key=lambda i: i.position)]
    if item_id not in ids:
        return None
    index = ids.index(item_id)
    target = index + step
    if not 0 <= target < len(ids):
        return None
    ids[index], ids[target] = ids[target], ids[index]
    return [AgendaPosition(id=i, position=n) for n, i in enumerate(ids, start=1)]


def split_meetings(items: list[MeetingRead], now: datetime) -> tuple[list[MeetingRead], list[MeetingRead]]:
    """Upcoming (soonest first) and past or cancelled (latest first) meetings; one under way is upcoming."""
    upcoming = [m for m in items if m.ends_at >= now and m.status != "cancelled"]
    past = [m for m in items if m not in upcoming]
    return sorted(upcoming, key=lambda m: m.starts_at), sorted(past, key=lambda m: m.starts_at, reverse=True)


class FormSlot:
    """One form of a page that failed: its name, the values typed and the errors, shown only in that form."""

    def __init__(self, which: str | None = None, state: FormState | None = None) -> None:
        self.which = which
        self.state = state or FormState()

    def __call__(self, name: str) -> FormState:
        return self.state if name == self.which else FormState()


def message_state(posted: Mapping[str, str], exc: DomainError) -> FormState:
    """A refused form of the meeting pages: `refused_state` with the instants' errors shown by the day and hours."""
    state = refused_state(posted, exc)
    state.errors = meeting_errors(state.errors)
    return state


_ATTENDANCE_FIELDS: Final[Mapping[str, str]] = {
    "replaces_member_id": "replaces",
    "replacement_reason": "reason",
    "arrived_before_item": "arrived",
    "left_after_item": "left",
}


def attendance_errors(errors: dict[str, str], posted: Mapping[str, str], member_ids: list[int]) -> dict[str, str]:
    """`entries.3.replaces_member_id` → `replaces-<member id>`, next to the select of that member's line."""
    posted_ids = [m for m in member_ids if text_or_none(posted.get(f"status-{m}")) is not None]
    renamed: dict[str, str] = {}
    for name, message in errors.items():
        parts = name.replace("[", ".").replace("]", "").split(".")
        if len(parts) >= 2 and parts[0] == "entries" and parts[1].isdigit() and int(parts[1]) < len(posted_ids):
            member = posted_ids[int(parts[1])]
            # a whole-line error (arrival after departure) is shown by the departure field
            field = _ATTENDANCE_FIELDS.get(parts[2], "status") if len(parts) >= 3 else "left"
            renamed[f"{field}-{member}"] = message
        else:
            renamed["entries" if name.startswith("entries") else name] = message
    return renamed
