"""Issue 15: a register submission writes its entry, its audit row and ONE notification event under the
register's lock; the worker renders one mail per member of the direction from it, exactly once."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from dialogue.core.clock import PARIS, utcnow
from dialogue.notifications import directory
from dialogue.notifications.fanout import fan_out_pending
from dialogue.notifications.tables import NotificationEvent, OutboxMessage
from dialogue.registers.rules import RegisterKind
from tests.factories import bearer_headers, make_body, make_organization, make_register


@pytest.fixture
async def answered(db: Any, settings: Any) -> tuple[int, dict[str, str], dict[str, str], str]:
    """A questions register of a CSE built by the factories: its id, an élu's and the president's headers, and
    the élu's address."""
    cse = await make_body(await make_organization(), titulaires=1)
    register = await make_register(cse, kind=RegisterKind.QUESTIONS)
    secret = settings.secret_key.get_secret_value()
    assert cse.president is not None
    author = cse.titulaires[0]
    president = bearer_headers(cse.president, secret=secret)
    return register.id, bearer_headers(author, secret=secret), president, author.email


@pytest.fixture
async def questions(db: Any, settings: Any) -> tuple[int, int, dict[str, str]]:
    """A CSE built by the factories (a director presiding), its questions register and an élu's headers."""
    cse = await make_body(await make_organization(), titulaires=1)
    register = await make_register(cse, kind=RegisterKind.QUESTIONS)
    elu = bearer_headers(cse.titulaires[0], secret=settings.secret_key.get_secret_value())
    return cse.id, register.id, elu


async def _submit(client: Any, headers: dict[str, str], register_id: int) -> dict[str, Any]:
    meeting_on = (datetime.now(PARIS).date() + timedelta(days=10)).isoformat()
    payload = {
        "subject": "Planning des veilles de nuit",
        "fields": {"question": "Quand le planning de décembre sera-t-il affiché ?", "meeting_on": meeting_on},
    }
    response = await client.post(f"/api/v1/registers/{register_id}/entries", headers=headers, json=payload)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def _entry_mails(entry_id: int) -> list[dict[str, Any]]:
    return list(
        await OutboxMessage.select(OutboxMessage.recipient_email, OutboxMessage.kind, OutboxMessage.subject).where(
            OutboxMessage.dedupe_key.like(f"entry:{entry_id}:%")
        )
    )


async def _events() -> list[dict[str, Any]]:
    return list(await NotificationEvent.select().where(NotificationEvent.kind == "EntrySubmitted"))


async def test_a_submission_stores_one_event_and_the_worker_renders_one_mail_per_direction_member(
    client: Any, questions: tuple[int, int, dict[str, str]]
) -> None:
    cse, register_id, elu = questions
    entry = await _submit(client, elu, register_id)

    events = await _events()
    assert [(e["status"], f'"entry_id": {entry["id"]}' in e["payload"]) for e in events] == [("pending", True)]
    assert await _entry_mails(entry["id"]) == []

    assert (await fan_out_pending()).done == 1
    direction = await directory.direction_of(body_id=cse, today=datetime.now(PARIS).date())
    mails = await _entry_mails(entry["id"])
    assert sorted(m["recipient_email"] for m in mails) == sorted(p.email for p in direction)
    assert len(direction) >= 1
    assert {m["kind"] for m in mails} == {"register_entry_submitted"}
    assert all(f"n° {entry['number']}" in m["subject"] for m in mails)
    assert [e["status"] for e in await _events()] == ["done"]


async def test_an_event_rendered_twice_enqueues_no_second_mail(
    client: Any, questions: tuple[int, int, dict[str, str]]
) -> None:
    _, register_id, elu = questions
    entry = await _submit(client, elu, register_id)
    assert (await fan_out_pending()).done == 1
    first = await _entry_mails(entry["id"])
    # A worker that crashed after rendering but before its acknowledgement: the event is due again.
    await NotificationEvent.update({NotificationEvent.status: "pending"}).where(
        NotificationEvent.kind == "EntrySubmitted"
    )
    assert (await fan_out_pending()).done == 1
    assert await _entry_mails(entry["id"]) == first
    assert (await fan_out_pending()).done == 0


async def test_an_event_without_a_renderer_is_kept_with_its_error_and_retried_later(db: Any) -> None:
    organization = (await make_organization()).id
    now = utcnow()
    await NotificationEvent.insert(
        NotificationEvent(
            organization=organization,
            kind="Unknown",
            payload="{}",
            status="pending",
            attempts=0,
            next_attempt_at=now,
            created_at=now,
        )
    )
    summary = await fan_out_pending()
    assert (summary.done, summary.retried, summary.dead) == (0, 1, 0)
    row = await NotificationEvent.select().where(NotificationEvent.kind == "Unknown").first()
    assert row is not None
    assert (row["status"], row["attempts"]) == ("pending", 1)
    assert row["last_error"] == "LookupError: aucun rendu pour l'événement Unknown"
    assert row["next_attempt_at"] > now


async def test_an_answer_stores_one_event_and_the_worker_mails_the_author_once(
    client: Any, answered: tuple[int, dict[str, str], dict[str, str], str]
) -> None:
    """The employer's answer holds the register's lock too (its chained record): the mail to the entry's author
    is rendered by the worker from one stored `ResponsePosted` row, not under the lock."""
    register_id, elu, president, author_email = answered
    entry = await _submit(client, elu, register_id)
    assert (await fan_out_pending()).done == 1
    response = await client.post(
        f"/api/v1/entries/{entry['id']}/responses", headers=president, json={"body": "Affiché le 25 novembre."}
    )
    assert response.status_code == 201, response.text
    posted = list(await NotificationEvent.select().where(NotificationEvent.kind == "ResponsePosted"))
    assert [e["status"] for e in posted] == ["pending"]
    answers = OutboxMessage.select(OutboxMessage.recipient_email, OutboxMessage.kind).where(
        OutboxMessage.dedupe_key.like("answer:%")
    )
    assert await answers == []

    assert (await fan_out_pending()).done == 1
    assert await answers == [{"recipient_email": author_email, "kind": "answer_posted"}]
    await NotificationEvent.update({NotificationEvent.status: "pending"}).where(
        NotificationEvent.kind == "ResponsePosted"
    )
    assert (await fan_out_pending()).done == 1
    assert len(await answers) == 1
