"""Forgotten passwords (docs/design.md §8): a single-use link valid for 30 minutes, sent by
mail when the server can send it, or printed by `flask reset-password EMAIL` for an
administrator to pass on. Using it sets the new password and ends every log-in and token;
it keeps the person's passkeys but turns off requiring one after the password."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, url_for

from ..errors import ValidationFailed
from ..extensions import db
from .links import find_link, issue_link
from .models import PasswordReset, User
from .passwords import hash_password, password_problem
from .service import end_everywhere

RESET_LIFETIME = timedelta(minutes=30)


def create_reset(user: User) -> str:
    """A new reset link's secret; any earlier link of the person stops working."""
    return issue_link(PasswordReset, user)


def reset_url(secret: str) -> str:
    return url_for("auth.reset_password", secret=secret, _external=True)


def find_reset(secret: str) -> PasswordReset | None:
    """The live reset for this link, or None (unknown, used, replaced or expired)."""
    return find_link(PasswordReset, secret, RESET_LIFETIME)


def use_reset(reset: PasswordReset, new_password: str) -> User:
    user = reset.user
    cfg = current_app.config
    problem = password_problem(new_password, user.email, cfg["AUTH_PASSWORD_MIN"], cfg["AUTH_PASSWORD_MAX"])
    if problem:
        raise ValidationFailed({"password": problem}, "Password not changed.")
    user.password_hash = hash_password(new_password)
    # Whoever lost their passkeys must still get in: the link also turns off "require a
    # passkey after my password". The passkeys themselves stay (docs/design.md §8.7).
    user.passkey_required = False
    db.session.delete(reset)  # single use
    db.session.commit()
    end_everywhere(user)
    return user
