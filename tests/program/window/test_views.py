"""Sleep-window pages: the safety screen, the two-step start, restarts, the weekly review."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from sleepapp.diary.service import today_for
from sleepapp.extensions import db
from sleepapp.program.window import service
from sleepapp.program.window.forms import WAKE_TIME_PICKER_MESSAGE, screen_field_names
from sleepapp.program.window.models import SleepWindow
from sleepapp.program.window.screen import SCREEN_KEYS, SCREEN_QUESTIONS
from tests.factories import make_night, make_nights, span
from tests.program.helpers import text

# Every question part on the page (the apnoea key is asked as two questions).
SCREEN_NO = {name: "no" for q in SCREEN_QUESTIONS for name in screen_field_names(q)}


def test_start_window_two_steps(client, me) -> None:  # type: ignore[no-untyped-def]
    today = today_for(me)
    make_nights(me, span(today - timedelta(days=6), 6), tst=352, tib=420)
    page = text(client.get("/program/window/start"))
    assert "Step 1 of 2" in page and "never drive" in page.lower()
    # step 1 with a question left out: field error, nothing set
    partial = {k: v for k, v in SCREEN_NO.items() if k != "pregnancy"}
    resp = client.post("/program/window/start", data={"step": "screen", **partial})
    assert resp.status_code == 422 and "Answer yes, no or not sure." in text(resp)
    # step 1 cleared: step 2 asks for the wake time and start date
    page = text(client.post("/program/window/start", data={"step": "screen", **SCREEN_NO}))
    assert "Step 2 of 2" in page and f'value="{today.isoformat()}"' in page
    # a bad wake time is a field error on step 2
    resp = client.post(
        "/program/window/start",
        data={"step": "window", **SCREEN_NO, "wake_time": "half six", "start": today.isoformat()},
    )
    assert resp.status_code == 422 and "Choose the time you will get up." in text(resp)
    assert "HH:MM" not in text(resp)  # the field is a picker: nothing to type
    resp = client.post(
        "/program/window/start",
        data={"step": "window", **SCREEN_NO, "wake_time": "06:30", "start": today.isoformat()},
    )
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/program/window")
    page = text(client.get("/program/window"))
    assert (
        "In bed no earlier than <strong>00:45</strong>, up at\n    <strong>06:30</strong> every day." in page
    )
    assert "Daytime sleepiness is expected at first" in page
    assert "history-chart" in page
    assert "In bed no earlier than <strong>00:45</strong>" in text(client.get("/program"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"wake_time": "²²:00"}, WAKE_TIME_PICKER_MESSAGE),
        ({"wake_time": "06:30:15"}, WAKE_TIME_PICKER_MESSAGE),
        ({"wake_time": "99999999999999999999:00"}, WAKE_TIME_PICKER_MESSAGE),
        ({"start": "２０２４-01-01"}, service.START_MESSAGE),
        ({"start": "0000-01-01"}, service.START_MESSAGE),
        ({"start": "0001-01-01"}, "at most a year back"),
        ({"start": "0001-01-07"}, "at most a year back"),
        ({"start": "9999-12-31"}, "today or a past day"),
    ],
)
def test_bad_wake_time_or_start_is_a_field_error(client, me, change, message) -> None:  # type: ignore[no-untyped-def]
    today = today_for(me)
    make_nights(me, span(today - timedelta(days=6), 7))
    data = {"step": "window", **SCREEN_NO, "wake_time": "06:30", "start": today.isoformat(), **change}
    resp = client.post("/program/window/start", data=data)
    assert resp.status_code == 422
    assert message in text(resp) and "invalid literal" not in text(resp)
    assert service.current_window(me) is None


def test_wake_time_starts_from_the_setting_or_the_diary(client, me) -> None:  # type: ignore[no-untyped-def]
    """QA: the wake-time picker started blank."""
    today = today_for(me)
    days = span(today - timedelta(days=6), 7)
    for day in days[:4]:
        make_night(me, day, out_of_bed="07:10")  # final awakening 07:10 too
    for day in days[4:]:
        make_night(me, day, out_of_bed="06:50")
    step_two = {"step": "screen", **SCREEN_NO}
    page = text(client.post("/program/window/start", data=step_two))
    # the usual final awakening of the diary (07:10 x4, 06:50 x3), to 5 minutes
    assert 'name="wake_time" required type="time" value="07:00"' in page
    me.wake_time = "06:15"  # the person's own wake-time setting comes first
    db.session.commit()
    page = text(client.post("/program/window/start", data=step_two))
    assert 'name="wake_time" required type="time" value="06:15"' in page
    resp = client.post(
        "/program/window/start",
        data={"step": "window", **SCREEN_NO, "wake_time": "", "start": today.isoformat()},
    )
    assert resp.status_code == 422
    assert text(resp).count("Choose the time you will get up.") == 2  # the summary and the field


def test_wake_time_is_blank_without_a_setting_or_three_nights(client, me) -> None:  # type: ignore[no-untyped-def]
    today = today_for(me)
    make_nights(me, span(today - timedelta(days=1), 2))
    page = text(client.post("/program/window/start", data={"step": "screen", **SCREEN_NO}))
    assert 'name="wake_time" required type="time" value=""' in page


@pytest.mark.parametrize("typed", ["6:45", "06:45:00", "０６:４５"])
def test_wake_time_takes_any_clock_spelling(client, me, typed) -> None:  # type: ignore[no-untyped-def]
    today = today_for(me)
    make_nights(me, span(today - timedelta(days=6), 7))
    data = {"step": "window", **SCREEN_NO, "wake_time": typed, "start": today.isoformat()}
    assert client.post("/program/window/start", data=data).status_code == 302
    window = service.current_window(me)
    assert window is not None and window.wake_time == "06:45"


def test_restart_on_a_reviewed_windows_start_adds_a_window(client, me) -> None:  # type: ignore[no-untyped-def]
    today = today_for(me)
    start = today - timedelta(days=8)
    make_nights(me, span(today - timedelta(days=16), 16), tst=465, tib=500)  # 93%
    service.start_sleep_window(me, "06:30", start.isoformat(), {k: False for k in SCREEN_KEYS}, today)
    reviewed = service.review_sleep_window(me, today, sleepy=False).window
    assert (reviewed.outcome, reviewed.window_min) == ("increase", 480)
    page = text(client.post("/program/window/start", data=SCREEN_NO))
    assert "stays in it, even if you start again on\n    that date" in page
    assert f'min="{reviewed.start.isoformat()}"' in page
    data = {"step": "window", **SCREEN_NO, "wake_time": "05:00", "start": reviewed.start.isoformat()}
    resp = client.post("/program/window/start", data=data)
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/program/window")
    db.session.expire_all()
    rows = [(w.start, w.outcome, w.window_min, w.wake_time) for w in service.window_history(me)]
    assert rows == [
        (start, "start", 465, "06:30"),
        (reviewed.start, "increase", 480, "06:30"),
        (reviewed.start, "start", 465, "05:00"),
    ]
    page = text(client.get("/program/window"))
    assert "up at\n    <strong>05:00</strong>" in page and page.count("history-head") == 3


def test_start_again_works_on_the_review_day(client, me) -> None:  # type: ignore[no-untyped-def]
    """QA: on the day a review's window began, starting again had to wait until tomorrow."""
    today = today_for(me)
    make_nights(me, span(today - timedelta(days=14), 14), tst=400, tib=450)  # 88.9%
    no = {k: False for k in SCREEN_KEYS}
    service.start_sleep_window(me, "06:30", (today - timedelta(days=7)).isoformat(), no, today)
    reviewed = service.review_sleep_window(me, today, sleepy=False).window
    assert reviewed.start == today
    page = text(client.get("/program/window"))
    assert "Start again with a new wake time" in page and "possible from" not in page
    page = text(client.get("/program/window/start"))
    assert "Step 1 of 2" in page and "from tomorrow" not in page
    page = text(client.post("/program/window/start", data=SCREEN_NO))
    assert "Step 2 of 2" in page and f'value="{today.isoformat()}"' in page
    assert 'value="06:30"' in page  # the current wake time, to keep or change
    data = {"step": "window", **SCREEN_NO, "wake_time": "07:15", "start": today.isoformat()}
    assert client.post("/program/window/start", data=data).status_code == 302
    db.session.expire_all()
    history = [(w.start, w.outcome, w.wake_time) for w in service.window_history(me)]
    assert history == [
        (today - timedelta(days=7), "start", "06:30"),
        (today, "unchanged", "06:30"),
        (today, "start", "07:15"),
    ]
    assert service.current_window(me).wake_time == "07:15"


