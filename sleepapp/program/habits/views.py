"""Habit pages: tick a habit (with or without JavaScript), choose habits and add one's
own, archive and restore."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from markupsafe import Markup
from werkzeug.wrappers import Response

from ...clock import today_in
from ...errors import ValidationFailed
from ...guide.notes import check_notes
from .. import bp, parsing
from ..forms import PostForm
from . import catalogue, service
from .forms import ChooseHabitsForm, TickForm
from .models import Habit


@bp.post("/tick")
@login_required
def tick_habit() -> Response:
    user = current_user._get_current_object()
    form = TickForm()
    today = today_in(user.zone)
    if not form.validate_on_submit():
        abort(400, description="The form expired. Reload the page and tap again.")
    habit_id = service.parse_habit_id(form.habit_id.data)
    day = parsing.parse_iso_date(form.day.data)
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
    today = today_in(user.zone)
    habits = service.list_habits(user, archived=None)
    choose = ChooseHabitsForm()
    suggested = False
    if request.method == "GET":
        chosen = [h.builtin_key for h in habits if h.builtin_key and h.archived_at is None]
        suggested = not any(h.builtin_key for h in habits)  # nothing saved yet
        choose.habits.data = list(catalogue.SUGGESTED_KEYS) if suggested else chosen
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


def _habits_page(habits: list[Habit], choose: ChooseHabitsForm, *, suggested: bool = False) -> str:
    own = [h for h in habits if h.builtin_key is None]
    return render_template(
        "program/habits.html",
        title="Choose your habits",
        choose=choose,
        suggested=suggested,
        builtins=catalogue.HABITS,
        own_habits=[h for h in habits if h.builtin_key is None and h.archived_at is None],
        archived=[h for h in habits if h.archived_at is not None],
        post_form=PostForm(),
        notes=check_notes([text for h in own for text in (h.name, h.note)]),
    )


@bp.post("/habits/<id:habit_id>/archive")
@login_required
def archive_habit(habit_id: int) -> Response:
    if not PostForm().validate_on_submit():
        abort(400)
    habit = service.archive_habit(current_user._get_current_object(), habit_id)
    flash(Markup("Archived “<bdi>{}</bdi>”. Its ticks are kept.").format(habit.title), "success")
    return redirect(url_for("program.edit_habits"))


@bp.post("/habits/<id:habit_id>/restore")
@login_required
def restore_habit(habit_id: int) -> Response:
    if not PostForm().validate_on_submit():
        abort(400)
    user = current_user._get_current_object()
    habit = service.restore_habit(user, habit_id, today_in(user.zone))
    flash(Markup("“<bdi>{}</bdi>” is back on your checklist.").format(habit.title), "success")
    return redirect(url_for("program.edit_habits"))
