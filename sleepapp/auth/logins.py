"""Log-in records: one row per browser that logged in (docs/design.md §8).

The session and remember-me cookies carry only the record's random key; the database keeps
its SHA-256. Logging out ends this browser's record; the account page ends any or all;
changing the password or deleting the account ends all of them.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, g, request, session
from flask_login import login_user
from sqlalchemy.orm import joinedload

from ..clock import utcnow
from ..extensions import db
from .devices import describe_device
from .models import LoginSession, User, as_utc
from .passwords import secret_digest

# Writing "last seen" on every request would turn every page view into a write.
LAST_SEEN_RESOLUTION = timedelta(minutes=5)


def start_login(user: User, *, remember: bool) -> LoginSession:
    """Create this browser's record; `user.login_key` is what its cookies will carry."""
    key = secrets.token_urlsafe(32)
    record = LoginSession(
        user_id=user.id,
        key_hash=secret_digest(key),
        device=describe_device(request.headers.get("User-Agent")),
        remember=remember,
    )
    db.session.add(record)
    db.session.commit()
    user.login_key = key
    g.login_session = record
    return record


def log_in_browser(user: User, *, remember: bool) -> None:
    """Log this browser in with a fresh session: nothing planted in a pre-login cookie
    survives, and the cookies carry only the new record's key."""
    session.clear()
    start_login(user, remember=remember)
    login_user(user, remember=remember)


def _lifetime(record: LoginSession) -> timedelta:
    cfg = current_app.config
    return cfg["REMEMBER_COOKIE_DURATION"] if record.remember else cfg["PERMANENT_SESSION_LIFETIME"]


def load_login(key: str) -> User | None:
    """Flask-Login's user loader: the person whose live log-in record has this key."""
    if not key or len(key) > 200:
        return None
    record = db.session.scalar(
        sa.select(LoginSession)
        .options(joinedload(LoginSession.user))
        .where(LoginSession.key_hash == secret_digest(key))
    )
    if record is None:
        return None
    now = utcnow()
    last_seen = as_utc(record.last_seen_at)
    if now - last_seen > _lifetime(record):
        db.session.delete(record)
        db.session.commit()
        return None
    if now - last_seen > LAST_SEEN_RESOLUTION:
        record.last_seen_at = now
        db.session.commit()
    g.login_session = record
    user = record.user
    user.login_key = key
    return user


def current_login() -> LoginSession | None:
    return g.get("login_session")


def end_login(record: LoginSession | None) -> None:
    if record is not None:
        db.session.execute(sa.delete(LoginSession).where(LoginSession.id == record.id))
        db.session.commit()


def end_login_by_id(user: User, login_id: int) -> bool:
    """End one of the person's own log-ins; False when it is not theirs or already gone."""
    result = db.session.execute(
        sa.delete(LoginSession).where(LoginSession.id == login_id, LoginSession.user_id == user.id)
    )
    db.session.commit()
    return bool(result.rowcount)  # type: ignore[attr-defined]


def end_all_logins(user: User, *, keep: LoginSession | None = None) -> int:
    """End every log-in of the person (all but `keep` when given); returns how many ended."""
    query = sa.delete(LoginSession).where(LoginSession.user_id == user.id)
    if keep is not None:
        query = query.where(LoginSession.id != keep.id)
    result = db.session.execute(query)
    db.session.commit()
    return int(result.rowcount)  # type: ignore[attr-defined]


def list_logins(user: User) -> list[LoginSession]:
    return list(
        db.session.scalars(
            sa.select(LoginSession)
            .where(LoginSession.user_id == user.id)
            .order_by(LoginSession.last_seen_at.desc(), LoginSession.id.desc())
        )
    )
