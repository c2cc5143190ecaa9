"""The programme's overview page: today's habit checklist with progress, and the sleep
window at a glance. The rooms' own pages are in habits/views.py and window/views.py."""

from __future__ import annotations

from datetime import date, timedelta

from flask import abort, render_template, request
from flask_login import current_user, login_required

from ..clock import today_in
from ..guide.notes import check_notes
from . import bp, parsing
from .habits import charts as habit_charts
from .habits import service as habit_service
from .habits.forms import TickForm
from .window import presenters
from .window import rules as window_rules
from .window import service as window_service


def _day_arg(value: str | None, today: date) -> date:
    if not value:
        return today
    day = parsing.parse_iso_date(value)
    if day is None:
        abort(400, description="Give the day as YYYY-MM-DD.")
    if day > today or day < today - timedelta(days=habit_service.TICK_DAYS_BACK):
        abort(404, description="That day is outside the checklist's range.")
    return day


@bp.get("")
@login_required
def index() -> str:
    user = current_user._get_current_object()
    today = today_in(user.zone)
    day = _day_arg(request.args.get("day"), today)
    progress = habit_service.habit_progress(user, today, day)
    window = window_service.current_window(user)
    return render_template(
        "program/index.html",
        title="Programme",
        progress=progress,
        day=day,
        today=today,
        prev_day=day - timedelta(days=1)
        if day > today - timedelta(days=habit_service.TICK_DAYS_BACK)
        else None,
        next_day=day + timedelta(days=1) if day < today else None,
        tick_form=TickForm(),
        window=window,
        bedtime=presenters.bedtime(window) if window else None,
        review_due=window is not None and window_rules.is_review_due(window.start, today),
        strips=[habit_charts.habit_strip(h.habit.title, progress.days, h.strip) for h in progress.habits],
        se_strip=habit_charts.efficiency_strip(progress.days, progress.efficiency),
        notes=check_notes([text for h in progress.habits for text in (h.habit.name, h.habit.note)]),
    )
