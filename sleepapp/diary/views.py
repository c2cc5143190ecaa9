"""Diary pages: the dashboard, the morning form (new and edit), one night, the history."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from ..clock import format_clock, night_of
from ..errors import Conflict, ValidationFailed
from ..guide.notes import check_notes
from . import bp, charts, models, service
from . import metrics as m
from .forms import EditEntryForm, EntryForm

TIMELINE_NIGHTS = 14
HISTORY_PAGE_RE = re.compile(r"\d{1,50}", re.ASCII)


def _day(value: str) -> date:
    """The date in a page's address; anything the diary cannot hold is a 404."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        abort(404)
    if m.date_range_error(day) is not None:
        abort(404)
    return day


def _prefill(form: EntryForm, day: date) -> None:
    form.date.data = day.isoformat()
    previous = service.previous_entry(current_user, day)
    if previous is not None:  # most people keep similar hours: start from the last night's
        for name in m.CLOCK_FIELDS:
            getattr(form, name).data = format_clock(getattr(previous, name))


def _fill_from_entry(form: EntryForm, entry: models.DiaryEntry) -> None:
    for name, value in service.entry_json(entry).items():
        if name in form._fields and value is not None:
            form._fields[name].data = str(value)


def _apply_suggestions(form: EntryForm, raw: dict[str, Any]) -> dict[str, Any]:
    try:
        data = service.clean(current_user, raw)
    except ValidationFailed:
        return raw
    for warning in service.likely_slips(current_user, data):
        if warning.suggested:
            raw[warning.field] = warning.suggested
            form._fields[warning.field].data = warning.suggested
    return raw


# The answers folded under "More about yesterday (optional)".
MORE_FIELDS = service.EXPANDED_FIELDS


def _more_open(form: EntryForm) -> bool:
    """Unfold the optional answers when any holds a value or an error, so nothing typed
    (or saved) is hidden after a failed save or on an edit."""
    for name in MORE_FIELDS:
        f = form._fields[name]
        if f.errors or (f.data is not None and str(f.data).strip() not in ("", "None")):
            return True
    return False


def _render_form(
    form: EntryForm,
    *,
    entry: models.DiaryEntry | None = None,
    status: int = 200,
    warnings: list[m.SlipWarning] | None = None,
    conflict: date | None = None,
    stale: service.StaleEntry | None = None,
) -> Any:
    existing = None
    if entry is None and form.date.data and conflict is None:
        try:
            existing = service.get_entry(current_user, date.fromisoformat(str(form.date.data)))
        except ValueError:
            existing = None
    body = render_template(
        "diary/form.html",
        form=form,
        entry=entry,
        warnings=warnings or [],
        slip_fields={w.field: w for w in warnings or []},
        conflict=conflict,
        stale=stale,
        existing=existing,
        more_open=_more_open(form),
        today=service.today_for(current_user),
    )
    return body, status


@bp.get("", strict_slashes=False)
@login_required
def index() -> str:
    data = service.dashboard(current_user)
    timeline_start = data.today - timedelta(days=TIMELINE_NIGHTS - 1)
    timeline = [n for n in data.recent if n.date >= timeline_start]
    return render_template(
        "diary/index.html",
        data=data,
        timeline=charts.timeline_chart(timeline, data.today, TIMELINE_NIGHTS),
        efficiency=charts.efficiency_chart(data.recent, data.today, data.chart_days),
        total_sleep=charts.total_sleep_chart(data.recent, data.today, data.chart_days),
        logged_today=bool(data.recent) and data.recent[-1].date == data.today,
    )


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new_entry() -> Any:
    form = EntryForm()
    if request.method == "GET":
        today = day = service.today_for(current_user)
        if request.args.get("date"):
            try:
                day = service.parse_day(request.args["date"])
            except ValidationFailed:
                flash("That date was not understood; showing this morning instead.", "warning")
            if day > today:
                flash("That morning has not happened yet; showing this morning instead.", "warning")
                day = today
        _prefill(form, day)
        return _render_form(form)
    if not form.validate_on_submit():
        return _render_form(form, status=400)
    raw = form.raw()
    action = request.form.get("action", "save")
    if action == "use_suggestion":
        raw = _apply_suggestions(form, raw)
    try:
        if action == "replace":
            saved = service.save_entry(current_user, service.parse_day(raw.get("date")), raw)
        else:
            saved = service.add_entry(current_user, raw, confirmed=action in {"confirm", "replace"})
    except ValidationFailed as exc:
        form.populate_errors(exc.fields)
        return _render_form(form, status=422)
    except service.LikelySlip as exc:
        return _render_form(form, warnings=exc.warnings, status=422)
    except Conflict as exc:
        form.populate_errors({"date": exc.message})
        return _render_form(form, status=409, conflict=service.parse_day(raw.get("date")))
    day = saved.entry.date
    if day == service.today_for(current_user):
        flash("Saved. Here is how last night looks.", "success")
    else:  # back-dated: name the night it is about
        flash(f"Saved. Here is how the {night_of(day)} looks.", "success")
    return redirect(url_for("diary.show_entry", day=saved.entry.date.isoformat()))


