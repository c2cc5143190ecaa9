"""Tool pages: worry time (tonight's worksheet and the last evenings' list), thought
records, and the relaxation pages (paced breathing, muscle relaxation, body scan). What
people write is read by the notes check, so a crisis phrase brings the crisis lines."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from ...clock import today_in
from ...errors import ValidationFailed
from ...guide.notes import check_notes
from .. import bp
from ..forms import PostForm
from ..habits import catalogue
from ..habits import service as habits_service
from . import relaxation, rules, service
from .forms import ThoughtForm, WorryForm


@bp.route("/tools/worries", methods=["GET", "POST"])
@login_required
def worries() -> str | tuple[str, int] | Response:
    user = current_user._get_current_object()
    today = today_in(user.zone)
    form = WorryForm()
    status = 200
    if form.is_submitted():
        if not form.validate():  # only the CSRF token can fail here
            abort(400)
        try:
            service.add_worry(user, form.raw(), today)
        except ValidationFailed as exc:
            form.populate_errors(exc.fields)
            status = 422
        else:
            flash("Saved. It will be here tomorrow evening too.", "success")
            return redirect(url_for("program.worries"))
    tonight, earlier = service.worries_by_evening(user, today)
    texts = [t for w in tonight + earlier for t in (w.worry, w.next_step)]
    return render_template(
        "program/tools/worries.html",
        title="Worry time",
        form=form,
        tonight=tonight,
        earlier=earlier,
        post_form=PostForm(),
        notes=check_notes([*texts, form.worry.data, form.next_step.data]),
    ), status


@bp.post("/tools/worries/<id:worry_id>/delete")
@login_required
def delete_worry(worry_id: int) -> Response:
    if not PostForm().validate_on_submit():
        abort(400)
    service.delete_worry(current_user._get_current_object(), worry_id)
    flash("Crossed off.", "success")
    return redirect(url_for("program.worries"))


@bp.route("/tools/thoughts", methods=["GET", "POST"])
@login_required
def thoughts() -> str | tuple[str, int] | Response:
    user = current_user._get_current_object()
    form = ThoughtForm()
    status = 200
    if form.is_submitted():
        if not form.validate():
            abort(400)
        try:
            record = service.add_thought(user, form.raw(), today_in(user.zone))
        except ValidationFailed as exc:
            form.populate_errors(exc.fields)
            status = 422
        else:
            flash("Thought record saved.", "success")
            return redirect(url_for("program.thought", record_id=record.id))
    records = service.thoughts(user)
    return render_template(
        "program/tools/thoughts.html",
        title="Thought records",
        form=form,
        records=records,
        examples=rules.EXAMPLES,
        notes=check_notes([form.thought.data, form.evidence.data, form.balanced.data]),
    ), status


@bp.get("/tools/thoughts/<id:record_id>")
@login_required
def thought(record_id: int) -> str:
    record = service.thought_or_404(current_user._get_current_object(), record_id)
    return render_template(
        "program/tools/thought.html",
        title="Thought record",
        record=record,
        notes=check_notes([record.thought, record.evidence, record.balanced]),
    )


@bp.get("/tools/breathing")
@login_required
def breathing() -> str:
    return render_template(
        "program/tools/breathing.html",
        title="Paced breathing",
        paces=relaxation.PACES,
        relax_habit=_relaxation_habit(),
    )


@bp.get('/tools/<any("muscle-relaxation", "body-scan"):name>')
@login_required
def relaxation_steps(name: str) -> str:
    routine = relaxation.ROUTINES[name]
    return render_template(
        "program/tools/steps.html", title=routine.title, routine=routine, relax_habit=_relaxation_habit()
    )


def _relaxation_habit() -> dict[str, object] | None:
    """The person's relaxation habit, when they chose it: the page offers to tick today's."""
    user = current_user._get_current_object()
    habit = next(
        (h for h in habits_service.list_habits(user) if h.builtin_key == catalogue.RELAXATION_KEY), None
    )
    if habit is None:
        return None
    today = today_in(user.zone)
    done = today in habits_service.ticks_by_habit(user, today, today).get(habit.id, set())
    return {"id": habit.id, "day": today, "done": done}
