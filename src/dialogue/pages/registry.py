"""Extension points for module pages: sections of the home page and tabs of a body page.

Modules define providers; the composition root (`dialogue.bootstrap`) lists them in one `PageExtensions`,
which the app holds (`app.state.page_extensions`): nothing appends itself at import time."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from dialogue.core.actor import Actor


@dataclass(frozen=True, slots=True)
class TodoItem:
    """One line of « À faire » (or « Mes prochaines réunions ») on the home page."""

    label: str
    url: str
    due: datetime | None = None
    urgent: bool = False


@dataclass(frozen=True, slots=True)
class HomeSection:
    title: str
    empty_text: str
    items: list[TodoItem]


@dataclass(slots=True)
class HomeContext:
    """What every section of one home page shares: the person, their memberships (`me`, read once) and
    data a module loads once for several of its sections (`shared`, keyed by the module)."""

    actor: Actor
    me: Any
    shared: dict[str, Any] = field(default_factory=dict)


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