def test_start_again_prefills_a_date_that_succeeds(client, me) -> None:  # type: ignore[no-untyped-def]
    today = today_for(me)
    make_nights(me, span(today - timedelta(days=15), 15), tst=400, tib=450)
    no = {k: False for k in SCREEN_KEYS}
    service.start_sleep_window(me, "06:30", (today - timedelta(days=8)).isoformat(), no, today)
    reviewed = service.review_sleep_window(me, today, sleepy=False).window
    assert reviewed.start == today - timedelta(days=1)
    assert "Start again with a new wake time" in text(client.get("/program/window"))
    page = text(client.post("/program/window/start", data=SCREEN_NO))
    assert f'value="{today.isoformat()}"' in page and f'min="{reviewed.start.isoformat()}"' in page
    resp = client.post(
        "/program/window/start",
        data={"step": "window", **SCREEN_NO, "wake_time": "07:00", "start": today.isoformat()},
    )
    assert resp.status_code == 302
    db.session.expire_all()
    history = [(w.start, w.outcome) for w in service.window_history(me)]
    assert history == [
        (today - timedelta(days=8), "start"),
        (today - timedelta(days=1), "unchanged"),
        (today, "start"),
    ]


def test_reviewed_window_is_explained_from_its_review(client, me) -> None:  # type: ignore[no-untyped-def]
    today = today_for(me)
    make_nights(me, span(today - timedelta(days=15), 8), tst=360, tib=420)
    make_nights(me, span(today - timedelta(days=7), 8), tst=360, tib=450)  # 80%, 7 h 30 in bed
    no = {k: False for k in SCREEN_KEYS}
    service.start_sleep_window(me, "06:30", (today - timedelta(days=8)).isoformat(), no, today)
    reviewed = service.review_sleep_window(me, today, sleepy=False).window
    assert (reviewed.outcome, reviewed.window_min) == ("decrease", 345)
    page = text(client.get("/program/window")).replace("&#39;", "'")
    assert (
        "Last week's sleep efficiency was 80.0% (under 85%), so the window went from 6 h 00 min to "
        "5 h 45 min." in page
    )
    assert "based on" not in page
    assert "you were in bed for longer than" in page and "kept to" in page


