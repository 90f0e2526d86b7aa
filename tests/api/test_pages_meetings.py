"""Meeting pages over HTTP: planning, the agenda drawn up jointly (L2315-29), the convocation and its legal delay
(L2315-30), attendance (L2314-1), votes (L2315-32), minutes (L2315-34, D2315-26, L2315-35), the yearly calendar
(L2315-28, L2315-27) and consultations (R2312-6, L2312-16). The actor comes from the session cookie."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from dialogue.core.clock import PARIS, local_today, utcnow
from tests.api.meeting_helpers import cse_id, travel
from tests.api.test_pages import HTML, csrf_from, sign_in
from tests.api.test_pages_language import visible_text


async def token(client: Any, path: str = "/") -> str:
    page = await client.get(path, headers=HTML)
    assert page.status_code == 200, page.text
    return csrf_from(page.text)


async def post(client: Any, path: str, data: dict[str, Any] | None = None) -> Any:
    return await client.post(path, data={**(data or {}), "_csrf_token": await token(client)}, headers=HTML)


def in_days(days: int, hour: int = 14) -> datetime:
    day = local_today() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=PARIS)


def meeting_form(start: datetime, **extra: str) -> dict[str, str]:
    return {
        "title": extra.pop("title", "Réunion ordinaire de test"),
        "kind": "ordinary",
        "day": start.date().isoformat(),
        "start": start.strftime("%H:%M"),
        "end": (start + timedelta(hours=3)).strftime("%H:%M"),
        "location": "Salle du conseil, siège",
        "minutes_case": "general",
        **extra,
    }


async def plan(client: Any, body: int, start: datetime, **extra: str) -> int:
    response = await post(client, f"/instances/{body}/reunions", meeting_form(start, **extra))
    assert response.status_code == 303, response.text
    match = re.match(r"/reunions/(\d+)\?fait=creee", response.headers["location"])
    assert match, response.headers["location"]
    return int(match.group(1))


async def add_item(client: Any, meeting: int, title: str, kind: str = "information", **extra: str) -> Any:
    return await post(client, f"/reunions/{meeting}/points", {"title": title, "kind": kind, **extra})


async def item_ids(client: Any, meeting: int, headers: dict[str, str]) -> dict[str, int]:
    items = (await client.get(f"/api/v1/meetings/{meeting}/agenda-items", headers=headers)).json()["items"]
    return {i["title"]: int(i["id"]) for i in items}


async def members(client: Any, body: int, headers: dict[str, str]) -> dict[str, dict[str, Any]]:
    items = (await client.get(f"/api/v1/bodies/{body}/members", headers=headers)).json()["items"]
    return {m["email"]: m for m in items}


async def agreed_and_convened(client: Any, body: int, start: datetime, titles: tuple[str, ...], **item: str) -> int:
    """Planned by the secretary, agenda approved by both, convened (late acknowledged when needed)."""
    await sign_in(client, "secretaire@demo.example")
    meeting = await plan(client, body, start)
    for title in titles:
        assert (await add_item(client, meeting, title, **item)).status_code == 303
    assert (await post(client, f"/reunions/{meeting}/approuver")).status_code == 303
    await sign_in(client, "direction@demo.example")
    assert (await post(client, f"/reunions/{meeting}/approuver")).status_code == 303
    await sign_in(client, "secretaire@demo.example")
    convened = await post(
        client, f"/reunions/{meeting}/convoquer", {"acknowledge_late": "1", "late_reason": "Réunion de test"}
    )
    assert convened.status_code == 303, convened.text
    return meeting


async def test_body_page_has_meetings_and_consultations_tabs_and_the_list_shows_statuses(
    client: Any, auth: Any
) -> None:
    body = await cse_id(client, await auth("elu@demo.example"))
    await sign_in(client, "elu@demo.example")
    page = await client.get(f"/instances/{body}", headers=HTML)
    assert f'href="/instances/{body}/reunions"' in page.text
    assert f'href="/instances/{body}/consultations"' in page.text
    listing = await client.get(f"/instances/{body}/reunions", headers=HTML)
    assert listing.status_code == 200
    assert "À venir" in listing.text and "Réunions passées" in listing.text
    assert "badge status-ok" in listing.text  # held/closed meetings of the demo year
    assert "En préparation" in listing.text  # the demo's next meeting
    assert f"/instances/{body}/reunions/nouvelle" not in listing.text  # an élu does not plan meetings


async def test_elu_may_not_plan_a_meeting_and_another_organisation_sees_nothing(client: Any, auth: Any) -> None:
    headers = await auth("secretaire@demo.example")
    body = await cse_id(client, headers)
    meeting = (await client.get(f"/api/v1/bodies/{body}/meetings", headers=headers)).json()["items"][0]["id"]
    await sign_in(client, "elu@demo.example")
    assert (await client.get(f"/instances/{body}/reunions/nouvelle", headers=HTML)).status_code == 403
    refused = await post(client, f"/instances/{body}/reunions", meeting_form(in_days(30)))
    assert refused.status_code == 403
    assert "président et le secrétaire" in refused.text
    await sign_in(client, "admin@voisine.example")
    for path in (
        f"/instances/{body}/reunions",
        f"/reunions/{meeting}",
        f"/reunions/{meeting}/proces-verbal",
        f"/instances/{body}/calendrier",
        f"/instances/{body}/consultations",
    ):
        assert (await client.get(path, headers=HTML)).status_code == 404, path
    assert (await post(client, f"/reunions/{meeting}/approuver")).status_code == 404


async def test_planning_form_names_bad_fields_keeps_what_was_typed_and_stores_nothing(client: Any, auth: Any) -> None:
    headers = await auth("secretaire@demo.example")
    body = await cse_id(client, headers)
    before = (await client.get(f"/api/v1/bodies/{body}/meetings", headers=headers)).json()["total"]
    await sign_in(client, "secretaire@demo.example")
    form = meeting_form(in_days(30), title="", location="Salle Les Mimosas")
    form["end"] = "10:00"  # before the start: refused
    response = await post(client, f"/instances/{body}/reunions", form)
    assert response.status_code == 422
    assert 'role="alert"' in response.text
    assert "Intitulé" in response.text and "Ce champ est obligatoire." in response.text
    assert "la fin doit être postérieure au début" in response.text
    assert 'value="Salle Les Mimosas"' in response.text
    unreadable = await post(client, f"/instances/{body}/reunions", meeting_form(in_days(30), day="31/02/2030"))
    assert unreadable.status_code == 422
    assert "Date et heure" in unreadable.text
    assert (await client.get(f"/api/v1/bodies/{body}/meetings", headers=headers)).json()["total"] == before


async def test_agenda_is_built_reordered_proposed_and_approved_by_both(client: Any, auth: Any) -> None:
    """L2315-29: the agenda is drawn up jointly; élus propose items, which the secretary places on it."""
    secretary = await auth("secretaire@demo.example")
    body = await cse_id(client, secretary)
    await sign_in(client, "secretaire@demo.example")
    meeting = await plan(client, body, in_days(40))
    page = await client.get(f"/reunions/{meeting}?fait=creee", headers=HTML)
    assert "La réunion a été programmée." in page.text
    assert "Convocation au plus tard le" in page.text and "art. L2315-30" in page.text

    missing_kind = await add_item(client, meeting, "Bilan social 2026", kind="")
    assert missing_kind.status_code == 422
    assert 'value="Bilan social 2026"' in missing_kind.text
    for title in ("Informations du président", "Bilan de la formation", "Questions diverses"):
        assert (await add_item(client, meeting, title)).status_code == 303
    ids = await item_ids(client, meeting, secretary)
    moved = await post(client, f"/points/{ids['Questions diverses']}/monter")
    assert moved.status_code == 303
    order = [
        i["title"] for i in (await client.get(f"/api/v1/meetings/{meeting}/agenda", headers=secretary)).json()["items"]
    ]
    assert order == ["Informations du président", "Questions diverses", "Bilan de la formation"]
    edited = await post(
        client,
        f"/points/{ids['Bilan de la formation']}/modifier",
        {"title": "Bilan du plan de formation", "kind": "information"},
    )
    assert edited.status_code == 303
    assert (await post(client, f"/points/{ids['Informations du président']}/retirer")).status_code == 303

    await sign_in(client, "elu@demo.example")
    proposed = await add_item(client, meeting, "Remplacement des congés d'été", kind="question")
    assert proposed.headers["location"].endswith("fait=propose#ordre-du-jour")
    refused = await post(client, f"/reunions/{meeting}/approuver")
    assert refused.status_code == 403

    await sign_in(client, "secretaire@demo.example")
    proposal = (await item_ids(client, meeting, secretary))["Remplacement des congés d'été"]
    assert (await post(client, f"/points/{proposal}/accepter")).status_code == 303
    assert (await post(client, f"/reunions/{meeting}/approuver")).status_code == 303

    await sign_in(client, "direction@demo.example")
    home = await client.get("/", headers=HTML)
    assert "Ordres du jour à approuver" in home.text
    assert f"/reunions/{meeting}#ordre-du-jour" in home.text
    assert (await post(client, f"/reunions/{meeting}/approuver")).status_code == 303
    page = await client.get(f"/reunions/{meeting}", headers=HTML)
    assert "arrêté conjointement par le président et le secrétaire" in page.text
    assert "Version actuelle approuvée par Camille Lefèvre (secrétaire)" in page.text
    assert page.text.count("Version actuelle approuvée par") == 2
    assert f"/reunions/{meeting}/approuver" not in page.text  # nothing left to approve


async def test_a_late_convocation_needs_a_reason_and_nothing_is_sent_without_it(client: Any, auth: Any) -> None:
    """L2315-30: the agenda is sent 3 days before; a late convocation is an acknowledged, reasoned choice."""
    secretary = await auth("secretaire@demo.example")
    body = await cse_id(client, secretary)
    await sign_in(client, "secretaire@demo.example")
    meeting = await plan(client, body, in_days(1))
    await add_item(client, meeting, "Point unique")
    await post(client, f"/reunions/{meeting}/approuver")
    await sign_in(client, "direction@demo.example")
    await post(client, f"/reunions/{meeting}/approuver")
    await sign_in(client, "secretaire@demo.example")
    page = await client.get(f"/reunions/{meeting}", headers=HTML)
    assert "délai dépassé" in page.text
    assert 'name="acknowledge_late"' in page.text
    refused = await post(client, f"/reunions/{meeting}/convoquer")
    assert refused.status_code == 409
    assert "au moins 3 jours avant la réunion" in refused.text
    # The API's message names its fields; the page names them by their labels (issue 17).
    said = visible_text(refused.text)
    assert "acknowledge_late" not in said and "late_reason" not in said
    assert "« Convoquer malgré le délai non respecté »" in said
    no_reason = await post(client, f"/reunions/{meeting}/convoquer", {"acknowledge_late": "1"})
    assert no_reason.status_code == 422
    assert "Motif de la convocation hors délai" in no_reason.text
    assert "acknowledge_late" not in visible_text(no_reason.text)
    state = (await client.get(f"/api/v1/meetings/{meeting}", headers=secretary)).json()
    assert state["status"] == "draft"
    done = await post(
        client, f"/reunions/{meeting}/convoquer", {"acknowledge_late": "1", "late_reason": "Alerte sur les effectifs"}
    )
    assert done.status_code == 303
    page = await client.get(f"/reunions/{meeting}", headers=HTML)
    assert "hors délai" in page.text and "Alerte sur les effectifs" in page.text


async def test_cancelling_needs_a_reason(client: Any, auth: Any) -> None:
    body = await cse_id(client, await auth("secretaire@demo.example"))
    await sign_in(client, "secretaire@demo.example")
    meeting = await plan(client, body, in_days(50))
    refused = await post(client, f"/reunions/{meeting}/annuler", {"reason": ""})
    assert refused.status_code == 422
    assert "Motif de l&#39;annulation" in refused.text or "Motif de l'annulation" in refused.text
    done = await post(client, f"/reunions/{meeting}/annuler", {"reason": "Salle indisponible ce jour-là"})
    assert done.status_code == 303
    page = await client.get(f"/reunions/{meeting}", headers=HTML)
    assert "Annulée" in page.text and "Salle indisponible ce jour-là" in page.text
    await sign_in(client, "elu@demo.example")
    other = await plan_as_secretary_then(client, body)
    assert (await post(client, f"/reunions/{other}/annuler", {"reason": "Je ne viendrai pas"})).status_code == 403


async def plan_as_secretary_then(client: Any, body: int) -> int:
    await sign_in(client, "secretaire@demo.example")
    meeting = await plan(client, body, in_days(60))
    await sign_in(client, "elu@demo.example")
    return meeting


async def test_session_attendance_vote_and_minutes_through_adoption_and_publication(
    client: Any, auth: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Attendance with a suppléant replacing a titulaire (L2314-1), a vote (L2315-32), the PV established by the
    secretary only (L2315-34), sent (D2315-26), adopted at a later meeting, then published (L2315-35)."""
    secretary = await auth("secretaire@demo.example")
    body = await cse_id(client, secretary)
    start = in_days(20)
    meeting = await agreed_and_convened(client, body, start, ("Réorganisation du service de nuit",), kind="vote")
    item = (await item_ids(client, meeting, secretary))["Réorganisation du service de nuit"]
    travel(monkeypatch, start + timedelta(minutes=5))
    assert (await post(client, f"/reunions/{meeting}/tenir")).status_code == 303

    people = await members(client, body, secretary)
    titular = next(m for m in people.values() if m["role"] == "titular")
    # L2314-37: the suppléant of the titulaire's own union list is the one called.
    substitute = next(
        m for m in people.values() if m["role"] == "substitute" and m["union_name"] == titular["union_name"]
    )
    guest_like = next(m for m in people.values() if m["role"] in ("president",))
    bad = {f"status-{m['id']}": "present" for m in people.values()}
    bad[f"replaces-{substitute['id']}"] = str(guest_like["id"])  # the president is no titulaire
    refused = await post(client, f"/reunions/{meeting}/presences", bad)
    assert refused.status_code == 422
    assert "n&#39;est pas un titulaire" in refused.text or "n'est pas un titulaire" in refused.text
    assert f'id="f-err-{substitute["id"]}"' in refused.text
    sheet = {f"status-{m['id']}": "present" for m in people.values()}
    sheet[f"status-{titular['id']}"] = "replaced"
    sheet[f"replaces-{substitute['id']}"] = str(titular["id"])
    assert (await post(client, f"/reunions/{meeting}/presences", sheet)).status_code == 303
    attendance = (await client.get(f"/api/v1/meetings/{meeting}/attendance", headers=secretary)).json()
    assert any(e["replaces_member_id"] == titular["id"] for e in attendance["entries"])

    prefix = f"vote-{item}."
    too_many = await post(
        client,
        f"/points/{item}/votes",
        {prefix + "question": "Avis sur la réorganisation", prefix + "votes_for": "99", prefix + "votes_against": "0"},
    )
    assert too_many.status_code == 422
    assert 'value="Avis sur la réorganisation"' in too_many.text
    voters = attendance["voters_on_resolutions"]
    voted = await post(
        client,
        f"/points/{item}/votes",
        {
            prefix + "question": "Pour la réorganisation",
            prefix + "votes_for": str(voters),
            prefix + "votes_against": "0",
        },
    )
    assert voted.status_code == 303
    page = await client.get(f"/reunions/{meeting}", headers=HTML)
    assert "Pour la réorganisation" in page.text and "Adopté" in page.text

    await sign_in(client, "direction@demo.example")
    assert (await post(client, f"/reunions/{meeting}/proces-verbal/etablir")).status_code == 403  # L2315-34
    assert (await client.get(f"/reunions/{meeting}/proces-verbal", headers=HTML)).status_code == 404

    await sign_in(client, "secretaire@demo.example")
    assert (await post(client, f"/reunions/{meeting}/proces-verbal/etablir")).status_code == 303
    editor = await client.get(f"/reunions/{meeting}/proces-verbal", headers=HTML)
    assert "Réorganisation du service de nuit" in editor.text
    assert 'name="text"' in editor.text
    revision = re.search(r'name="base_revision" value="(\d+)"', editor.text)
    assert revision
    text = "# Procès-verbal\n\n## Réorganisation\n\nLe comité a rendu un **avis favorable**.\n\n<script>x</script>"
    preview = await post(client, f"/reunions/{meeting}/proces-verbal", {"text": text, "action": "preview"})
    assert preview.status_code == 200
    assert "<strong>avis favorable</strong>" in preview.text
    assert "<script>x</script>" not in preview.text  # user HTML comes out as text
    assert "Aperçu (non enregistré)" in preview.text
    stored = (await client.get(f"/api/v1/meetings/{meeting}/minutes", headers=secretary)).json()
    assert "avis favorable" not in stored["text"]  # a preview saves nothing
    empty = await post(client, f"/reunions/{meeting}/proces-verbal", {"text": "", "action": "save"})
    assert empty.status_code == 422
    saved = await post(
        client,
        f"/reunions/{meeting}/proces-verbal",
        {"text": text, "action": "save", "base_revision": revision.group(1), "note": "rédaction"},
    )
    assert saved.status_code == 303
    stale = await post(
        client, f"/reunions/{meeting}/proces-verbal", {"text": "autre", "action": "save", "base_revision": "1"}
    )
    assert stale.status_code == 409
    assert "autre" in stale.text  # what was typed is kept
    assert (await post(client, f"/reunions/{meeting}/proces-verbal/transmettre")).status_code == 303

    later = in_days(34)
    travel(monkeypatch, utcnow() - timedelta(days=1))  # back before the later meeting to plan it
    next_meeting = await plan(client, body, later, title="Réunion suivante")
    scheduled = await post(
        client, f"/reunions/{meeting}/proces-verbal/adoption", {"target_meeting_id": str(next_meeting)}
    )
    assert scheduled.status_code == 303
    adoption = next(i for t, i in (await item_ids(client, next_meeting, secretary)).items() if t.startswith("Adoption"))
    await post(client, f"/reunions/{next_meeting}/approuver")
    await sign_in(client, "direction@demo.example")
    await post(client, f"/reunions/{next_meeting}/approuver")
    await sign_in(client, "secretaire@demo.example")
    await post(client, f"/reunions/{next_meeting}/convoquer", {"acknowledge_late": "1", "late_reason": "test"})
    travel(monkeypatch, later + timedelta(minutes=5))
    await post(client, f"/reunions/{next_meeting}/tenir")
    await post(client, f"/reunions/{next_meeting}/presences", {f"status-{m['id']}": "present" for m in people.values()})
    prefix = f"vote-{adoption}."
    sheet = (await client.get(f"/api/v1/meetings/{next_meeting}/attendance", headers=secretary)).json()
    adopted = await post(
        client,
        f"/points/{adoption}/votes",
        {prefix + "question": "Adoption du PV", prefix + "votes_for": str(sheet["voters_on_resolutions"])},
    )
    assert adopted.status_code == 303, adopted.text
    pv = await client.get(f"/reunions/{meeting}/proces-verbal", headers=HTML)
    assert "Procès-verbal adopté" in pv.text and "SHA-256" in pv.text
    assert 'name="text"' not in pv.text  # frozen once adopted
    assert (await post(client, f"/reunions/{meeting}/proces-verbal/diffuser")).status_code == 303
    pdf = await client.get(f"/reunions/{meeting}/proces-verbal.pdf", headers=HTML)
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")

    await sign_in(client, "elu@demo.example")
    published = await client.get(f"/reunions/{meeting}/proces-verbal", headers=HTML)
    assert "Procès-verbal adopté et diffusé" in published.text
    assert (await post(client, f"/reunions/{meeting}/proces-verbal/diffuser")).status_code == 403


