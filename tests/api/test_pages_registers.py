"""Register pages over HTTP: list, register, kind-specific entry forms, answers, DGI steps, integrity, exports.

Same rules as the API (L2315-22, L4132-2 to L4132-4, L2315-3): the actor comes from the session cookie. Every test
runs on a CSE built by the factories (tests/api/register_helpers.build_cse): its élus, secretary, president, a board
guest outside it and another organisation's administrator.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from dialogue.core.clock import local_today
from dialogue.registers.service import get_register
from tests.api.register_helpers import Cse, build_cse
from tests.api.test_pages import HTML, csrf_from
from tests.factories import make_entry


@pytest.fixture
async def cse(db: Any, settings: Any) -> Cse:
    return await build_cse(secret=settings.secret_key.get_secret_value())


async def token(client: Any, path: str) -> str:
    page = await client.get(path, headers=HTML)
    assert page.status_code == 200, page.text
    return csrf_from(page.text)


async def post_form(client: Any, path: str, form_path: str, data: dict[str, Any]) -> Any:
    return await client.post(path, data={**data, "_csrf_token": await token(client, form_path)}, headers=HTML)


def next_meeting_day() -> str:
    return (local_today() + timedelta(days=21)).isoformat()


async def an_entry(cse: Cse, *, subject: str | None = None) -> int:
    """An entry of the CSE's questions register, submitted by its secretary."""
    register = await get_register(actor=cse.people["secretary"].actor, register_id=cse.registers["questions"])
    return (await make_entry(cse.world, register, subject=subject)).id


async def test_body_page_links_to_the_registers_and_lists_one_of_each_kind(client: Any, cse: Cse) -> None:
    await cse.sign_in(client, "elu")
    body = cse.world.id
    page = await client.get(f"/instances/{body}", headers=HTML)
    assert f'href="/instances/{body}/registres"' in page.text
    listing = await client.get(f"/instances/{body}/registres", headers=HTML)
    assert listing.status_code == 200
    for title in ("Registre des questions", "Registre spécial des dangers graves et imminents", "L2315-22"):
        assert title in listing.text


async def test_register_page_shows_entries_with_number_status_due_date_and_exports(client: Any, cse: Cse) -> None:
    await an_entry(cse, subject="Plannings de week-end")
    await cse.sign_in(client, "elu")
    rid = cse.registers["questions"]
    page = await client.get(f"/registres/{rid}", headers=HTML)
    assert page.status_code == 200
    assert "Plannings de week-end" in page.text
    assert "Échéance" in page.text
    assert "répondue" in page.text or "en attente" in page.text
    for link in ("export.pdf", "export.csv", "export.html", "/integrite", "/inscrire"):
        assert f"/registres/{rid}/{link.lstrip('/')}" in page.text


async def test_direction_sees_no_submit_button_and_the_form_is_403(client: Any, cse: Cse) -> None:
    await cse.sign_in(client, "president")
    rid = cse.registers["questions"]
    page = await client.get(f"/registres/{rid}", headers=HTML)
    assert f"/registres/{rid}/inscrire" not in page.text
    form = await client.get(f"/registres/{rid}/inscrire", headers=HTML)
    assert form.status_code == 403
    assert "L2315-22" in form.text
    refused = await client.post(
        f"/registres/{rid}/inscrire",
        data={
            "subject": "x",
            "fields.question": "q",
            "fields.meeting_on": next_meeting_day(),
            "_csrf_token": csrf_from(page.text),
        },
        headers=HTML,
    )
    assert refused.status_code == 403