def test_start_page_counts_diary_nights_before_the_questions(client, me) -> None:  # type: ignore[no-untyped-def]
    """QA: seven safety questions came before learning the diary was too short."""
    today = today_for(me)
    make_nights(me, span(today - timedelta(days=6), 3))
    make_nights(me, [today - timedelta(days=9)])  # outside the 7 nights: not counted
    page = text(client.get("/program/window/start"))
    assert "You have <strong>3 of the 5 diary nights needed</strong>" in page
    assert "log 2 more first" in page
    assert page.index("log 2 more first") < page.index(
        "Step 1 of 2"
    )  # the screen still comes first in the form
    make_nights(me, span(today - timedelta(days=3), 4))
    page = text(client.get("/program/window/start"))
    assert "7 of the\n      last 7 nights</strong> in your diary: enough to start today" in page


def test_too_few_nights_says_what_is_missing(client, me) -> None:  # type: ignore[no-untyped-def]
    today = today_for(me)
    make_nights(me, span(today - timedelta(days=6), 3))
    resp = client.post(
        "/program/window/start",
        data={"step": "window", **SCREEN_NO, "wake_time": "06:30", "start": today.isoformat()},
    )
    assert resp.status_code == 422
    assert "you have 3, 2 more nights are missing" in text(resp)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SleepWindow)) == 0


