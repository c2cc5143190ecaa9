"""Diary pages: the dashboard, the morning form (new and edit), one night, the history."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from ..clock import clock_or_none, format_clock, night_of
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


# Carried over from the last night logged besides its clock times, so a night like the one
# before takes a few taps (issue 18); how the night felt (quality) is always asked afresh.
CARRIED_NUMBERS = ("sleep_latency_min", "awakenings", "awake_min")


def _prefill(form: EntryForm, day: date) -> bool:
    """Start a new night from the last one logged before `day`; True when there was one."""
    form.date.data = day.isoformat()
    previous = service.previous_entry(current_user, day)
    if previous is None:
        return False
    for name in m.CLOCK_FIELDS:  # most people keep similar hours
        getattr(form, name).data = format_clock(getattr(previous, name))
    for name in CARRIED_NUMBERS:
        getattr(form, name).data = str(getattr(previous, name))
    return True


def _fill_from_entry(form: EntryForm, entry: models.DiaryEntry) -> None:
    for name, value in service.entry_json(entry).items():
        if name in form._fields and value is not None:
            form._fields[name].data = str(value)


def _show_preview(form: EntryForm, preview: service.SlipPreview, entry: models.DiaryEntry | None) -> Any:
    """The preview "Show the suggested time" leads to (nothing is saved): the form holds the
    corrected answers, the typed ones ride along for "Back to the times I typed"."""
    for change in preview.changes:
        form._fields[change.field].data = format_clock(change.after)
    return _render_form(form, entry=entry, preview=preview)


def _restore_typed(form: EntryForm) -> None:
    """Put back the clock answers as typed before a preview (typed_<field>, when valid)."""
    for name in m.CLOCK_FIELDS:
        typed = clock_or_none(request.form.get(f"typed_{name}"))
        if typed is not None:
            form._fields[name].data = format_clock(typed)


def _ask_again(form: EntryForm, entry: models.DiaryEntry | None) -> Any:
    """Back from a preview: the typed times and the question about them, nothing saved."""
    _restore_typed(form)
    try:
        data = service.clean(current_user, form.raw())
    except ValidationFailed as exc:
        form.populate_errors(exc.fields)
        return _render_form(form, entry=entry, status=422)
    return _render_form(form, entry=entry, warnings=service.likely_slips(current_user, data))


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
    preview: service.SlipPreview | None = None,
    carried: bool = False,
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
        preview=preview,
        labels=m.LABELS,
        existing=existing,
        more_open=_more_open(form),
        today=service.today_for(current_user),
        carried=carried,
    )
    return body, status


@bp.get("", strict_slashes=False)
@login_required
def index() -> str:
    data = service.dashboard(current_user)
    timeline_start = data.today - timedelta(days=TIMELINE_NIGHTS - 1)
    timeline = [n for n in data.recent if n.date >= timeline_start]
    hour12 = current_user.hour12
    return render_template(
        "diary/index.html",
        data=data,
        timeline=charts.timeline_chart(timeline, data.today, TIMELINE_NIGHTS, hour12=hour12),
        efficiency=charts.efficiency_chart(data.recent, data.today, data.chart_days, hour12=hour12),
        total_sleep=charts.total_sleep_chart(data.recent, data.today, data.chart_days, hour12=hour12),
        logged_today=bool(data.recent) and data.recent[-1].date == data.today,
        undo=service.pending_undo(current_user),
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
        return _render_form(form, carried=_prefill(form, day))
    if not form.validate_on_submit():
        return _render_form(form, status=400)
    raw = form.raw()
    action = request.form.get("action", "save")
    if action == "back":
        return _ask_again(form, None)
    if action == "use_suggestion" and (preview := service.preview_suggestion(current_user, raw)):
        return _show_preview(form, preview, None)
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
    except Conflict:  # the page says it in a sentence, with a link to edit the saved night
        return _render_form(form, status=409, conflict=service.parse_day(raw.get("date")))
    day = saved.entry.date
    if day == service.today_for(current_user):
        flash("Saved. Here is how last night looks.", "success")
    else:  # back-dated: name the night it is about
        flash(
            f"Saved. Here is how the {night_of(day, saved.entry.in_bed, saved.entry.out_of_bed)} looks.",
            "success",
        )
    return redirect(url_for("diary.show_entry", day=saved.entry.date.isoformat()))


@bp.get("/<day>")
@login_required
def show_entry(day: str) -> str:
    entry = service.entry_or_404(current_user, _day(day))
    return render_template(
        "diary/show.html",
        entry=entry,
        metrics=service.metrics_of(entry),
        chart=charts.timeline_chart([entry], entry.date, 1, hour12=current_user.hour12),
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
    if action == "back":
        return _ask_again(form, entry)
    if action == "use_suggestion" and (preview := service.preview_suggestion(current_user, raw)):
        return _show_preview(form, preview, entry)
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
    return render_template("diary/delete.html", entry=entry, undo_minutes=service.UNDO_MINUTES)


@bp.post("/<day>/delete")
@login_required
def delete_entry(day: str) -> Response:
    """Delete, then the diary offers "Undo" for service.UNDO_MINUTES (templates/diary/_undo.html)."""
    service.delete_entry(current_user, _day(day))
    return redirect(url_for("diary.history"))


@bp.post("/undo/<id:undo_id>")
@login_required
def undo_delete(undo_id: int) -> Response:
    """Restore a night deleted in the last minutes; another person's, a used or an expired
    undo is a 404 (errors.py)."""
    try:
        entry = service.undo_delete(current_user, undo_id)
    except Conflict as exc:
        flash(exc.message, "warning")
        return redirect(url_for("diary.history"))
    flash(f"Restored the {night_of(entry.date, entry.in_bed, entry.out_of_bed)}.", "success")
    return redirect(url_for("diary.show_entry", day=entry.date.isoformat()))


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
    return render_template(
        "diary/history.html", pagination=pagination, undo=service.pending_undo(current_user)
    )
