"""The programme's overview page: login, the checklist's day argument, progress, and what
every programme page must hold (no inline styles or scripts, a fixed number of queries)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sleepapp.diary.service import today_for
from sleepapp.extensions import db
from sleepapp.program.habits import catalogue, service
from tests.factories import make_nights, span
from tests.program.helpers import text


def test_pages_need_login(client) -> None:  # type: ignore[no-untyped-def]
    for path in ("/program", "/program/habits", "/program/window", "/program/window/start"):
        resp = client.get(path)
        assert resp.status_code == 302 and "/login" in resp.headers["Location"]


def test_empty_programme_page_invites_choosing(client, me) -> None:  # type: ignore[no-untyped-def]
    page = text(client.get("/program"))
    assert "Choose your habits" in page
    assert "Start a sleep window" in page


def test_new_habit_percentages_name_the_days_counted(client, me) -> None:  # type: ignore[no-untyped-def]
    today = today_for(me)
    (habit,) = service.choose_builtin_habits(me, ["no_naps"], today - timedelta(days=1))
    service.set_tick(me, habit.id, today, True, today)
    page = text(client.get("/program"))
    assert (
        "1 of 2 days" in page and "1 of 2 possible ticks, counted from the day each habit was chosen" in page
    )
    assert "50%" in page


def test_progress_has_a_hidden_reload_note_for_script_ticks(client, me) -> None:  # type: ignore[no-untyped-def]
    service.choose_builtin_habits(me, ["no_naps"], today_for(me))
    page = text(client.get("/program"))
    assert 'id="progress-stale" role="status" hidden>' in page  # program.js unhides it after a tick
    assert "updated when you reload" in page


@pytest.mark.parametrize(
    ("day", "status"),
    [
        ("0001-01-01", 404),
        ("9999-12-31", 404),
        ("0000-01-01", 400),
        ("２０２４-01-01", 400),
        ("20240101", 400),
    ],
)
def test_checklist_day_argument_is_4xx(client, me, day, status) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/program", query_string={"day": day}).status_code == status


def test_pages_have_no_inline_styles_or_scripts(client, me) -> None:  # type: ignore[no-untyped-def]
    service.choose_builtin_habits(me, list(catalogue.SUGGESTED_KEYS), today_for(me))
    for path in ("/program", "/program/habits", "/program/window/start"):
        page = text(client.get(path))
        assert "style=" not in page
        assert "<script>" not in page


def test_programme_page_query_count_does_not_grow_with_habits(client, me) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import count_queries

    today = today_for(me)
    make_nights(me, span(today - timedelta(days=27), 28))

    def queries() -> int:
        with count_queries(db.engine) as statements:
            assert client.get("/program").status_code == 200
        return len(statements)

    service.choose_builtin_habits(me, ["no_naps"], today)
    few = queries()
    habits = service.choose_builtin_habits(me, [h.key for h in catalogue.HABITS], today)
    for habit in habits:
        for offset in range(10):
            service.set_tick(me, habit.id, today - timedelta(days=offset), True, today)
    assert few <= 6, few  # session user, habits, ticks, diary nights, window
    assert queries() == few, few