async def test_elu_submits_a_question_then_the_director_answers_it(client: Any, cse: Cse) -> None:
    await cse.sign_in(client, "elu")
    rid = cse.registers["questions"]
    form = await client.get(f"/registres/{rid}/inscrire", headers=HTML)
    assert 'name="fields.question"' in form.text
    assert 'name="fields.meeting_on"' in form.text
    assert 'type="date"' in form.text
    created = await client.post(
        f"/registres/{rid}/inscrire",
        data={
            "subject": "Pause méridienne à l'IME",
            "fields.question": "Quand la pause de 45 minutes sera-t-elle rétablie ?",
            "fields.meeting_on": next_meeting_day(),
            "_csrf_token": csrf_from(form.text),
        },
        headers=HTML,
    )
    assert created.status_code == 303, created.text
    entry_url = created.headers["location"].split("?")[0]
    entry = await client.get(created.headers["location"], headers=HTML)
    assert "Pause méridienne à l&#39;IME" in entry.text
    assert "L&#39;entrée a été inscrite au registre." in entry.text
    assert "/reponse" not in entry.text  # an élu does not answer (L2315-22)

    home = await client.get("/", headers=HTML)
    assert "Pause méridienne" in home.text  # « À faire »: my entry awaits its answer

    await cse.sign_in(client, "president")
    home = await client.get("/", headers=HTML)
    assert "Répondre à la question" in home.text
    assert entry_url in home.text
    page = await client.get(entry_url, headers=HTML)
    assert f'action="{entry_url}/reponse"' in page.text
    answered = await client.post(
        f"{entry_url}/reponse",
        data={"body": "La pause sera rétablie dès le 1er du mois prochain.", "_csrf_token": csrf_from(page.text)},
        headers=HTML,
    )
    assert answered.status_code == 303
    page = await client.get(answered.headers["location"], headers=HTML)
    assert "La pause sera rétablie" in page.text
    assert cse.people["president"].full_name in page.text
    assert "répondue" in page.text


@pytest.mark.parametrize(
    ("data", "bad_fields"),
    [
        ({"subject": "", "fields.question": "q", "fields.meeting_on": "X"}, ["subject"]),
        (
            {"subject": "Objet", "fields.question": "", "fields.meeting_on": ""},
            ["fields.question", "fields.meeting_on"],
        ),
        ({"subject": "Objet", "fields.question": "q", "fields.meeting_on": "2001-01-01"}, ["fields.meeting_on"]),
        ({"subject": "Objet", "fields.question": "q", "fields.meeting_on": "pas une date"}, ["fields.meeting_on"]),
        ({"subject": "x" * 301, "fields.question": "q", "fields.meeting_on": "NEXT"}, ["subject"]),
        (
            {"subject": "Objet", "fields.question": "q", "fields.meeting_on": "NEXT", "confidential": "1"},
            ["confidentiality_reason"],
        ),
        ({"subject": "Objet", "fields.question": "q", "fields.meeting_on": "NEXT", "corrects": "999"}, ["corrects"]),
        ({"subject": "Objet", "fields.question": "q", "fields.meeting_on": "NEXT", "corrects": "trois"}, ["corrects"]),
    ],
    ids=[
        "no-subject",
        "no-question-no-date",
        "past-meeting",
        "not-a-date",
        "long-subject",
        "confidential-no-reason",
        "corrects-unknown",
        "corrects-not-a-number",
    ],
)
async def test_bad_question_is_422_naming_the_fields_and_keeps_what_was_typed(
    client: Any, cse: Cse, data: dict[str, str], bad_fields: list[str]
) -> None:
    await cse.sign_in(client, "elu")
    rid = cse.registers["questions"]
    before = (await client.get(f"/api/v1/registers/{rid}", headers=cse.auth("elu"))).json()
    data = {k: (next_meeting_day() if v == "NEXT" else v) for k, v in data.items()}
    response = await post_form(client, f"/registres/{rid}/inscrire", f"/registres/{rid}/inscrire", data)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert "Le formulaire n&#39;a pas été enregistré." in response.text
    for name in bad_fields:
        field_id = "f-" + name.replace(".", "-").replace("_", "-")
        assert f'id="{field_id}-error"' in response.text, name
        assert f'{field_id}-error" aria-invalid="true"' in response.text, name
    if data.get("fields.question") == "q":
        assert ">q</textarea>" in response.text  # what was typed is kept
    after = (await client.get(f"/api/v1/registers/{rid}", headers=cse.auth("elu"))).json()
    assert after["entries"] == before["entries"]


