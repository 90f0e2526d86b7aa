"""Attacks on sign-in: parallel guessing, locking the real user out, exhausting one client's budget.

The throttle counts each attempt before the password is evaluated, in one locked transaction shared by every
process (auth/service.py); argon2 runs in a worker thread; the per-account delay grows 1 s, 2 s, 4 s … and is
capped (NIST SP 800-63B §5.2.2), so others' failures never lock the real user out for long.
"""

from __future__ import annotations

import asyncio
import re
import threading
from datetime import timedelta
from typing import Any

import pytest

from dialogue.auth import service as auth_service
from dialogue.auth.rules import ThrottlePolicy, ThrottleState, reserve_account_attempt, reserve_client_attempt
from dialogue.auth.tables import LoginThrottle
from dialogue.core.clock import utcnow
from tests.helpers.problems import assert_problem
from tests.security._auth_helpers import DEMO_PASSWORD, TOKEN_URL, client_at

POLICY = ThrottlePolicy()


@pytest.fixture
def evaluations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Counts password evaluations and records the thread each ran in."""
    seen: list[str] = []
    real = auth_service.verify_password

    def counting(password: str, password_hash: str | None) -> bool:
        seen.append(threading.current_thread().name)
        return real(password, password_hash)

    monkeypatch.setattr(auth_service, "verify_password", counting)
    return seen


async def test_sixteen_parallel_wrong_passwords_get_at_most_five_evaluations_off_the_event_loop(
    app: Any, committed_client: Any, evaluations: list[str]
) -> None:
    """16 guesses at once for one address, from 16 addresses, each request on its own connection."""
    clients = [client_at(app, f"198.51.100.{i + 1}") for i in range(16)]
    try:
        responses = await asyncio.gather(
            *(
                c.post(TOKEN_URL, json={"email": "elu@demo.example", "password": f"guess-{i}"})
                for i, c in enumerate(clients)
            )
        )
    finally:
        for c in clients:
            await c.aclose()
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [401] * 5 + [429] * 11
    assert len(evaluations) == 5
    assert threading.main_thread().name not in evaluations, "argon2 ran on the event loop's thread"
    for response in responses:
        if response.status_code == 429:
            assert 1 <= int(response.headers["retry-after"]) <= 60


async def test_real_user_is_delayed_seconds_not_locked_out_by_others_failures(client: Any, app: Any) -> None:
    """An attacker's 8 failures make the real user wait at most the capped delay, then sign in."""
    async with client_at(app, "203.0.113.66") as attacker, client_at(app, "192.0.2.10") as user:
        for attempt in range(8):
            response = await attacker.post(TOKEN_URL, json={"email": "elu@demo.example", "password": f"x{attempt}"})
            if response.status_code == 429:
                # The attacker honours the delay (we move its end to now: the delay has elapsed).
                await LoginThrottle.update({LoginThrottle.blocked_until: utcnow()}).where(
                    LoginThrottle.key == "email:elu@demo.example"
                )
                response = await attacker.post(TOKEN_URL, json={"email": "elu@demo.example", "password": f"x{attempt}"})
            assert_problem(response, 401)
        waiting = await user.post(TOKEN_URL, json={"email": "elu@demo.example", "password": DEMO_PASSWORD})
        body = assert_problem(waiting, 429, "too_many_requests")
        retry_after = int(waiting.headers["retry-after"])
        assert 1 <= retry_after <= 8, retry_after  # 8 failures: 2 ** (8 - 5) = 8 s, not 15 minutes
        assert "Réessayez" in body["detail"]
        await LoginThrottle.update({LoginThrottle.blocked_until: utcnow()}).where(
            LoginThrottle.key == "email:elu@demo.example"
        )
        ok = await user.post(TOKEN_URL, json={"email": "elu@demo.example", "password": DEMO_PASSWORD})
        assert ok.status_code == 200, ok.text
        # The success cleared the account's counter: the next wrong password is evaluated again (401).
        assert_problem(await attacker.post(TOKEN_URL, json={"email": "elu@demo.example", "password": "y"}), 401)


async def test_one_client_guessing_many_accounts_is_stopped_after_twenty_failures(client: Any, app: Any) -> None:
    async with client_at(app, "203.0.113.7") as attacker, client_at(app, "192.0.2.20") as other:
        for i in range(20):
            response = await attacker.post(TOKEN_URL, json={"email": f"victim{i}@demo.example", "password": "x"})
            assert_problem(response, 401)
        refused = await attacker.post(TOKEN_URL, json={"email": "elu@demo.example", "password": DEMO_PASSWORD})
        assert_problem(refused, 429)
        assert 800 <= int(refused.headers["retry-after"]) <= 900
        # Another client is not affected.
        assert (
            await other.post(TOKEN_URL, json={"email": "elu@demo.example", "password": DEMO_PASSWORD})
        ).status_code == 200


async def test_successful_sign_in_clears_the_clients_failures(client: Any, app: Any) -> None:
    """A shared office address (NAT) where someone mistyped often is not blocked once someone signs in."""
    async with client_at(app, "192.0.2.30") as office:
        for i in range(19):
            assert_problem(await office.post(TOKEN_URL, json={"email": f"typo{i}@demo.example", "password": "x"}), 401)
        signed = await office.post(TOKEN_URL, json={"email": "secretaire@demo.example", "password": DEMO_PASSWORD})
        assert signed.status_code == 200
        for i in range(19):
            assert_problem(await office.post(TOKEN_URL, json={"email": f"again{i}@demo.example", "password": "x"}), 401)


def test_account_delay_doubles_from_one_second_and_is_capped() -> None:
    now = utcnow()
    state = ThrottleState()
    delays = []
    for _ in range(14):
        attempt = reserve_account_attempt(state, now, POLICY)
        assert attempt.allowed
        state = attempt.state
        delays.append((state.blocked_until - now).total_seconds() if state.blocked_until else 0)
        state = ThrottleState(state.failures, state.window_start, None)  # the delay elapsed
    assert delays == [0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60, 60, 60]


def test_account_attempt_while_delayed_is_refused_without_counting() -> None:
    now = utcnow()
    state = ThrottleState(failures=6, window_start=now, blocked_until=now + timedelta(seconds=2))
    attempt = reserve_account_attempt(state, now + timedelta(milliseconds=500), POLICY)
    assert not attempt.allowed
    assert attempt.retry_after == 2
    assert attempt.state == state


def test_counters_restart_after_the_window() -> None:
    start = utcnow()
    state = ThrottleState(failures=19, window_start=start)
    attempt = reserve_client_attempt(state, start + timedelta(minutes=15), POLICY)
    assert attempt.allowed
    assert attempt.state.failures == 1
    assert attempt.state.blocked_until is None


async def test_sign_in_page_says_how_long_to_wait(client: Any) -> None:
    for i in range(5):
        assert_problem(await client.post(TOKEN_URL, json={"email": "elu@demo.example", "password": f"n{i}"}), 401)
    form = await client.get("/connexion", headers={"accept": "text/html"})
    token = re.search(r'name="_csrf_token" value="([^"]+)"', form.text)
    assert token
    page = await client.post(
        "/connexion",
        data={"email": "elu@demo.example", "password": DEMO_PASSWORD, "_csrf_token": token.group(1)},
        headers={"accept": "text/html"},
    )
    assert page.status_code == 429
    assert "Trop de tentatives de connexion échouées. Réessayez dans 1 s." in page.text
