"""Issue 12 (items 11, 12): holidays worked per establishment, deadlines never moved but warned, public-health
consequences optional (D4133-1), the inspector informed of a persisting DGI disagreement (L4132-4), answer due
dates following a rescheduled meeting (L2315-22) as new chained records, local time of the 24-hour limit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.api.meeting_helpers import new_meeting, paris, travel
from tests.api.register_helpers import Cse, build_cse
from tests.api.test_foundation import org_id
from tests.api.test_registers import DGI_FIELDS, submit
from tests.helpers.clock import FrozenClock
from tests.helpers.problems import assert_problem


async def _establishments(client: Any, admin: dict[str, str]) -> tuple[int, dict[str, dict[str, Any]]]:
    oid = await org_id(client, admin)
    items = (await client.get(f"/api/v1/organizations/{oid}/establishments", headers=admin)).json()["items"]
    return oid, {e["name"].split(" ")[0].lower(): e for e in items}


@pytest.fixture
async def cse(db: Any, settings: Any) -> Cse:
    return await build_cse(secret=settings.secret_key.get_secret_value())


# ------------------------------------------------------------------------------------ establishment setting


async def test_demo_ehpad_works_easter_monday_and_1_may_and_others_work_none(client: Any, auth: Any) -> None:
    _, places = await _establishments(client, await auth("admin@demo.example"))
    assert places["ehpad"]["worked_holidays"] == ["easter_monday", "labour_day"]
    assert places["ime"]["worked_holidays"] == []


async def test_admin_sets_the_holidays_worked_in_an_establishment_and_it_is_audited(client: Any, cse: Cse) -> None:
    admin, oid = cse.auth("admin"), cse.world.org.id
    url = f"/api/v1/organizations/{oid}/establishments/{cse.world.org.establishment_id}"
    response = await client.patch(url, headers=admin, json={"worked_holidays": ["whit_monday", "christmas_day"]})
    assert response.status_code == 200, response.text
    assert response.json()["worked_holidays"] == ["christmas_day", "whit_monday"]
    audit = (await client.get(f"/api/v1/organizations/{oid}/audit", headers=admin)).json()["items"]
    assert any(a["entity"] == "establishment" and a["action"] == "update" for a in audit)


async def test_unknown_holiday_key_is_422_naming_the_field(client: Any, cse: Cse) -> None:
    admin, oid = cse.auth("admin"), cse.world.org.id
    url = f"/api/v1/organizations/{oid}/establishments/{cse.world.org.establishment_id}"
    body = assert_problem(await client.patch(url, headers=admin, json={"worked_holidays": ["1_may"]}), 422)
    assert "1_may" in str(body["errors"])
    created = await client.post(
        f"/api/v1/organizations/{oid}/establishments",
        headers=admin,
        json={"name": "SESSAD", "headcount": 40, "worked_holidays": ["bastille"]},
    )
    assert_problem(created, 422)


async def test_only_admins_change_an_establishment_and_other_organisations_see_404(client: Any, cse: Cse) -> None:
    admin, oid = cse.auth("admin"), cse.world.org.id
    url = f"/api/v1/organizations/{oid}/establishments/{cse.world.org.establishment_id}"
    payload = {"worked_holidays": ["easter_monday"]}
    assert_problem(await client.patch(url, headers=cse.auth("secretary"), json=payload), 403)
    assert_problem(await client.patch(url, headers=cse.auth("neighbour"), json=payload), 404)
    missing = f"/api/v1/organizations/{oid}/establishments/999999"
    assert_problem(await client.patch(missing, headers=admin, json=payload), 404)


async def test_l2315_22_question_of_an_ehpad_cse_counts_easter_monday_as_ouvrable(
    client: Any, cse: Cse, frozen_clock: FrozenClock
) -> None:
    """The EHPAD works Easter Monday: 6 jours ouvrables after Thursday 2 April 2026 end on Thursday 9, not 10."""
    frozen_clock.set(datetime(2026, 3, 20, 9, 0, tzinfo=UTC))
    admin, oid = cse.auth("admin"), cse.world.org.id
    ehpad = await client.post(
        f"/api/v1/organizations/{oid}/establishments",
        headers=admin,
        json={"name": "EHPAD", "headcount": 60, "worked_holidays": ["easter_monday", "labour_day"]},
    )
    assert ehpad.status_code == 201, ehpad.text
    body = await client.post(
        f"/api/v1/organizations/{oid}/bodies",
        headers=admin,
        json={"name": "CSE d'établissement EHPAD", "kind": "cse", "establishment_id": ehpad.json()["id"]},
    )
    assert body.status_code == 201, body.text
    bid = body.json()["id"]
    member = await client.post(
        f"/api/v1/bodies/{bid}/members",
        headers=admin,
        json={"email": cse.people["elu"].email, "college": "elus", "role": "titular"},
    )
    assert member.status_code == 201, member.text
    register = await client.post(f"/api/v1/bodies/{bid}/registers", headers=admin, json={"kind": "questions"})
    assert register.status_code == 201, register.text
    elu = cse.auth("elu")
    fields = {"question": "Planning de Pâques ?", "meeting_on": "2026-04-02"}
    entry = await submit(client, elu, register.json()["id"], fields=fields)
    assert entry.status_code == 201, entry.text
    assert (entry.json()["due_on"], entry.json()["due_on_warning"]) == ("2026-04-09", None)
    cse_rid = cse.registers["questions"]  # the organisation-level CSE: no holiday worked
    other = (await submit(client, elu, cse_rid, fields=fields)).json()
    assert other["due_on"] == "2026-04-10"


# ------------------------------------------------------------------------------------ warnings, D4133-1


async def test_d4133_1_public_health_alert_without_consequences_is_accepted_and_sunday_due_is_warned(
    client: Any, cse: Cse, frozen_clock: FrozenClock
) -> None:
    """Consequences are "le cas échéant"; one month after 5 March 2026 is Sunday 5 April, not moved (L4133-3)."""
    frozen_clock.set(datetime(2026, 3, 5, 9, 0, tzinfo=UTC))
    rid = cse.registers["public_health"]
    elu = cse.auth("elu")
    response = await submit(client, elu, rid, fields={"products_or_processes": "Biocide des canalisations"})
    assert response.status_code == 201, response.text
    entry = response.json()
    assert entry["fields"] == {"products_or_processes": "Biocide des canalisations"}
    assert entry["due_on"] == "2026-04-05"
    assert entry["due_on_warning"] == "L'échéance tombe un dimanche : aucun texte ne la reporte."
    read = (await client.get(f"/api/v1/entries/{entry['id']}", headers=elu)).json()
    assert read["due_on_warning"] == entry["due_on_warning"]


# ------------------------------------------------------------------------------------ L4132-4


async def test_l4132_4_persisting_disagreement_is_due_then_the_employer_informs_the_inspector(
    client: Any, cse: Cse, frozen_clock: FrozenClock
) -> None:
    start = datetime(2026, 3, 27, 9, 0, tzinfo=UTC)
    frozen_clock.set(start)
    rid = cse.registers["dgi"]
    elu, direction = cse.auth("elu"), cse.auth("president")
    entry = (await submit(client, elu, rid, subject="Plonge", fields=DGI_FIELDS)).json()
    assert entry["inspector_information_due"] is False
    steps = f"/api/v1/entries/{entry['id']}/dgi-transitions"
    assert (
        await client.post(steps, headers=direction, json={"state": "investigating", "body": "Enquête"})
    ).status_code == 200
    disagreement = await client.post(steps, headers=elu, json={"state": "disagreement", "body": "Câble non remplacé"})
    state = disagreement.json()["entry"]
    assert state["inspector_information_due"] is False
    # 24 hours later (Saturday 28 March, 10 h in Paris, winter time) the meeting is past, the disagreement stands.
    assert state["meeting_due_by_text"] == "samedi 28 mars 2026 à 10 h 00 (heure locale, Europe/Paris, UTC+01:00)"
    frozen_clock.set(start + timedelta(hours=26))
    due = (await client.get(f"/api/v1/entries/{entry['id']}", headers=elu)).json()
    assert due["inspector_information_due"] is True
    informed = {"state": "inspector_informed", "body": "Inspection du travail saisie par courriel"}
    body = assert_problem(await client.post(steps, headers=elu, json=informed), 403)
    assert "employeur" in body["detail"]
    future = {**informed, "informed_at": (start + timedelta(hours=30)).isoformat()}
    assert_problem(await client.post(steps, headers=direction, json=future), 422)
    too_early = {**informed, "informed_at": (start - timedelta(hours=1)).isoformat()}
    assert_problem(await client.post(steps, headers=direction, json=too_early), 422)
    wrong_step = {"state": "measures_taken", "body": "x", "informed_at": start.isoformat()}
    assert_problem(await client.post(steps, headers=direction, json=wrong_step), 422)
    at = start + timedelta(hours=25)
    done = await client.post(steps, headers=direction, json={**informed, "informed_at": at.isoformat()})
    assert done.status_code == 200, done.text
    after = done.json()["entry"]
    assert after["dgi_state"] == "inspector_informed"
    assert datetime.fromisoformat(after["inspector_informed_at"]) == at
    assert after["inspector_information_due"] is False
    assert datetime.fromisoformat(after["responses"][-1]["informed_at"]) == at
    closed = await client.post(steps, headers=direction, json={"state": "closed", "body": "Mise en demeure suivie"})
    assert closed.json()["entry"]["status"] == "closed"
    verify = (await client.get(f"/api/v1/registers/{rid}/verify", headers=elu)).json()
    assert verify["valid"] is True


# ------------------------------------------------------------------------------------ L2315-22 reschedule


async def test_l2315_22_rescheduled_meeting_moves_the_answer_due_date_as_a_new_chained_record(
    client: Any, cse: Cse, frozen_clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = paris(2026, 12, 1, 9)
    travel(monkeypatch, now)
    frozen_clock.set(now.astimezone(UTC))
    secretary, elu = cse.auth("secretary"), cse.auth("elu")
    rid = cse.registers["questions"]
    body_id = (await client.get(f"/api/v1/registers/{rid}", headers=elu)).json()["body_id"]
    meeting = await new_meeting(client, secretary, body_id, paris(2026, 12, 10, 14))
    fields = {"question": "Primes de fin d'année ?", "meeting_on": "2026-12-10", "meeting_id": meeting["id"]}
    entry = (await submit(client, elu, rid, fields=fields)).json()
    assert entry["due_on"] == "2026-12-17"  # Thursday 10 → Fri 11, Sat 12, Mon 14 … Thu 17
    stored_hash = entry["hash"]
    moved = await client.patch(
        f"/api/v1/meetings/{meeting['id']}",
        headers=secretary,
        json={"starts_at": paris(2026, 12, 17, 14).isoformat(), "ends_at": paris(2026, 12, 17, 17).isoformat()},
    )
    assert moved.status_code == 200, moved.text
    read = (await client.get(f"/api/v1/entries/{entry['id']}", headers=elu)).json()
    # Thu 17 → Fri 18, Sat 19, Mon 21, Tue 22, Wed 23, Thu 24 December.
    assert (read["due_on"], read["submitted_due_on"], read["meeting_on"]) == ("2026-12-24", "2026-12-17", "2026-12-17")
    assert read["hash"] == stored_hash  # the entry is never edited
    last = read["responses"][-1]
    assert (last["action"], last["due_on"], last["meeting_on"]) == ("due_date_changed", "2026-12-24", "2026-12-17")
    assert read["status"] == "open" and read["answered_at"] is None
    verify = (await client.get(f"/api/v1/registers/{rid}/verify", headers=elu)).json()
    assert verify["valid"] is True
    assert verify["head"]["hash"] == last["hash"]
    # Moving only the hour the same day records nothing new.
    same_day = await client.patch(
        f"/api/v1/meetings/{meeting['id']}",
        headers=secretary,
        json={"starts_at": paris(2026, 12, 17, 9).isoformat(), "ends_at": paris(2026, 12, 17, 12).isoformat()},
    )
    assert same_day.status_code == 200, same_day.text
    again = (await client.get(f"/api/v1/entries/{entry['id']}", headers=elu)).json()
    assert len(again["responses"]) == 1