async def test_dgi_form_asks_for_the_statutory_mentions_and_lists_exposed_workers(client: Any, cse: Cse) -> None:
    await cse.sign_in(client, "elu")
    rid = cse.registers["dgi"]
    form = await client.get(f"/registres/{rid}/inscrire", headers=HTML)
    for name in ("workstations", "danger_nature", "danger_cause", "exposed_workers"):
        assert f'name="fields.{name}"' in form.text
    missing = await client.post(
        f"/registres/{rid}/inscrire",
        data={"subject": "Fuite de gaz", "fields.workstations": "Cuisine", "_csrf_token": csrf_from(form.text)},
        headers=HTML,
    )
    assert missing.status_code == 422
    for name in ("danger-nature", "danger-cause", "exposed-workers"):
        assert f'id="f-fields-{name}-error"' in missing.text
    assert "Cuisine</textarea>" in missing.text
    created = await client.post(
        f"/registres/{rid}/inscrire",
        data={
            "subject": "Odeur de gaz en cuisine",
            "fields.workstations": "Cuisine centrale de l'EHPAD",
            "fields.danger_nature": "Risque d'explosion",
            "fields.danger_cause": "Raccord de la gazinière défectueux",
            "fields.exposed_workers": "Jean Dupuis\n\nMarie Lenoir\n",
            "_csrf_token": csrf_from(form.text),
        },
        headers=HTML,
    )
    assert created.status_code == 303, created.text
    entry = await client.get(created.headers["location"], headers=HTML)
    assert "Jean Dupuis, Marie Lenoir" in entry.text
    assert "Alerte" in entry.text
    # The élu may only record a disagreement, and only once the employer has started the enquiry (L4132-2).
    assert "/etape-dgi" not in entry.text


async def test_director_moves_a_dgi_alert_through_its_steps(client: Any, cse: Cse) -> None:
    elu = cse.auth("elu")
    rid = cse.registers["dgi"]
    created = await client.post(
        f"/api/v1/registers/{rid}/entries",
        headers=elu,
        json={
            "subject": "Chute de plâtre",
            "fields": {
                "workstations": "Couloir B",
                "danger_nature": "Chute d'objets",
                "danger_cause": "Plafond fissuré",
                "exposed_workers": ["Paul Martin"],
            },
        },
    )
    entry_id = created.json()["id"]
    await cse.sign_in(client, "president")
    page = await client.get(f"/entrees/{entry_id}", headers=HTML)
    assert '<option value="investigating">Enquête en cours</option>' in page.text
    assert 'value="closed"' not in page.text  # not from « alerte » (L4132-2)
    bad = await client.post(
        f"/entrees/{entry_id}/etape-dgi",
        data={"dgi_state": "investigating", "dgi_body": "", "_csrf_token": csrf_from(page.text)},
        headers=HTML,
    )
    assert bad.status_code == 422
    assert 'id="f-dgi-body-error"' in bad.text
    skipped = await client.post(
        f"/entrees/{entry_id}/etape-dgi",
        data={"dgi_state": "closed", "dgi_body": "Clos", "_csrf_token": csrf_from(page.text)},
        headers=HTML,
    )
    assert skipped.status_code == 409
    assert skipped.headers["content-type"].startswith("text/html")
    step = await client.post(
        f"/entrees/{entry_id}/etape-dgi",
        data={
            "dgi_state": "investigating",
            "dgi_body": "Enquête avec l'élue ce jour.",
            "_csrf_token": csrf_from(page.text),
        },
        headers=HTML,
    )
    assert step.status_code == 303
    page = await client.get(step.headers["location"], headers=HTML)
    assert "Enquête en cours" in page.text
    assert 'value="measures_taken"' in page.text and 'value="disagreement"' in page.text


