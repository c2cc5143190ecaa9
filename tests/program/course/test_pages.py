"""The course's pages: starting, week 1 waiting for 5 baseline nights, the moves, the
window never started by the course, the home page's line, the outcomes; and the tools:
worry time (the list is there the next evening), thought records (owner only), crisis
words bringing the crisis lines, CSRF on every form, no inline scripts or styles."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sleepapp.diary.service import today_for
from sleepapp.extensions import db
from sleepapp.program.course import service
from sleepapp.program.course.models import CourseProgress
from sleepapp.program.tools import service as tools
from tests.factories import make_nights, make_user, span
from tests.program.helpers import text

PAGES = (
    "/program/course",
    "/program/tools/worries",
    "/program/tools/thoughts",
    "/program/tools/breathing",
    "/program/tools/muscle-relaxation",
    "/program/tools/body-scan",
)


def _at_week(person, n: int, days_in: int = 7) -> None:  # type: ignore[no-untyped-def]
    """Put a person in week n, opened `days_in` days ago (weeks before it done)."""
    today = today_for(person)
    opened = today - timedelta(days=days_in)
    db.session.add(
        CourseProgress(
            user_id=person.id,
            started_on=opened - timedelta(days=7 * (n - 1)),
            week=n,
            week_started_on=opened,
            done_weeks=sum(1 << (w - 1) for w in range(1, n)),
            baseline_end=None if n == 1 else opened - timedelta(days=7 * (n - 2)),
        )
    )
    db.session.commit()


def test_pages_need_login(client) -> None:  # type: ignore[no-untyped-def]
    for path in (*PAGES, "/program/course/week/1", "/program/course/outcomes"):
        resp = client.get(path)
        assert resp.status_code == 302 and "/login" in resp.headers["Location"], path


def test_pages_have_no_inline_scripts_or_styles(client, me) -> None:  # type: ignore[no-untyped-def]
    _at_week(me, 6)
    for path in (*PAGES, *(f"/program/course/week/{n}" for n in range(1, 7)), "/program/course/outcomes"):
        resp = client.get(path)
        assert resp.status_code == 200, path
        page = text(resp)
        assert "style=" not in page and "<script>" not in page, path


def test_start_then_week_1_waits_for_five_nights(client, me) -> None:  # type: ignore[no-untyped-def]
    page = text(client.get("/program/course"))
    assert "Start the course" in page
    resp = client.post("/program/course/start")
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/program/course/week/1")
    today = today_for(me)
    make_nights(me, span(today - timedelta(days=6), 4))
    page = text(client.get("/program/course/week/1"))
    assert "4 of the last 7 nights" in page and "log 1 more" in page
    assert "Go to week 2" not in page
    client.post("/program/course/next")
    assert service.progress_of(me).week == 1  # type: ignore[union-attr]
    assert text(client.get("/program/course/week/2", follow_redirects=False)).count("not open yet") == 1
    make_nights(me, [today - timedelta(days=2)])
    assert "Go to week 2" in text(client.get("/program/course/week/1"))
    resp = client.post("/program/course/next")
    assert resp.headers["Location"].endswith("/program/course/week/2")
    assert service.progress_of(me).baseline_end == today  # type: ignore[union-attr]


def test_locked_and_unknown_weeks_are_not_found(client, me) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/program/course/week/1").status_code == 404  # not started
    _at_week(me, 2)
    assert client.get("/program/course/week/3").status_code == 404
    assert client.get("/program/course/week/7").status_code == 404
    assert client.get("/program/course/week/1").status_code == 200  # done weeks stay readable
    assert client.get("/program/course/outcomes").status_code == 404  # week 6 on


def test_week_2_never_starts_the_window_and_can_go_without_it(client, me) -> None:  # type: ignore[no-untyped-def]
    _at_week(me, 2, days_in=0)
    page = text(client.get("/program/course/week/2"))
    assert "/program/window/start" in page and "Go on without the sleep window" in page
    resp = client.post("/program/course/without-window")
    assert resp.status_code == 302
    page = text(client.get("/program/course/week/2"))
    assert "without the sleep window" in page and "talk to your doctor first" in page
    assert "/program/window/start" not in page
    from sleepapp.program.window.service import current_window

    assert current_window(me) is None
    assert "Shortening time in bed makes you" in page  # and why


def test_pause_resume_repeat_and_leave(client, me) -> None:  # type: ignore[no-untyped-def]
    _at_week(me, 3)
    client.post("/program/course/pause")
    assert service.progress_of(me).paused_on == today_for(me)  # type: ignore[union-attr]
    assert "Resume the course" in text(client.get("/program/course"))
    client.post("/program/course/resume")
    client.post("/program/course/repeat/2")
    progress = service.progress_of(me)
    assert progress is not None and progress.week == 2 and progress.week_started_on == today_for(me)
    client.post("/program/course/leave")
    page = text(client.get("/program/course", follow_redirects=True))
    assert "You left the course" in page and "Start again at week 2" in page
    assert client.get("/program/tools/worries").status_code == 200  # every tool stays
    client.post("/program/course/start")
    assert service.progress_of(me).current_week == 2  # type: ignore[union-attr]


def test_moves_need_the_csrf_token(client, me) -> None:  # type: ignore[no-untyped-def]
    for path in ("/program/course/start", "/program/tools/worries", "/program/tools/thoughts"):
        assert client.post(path, data={}, csrf=False).status_code == 400, path
    assert service.progress_of(me) is None


def test_home_page_says_this_week(client, me) -> None:  # type: ignore[no-untyped-def]
    assert "This week:" not in text(client.get("/"))
    _at_week(me, 4)
    assert "This week: week 4 of 6, thinking skills." in text(client.get("/"))


def test_outcomes_compare_the_baseline_with_the_last_week(client, me) -> None:  # type: ignore[no-untyped-def]
    _at_week(me, 6)
    today = today_for(me)
    progress = service.progress_of(me)
    assert progress is not None and progress.baseline_end is not None
    make_nights(me, span(progress.baseline_end - timedelta(days=6), 7), tst=300, tib=480)
    make_nights(me, span(today - timedelta(days=6), 7), tst=390, tib=420)
    page = text(client.get("/program/course/outcomes"))
    assert "<td>62%</td><td>93%</td>" in page
    assert "Sleep efficiency: up by 30 points" in page
    assert "Total sleep: up by 1 h 30 min" in page


def test_worries_are_there_the_next_evening_and_owner_only(client, me) -> None:  # type: ignore[no-untyped-def]
    resp = client.post(
        "/program/tools/worries", data={"worry": "The boiler", "next_step": "Call the plumber"}
    )
    assert resp.status_code == 302
    resp = client.post("/program/tools/worries", data={"worry": "The election"})
    assert resp.status_code == 422 and "not mine to solve now" in text(resp)
    worry = tools.worries(me)[0]
    worry.day = today_for(me) - timedelta(days=1)
    db.session.commit()
    page = text(client.get("/program/tools/worries"))
    assert "From the last evenings" in page and "The boiler" in page
    other = make_user(timezone="UTC")
    theirs = tools.add_worry(other, {"worry": "Theirs", "not_mine": True}, today_for(other))
    assert client.post(f"/program/tools/worries/{theirs.id}/delete").status_code == 404
    assert client.post(f"/program/tools/worries/{worry.id}/delete").status_code == 302
    assert tools.worries(me) == []


def test_thought_records_are_owner_only(client, me) -> None:  # type: ignore[no-untyped-def]
    resp = client.post(
        "/program/tools/thoughts",
        data={
            "thought": "I must get 8 hours",
            "belief_before": "90",
            "balanced": "People differ",
            "belief_after": "40",
        },
    )
    assert resp.status_code == 302
    mine = tools.thoughts(me)[0]
    assert (mine.belief_before, mine.belief_after) == (90, 40)
    assert "People differ" in text(client.get(f"/program/tools/thoughts/{mine.id}"))
    other = make_user(timezone="UTC")
    theirs = tools.add_thought(other, {"thought": "Theirs", "belief_before": 5}, today_for(other))
    assert client.get(f"/program/tools/thoughts/{theirs.id}").status_code == 404
    resp = client.post("/program/tools/thoughts", data={"thought": "x", "belief_before": "150"})
    assert resp.status_code == 422 and "A whole number from 0" in text(resp)


@pytest.mark.parametrize("path", ["/program/tools/worries", "/program/tools/thoughts"])
def test_crisis_words_bring_the_crisis_lines(client, me, path) -> None:  # type: ignore[no-untyped-def]
    assert "crisis-lines" not in text(client.get(path))
    data = (
        {"worry": "I want to kill myself", "not_mine": "y"}
        if "worries" in path
        else {"thought": "I want to kill myself", "belief_before": "50"}
    )
    page = text(client.post(path, data=data, follow_redirects=True))
    assert "crisis-lines" in page


def test_seed_demo_course_puts_a_person_in_week_6(runner, app) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(
        args=[
            "seed-demo",
            "--email",
            "c@example.com",
            "--password",
            "demo password 123",
            "--nights",
            "7",
            "--course",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Seeded 43 nights" in result.output and "week 6 of 6" in result.output
    from sleepapp.auth.service import find_user_by_email

    person = find_user_by_email("c@example.com")
    progress = service.progress_of(person)  # type: ignore[arg-type]
    assert progress is not None and progress.week == 6 and progress.done == {1, 2, 3, 4, 5}
    assert len(tools.worries(person)) == 2 and len(tools.thoughts(person)) == 1  # type: ignore[arg-type]


def test_the_doctor_report_holds_the_courses_comparison(runner, app) -> None:  # type: ignore[no-untyped-def]
    args = ["seed-demo", "--email", "c@example.com", "--password", "demo password 123", "--course"]
    assert runner.invoke(args=args).exit_code == 0
    from tests.conftest import CSRFClient

    app.test_client_class = CSRFClient
    client = app.test_client()
    client.post("/login", data={"email": "c@example.com", "password": "demo password 123"})
    page = text(client.get("/report?days=28"))
    assert "The six-week CBT-I course" in page and "Week 6 of 6" in page
    assert "First week" in page and "Sleep efficiency" in page
    outcomes = text(client.get("/program/course/outcomes"))
    assert outcomes.count('class="bar-before"') >= 4 and 'class="outcome-picture"' in outcomes


def test_no_course_section_without_a_course(client, user) -> None:  # type: ignore[no-untyped-def]
    assert "The six-week CBT-I course" not in text(client.get("/report"))


@pytest.mark.parametrize("path", ["/program/tools/breathing", "/program/tools/body-scan"])
def test_relaxation_pages_tick_the_relaxation_habit_when_chosen(client, user, path) -> None:  # type: ignore[no-untyped-def]
    from sleepapp.program.habits import catalogue
    from sleepapp.program.habits import service as habits

    today = today_for(user)
    assert "tick today's relaxation habit" not in text(client.get(path))  # not chosen
    [habit] = habits.choose_builtin_habits(user, [catalogue.RELAXATION_KEY], today)
    page = text(client.get(path))
    assert "tick today&#39;s relaxation habit" in page or "tick today's relaxation habit" in page
    client.post("/program/tick", data={"habit_id": str(habit.id), "day": today.isoformat(), "done": "1"})
    assert today in habits.ticks_by_habit(user, today, today)[habit.id]
    assert "relaxation habit is ticked" in text(client.get(path))
