"""Nights logged with the network off (docs/design.md §10.3): the page keeps them in the
browser and sends each here when the connection returns. JSON for the page's own script,
with the session and its CSRF token (the API takes only bearer tokens, §5.2).

Sending the same night twice saves it once, a night saved elsewhere meanwhile is never
overwritten without the person's say, and every refusal keeps the night in the browser.
"""

from __future__ import annotations

from typing import Any

from flask import jsonify, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from ..clock import night_of
from ..errors import Conflict, NotFound, ValidationFailed
from . import bp, service

# The form's own fields that are not answers.
NOT_ANSWERS = frozenset({"date", "csrf_token", "updated_at", "action"})
MAX_VERSION_LENGTH = 64


def _answer(code: int, **body: Any) -> Response:
    resp = jsonify(body)
    resp.status_code = code
    return resp


def _refused(code: int, error: str, message: str, **extra: Any) -> Response:
    return _answer(code, error=error, message=message, **extra)


def _saved_now(day: Any) -> dict[str, Any]:
    """What is stored for that morning now (the other side of a conflict), or nothing."""
    entry = service.get_entry(current_user, day)
    if entry is None:
        return {"saved": None, "version": None}
    return {"saved": service.entry_json(entry), "version": service.version_of(entry)}


@bp.post("/sync")
def sync_entry() -> Response:
    """Save one night kept offline: `{"date", "answers", "version", "confirmed"}`.

    `version` is null for a night logged on the new-entry form: it is saved only if that
    morning is still empty. From an edit form it is the version the form was opened with,
    and the save happens only if nothing changed since. The same answers as those already
    stored count as saved (a retry after a lost reply), so a night is never doubled.
    """
    if not current_user.is_authenticated:
        return _refused(401, "unauthorized", "Log in again to send the nights kept on this device.")
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("answers"), dict):
        return _refused(400, "bad_request", "Send a JSON object with `date` and `answers`.")
    version = body.get("version")
    if version is not None and (not isinstance(version, str) or len(version) > MAX_VERSION_LENGTH):
        return _refused(400, "bad_request", "`version` must be the version the form was opened with.")
    confirmed = body.get("confirmed") is True
    answers = {k: v for k, v in body["answers"].items() if k not in NOT_ANSWERS}
    try:
        day = service.parse_day(body.get("date") if isinstance(body.get("date"), str) else None)
        data = service.clean(current_user, {**answers, "date": day.isoformat()})
    except ValidationFailed as exc:
        return _refused(422, "validation_failed", exc.message, fields=exc.fields)

    existing = service.get_entry(current_user, day)
    if existing is not None and service.entry_data(existing) == data:
        return _answer(200, status="unchanged", **_place(day))
    try:
        if version is None:
            saved = service.add_entry(current_user, {**answers, "date": day.isoformat()}, confirmed=confirmed)
        else:
            saved = service.save_entry(
                current_user, day, answers, confirmed=confirmed, expected_version=version
            )
    except service.LikelySlip as exc:
        warnings = [
            {"field": w.field, "entered": w.entered, "suggested": w.suggested, "message": w.message}
            for w in exc.warnings
        ]
        return _refused(422, "likely_slip", "Some times look like an AM/PM slip.", warnings=warnings)
    except (Conflict, NotFound):  # saved elsewhere first, changed since, or deleted since
        now = _saved_now(day)
        message = (
            "This night was deleted somewhere else after you opened the form."
            if now["saved"] is None
            else "This night was saved somewhere else (another tab or device) before these answers arrived."
        )
        return _refused(409, "conflict", message, **now)
    return _answer(
        201 if saved.created else 200, status="created" if saved.created else "replaced", **_place(day)
    )


def _place(day: Any) -> dict[str, str]:
    return {
        "date": day.isoformat(),
        "night": night_of(day),
        "url": url_for("diary.show_entry", day=day.isoformat()),
    }
