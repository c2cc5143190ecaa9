"""The rules of a share link, pure (no Flask, no database): the periods and lifetimes a
person may choose, the access code (its alphabet, spelling and hash), and how many code
attempts a link takes before it waits (docs/design.md §8.8)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import date, datetime, timedelta
from typing import Final

# The periods offered: the last 2, 4 or 8 weeks, up to the day the link is opened.
PERIODS: Final = (14, 28, 56)
DEFAULT_LIFETIME_DAYS: Final = 14
MAX_LIFETIME_DAYS: Final = 90

# Eight characters without look-alikes (no 0/O, 1/I/L), read out as two groups of four:
# 31^8, about 8.5e11 codes. With MAX_ATTEMPTS per ATTEMPT_WINDOW a guesser holding the URL
# gets at most 43,200 tries in a 90-day link, a chance below one in ten million.
CODE_ALPHABET: Final = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH: Final = 8
MAX_ATTEMPTS: Final = 5
ATTEMPT_WINDOW: Final = timedelta(minutes=15)


def period_label(days: int) -> str:
    return f"the last {days // 7} weeks"


def period_dates(days: int, today: date) -> tuple[date, date]:
    """The mornings a link of `days` shows when opened on `today` (inclusive)."""
    return today - timedelta(days=days - 1), today


def new_token() -> str:
    """The URL's secret: 32 random bytes, URL-safe text."""
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_code() -> str:
    """A fresh access code as shown to the person: "ABCD-EFGH"."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def normalise_code(typed: str) -> str:
    """What a person typed, read generously: case, spaces and dashes do not matter."""
    return "".join(ch for ch in typed.upper() if ch not in " -\u2010\u2011\u2012\u2013\u2014\t")[:64]


def code_digest(token: str, code: str) -> str:
    """The stored form of a code: HMAC-SHA256 keyed by the link's token, which is not stored."""
    return hmac.new(token.encode(), normalise_code(code).encode(), hashlib.sha256).hexdigest()


def code_matches(token: str, typed: str, stored: str) -> bool:
    return hmac.compare_digest(code_digest(token, typed), stored)


def is_live(expires_at: datetime, now: datetime) -> bool:
    return now < expires_at


def locked_until(attempts: int, attempts_since: datetime | None) -> datetime | None:
    """When code attempts may start again, once this window's attempts are spent; else None.
    `attempts` counts the attempt being made (the counter is raised before the code is read)."""
    if attempts_since is None or attempts <= MAX_ATTEMPTS:
        return None
    return attempts_since + ATTEMPT_WINDOW
