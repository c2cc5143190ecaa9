"""API tokens: issued by name with an expiry, listed, revoked one by one or all at once
(docs/design.md §5). Only a token's SHA-256 is stored."""

from __future__ import annotations

import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from ..clock import utcnow
from ..errors import ValidationFailed
from ..extensions import db
from .models import ApiToken, User, as_utc
from .passwords import secret_digest

NAME_MAX = 80
MAX_DAYS = 3650


def token_problems(name: object, expires_in_days: object) -> dict[str, str]:
    fields = {}
    if name is not None and (not isinstance(name, str) or len(name) > NAME_MAX):
        fields["name"] = f"A name is text of at most {NAME_MAX} characters."
    if expires_in_days is not None and (
        isinstance(expires_in_days, bool)
        or not isinstance(expires_in_days, int)
        or not 1 <= expires_in_days <= MAX_DAYS
    ):
        fields["expires_in_days"] = f"A whole number of days from 1 to {MAX_DAYS}."
    return fields


def issue_token(
    user: User, name: str | None = None, expires_in_days: int | None = None
) -> tuple[str, ApiToken]:
    """A new token (the secret, shown once) and its stored record."""
    if fields := token_problems(name, expires_in_days):
        raise ValidationFailed(fields, "Token not created.")
    days = expires_in_days or int(current_app.config["AUTH_TOKEN_DAYS"])
    secret = secrets.token_urlsafe(32)
    record = ApiToken(
        user_id=user.id,
        token_hash=secret_digest(secret),
        name=(name or "").strip(),
        expires_at=utcnow() + timedelta(days=days),
    )
    db.session.add(record)
    db.session.commit()
    return secret, record


def find_token(secret: str) -> ApiToken | None:
    """The live token with this secret (expired ones are deleted), noting the day of use."""
    if not secret or len(secret) > 200:
        return None
    record = db.session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == secret_digest(secret)))
    if record is None:
        return None
    now = utcnow()
    if as_utc(record.expires_at) <= now:
        db.session.delete(record)
        db.session.commit()
        return None
    today = now.date()
    if record.last_used_on != today:  # one write a day, not one per request
        record.last_used_on = today
        db.session.commit()
    return record


def list_tokens(user: User) -> list[ApiToken]:
    return list(
        db.session.scalars(
            sa.select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at, ApiToken.id)
        )
    )


def revoke_token(user: User, token_id: int) -> bool:
    """Revoke one of the person's own tokens; False when it is not theirs or already gone."""
    result = db.session.execute(
        sa.delete(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user.id)
    )
    db.session.commit()
    return bool(result.rowcount)  # type: ignore[attr-defined]


def revoke_all_tokens(user: User) -> int:
    result = db.session.execute(sa.delete(ApiToken).where(ApiToken.user_id == user.id))
    db.session.commit()
    return int(result.rowcount)  # type: ignore[attr-defined]


def token_as_dict(record: ApiToken) -> dict[str, object]:
    return {
        "id": record.id,
        "name": record.name,
        "created_at": as_utc(record.created_at).isoformat(timespec="seconds"),
        "last_used_on": record.last_used_on.isoformat() if record.last_used_on else None,
        "expires_at": as_utc(record.expires_at).isoformat(timespec="seconds"),
    }
