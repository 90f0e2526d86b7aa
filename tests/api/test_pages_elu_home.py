"""The élu's home page: « Mes questions et alertes » lists the entries they wrote with the employer's answer
(L2315-22); a danger grave et imminent carries « Urgent » in every list and its status follows its steps
(L4132-2 to L4132-4), never « répondue » after « Enquête en cours »."""

from __future__ import annotations

from typing import Any

import pytest

from dialogue.registers import pages as register_pages
from dialogue.registers.labels import is_urgent, status_badge
from dialogue.registers.pages import MY_ENTRIES_SHOWN
from tests.api.register_helpers import Cse, build_cse
from tests.api.test_pages import HTML
from tests.api.test_pages_registers import next_meeting_day

DGI_FIELDS = {
    "workstations": "Lingerie, sous-sol",
    "danger_nature": "Risque électrique",
    "danger_cause": "Prise arrachée près du bac de rinçage",
    "exposed_workers": ["Paul Martin", "Aline Roux"],
}


@pytest.fixture
async def cse(db: Any, settings: Any) -> Cse:
    return await build_cse(secret=settings.secret_key.get_secret_value())


async def _question_and_alert(client: Any, cse: Cse) -> tuple[int, int]:
    elu, president = cse.auth("elu"), cse.auth("president")
    question = await client.post(
        f"/api/v1/registers/{cse.registers['questions']}/entries",
        headers=elu,
        json={
            "subject": "Plannings de week-end",
            "fields": {"question": "Quand les plannings seront-ils publiés ?", "meeting_on": next_meeting_day()},
        },
    )
    assert question.status_code == 201, question.text
    answered = await client.post(
        f"/api/v1/entries/{question.json()['id']}/responses",
        headers=president,
        json={"body": "Les plannings seront affichés trois semaines à l'avance dès janvier."},
    )
    assert answered.status_code == 201, answered.text
    alert = await client.post(
        f"/api/v1/registers/{cse.registers['dgi']}/entries",
        headers=elu,
        json={"subject": "Prise arrachée en lingerie", "fields": DGI_FIELDS},
    )
    assert alert.status_code == 201, alert.text
    step = await client.post(
        f"/api/v1/entries/{alert.json()['id']}/dgi-transitions",
        headers=president,
        json={"state": "investigating", "body": "Enquête menée avec l'élu ce matin ; zone balisée."},
    )
    assert step.status_code == 200, step.text
    return question.json()["id"], alert.json()["id"]


@pytest.mark.parametrize(
    ("status", "dgi", "words", "urgent"),
    [
        ("answered", "investigating", "Enquête en cours", True),
        ("answered", "measures_taken", "Mesures prises", True),
        ("open", "alerted", "Alerte", True),
        ("closed", "closed", "close", False),
        ("answered", None, "répondue", False),
        ("overdue", None, "en retard", False),
    ],
)
def test_a_dgi_alert_says_its_step_and_stays_urgent_until_closed(
    status: str, dgi: str | None, words: str, urgent: bool
) -> None:
    assert status_badge(status, dgi)[0] == words
    assert is_urgent(dgi) is urgent


async def test_elu_home_shows_my_questions_with_answers_and_the_dgi_alert_urgent(client: Any, cse: Cse) -> None:
    question, alert = await _question_and_alert(client, cse)
    await cse.sign_in(client, "elu")
    home = await client.get("/", headers=HTML)
    assert home.status_code == 200
    text = home.text
    assert "Mes questions et alertes" in text
    section = text[text.index("Mes questions et alertes") :]
    assert f'href="/entrees/{question}"' in section and f'href="/entrees/{alert}"' in section
    assert "Les plannings seront affichés trois semaines à l&#39;avance dès janvier." in section
    assert "répondue" in section
    # the alert comes first, marked urgent, its status the step it is at
    assert section.index(f'href="/entrees/{alert}"') < section.index(f'href="/entrees/{question}"')
    line = section[section.rindex("<li", 0, section.index(f'href="/entrees/{alert}"')) :]
    line = line[: line.index("</li>")]
    assert "Urgent" in line and "Enquête en cours" in line and "répondue" not in line

    register = await client.get(f"/registres/{cse.registers['dgi']}", headers=HTML)
    row = register.text[register.text.index("Prise arrachée en lingerie") :]
    row = row[: row.index("</tr>")]
    assert "Urgent" in row and "Enquête en cours" in row and "répondue" not in row
    entry = await client.get(f"/entrees/{alert}", headers=HTML)
    head = entry.text[entry.text.index("<h1") :]
    head = head[: head.index("</p>", head.index("badge"))]
    assert "Urgent" in head and "répondue" not in head


async def test_the_president_sees_the_dgi_alert_urgent_and_not_the_elu_section(client: Any, cse: Cse) -> None:
    await _question_and_alert(client, cse)
    await cse.sign_in(client, "president")
    home = await client.get("/", headers=HTML)
    assert "Mes questions et alertes" not in home.text
    await cse.sign_in(client, "other_elu")
    home = await client.get("/", headers=HTML)
    assert "Vous n&#39;avez inscrit aucune question ni alerte." in home.text
    assert "Prise arrachée en lingerie" not in home.text.split("Mes questions et alertes", 1)[1]


async def test_the_home_page_reads_the_waiting_entries_the_alerts_and_the_latest_not_the_whole_history(
    client: Any, cse: Cse, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 15: an élu with a long history (here 34 answered entries after an old unanswered one and an alert):
    « À faire » still shows the old unanswered entry, « Mes questions et alertes » the alert first then the 30
    latest, and the page reads those rows, not all 36."""
    elu, president = cse.auth("elu"), cse.auth("president")
    dialogue = f"/api/v1/registers/{cse.registers['dialogue']}/entries"
    waiting = await client.post(dialogue, headers=elu, json={"subject": "Vieille demande", "body": "Sans réponse."})
    assert waiting.status_code == 201, waiting.text
    _, alert = await _question_and_alert(client, cse)  # one question, answered, and an alert under enquiry
    answered = []
    for i in range(33):
        entry = await client.post(dialogue, headers=elu, json={"subject": f"Demande {i}", "body": f"Point {i}."})
        assert entry.status_code == 201, entry.text
        reply = await client.post(
            f"/api/v1/entries/{entry.json()['id']}/responses", headers=president, json={"body": f"Réponse {i}."}
        )
        assert reply.status_code == 201, reply.text
        answered.append(entry.json()["id"])

    await cse.sign_in(client, "elu")
    home = (await client.get("/", headers=HTML)).text
    todo = home[home.index("À faire") : home.index("Mes questions et alertes")]
    assert f'href="/entrees/{waiting.json()["id"]}"' in todo
    section = home[home.index("Mes questions et alertes") :]
    shown = [int(part.split('"')[0]) for part in section.split('href="/entrees/')[1:]]
    # The alert first (urgent), then the latest: the 29 last answered entries, newest first.
    assert len(shown) == MY_ENTRIES_SHOWN
    assert shown == [alert, *reversed(answered[-(MY_ENTRIES_SHOWN - 1) :])]

    # What the page reads: the rows handed to the entries' reads, counted by wrapping the real function.
    rows: list[int] = []
    real = register_pages.entry_reads_of_registers

    async def counted(mine: Any, **kwargs: Any) -> Any:
        rows.append(len(mine))
        return await real(mine, **kwargs)

    monkeypatch.setattr(register_pages, "entry_reads_of_registers", counted)
    assert (await client.get("/", headers=HTML)).status_code == 200
    # The waiting entry, the alert and the 30 latest (all answered): 32 rows of the élu's 36.
    assert rows == [32]