async def test_elu_records_a_disagreement_and_sees_the_24_hour_limit(client: Any, cse: Cse) -> None:
    elu, direction = cse.auth("elu"), cse.auth("president")
    rid = cse.registers["dgi"]
    fields = {
        "workstations": "Lingerie",
        "danger_nature": "Électrique",
        "danger_cause": "Prise",
        "exposed_workers": ["A"],
    }
    entry_id = (
        await client.post(f"/api/v1/registers/{rid}/entries", headers=elu, json={"subject": "Prise", "fields": fields})
    ).json()["id"]
    await client.post(
        f"/api/v1/entries/{entry_id}/dgi-transitions", headers=direction, json={"state": "investigating", "body": "Vu"}
    )
    await cse.sign_in(client, "elu")
    page = await client.get(f"/entrees/{entry_id}", headers=HTML)
    assert 'value="disagreement"' in page.text and 'value="measures_taken"' not in page.text
    done = await client.post(
        f"/entrees/{entry_id}/etape-dgi",
        data={"dgi_state": "disagreement", "dgi_body": "Le danger persiste.", "_csrf_token": csrf_from(page.text)},
        headers=HTML,
    )
    assert done.status_code == 303
    page = await client.get(done.headers["location"], headers=HTML)
    assert "CSE à réunir avant le" in page.text
    assert "L4132-3" in page.text


async def test_empty_answer_is_422_and_an_elu_answer_is_403(client: Any, cse: Cse) -> None:
    rid = cse.registers["questions"]
    entry_id = (
        await client.post(
            f"/api/v1/registers/{rid}/entries",
            headers=cse.auth("elu"),
            json={"subject": "S", "fields": {"question": "Q ?", "meeting_on": next_meeting_day()}},
        )
    ).json()["id"]
    await cse.sign_in(client, "president")
    page = await client.get(f"/entrees/{entry_id}", headers=HTML)
    empty = await client.post(
        f"/entrees/{entry_id}/reponse", data={"body": "   ", "_csrf_token": csrf_from(page.text)}, headers=HTML
    )
    assert empty.status_code == 422
    assert 'id="f-body-error"' in empty.text
    await cse.sign_in(client, "elu")
    page = await client.get(f"/entrees/{entry_id}", headers=HTML)
    refused = await client.post(
        f"/entrees/{entry_id}/reponse",
        data={"body": "Moi je réponds", "_csrf_token": csrf_from(page.text)},
        headers=HTML,
    )
    assert refused.status_code == 403
    entry = (await client.get(f"/api/v1/entries/{entry_id}", headers=cse.auth("elu"))).json()
    assert entry["responses"] == []


async def test_author_closes_an_entry(client: Any, cse: Cse) -> None:
    rid = cse.registers["dialogue"]
    entry_id = (
        await client.post(
            f"/api/v1/registers/{rid}/entries",
            headers=cse.auth("elu"),
            json={"subject": "Salle de réunion", "body": "Pouvons-nous disposer de la salle B ?"},
        )
    ).json()["id"]
    await cse.sign_in(client, "elu")
    page = await client.get(f"/entrees/{entry_id}", headers=HTML)
    assert "Clore cette entrée" in page.text
    closed = await client.post(
        f"/entrees/{entry_id}/clore",
        data={"close_body": "Réglé oralement.", "_csrf_token": csrf_from(page.text)},
        headers=HTML,
    )
    assert closed.status_code == 303
    page = await client.get(closed.headers["location"], headers=HTML)
    assert "L&#39;entrée a été close." in page.text
    assert "Clore cette entrée" not in page.text


async def test_secretary_transcribes_a_note_handed_by_an_elu(client: Any, cse: Cse) -> None:
    await cse.sign_in(client, "secretary")
    rid = cse.registers["dialogue"]
    form = await client.get(f"/registres/{rid}/inscrire", headers=HTML)
    assert 'name="on_behalf_of"' in form.text
    elu = cse.people["elu"]
    created = await client.post(
        f"/registres/{rid}/inscrire",
        data={
            "subject": "Note remise",
            "body": "Texte de la note",
            "on_behalf_of": str(elu.id),
            "_csrf_token": csrf_from(form.text),
        },
        headers=HTML,
    )
    assert created.status_code == 303, created.text
    page = await client.get(created.headers["location"], headers=HTML)
    assert elu.full_name in page.text


