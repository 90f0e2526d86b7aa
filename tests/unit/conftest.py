"""Unit tests are pure: no database, no app, no node, no subprocess (those live in tests/integration)."""

from __future__ import annotations

import pytest

#: Fixtures that reach the database, the app or the network: a unit test asking for one belongs elsewhere.
NOT_UNIT = frozenset({"engine", "db", "committed_db", "app", "client", "committed_client", "auth", "settings"})


@pytest.fixture(autouse=True)
def _unit_tests_stay_pure(request: pytest.FixtureRequest) -> None:
    used = NOT_UNIT.intersection(request.fixturenames)
    assert not used, f"{request.node.nodeid} uses {sorted(used)}: move it to tests/integration"
