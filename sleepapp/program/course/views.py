"""Course pages: the overview (where you are, what is done, what is next), the six session
pages, the moves (start, next week, repeat, pause, resume, leave, go without the window)
and the outcomes page. Each move is a plain POST button with its CSRF token."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from ...clock import today_in
from ...errors import Conflict, NotFound
from .. import bp
from ..forms import PostForm
from . import presenters, rules, service


def _checked() -> None:
    """Every move's form: an expired or missing CSRF token is a 400 (the error page says so)."""
    if not PostForm().validate_on_submit():
        abort(400)


@bp.get("/course")
@login_required
def course() -> str:
    user = current_user._get_current_object()
    today = today_in(user.zone)
    progress = service.progress_of(user)
    refusal = None
    if progress is not None and progress.active:
        refusal = rules.next_week_refusal(progress, today, service.recent_nights(user, today))
    return render_template(
        "program/course/index.html",
        title="Your six-week course",
        progress=progress,
        weeks=rules.statuses(progress),
        this_week=presenters.this_week(progress),
        refusal=refusal,
        nights=service.recent_nights(user, today),
        needed=rules.BASELINE_NEEDED,
        window=service.window_state(user),
        post_form=PostForm(),
    )


def _move(action: str) -> Response:
    _checked()
    user = current_user._get_current_object()
    today = today_in(user.zone)
    moves = {
        "start": service.start,
        "next": service.next_week,
        "pause": service.pause,
        "resume": service.resume,
        "leave": service.leave,
    }
    try:
        progress = moves[action](user, today)
    except rules.CourseRefused as exc:
        flash(exc.message, "error")
        return redirect(url_for("program.course"))
    except (Conflict, NotFound) as exc:
        flash(exc.message, "error")
        return redirect(url_for("program.course"))
    if action == "leave":
        flash("You have left the course. Your diary, habits, window and tools all stay yours.", "success")
        return redirect(url_for("program.course"))
    if progress.finished_on is not None:
        flash("You have finished the course. Well done for sticking with it.", "success")
        return redirect(url_for("program.course_outcomes"))
    if action in ("start", "next"):
        return redirect(url_for("program.course_week", n=progress.week))
    flash("The course is paused." if action == "pause" else "Welcome back.", "success")
    return redirect(url_for("program.course"))


@bp.post("/course/start")
@login_required
def course_start() -> Response:
    return _move("start")


@bp.post("/course/next")
@login_required
def course_next() -> Response:
    return _move("next")


@bp.post("/course/pause")
@login_required
def course_pause() -> Response:
    return _move("pause")


@bp.post("/course/resume")
@login_required
def course_resume() -> Response:
    return _move("resume")


@bp.post("/course/leave")
@login_required
def course_leave() -> Response:
    return _move("leave")


@bp.post("/course/repeat/<int:n>")
@login_required
def course_repeat(n: int) -> Response:
    _checked()
    user = current_user._get_current_object()
    try:
        service.repeat(user, n, today_in(user.zone))
    except (rules.CourseRefused, NotFound) as exc:
        flash(exc.message, "error")
        return redirect(url_for("program.course"))
    flash(f"Week {n} starts again today.", "success")
    return redirect(url_for("program.course_week", n=n))


@bp.post("/course/without-window")
@login_required
def course_without_window() -> Response:
    _checked()
    user = current_user._get_current_object()
    try:
        service.go_without_window(user)
    except NotFound as exc:
        flash(exc.message, "error")
        return redirect(url_for("program.course"))
    return redirect(url_for("program.course_week", n=2, _anchor="window"))


@bp.get("/course/week/<int:n>")
@login_required
def course_week(n: int) -> str:
    user = current_user._get_current_object()
    progress = service.progress_of(user)
    if not 1 <= n <= rules.LAST_WEEK:
        abort(404, description="The course has six weeks.")
    if progress is None or not rules.may_open(progress, n):
        abort(404, description="That week is not open yet: the course opens one week at a time.")
    today = today_in(user.zone)
    return render_template(
        f"program/course/week{n}.html",
        title=f"Week {n}: {rules.WEEKS[n - 1].title}",
        week=rules.WEEKS[n - 1],
        progress=progress,
        current=progress.current_week == n,
        refusal=rules.next_week_refusal(progress, today, service.recent_nights(user, today)),
        nights=service.recent_nights(user, today),
        needed=rules.BASELINE_NEEDED,
        window=service.window_state(user),
        post_form=PostForm(),
    )


@bp.get("/course/outcomes")
@login_required
def course_outcomes() -> str:
    user = current_user._get_current_object()
    progress = service.progress_of(user)
    if progress is None or not (rules.LAST_WEEK in progress.done or progress.week == rules.LAST_WEEK):
        abort(404, description="The comparison opens in week 6 of the course.")
    outcome = service.outcomes(user, progress, today_in(user.zone))
    return render_template(
        "program/course/outcomes.html",
        title="Your first week and your last",
        outcome=outcome,
        rows=[
            (
                r,
                presenters.value_text(r, r.before),
                presenters.value_text(r, r.after),
                presenters.describe_row(r),
            )
            for r in outcome.rows
        ]
        if outcome
        else [],
        summary=presenters.summary_words(outcome.rows) if outcome else None,
        bars=presenters.outcome_bars(outcome.rows) if outcome else [],
    )
