"""Extension points for module pages: sections of the home page and tabs of a body page."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

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


HomeProvider = Callable[[Actor], Awaitable[HomeSection | None]]
#: Modules append providers (e.g. next meetings, agendas to approve, questions to answer).
HOME_PROVIDERS: list[HomeProvider] = []


@dataclass(frozen=True, slots=True)
class BodyTab:
    label: str
    url: str


BodyTabProvider = Callable[[int, str], list[BodyTab]]
#: Modules append tab providers: (body_id, body_kind) -> tabs (meetings, registers, …).
BODY_TABS: list[BodyTabProvider] = []