async def test_verify_shows_the_result_and_the_head_digest(client: Any, cse: Cse) -> None:
    await an_entry(cse)
    await cse.sign_in(client, "elu")
    rid = cse.registers["questions"]
    page = await client.get(f"/registres/{rid}/integrite", headers=HTML)
    assert page.status_code == 200
    assert "Le registre est intact." in page.text
    head = (await client.get(f"/api/v1/registers/{rid}", headers=cse.auth("elu"))).json()["head"]
    assert head["hash"] in page.text
    kept = await client.get(
        f"/registres/{rid}/integrite?numero={head['number']}&empreinte={head['hash']}", headers=HTML
    )
    assert "L&#39;empreinte conservée figure bien dans le registre" in kept.text
    forged = await client.get(f"/registres/{rid}/integrite?numero={head['number']}&empreinte={'a' * 64}", headers=HTML)
    assert "ne figure plus dans le registre" in forged.text


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("numero=1", "empreinte"),
        ("empreinte=" + "a" * 64, "numero"),
        ("numero=x&empreinte=" + "a" * 64, "numero"),
        ("numero=1&empreinte=zz", "empreinte"),
    ],
    ids=["number-only", "hash-only", "number-not-int", "hash-not-hex"],
)
async def test_bad_digest_check_is_422_naming_the_field(client: Any, cse: Cse, query: str, field: str) -> None:
    await cse.sign_in(client, "elu")
    rid = cse.registers["questions"]
    page = await client.get(f"/registres/{rid}/integrite?{query}", headers=HTML)
    assert page.status_code == 422
    assert f'id="f-{field}-error"' in page.text
    assert "Le registre est intact." in page.text


@pytest.mark.parametrize(("suffix", "media"), [("pdf", "application/pdf"), ("csv", "text/csv"), ("html", "text/html")])
async def test_exports_download_with_the_session(client: Any, cse: Cse, suffix: str, media: str) -> None:
    await cse.sign_in(client, "elu")
    rid = cse.registers["questions"]
    response = await client.get(f"/registres/{rid}/export.{suffix}", headers=HTML)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    assert f"registre-questions-{rid}.{suffix}" in response.headers["content-disposition"]


async def test_board_member_outside_the_cse_is_403(client: Any, cse: Cse) -> None:
    await cse.sign_in(client, "outsider")
    rid = cse.registers["questions"]
    assert (await client.get(f"/registres/{rid}", headers=HTML)).status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "/registres/{rid}",
        "/registres/{rid}/inscrire",
        "/registres/{rid}/integrite",
        "/registres/{rid}/export.pdf",
        "/entrees/{eid}",
        "/instances/{body}/registres",
    ],
)
async def test_another_organisation_gets_404_pages(client: Any, cse: Cse, path: str) -> None:
    rid = cse.registers["questions"]
    eid = await an_entry(cse)
    body = cse.world.id
    await cse.sign_in(client, "neighbour")
    response = await client.get(path.format(rid=rid, eid=eid, body=body), headers=HTML)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")


async def test_another_organisation_cannot_post_an_answer(client: Any, cse: Cse) -> None:
    eid = await an_entry(cse)
    await cse.sign_in(client, "neighbour")
    home = await client.get("/", headers=HTML)
    response = await client.post(
        f"/entrees/{eid}/reponse", data={"body": "x", "_csrf_token": csrf_from(home.text)}, headers=HTML
    )
    assert response.status_code == 404


async def test_anonymous_register_page_redirects_to_sign_in(client: Any, cse: Cse) -> None:
    rid = cse.registers["questions"]
    response = await client.get(f"/registres/{rid}", headers=HTML)
    assert response.status_code == 303
    assert response.headers["location"] == f"/connexion?next=/registres/{rid}"


async def test_register_pages_in_english(client: Any, cse: Cse) -> None:
    await an_entry(cse)
    await cse.sign_in(client, "elu")
    rid = cse.registers["questions"]
    page = await client.get(f"/registres/{rid}", headers=HTML)
    await client.post("/langue", data={"lang": "en", "next": "/", "_csrf_token": csrf_from(page.text)}, headers=HTML)
    page = await client.get(f"/registres/{rid}", headers=HTML)
    assert "Check integrity" in page.text
    assert "Due date" in page.text
