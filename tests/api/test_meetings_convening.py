"""Convening where the law has no joint agenda (L2315-29, L2315-21, DOMAIN.md §0.3), the 15-day SSCT notice
(L2315-27 al. 4, §0.7) and the statutory urgency of the DGI and serious-accident meetings (L4132-3, L2315-27), on
bodies built by the factories (tests/api/meeting_helpers.built_cse)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from dialogue.bodies.schemas import BodyKind, College, Role
from dialogue.registers.rules import RegisterKind
from tests.api.meeting_helpers import (
    Built,
    Setup,
    add_item,
    agree_agenda,
    built_cse,
    fields,
    new_meeting,
    paris,
    travel,
)
from tests.api.test_pages import HTML, sign_in
from tests.api.test_registers import DGI_FIELDS, submit
from tests.factories import PASSWORD, add_member, make_body, make_organization, make_register
from tests.helpers.clock import FrozenClock
from tests.helpers.problems import assert_problem


@pytest.fixture
async def built(client: Any, monkeypatch: pytest.MonkeyPatch, settings: Any) -> Built:
    return await built_cse(client, monkeypatch, secret=settings.secret_key.get_secret_value())


@pytest.fixture
def demo(built: Built) -> Setup:
    """The factory CSE with its secretary, president and first titulaire signed in, time on 1 December 2026."""
    return built.setup


async def _convene(client: Any, headers: dict[str, str], meeting: int, **payload: Any) -> Any:
    return await client.post(f"/api/v1/meetings/{meeting}/convene", headers=headers, json=payload or None)


async def _history(client: Any, headers: dict[str, str], meeting: int) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = (await client.get(f"/api/v1/meetings/{meeting}/history", headers=headers)).json()[
        "items"
    ]
    return items


# --- A.1 below 50 the employer convenes alone (L2315-21; L2315-29 is a rule of the CSE >= 50) -----------------------


async def test_under_50_the_president_convenes_alone_without_joint_agenda_L2315_21(demo: Setup, built: Built) -> None:
    small = await make_body(await make_organization(headcount=30), headcount_at_election=30, titulaires=0)
    assert small.president is not None
    cse, president = small.id, built.headers(small.president)
    meeting = await new_meeting(demo.client, president, cse, paris(2026, 12, 3))  # 2 days ahead: no L2315-30
    await add_item(demo.client, president, meeting["id"], title="Réclamations du mois", kind="information")
    agenda = (await demo.client.get(f"/api/v1/meetings/{meeting['id']}/agenda", headers=president)).json()
    assert agenda["convening"] == {
        "joint_required": False,
        "basis": "employer_below_50",
        "article": "L2315-21",
        "needs_joint": [],
    }
    response = await _convene(demo.client, president, meeting["id"])
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["status"], body["convened_basis"], body["late_acknowledged"]) == (
        "convened",
        "employer_below_50",
        False,
    )
    assert body["ssct_notice"] is None  # the 15-day notice is a >= 50 rule


# --- A.2 no secretary yet: the employer convenes alone, recorded ------------------------------------------------


async def test_without_a_secretary_the_employer_convenes_alone_and_it_is_recorded(demo: Setup, built: Built) -> None:
    elected = await make_body(built.cse.org, president=False, secretary=False, titulaires=0)
    await add_member(elected, role=Role.president, college=College.direction, person=built.cse.president)
    cse = elected.id
    meeting = await new_meeting(demo.client, demo.director, cse, paris(2026, 12, 9), title="Première réunion")
    await add_item(demo.client, demo.director, meeting["id"], title="Désignation du secrétaire", kind="vote")
    response = await _convene(demo.client, demo.director, meeting["id"])
    assert response.status_code == 200, response.text
    assert response.json()["convened_basis"] == "employer_no_secretary"
    convened = [h for h in await _history(demo.client, demo.director, meeting["id"]) if h["kind"] == "convened"]
    assert convened[0]["after"]["basis"] == "employer_no_secretary"


# --- A.3 mandatory consultations de plein droit despite the secretary (L2315-29 al. 2) ---------------------------


async def test_secretary_refusal_cannot_block_a_plein_droit_consultation_L2315_29(demo: Setup) -> None:
    meeting = await new_meeting(demo.client, demo.director, demo.cse, paris(2026, 12, 15))
    await add_item(
        demo.client,
        demo.director,
        meeting["id"],
        title="Projet de fermeture de l'unité de nuit",
        kind="consultation",
        mandatory=True,
        legal_basis="L2312-8",
    )
    refused = await demo.client.post(
        f"/api/v1/meetings/{meeting['id']}/agenda/disagree",
        headers=demo.secretary,
        json={"reason": "Documents remis trop tard pour en débattre."},
    )
    assert refused.status_code == 200, refused.text
    assert refused.json()["agreed"] is False
    assert refused.json()["convening"]["basis"] == "plein_droit"
    response = await _convene(demo.client, demo.director, meeting["id"])
    assert response.status_code == 200, response.text
    assert response.json()["convened_basis"] == "plein_droit"
    history = await _history(demo.client, demo.director, meeting["id"])
    (kept,) = [h for h in history if h["kind"] == "secretary_disagreement"]
    assert kept["reason"] == "Documents remis trop tard pour en débattre."
    assert kept["after"]["article"] == "L2315-29 al. 2"
    assert kept["after"]["items"] == ["Projet de fermeture de l'unité de nuit"]


async def test_other_items_still_need_the_joint_agenda_at_50_L2315_29(demo: Setup) -> None:
    meeting = await new_meeting(demo.client, demo.director, demo.cse, paris(2026, 12, 15))
    await add_item(
        demo.client, demo.director, meeting["id"], title="Consultation obligatoire", kind="consultation", mandatory=True
    )
    await add_item(demo.client, demo.director, meeting["id"], title="Point sur les effectifs", kind="information")
    body = assert_problem(await _convene(demo.client, demo.director, meeting["id"]), 409, "agenda_not_agreed")
    assert "Point sur les effectifs" in body["detail"]
    assert "L2315-29" in body["detail"]


async def test_only_the_secretary_records_a_disagreement(demo: Setup) -> None:
    meeting = await new_meeting(demo.client, demo.director, demo.cse, paris(2026, 12, 15))
    url = f"/api/v1/meetings/{meeting['id']}/agenda/disagree"
    assert_problem(await demo.client.post(url, headers=demo.director, json={"reason": "Non"}), 403)
    body = assert_problem(await demo.client.post(url, headers=demo.secretary, json={"reason": ""}), 422)
    assert fields(body) == {"reason"}


# --- A.4 bodies that are not a CSE have no L2315-29 rule ---------------------------------------------------------


async def test_board_is_convened_by_its_president_without_approvals(demo: Setup, built: Built) -> None:
    council = await make_body(built.cse.org, kind=BodyKind.board, secretary=False, titulaires=0)
    assert council.president is not None
    president, board = built.headers(council.president), council.id
    meeting = await new_meeting(demo.client, president, board, paris(2026, 12, 4), title="Conseil d'administration")
    await add_item(demo.client, president, meeting["id"], title="Budget prévisionnel", kind="vote")
    response = await _convene(demo.client, president, meeting["id"])
    assert response.status_code == 200, response.text
    assert (response.json()["convened_basis"], response.json()["agenda_agreed"]) == ("no_joint_rule", False)


# --- B. the 15-day SSCT notice (L2315-27 al. 4) ------------------------------------------------------------------


async def test_ssct_notice_due_then_recorded_sent_by_the_president_L2315_27(demo: Setup) -> None:
    meeting = await new_meeting(demo.client, demo.director, demo.cse, paris(2027, 1, 20), kind="ssct")
    assert meeting["ssct_notice"]["status"] == "due"
    assert meeting["ssct_notice"]["due_on"] == "2027-01-05"
    url = f"/api/v1/meetings/{meeting['id']}/ssct-notice"
    assert_problem(await demo.client.post(url, headers=demo.secretary), 403)
    sent = await demo.client.post(url, headers=demo.director, json={"note": "Courriels avec accusé de réception"})
    assert sent.status_code == 200, sent.text
    assert sent.json() == {
        "meeting_id": meeting["id"],
        "article": "L2315-27 al. 4",
        "due_on": "2027-01-05",
        "status": "sent",
        "sent_on": "2026-12-01",
        "sent_by": sent.json()["sent_by"],
        "recipients": ["inspection_travail", "medecin_travail", "carsat"],
        "missing_recipients": [],
        "note": "Courriels avec accusé de réception",
    }
    again = (await demo.client.get(f"/api/v1/meetings/{meeting['id']}", headers=demo.elu)).json()
    assert again["ssct_notice"]["status"] == "sent"


async def test_ssct_notice_sent_after_the_15_days_is_late_not_the_convocation_L2315_27(demo: Setup) -> None:
    meeting = await new_meeting(demo.client, demo.director, demo.cse, paris(2026, 12, 10), treats_ssct=True)
    assert meeting["ssct_notice"]["status"] == "late"
    sent = await demo.client.post(
        f"/api/v1/meetings/{meeting['id']}/ssct-notice", headers=demo.director, json={"recipients": ["carsat"]}
    )
    assert (sent.json()["status"], sent.json()["missing_recipients"]) == (
        "late",
        ["inspection_travail", "medecin_travail"],
    )
    await add_item(demo.client, demo.secretary, meeting["id"], title="DUERP", kind="ssct")
    await agree_agenda(demo.client, demo.secretary, demo.director, meeting["id"])
    convened = await _convene(demo.client, demo.secretary, meeting["id"])  # 9 days ahead
    assert convened.status_code == 200, convened.text
    assert convened.json()["late_acknowledged"] is False


async def test_no_ssct_notice_for_an_ordinary_meeting_or_a_future_date(demo: Setup) -> None:
    plain = await new_meeting(demo.client, demo.director, demo.cse, paris(2027, 1, 20))
    assert plain["ssct_notice"] is None
    url = f"/api/v1/meetings/{plain['id']}/ssct-notice"
    assert_problem(await demo.client.get(url, headers=demo.director), 409, "ssct_notice_not_required")
    ssct = await new_meeting(demo.client, demo.director, demo.cse, paris(2027, 1, 20), kind="ssct")
    future = (date(2026, 12, 1) + timedelta(days=1)).isoformat()
    body = assert_problem(
        await demo.client.post(
            f"/api/v1/meetings/{ssct['id']}/ssct-notice", headers=demo.director, json={"sent_on": future}
        ),
        422,
    )
    assert fields(body) == {"sent_on"}


# --- C. statutory urgency (L4132-3, L2315-27 al. 2) --------------------------------------------------------------


async def test_dgi_disagreement_meeting_is_urgent_by_law_never_late_L4132_3(
    demo: Setup, built: Built, frozen_clock: FrozenClock
) -> None:
    frozen_clock.set(paris(2026, 12, 1, 9))
    rid = (await make_register(built.cse, kind=RegisterKind.DGI)).id
    entry = (await submit(demo.client, demo.elu, rid, subject="Plonge", fields=DGI_FIELDS)).json()
    steps = f"/api/v1/entries/{entry['id']}/dgi-transitions"
    for headers, state in ((demo.director, "investigating"), (demo.elu, "disagreement")):
        response = await demo.client.post(steps, headers=headers, json={"state": state, "body": "Suite"})
        assert response.status_code == 200, response.text
    listed = (await demo.client.get(f"/api/v1/bodies/{demo.cse}/meetings?status=draft", headers=demo.director)).json()
    (meeting,) = [m for m in listed["items"] if "L4132-3" in m["title"]]
    assert (meeting["urgency"], meeting["urgency_article"]) == ("dgi_disagreement", "L4132-3")
    assert meeting["ssct_notice"] is None  # not a meeting of the annual calendar
    await agree_agenda(demo.client, demo.secretary, demo.director, meeting["id"])
    response = await _convene(demo.client, demo.director, meeting["id"])
    assert response.status_code == 200, response.text
    assert (response.json()["late_acknowledged"], response.json()["late_reason"]) == (False, None)


async def test_serious_accident_meeting_created_urgent_is_never_late_L2315_27(demo: Setup) -> None:
    travel(demo.monkeypatch, paris(2026, 12, 1, 9))
    meeting = await new_meeting(
        demo.client, demo.director, demo.cse, paris(2026, 12, 2), kind="extraordinary", urgency="serious_accident"
    )
    assert (meeting["urgency"], meeting["urgency_article"]) == ("serious_accident", "L2315-27 al. 2")
    await add_item(demo.client, demo.director, meeting["id"], title="Chute d'un soignant", kind="ssct")
    await agree_agenda(demo.client, demo.secretary, demo.director, meeting["id"])
    response = await _convene(demo.client, demo.director, meeting["id"])  # 1 day ahead, no acknowledgement
    assert response.status_code == 200, response.text
    assert response.json()["late_acknowledged"] is False


async def test_an_ordinary_meeting_late_still_needs_the_acknowledged_reason_L2315_30(demo: Setup) -> None:
    meeting = await new_meeting(demo.client, demo.director, demo.cse, paris(2026, 12, 2))
    await add_item(demo.client, demo.director, meeting["id"], title="Point", kind="information")
    await agree_agenda(demo.client, demo.secretary, demo.director, meeting["id"])
    assert_problem(await _convene(demo.client, demo.director, meeting["id"]), 409, "late_convocation")


async def test_urgency_is_only_for_extraordinary_meetings(demo: Setup) -> None:
    response = await demo.client.post(
        f"/api/v1/bodies/{demo.cse}/meetings",
        headers=demo.director,
        json={
            "title": "Ordinaire",
            "starts_at": paris(2026, 12, 2).isoformat(),
            "ends_at": paris(2026, 12, 2, 17).isoformat(),
            "urgency": "dgi_disagreement",
        },
    )
    assert assert_problem(response, 422)["status"] == 422


# --- the meeting page ---------------------------------------------------------------------------------------------


async def test_meeting_page_shows_disagreement_urgency_and_ssct_notice(demo: Setup, built: Built) -> None:
    assert built.cse.president is not None
    meeting = await new_meeting(demo.client, demo.director, demo.cse, paris(2026, 12, 15), kind="ssct")
    await add_item(
        demo.client, demo.director, meeting["id"], title="Consultation DUERP", kind="consultation", mandatory=True
    )
    assert (await _convene(demo.client, demo.director, meeting["id"])).status_code == 200
    urgent = await new_meeting(
        demo.client, demo.director, demo.cse, paris(2026, 12, 2), kind="extraordinary", urgency="dgi_disagreement"
    )
    await sign_in(demo.client, built.cse.president.email, password=PASSWORD)
    page = await demo.client.get(f"/reunions/{meeting['id']}", headers=HTML)
    assert page.status_code == 200
    assert "Désaccord du secrétaire enregistré" in page.text
    assert "Confirmation écrite de la réunion SSCT" in page.text
    assert "Enregistrer l&#39;envoi de la confirmation" in page.text
    page = await demo.client.get(f"/reunions/{urgent['id']}", headers=HTML)
    assert "Urgence légale (L4132-3)" in page.text


async def test_convocation_indicator_counts_neither_15_days_for_ssct_nor_a_delay_for_urgency(demo: Setup) -> None:
    """The indicator reads the same law as the convene check: L2315-30 (3 days), never the SSCT notice
    (L2315-27 al. 4), nothing for a meeting urgent by law (L4132-3)."""
    travel(demo.monkeypatch, paris(2027, 1, 4, 9))
    ssct = await new_meeting(demo.client, demo.director, demo.cse, paris(2027, 1, 13), kind="ssct")
    urgent = await new_meeting(
        demo.client, demo.director, demo.cse, paris(2027, 1, 5), kind="extraordinary", urgency="dgi_disagreement"
    )
    for meeting in (ssct, urgent):
        await add_item(demo.client, demo.director, meeting["id"], title="Point SSCT", kind="ssct")
        await agree_agenda(demo.client, demo.secretary, demo.director, meeting["id"])
        assert (await _convene(demo.client, demo.director, meeting["id"])).status_code == 200
    response = await demo.client.get(
        f"/api/v1/bodies/{demo.cse}/indicators",
        params={"from": "2027-01-01", "to": "2027-01-31"},
        headers=demo.director,
    )
    assert response.status_code == 200, response.text
    (item,) = [i for i in response.json()["items"] if i["code"] == "convocations_on_time"]
    assert (item["value"], item["numerator"], item["denominator"]) == (100.0, 2.0, 2.0)
