"""Acceptance (issue 3): the demo secretary, through the API only, runs a meeting from the yearly calendar to
the published, adopted procès-verbal, with the director agreeing the agenda (L2315-29, L2315-30, L2314-1,
L2315-32, L2315-34, D2315-26, L2315-35)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from dialogue.core.clock import local_today
from tests.api.meeting_helpers import cse_id, login, members, paris, travel
from tests.helpers.problems import assert_problem

#: A year the demo data (the last twelve months and the next one) never reaches.
YEAR = max(2027, local_today().year + 2)


async def test_secretary_runs_a_meeting_from_the_calendar_to_the_published_minutes(
    client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    travel(monkeypatch, paris(YEAR - 1, 12, 1, 9))
    secretary = await login(client, "secretaire@demo.example")
    director = await login(client, "direction@demo.example")
    elu = await login(client, "elu@demo.example")
    cse = await cse_id(client, secretary)
    people = await members(client, secretary, cse)

    # 1. Next year's calendar: 12 monthly meetings at >= 300 employees, 4 of them on SSCT (L2315-28, L2315-27).
    before = (await client.get(f"/api/v1/bodies/{cse}/calendar/{YEAR}", headers=secretary)).json()
    assert (before["required_ordinary"], before["required_ssct"]) == (12, 4)
    assert before["gap"]["ok"] is False
    assert "L2315-28" in before["gap"]["messages"][0]
    planned = await client.post(
        f"/api/v1/bodies/{cse}/calendar/{YEAR}", headers=secretary, json={"location": "Salle du conseil, siège"}
    )
    assert planned.status_code == 201, planned.text
    calendar = planned.json()
    assert len(calendar["created"]) == 12
    assert calendar["gap"] == {"ok": True, "missing_ordinary": 0, "missing_ssct": 0, "messages": []}
    again = await client.post(f"/api/v1/bodies/{cse}/calendar/{YEAR}", headers=secretary, json={})
    assert again.json()["created"] == []  # idempotent
    meetings = sorted(calendar["meetings"], key=lambda m: m["starts_at"])
    january, february = meetings[0], meetings[1]
    start = datetime.fromisoformat(january["starts_at"])
    assert (start.month, start.weekday(), 8 <= start.day <= 14) == (1, 1, True)  # 2nd Tuesday
    assert january["starts_at"].endswith("T14:00:00+01:00")  # 14:00, Paris winter time
    assert january["treats_ssct"] is True

    # 2. The occupational doctor is a standing SSCT invitee (L2314-3); a consultation is opened.
    doctor = await client.post(
        f"/api/v1/bodies/{cse}/invitees",
        headers=secretary,
        json={"capacity": "medecin_travail", "full_name": "Dr Hugo Lemaire", "email": "h.lemaire@spst.example"},
    )
    assert doctor.status_code == 201, doctor.text
    consultation = await client.post(
        f"/api/v1/bodies/{cse}/consultations",
        headers=secretary,
        json={
            "subject": "Réorganisation des plannings de l'IME",
            "kind": "ponctual",
            "informed_on": f"{YEAR - 1}-12-01",
            "expert_appointed": True,
        },
    )
    assert consultation.status_code == 201, consultation.text
    consultation = consultation.json()
    assert consultation["deadline"] == f"{YEAR}-02-01"  # 2 months with an expert (R2312-6)

    # 3. The agenda: the secretary adds items, an élu proposes a question, the director agrees the agenda.
    mid = january["id"]
    items = [
        {"title": "Point sur les effectifs", "kind": "information", "presenter": "Sandrine Faure, DRH"},
        {
            "title": "Réorganisation des plannings de l'IME",
            "kind": "consultation",
            "consultation_id": consultation["id"],
            "documents": [{"title": "Note de présentation", "url": "https://intranet.example/plannings.pdf"}],
        },
        {"title": "Bilan des accidents du travail", "kind": "ssct"},
    ]
    created = []
    for item in items:
        response = await client.post(f"/api/v1/meetings/{mid}/agenda-items", headers=secretary, json=item)
        assert response.status_code == 201, response.text
        created.append(response.json())
    proposal = await client.post(
        f"/api/v1/meetings/{mid}/agenda-items",
        headers=elu,
        json={"title": "Remplacement des congés maternité", "kind": "question"},
    )
    assert proposal.json()["status"] == "proposed"
    accepted = await client.post(f"/api/v1/agenda-items/{proposal.json()['id']}/accept", headers=secretary)
    assert accepted.json()["status"] == "accepted"
    assert (await client.post(f"/api/v1/meetings/{mid}/agenda/approve", headers=secretary)).json()["agreed"] is False
    agenda = (await client.post(f"/api/v1/meetings/{mid}/agenda/approve", headers=director)).json()
    assert agenda["agreed"] is True
    assert [i["position"] for i in agenda["items"]] == [1, 2, 3, 4]

    # 4. Convocation, well within the delays (3 days, 15 days for SSCT): who must be convoked is recorded.
    convened = await client.post(f"/api/v1/meetings/{mid}/convene", headers=secretary, json={})
    assert convened.status_code == 200, convened.text
    assert (convened.json()["status"], convened.json()["late_acknowledged"]) == ("convened", False)
    convocations = (await client.get(f"/api/v1/meetings/{mid}/convocations", headers=secretary)).json()["items"]
    capacities = {c["capacity"] for c in convocations}
    assert {"president", "secretary", "titular", "substitute", "union_representative", "medecin_travail"} <= capacities

    # 5. On the day: attendance, Karim Haddad (suppléant) replacing Julien Moreau (titulaire, absent).
    travel(monkeypatch, start - timedelta(minutes=10))
    entries = []
    for email, member in people.items():
        if member["role"] == "substitute":
            status = "present" if email == "karim.haddad@demo.example" else "absent"
        else:
            status = "absent" if email == "elu@demo.example" else "present"
        entry: dict[str, Any] = {"member_id": member["id"], "status": status}
        if email == "karim.haddad@demo.example":
            entry["replaces_member_id"] = people["elu@demo.example"]["id"]
        entries.append(entry)
    sheet = await client.put(f"/api/v1/meetings/{mid}/attendance", headers=secretary, json={"entries": entries})
    assert sheet.status_code == 200, sheet.text
    sheet = sheet.json()
    assert sheet["voters_on_opinions"] == 7  # 6 titulaires present + the replacing suppléant
    assert sheet["voters_on_resolutions"] == 8  # + the president
    julien = next(e for e in sheet["entries"] if e["member_id"] == people["elu@demo.example"]["id"])
    assert julien["status"] == "replaced"
    assert (await client.post(f"/api/v1/meetings/{mid}/hold", headers=secretary)).json()["status"] == "held"

    # 6. The opinion: the director may not vote on it (L2315-32); the élus give a favourable opinion.
    consultation_item = created[1]["id"]
    refused = await client.post(
        f"/api/v1/agenda-items/{consultation_item}/votes",
        headers=secretary,
        json={
            "question": "Avis favorable ?",
            "ballots": [{"member_id": people["direction@demo.example"]["id"], "choice": "for"}],
        },
    )
    assert_problem(refused, 409, "not_entitled_to_vote")
    vote = await client.post(
        f"/api/v1/agenda-items/{consultation_item}/votes",
        headers=secretary,
        json={
            "question": "Le comité rend-il un avis favorable à la réorganisation des plannings ?",
            "votes_for": 5,
            "votes_against": 1,
            "abstentions": 1,
            "motion": "positive",
            "opinion_text": "Avis favorable sous réserve d'un bilan à six mois.",
        },
    )
    assert vote.status_code == 201, vote.text
    assert (vote.json()["voters"], vote.json()["required_majority"], vote.json()["adopted"]) == (7, 4, True)
    opinion = (await client.get(f"/api/v1/consultations/{consultation['id']}", headers=elu)).json()
    assert (opinion["status"], opinion["opinion"], opinion["opinion_on"]) == (
        "opinion_given",
        "positive",
        start.date().isoformat(),
    )
    assert [m["meeting_id"] for m in opinion["meetings"]] == [mid]
    action = await client.post(
        f"/api/v1/bodies/{cse}/actions",
        headers=secretary,
        json={
            "title": "Bilan à six mois des nouveaux plannings",
            "owner_name": "Sandrine Faure",
            "due_on": f"{YEAR}-07-12",
            "meeting_id": mid,
        },
    )
    assert action.status_code == 201, action.text

    # 7. Minutes: pre-filled draft by the secretary; the director may not write them (L2315-34); sent in time.
    draft = await client.post(f"/api/v1/meetings/{mid}/minutes", headers=secretary, json={})
    assert draft.status_code == 201, draft.text
    text = draft.json()["text"]
    assert "Karim Haddad (suppléant(e), remplace Julien Moreau)" in text
    assert "Réorganisation des plannings de l'IME" in text
    assert "avis favorable" in text
    due = start.date() + timedelta(days=15)  # D2315-26: 15 days, the next meeting coming later in February
    assert draft.json()["due_on"] == due.isoformat()
    assert_problem(await client.put(f"/api/v1/meetings/{mid}/minutes", headers=director, json={"text": "Réécrit"}), 403)
    revised = await client.put(
        f"/api/v1/meetings/{mid}/minutes",
        headers=secretary,
        json={"text": text.replace("Synthèse des échanges : …", "Synthèse des échanges : présentation."), "note": "v2"},
    )
    assert revised.json()["revision"] == 2
    submitted = await client.post(f"/api/v1/meetings/{mid}/minutes/submit", headers=secretary)
    assert (submitted.json()["status"], submitted.json()["overdue"]) == ("submitted", False)

    # 8. Adoption by a vote at the February meeting, then publication by the secretary (L2315-35).
    travel(monkeypatch, paris(YEAR, 1, 20, 10))
    fid = february["id"]
    adoption = await client.post(
        f"/api/v1/meetings/{fid}/agenda-items",
        headers=secretary,
        json={"title": "Adoption du procès-verbal de janvier", "kind": "vote", "minutes_of_meeting_id": mid},
    )
    assert adoption.status_code == 201, adoption.text
    for headers in (secretary, director):
        await client.post(f"/api/v1/meetings/{fid}/agenda/approve", headers=headers)
    assert (await client.post(f"/api/v1/meetings/{fid}/convene", headers=director, json={})).status_code == 200
    travel(monkeypatch, datetime.fromisoformat(february["starts_at"]))
    present = [
        {"member_id": m["id"], "status": "absent" if m["role"] == "substitute" else "present"} for m in people.values()
    ]
    await client.put(f"/api/v1/meetings/{fid}/attendance", headers=secretary, json={"entries": present})
    await client.post(f"/api/v1/meetings/{fid}/hold", headers=secretary)
    adopted_vote = await client.post(
        f"/api/v1/agenda-items/{adoption.json()['id']}/votes",
        headers=secretary,
        json={"question": "Le procès-verbal de janvier est-il adopté ?", "votes_for": 8},
    )
    assert adopted_vote.json()["adopted"] is True
    minutes = (await client.get(f"/api/v1/meetings/{mid}/minutes", headers=elu)).json()
    assert minutes["status"] == "adopted"
    assert len(minutes["sha256"]) == 64
    assert minutes["adopted_in_meeting_id"] == fid
    assert (await client.get(f"/api/v1/meetings/{mid}", headers=elu)).json()["status"] == "closed"
    frozen = await client.put(f"/api/v1/meetings/{mid}/minutes", headers=secretary, json={"text": "Autre texte"})
    assert_problem(frozen, 409, "minutes_frozen")
    assert_problem(await client.post(f"/api/v1/meetings/{mid}/minutes/publish", headers=director), 403)
    published = await client.post(f"/api/v1/meetings/{mid}/minutes/publish", headers=secretary)
    assert published.json()["status"] == "published"

    # 9. The PDF: body name, date, attendance list, signatures.
    pdf = await client.get(f"/api/v1/meetings/{mid}/minutes.pdf", headers=elu)
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf.headers["content-disposition"]
    html = await client.get(f"/api/v1/meetings/{mid}/minutes.html", headers=elu)
    assert html.headers["content-type"].startswith("text/html")
    assert minutes["sha256"] in html.text
    assert "CSE de l&#x27;Association Les Tilleuls" in html.text
    assert "Liste de présence" in html.text
