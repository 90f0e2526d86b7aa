"""Issue 6 acceptance with real parts: the meetings, registers and QVT modules emit their events, the
subscribers fill the outbox, the worker sends to a real SMTP server (aiosmtpd), and what arrives or is
served is parsed by icalendar, vobject, ical.js and our RFC 5545/5546 checks (CALENDAR.md §6)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from typing import Any

import pytest
import recurring_ical_events
import vobject
from icalendar import Calendar

from dialogue.core.clock import PARIS, utcnow
from dialogue.feeds import service as feeds_service
from dialogue.feeds.tables import MeetingIcs
from dialogue.meetings.tables import Convocation
from dialogue.notifications import directory
from dialogue.notifications.tables import OutboxMessage
from dialogue.notifications.worker import SmtpConfig, Worker
from tests.api.meeting_helpers import Setup, add_item, agree_agenda, new_meeting, paris, travel
from tests.helpers.clock import FrozenClock
from tests.helpers.ical_checks import assert_rfc_compliant, event_instants
from tests.helpers.icaljs import icaljs_instants
from tests.helpers.problems import assert_problem
from tests.helpers.smtp import SmtpServer, smtp_server

__all__ = ["smtp_server"]

DOMAIN = "demo.example"
FROM = "cse@demo.example"


def worker(settings: Any, server: SmtpServer) -> Worker:
    smtp = SmtpConfig(hostname="127.0.0.1", port=server.port, use_tls=False, timeout=5)
    return Worker(settings=settings, smtp=smtp, clock=lambda: utcnow() + timedelta(minutes=1), rand=random.Random(3))


def parts(message: EmailMessage) -> list[EmailMessage]:
    assert message.get_content_type() == "multipart/alternative"
    return list(message.iter_parts())  # type: ignore[arg-type]


def calendar_part(message: EmailMessage, method: str) -> str:
    """The invitation's text/calendar part, checked against CALENDAR.md M1/M2."""
    kinds = [p.get_content_type() for p in parts(message)]
    assert kinds == ["text/plain", "text/html", "text/calendar"], kinds
    part = parts(message)[2]
    assert part.get_param("method") == method
    assert part.get_content_charset() == "utf-8"
    assert part["Content-Disposition"] is None
    ics = part.get_content()
    assert isinstance(ics, str)
    assert f"\r\nMETHOD:{method}\r\n" in ics.replace("\n", "\r\n").replace("\r\r\n", "\r\n")
    return ics.replace("\r\n", "\n").replace("\n", "\r\n")


def text_of(message: EmailMessage) -> str:
    content = parts(message)[0].get_content()
    assert isinstance(content, str)
    return content


def by_recipient(server: SmtpServer) -> dict[str, EmailMessage]:
    """The sink's messages keyed by their single envelope recipient (one message per recipient)."""
    found: dict[str, EmailMessage] = {}
    for envelope, message in zip(server.sink.envelopes, server.sink.messages, strict=True):
        assert len(envelope.rcpt_tos) == 1, envelope.rcpt_tos
        assert envelope.mail_from == FROM
        found[envelope.rcpt_tos[0]] = message
    return found


def the_event(ics: str) -> Any:
    (event,) = Calendar.from_ical(ics).walk("VEVENT")
    return event


async def feed_text(client: Any, headers: dict[str, str]) -> str:
    created = await client.post("/api/v1/me/calendar-feeds", headers=headers, json={})
    assert created.status_code == 201, created.text
    feeds_service.CACHE.invalidate()
    response = await client.get(created.json()["url"].removeprefix("http://testserver"))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    return str(response.text)


def feed_event(ics: str, uid: str) -> Any:
    events = [e for e in Calendar.from_ical(ics).walk("VEVENT") if str(e["UID"]) == uid]
    assert len(events) == 1, f"{uid}: {len(events)} events"
    return events[0]


# ---------------------------------------------------------------- the acceptance of issue 6


