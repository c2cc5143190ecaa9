"""Domain errors and the handlers that turn any error into a friendly page or JSON."""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from .extensions import db

log = logging.getLogger(__name__)


class ValidationFailed(Exception):
    """Input that breaks a rule; `fields` maps each field name to a message for a person."""

    def __init__(self, fields: dict[str, str], message: str = "Some values need fixing.") -> None:
        super().__init__(message)
        self.fields = fields
        self.message = message


class Conflict(Exception):
    """The request clashes with what is stored (a second entry for the same date, say)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def wants_json() -> bool:
    return request.path.startswith("/api/")


def json_error(status: int, error: str, message: str, fields: dict[str, str] | None = None) -> Response:
    resp = jsonify({"error": error, "message": message, "fields": fields or {}})
    resp.status_code = status
    return resp


def _error_code(exc: HTTPException) -> str:
    return (exc.name or "error").lower().replace(" ", "_").replace("'", "")


# Form fields never echoed back into a page.
SECRET_FIELDS = ("password", "confirm", "csrf_token")


def _same_origin() -> bool:
    """Did this request come from one of our own pages (not a forged cross-site post)?"""
    source = request.headers.get("Origin") or request.headers.get("Referer") or ""
    return bool(source) and source.rstrip("/").startswith(request.host_url.rstrip("/"))


def resend_expired_form(exc: CSRFError) -> tuple[str, int]:
    """A form whose CSRF token expired (a long night, a logout in another tab): instead of
    losing what the person typed, offer to send the same answers again with a fresh token.
    Only for posts from our own pages, so a forged post cannot be laundered this way."""
    fields = [
        (name, value)
        for name, value in request.form.items(multi=True)
        if not any(secret in name for secret in SECRET_FIELDS)
    ]
    return render_template("errors/resend.html", action=request.full_path.rstrip("?"), fields=fields), 400


def handle_http_error(exc: HTTPException) -> Response | tuple[str, int]:
    status = exc.code or 500
    if isinstance(exc, CSRFError) and request.method == "POST" and not wants_json() and _same_origin():
        return resend_expired_form(exc)
    message = exc.description or ""
    if isinstance(exc, CSRFError):
        message = "The form expired or was sent from elsewhere. Go back, reload the page and try again."
    if status == 429:
        message = "Too many attempts. Wait a few minutes, then try again."
    if wants_json():
        resp = json_error(status, _error_code(exc), message)
        for header in ("Retry-After", "Allow", "WWW-Authenticate"):
            if value := dict(exc.get_headers()).get(header):
                resp.headers[header] = value
        return resp
    return render_template("errors/error.html", status=status, title=exc.name, message=message), status


FALLBACK_PAGE = (
    "<!doctype html><html lang=en><meta charset=utf-8><title>Something went wrong</title>"
    "<h1>Something went wrong</h1><p>Please try again in a moment.</p></html>"
)


def handle_unexpected(exc: Exception) -> Response | tuple[str, int]:
    # Roll back so a failed transaction does not poison the next request on this connection.
    db.session.rollback()
    log.exception("Unhandled error on %s %s", request.method, request.path)
    try:
        return handle_http_error(InternalServerError("Something went wrong on our side. Please try again."))
    except Exception:  # the error page itself failed (the database is down, say)
        log.exception("The error page failed too")
        return FALLBACK_PAGE, 500


def handle_validation(exc: ValidationFailed) -> Response | tuple[str, int]:
    if wants_json():
        return json_error(422, "validation_failed", exc.message, exc.fields)
    message = " ".join([exc.message, *exc.fields.values()])
    return render_template("errors/error.html", status=422, title="Check your input", message=message), 422


def handle_conflict(exc: Conflict) -> Response | tuple[str, int]:
    if wants_json():
        return json_error(409, "conflict", exc.message, {exc.field: exc.message} if exc.field else {})
    return render_template("errors/error.html", status=409, title="Conflict", message=exc.message), 409


def register(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(ValidationFailed, handle_validation)
    app.register_error_handler(Conflict, handle_conflict)
    app.register_error_handler(Exception, handle_unexpected)
