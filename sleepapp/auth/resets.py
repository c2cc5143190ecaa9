"""Forgotten passwords (docs/design.md §8): a single-use link valid for 30 minutes, sent by
mail when the server can send it, or printed by `flask reset-password EMAIL` for an
administrator to pass on. Using it sets the new password and ends every log-in and token."""

from __future__ import annotations

import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, url_for

from ..errors import ValidationFailed
from ..extensions import db
from .models import PasswordReset, User, as_utc, utcnow
from .passwords import hash_password, password_problem, secret_digest
from .service import end_everywhere

RESET_LIFETIME = timedelta(minutes=30)


def create_reset(user: User) -> str:
    """A new reset link's secret; any earlier link of the person stops working."""
    db.session.execute(sa.delete(PasswordReset).where(PasswordReset.user_id == user.id))
    secret = secrets.token_urlsafe(32)
    db.session.add(PasswordReset(user_id=user.id, key_hash=secret_digest(secret)))
    db.session.commit()
    return secret


def reset_url(secret: str) -> str:
    return url_for("auth.reset_password", secret=secret, _external=True)


def find_reset(secret: str) -> PasswordReset | None:
    """The live reset for this link, or None (unknown, used, replaced or expired)."""
    if not secret or len(secret) > 200:
        return None
    reset = db.session.scalar(sa.select(PasswordReset).where(PasswordReset.key_hash == secret_digest(secret)))
    if reset is None:
        return None
    if utcnow() - as_utc(reset.created_at) > RESET_LIFETIME:
        db.session.delete(reset)
        db.session.commit()
        return None
    return reset


def use_reset(reset: PasswordReset, new_password: str) -> User:
    user = reset.user
    cfg = current_app.config
    problem = password_problem(new_password, user.email, cfg["AUTH_PASSWORD_MIN"], cfg["AUTH_PASSWORD_MAX"])
    if problem:
        raise ValidationFailed({"password": problem}, "Password not changed.")
    user.password_hash = hash_password(new_password)
    db.session.delete(reset)  # single use
    db.session.commit()
    end_everywhere(user)
    return user
