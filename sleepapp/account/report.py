"""The doctor report: a printable summary of recent nights (with the sleep timeline and the
efficiency trend), habits and the sleep window, with the person's medication notes shown
exactly as they wrote them and their comments only when they choose to include them."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from ..auth.models import User
from ..diary import charts
from ..diary import service as diary
from ..guide.notes import check_notes
from ..program.course import presenters as course_presenters
from ..program.course import service as course_service
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
    # Comments are private by default: they appear only when the person ticks the box.
    comments = request.args.get("comments") == "1"
    return render_template(
        "account/report.html", periods=PERIODS, **report_context(user, start, end, comments=comments)
    )


def report_context(user: User, start: date, end: date, *, comments: bool = False) -> dict[str, Any]:
    """What templates/account/_report_body.html shows for `user` from `start` to `end`
    (inclusive): averages, the timeline and efficiency pictures, each night, medication
    notes as written, the programme, and the nights' comments when `comments` is true."""
    days = (end - start).days + 1
    nights = list(diary.entries_between(user, start, end))
    window = window_service.current_window(user)
    return {
        "start": start,
        "end": end,
        "days": days,
        "overview": diary.summary(user, days, end),
        "nights": nights,
        "progress": habits_service.habit_progress(user, end),
        "window": window,
        "bedtime": bedtime(window) if window else None,
        "hour12": user.hour12,  # the person's clock, also when someone else reads the report
        "timeline": charts.timeline_chart(nights, end, days, hour12=user.hour12),
        "efficiency": charts.efficiency_chart(nights, end, days, hour12=user.hour12),
        "medication_nights": [n for n in nights if n.medication],
        "comments": comments,
        "comment_nights": [n for n in nights if n.comments] if comments else [],
        "notes": check_notes([], medication=[n.medication for n in nights]),
        "course_outcome": _course_outcome(user, end),
    }


def _course_outcome(user: User, end: date) -> dict[str, Any] | None:
    """The course's comparison (first week against the 7 days up to `end`) once the
    baseline week is over: for the doctor as for the person (issue 12)."""
    progress = course_service.progress_of(user)
    outcome = None if progress is None else course_service.outcomes(user, progress, end)
    if progress is None or outcome is None:
        return None
    return {
        "week": progress.week,
        "finished_on": progress.finished_on,
        "baseline": outcome.baseline,
        "latest": outcome.latest,
        "rows": [
            (
                row.label,
                course_presenters.value_text(row, row.before),
                course_presenters.value_text(row, row.after),
            )
            for row in outcome.rows
        ],
        "summary": course_presenters.summary_words(outcome.rows),
    }
