"""Programme endpoints (docs/design.md §5, contract): the sleep window, its start and its
weekly review. They call the same services as the pages."""

from __future__ import annotations

from typing import Any

from flask import abort, request

from ..diary.service import today_for
from ..program.window import presenters, service
from . import bp
from .bearer import api_user
from .bodies import json_body
from .openapi import describe
from .schemas import SleepWindow, SleepWindowReview, SleepWindowStart


@bp.get("/sleep-window")
@describe("The current sleep window", {200: ("Window", SleepWindow), 404: "No sleep window yet"})
def get_sleep_window() -> dict[str, Any]:
    user = api_user()
    window = service.current_window(user)
    if window is None:
        abort(404, description="No sleep window yet: POST /api/v1/sleep-window to start one.")
    return presenters.window_as_dict(window, service.window_history(user), today_for(user))


@bp.post("/sleep-window")
@describe(
    "Start a sleep window (safety screen first; needs 5 of the 7 nights before `start`)",
    {
        201: ("Started", SleepWindow),
        409: "The window was changed elsewhere at the same moment",
        422: "`fields.screen`, `fields.wake_time` or `fields.start` says what stops it (§3.3, §3.5)",
    },
    body=SleepWindowStart,
)
def start_sleep_window() -> tuple[dict[str, Any], int]:
    user = api_user()
    data = json_body()
    today = today_for(user)
    window = service.start_sleep_window(
        user, data.get("wake_time"), data.get("start"), data.get("screen"), today
    )
    return presenters.window_as_dict(window, service.window_history(user), today), 201


@bp.post("/sleep-window/review")
@describe(
    "Run the weekly review when it is due; sleepiness is asked first",
    {
        200: ("Reviewed: the window for the new week", SleepWindow),
        404: "No sleep window yet",
        409: "Not due yet, or this week was already reviewed",
        422: '`sleepy` missing or not true, false or "unsure"',
    },
    body=SleepWindowReview,
)
def review_sleep_window() -> dict[str, Any]:
    user = api_user()
    today = today_for(user)
    data = json_body() if request.get_data() else {}
    result = service.review_sleep_window(user, today, data.get("sleepy"))
    return presenters.window_as_dict(result.window, service.window_history(user), today)