async def test_convening_delivers_one_valid_invitation_per_convoked_person_and_cancelling_the_cancel(
    client: Any, monkeypatch: pytest.MonkeyPatch, smtp_server: SmtpServer, settings: Any
) -> None:
    setup = await Setup(client, monkeypatch).start()
    meeting, _ = await setup.convened(
        paris(2026, 12, 15, 14), item={"title": "Budget des activités sociales et culturelles 2027", "kind": "vote"}
    )
    mid, uid = meeting["id"], f"meeting-{meeting['id']}@{DOMAIN}"
    convoked = await directory.convocation_list(meeting_id=mid)
    assert len(convoked) >= 5

    sent = await worker(settings, smtp_server).run_once()
    mails = by_recipient(smtp_server)
    assert sent.sent == len(convoked) == len(smtp_server.sink.envelopes)
    assert sorted(mails) == sorted(p.recipient.email for p in convoked)
    # Issue 13: the agenda recipients who are not convoked (inspector, CARSAT, médecin du travail) are not asked
    # to answer; tests/security/test_mail_invitations.py holds their side.
    non_participants = settings.mail_non_participant_capacities
    informed = {p.recipient.email for p in convoked if p.capacity in non_participants}
    for email, message in mails.items():
        kind = "Ordre du jour" if email in informed else "Convocation"
        assert str(message["Subject"]).startswith(f"{kind} : [CSE de l'Association Les Tilleuls] Réunion du 15/12")
        # Issue 13: each convocation has its own Message-ID and refers to the meeting's thread root.
        assert message["Message-ID"] != f"<meeting-{mid}@{DOMAIN}>"
        assert message["In-Reply-To"] == message["References"] == f"<meeting-{mid}@{DOMAIN}>"
        assert "Budget des activités sociales et culturelles 2027" in text_of(message)
        ics = calendar_part(message, "REQUEST")
        assert_rfc_compliant(ics, "REQUEST", sequence=meeting["sequence"])
        event = the_event(ics)
        assert str(event["UID"]) == uid
        assert str(event["ORGANIZER"]) == f"mailto:{FROM}"
        (attendee,) = [event["ATTENDEE"]]
        assert str(attendee) == f"mailto:{email}"
        if email in informed:
            assert (attendee.params["ROLE"], attendee.params["RSVP"]) == ("NON-PARTICIPANT", "FALSE")
        else:
            assert attendee.params["RSVP"] == "TRUE" and attendee.params["PARTSTAT"] == "NEEDS-ACTION"
        vobject.readOne(ics).serialize(validate=True)
        assert icaljs_instants(ics)[uid][0] == "2026-12-15T13:00:00.000Z"
    convocation_ids = {str(m["Message-ID"]) for m in mails.values()}
    assert len(convocation_ids) == len(mails)  # issue 13: never one Message-ID for two messages
    proofs = await Convocation.select(Convocation.sent_at).where(
        Convocation.id.is_in([p.convocation_id for p in convoked])
    )
    assert all(p["sent_at"] is not None for p in proofs), "proof of sending kept (L2315-30)"

    cancelled = await client.post(
        f"/api/v1/meetings/{mid}/cancel", headers=setup.secretary, json={"reason": "Président indisponible"}
    )
    assert cancelled.status_code == 200, cancelled.text
    sequence = cancelled.json()["sequence"]
    assert sequence > meeting["sequence"]
    smtp_server.sink.envelopes.clear()
    assert (await worker(settings, smtp_server).run_once()).sent == len(convoked)
    for email, message in by_recipient(smtp_server).items():
        assert str(message["Subject"]).startswith("Annulé : [CSE de l'Association Les Tilleuls] Réunion du 15/12")
        assert message["In-Reply-To"] == f"<meeting-{mid}@{DOMAIN}>" == message["References"]
        assert str(message["Message-ID"]) not in convocation_ids
        ics = calendar_part(message, "CANCEL")
        assert_rfc_compliant(ics, "CANCEL", sequence=sequence)
        event = the_event(ics)
        assert (str(event["UID"]), str(event["STATUS"]), int(event["SEQUENCE"])) == (uid, "CANCELLED", sequence)
        assert str(event["ATTENDEE"]) == f"mailto:{email}"

    feed = await feed_text(client, setup.secretary)
    assert_rfc_compliant(feed, "PUBLISH")
    in_feed = feed_event(feed, uid)
    assert str(in_feed["STATUS"]) == "CANCELLED"
    assert int(in_feed["SEQUENCE"]) == sequence > meeting["sequence"]
    assert str(in_feed["SUMMARY"]).startswith("ANNULÉ – ")
    assert "ATTENDEE" not in in_feed


