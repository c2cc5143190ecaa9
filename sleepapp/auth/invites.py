"""Registration modes (docs/design.md §8): FLASK_REGISTRATION is "open" (anyone may
register), "invite" (a single-use code from `flask invite`) or "closed" (accounts only from
`flask create-user`)."""

from __future__ import annotations

import re
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from ..clock import utcnow
from ..extensions import db
from .models import Invite
from .passwords import secret_digest

MODES = ("open", "invite", "closed")
DURATION_RE = re.compile(r"^(\d{1,4})([mhd])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days"}


def registration_mode() -> str:
    mode = str(current_app.config["REGISTRATION"]).strip().lower()
    if mode not in MODES:
        raise RuntimeError(f"FLASK_REGISTRATION must be one of {', '.join(MODES)} (as JSON: '\"invite\"')")
    return mode


def parse_duration(text: str) -> timedelta:
    """'7d', '12h', '30m' -> a timedelta (ValueError otherwise)."""
    match = DURATION_RE.match(text.strip().lower())
    if not match or int(match.group(1)) == 0:
        raise ValueError("Give a duration like 7d, 12h or 30m.")
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


def _normalise(code: str) -> str:
    return (code or "").strip().replace(" ", "")


def create_invite(valid_for: timedelta) -> str:
    code = secrets.token_urlsafe(12)
    db.session.add(Invite(code_hash=secret_digest(code), expires_at=utcnow() + valid_for))
    db.session.commit()
    return code


def invite_is_valid(code: str) -> bool:
    code = _normalise(code)
    if not code or len(code) > 100:
        return False
    return (
        db.session.scalar(
            sa.select(Invite.id).where(Invite.code_hash == secret_digest(code), Invite.expires_at > utcnow())
        )
        is not None
    )


def use_invite(code: str) -> bool:
    """Spend the code; False when someone else spent it first (or it expired meanwhile)."""
    result = db.session.execute(
        sa.delete(Invite).where(
            Invite.code_hash == secret_digest(_normalise(code)), Invite.expires_at > utcnow()
        )
    )
    db.session.commit()
    return bool(result.rowcount)  # type: ignore[attr-defined]
