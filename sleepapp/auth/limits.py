"""Rate limits on failed log-ins, per account and per address (Flask-Limiter).

One budget for both ways in: the log-in page and POST /api/v1/tokens share each bucket
(`shared_limit`), so a guesser cannot double the allowance by switching endpoint. Only
failures count (deduct_when), a successful log-in clears that account's count, and the check
runs before the password is verified, so a blocked guesser learns nothing. With Redis the
budget holds across workers and instances; if Redis goes away the limiter keeps counting in
memory (RATELIMIT_IN_MEMORY_FALLBACK_ENABLED) and returns to Redis when it answers again.
"""

from __future__ import annotations

import logging

from flask import Flask, current_app, g, request
from flask_limiter.util import get_remote_address
from limits import parse

from ..extensions import limiter
from .service import normalise_email

log = logging.getLogger(__name__)
ACCOUNT_SCOPE = "auth-account"
ADDRESS_SCOPE = "auth-address"


def mark_failure() -> None:
    g.auth_failed = True


def _failed(_response: object) -> bool:
    return bool(g.get("auth_failed"))


def account_key(email: object) -> str:
    text = normalise_email(email if isinstance(email, str) else "")[:254]
    # The key goes to the limiter's storage (Redis): keep it valid UTF-8 whatever was sent.
    return "account:" + text.encode("utf-8", "replace").decode("utf-8")


def _account_key() -> str:
    if not request.is_json:
        return account_key(request.form.get("email", ""))
    try:
        data = request.get_json(silent=True)
    except RecursionError:  # absurdly nested JSON: the view answers 400 for it
        data = None
    # Any JSON value may arrive ("x", 123, [1]); only an object can name an account.
    return account_key(data.get("email", "") if isinstance(data, dict) else "")


def _per_account() -> str:
    return current_app.config["AUTH_FAILURES_PER_ACCOUNT"]


def _per_address() -> str:
    return current_app.config["AUTH_FAILURES_PER_ADDRESS"]


def _registrations() -> str:
    return current_app.config["AUTH_REGISTRATIONS_PER_ADDRESS"]


_account_limit = limiter.shared_limit(
    _per_account, scope=ACCOUNT_SCOPE, key_func=_account_key, deduct_when=_failed, methods=["POST"]
)
_address_limit = limiter.shared_limit(
    _per_address, scope=ADDRESS_SCOPE, key_func=get_remote_address, deduct_when=_failed, methods=["POST"]
)


def limit_failures(view):  # type: ignore[no-untyped-def]
    """Apply both failure budgets to a login-like view (page or API)."""
    return _address_limit(_account_limit(view))


def _passkey_account_key() -> str:
    from .passkeys import ceremony_email

    return account_key(ceremony_email() or "")


def _no_account_named() -> bool:
    from .passkeys import ceremony_email

    return ceremony_email() is None


_passkey_account_limit = limiter.shared_limit(
    _per_account,
    scope=ACCOUNT_SCOPE,
    key_func=_passkey_account_key,
    deduct_when=_failed,
    exempt_when=_no_account_named,
    methods=["POST"],
)


def limit_passkey_failures(view):  # type: ignore[no-untyped-def]
    """The same budgets for a passkey answer: per address always, and per account when the
    session names one (the step after a password, or a log-in that began with an email). A
    passkey log-in without an email names no account until its signature is checked."""
    return _address_limit(_passkey_account_limit(view))


def forget_failures(email: str) -> None:
    """A successful log-in: the account's failure count starts again from zero."""
    try:
        limiter.limiter.clear(parse(_per_account()), account_key(email), ACCOUNT_SCOPE)
    except Exception:  # the storage is unreachable: the count expires on its own
        log.warning("could not clear the log-in failure count (rate-limit storage unreachable)")


limit_registrations = limiter.limit(_registrations, methods=["POST"], scope="register")


def limit_reset_requests(view):  # type: ignore[no-untyped-def]
    """Every "forgot password" request counts, per address and per account asked about."""
    view = limiter.limit(
        lambda: current_app.config["AUTH_RESETS_PER_ACCOUNT"],
        key_func=_account_key,
        methods=["POST"],
        scope="reset-account",
    )(view)
    return limiter.limit(
        lambda: current_app.config["AUTH_RESETS_PER_ADDRESS"], methods=["POST"], scope="reset"
    )(view)


def check_only_decorated_views(app: Flask) -> None:
    """Drop Flask-Limiter's check before every request.

    That hook exists for application-wide and default limits; this app has neither: every
    limit is a decorator on the view it guards (above), and a decorated view checks its own
    limits when called. The hook still resolved limits for every request, /healthz and
    static files included (about a fifth of a bare request's time in the issue 13 profile).
    If a default or application limit is ever configured, the hook stays."""
    config = app.config
    if config.get("RATELIMIT_DEFAULT") or config.get("RATELIMIT_APPLICATION"):
        return
    hooks = app.before_request_funcs.get(None, [])
    app.before_request_funcs[None] = [hook for hook in hooks if hook != limiter._check_request_limit]
