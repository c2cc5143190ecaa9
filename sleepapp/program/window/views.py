"""Sleep-window pages: the safety screen, starting a window, the weekly review, and the
current window with its explanation and history."""

from __future__ import annotations

from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from ...clock import format_clock, format_duration, today_in
from ...diary import service as diary_service
from ...diary.service import nightly_metrics
from ...errors import Conflict, ValidationFailed
from .. import bp
from ..forms import PostForm
from . import charts, presenters, rules, service
from .forms import WAKE_TIME_PICKER_MESSAGE, ReviewForm, StartWindowForm
from .screen import check_screen


@bp.get("/window")
@login_required
def show_window() -> str | Response:
    user = current_user._get_current_object()
    window = service.current_window(user)
    if window is None:
        return redirect(url_for("program.start_window"))
    today = today_in(user.zone)
    history = service.window_history(user)
    first = history[0].start - timedelta(days=6)
    nights = nightly_metrics(user, first, today)
    period = rules.review_period(window.start)
    week = rules.pool_nights(nights, period)
    outside, compared = service.nights_outside_window(history, nights, today - timedelta(days=6), today)
    return render_template(
        "program/window.html",
        title="Your sleep window",
        window=window,
        bedtime=presenters.bedtime(window),
        today=today,
        next_review=rules.review_due_on(window.start),
        review_due=rules.is_review_due(window.start, today),
        review_period=period,
        week=week,
        min_nights=rules.MIN_NIGHTS,
        history=[(w, presenters.bedtime(w), presenters.describe_change(w)) for w in reversed(history)],
        explanation=presenters.explain_window(window),
        nights_outside=outside,
        nights_compared=compared,
        chart_svg=charts.window_history(history, nights, today, hour12=user.hour12),
        post_form=PostForm(),
        review_form=ReviewForm(),
        fmt=format_duration,
    )


@bp.route("/window/start", methods=["GET", "POST"])
@login_required
def start_window() -> str | Response:
    user = current_user._get_current_object()
    today = today_in(user.zone)
    form = StartWindowForm()
    current = service.current_window(user)
    earliest = service.earliest_restart(current)
    lowest = today - timedelta(days=service.START_DAYS_BACK)
    form.start.render_kw = {
        **(form.start.render_kw or {}),
        "min": max(earliest, lowest).isoformat() if earliest else lowest.isoformat(),
        "max": today.isoformat(),
    }
    context = {
        "title": "Start a sleep window",
        "form": form,
        "current": current,
        "today": today,
        "earliest": earliest,
        # Shown above the safety questions, so nobody answers them to learn it is too early.
        "baseline": service.baseline_nights(user, today),
        "min_nights": rules.MIN_NIGHTS,
    }
    if request.method == "GET":
        return render_template("program/start.html", step="screen", **context)
    if not form.validate_on_submit():  # an unanswered question, or an expired form
        return render_template("program/start.html", step="screen", **context), 422  # type: ignore[return-value]
    screen = check_screen(form.screen_answers())
    if not screen.cleared:
        return render_template("program/start.html", step="refused", screen=screen, **context)
    if form.step.data != "window":
        # Start from a time the person already keeps: the current window's, their wake-time
        # setting, else their usual final awakening in the diary.
        usual = diary_service.usual_final_wake(user)
        form.wake_time.data = (
            form.wake_time.data
            or (current.wake_time if current else user.wake_time)
            or (format_clock(usual) if usual else None)
        )
        form.start.data = form.start.data or today.isoformat()
        return render_template("program/start.html", step="window", **context)
    try:
        service.start_sleep_window(user, form.wake_time.data, form.start.data, form.screen_answers(), today)
    except ValidationFailed as exc:
        for name, message in exc.fields.items():
            if name in ("wake_time", "start"):
                shown = WAKE_TIME_PICKER_MESSAGE if name == "wake_time" else message
                form[name].errors = [*form[name].errors, shown]
        return render_template("program/start.html", step="window", **context), 422  # type: ignore[return-value]
    except Conflict as exc:  # the window was changed by another request meanwhile
        form.start.errors = [*form.start.errors, exc.message]
        return render_template("program/start.html", step="window", **context), 409  # type: ignore[return-value]
    return redirect(url_for("program.show_window"))


@bp.post("/window/review")
@login_required
def review_window() -> Response:
    form = ReviewForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        flash("Answer the question about daytime sleepiness first, then review the week.", "error")
        return redirect(url_for("program.show_window", _anchor="review-title"))
    user = current_user._get_current_object()
    try:
        result = service.review_sleep_window(user, today_in(user.zone), form.sleepy_answer())
    except Conflict as exc:
        flash(exc.message, "error")
    else:
        flash(presenters.describe_change(result.window), "success")
    return redirect(url_for("program.show_window"))
