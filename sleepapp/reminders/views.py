"""Reminder pages: the settings page (/account/reminders) with the calendar feed and the
notification button, the JSON endpoints the button calls, and the feed itself, which
calendar apps fetch without a log-in (the long random address is the key)."""

from __future__ import annotations

from flask import Response, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as WerkzeugResponse

from ..clock import today_in, utcnow
from ..errors import NotFound, ValidationFailed
from . import bp, service
from .feed import build_calendar
from .forms import CalendarForm, ReminderSettingsForm
from .rules import CATALOGUE, Anchor
from .vapid import vapid_keys


def _me():  # type: ignore[no-untyped-def]
    return current_user._get_current_object()  # type: ignore[attr-defined]


def _page(form: ReminderSettingsForm, status: int = 200, new_feed_url: str | None = None):  # type: ignore[no-untyped-def]
    user = _me()
    plan = service.plan_for(user)
    window = plan.windows[-1] if plan.windows else None
    return render_template(
        "reminders/settings.html",
        form=form,
        catalogue=CATALOGUE,
        clock_anchor=Anchor.CLOCK,
        window=window,
        usual_wake=plan.usual_wake,
        feed=service.calendar_feed(user),
        new_feed_url=new_feed_url,
        calendar_form=CalendarForm(),
        browsers=len(service.subscriptions(user)),
        vapid_public_key=_public_key(),
    ), status


def _public_key() -> str | None:
    """The VAPID public key for the button; None (notifications not offered) when the key is
    misconfigured or instance/ cannot hold a generated one: the page still works."""
    try:
        return vapid_keys().public_key
    except (OSError, RuntimeError, ValueError):
        current_app.logger.exception("Web Push is not available: no usable VAPID key")
        return None


@bp.route("/account/reminders", methods=["GET", "POST"])
@login_required
def settings():  # type: ignore[no-untyped-def]
    user = _me()
    if request.method == "GET":
        return _page(ReminderSettingsForm.for_settings(service.load_settings(user)))
    form = ReminderSettingsForm()
    if not form.validate():
        return _page(form, 400 if "csrf_token" in form.errors else 422)
    try:
        service.save_settings(user, form.choices())
    except ValidationFailed as exc:
        form.populate_errors(exc.fields)
        return _page(form, 422)
    flash("Reminders saved.", "success")
    return redirect(url_for("reminders.settings"))


@bp.post("/account/reminders/calendar")
@login_required
def start_calendar():  # type: ignore[no-untyped-def]
    """Turn the feed on or give it a new address. The page answers directly (no redirect)
    because this is the only time the address can be shown: only its hash is kept."""
    if not CalendarForm().validate_on_submit():
        abort(400)
    token = service.start_calendar_feed(_me())
    url = url_for("reminders.calendar_feed", token=token, _external=True)
    form = ReminderSettingsForm.for_settings(service.load_settings(_me()))
    return _page(form, new_feed_url=url)


@bp.post("/account/reminders/calendar/off")
@login_required
def stop_calendar() -> WerkzeugResponse:
    if not CalendarForm().validate_on_submit():
        abort(400)
    service.stop_calendar_feed(_me())
    flash("Calendar feed turned off: its address no longer works.", "success")
    return redirect(url_for("reminders.settings", _anchor="calendar"))


@bp.get("/calendar/<token>.ics")
def calendar_feed(token: str) -> Response:
    try:
        feed, user = service.feed_owner(token)
    except NotFound:
        abort(404)
    now = utcnow()
    body = build_calendar(
        service.plan_for(user),
        service.load_settings(user),
        today_in(user.zone, now),
        now,
        feed.token_hash,
        url_for("home.index", _external=True),
        bool(getattr(user, "hour12", False)),
    )
    resp = Response(body, mimetype="text/calendar")
    resp.headers["Content-Disposition"] = 'inline; filename="sleep-reminders.ics"'
    resp.headers["Cache-Control"] = "private, no-store"
    resp.headers["X-Robots-Tag"] = "noindex"
    return resp


def _json_body() -> dict:  # type: ignore[type-arg]
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        abort(400)
    return data


def _refused(exc: ValidationFailed):  # type: ignore[no-untyped-def]
    return jsonify({"error": "validation_failed", "message": exc.message, "fields": exc.fields}), 422


@bp.post("/account/reminders/push/subscribe")
@login_required
def push_subscribe():  # type: ignore[no-untyped-def]
    """The browser's PushSubscription as JSON (CSRF token in the X-CSRFToken header)."""
    try:
        sub = service.subscribe(_me(), _json_body())
    except ValidationFailed as exc:
        return _refused(exc)
    return jsonify({"id": sub.id, "browsers": len(service.subscriptions(_me()))}), 201


@bp.post("/account/reminders/push/unsubscribe")
@login_required
def push_unsubscribe():  # type: ignore[no-untyped-def]
    removed = service.unsubscribe(_me(), _json_body().get("endpoint"))
    return jsonify({"removed": removed, "browsers": len(service.subscriptions(_me()))})
