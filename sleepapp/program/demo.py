"""Demo programme data for a person who already has diary nights (`flask seed-demo`):
chosen habits with a plausible 4-week tick pattern and a sleep window with its reviews,
the diary's nights since the window started following it. Deterministic for a given seed."""

from __future__ import annotations

import random
from datetime import date, timedelta

import sqlalchemy as sa

from ..auth.models import User
from ..clock import parse_clock
from ..diary.demo import replace_nights, window_night
from ..errors import Conflict, ValidationFailed
from ..extensions import db
from .habits import service as habit_service
from .habits.models import Habit, HabitTick
from .window import service as window_service
from .window.models import SleepWindow
from .window.rules import review_period
from .window.screen import SCREEN_KEYS

DEMO_HABITS = (
    "bed_when_sleepy",
    "get_up_if_awake",
    "same_wake_time",
    "no_naps",
    "no_caffeine_after_lunch",
    "no_screens_last_30",
)


def seed_programme(user: User, today: date, seed: int = 1, wake_time: str = "06:30") -> int:
    """Replace the person's programme with demo data; returns the number of ticks."""
    rng = random.Random(seed)
    for model in (HabitTick, Habit, SleepWindow):
        db.session.execute(sa.delete(model).where(model.user_id == user.id))
    db.session.commit()
    first = today - timedelta(days=27)
    habits = habit_service.choose_builtin_habits(user, DEMO_HABITS, first)
    own = habit_service.add_custom_habit(user, "Morning walk in daylight", "Ten minutes outside", first)
    ticks = []
    for habit in [*habits, own]:
        base = rng.uniform(0.45, 0.8)
        for i in range(28):
            day = first + timedelta(days=i)
            if day == today and habit.builtin_key not in DEMO_HABITS[:3]:
                continue  # the evening habits of today are still to come
            if day == today or rng.random() < base + 0.25 * i / 27:  # easier with practice
                ticks.append(HabitTick(user_id=user.id, habit_id=habit.id, day=day))
    db.session.add_all(ticks)
    db.session.commit()
    # A window started three weeks ago, reviewed each week since, if the diary allows. From
    # its start the diary's nights follow the window in force that week (into bed as it
    # opens, up at the wake time), so the nights and the window tell the same story.
    screen = {k: False for k in SCREEN_KEYS}
    start = today - timedelta(days=21)
    try:
        window_service.start_sleep_window(user, wake_time, start.isoformat(), screen, today)
    except (ValidationFailed, Conflict):
        return len(ticks)
    while True:
        window = window_service.current_window(user)
        assert window is not None
        _follow_window(user, window, today, start, rng)
        try:
            window_service.review_sleep_window(user, today, sleepy=False)
        except (ValidationFailed, Conflict):
            break
    return len(ticks)


def _follow_window(user: User, window: SleepWindow, today: date, first: date, rng: random.Random) -> None:
    """Replace the diary nights of this window's week (up to this morning) with nights kept
    to it."""
    period = review_period(window.start)
    wake = parse_clock(window.wake_time)
    days = [period.first + timedelta(days=i) for i in range((period.last - period.first).days + 1)]
    replace_nights(
        user,
        [
            window_night(day, window.window_min, wake.hour * 60 + wake.minute, (day - first).days / 21, rng)
            for day in days
            if day <= today
        ],
    )
