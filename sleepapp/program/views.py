"""Programme pages: the daily habit checklist with progress, choosing habits, and the
sleep window (safety screen, start, weekly review, history)."""

from __future__ import annotations

from datetime import date, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from markupsafe import Markup
from werkzeug.wrappers import Response

from ..errors import Conflict, ValidationFailed
from ..guide.notes import check_notes
from . import bp, charts, models, rules, service
from .forms import ChooseHabitsForm, CustomHabitForm, PostForm, ReviewForm, StartWindowForm, TickForm


def _day_arg(value: str | None, today: date) -> date:
    if not value:
        return today
    day = rules.parse_iso_date(value)
    if day is None:
        abort(400, description="Give the day as YYYY-MM-DD.")
    if day > today or day < today - timedelta(days=service.TICK_DAYS_BACK):
        abort(404, description="That day is outside the checklist's range.")
    return day


@bp.get("")
@login_required
def index() -> str:
    user = current_user._get_current_object()
    today = service.local_today(user)
    day = _day_arg(request.args.get("day"), today)
    progress = service.habit_progress(user, today, day)
    window = service.current_window(user)
    return render_template(
        "program/index.html",
        title="Programme",
        progress=progress,
        day=day,
        today=today,
        prev_day=day - timedelta(days=1) if day > today - timedelta(days=service.TICK_DAYS_BACK) else None,
        next_day=day + timedelta(days=1) if day < today else None,
        tick_form=TickForm(),
        window=window,
        bedtime=service.bedtime(window) if window else None,
        review_due=window is not None and rules.is_review_due(window.start, today),
        strips=[charts.habit_strip(h.habit.title, progress.days, h.strip) for h in progress.habits],
        se_strip=charts.efficiency_strip(progress.days, progress.efficiency),
        notes=check_notes([text for h in progress.habits for text in (h.habit.name, h.habit.note)]),
    )


@bp.post("/tick")
@login_required
def tick_habit() -> Response:
    user = current_user._get_current_object()
    form = TickForm()
    today = service.local_today(user)
    if not form.validate_on_submit():
        abort(400, description="The form expired. Reload the page and tap again.")
    habit_id = service.parse_habit_id(form.habit_id.data)
    day = rules.parse_iso_date(form.day.data)
    if habit_id is None or day is None:
        abort(400, description="That tick was not understood. Reload the page and tap again.")
    done = form.done.data == "1"
    by_script = request.headers.get("X-Requested-With") == "fetch"  # program.js
    try:
        service.set_tick(user, habit_id, day, done, today)
    except ValidationFailed as exc:
        if by_script:
            return Response(" ".join(exc.fields.values()), status=422, mimetype="text/plain")
        flash(" ".join(exc.fields.values()), "error")
        return redirect(url_for("program.index"))
    if by_script:
        return Response(status=204)
    if day == today:
        return redirect(url_for("program.index", _anchor=f"habit-{habit_id}"))
    return redirect(url_for("program.index", day=day.isoformat(), _anchor=f"habit-{habit_id}"))


@bp.route("/habits", methods=["GET", "POST"])
@login_required
def edit_habits() -> str | Response:
    user = current_user._get_current_object()
    today = service.local_today(user)
    habits = service.list_habits(user, archived=None)
    choose = ChooseHabitsForm()
    suggested = False
    if request.method == "GET":
        chosen = [h.builtin_key for h in habits if h.builtin_key and h.archived_at is None]
        suggested = not any(h.builtin_key for h in habits)  # nothing saved yet
        choose.habits.data = list(rules.SUGGESTED_KEYS) if suggested else chosen
    if choose.validate_on_submit():
        try:
            _, own = service.save_habits_page(
                user, choose.habits.data or [], choose.name.data, choose.note.data, today
            )
        except ValidationFailed as exc:
            for name, message in exc.fields.items():
                field = choose[name] if name in ("name", "note", "habits") else choose.habits
                field.errors = [*field.errors, message]
            return _habits_page(habits, choose), 422  # type: ignore[return-value]
        if own is None:
            flash("Your habits are saved.", "success")
        else:
            # The name (escaped by Markup.format) sits in <bdi>, so right-to-left or override
            # characters in it cannot reorder the rest of the message; likewise below.
            flash(Markup("Your habits are saved. Added “<bdi>{}</bdi>”.").format(own.title), "success")
        if request.form.get("action") == "add":  # the "Add habit" button: stay on the page
            return redirect(url_for("program.edit_habits", _anchor="own-title"))
        return redirect(url_for("program.index"))
    return _habits_page(habits, choose, suggested=suggested)


