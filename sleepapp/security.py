"""Security headers on every response and safe redirects."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, current_app, g, request

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; "
    "form-action 'self'; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'"
)


def safe_next(target: str | None, default: str = "/") -> str:
    """`target` if it is a path on this site, else `default` (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target or any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target


def _personal() -> bool:
    """Could this response hold someone's own data (so no cache may keep it)?

    Decided from the request alone, never the database: this runs on every response,
    error pages during a database outage included, where loading the user would fail.
    Any request carrying the session or remember-me cookie counts, logged in or not.
    """
    if request.path.startswith("/api/"):
        return True
    static = current_app.static_url_path
    if static and request.path.startswith(static.rstrip("/") + "/"):
        return False
    config = current_app.config
    cookies = (config["SESSION_COOKIE_NAME"], config.get("REMEMBER_COOKIE_NAME", "remember_token"))
    if any(name in request.cookies for name in cookies):
        return True
    # Logged in during this very request (the log-in post itself): the user is in memory.
    loaded = g.get("_login_user")
    return loaded is not None and bool(loaded.is_authenticated)


# The headers every response gets unless its view set its own, built once (issue 13: they
# were rebuilt for every response).
_ALWAYS: tuple[tuple[str, str], ...] = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
)


def set_security_headers(response: Response) -> Response:
    headers = response.headers
    present = {name.lower() for name, _ in headers.items()}
    for name, value in _ALWAYS:
        if name.lower() not in present:
            headers.add(name, value)
    if _personal():
        headers["Cache-Control"] = "no-store"
        headers.add("Vary", "Cookie")
    if request.is_secure:
        max_age = int(current_app.config["HSTS_SECONDS"])
        headers.setdefault("Strict-Transport-Security", f"max-age={max_age}; includeSubDomains")
    return response


def register(app: Flask) -> None:
    app.after_request(set_security_headers)