@bp.get("/<day>")
@login_required
def show_entry(day: str) -> str:
    entry = service.entry_or_404(current_user, _day(day))
    return render_template(
        "diary/show.html",
        entry=entry,
        metrics=service.metrics_of(entry),
        chart=charts.timeline_chart([entry], entry.date, 1),
        warnings=service.likely_slips(current_user, service.entry_data(entry)),
        notes=check_notes([entry.comments], medication=[entry.medication]),
    )


@bp.route("/<day>/edit", methods=["GET", "POST"])
@login_required
def edit_entry(day: str) -> Any:
    entry = service.entry_or_404(current_user, _day(day))
    form = EditEntryForm()
    if request.method == "GET":
        _fill_from_entry(form, entry)
        form.updated_at.data = service.version_of(entry)
        return _render_form(form, entry=entry)
    form.date.data = entry.date.isoformat()  # the date is fixed when editing
    if not form.validate_on_submit():
        return _render_form(form, entry=entry, status=400)
    raw = form.raw()
    action = request.form.get("action", "save")
    if action == "use_suggestion":
        raw = _apply_suggestions(form, raw)
    try:
        service.save_entry(
            current_user,
            entry.date,
            raw,
            confirmed=action == "confirm",
            # A form from before this check carries no version: save as before.
            expected_version=form.updated_at.data or None,
        )
    except service.StaleEntry as exc:
        # Keep their answers on the form, show the saved ones, and let the next Save
        # deliberately replace what is stored now.
        form.updated_at.data = service.version_of(exc.entry)
        return _render_form(form, entry=exc.entry, status=409, stale=exc)
    except ValidationFailed as exc:
        form.populate_errors(exc.fields)
        return _render_form(form, entry=entry, status=422)
    except service.LikelySlip as exc:
        return _render_form(form, entry=entry, warnings=exc.warnings, status=422)
    flash("Saved your changes.", "success")
    return redirect(url_for("diary.show_entry", day=entry.date.isoformat()))


@bp.get("/<day>/delete")
@login_required
def confirm_delete(day: str) -> str:
    """Ask before deleting, without JavaScript: the page's POST button is the only way."""
    entry = service.entry_or_404(current_user, _day(day))
    return render_template("diary/delete.html", entry=entry)


@bp.post("/<day>/delete")
@login_required
def delete_entry(day: str) -> Response:
    parsed = _day(day)
    service.delete_entry(current_user, parsed)
    flash(f"Deleted the entry for {parsed:%a} {parsed.day} {parsed:%b %Y}.", "success")
    return redirect(url_for("diary.history"))


@bp.get("/history")
@login_required
def history() -> Any:
    raw = request.args.get("page", "1").strip()
    page = int(raw) if HISTORY_PAGE_RE.fullmatch(raw) else 1
    per_page = current_app.config.get("DIARY_PAGE_SIZE", 30)
    pagination = service.history_page(current_user, page, per_page)
    last = max(pagination.pages, 1)
    if page > last:  # past the end (an old bookmark, a hand-edited address): show the last page
        return redirect(url_for("diary.history", page=last))
    return render_template("diary/history.html", pagination=pagination)
