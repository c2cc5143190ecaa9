"""Programme endpoints (docs/design.md §5, contract): the sleep window, its start and its
weekly review. They call the same services as the pages."""

from __future__ import annotations

from typing import Any

from flask import request
from werkzeug.exceptions import NotFound

from ..program import service
from . import bp
from .auth import api_user, json_body


@bp.get("/sleep-window")
def get_sleep_window() -> dict[str, Any]:
    user = api_user()
    window = service.current_window(user)
    if window is None:
        raise NotFound("No sleep window yet: POST /api/v1/sleep-window to start one.")
    return service.window_as_dict(user, window, service.local_today(user))


@bp.post("/sleep-window")
def start_sleep_window() -> tuple[dict[str, Any], int]:
    user = api_user()
    data = json_body()
    today = service.local_today(user)
    window = service.start_sleep_window(
        user, data.get("wake_time"), data.get("start"), data.get("screen"), today
    )
    return service.window_as_dict(user, window, today), 201


@bp.post("/sleep-window/review")
def review_sleep_window() -> dict[str, Any]:
    user = api_user()
    today = service.local_today(user)
    data = json_body() if request.get_data() else {}
    result = service.review_sleep_window(user, today, data.get("sleepy"))
    return service.window_as_dict(user, result.window, today)