async def test_rescheduling_a_convened_meeting_sends_a_threaded_update_with_the_same_uid_and_sequence_plus_one(
    client: Any, monkeypatch: pytest.MonkeyPatch, smtp_server: SmtpServer, settings: Any
) -> None:
    setup = await Setup(client, monkeypatch).start()
    meeting, _ = await setup.convened(paris(2026, 12, 15, 14))
    await worker(settings, smtp_server).run_once()
    first = by_recipient(smtp_server)
    smtp_server.sink.envelopes.clear()

    moved = await client.patch(
        f"/api/v1/meetings/{meeting['id']}",
        headers=setup.secretary,
        json={
            "starts_at": paris(2026, 12, 17, 9, 30).isoformat(),
            "ends_at": paris(2026, 12, 17, 12).isoformat(),
            "reason": "Salle indisponible",
            "acknowledge_late": True,
            "late_reason": "report demandé par les élus",
        },
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["sequence"] == meeting["sequence"] + 1
    await worker(settings, smtp_server).run_once()
    updates = by_recipient(smtp_server)
    assert set(updates) == set(first)
    for email, message in updates.items():
        assert str(message["Subject"]).startswith("Modifié : [CSE de l'Association Les Tilleuls] Réunion du 17/12")
        assert message["In-Reply-To"] == message["References"] == first[email]["References"]
        assert message["Message-ID"] != first[email]["Message-ID"]
        assert "au lieu du mardi 15 décembre 2026 à 14 h" in text_of(message)
        ics = calendar_part(message, "REQUEST")
        assert_rfc_compliant(ics, "REQUEST", sequence=meeting["sequence"] + 1)
        before, after = the_event(calendar_part(first[email], "REQUEST")), the_event(ics)
        assert after["UID"] == before["UID"]
        assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
        assert after.decoded("DTSTART").astimezone(UTC) == datetime(2026, 12, 17, 8, 30, tzinfo=UTC)


async def test_someone_convoked_only_after_a_reschedule_gets_a_convocation_not_an_update(
    client: Any, monkeypatch: pytest.MonkeyPatch, smtp_server: SmtpServer, settings: Any
) -> None:
    setup = await Setup(client, monkeypatch).start()
    meeting, _ = await setup.convened(paris(2026, 12, 15, 14))
    await worker(settings, smtp_server).run_once()
    first = set(by_recipient(smtp_server))
    smtp_server.sink.envelopes.clear()
    invited = await client.post(
        f"/api/v1/meetings/{meeting['id']}/invitees",
        headers=setup.secretary,
        json={"capacity": "other", "full_name": "Léa Perrin", "email": "lea.perrin@conseil.example"},
    )
    assert invited.status_code == 201, invited.text
    moved = await client.patch(
        f"/api/v1/meetings/{meeting['id']}",
        headers=setup.secretary,
        json={"location": "Salle Jean Moulin, IME La Source"},
    )
    assert moved.status_code == 200, moved.text
    await worker(settings, smtp_server).run_once()
    mails = by_recipient(smtp_server)
    assert str(mails["lea.perrin@conseil.example"]["Subject"]).startswith("Convocation : ")
    assert "lea.perrin@conseil.example" not in first
    assert all(str(mails[email]["Subject"]).startswith("Modifié : ") for email in first)
    assert "Salle Jean Moulin" in text_of(mails["lea.perrin@conseil.example"])


async def test_meeting_uid_is_stable_across_re_render_and_a_new_app(
    client: Any, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    from httpx import ASGITransport, AsyncClient

    from dialogue.app import create_app

    setup = await Setup(client, monkeypatch).start()
    meeting = await new_meeting(client, setup.secretary, setup.cse, paris(2026, 12, 22, 14), title="Réunion de Noël")
    created = await client.post("/api/v1/me/calendar-feeds", headers=setup.secretary, json={})
    path = created.json()["url"].removeprefix("http://testserver")
    feeds_service.CACHE.invalidate()
    first = (await client.get(path)).content
    uid = f"meeting-{meeting['id']}@{DOMAIN}"
    assert str(feed_event(first.decode(), uid)["STATUS"]) == "TENTATIVE"

    await MeetingIcs.delete(force=True)  # stored texts gone: rendered again, lazily, byte for byte
    feeds_service.CACHE.invalidate()
    assert (await client.get(path)).content == first
    async with AsyncClient(
        transport=ASGITransport(app=create_app(settings, manage_engine=False)), base_url="http://testserver"
    ) as fresh:
        feeds_service.CACHE.invalidate()
        assert (await fresh.get(path)).content == first

    edited = await client.patch(
        f"/api/v1/meetings/{meeting['id']}",
        headers=setup.secretary,
        json={"starts_at": paris(2026, 12, 23, 9).isoformat(), "ends_at": paris(2026, 12, 23, 12).isoformat()},
    )
    assert edited.status_code == 200
    feeds_service.CACHE.invalidate()
    after = feed_event((await client.get(path)).text, uid)
    before = feed_event(first.decode(), uid)
    assert after["UID"] == before["UID"]
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    assert after.decoded("LAST-MODIFIED") >= before.decoded("LAST-MODIFIED")


async def test_dst_change_days_are_right_through_the_real_feed(
    client: Any, monkeypatch: pytest.MonkeyPatch, frozen_clock: FrozenClock
) -> None:
    setup = await Setup(client, monkeypatch).start(paris(2026, 3, 1, 9))
    frozen_clock.set(paris(2026, 3, 1, 9))
    spring = await new_meeting(client, setup.secretary, setup.cse, paris(2026, 3, 29, 9, 30), title="Printemps")
    autumn = await new_meeting(client, setup.secretary, setup.cse, paris(2026, 10, 25, 9, 30), title="Automne")
    feed = await feed_text(client, setup.secretary)
    assert_rfc_compliant(feed, "PUBLISH")
    uids = {f"meeting-{spring['id']}@{DOMAIN}": "07:30", f"meeting-{autumn['id']}@{DOMAIN}": "08:30"}
    for via in ("icalendar", "vobject", "recurring-ical-events", "x-wr-timezone"):
        instants = event_instants(feed, via=via)  # type: ignore[arg-type]
        assert instants[f"meeting-{spring['id']}@{DOMAIN}"][0] == datetime(2026, 3, 29, 7, 30, tzinfo=UTC), via
        assert instants[f"meeting-{autumn['id']}@{DOMAIN}"][0] == datetime(2026, 10, 25, 8, 30, tzinfo=UTC), via
    on_day = recurring_ical_events.of(Calendar.from_ical(feed)).at((2026, 3, 29))
    assert [e.decoded("DTSTART").isoformat() for e in on_day if str(e["UID"]) in uids] == ["2026-03-29T09:30:00+02:00"]
    seen = icaljs_instants(feed)
    for uid, hour in uids.items():
        assert seen[uid][0].endswith(f"T{hour}:00.000Z"), seen[uid]


async def test_confidential_agenda_items_are_absent_from_the_feed_and_untitled_in_the_convocation(
    client: Any, monkeypatch: pytest.MonkeyPatch, smtp_server: SmtpServer, settings: Any
) -> None:
    setup = await Setup(client, monkeypatch).start()
    meeting = await new_meeting(client, setup.secretary, setup.cse, paris(2026, 12, 15, 14))
    await add_item(client, setup.secretary, meeting["id"], title="Situation de trésorerie", kind="information")
    await add_item(
        client,
        setup.secretary,
        meeting["id"],
        title="Projet de cession de l'IME Les Peupliers",
        kind="consultation",
        confidential=True,
    )
    await agree_agenda(client, setup.secretary, setup.director, meeting["id"])
    convened = await client.post(
        f"/api/v1/meetings/{meeting['id']}/convene",
        headers=setup.secretary,
        json={"acknowledge_late": True, "late_reason": "réunion de test"},
    )
    assert convened.status_code == 200, convened.text
    feed = await feed_text(client, setup.elu)
    assert "Peupliers" not in feed and "cession" not in feed
    assert "Situation de trésorerie" in feed
    await worker(settings, smtp_server).run_once()
    for message in by_recipient(smtp_server).values():
        assert "Peupliers" not in message.as_string()
        assert "Point confidentiel" in text_of(message)
        assert "Peupliers" not in calendar_part(message, "REQUEST")


async def test_feed_shows_legal_deadlines_as_all_day_events(client: Any, auth: Any) -> None:
    feed = await feed_text(client, await auth("secretaire@demo.example"))
    assert_rfc_compliant(feed, "PUBLISH")
    deadlines = [e for e in Calendar.from_ical(feed).walk("VEVENT") if "-due-" in str(e["UID"])]
    kinds = {str(e["UID"]).split("-due-")[0] for e in deadlines}
    assert {"consultation", "register"} <= kinds, kinds
    for event in deadlines:
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert not isinstance(start, datetime) and end == start + timedelta(days=1)
        assert str(event["SUMMARY"]).startswith("Échéance : ")
        assert str(event["TRANSP"]) == "TRANSPARENT"


async def test_cancelled_meeting_leaves_the_feed_thirty_days_after_its_date(
    client: Any, monkeypatch: pytest.MonkeyPatch, frozen_clock: FrozenClock
) -> None:
    setup = await Setup(client, monkeypatch).start()
    meeting = await new_meeting(client, setup.secretary, setup.cse, paris(2026, 12, 15, 14))
    cancelled = await client.post(
        f"/api/v1/meetings/{meeting['id']}/cancel", headers=setup.secretary, json={"reason": "Report"}
    )
    assert cancelled.status_code == 200
    uid = f"meeting-{meeting['id']}@{DOMAIN}"
    assert uid in await feed_text(client, setup.secretary)
    frozen_clock.set(date(2027, 1, 13))
    assert uid in await feed_text(client, setup.secretary)
    frozen_clock.set(date(2027, 1, 15))
    assert uid not in await feed_text(client, setup.secretary)


# ---------------------------------------------------------------- registers


async def _questions_register(client: Any, headers: dict[str, str], kind: str = "questions") -> int:
    me = (await client.get("/api/v1/me", headers=headers)).json()
    bodies = (await client.get(f"/api/v1/organizations/{me['organization_id']}/bodies", headers=headers)).json()
    cse = next(b for b in bodies["items"] if b["kind"] == "cse")
    registers = (await client.get(f"/api/v1/bodies/{cse['id']}/registers", headers=headers)).json()["items"]
    return int(next(r["id"] for r in registers if r["kind"] == kind))


@pytest.mark.parametrize("confidential", [False, True])
async def test_a_register_entry_reaches_the_direction_with_the_registers_head_digest(
    client: Any, auth: Any, smtp_server: SmtpServer, settings: Any, confidential: bool
) -> None:
    elu = await auth("elu@demo.example")
    rid = await _questions_register(client, elu)
    meeting_on = (datetime.now(PARIS).date() + timedelta(days=10)).isoformat()
    payload: dict[str, Any] = {
        "subject": "Remplacement des congés maternité à l'IME",
        "fields": {"question": "Combien de postes seront pourvus en CDD ?", "meeting_on": meeting_on},
    }
    if confidential:
        payload |= {"confidential": True, "confidentiality_reason": "Situation individuelle"}
    response = await client.post(f"/api/v1/registers/{rid}/entries", headers=elu, json=payload)
    assert response.status_code == 201, response.text
    entry = response.json()
    head = (await client.get(f"/api/v1/registers/{rid}", headers=elu)).json()["head"]
    await worker(settings, smtp_server).run_once()
    mails = by_recipient(smtp_server)
    assert "direction@demo.example" in mails
    assert "elu@demo.example" not in mails
    for message in mails.values():
        text = text_of(message)
        assert head["hash"][:16] in text.replace("\n", "")
        assert f"n° {entry['number']}" in text
        assert "text/calendar" not in message.as_string()
        if confidential:
            assert "Entrée confidentielle" in text
            assert "congés maternité" not in message.as_string()
            assert "CDD" not in message.as_string()
        else:
            assert "Remplacement des congés maternité" in str(message["Subject"])


async def test_answer_goes_to_the_author_and_a_dgi_disagreement_to_the_president_and_secretary(
    client: Any, auth: Any, smtp_server: SmtpServer, settings: Any
) -> None:
    elu, direction = await auth("elu@demo.example"), await auth("direction@demo.example")
    rid = await _questions_register(client, elu, "dgi")
    fields = {
        "workstations": "Cuisine centrale, poste de plonge",
        "danger_nature": "Électrisation",
        "danger_cause": "Câble du lave-vaisselle dénudé au contact de l'eau",
        "exposed_workers": ["Fatou Sy", "Marc Olivier"],
    }
    entry = (
        await client.post(f"/api/v1/registers/{rid}/entries", headers=elu, json={"subject": "Plonge", "fields": fields})
    ).json()
    steps = f"/api/v1/entries/{entry['id']}/dgi-transitions"
    investigating = await client.post(
        steps, headers=direction, json={"state": "investigating", "body": "Enquête ce jour"}
    )
    assert investigating.status_code == 200
    await worker(settings, smtp_server).run_once()
    answer = by_recipient(smtp_server)["elu@demo.example"]
    assert str(answer["Subject"]).startswith("Réponse : [CSE de l'Association Les Tilleuls]")
    assert answer["In-Reply-To"] == answer["References"] == f"<entry-{entry['id']}@{DOMAIN}>"
    assert "Enquête ce jour" in text_of(answer)
    assert investigating.json()["head"]["hash"][:16] in text_of(answer).replace("\n", "")

    smtp_server.sink.envelopes.clear()
    disagreement = await client.post(
        steps, headers=elu, json={"state": "disagreement", "body": "Le câble n'a pas été remplacé."}
    )
    assert disagreement.status_code == 200, disagreement.text
    await worker(settings, smtp_server).run_once()
    notices = by_recipient(smtp_server)
    assert {"direction@demo.example", "secretaire@demo.example"} <= set(notices)
    assert "elu@demo.example" not in notices  # the author wrote the disagreement himself
    text = text_of(notices["secretaire@demo.example"])
    assert "désaccord" in str(notices["secretaire@demo.example"]["Subject"])
    assert "L4132-3" in text and "vingt-quatre heures" in text
    assert "(heure locale, Europe/Paris)" in " ".join(text.split())  # the 24-hour limit in local time, zone named
    assert disagreement.json()["head"]["hash"][:16] in text.replace("\n", "")
    assert notices["secretaire@demo.example"]["In-Reply-To"] == f"<entry-{entry['id']}@{DOMAIN}>"


# ---------------------------------------------------------------- QVT barometer


async def test_barometer_invitations_are_sent_and_no_outbox_row_keeps_a_code(
    client: Any, auth: Any, smtp_server: SmtpServer, settings: Any
) -> None:
    from tests.api.qvt_helpers import new_barometer

    director = await auth("direction@demo.example")
    barometer = await new_barometer(client, director)
    emails = ["a.martin@demo.example", "b.leroy@demo.example"]
    response = await client.post(
        f"/api/v1/barometers/{barometer['id']}/invitations",
        headers=director,
        json={"groups": [{"count": 1, "emails": emails}]},
    )
    assert response.status_code == 201, response.text
    rows = await OutboxMessage.select().where(OutboxMessage.kind == "barometer_invitation")
    assert len(rows) == 2
    assert all(r["secret"].startswith("http://testserver/barometer/") for r in rows)
    assert all(r["secret"] not in r["body_text"] + (r["body_html"] or "") + r["dedupe_key"] for r in rows)
    assert all(r["recipient_user"] is None for r in rows)
    links = {r["secret"] for r in rows}

    await worker(settings, smtp_server).run_once()
    mails = by_recipient(smtp_server)
    assert sorted(mails) == emails
    delivered = {line.strip() for m in mails.values() for line in text_of(m).splitlines() if "/barometer/" in line}
    assert delivered == links
    after = await OutboxMessage.select().where(OutboxMessage.kind == "barometer_invitation")
    assert [r["status"] for r in after] == ["sent", "sent"]
    codes = {link.rsplit("/", 1)[1] for link in links}
    for row in after:
        assert row["secret"] is None
        assert not any(code in str(value) for value in row.values() for code in codes)


# ---------------------------------------------------------------- scheduled notices


async def test_notify_due_sends_reminders_and_deadlines_once(
    client: Any, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    from dialogue.notifications.due import notify_due

    setup = await Setup(client, monkeypatch).start()
    meeting, _ = await setup.convened(paris(2026, 12, 15, 14))
    first = await notify_due(settings=settings, today=date(2026, 12, 14))
    assert first.reminders >= 4
    again = await notify_due(settings=settings, today=date(2026, 12, 14))
    assert (again.reminders, again.register_deadlines, again.consultation_deadlines, again.minutes_deadlines) == (
        0,
        0,
        0,
        0,
    )
    reminders = await OutboxMessage.select().where(OutboxMessage.kind == "reminder")
    assert len(reminders) == first.reminders
    assert all(r["thread_root"] == f"<meeting-{meeting['id']}@{DOMAIN}>" for r in reminders)
    assert all(r["category"] == "reminder" for r in reminders)
    recipients = {r["recipient_email"] for r in reminders}
    assert "karim.haddad@demo.example" not in recipients  # turned reminders off (demo preferences)
    # Issue 13: no reminder to the agenda recipients who are not convoked (they cannot turn reminders off).
    assert not recipients & {"aurelie.brun@dreets.example", "y.morel@carsat-ra.example"}
    assert (await notify_due(settings=settings, today=date(2026, 12, 13))).reminders == 0  # two days before


async def test_notify_due_tells_the_direction_of_a_register_deadline_near_then_overdue(
    client: Any, auth: Any, settings: Any
) -> None:
    from dialogue.notifications.due import notify_due

    elu = await auth("elu@demo.example")
    rid = await _questions_register(client, elu)
    meeting_on = (datetime.now(PARIS).date() + timedelta(days=10)).isoformat()
    created = await client.post(
        f"/api/v1/registers/{rid}/entries",
        headers=elu,
        json={"subject": "Effectifs de nuit", "fields": {"question": "Combien ?", "meeting_on": meeting_on}},
    )
    assert created.status_code == 201, created.text
    entry = created.json()
    due = date.fromisoformat(entry["due_on"])
    near = await notify_due(settings=settings, today=due - timedelta(days=1))
    assert near.register_deadlines >= 1
    assert (await notify_due(settings=settings, today=due - timedelta(days=1))).register_deadlines == 0
    overdue = await notify_due(settings=settings, today=due + timedelta(days=1))
    assert overdue.register_deadlines >= 1
    rows = await OutboxMessage.select().where(OutboxMessage.dedupe_key.like(f"deadline:entry{entry['id']}:%"))
    assert {r["kind"] for r in rows} == {"deadline_near", "deadline_overdue"}
    assert {r["recipient_email"] for r in rows} >= {"direction@demo.example"}
    assert all("Empreinte du registre" in r["body_text"] and "Effectifs de nuit" in r["body_text"] for r in rows)
    assert not any(r["recipient_email"] == "elu@demo.example" for r in rows)


def test_notify_due_rejects_a_malformed_date(capsys: pytest.CaptureFixture[str]) -> None:
    from dialogue.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["notify-due", "--today", "15/12/2026"])
    assert exit_info.value.code == 2
    assert "AAAA-MM-JJ" in capsys.readouterr().err


async def test_a_past_meeting_cannot_be_convened_so_no_convocation_is_queued(
    client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    setup = await Setup(client, monkeypatch).start()
    meeting = await new_meeting(client, setup.secretary, setup.cse, paris(2026, 12, 15, 14))
    await add_item(client, setup.secretary, meeting["id"], title="Point", kind="information")
    await agree_agenda(client, setup.secretary, setup.director, meeting["id"])
    travel(monkeypatch, paris(2026, 12, 16, 9))
    assert_problem(
        await client.post(f"/api/v1/meetings/{meeting['id']}/convene", headers=setup.secretary, json={}), 409
    )
    assert not await OutboxMessage.exists().where(OutboxMessage.dedupe_key.like(f"convocation:m{meeting['id']}:%"))
