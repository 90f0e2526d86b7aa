"""Extension points for module pages: sections of the home page and tabs of a body page."""

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
#: Modules append providers (e.g. next meetings, agendas to approve, questions to answer).
HOME_PROVIDERS: list[HomeProvider] = []


@dataclass(frozen=True, slots=True)
class BodyTab:
    label: str
    url: str


BodyTabProvider = Callable[[int, str], list[BodyTab]]
#: Modules append tab providers: (body_id, body_kind) -> tabs (meetings, registers, …).
BODY_TABS: list[BodyTabProvider] = []
