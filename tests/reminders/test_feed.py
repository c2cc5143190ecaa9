"""The private calendar feed: on, off and reset from the page; RFC 5545 read back with
`icalendar`; events, alarms and the time zone across London's spring change."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
from icalendar import Calendar

from sleepapp.reminders import service, views
from sleepapp.reminders.models import CalendarFeed
from sleepapp.reminders.rules import Kind
from tests.reminders.conftest import add_window

FEED_URL = re.compile(
    r'id="feed-url" type="url" readonly value="(http://localhost/calendar/[A-Za-z0-9_-]{40,}\.ics)"'
)


def turn_on(client) -> str:  # type: ignore[no-untyped-def]
    resp = client.post("/account/reminders/calendar")
    assert resp.status_code == 200
    match = FEED_URL.search(resp.get_data(as_text=True))
    assert match, "the new address is shown once"
    return match.group(1).removeprefix("http://localhost")


@pytest.fixture
def march(monkeypatch):  # type: ignore[no-untyped-def]
    """The feed is built on Wednesday 25 March 2026, the week of London's clock change."""
    monkeypatch.setattr(views, "utcnow", lambda: datetime(2026, 3, 25, 12, 0, tzinfo=UTC))


@pytest.fixture
def chosen(user):  # type: ignore[no-untyped-def]
    add_window(user, date(2026, 3, 20), wake="06:30", minutes=420)  # bedtime 23:30
    service.save_settings(
        user, {Kind.LOG_DIARY: (True, 30), Kind.WIND_DOWN: (True, 30), Kind.BEDTIME: (True, None)}
    )
    return user


def events(body: bytes) -> list:  # type: ignore[type-arg]
    return list(Calendar.from_ical(body).walk("VEVENT"))


def test_turning_on_shows_the_address_once_and_stores_only_its_hash(client, chosen) -> None:  # type: ignore[no-untyped-def]
    path = turn_on(client)
    token = path.removeprefix("/calendar/").removesuffix(".ics")
    feed = service.calendar_feed(chosen)
    assert feed is not None and feed.token_hash == service.token_hash(token) and token not in feed.token_hash
    assert token not in client.get("/account/reminders").get_data(as_text=True)


def test_the_feed_across_the_dst_weekend(client, chosen, march) -> None:  # type: ignore[no-untyped-def]
    resp = client.get(turn_on(client))
    assert resp.status_code == 200
    assert resp.mimetype == "text/calendar"
    assert "no-store" in resp.headers["Cache-Control"]
    cal = Calendar.from_ical(resp.data)
    assert cal["VERSION"] == "2.0" and cal["X-WR-TIMEZONE"] == "Europe/London"

    # The VTIMEZONE itself carries the change on Sunday 29 March at 01:00 UTC.
    [vtimezone] = cal.walk("VTIMEZONE")
    assert vtimezone["TZID"] == "Europe/London"
    tz = vtimezone.to_tz()
    assert datetime(2026, 3, 28, 7, 0, tzinfo=tz).utcoffset() == timedelta(0)
    assert datetime(2026, 3, 29, 7, 0, tzinfo=tz).utcoffset() == timedelta(hours=1)

    found: dict[tuple[str, date], datetime] = {}
    for event in cal.walk("VEVENT"):
        start = event.decoded("DTSTART")
        assert event["DTSTART"].params["TZID"] == "Europe/London"
        [alarm] = event.walk("VALARM")
        assert alarm["ACTION"] == "DISPLAY" and alarm.decoded("TRIGGER") == timedelta(0)
        found[(str(event["SUMMARY"]), start.date())] = start
    log, bed, wind = "Log last night", "Bedtime: not before 23:30", "Start winding down"
    assert {s for s, _ in found} == {log, bed, wind}
    # Same clock times every day; the instants move by the hour on Sunday.
    for day in (date(2026, 3, 28), date(2026, 3, 29), date(2026, 3, 30)):
        assert found[(log, day)].time() == time(7, 0)
        assert found[(bed, day)].time() == time(23, 30)
        assert found[(wind, day)].time() == time(23, 0)
    assert found[(log, date(2026, 3, 28))].astimezone(UTC).hour == 7
    assert found[(log, date(2026, 3, 29))].astimezone(UTC).hour == 6
    assert found[(bed, date(2026, 3, 28))].astimezone(UTC) == datetime(2026, 3, 28, 23, 30, tzinfo=UTC)
    assert found[(bed, date(2026, 3, 29))].astimezone(UTC) == datetime(2026, 3, 29, 22, 30, tzinfo=UTC)
    # Up to four weeks ahead; back to the window's first morning (no usual wake time before it).
    days = sorted(d for s, d in found if s == log)
    assert days[0] == date(2026, 3, 21) and days[-1] == date(2026, 4, 22)


def test_the_feed_follows_a_review(client, chosen, march) -> None:  # type: ignore[no-untyped-def]
    path = turn_on(client)
    add_window(chosen, date(2026, 3, 27), wake="06:30", minutes=435, outcome="increase")  # bedtime 23:15
    titles = {(str(e["SUMMARY"]), e.decoded("DTSTART").date()) for e in events(client.get(path).data)}
    assert ("Bedtime: not before 23:30", date(2026, 3, 26)) in titles
    assert ("Bedtime: not before 23:15", date(2026, 3, 27)) in titles
    assert ("Bedtime: not before 23:30", date(2026, 3, 27)) not in titles


def test_event_ids_stay_the_same_between_fetches(client, chosen, march) -> None:  # type: ignore[no-untyped-def]
    path = turn_on(client)
    first = {str(e["UID"]) for e in events(client.get(path).data)}
    assert first == {str(e["UID"]) for e in events(client.get(path).data)}


def test_a_reset_stops_the_old_address(client, chosen) -> None:  # type: ignore[no-untyped-def]
    old = turn_on(client)
    assert client.get(old).status_code == 200
    new = turn_on(client)
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_turning_off_stops_the_address(client, chosen) -> None:  # type: ignore[no-untyped-def]
    path = turn_on(client)
    resp = client.post("/account/reminders/calendar/off")
    assert resp.status_code == 302
    assert client.get(path).status_code == 404
    assert service.calendar_feed(chosen) is None


def test_calendar_buttons_need_the_csrf_token(client, chosen) -> None:  # type: ignore[no-untyped-def]
    assert client.post("/account/reminders/calendar", csrf=False).status_code == 400
    assert service.calendar_feed(chosen) is None


@pytest.mark.parametrize("token", ["nothing", "x" * 43, "x" * 500])
def test_unknown_addresses_are_404(client, token) -> None:  # type: ignore[no-untyped-def]
    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_without_a_window_only_the_morning_event(client, user, march) -> None:  # type: ignore[no-untyped-def]
    user.wake_time = "07:15"
    service.save_settings(user, {Kind.LOG_DIARY: (True, 30), Kind.BEDTIME: (True, None)})
    body = client.get(turn_on(client)).data
    assert {str(e["SUMMARY"]) for e in events(body)} == {"Log last night"}
    assert {e.decoded("DTSTART").time() for e in events(body)} == {time(7, 45)}
    assert CalendarFeed.__tablename__ == "calendar_feeds"
