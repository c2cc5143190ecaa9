"""The home page: a welcome for visitors; for people logged in, where they are today."""

from flask import render_template
from flask_login import current_user

from ..diary import service as diary
from ..program.course import presenters as course_presenters
from ..program.course import service as course_service
from ..program.habits import service as habits_service
from ..program.window import service as window_service
from ..program.window.presenters import bedtime
from . import bp


@bp.get("/")
def index() -> str:
    if not current_user.is_authenticated:
        return render_template("home/index.html")
    user = current_user._get_current_object()  # type: ignore[attr-defined]
    today = diary.today_for(user)
    window = window_service.current_window(user)
    habits = habits_service.list_habits(user)
    done_today = habits_service.ticks_by_habit(user, today, today)
    course = course_service.progress_of(user)
    return render_template(
        "home/index.html",
        today=today,
        last_night=diary.get_entry(user, today),
        window=window,
        bedtime=bedtime(window) if window else None,
        habits_total=len(habits),
        habits_done=sum(1 for h in habits if today in done_today.get(h.id, ())),
        course_week=course,
        this_week=course_presenters.this_week(course),
    )
