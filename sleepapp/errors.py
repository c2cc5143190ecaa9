"""Domain errors and the handlers that turn any error into a friendly page or JSON."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, g, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.exceptions import NotFound as HTTPNotFound

from .extensions import db
from .requestlog import request_id

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


class NotFound(Exception):
    """No such record for this person (another person's record is not found either)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


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


_DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin_of(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of an absolute http(s) URL, the default port filled in; else None."""
    try:
        parts = urlsplit(url.strip())
        scheme, host, port = parts.scheme.lower(), (parts.hostname or "").lower(), parts.port
    except ValueError:  # a port that is not a number, or out of range
        return None
    if scheme not in _DEFAULT_PORTS or not host:
        return None
    return scheme, host, _DEFAULT_PORTS[scheme] if port is None else port


def _same_origin() -> bool:
    """Did this request come from one of our own pages (not a forged cross-site post)?

    Scheme, host and port must match exactly: a prefix test would let
    http://sleep.example.com.attacker.net pass for sleep.example.com.
    """
    source = request.headers.get("Origin") or request.headers.get("Referer") or ""
    theirs = _origin_of(source)
    return theirs is not None and theirs == _origin_of(request.host_url)


def resend_expired_form() -> tuple[str, int]:
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
        return resend_expired_form()
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


def _rollback_quietly() -> None:
    # Roll back so a failed transaction does not poison the next request on this connection.
    # With the database gone the rollback itself can fail: the connection is discarded then.
    try:
        db.session.rollback()
    except Exception:
        log.warning("Rollback failed after an error", exc_info=True)


# Seconds a client is asked to wait before retrying while the database cannot be reached.
RETRY_AFTER_SECONDS = 30
UNAVAILABLE_MESSAGE = "The service is briefly unavailable. Nothing was lost: please try again in a minute."


def handle_database_unavailable(
    exc: sa_exc.DBAPIError,
) -> Response | tuple[str, int] | tuple[str, int, dict[str, str]]:
    """The database cannot be reached (down, restarting, a dropped connection, SQLite busy):
    a 503 with Retry-After, as a page or JSON. Other database errors are bugs: a 500."""
    if not (isinstance(exc, sa_exc.OperationalError) or exc.connection_invalidated):
        return handle_unexpected(exc)
    _rollback_quietly()
    log.warning(
        "Database unavailable on %s %s (request %s): %s",
        request.method,
        request.path,
        request_id(),
        exc.orig,
    )
    retry = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    if wants_json():
        resp = json_error(503, "service_unavailable", UNAVAILABLE_MESSAGE)
        resp.headers.update(retry)
        return resp
    try:
        # Rendering loads the logged-in person (Flask-Login's context processor), which would
        # fail again: stand in an anonymous user unless one is already loaded, and tell
        # base.html (database_down) to leave out the links that depend on who is logged in.
        if "_login_user" not in g:
            g._login_user = current_app.login_manager.anonymous_user()  # type: ignore[attr-defined]
        page = render_template(
            "errors/error.html",
            status=503,
            title="Service unavailable",
            message=UNAVAILABLE_MESSAGE,
            database_down=True,
        )
    except Exception:
        log.exception("The error page failed too")
        page = FALLBACK_PAGE
    return page, 503, retry


def handle_unexpected(exc: Exception) -> Response | tuple[str, int]:
    _rollback_quietly()
    log.exception("Unhandled error on %s %s (request %s)", request.method, request.path, request_id())
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


def handle_not_found(exc: NotFound) -> Response | tuple[str, int]:
    """The same 404 as any unknown address: JSON under /api/, the error page elsewhere."""
    return handle_http_error(HTTPNotFound(exc.message))


def handle_conflict(exc: Conflict) -> Response | tuple[str, int]:
    if wants_json():
        return json_error(409, "conflict", exc.message, {exc.field: exc.message} if exc.field else {})
    return render_template("errors/error.html", status=409, title="Conflict", message=exc.message), 409


def register(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(ValidationFailed, handle_validation)
    app.register_error_handler(Conflict, handle_conflict)
    app.register_error_handler(NotFound, handle_not_found)
    # OperationalError is a DBAPIError; the handler also takes any error whose connection
    # was invalidated (the server went away mid-query) and passes the rest on as a 500.
    app.register_error_handler(sa_exc.DBAPIError, handle_database_unavailable)
    app.register_error_handler(Exception, handle_unexpected)
