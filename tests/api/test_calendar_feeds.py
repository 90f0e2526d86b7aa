"""Personal calendar feeds over HTTP (CALENDAR.md §6.1, the checks that need no meeting table): tokens,
scope, validators and 304s, HEAD, determinism, and the iCalendar served, parsed by icalendar, vobject,
our RFC helper and Mozilla ical.js. Content comes from fake sources registered in the test."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import vobject
from icalendar import Calendar

from dialogue.auth.tables import User
from dialogue.bodies.tables import Body, Member
from dialogue.core import events
from dialogue.core.clock import PARIS
from dialogue.feeds import service, sources
from dialogue.feeds.events import CalendarFeedIssued, CalendarFeedRevoked
from dialogue.feeds.ics import CalAddress, render_all_day_event, render_event
from dialogue.feeds.tables import CalendarFeed
from tests.helpers.ical_checks import assert_rfc_compliant, event_instants, physical_lines
from tests.helpers.icaljs import icaljs_instants
from tests.helpers.problems import assert_problem

ORGANIZER = CalAddress("cse@demo.example", "Secrétariat du CSE")
STAMP = datetime(2026, 3, 10, 16, 42, 5, tzinfo=UTC)


@dataclass
class FakeMeetings:
    """Stands in for the meetings module: stored VEVENTs per body, a change stamp, a call counter."""

    events: dict[int, list[tuple[str, str]]] = field(default_factory=dict)
    last_modified: datetime = STAMP
    calls: int = 0

    def add(
        self, body_id: int, n: int, start: datetime, *, summary: str = "Réunion ordinaire du CSE", **kw: Any
    ) -> None:
        uid = f"meeting-{n}@demo.example"
        vevent = render_event(
            uid=uid,
            dtstamp=kw.pop("dtstamp", STAMP),
            start=start,
            end=start.astimezone(UTC) + timedelta(hours=2),
            summary=summary,
            organizer=ORGANIZER,
            location="Salle du conseil, EHPAD Les Tilleuls",
            agenda=["Approbation du PV", "Budget des activités sociales et culturelles : 12 500 €"],
            url=f"http://testserver/meetings/{n}",
            last_modified=STAMP,
            **kw,
        )
        self.events.setdefault(body_id, []).append((start.astimezone(UTC).isoformat(), vevent))

    async def __call__(self, request: sources.FeedRequest) -> sources.FeedSlice:
        self.calls += 1
        picked = [
            sources.FeedEvent(sort_key=(key, vevent.split("UID:", 1)[1].split("\r\n", 1)[0]), vevent=vevent)
            for body_id in request.body_ids
            for key, vevent in self.events.get(body_id, [])
        ]
        return sources.FeedSlice(events=picked, last_modified=self.last_modified)


async def deadlines(request: sources.FeedRequest) -> sources.FeedSlice:
    """Stands in for legal deadlines: one all-day item per body."""
    events = [
        sources.FeedEvent(
            sort_key=("2026-04-08", f"deadline-{body_id}@demo.example"),
            vevent=render_all_day_event(
                uid=f"deadline-{body_id}@demo.example",
                dtstamp=STAMP,
                day=date(2026, 4, 8),
                summary="Échéance : réponse motivée au registre (L2315-22)",
                organizer=ORGANIZER,
            ),
        )
        for body_id in request.body_ids
    ]
    return sources.FeedSlice(events=events, last_modified=STAMP - timedelta(days=1))


async def body_id(name: str) -> int:
    row = await Body.select(Body.id).where(Body.name == name).first()
    assert row is not None
    return int(row["id"])


@pytest.fixture
async def fake() -> AsyncIterator[FakeMeetings]:
    meetings = FakeMeetings()
    cse = await body_id("CSE de l'Association Les Tilleuls")
    board = await body_id("Conseil d'administration")
    meetings.add(cse, 1, datetime(2026, 3, 29, 9, 30, tzinfo=PARIS))  # spring DST change day
    meetings.add(cse, 2, datetime(2026, 10, 25, 9, 30, tzinfo=PARIS))  # autumn DST change day
    meetings.add(
        cse, 3, datetime(2026, 5, 12, 14, 0, tzinfo=PARIS), summary="Budget ASC ; vote, « œuvres » \\ prévoyance"
    )
    meetings.add(board, 4, datetime(2026, 6, 20, 10, 0, tzinfo=PARIS), summary="Conseil d'administration")
    # These tests pin the feed's exact content: the real sources (demo meetings and deadlines, tested in
    # test_calendar_feeds_real.py) step aside while the fakes stand in.
    real = dict(sources.registered_sources())
    for name in real:
        sources.unregister_source(name)
    sources.register_source("test-meetings", meetings)
    sources.register_source("test-deadlines", deadlines)
    service.CACHE.invalidate()
    try:
        yield meetings
    finally:
        sources.unregister_source("test-meetings")
        sources.unregister_source("test-deadlines")
        for name, source in real.items():
            sources.register_source(name, source)
        service.CACHE.invalidate()


async def create(client: Any, headers: dict[str, str], **payload: Any) -> dict[str, Any]:
    response = await client.post("/api/v1/me/calendar-feeds", json=payload, headers=headers)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def path_of(feed: dict[str, Any]) -> str:
    return str(feed["url"]).removeprefix("http://testserver")


# ---------------------------------------------------------------- managing feeds


async def test_create_returns_https_and_webcal_urls_and_stores_only_a_digest(client: Any, auth: Any) -> None:
    cse = await body_id("CSE de l'Association Les Tilleuls")
    feed = await create(client, await auth("elu@demo.example"), body_id=cse)
    assert {"id", "url", "webcal_url", "warning"} <= feed.keys()
    assert feed["name"] == "CSE de l'Association Les Tilleuls"
    assert feed["url"].startswith("http://testserver/calendar/")
    assert feed["url"].endswith(".ics")
    assert feed["webcal_url"] == "webcal://" + feed["url"].removeprefix("http://")
    token = feed["url"].rsplit("/", 1)[1].removesuffix(".ics")
    assert len(token) >= 43  # 256 random bits, URL-safe base64 (≥ 128 bits required)
    row = await CalendarFeed.select().where(CalendarFeed.id == feed["id"]).first()
    assert row is not None
    assert row["token_digest"] == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(row.values())
    assert len(feed["url"]) < 200


async def test_list_never_shows_the_secret_again_and_delete_revokes(client: Any, auth: Any, fake: Any) -> None:
    headers = await auth("elu@demo.example")
    first = await create(client, headers)
    second = await create(client, headers, name="Mon agenda CSE")
    listed = (await client.get("/api/v1/me/calendar-feeds", headers=headers)).json()
    assert [item["id"] for item in listed["items"]] == [first["id"], second["id"]]
    assert listed["items"][1]["name"] == "Mon agenda CSE"
    assert all("url" not in item and "token" not in str(item) for item in listed["items"])
    assert (await client.get(path_of(first))).status_code == 200

    assert (await client.delete(f"/api/v1/me/calendar-feeds/{first['id']}", headers=headers)).status_code == 204
    gone = await client.get(path_of(first))
    assert gone.status_code == 404
    assert "BEGIN:VCALENDAR" not in gone.text
    assert (await client.get(path_of(second))).status_code == 200
    assert [
        item["id"] for item in (await client.get("/api/v1/me/calendar-feeds", headers=headers)).json()["items"]
    ] == [second["id"]]
    assert_problem(await client.delete(f"/api/v1/me/calendar-feeds/{first['id']}", headers=headers), 404)


async def test_another_users_feed_cannot_be_revoked(client: Any, auth: Any) -> None:
    feed = await create(client, await auth("elu@demo.example"))
    assert_problem(
        await client.delete(f"/api/v1/me/calendar-feeds/{feed['id']}", headers=await auth("secretaire@demo.example")),
        404,
    )
    assert_problem(
        await client.delete(f"/api/v1/me/calendar-feeds/{feed['id']}", headers=await auth("admin@voisine.example")),
        404,
    )


async def test_body_feed_needs_membership_and_other_organisations_are_404(client: Any, auth: Any) -> None:
    board = await body_id("Conseil d'administration")
    neighbour = await body_id("CSE de La Voisine")
    assert_problem(
        await client.post("/api/v1/me/calendar-feeds", json={"body_id": board}, headers=await auth("elu@demo.example")),
        403,
    )
    assert_problem(
        await client.post(
            "/api/v1/me/calendar-feeds", json={"body_id": neighbour}, headers=await auth("elu@demo.example")
        ),
        404,
    )


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"body_id": "cse"}, "body_id"),
        ({"name": ""}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"token": "choisi-par-moi"}, "token"),
    ],
)
async def test_bad_feed_input_is_422_naming_the_field(
    client: Any, auth: Any, payload: dict[str, Any], field: str
) -> None:
    response = await client.post("/api/v1/me/calendar-feeds", json=payload, headers=await auth("elu@demo.example"))
    body = assert_problem(response, 422)
    assert any(field in error["field"] for error in body["errors"]), body


async def test_feeds_need_authentication(client: Any) -> None:
    assert_problem(await client.post("/api/v1/me/calendar-feeds", json={}), 401)
    assert_problem(await client.get("/api/v1/me/calendar-feeds"), 401)


# ---------------------------------------------------------------- serving: HTTP


async def test_feed_is_text_calendar_with_validators_and_private_caching(client: Any, auth: Any, fake: Any) -> None:
    cse = await body_id("CSE de l'Association Les Tilleuls")
    feed = await create(client, await auth("elu@demo.example"), body_id=cse)
    response = await client.get(path_of(feed))
    assert response.status_code == 200
    content_type = response.headers["content-type"]
    assert content_type.startswith("text/calendar")
    assert "charset=utf-8" in content_type
    assert "method=PUBLISH" in content_type
    assert content_type.count("charset") == 1
    assert "private" in response.headers["cache-control"]
    assert "max-age=300" in response.headers["cache-control"]
    assert response.headers["etag"].startswith('"')
    assert response.headers["content-disposition"] == 'inline; filename="cse-de-l-association-les-tilleuls.ics"'
    assert response.headers["last-modified"].endswith(" GMT")
    assert b"\r\nMETHOD:PUBLISH\r\n" in response.content


async def test_conditional_requests_give_304_until_something_changes(client: Any, auth: Any, fake: Any) -> None:
    cse = await body_id("CSE de l'Association Les Tilleuls")
    feed = await create(client, await auth("elu@demo.example"), body_id=cse)
    first = await client.get(path_of(feed))
    etag, last_modified = first.headers["etag"], first.headers["last-modified"]

    not_modified = await client.get(path_of(feed), headers={"If-None-Match": etag})
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified.headers["etag"] == etag
    assert not_modified.headers["last-modified"] == last_modified
    assert "private" in not_modified.headers["cache-control"]
    assert (await client.get(path_of(feed), headers={"If-Modified-Since": last_modified})).status_code == 304
    assert (await client.get(path_of(feed), headers={"If-Modified-Since": "n'importe quoi"})).status_code == 200
    fresh_ims = {"If-None-Match": '"autre"', "If-Modified-Since": last_modified}
    assert (await client.get(path_of(feed), headers=fresh_ims)).status_code == 200  # If-None-Match wins

    fake.add(cse, 5, datetime(2026, 7, 2, 9, 30, tzinfo=PARIS), summary="Réunion extraordinaire (L2315-27)")
    fake.last_modified = STAMP + timedelta(days=3)
    service.invalidate(organization_id=None)
    changed = await client.get(path_of(feed), headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["etag"] != etag
    assert "Réunion extraordinaire" in changed.content.replace(b"\r\n ", b"").decode()


async def test_a_removed_event_moves_last_modified_forward(client: Any, auth: Any, fake: Any) -> None:
    """A deletion is reflected by no source timestamp: IMS-only clients (Apple) must still get a 200."""
    cse = await body_id("CSE de l'Association Les Tilleuls")
    feed = await create(client, await auth("elu@demo.example"), body_id=cse)
    await client.get(path_of(feed))
    long_ago = datetime(2026, 1, 1, tzinfo=UTC)  # as if the feed and its content dated from January
    await CalendarFeed.update({CalendarFeed.content_changed_at: long_ago, CalendarFeed.created_at: long_ago}).where(
        CalendarFeed.id == feed["id"]
    )
    service.invalidate()
    before = await client.get(path_of(feed))
    assert before.headers["last-modified"] == "Tue, 10 Mar 2026 16:42:05 GMT"  # the sources' latest change

    fake.events[cse].pop()  # removed, and the fake source's own stamp does not move
    service.invalidate()
    after = await client.get(path_of(feed), headers={"If-Modified-Since": before.headers["last-modified"]})
    assert after.status_code == 200
    assert after.headers["etag"] != before.headers["etag"]
    assert after.headers["last-modified"] != before.headers["last-modified"]
    again = await client.get(path_of(feed), headers={"If-Modified-Since": after.headers["last-modified"]})
    assert again.status_code == 304


async def test_output_is_byte_identical_when_nothing_changed(client: Any, auth: Any, fake: Any) -> None:
    feed = await create(client, await auth("elu@demo.example"))
    first = await client.get(path_of(feed))
    service.invalidate()
    calls = fake.calls
    second = await client.get(path_of(feed))
    assert fake.calls == calls + 1  # really assembled again, not served from the cache
    assert first.content == second.content
    assert first.headers["etag"] == second.headers["etag"]
    assert first.headers["last-modified"] == second.headers["last-modified"]


async def test_head_returns_the_same_headers_without_a_body(client: Any, auth: Any, fake: Any) -> None:
    feed = await create(client, await auth("elu@demo.example"))
    get = await client.get(path_of(feed))
    head = await client.head(path_of(feed))
    assert head.status_code == 200
    assert head.content == b""
    for name in ("content-type", "etag", "last-modified", "cache-control", "content-disposition"):
        assert head.headers[name] == get.headers[name], name
    assert head.headers["content-length"] == str(len(get.content))
    assert (await client.head(path_of(feed), headers={"If-None-Match": get.headers["etag"]})).status_code == 304


@pytest.mark.parametrize(
    "path",
    [
        "/calendar/" + "A" * 43 + ".ics",
        "/calendar/court.ics",
        "/calendar/" + "A" * 43,
        "/calendar/../../etc/passwd.ics",
    ],
)
async def test_unknown_tokens_are_404_without_calendar_data(client: Any, fake: Any, path: str) -> None:
    response = await client.get(path)
    assert response.status_code == 404
    assert "VCALENDAR" not in response.text
    assert "VEVENT" not in response.text


# ---------------------------------------------------------------- serving: scope


async def test_feed_shows_only_the_bodies_the_user_sits_in(client: Any, auth: Any, fake: Any) -> None:
    elu_all = await create(client, await auth("elu@demo.example"))
    uids = set(event_instants((await client.get(path_of(elu_all))).content))
    cse = await body_id("CSE de l'Association Les Tilleuls")
    board = await body_id("Conseil d'administration")
    elu = await User.select(User.id).where(User.email == "elu@demo.example").first()
    assert elu is not None
    sits_in = {m["body"] for m in await Member.select(Member.body).where(Member.user == elu["id"])}
    assert uids == {
        "meeting-1@demo.example",
        "meeting-2@demo.example",
        "meeting-3@demo.example",
        *(f"deadline-{b}@demo.example" for b in sits_in),
    }
    assert cse in sits_in
    assert board not in sits_in
    assert "meeting-4@demo.example" not in uids  # a board meeting
    director = await create(client, await auth("direction@demo.example"))
    director_uids = set(event_instants((await client.get(path_of(director))).content))
    assert "meeting-4@demo.example" in director_uids  # the director sits on the board
    assert uids - director_uids == set()


async def test_a_body_feed_stops_working_when_the_mandate_ends(client: Any, auth: Any, fake: Any) -> None:
    clock = [1000.0]
    service.CACHE.monotonic = lambda: clock[0]
    try:
        cse = await body_id("CSE de l'Association Les Tilleuls")
        headers = await auth("elu@demo.example")
        body_feed = await create(client, headers, body_id=cse)
        all_feed = await create(client, headers)
        assert (await client.get(path_of(body_feed))).status_code == 200
        assert (await client.get(path_of(all_feed))).status_code == 200
        user = await User.select(User.id).where(User.email == "elu@demo.example").first()
        assert user is not None
        await Member.update({Member.mandate_end: date.today() - timedelta(days=1)}).where(
            (Member.user == user["id"]) & (Member.body == cse)
        )
        assert (await client.get(path_of(body_feed))).status_code == 200  # within the few cached seconds
        clock[0] += service.CACHE_SECONDS + 0.1
        gone = await client.get(path_of(body_feed))
        assert gone.status_code == 404
        assert "VEVENT" not in gone.text
        rest = await client.get(path_of(all_feed))
        assert rest.status_code == 200
        remaining = set(event_instants(rest.content)) if b"BEGIN:VEVENT" in rest.content else set()
        cse_events = {"meeting-1@demo.example", "meeting-2@demo.example", "meeting-3@demo.example"}
        assert not remaining & (cse_events | {f"deadline-{cse}@demo.example"})  # nothing of the CSE any more
    finally:
        service.CACHE.monotonic = __import__("time").monotonic


async def test_an_inactive_account_loses_its_feeds(client: Any, auth: Any, fake: Any) -> None:
    feed = await create(client, await auth("elu@demo.example"))
    await User.update({User.is_active: False}).where(User.email == "elu@demo.example")
    service.invalidate()
    assert (await client.get(path_of(feed))).status_code == 404


# ---------------------------------------------------------------- serving: the iCalendar itself


async def test_feed_is_rfc_compliant_and_parses_in_every_reader(client: Any, auth: Any, fake: Any) -> None:
    feed = await create(client, await auth("direction@demo.example"))
    ics = (await client.get(path_of(feed))).content
    assert_rfc_compliant(ics, "PUBLISH")
    assert max(len(line.encode()) for line in physical_lines(ics)) <= 75
    calendar = Calendar.from_ical(ics)
    assert str(calendar["X-WR-CALNAME"]) == "Mes instances – dialogue"
    assert str(calendar["NAME"]) == "Mes instances – dialogue"
    assert "REFRESH-INTERVAL" in calendar
    assert "X-PUBLISHED-TTL" in calendar
    vobject.readOne(ics.decode()).serialize(validate=True)
    budget = next(e for e in calendar.walk("VEVENT") if str(e["UID"]) == "meeting-3@demo.example")
    assert str(budget["SUMMARY"]) == "Budget ASC ; vote, « œuvres » \\ prévoyance"
    assert "12 500 €" in str(budget["DESCRIPTION"])
    assert "http://testserver/meetings/3" in str(budget["DESCRIPTION"])


async def test_dst_days_and_all_day_deadlines_map_to_the_same_instants_in_every_reader(
    client: Any, auth: Any, fake: Any
) -> None:
    cse = await body_id("CSE de l'Association Les Tilleuls")
    feed = await create(client, await auth("elu@demo.example"), body_id=cse)
    ics = (await client.get(path_of(feed))).content
    expected = {
        "meeting-1@demo.example": datetime(2026, 3, 29, 7, 30, tzinfo=UTC),
        "meeting-2@demo.example": datetime(2026, 10, 25, 8, 30, tzinfo=UTC),
    }
    for via in ("icalendar", "recurring-ical-events", "x-wr-timezone", "vobject"):
        instants = event_instants(ics, via=via)  # type: ignore[arg-type]
        for uid, start in expected.items():
            assert instants[uid][0] == start, (via, uid)
        assert instants[f"deadline-{cse}@demo.example"] == (date(2026, 4, 8), date(2026, 4, 9))
    js = icaljs_instants(ics)
    assert js["meeting-1@demo.example"][0] == "2026-03-29T07:30:00.000Z"
    assert js["meeting-2@demo.example"][0] == "2026-10-25T08:30:00.000Z"
    assert all(zone != "floating" for _start, _end, zone in js.values())
    lines = ics.decode().split("\r\n")
    assert "DTSTART;VALUE=DATE:20260408" in lines
    assert "DTEND;VALUE=DATE:20260409" in lines


@pytest.fixture
def no_sources() -> Iterator[None]:
    real = dict(sources.registered_sources())
    for name in real:
        sources.unregister_source(name)
    service.CACHE.invalidate()
    try:
        yield
    finally:
        for name, source in real.items():
            sources.register_source(name, source)
        service.CACHE.invalidate()


async def test_an_empty_feed_is_still_a_valid_calendar(client: Any, auth: Any, no_sources: None) -> None:
    feed = await create(client, await auth("secretaire@demo.example"))
    response = await client.get(path_of(feed))
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    assert calendar.walk("VEVENT") == []
    assert len(calendar.walk("VTIMEZONE")) == 1


async def test_issuing_and_revoking_a_feed_emit_domain_events(client: Any, auth: Any) -> None:
    seen: list[Any] = []

    async def collect(event: Any) -> None:
        seen.append(event)

    events.subscribe(CalendarFeedIssued, collect)
    events.subscribe(CalendarFeedRevoked, collect)
    try:
        headers = await auth("elu@demo.example")
        feed = await create(client, headers)
        await client.delete(f"/api/v1/me/calendar-feeds/{feed['id']}", headers=headers)
    finally:
        events._subscribers[CalendarFeedIssued].remove(collect)
        events._subscribers[CalendarFeedRevoked].remove(collect)
    assert [(type(e).__name__, e.feed_id) for e in seen] == [
        ("CalendarFeedIssued", feed["id"]),
        ("CalendarFeedRevoked", feed["id"]),
    ]