def _habits_page(habits: list[models.Habit], choose: ChooseHabitsForm, *, suggested: bool = False) -> str:
    own = [h for h in habits if h.builtin_key is None]
    return render_template(
        "program/habits.html",
        title="Choose your habits",
        choose=choose,
        suggested=suggested,
        builtins=rules.HABITS,
        own_habits=[h for h in habits if h.builtin_key is None and h.archived_at is None],
        archived=[h for h in habits if h.archived_at is not None],
        post_form=PostForm(),
        notes=check_notes([text for h in own for text in (h.name, h.note)]),
    )


@bp.post("/habits/own")
@login_required
def add_habit() -> str | Response:
    """An own habit alone (kept for old bookmarks and forms; the page posts to /habits)."""
    user = current_user._get_current_object()
    own = CustomHabitForm()
    habits = service.list_habits(user, archived=None)
    choose = ChooseHabitsForm(formdata=None)
    choose.habits.data = [h.builtin_key for h in habits if h.builtin_key and h.archived_at is None]
    choose.name.data, choose.note.data = own.name.data, own.note.data
    if own.validate_on_submit():
        try:
            habit = service.add_custom_habit(user, own.name.data, own.note.data, service.local_today(user))
        except ValidationFailed as exc:
            for name, message in exc.fields.items():
                choose[name].errors = [*choose[name].errors, message]
        else:
            flash(Markup("Added “<bdi>{}</bdi>”.").format(habit.title), "success")
            return redirect(url_for("program.edit_habits"))
    else:
        for name in ("name", "note"):
            choose[name].errors = list(own[name].errors)
    return _habits_page(habits, choose)


@bp.post("/habits/<int:habit_id>/archive")
@login_required
def archive_habit(habit_id: int) -> Response:
    if not PostForm().validate_on_submit():
        abort(400)
    habit = service.archive_habit(current_user._get_current_object(), habit_id)
    flash(Markup("Archived “<bdi>{}</bdi>”. Its ticks are kept.").format(habit.title), "success")
    return redirect(url_for("program.edit_habits"))


@bp.post("/habits/<int:habit_id>/restore")
@login_required
def restore_habit(habit_id: int) -> Response:
    if not PostForm().validate_on_submit():
        abort(400)
    user = current_user._get_current_object()
    habit = service.restore_habit(user, habit_id, service.local_today(user))
    flash(Markup("“<bdi>{}</bdi>” is back on your checklist.").format(habit.title), "success")
    return redirect(url_for("program.edit_habits"))


# -- sleep window -----------------------------------------------------------------------


@bp.get("/window")
@login_required
def show_window() -> str | Response:
    user = current_user._get_current_object()
    window = service.current_window(user)
    if window is None:
        return redirect(url_for("program.start_window"))
    today = service.local_today(user)
    history = service.window_history(user)
    first = history[0].start - timedelta(days=6)
    nights = service.nightly_metrics(user, first, today)
    period = rules.review_period(window.start)
    week = rules.pool_nights(nights, period)
    outside, compared = service.nights_outside_window(history, nights, today - timedelta(days=6), today)
    return render_template(
        "program/window.html",
        title="Your sleep window",
        window=window,
        bedtime=service.bedtime(window),
        today=today,
        next_review=rules.review_due_on(window.start),
        review_due=rules.is_review_due(window.start, today),
        review_period=period,
        week=week,
        min_nights=rules.MIN_NIGHTS,
        history=[(w, service.bedtime(w), service.describe_change(w)) for w in reversed(history)],
        explanation=service.explain_window(window),
        nights_outside=outside,
        nights_compared=compared,
        chart_svg=charts.window_history(history, nights, today),
        post_form=PostForm(),
        review_form=ReviewForm(),
        fmt=rules.format_duration,
    )


@bp.route("/window/start", methods=["GET", "POST"])
@login_required
def start_window() -> str | Response:
    user = current_user._get_current_object()
    today = service.local_today(user)
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
    screen = rules.check_screen(form.screen_answers())
    if not screen.cleared:
        return render_template("program/start.html", step="refused", screen=screen, **context)
    if form.step.data != "window":
        form.wake_time.data = form.wake_time.data or (current.wake_time if current else user.wake_time)
        form.start.data = form.start.data or today.isoformat()
        return render_template("program/start.html", step="window", **context)
    try:
        service.start_sleep_window(user, form.wake_time.data, form.start.data, form.screen_answers(), today)
    except ValidationFailed as exc:
        for name, message in exc.fields.items():
            if name in ("wake_time", "start"):
                form[name].errors = [*form[name].errors, message]
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
        result = service.review_sleep_window(user, service.local_today(user), form.sleepy_answer())
    except Conflict as exc:
        flash(exc.message, "error")
    else:
        flash(service.describe_change(result.window), "success")
    return redirect(url_for("program.show_window"))
