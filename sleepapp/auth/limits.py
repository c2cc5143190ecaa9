"""Rate limits on failed log-ins, per account and per address (Flask-Limiter).

Only failures count (deduct_when), so a person who types their password right is never
slowed; the check runs before the password is verified, so a blocked guesser learns nothing.
"""

from __future__ import annotations

from flask import current_app, g, request
from flask_limiter.util import get_remote_address

from ..extensions import limiter


def mark_failure() -> None:
    g.auth_failed = True


def _failed(_response: object) -> bool:
    return bool(g.get("auth_failed"))


def _account_key() -> str:
    try:
        data = request.get_json(silent=True) if request.is_json else request.form
    except RecursionError:  # absurdly nested JSON: the view answers 400 for it
        data = None
    email = str((data or {}).get("email", "")).strip().lower()[:254]
    # The key goes to the limiter's storage (Redis): keep it valid UTF-8 whatever was sent.
    return "account:" + email.encode("utf-8", "replace").decode("utf-8")


def _per_account() -> str:
    return current_app.config["AUTH_FAILURES_PER_ACCOUNT"]


def _per_address() -> str:
    return current_app.config["AUTH_FAILURES_PER_ADDRESS"]


def _registrations() -> str:
    return current_app.config["AUTH_REGISTRATIONS_PER_ADDRESS"]


def limit_failures(view):  # type: ignore[no-untyped-def]
    """Apply both failure limits to a login-like view (page or API)."""
    view = limiter.limit(
        _per_account, key_func=_account_key, deduct_when=_failed, methods=["POST"], scope="auth-account"
    )(view)
    view = limiter.limit(
        _per_address, key_func=get_remote_address, deduct_when=_failed, methods=["POST"], scope="auth-address"
    )(view)
    return view


limit_registrations = limiter.limit(_registrations, methods=["POST"], scope="register")
