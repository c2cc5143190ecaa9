"""Demo programme data for a person who already has diary nights (`flask seed-demo`):
chosen habits with a plausible 4-week tick pattern and a sleep window with its reviews.
Deterministic for a given seed."""

from __future__ import annotations

import random
from datetime import date, timedelta

import sqlalchemy as sa

from ..auth.models import User
from ..errors import Conflict, ValidationFailed
from ..extensions import db
from .habits import service as habit_service
from .habits.models import Habit, HabitTick
from .window import service as window_service
from .window.models import SleepWindow
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
    # A window started three weeks ago, reviewed each week since, if the diary allows.
    screen = {k: False for k in SCREEN_KEYS}
    try:
        window_service.start_sleep_window(
            user, wake_time, (today - timedelta(days=21)).isoformat(), screen, today
        )
        while True:
            window_service.review_sleep_window(user, today, sleepy=False)
    except (ValidationFailed, Conflict):
        pass
    return len(ticks)
