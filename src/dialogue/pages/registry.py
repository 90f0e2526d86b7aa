"""Extension points for module pages: sections of the home page and tabs of a body page.

Modules define providers; the composition root (`dialogue.bootstrap`) lists them in one `PageExtensions`,
which the app holds (`app.state.page_extensions`): nothing appends itself at import time."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from dialogue.bodies.access import BodyAccess, access_of
from dialogue.core.actor import Actor


@dataclass(frozen=True, slots=True)
class TodoItem:
    """One line of « À faire » (or « Mes prochaines réunions ») on the home page."""

    label: str
    url: str
    due: datetime | None = None
    urgent: bool = False
    badge: str | None = None  # « Urgent » for a danger grave et imminent, shown as a badge before the label
    status: tuple[str, str] | None = None  # (words, css class) of a status badge after the label
    detail: str | None = None  # a line under the label (the employer's last answer)


@dataclass(frozen=True, slots=True)
class HomeSection:
    title: str
    empty_text: str
    items: list[TodoItem]


@dataclass(slots=True)
class HomeContext:
    """What every section of one home page shares: the person, their memberships (`me`, read once with the
    session), each membership's row (`seats`: mandate, union, direction standing) from that same read, and
    data a module loads once for several of its sections (`shared`, keyed by the module)."""

    actor: Actor
    me: Any
    seats: tuple[Mapping[str, Any], ...] = ()
    shared: dict[str, Any] = field(default_factory=dict)

    def accesses(self, today: date) -> dict[int, BodyAccess]:
        """The actor's access to each body they sit in, as `bodies.access.body_accesses` would read it
        (the first seat when they hold several), without reading it again."""
        found: dict[int, BodyAccess] = {}
        for seat in self.seats:
            if seat["id"] not in found:
                found[seat["id"]] = access_of(self.actor, seat, today=today)
        return found


HomeProvider = Callable[[HomeContext], Awaitable[HomeSection | None]]


@dataclass(frozen=True, slots=True)
class BodyTab:
    label: str
    url: str


BodyTabProvider = Callable[[int, str], list[BodyTab]]


@dataclass(frozen=True, slots=True)
class PageExtensions:
    """The home page's sections (next meetings, agendas to approve, questions to answer…) in display order,
    and the tab providers of a body page: (body_id, body_kind) -> tabs (meetings, registers, …)."""

    home_sections: tuple[HomeProvider, ...] = ()
    body_tabs: tuple[BodyTabProvider, ...] = ()
