"""The registers' head digests leave the database: once a week, when a register changed, its president and
secretary get it by mail (outbox, sent by `dialogue notify-due` / the worker), with a full verification."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from dialogue.core.clock import local_today
from dialogue.notifications.due import digest_week, notify_due
from dialogue.notifications.tables import OutboxMessage
from dialogue.registers.tables import RegisterEntry
from tests.api.test_registers import register_id, submit


def test_digest_week_is_the_iso_week_and_looks_back_to_last_monday() -> None:
    assert digest_week(date(2026, 12, 9)) == ("2026-W50", date(2026, 11, 30))  # a Wednesday
    assert digest_week(date(2026, 12, 7)) == ("2026-W50", date(2026, 11, 30))  # the Monday itself
    assert digest_week(date(2027, 1, 3)) == ("2026-W53", date(2026, 12, 21))  # ISO year of the week


async def _digests(rid: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = (
        await OutboxMessage.select()
        .where(
            (OutboxMessage.kind == "register_head_digest") & OutboxMessage.dedupe_key.like(f"register-digest:r{rid}:%")
        )
        .order_by(OutboxMessage.recipient_email)
    )
    return rows


async def test_a_changed_register_mails_its_head_digest_to_president_and_secretary_once_a_week(
    client: Any, auth: Any, settings: Any
) -> None:
    elu = await auth("elu@demo.example")
    rid = await register_id(client, auth, "dialogue")
    await submit(client, elu, rid, subject="Télétravail", body="Deux jours par semaine ?")
    head = (await client.get(f"/api/v1/registers/{rid}", headers=elu)).json()["head"]
    today = local_today()
    week, _ = digest_week(today)
    first = await notify_due(settings=settings, today=today)
    rows = await _digests(rid)
    assert [r["recipient_email"] for r in rows] == ["direction@demo.example", "secretaire@demo.example"]
    assert all(r["dedupe_key"].startswith(f"register-digest:r{rid}:{week}:") for r in rows)
    assert all(r["category"] == "notice" for r in rows)
    assert all(head["hash"] in r["body_text"] and f"Entrée n° {head['number']}" in r["body_text"] for r in rows)
    assert all("La vérification complète de la chaîne réussit" in r["body_text"] for r in rows)
    assert first.head_digests >= 2
    again = await notify_due(settings=settings, today=today)
    assert len(await _digests(rid)) == 2  # one per register, week and recipient
    assert again.head_digests == 0


async def test_a_register_unchanged_for_over_a_week_gets_no_digest(client: Any, auth: Any, settings: Any) -> None:
    elu = await auth("elu@demo.example")
    rid = await register_id(client, auth, "dialogue")
    await submit(client, elu, rid, subject="Badgeuse", body="En panne.")
    await notify_due(settings=settings, today=local_today() + timedelta(days=15))
    assert await _digests(rid) == []


async def test_a_tampered_register_sends_an_alert_digest(client: Any, auth: Any, settings: Any) -> None:
    elu = await auth("elu@demo.example")
    rid = await register_id(client, auth, "dialogue")
    entry = (await submit(client, elu, rid, subject="Cantine", body="Menus végétariens ?")).json()
    await RegisterEntry.update({RegisterEntry.body: "Rien à signaler."}).where(RegisterEntry.id == entry["id"])
    await notify_due(settings=settings, today=local_today())
    rows = await _digests(rid)
    assert len(rows) == 2
    assert all(r["subject"].startswith("[") and "ALERTE – Empreinte du registre" in r["subject"] for r in rows)
    assert all(f"échoue à l'entrée n° {entry['number']} (motif : hash)" in r["body_text"] for r in rows)
