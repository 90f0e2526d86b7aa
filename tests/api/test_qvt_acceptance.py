"""Acceptance, as a new user would do it: the demo director sets up the association's barometer, 30 simulated
employees answer through their links (some not at all), the steering committee reads the results per
establishment, a small department stays hidden, and two actions drawn from the lowest themes are proposed on
the canvas, adopted and evaluated."""

from __future__ import annotations

import random
from typing import Any

from tests.api.qvt_helpers import (
    DIRECTION,
    answers_for,
    establishments,
    invite,
    new_barometer,
    steering_id,
)

# (establishment key, department, links printed, employees who answer)
GROUPS = [
    ("ehpad", "Hébergement", 12, 10),
    ("ehpad", "Unité protégée", 9, 8),
    ("ime", "Internat", 10, 8),
    ("ime", "Externat", 6, 4),
]
# Lower means on organisation and recognition, so that they come out as the lowest themes.
MEANS = {
    "sens_du_travail": 4,
    "relations": 4,
    "management": 3,
    "organisation_du_travail": 2,
    "conditions_de_travail": 3,
    "reconnaissance": 2,
    "dialogue_social": 3,
}


async def test_director_runs_the_barometer_and_the_steering_committee_acts_on_it(client: Any, auth: Any) -> None:
    director = await auth(DIRECTION)
    places = await establishments(client, director)
    steering = await steering_id(client, director)

    # 1. The director sets up this year's barometer (default questionnaire: 7 themes) and prints the codes.
    barometer = await new_barometer(client, director, title="Baromètre QVT de l'association", ask_staff_category=True)
    assert barometer["status"] == "draft"
    assert {q["theme"] for q in barometer["questions"]} == set(MEANS)
    codes: dict[tuple[str, str], list[str]] = {}
    for est, department, printed, _ in GROUPS:
        codes[(est, department)] = await invite(
            client,
            director,
            barometer["id"],
            [{"establishment_id": places[est], "department": department, "count": printed}],
        )
    opened = await client.post(f"/api/v1/barometers/{barometer['id']}/open", headers=director)
    assert opened.status_code == 200, opened.text
    assert opened.json()["status"] == "open"
    assert opened.json()["invited"] == 37

    # 2. Thirty employees answer through their links, without an account; seven never do.
    rng = random.Random(2026)
    questions = barometer["questions"]
    answered = 0
    for est, department, _, answering in GROUPS:
        for code in codes[(est, department)][:answering]:
            values = {theme: min(5, max(1, mean + rng.choice((-1, 0, 0, 1)))) for theme, mean in MEANS.items()}
            payload: dict[str, Any] = {"answers": answers_for(questions, values)}
            if rng.random() < 0.3:
                payload["comments"] = {"organisation_du_travail": "Les plannings changent trop souvent."}
            form = await client.get(f"/barometer/{code}")
            assert form.status_code == 200
            response = await client.post(f"/barometer/{code}", json=payload)
            assert response.status_code == 201, response.text
            answered += 1
    assert answered == 30
    live = (await client.get(f"/api/v1/barometers/{barometer['id']}", headers=director)).json()
    assert live["respondents"] == 30
    assert round(live["participation"], 3) == round(30 / 37, 3)
    assert (await client.post(f"/api/v1/barometers/{barometer['id']}/close", headers=director)).status_code == 200

    # 3. The steering committee reads the results per establishment (the secretary sits on it).
    secretary = await auth("secretaire@demo.example")
    results = await client.get(f"/api/v1/barometers/{barometer['id']}/results", headers=secretary)
    assert results.status_code == 200, results.text
    body = results.json()
    assert body["respondents"] == 30
    assert round(body["participation"], 3) == round(30 / 37, 3)
    by_label = {g["label"]: g for g in body["groups"]}
    ehpad = next(g for label, g in by_label.items() if "EHPAD" in label)
    ime = next(g for label, g in by_label.items() if "IME" in label)
    assert ehpad["respondents"] == 18
    assert ime["respondents"] == 12
    assert ehpad["withheld"] is None
    assert ime["withheld"] is None
    assert {t["theme"] for t in ehpad["themes"]} == set(MEANS)
    assert all(t["mean"] is not None for t in ehpad["themes"])
    assert body["previous_year"] == barometer["year"] - 1, "compared with the demo's previous barometer"
    assert len(body["comparison"]) == 7
    assert any("Les plannings changent" in c["text"] for c in body["comments"])

    # 4. Per department, the IME's small "Externat" (4 respondents) stays hidden, and is not a zero.
    departments = (
        await client.get(f"/api/v1/barometers/{barometer['id']}/results?group_by=department", headers=secretary)
    ).json()
    externat = next(g for g in departments["groups"] if g["label"].endswith("Externat"))
    assert externat["withheld"] == "small_group"
    assert externat["respondents"] is None
    assert all(t["mean"] is None and t["distribution"] is None for t in externat["themes"])
    assert "Moins de 5" in externat["withheld_reason"]
    hidden = [g for g in departments["groups"] if g["withheld"]]
    assert len(hidden) == 2, "a second group is hidden so the small one cannot be deduced by difference"

    # 5. Two actions are proposed on the canvas from the lowest themes, adopted, started and evaluated.
    lowest = [a for a in body["alerts"] if a["kind"] == "lowest"][:2]
    assert {a["theme"] for a in lowest} == {"organisation_du_travail", "reconnaissance"}
    evaluated = []
    for alert in lowest:
        created = await client.post(
            f"/api/v1/bodies/{steering}/action-proposals",
            headers=secretary,
            json={
                "title": f"Plan d'action — {alert['label']}",
                "problem": f"Le baromètre place « {alert['label']} » parmi les thèmes les plus bas ({alert['mean']}).",
                "proposal": "Groupe de travail dans chaque établissement, propositions en trois mois.",
                "success_conditions": "Temps dégagé pour les participants ; soutien de l'encadrement.",
                "calendar": "Janvier : lancement. Avril : propositions. Juin : mise en œuvre.",
                "evaluation_criteria": f"Moyenne du thème « {alert['label']} » au prochain baromètre.",
                "evaluation_method": "Baromètre annuel et questionnaire flash à six mois.",
                "target_population": "Toutes les catégories de personnel.",
                "theme": alert["theme"],
                "owner_id": (await client.get("/api/v1/me", headers=director)).json()["id"],
            },
        )
        assert created.status_code == 201, created.text
        action = created.json()
        assert action["status"] == "proposed"
        adopted = await client.post(f"/api/v1/action-proposals/{action['id']}/adopt", headers=director, json={})
        assert adopted.status_code == 200, adopted.text
        assert adopted.json()["status"] == "adopted"
        started = await client.post(f"/api/v1/action-proposals/{action['id']}/start", headers=director)
        assert started.json()["status"] == "in_progress"
        done = await client.post(
            f"/api/v1/action-proposals/{action['id']}/evaluate",
            headers=director,
            json={
                "summary": "Action menée dans les deux établissements.",
                "results": "La moyenne du thème progresse de 0,6 point.",
                "criteria_met": True,
                "lessons_learned": "Associer les équipes de nuit dès le départ.",
            },
        )
        assert done.status_code == 200, done.text
        assert done.json()["status"] == "evaluated"
        evaluated.append(action["id"])

    # The experience sheet of an evaluated action, to share with other establishments.
    sheet = await client.get(f"/api/v1/action-proposals/{evaluated[0]}/experience-sheet", headers=secretary)
    assert sheet.status_code == 200
    assert "Fiche de retour d'expérience" in sheet.text
    assert "Associer les équipes de nuit" in sheet.text
    pdf = await client.get(f"/api/v1/action-proposals/{evaluated[0]}/experience-sheet.pdf", headers=secretary)
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    plan = (await client.get(f"/api/v1/bodies/{steering}/action-proposals?status=evaluated", headers=secretary)).json()
    assert {a["id"] for a in plan["items"]} >= set(evaluated)
