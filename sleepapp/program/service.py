"""Compatibility only: the names that code outside program/ still imports from the old
``program.service`` (the home page, the doctor report, the API's window endpoints, some
tests). The services live in habits/service.py and window/service.py, the wording and JSON
in window/presenters.py: import from there, add nothing here, and delete this module once
its importers have moved."""

from __future__ import annotations

from datetime import date

from ..auth.models import User

# The API's window endpoints (sleepapp/api/program.py, being edited elsewhere) and some tests
# still call service.local_today(user): today in the person's zone (sleepapp/clock.py).
from ..diary.service import today_for as local_today
from . import rules
from .habits.service import (
    add_custom_habit,
    choose_builtin_habits,
    habit_progress,
    list_habits,
    set_tick,
    ticks_by_habit,
)
from .window import presenters
from .window import service as window_service
from .window.models import SleepWindow
from .window.presenters import bedtime
from .window.service import current_window, review_sleep_window, start_sleep_window

__all__ = [
    "add_custom_habit",
    "bedtime",
    "choose_builtin_habits",
    "current_window",
    "habit_progress",
    "list_habits",
    "local_today",
    "review_sleep_window",
    "rules",
    "set_tick",
    "start_sleep_window",
    "ticks_by_habit",
    "window_as_dict",
]


def window_as_dict(user: User, window: SleepWindow, today: date) -> dict[str, object]:
    """The API's old call: load the person's window history, then present the window."""
    return presenters.window_as_dict(window, window_service.window_history(user), today)