async def test_secretary_home_lists_minutes_to_write(client: Any, auth: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    body = await cse_id(client, await auth("secretaire@demo.example"))
    start = in_days(10)
    meeting = await agreed_and_convened(client, body, start, ("Point",))
    travel(monkeypatch, start + timedelta(hours=1))
    await post(client, f"/reunions/{meeting}/tenir")
    home = await client.get("/", headers=HTML)
    assert "PV à rédiger" in home.text
    assert f"/reunions/{meeting}/proces-verbal" in home.text
    assert "art. D2315-26" in home.text
    assert "Mes prochaines réunions" in home.text
    # Drafted, then sent to the employer (D2315-26): nothing left to write, the meeting leaves the section.
    secretary = await auth("secretaire@demo.example")
    drafted = await client.post(f"/api/v1/meetings/{meeting}/minutes", headers=secretary, json={})
    assert drafted.status_code == 201, drafted.text
    assert "Terminer et transmettre le PV" in (await client.get("/", headers=HTML)).text
    sent = await client.post(f"/api/v1/meetings/{meeting}/minutes/submit", headers=secretary)
    assert sent.status_code == 200, sent.text
    assert f"/reunions/{meeting}/proces-verbal" not in (await client.get("/", headers=HTML)).text


async def test_yearly_calendar_shows_the_gap_and_creates_the_planned_meetings(client: Any, auth: Any) -> None:
    """L2315-28: at least once every two months from 50 employees; L2315-27: four SSCT meetings a year."""
    headers = await auth("secretaire@demo.example")
    body = await cse_id(client, headers)
    year = local_today().year + 2
    await sign_in(client, "secretaire@demo.example")
    page = await client.get(f"/instances/{body}/calendrier?annee={year}", headers=HTML)
    assert page.status_code == 200
    assert "Écart avec l&#39;obligation légale" in page.text or "Écart avec l'obligation légale" in page.text
    assert "à programmer" in page.text
    bad = await post(client, f"/instances/{body}/calendrier", {"year": str(year), "weekday": "6", "at": "14:00"})
    assert bad.status_code == 422
    assert "Jour de la semaine" in bad.text
    created = await post(
        client,
        f"/instances/{body}/calendrier",
        {"year": str(year), "weekday": "1", "occurrence": "2", "at": "14:00", "duration_minutes": "180"},
    )
    assert created.status_code == 303
    page = await client.get(created.headers["location"], headers=HTML)
    assert "Le calendrier de l&#39;année respecte l&#39;obligation légale." in page.text
    listing = await client.get(
        f"/api/v1/bodies/{body}/meetings",
        headers=headers,
        params={"from": f"{year}-01-01T00:00:00+00:00", "to": f"{year + 1}-01-01T00:00:00+00:00"},
    )
    assert listing.json()["total"] >= 6
    await sign_in(client, "elu@demo.example")
    assert (await post(client, f"/instances/{body}/calendrier", {"year": str(year)})).status_code == 403


async def test_consultations_show_the_deadline_and_the_deemed_negative_opinion(client: Any, auth: Any) -> None:
    """R2312-6: one month from the information; L2312-16: deemed negative once it has passed."""
    headers = await auth("secretaire@demo.example")
    body = await cse_id(client, headers)
    await sign_in(client, "secretaire@demo.example")
    future = (local_today() + timedelta(days=3)).isoformat()
    refused = await post(
        client,
        f"/instances/{body}/consultations",
        {"subject": "Projet de déménagement", "kind": "ponctual", "informed_on": future},
    )
    assert refused.status_code == 422
    assert "R2312-5" in refused.text
    assert 'value="Projet de déménagement"' in refused.text
    old = (local_today() - timedelta(days=70)).isoformat()
    opened = await post(
        client,
        f"/instances/{body}/consultations",
        {"subject": "Déménagement du service administratif", "kind": "ponctual", "informed_on": old},
    )
    assert opened.status_code == 303
    page = await client.get(f"/instances/{body}/consultations", headers=HTML)
    assert "Déménagement du service administratif" in page.text
    assert "Avis réputé négatif — définitif (L2312-16)" in page.text
    assert "Avis au plus tard le" in page.text
    await sign_in(client, "elu@demo.example")
    forbidden = await post(
        client, f"/instances/{body}/consultations", {"subject": "x", "kind": "ponctual", "informed_on": old}
    )
    assert forbidden.status_code == 403


async def test_english_meeting_page(client: Any, auth: Any) -> None:
    headers = await auth("secretaire@demo.example")
    body = await cse_id(client, headers)
    meeting = (await client.get(f"/api/v1/bodies/{body}/meetings", headers=headers)).json()["items"][0]["id"]
    await sign_in(client, "secretaire@demo.example")
    await post(client, "/langue", {"lang": "en", "next": f"/reunions/{meeting}"})
    page = await client.get(f"/reunions/{meeting}", headers=HTML)
    assert '<html lang="en">' in page.text
    assert "Agenda" in page.text and "Attendance" in page.text


async def test_a_meeting_in_cayenne_is_shown_at_its_own_hours_with_its_zone(client: Any, auth: Any) -> None:
    from tests.api.meeting_helpers import new_meeting

    headers = await auth("secretaire@demo.example")
    body = await cse_id(client, headers)
    start = in_days(40, hour=15)  # 15 h in Paris is 11 h in Cayenne (UTC−3) in winter, 10 h in summer
    meeting = await new_meeting(
        client, headers, body, start, timezone="America/Cayenne", title="Réunion avec le site de Cayenne"
    )
    local = start.astimezone(ZoneInfo("America/Cayenne"))
    await sign_in(client, "secretaire@demo.example")
    page = await client.get(f"/reunions/{meeting['id']}", headers=HTML)
    assert f"de {local.hour} h 00 à {local.hour + 3} h 00 (heure de Guyane française)" in page.text
    listing = await client.get(f"/instances/{body}/reunions", headers=HTML)
    assert f"{local.hour} h 00 (heure de Guyane française)" in listing.text
