"""The BDESE over HTTP: structure by headcount, employer writes and publishes, readers read (logged), refusals."""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any

import pytest

from dialogue.core.clock import local_today
from dialogue.organizations.tables import Organization
from tests.api.test_documents import PDF
from tests.api.test_foundation import org_id
from tests.helpers.document_stores import document_store, s3_endpoint  # noqa: F401
from tests.helpers.problems import assert_problem

DIRECTION = "direction@demo.example"
SECRETARY = "secretaire@demo.example"
ELU = "elu@demo.example"
DS = "cfdt.ds@demo.example"
BOARD = "gouvernance@demo.example"
YEAR = local_today().year


async def _setup(client: Any, auth: Any) -> tuple[dict[str, str], int]:
    headers = await auth(DIRECTION)
    return headers, await org_id(client, headers)


async def _item(client: Any, headers: dict[str, str], oid: int, **extra: Any) -> dict[str, Any]:
    payload = {
        "theme": "investissements",
        "sub_theme": "stagiaires",
        "year": YEAR - 1,
        "title": "Stagiaires de plus de 16 ans accueillis",
        "figures": {"Stagiaires accueillis": 38, "dont gratifiés": 21},
        **extra,
    }
    response = await client.post(f"/api/v1/organizations/{oid}/bdese/items", headers=headers, json=payload)
    assert response.status_code == 201, response.text
    return dict(response.json())


def _theme(body: dict[str, Any], code: str) -> dict[str, Any]:
    return next(theme for theme in body["themes"] if theme["code"] == code)


