"""Sign-in throttling and client identification: pure functions, time passed in.

No article of law here: the references are NIST SP 800-63B §5.2.2 (limit failed attempts on an account,
prefer delays to lock-outs an attacker can trigger) and RFC 7239 §5.2 / RFC 7230 (a proxy appends the
address it received the request from to `X-Forwarded-For`: only hops added by proxies we trust are believed).
"""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from dialogue.core.networks import IPNetwork as IPNetwork
from dialogue.core.networks import parse_networks as parse_networks


@dataclass(frozen=True, slots=True)
class ThrottlePolicy:
    """How many failed sign-ins are tolerated, and how long the next attempt waits."""

    account_free_failures: int = 5
    account_base_delay: timedelta = timedelta(seconds=1)
    account_max_delay: timedelta = timedelta(seconds=60)
    client_max_failures: int = 20
    window: timedelta = timedelta(minutes=15)


@dataclass(frozen=True, slots=True)
class ThrottleState:
    """One counter row: failures counted since `window_start`, no attempt before `blocked_until`."""

    failures: int = 0
    window_start: datetime | None = None
    blocked_until: datetime | None = None


@dataclass(frozen=True, slots=True)
class Attempt:
    """The outcome of asking to evaluate one password: allowed (and the counter to store) or wait."""

    allowed: bool
    state: ThrottleState
    retry_after: int = 0


def account_delay(failures: int, policy: ThrottlePolicy) -> timedelta:
    """Progressive delay per account (NIST SP 800-63B §5.2.2): none for the first free failures, then
    1 s, 2 s, 4 s … doubling, capped, so that a real user is never locked out for long by others' guesses."""
    extra = failures - policy.account_free_failures
    if extra < 0:
        return timedelta(0)
    seconds = policy.account_base_delay.total_seconds() * 2 ** min(extra, 32)
    return min(timedelta(seconds=seconds), policy.account_max_delay)


def _reserve(state: ThrottleState, now: datetime, policy: ThrottlePolicy) -> tuple[ThrottleState | None, int]:
    if state.blocked_until is not None and now < state.blocked_until:
        return None, max(1, math.ceil((state.blocked_until - now).total_seconds()))
    if state.window_start is None or now - state.window_start >= policy.window:
        return ThrottleState(failures=1, window_start=now), 0
    return ThrottleState(failures=state.failures + 1, window_start=state.window_start), 0


def reserve_account_attempt(state: ThrottleState, now: datetime, policy: ThrottlePolicy) -> Attempt:
    """Count the attempt as a failure *before* the password is evaluated (a success clears it), so that
    parallel guesses cannot all pass the check: at most `account_free_failures` evaluations, then each
    further attempt waits `account_delay`."""
    reserved, retry_after = _reserve(state, now, policy)
    if reserved is None:
        return Attempt(allowed=False, state=state, retry_after=retry_after)
    delay = account_delay(reserved.failures, policy)
    blocked = now + delay if delay else None
    return Attempt(allowed=True, state=ThrottleState(reserved.failures, reserved.window_start, blocked))


def reserve_client_attempt(state: ThrottleState, now: datetime, policy: ThrottlePolicy) -> Attempt:
    """Per client address: `client_max_failures` evaluations per window, then wait for the window's end.
    A successful sign-in from the address clears its counter."""
    reserved, retry_after = _reserve(state, now, policy)
    if reserved is None:
        return Attempt(allowed=False, state=state, retry_after=retry_after)
    assert reserved.window_start is not None
    blocked = reserved.window_start + policy.window if reserved.failures >= policy.client_max_failures else None
    return Attempt(allowed=True, state=ThrottleState(reserved.failures, reserved.window_start, blocked))


def _trusted(address: str, trusted: Sequence[IPNetwork]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted)


def client_ip(peer: str, forwarded_for: Sequence[str], trusted: Sequence[IPNetwork]) -> str:
    """The client's address: the TCP peer, unless the peer is a trusted proxy; then the right-most
    `X-Forwarded-For` hop that is not itself a trusted proxy (hops further left are the client's own
    claims and can be forged). No trusted proxy configured: the header is ignored."""
    if not trusted or not _trusted(peer, trusted):
        return peer
    hops = [hop.strip() for value in forwarded_for for hop in value.split(",") if hop.strip()]
    client = peer
    for hop in reversed(hops):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return client
        client = hop
        if not _trusted(hop, trusted):
            return hop
    return client
