"""Delegation hours events, emitted inside the recording transaction (the notifications side listens)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dialogue.core.events import DomainEvent


@dataclass(frozen=True, slots=True)
class Person:
    user_id: int
    email: str
    name: str


@dataclass(frozen=True, kw_only=True)
class DelegationTransferNoticed(DomainEvent):
    """Hours shared between members (R2315-6): the employer is informed in writing, at least 8 days before their
    use, of each member's identity and hours. `employer` are the body's direction members."""

    record_id: int
    body_id: int
    body_name: str
    month: str
    giver: str
    receiver: str
    hours: str
    use_on: date
    notified_on: date
    employer: tuple[Person, ...]


@dataclass(frozen=True, kw_only=True)
class DelegationCarriedNoticed(DomainEvent):
    """A member will use cumulated (carried) hours (R2315-5): the employer is informed at least 8 days before.
    `employer` are the body's direction members."""

    record_id: int
    body_id: int
    body_name: str
    month: str
    member: str
    hours: str
    use_on: date
    notified_on: date
    employer: tuple[Person, ...]


@dataclass(frozen=True, kw_only=True)
class DelegationBalanceLow(DomainEvent):
    """A member's balance of the month is nearly used (under a fifth of the hours available)."""

    member_id: int
    body_id: int
    body_name: str
    month: str
    balance: str
    available: str
    person: Person
