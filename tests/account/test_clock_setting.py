"""The person's clock (docs/design.md §2.10): the setting on the account page and in the API,
and every page that writes times for people following it, while the API keeps HH:MM."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sleepapp.diary import service as diary
from sleepapp.extensions import db
from sleepapp.program.window import service as window_service
from sleepapp.program.window.screen import SCREEN_KEYS
from tests.factories import make_entry, make_nights, span

NBSP = "\N{NO-BREAK SPACE}"
# The same clock time as each clock writes it.
CLOCKS = [(24, "22:30", "06:30"), (12, f"10:30{NBSP}PM", f"6:30{NBSP}AM")]


def _clock_of(user) -> int:  # type: ignore[no-untyped-def]
    db.session.refresh(user)
    return user.clock_hours


# ---------------------------------------------------------------- the setting


def test_account_page_offers_both_clocks_with_the_persons_checked(client, user):
    page = client.get("/account").get_data(as_text=True)
    assert "<legend>How times are written</legend>" in page
    assert "13:30 (24-hour clock)" in page and "1:30 PM (12-hour clock)" in page
    assert 'checked id="clock_hours-0" name="clock_hours" type="radio" value="24"' in page


def test_changing_the_clock(client, user):
    resp = client.post("/account", data={"timezone": "Europe/London", "clock_hours": "12"})
    assert resp.status_code == 302
    assert _clock_of(user) == 12
    page = client.get("/account").get_data(as_text=True)
    assert 'checked id="clock_hours-1" name="clock_hours" type="radio" value="12"' in page
    # A post without the choice (an older page, a script) keeps it.
    assert client.post("/account", data={"timezone": "Asia/Tokyo"}).status_code == 302
    assert _clock_of(user) == 12


@pytest.mark.parametrize("sent", ["13", "0", "twelve", "12.5", "１２"])
def test_a_clock_that_is_not_12_or_24_is_explained(client, user, sent):
    resp = client.post("/account", data={"timezone": "Europe/London", "clock_hours": sent})
    assert resp.status_code == 200
    assert "Choose 24 (13:30) or 12 (1:30 PM)." in resp.get_data(as_text=True)
    assert _clock_of(user) == 24


def test_api_me_shows_and_changes_the_clock(client, auth, user):
    headers = auth.token()
    assert client.get("/api/v1/me", headers=headers).get_json()["clock_hours"] == 24
    resp = client.patch("/api/v1/me", json={"clock_hours": 12}, headers=headers)
    assert resp.status_code == 200 and resp.get_json()["clock_hours"] == 12
    assert _clock_of(user) == 12
    # A field left out is kept.
    resp = client.patch("/api/v1/me", json={"timezone": "Asia/Tokyo"}, headers=headers)
    assert resp.get_json()["clock_hours"] == 12


@pytest.mark.parametrize("sent", [13, "12", None, True])
def test_api_refuses_a_clock_other_than_12_or_24(client, auth, user, sent):
    resp = client.patch("/api/v1/me", json={"clock_hours": sent}, headers=auth.token())
    assert resp.status_code == 422
    assert resp.get_json()["fields"] == {"clock_hours": "12 or 24, as a number."}
    assert _clock_of(user) == 24


def test_the_api_keeps_writing_hh_mm_for_a_12_hour_person(client, auth, user):
    user.clock_hours = 12
    db.session.commit()
    make_entry(user, "2026-06-02", in_bed="22:30", tried_to_sleep="22:45")
    body = client.get("/api/v1/entries/2026-06-02", headers=auth.token()).get_json()
    assert (body["in_bed"], body["out_of_bed"]) == ("22:30", "07:00")


# ---------------------------------------------------------------- pages follow it


@pytest.fixture(params=CLOCKS, ids=["24h", "12h"])
def clock(request, user):  # type: ignore[no-untyped-def]
    """The logged-in person on each clock: (late evening, early morning) as they read them."""
    hours, evening, morning = request.param
    user.clock_hours = hours
    user.timezone = "UTC"  # whole-hour nights, no DST
    db.session.commit()
    return evening, morning


def test_diary_night_and_history(client, user, clock):
    evening, morning = clock
    day = diary.today_for(user) - timedelta(days=1)
    make_entry(user, day, in_bed="22:30", tried_to_sleep="22:45", final_wake="06:30", out_of_bed="06:45")
    night = client.get(f"/diary/{day.isoformat()}").get_data(as_text=True)
    assert f"<dd>{evening}</dd>" in night and f"<dd>{morning}</dd>" in night
    history = client.get("/diary/history").get_data(as_text=True)
    assert evening in history
    other = "10:30" if evening == "22:30" else "22:30"
    assert other not in night and other not in history
    dashboard = client.get("/diary").get_data(as_text=True)  # the timeline's description
    assert f"Bed times ranged {evening}–{evening}" in dashboard


def test_report_night_table(client, user, clock):
    evening, _morning = clock
    make_entry(user, diary.today_for(user) - timedelta(days=2), in_bed="22:30", tried_to_sleep="22:45")
    page = client.get("/report").get_data(as_text=True)
    assert f"<td>{evening}</td>" in page


def test_slip_warning_speaks_the_persons_clock(client, user, clock):
    evening, _morning = clock
    day = diary.today_for(user) - timedelta(days=1)
    data = {
        "date": day.isoformat(),
        "in_bed": "10:30",  # meant 22:30
        "tried_to_sleep": "10:45",
        "sleep_latency_min": "15",
        "awakenings": "1",
        "awake_min": "10",
        "final_wake": "06:30",
        "out_of_bed": "07:00",
        "quality": "3",
        "action": "save",
    }
    resp = client.post("/diary/new", data=data)
    assert resp.status_code == 422
    typed = "10:30" if evening == "22:30" else f"10:30{NBSP}AM"
    assert f"Got into bed {typed}: did you mean {evening}?" in resp.get_data(as_text=True)
    # The time field keeps what was typed in the picker's own HH:MM.
    assert 'name="in_bed" type="time" value="10:30"' in resp.get_data(as_text=True)


def test_window_home_and_programme_pages(client, user, clock):
    evening, morning = clock
    today = diary.today_for(user)
    make_nights(user, span(today - timedelta(days=7), 7), tst=480, tib=540)
    window = window_service.start_sleep_window(
        user, "06:30", today.isoformat(), {k: False for k in SCREEN_KEYS}, today
    )
    assert window.window_min == 480  # so in bed no earlier than 22:30
    for path in ("/program/window", "/program", "/"):
        page = client.get(path).get_data(as_text=True)
        assert evening in page and morning in page, path
    chart = client.get("/program/window").get_data(as_text=True)
    assert f"8 h 00 min ({evening}–{morning})" in chart  # the chart's summary