@pytest.mark.parametrize("answer", ["yes", "unsure"])
@pytest.mark.parametrize("name", list(SCREEN_NO))
def test_screen_yes_or_unsure_refuses_with_the_screen_panel(client, me, name, answer) -> None:  # type: ignore[no-untyped-def]
    today = today_for(me)
    make_nights(me, span(today - timedelta(days=6), 7))
    question = next(q for q in SCREEN_QUESTIONS if name in screen_field_names(q))
    # even a forged step-2 post with a yes (or a not sure) is refused
    resp = client.post(
        "/program/window/start",
        data={"step": "window", **SCREEN_NO, name: answer, "wake_time": "06:30", "start": today.isoformat()},
    )
    page = text(resp)
    assert resp.status_code == 200
    assert "not safe to start on your own" in page
    assert question.why in page
    # A panel about the screen that links the doctor report, not the medicine panel.
    assert 'class="screen-referral' in page and 'href="/report"' in page
    assert 'class="doctor-referral"' not in page
    assert ('class="crisis-lines"' in page) is (question.key == "low_mood_or_self_harm")
    assert service.current_window(me) is None


def test_screen_offers_not_sure_and_asks_about_apnoea_one_thing_at_a_time(client, me) -> None:  # type: ignore[no-untyped-def]
    page = text(client.get("/program/window/start"))
    assert page.count('value="unsure"') == len(SCREEN_NO)
    assert "Have you been told you have sleep apnoea that is not being treated?" in page
    assert "snore loudly and stop breathing" in page
    for key in ("daytime_sleepiness", "low_mood_or_self_harm", "under_18", "rotating_or_night_shifts"):
        assert f'name="{key}"' in page


def test_review_from_the_page(client, me) -> None:  # type: ignore[no-untyped-def]
    today = today_for(me)
    start = today - timedelta(days=7)
    make_nights(me, span(start - timedelta(days=6), 7), tst=360, tib=420)
    service.start_sleep_window(me, "06:30", start.isoformat(), {k: False for k in SCREEN_KEYS}, today)
    make_nights(me, span(start + timedelta(days=1), 7), tst=370, tib=400)  # 92.5%
    page = text(client.get("/program/window"))
    assert "Review this week" in page and "7 of its 7 nights" in page
    assert "felt very sleepy in the day" in page
    unanswered = text(client.post("/program/window/review", follow_redirects=True))
    assert "Answer the question about daytime sleepiness first" in unanswered
    assert service.current_window(me).start == start  # nothing reviewed yet
    resp = client.post("/program/window/review", data={"sleepy": "no"}, follow_redirects=True)
    page = text(resp)
    assert "90% or more: 15 minutes more" in page
    assert "<strong>00:15</strong>" in page
    # not due again yet
    page = text(client.post("/program/window/review", data={"sleepy": "no"}, follow_redirects=True))
    assert "The next review is due on" in page


@pytest.mark.parametrize("answer", ["yes", "unsure"])
def test_a_sleepy_review_never_narrows_the_window(client, me, answer) -> None:  # type: ignore[no-untyped-def]
    today = today_for(me)
    start = today - timedelta(days=7)
    make_nights(me, span(start - timedelta(days=6), 7), tst=360, tib=420)
    service.start_sleep_window(me, "06:30", start.isoformat(), {k: False for k in SCREEN_KEYS}, today)
    make_nights(me, span(start + timedelta(days=1), 7), tst=300, tib=420)  # 71%: would shrink
    page = text(client.post("/program/window/review", data={"sleepy": answer}, follow_redirects=True))
    window = service.current_window(me)
    assert window.window_min == 360 and window.outcome == "held_for_sleepiness"
    assert "talk to your doctor" in page


def test_window_page_redirects_to_start_without_window(client, me) -> None:  # type: ignore[no-untyped-def]
    resp = client.get("/program/window")
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/program/window/start")


def test_a_review_without_a_window_is_the_usual_404(client, me, auth) -> None:  # type: ignore[no-untyped-def]
    """The service's own NotFound comes out as any 404 does: the error page, or JSON under /api/."""
    resp = client.post("/program/window/review", data={"sleepy": "no"})
    assert resp.status_code == 404 and "No sleep window yet: start one first." in text(resp)
    resp = client.post("/api/v1/sleep-window/review", json={"sleepy": False}, headers=auth.token())
    assert resp.status_code == 404
    assert resp.get_json() == {
        "error": "not_found",
        "message": "No sleep window yet: start one first.",
        "fields": {},
    }
