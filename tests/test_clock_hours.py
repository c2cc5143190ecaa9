"""The person's clock (docs/design.md §2.10): the locale table that picks 12 or 24 hours at
registration (clock.locale_clock_hours, pure) and the `clock` filter that writes times for
people (templating.py)."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest
from flask import render_template_string

from sleepapp.clock import locale_clock_hours
from sleepapp.diary import metrics as m
from sleepapp.templating import clock, local_moment
from tests.factories import make_user

NBSP = "\N{NO-BREAK SPACE}"


@pytest.mark.parametrize(
    ("languages", "hours"),
    [
        (["en-US", "en"], 12),
        (["en-US"], 12),
        (["en"], 12),  # English without a region: the United States' clock (CLDR)
        (["en-CA"], 12),
        (["en-AU"], 12),
        (["en-IN"], 12),
        (["en-PH"], 12),
        (["es-MX"], 12),
        (["es-419"], 12),
        (["ar"], 12),
        (["ar-EG"], 12),
        (["hi-IN"], 12),
        (["ko-KR"], 12),
        (["zh-TW"], 12),
        (["zh-Hant-TW"], 12),  # a script between language and region
        (["en_us"], 12),  # underscores and any case, as some clients send them
        (["en-GB"], 24),
        (["en-IE"], 24),
        (["en-ZA"], 24),
        (["ar-MA"], 24),
        (["es-ES"], 24),
        (["es"], 24),
        (["de-DE"], 24),
        (["fr-CA"], 24),
        (["pt-BR"], 24),
        (["ja-JP"], 24),
        (["zh-CN"], 24),
        (["de-DE", "en-US"], 24),  # only the most preferred language counts
        (["*", "en-US"], 12),  # a wildcard says nothing
        ([], 24),
        ([""], 24),
        (["x"], 24),
    ],
)
def test_locale_table(languages, hours):
    assert locale_clock_hours(languages) == hours


def test_clock_filter_without_a_person_writes_24_hours(app):
    with app.test_request_context("/"):
        assert clock(time(22, 30)) == "22:30"
        assert clock(time(0, 5)) == "00:05"
        assert clock("06:45") == "06:45"  # stored "HH:MM" text, as wake times are kept
        assert clock(time(22, 30), hour12=True) == f"10:30{NBSP}PM"
        assert clock("00:15", hour12=True) == f"12:15{NBSP}AM"


@pytest.mark.parametrize("value", [None, "", "junk", "25:00", 7])
def test_clock_filter_shows_a_dash_for_what_is_not_a_time(app, value):
    with app.test_request_context("/"):
        assert clock(value) == "–"


@pytest.mark.parametrize(("hours", "shown"), [(24, "22:30 | 06:05"), (12, f"10:30{NBSP}PM | 6:05{NBSP}AM")])
def test_clock_filter_follows_the_logged_in_person(app, hours, shown):
    from flask_login import login_user

    person = make_user(clock_hours=hours)
    person.login_key = "test"  # what start_login sets; only get_id needs it
    with app.test_request_context("/"):
        login_user(person)
        assert render_template_string("{{ t|clock }} | {{ w|clock }}", t=time(22, 30), w="06:05") == shown
        # An explicit clock wins (a report read by someone else follows its owner's).
        assert render_template_string("{{ t|clock(false) }}", t=time(22, 30)) == "22:30"
        moment = datetime(2026, 7, 1, 21, 30, tzinfo=UTC)  # 22:30 in London (BST)
        assert local_moment(moment) == "Wed 1 Jul 2026, " + shown.split(" | ")[0]


# ---------------------------------------------------------------- the diary's messages

NIGHT = {
    "date": "2026-06-02",
    "in_bed": "23:00",
    "tried_to_sleep": "23:15",
    "sleep_latency_min": 10,
    "awakenings": 0,
    "awake_min": 0,
    "final_wake": "06:30",
    "out_of_bed": "07:00",
    "quality": 3,
}


@pytest.mark.parametrize(
    ("changed", "field", "in_24", "in_12"),
    [
        ({"tried_to_sleep": "11:15"}, "in_bed", "Tried to sleep 23:15?", f"Tried to sleep 11:15{NBSP}PM?"),
        (
            {"in_bed": "23:30", "tried_to_sleep": "23:00"},
            "tried_to_sleep",
            "(23:00) before getting into bed (23:30)",
            f"(11:00{NBSP}PM) before getting into bed (11:30{NBSP}PM)",
        ),
    ],
)
def test_diary_errors_write_times_in_the_persons_clock(changed, field, in_24, in_12):
    for hour12, expected in ((False, in_24), (True, in_12)):
        with pytest.raises(m.EntryInvalid) as caught:
            m.clean_entry({**NIGHT, **changed}, ZoneInfo("UTC"), hour12=hour12)
        assert expected in caught.value.fields[field]


def test_slip_warnings_speak_the_clock_but_suggest_hh_mm():
    entry = m.clean_entry({**NIGHT, "in_bed": "10:30", "tried_to_sleep": "10:45"}, ZoneInfo("UTC"))
    (first, *_rest) = m.detect_slips(entry, ZoneInfo("UTC"), hour12=True)
    assert (first.field, first.entered, first.suggested) == ("in_bed", "10:30", "22:30")
    assert first.message.startswith(f"Got into bed 10:30{NBSP}AM: did you mean 10:30{NBSP}PM?")
    (first, *_rest) = m.detect_slips(entry, ZoneInfo("UTC"))
    assert first.message.startswith("Got into bed 10:30: did you mean 22:30?")
