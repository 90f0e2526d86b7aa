"""One way to move time in a test: freeze `dialogue.core.clock.now_source`, which every module reads."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta

import pytest

from dialogue.core import clock
from dialogue.core.clock import PARIS


class FrozenClock:
    """The instant every `utcnow()` and `local_today()` answers, until the test ends (monkeypatch undoes it)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self._monkeypatch = monkeypatch
        self.now: datetime | None = None

    def set(self, moment: datetime | date) -> datetime:
        """Freeze at `moment`: an aware instant, or a date (noon in Paris, safely inside that local day)."""
        if not isinstance(moment, datetime):
            moment = datetime.combine(moment, time(12), tzinfo=PARIS)
        if moment.tzinfo is None:
            raise ValueError("naive datetime: freeze the clock at an aware instant")
        frozen = moment.astimezone(UTC)
        self.now = frozen
        self._monkeypatch.setattr(clock, "now_source", lambda: frozen)
        return frozen

    def advance(self, delta: timedelta) -> datetime:
        """Move the frozen instant by `delta` (the clock must be frozen already)."""
        if self.now is None:
            raise RuntimeError("freeze the clock with set() before advancing it")
        return self.set(self.now + delta)


@contextmanager
def machine_time() -> Iterator[None]:
    """Run a block on the machine's clock (signing in: tokens expire by it), then restore the frozen instant."""
    frozen = clock.now_source
    clock.now_source = clock.system_now
    try:
        yield
    finally:
        clock.now_source = frozen
