"""Issue 13 — the audit trail never shows a confidential item's text (L2315-3) to whoever reads it.

Attack: an organisation admin (not a member of the CSE, so not allowed to see its confidential items) reads
`GET /api/v1/organizations/{id}/audit` and finds the titles of confidential agenda items and the subjects of
confidential register entries pulled into an agenda. Design kept: a confidential item's text never enters an
audit row (redacted at write time), and every row of an item that is or was confidential comes out redacted
at read time (items made confidential after they were created).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from dialogue.audit.rules import REDACTED, redact_confidential
from dialogue.audit.tables import AuditEvent
from dialogue.core import clock
from tests.api.meeting_helpers import Setup, add_item, cse_id, login, new_meeting, paris
from tests.helpers.problems import assert_problem


async def _org(client: Any, headers: dict[str, str]) -> int:
    return int((await client.get("/api/v1/me", headers=headers)).json()["organization_id"])


async def _audit(client: Any, headers: dict[str, str], **params: Any) -> tuple[str, list[dict[str, Any]]]:
    org = await _org(client, headers)
    response = await client.get(f"/api/v1/organizations/{org}/audit", headers=headers, params={"limit": 200, **params})
    assert response.status_code == 200, response.text
    return response.text, response.json()["items"]


async def _meeting(client: Any, secretary: dict[str, str]) -> int:
    start = clock.utcnow() + timedelta(days=40)
    return int((await new_meeting(client, secretary, await cse_id(client, secretary), start))["id"])


def test_l2315_3_redaction_keeps_structure_and_drops_every_text() -> None:
    values = {
        "title": "Projet de cession du site de Lyon",
        "description": "Chiffres prévisionnels",
        "documents": [{"title": "Plan", "url": "https://x.example/plan.pdf"}],
        "kind": "consultation",
        "status": "accepted",
        "confidential": True,
        "position": 3,
        "meeting_on": "2026-12-24",
        "consultation_id": 4,
    }
    assert redact_confidential(values) == {
        "title": REDACTED,
        "description": REDACTED,
        "documents": [{"title": REDACTED, "url": REDACTED}],
        "kind": "consultation",
        "status": "accepted",
        "confidential": True,
        "position": 3,
        "meeting_on": "2026-12-24",
        "consultation_id": 4,
    }
    assert redact_confidential(None) is None


async def test_l2315_3_admin_reading_the_audit_never_sees_a_confidential_agenda_title(client: Any, auth: Any) -> None:
    secretary, admin = await auth("secretaire@demo.example"), await auth("admin@demo.example")
    meeting = await _meeting(client, secretary)
    item = await add_item(
        client,
        secretary,
        meeting,
        title="Cession secrète du site de Lyon",
        kind="information",
        description="Chiffres confidentiels du repreneur",
        presenter="Maître Durand",
        confidential=True,
    )
    patched = await client.patch(
        f"/api/v1/agenda-items/{item['id']}", headers=secretary, json={"title": "Cession secrète révisée"}
    )
    assert patched.status_code == 200, patched.text
    deleted = await client.delete(f"/api/v1/agenda-items/{item['id']}", headers=secretary)
    assert deleted.status_code == 204, deleted.text

    for params in ({}, {"entity": "agenda_item"}):
        text, items = await _audit(client, admin, **params)
        for secret in ("Cession secrète", "Chiffres confidentiels", "Maître Durand"):
            assert secret not in text
        rows = [r for r in items if r["entity"] == "agenda_item" and r["entity_id"] == str(item["id"])]
        assert [r["action"] for r in rows] == ["delete", "update", "create"]
        assert all(r["confidential"] is True for r in rows)
        assert rows[2]["after"]["title"] == REDACTED
        assert rows[2]["after"]["kind"] == "information"  # who did what, when stays readable
        assert rows[1]["before"] == {"title": REDACTED} and rows[1]["after"] == {"title": REDACTED}
        assert rows[0]["before"]["title"] == REDACTED

    # Nothing to leak through any other reader or export: the stored rows hold no text either.
    stored = await AuditEvent.select(AuditEvent.before, AuditEvent.after).where(
        (AuditEvent.entity == "agenda_item") & (AuditEvent.entity_id == str(item["id"]))
    )
    assert len(stored) == 3
    assert "Cession secrète" not in repr(stored) and "Maître Durand" not in repr(stored)


async def test_l2315_3_register_subject_pulled_into_an_agenda_stays_out_of_the_audit(client: Any, auth: Any) -> None:
    secretary, elu, admin = (
        await auth("secretaire@demo.example"),
        await auth("elu@demo.example"),
        await auth("admin@demo.example"),
    )
    cse = await cse_id(client, secretary)
    registers = (await client.get(f"/api/v1/bodies/{cse}/registers", headers=secretary)).json()["items"]
    rid = next(r["id"] for r in registers if r["kind"] == "personal_rights")
    submitted = await client.post(
        f"/api/v1/registers/{rid}/entries",
        headers=elu,
        json={
            "subject": "Licenciement prévu de Mme Martin",
            "body": "Question sur un dossier individuel",
            "fields": {"facts": "Propos dégradants répétés", "persons_concerned": ["Mme Martin"]},
            "confidential": True,
            "confidentiality_reason": "Situation individuelle",
        },
    )
    assert submitted.status_code == 201, submitted.text
    meeting = await _meeting(client, secretary)
    pulled = await client.post(
        f"/api/v1/meetings/{meeting}/agenda-items/from-register-entry",
        headers=secretary,
        json={"entry_id": submitted.json()["id"]},
    )
    assert pulled.status_code == 201, pulled.text
    assert "Licenciement prévu de Mme Martin" in pulled.json()["title"]  # the members see it

    text, items = await _audit(client, admin)
    for secret in ("Licenciement prévu", "dossier individuel", "Propos dégradants"):
        assert secret not in text
    entry_rows = [r for r in items if r["entity"] == "register_entry" and r["entity_id"] == str(submitted.json()["id"])]
    assert [r["confidential"] for r in entry_rows] == [True]


async def test_l2315_3_item_made_confidential_later_is_redacted_in_its_earlier_rows(client: Any, auth: Any) -> None:
    secretary, admin = await auth("secretaire@demo.example"), await auth("admin@demo.example")
    meeting = await _meeting(client, secretary)
    item = await add_item(client, secretary, meeting, title="Réorganisation du service paie", kind="information")
    text, _ = await _audit(client, admin, entity="agenda_item")
    assert "Réorganisation du service paie" in text  # not confidential yet: the admin may read it

    patched = await client.patch(f"/api/v1/agenda-items/{item['id']}", headers=secretary, json={"confidential": True})
    assert patched.status_code == 200, patched.text
    text, items = await _audit(client, admin, entity="agenda_item")
    assert "Réorganisation du service paie" not in text
    created = next(r for r in items if r["entity_id"] == str(item["id"]) and r["action"] == "create")
    assert created["after"]["title"] == REDACTED and created["confidential"] is True


async def test_l2315_3_members_still_see_the_confidential_item_and_the_admin_does_not(client: Any, auth: Any) -> None:
    secretary = await auth("secretaire@demo.example")
    meeting = await _meeting(client, secretary)
    item = await add_item(
        client, secretary, meeting, title="Plan de départs volontaires", kind="information", confidential=True
    )
    for email in ("secretaire@demo.example", "direction@demo.example", "elu@demo.example"):
        seen = await client.get(f"/api/v1/agenda-items/{item['id']}", headers=await auth(email))
        assert seen.status_code == 200, (email, seen.text)
        assert seen.json()["title"] == "Plan de départs volontaires"
    assert_problem(
        await client.get(f"/api/v1/agenda-items/{item['id']}", headers=await auth("admin@demo.example")), 404
    )


async def test_audit_keeps_the_text_of_items_that_are_not_confidential(client: Any, auth: Any) -> None:
    secretary, admin = await auth("secretaire@demo.example"), await auth("admin@demo.example")
    meeting = await _meeting(client, secretary)
    item = await add_item(client, secretary, meeting, title="Calendrier des congés d'été", kind="information")
    _, items = await _audit(client, admin, entity="agenda_item")
    row = next(r for r in items if r["entity_id"] == str(item["id"]))
    assert row["after"]["title"] == "Calendrier des congés d'été" and row["confidential"] is False


async def test_only_admins_read_the_audit_and_another_organisation_gets_404(client: Any, auth: Any) -> None:
    demo_admin = await auth("admin@demo.example")
    org = await _org(client, demo_admin)
    assert_problem(
        await client.get(f"/api/v1/organizations/{org}/audit", headers=await auth("secretaire@demo.example")), 403
    )
    assert_problem(
        await client.get(f"/api/v1/organizations/{org}/audit", headers=await auth("admin@voisine.example")), 404
    )


async def test_l2315_3_meeting_history_of_a_plein_droit_convening_keeps_no_confidential_title(
    client: Any, monkeypatch: Any
) -> None:
    demo = await Setup(client, monkeypatch).start()
    meeting = await new_meeting(client, demo.director, demo.cse, paris(2026, 12, 15))
    for title, confidential in (("Projet de cession de l'activité de nuit", True), ("Bilan social", False)):
        await add_item(
            client,
            demo.director,
            meeting["id"],
            title=title,
            kind="consultation",
            mandatory=True,
            legal_basis="L2312-8",
            confidential=confidential,
        )
    refused = await client.post(
        f"/api/v1/meetings/{meeting['id']}/agenda/disagree", headers=demo.secretary, json={"reason": "Trop tard."}
    )
    assert refused.status_code == 200, refused.text
    convened = await client.post(f"/api/v1/meetings/{meeting['id']}/convene", headers=demo.director)
    assert convened.status_code == 200, convened.text
    admin = await login(client, "admin@demo.example")
    history = await client.get(f"/api/v1/meetings/{meeting['id']}/history", headers=admin)
    assert history.status_code == 200, history.text
    assert "Projet de cession" not in history.text
    (kept,) = [h for h in history.json()["items"] if h["kind"] == "secretary_disagreement"]
    assert kept["after"]["items"] == [REDACTED, "Bilan social"]
