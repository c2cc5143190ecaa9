"""The doctor report: a printable summary of recent nights, habits and the sleep window,
with the person's medication notes shown exactly as they wrote them."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from ..diary import service as diary
from ..guide.notes import check_notes
from ..program.habits import service as habits_service
from ..program.window import service as window_service
from ..program.window.presenters import bedtime

bp = Blueprint("report", __name__)

PERIODS = (7, 14, 28, 56)


@bp.get("/report")
@login_required
def show_report() -> str:
    user = current_user._get_current_object()  # type: ignore[attr-defined]
    days = request.args.get("days", type=int) or 14
    if days not in PERIODS:
        days = 14
    end = diary.today_for(user)
    start = end - timedelta(days=days - 1)
    overview = diary.summary(user, days, end)
    nights = list(diary.entries_between(user, start, end))
    window = window_service.current_window(user)
    return render_template(
        "account/report.html",
        days=days,
        periods=PERIODS,
        start=start,
        end=end,
        overview=overview,
        nights=nights,
        progress=habits_service.habit_progress(user, end),
        window=window,
        bedtime=bedtime(window) if window else None,
        medication_nights=[n for n in nights if n.medication],
        notes=check_notes([], medication=[n.medication for n in nights]),
    )
