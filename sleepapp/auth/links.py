"""Single-use links mailed to a person (password resets, address confirmations): issuing
one replaces the person's previous link of that kind; finding one refuses it once too old."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import TypeVar

import sqlalchemy as sa

from ..clock import utcnow
from ..extensions import db
from .models import EmailConfirmation, PasswordReset, User, as_utc
from .passwords import secret_digest

Link = TypeVar("Link", PasswordReset, EmailConfirmation)


def issue_link(kind: type[Link], user: User) -> str:
    """A new link's secret (shown only in the link); any earlier link of this kind ends."""
    db.session.execute(sa.delete(kind).where(kind.user_id == user.id))
    secret = secrets.token_urlsafe(32)
    db.session.add(kind(user_id=user.id, key_hash=secret_digest(secret)))
    db.session.commit()
    return secret


def find_link(kind: type[Link], secret: str, lifetime: timedelta) -> Link | None:
    """The live link with this secret, or None (unknown, used, replaced or expired)."""
    if not secret or len(secret) > 200:
        return None
    link = db.session.scalar(sa.select(kind).where(kind.key_hash == secret_digest(secret)))
    if link is None:
        return None
    if utcnow() - as_utc(link.created_at) > lifetime:
        db.session.delete(link)
        db.session.commit()
        return None
    return link