async def test_r2312_9_structure_for_the_demo_association_of_320(client: Any, auth: Any) -> None:
    headers, oid = await _setup(client, auth)
    response = await client.get(f"/api/v1/organizations/{oid}/bdese?year={YEAR}", headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["basis"].startswith("R2312-9")
    assert [t["number"] for t in body["themes"]] == list(range(1, 11))
    assert body["years"] == list(range(YEAR - 2, YEAR + 4))
    assert body["year_status"] == "actual"
    assert _theme(body, "partenariats")["title"] == "Partenariats"
    assert "accidents_travail" in {s["code"] for s in _theme(body, "investissements")["sub_themes"]}


async def test_draft_hidden_then_published_readers_see_it_and_reading_is_logged(client: Any, auth: Any) -> None:
    headers, oid = await _setup(client, auth)
    item = await _item(client, headers, oid)
    assert item["published_at"] is None and item["status"] == "actual"
    secretary = await auth(SECRETARY)
    url = f"/api/v1/organizations/{oid}/bdese?year={YEAR - 1}"
    before = _theme((await client.get(url, headers=secretary)).json(), "investissements")
    assert item["id"] not in {i["id"] for i in before["items"]}
    assert_problem(await client.get(f"/api/v1/organizations/{oid}/bdese/items/{item['id']}", headers=secretary), 404)

    published = await client.post(f"/api/v1/organizations/{oid}/bdese/items/{item['id']}/publish", headers=headers)
    assert published.status_code == 200, published.text
    assert published.json()["published_at"] is not None

    after = _theme((await client.get(url + "&theme=investissements", headers=secretary)).json(), "investissements")
    assert item["id"] in {i["id"] for i in after["items"]}
    assert {"code": "stagiaires", "title": after["sub_themes"][3]["title"], "present": True} in after["sub_themes"]
    ds = await auth(DS)
    assert (await client.get(f"/api/v1/organizations/{oid}/bdese/items/{item['id']}", headers=ds)).status_code == 200

    log = await client.get(f"/api/v1/organizations/{oid}/bdese/access-log", headers=secretary)
    assert log.status_code == 200, log.text
    entries = log.json()["items"]
    assert entries[0]["action"] == "item" and entries[0]["item_id"] == item["id"]
    assert entries[0]["user_name"] == "Nathalie Perrot"
    assert {(e["action"], e["theme"], e["year"]) for e in entries if e["user_name"] == "Camille Lefèvre"} >= {
        ("view", None, YEAR - 1),
        ("view", "investissements", YEAR - 1),
    }
    assert (await client.get(f"/api/v1/organizations/{oid}/bdese/access-log", headers=headers)).status_code == 200


async def test_publication_notifies_every_reader_once(client: Any, auth: Any) -> None:
    from dialogue.notifications.tables import OutboxMessage as Outbox

    headers, oid = await _setup(client, auth)
    item = await _item(client, headers, oid)
    await client.post(f"/api/v1/organizations/{oid}/bdese/items/{item['id']}/publish", headers=headers)
    rows = await Outbox.select(Outbox.recipient_email, Outbox.kind).where(Outbox.kind == "bdese_published")
    emails = [row["recipient_email"] for row in rows]
    assert SECRETARY in emails and DS in emails and "lea.dupont@demo.example" in emails
    assert DIRECTION not in emails and BOARD not in emails
    assert len(emails) == len(set(emails))


async def test_refusals_board_member_non_reader_other_org(client: Any, auth: Any) -> None:
    headers, oid = await _setup(client, auth)
    board = await auth(BOARD)
    body = assert_problem(await client.get(f"/api/v1/organizations/{oid}/bdese", headers=board), 403)
    assert "L2312-36" in body["detail"]
    elu = await auth(ELU)
    assert_problem(await client.get(f"/api/v1/organizations/{oid}/bdese/access-log", headers=elu), 403)
    payload = {"theme": "egalite", "year": YEAR, "title": "Index", "text": "x"}
    assert_problem(await client.post(f"/api/v1/organizations/{oid}/bdese/items", headers=elu, json=payload), 403)
    other = await auth("admin@voisine.example")
    assert_problem(await client.get(f"/api/v1/organizations/{oid}/bdese", headers=other), 404)


async def test_l2312_18_below_50_answers_409(client: Any, auth: Any) -> None:
    other = await auth("admin@voisine.example")
    oid = await org_id(client, other)
    assert (await client.get(f"/api/v1/organizations/{oid}/bdese", headers=other)).status_code == 200
    await Organization.update({Organization.headcount: 40}).where(Organization.id == oid)
    body = assert_problem(await client.get(f"/api/v1/organizations/{oid}/bdese", headers=other), 409)
    assert "L2312-18" in body["detail"]
    second = await client.get(f"/api/v1/organizations/{oid}/bdese/access-log", headers=other)
    assert_problem(second, 409, "bdese_not_required")


async def test_rules_on_items_exact_statuses(client: Any, auth: Any) -> None:
    headers, oid = await _setup(client, auth)
    url = f"/api/v1/organizations/{oid}/bdese/items"
    blanket = {"theme": "fonds_propres", "year": YEAR, "title": "Capitaux", "text": "t", "confidential": True}
    body = assert_problem(await client.post(url, headers=headers, json=blanket), 422)
    assert "R2312-13" in body["detail"]
    not_applicable = {"theme": "egalite", "year": YEAR, "title": "Sans objet", "text": "t", "status": "not_applicable"}
    assert "R2312-8" in assert_problem(await client.post(url, headers=headers, json=not_applicable), 409)["detail"]
    financeurs = {**not_applicable, "theme": "financeurs", "text": "Association sans capital ni actionnaire"}
    assert (await client.post(url, headers=headers, json=financeurs)).status_code == 201
    future_actual = {"theme": "egalite", "year": YEAR + 1, "title": "x", "text": "t", "status": "actual"}
    assert "R2312-10" in assert_problem(await client.post(url, headers=headers, json=future_actual), 409)["detail"]
    too_far = {"theme": "egalite", "year": YEAR + 4, "title": "x", "text": "t"}
    assert_problem(await client.post(url, headers=headers, json=too_far), 409, "bdese_rule")
    unknown = {"theme": "inconnu", "year": YEAR, "title": "x", "text": "t"}
    assert_problem(await client.post(url, headers=headers, json=unknown), 422)
    empty = {"theme": "egalite", "year": YEAR, "title": "x"}
    assert_problem(await client.post(url, headers=headers, json=empty), 422)

    forecast = await _item(
        client, headers, oid, year=YEAR + 2, sub_theme="effectifs", figures=None, text="Effectifs stables"
    )
    assert forecast["status"] == "forecast" and forecast["confidential"] is True
    assert forecast["confidential_until"] == f"{YEAR + 2}-12-31"
    patched = await client.patch(
        f"{url}/{forecast['id']}",
        headers=headers,
        json={"confidential": True, "confidential_until": f"{YEAR + 1}-06-30", "confidentiality_reason": "Court"},
    )
    assert_problem(patched, 422)
    ok = await client.patch(f"{url}/{forecast['id']}", headers=headers, json={"text": "Hausse de 2 %"})
    assert ok.status_code == 200 and ok.json()["text"] == "Hausse de 2 %"


async def test_l2312_21_agreement_missing_a_minimum_theme_refused_then_structure_replaced(
    client: Any, auth: Any
) -> None:
    headers, oid = await _setup(client, auth)
    url = f"/api/v1/organizations/{oid}/bdese/agreement"
    themes = [
        {
            "code": "social",
            "title": "Social",
            "sub_themes": [{"code": "effectifs", "title": "Effectifs"}],
            "covers": [
                "investissement_social",
                "investissement_materiel",
                "egalite",
                "remunerations",
                "activites_sociales",
            ],
        },
        {
            "code": "finances",
            "title": "Finances",
            "sub_themes": [{"code": "bilan", "title": "Bilan"}],
            "covers": ["fonds_propres", "endettement", "financeurs", "flux_financiers"],
        },
    ]
    body = assert_problem(await client.put(url, headers=headers, json={"reference": "Accord", "themes": themes}), 409)
    assert "L2312-21" in body["detail"] and "environnementales" in body["detail"]
    themes.append(
        {
            "code": "environnement",
            "title": "Environnement",
            "sub_themes": [{"code": "ges", "title": "GES"}],
            "covers": ["environnement"],
        }
    )
    ok = await client.put(url, headers=headers, json={"reference": "Accord BDESE du 3 mars 2025", "themes": themes})
    assert ok.status_code == 200, ok.text
    view = (await client.get(f"/api/v1/organizations/{oid}/bdese", headers=headers)).json()
    assert view["basis"] == "Accord L2312-21 : Accord BDESE du 3 mars 2025"
    assert [t["code"] for t in view["themes"]] == ["social", "finances", "environnement"]


async def test_an_item_names_only_a_document_of_its_organisation(client: Any, auth: Any) -> None:
    headers, oid = await _setup(client, auth)
    url = f"/api/v1/organizations/{oid}/bdese/items"
    body = {"theme": "investissements", "sub_theme": "stagiaires", "year": YEAR - 1, "title": "Stagiaires"}
    refused = await client.post(url, headers=headers, json={**body, "document_id": 999_999})
    problem = assert_problem(refused, 422, "invalid_input")
    assert problem["errors"][0]["field"] == "document_id"


@pytest.mark.usefixtures("document_store")
async def test_export_zip_holds_index_and_item_files(client: Any, auth: Any) -> None:
    headers, oid = await _setup(client, auth)
    files = {"file": ("Bilan social.pdf", PDF, "application/octet-stream")}
    uploaded = await client.post(f"/api/v1/organizations/{oid}/documents", headers=headers, files=files)
    assert uploaded.status_code == 201, uploaded.text
    document_id = uploaded.json()["id"]
    item = await _item(client, headers, oid, document_id=document_id)
    await client.post(f"/api/v1/organizations/{oid}/bdese/items/{item['id']}/publish", headers=headers)
    secretary = await auth(SECRETARY)
    response = await client.get(f"/api/v1/organizations/{oid}/bdese/export?year={YEAR - 1}", headers=secretary)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    index = list(csv.DictReader(io.StringIO(archive.read("index.csv").decode("utf-8-sig")), delimiter=";"))
    row = next(r for r in index if r["id"] == str(item["id"]))
    assert row["document_id"] == str(document_id) and row["rubrique"] == "1. Investissements"
    files = row["fichiers"].split()
    assert files[0].endswith(".json") and files[0] in archive.namelist()
    assert '"dont gratifiés": 21' in archive.read(files[0]).decode()
    log = (await client.get(f"/api/v1/organizations/{oid}/bdese/access-log", headers=headers)).json()["items"]
    assert (log[0]["action"], log[0]["year"]) == ("export", YEAR - 1)


async def test_demo_bdese_two_years_with_forecasts_and_not_applicable_rubriques(client: Any, auth: Any) -> None:
    secretary = await auth(SECRETARY)
    oid = await org_id(client, secretary)
    current = (await client.get(f"/api/v1/organizations/{oid}/bdese?year={YEAR}", headers=secretary)).json()
    assert _theme(current, "financeurs")["not_applicable"] is True and _theme(current, "transferts")["complete"]
    index = _theme(current, "egalite")["items"][0]
    assert index["title"].startswith("Index de l'égalité") and index["figures"]["Note globale (sur 100)"] == 89
    previous = (await client.get(f"/api/v1/organizations/{oid}/bdese?year={YEAR - 1}", headers=secretary)).json()
    assert _theme(previous, "egalite")["items"][0]["figures"]["Note globale (sur 100)"] == 86
    forecast = (await client.get(f"/api/v1/organizations/{oid}/bdese?year={YEAR + 1}", headers=secretary)).json()
    assert forecast["year_status"] == "forecast"
    item = _theme(forecast, "investissements")["items"][0]
    assert item["status"] == "forecast" and item["confidential"] is True
    assert item["confidential_until"] == f"{YEAR + 1}-12-31" and "R2312-13" in item["confidentiality_reason"]


async def test_r2312_13_confidential_item_title_stays_out_of_the_notice(client: Any, auth: Any) -> None:
    from dialogue.notifications.tables import OutboxMessage

    headers, oid = await _setup(client, auth)
    secret = {
        "confidential": True,
        "confidential_until": f"{YEAR + 1}-06-30",
        "confidentiality_reason": "Projet de reprise d'un établissement non encore annoncé",
        "title": "Reprise du foyer de Bron",
    }
    item = await _item(client, headers, oid, **secret)
    assert item["confidential"] is True and item["confidential_until"] == f"{YEAR + 1}-06-30"
    await client.post(f"/api/v1/organizations/{oid}/bdese/items/{item['id']}/publish", headers=headers)
    rows = await OutboxMessage.select(OutboxMessage.subject, OutboxMessage.body_text).where(
        OutboxMessage.kind == "bdese_published"
    )
    assert rows and all("Bron" not in row["subject"] + row["body_text"] for row in rows)
    assert all("discrétion" in row["body_text"] for row in rows)
    seen = await client.get(f"/api/v1/organizations/{oid}/bdese/items/{item['id']}", headers=await auth(SECRETARY))
    assert seen.json()["title"] == "Reprise du foyer de Bron" and seen.json()["confidential"] is True
