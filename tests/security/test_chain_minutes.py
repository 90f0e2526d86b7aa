"""Adopted minutes edited in the database by a writer: every way they are served (API, HTML export, page, PDF)
re-checks the SHA-256 frozen at adoption and its keyed seal, shows the mismatch and logs it."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

import pytest

from dialogue.audit.tables import AuditEvent
from dialogue.meetings.service import minutes_export as minutes_service
from dialogue.meetings.tables import Minutes
from dialogue.organizations.tables import Organization
from tests.api.test_pages import HTML, sign_in

FORGED = "\n\nLes élus ont approuvé à l'unanimité la fermeture du site."


async def _adopted() -> dict[str, Any]:
    """Adopted minutes of the demo CSE (the demo organisation, not its neighbour)."""
    demo = await Organization.select(Organization.id).order_by(Organization.id).first()
    assert demo is not None
    row = (
        await Minutes.select(Minutes.id, Minutes.meeting, Minutes.text, Minutes.sha256)
        .where(Minutes.status.is_in(["adopted", "published"]) & (Minutes.meeting.body.organization == demo["id"]))
        .order_by(Minutes.id)
        .first()
    )
    assert row is not None, "the demo has adopted minutes"
    return row


async def _api(client: Any, auth: Any, meeting_id: int) -> dict[str, Any]:
    response = await client.get(f"/api/v1/meetings/{meeting_id}/minutes", headers=await auth("elu@demo.example"))
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_adopted_minutes_are_served_as_intact_when_untouched(client: Any, auth: Any) -> None:
    row = await _adopted()
    body = await _api(client, auth, row["meeting"])
    assert (body["integrity"], body["integrity_detail"], body["sha256"]) == ("intact", None, row["sha256"])


async def test_minutes_text_edited_in_the_database_shows_a_mismatch_in_the_api_and_is_logged(
    client: Any, auth: Any, caplog: pytest.LogCaptureFixture
) -> None:
    row = await _adopted()
    await Minutes.update({Minutes.text: row["text"] + FORGED}).where(Minutes.id == row["id"])
    with caplog.at_level(logging.WARNING, logger="dialogue.meetings.minutes"):
        body = await _api(client, auth, row["meeting"])
    assert body["integrity"] == "mismatch"
    assert "ne correspond plus à l'empreinte SHA-256" in body["integrity_detail"]
    assert body["sha256"] == row["sha256"]  # the adopted digest is still shown, never replaced by the new text's
    assert any(f"adopted minutes {row['id']}" in r.getMessage() for r in caplog.records)
    audit = await (
        AuditEvent.select(AuditEvent.after)
        .where(
            (AuditEvent.entity == "minutes")
            & (AuditEvent.entity_id == str(row["id"]))
            & (AuditEvent.action == "integrity_mismatch")
        )
        .output(load_json=True)
    )
    forged_digest = hashlib.sha256((row["text"] + FORGED).encode()).hexdigest()
    assert audit == [{"after": {"served_as": "api", "sha256": row["sha256"], "actual": forged_digest}}]


async def test_minutes_text_and_sha256_rewritten_together_fail_the_keyed_seal(client: Any, auth: Any) -> None:
    row = await _adopted()
    forged = row["text"] + FORGED
    await Minutes.update({Minutes.text: forged, Minutes.sha256: hashlib.sha256(forged.encode()).hexdigest()}).where(
        Minutes.id == row["id"]
    )
    body = await _api(client, auth, row["meeting"])
    assert body["integrity"] == "mismatch"
    assert "n'est pas scellée par la clé" in body["integrity_detail"]


async def test_minutes_moved_to_another_meeting_fail_the_keyed_seal(client: Any, auth: Any) -> None:
    first = await _adopted()
    other = (
        await Minutes.select(Minutes.id, Minutes.meeting, Minutes.text, Minutes.sha256, Minutes.sha256_mac)
        .where(Minutes.status.is_in(["adopted", "published"]) & (Minutes.id != first["id"]))
        .order_by(Minutes.id)
        .first()
    )
    assert other is not None
    await Minutes.update(
        {Minutes.text: other["text"], Minutes.sha256: other["sha256"], Minutes.sha256_mac: other["sha256_mac"]}
    ).where(Minutes.id == first["id"])
    assert (await _api(client, auth, first["meeting"]))["integrity"] == "mismatch"


async def test_minutes_edited_in_the_database_show_the_mismatch_in_the_html_export_and_the_page(
    client: Any, auth: Any
) -> None:
    row = await _adopted()
    await Minutes.update({Minutes.text: row["text"] + FORGED}).where(Minutes.id == row["id"])
    export = await client.get(f"/api/v1/meetings/{row['meeting']}/minutes.html", headers=await auth("elu@demo.example"))
    assert export.status_code == 200
    assert "data-integrity='mismatch'" in export.text
    assert "INTÉGRITÉ NON VÉRIFIÉE" in export.text
    await sign_in(client, "elu@demo.example")
    for path in (f"/reunions/{row['meeting']}/proces-verbal", f"/reunions/{row['meeting']}"):
        page = await client.get(path, headers=HTML)
        assert page.status_code == 200, path
        assert 'data-integrity="mismatch"' in page.text, path
        assert "Intégrité non vérifiée" in page.text, path


async def test_minutes_edited_in_the_database_show_the_mismatch_in_the_pdf(
    client: Any, auth: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    row = await _adopted()
    await Minutes.update({Minutes.text: row["text"] + FORGED}).where(Minutes.id == row["id"])
    rendered: dict[str, Any] = {}
    real = minutes_service.render_pdf

    def capture(**kwargs: Any) -> bytes:
        rendered.update(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(minutes_service, "render_pdf", capture)
    response = await client.get(
        f"/api/v1/meetings/{row['meeting']}/minutes.pdf", headers=await auth("elu@demo.example")
    )
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert rendered["footer_text"].startswith("INTÉGRITÉ NON VÉRIFIÉE")
    assert rendered["sections"][0].heading == "Intégrité du procès-verbal"
    audit = await (
        AuditEvent.select(AuditEvent.after)
        .where((AuditEvent.entity_id == str(row["id"])) & (AuditEvent.action == "integrity_mismatch"))
        .output(load_json=True)
    )
    assert [a["after"]["served_as"] for a in audit] == ["pdf"]
