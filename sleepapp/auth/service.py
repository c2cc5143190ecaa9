"""Account operations shared by the pages, the API and the CLI."""

from __future__ import annotations

import secrets
import unicodedata
from functools import cache
from zoneinfo import available_timezones

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask import current_app

from ..clock import clock_or_none, format_clock, parse_clock, utcnow
from ..errors import Conflict, ValidationFailed
from ..extensions import db
from .logins import end_all_logins
from .models import User
from .passwords import hash_password, needs_rehash, password_problem, verify_password
from .tokens import revoke_all_tokens


def normalise_email(email: str) -> str:
    # NFKC then case folding: full-width letters, ligatures and "ß"/"ss" spellings of one
    # address are one account.
    return unicodedata.normalize("NFKC", (email or "").strip()).casefold()


def email_problem(email: str) -> str | None:
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        return "Enter a valid email address, like name@example.com."
    return None


def timezone_problem(name: str) -> str | None:
    if name not in available_timezones():
        return "Choose a time zone from the list (for example Europe/London)."
    return None


WAKE_TIME_MESSAGE = "Enter a time as HH:MM, for example 06:30."


def wake_time_problem(value: str) -> str | None:
    """None when `value` is a clock time as the diary reads them ("6:45", "06:45:00": clock.parse_clock)."""
    if clock_or_none(value) is None:
        return WAKE_TIME_MESSAGE
    return None


# The two clocks a person may read (users.clock_hours, docs/design.md §2.10).
CLOCK_HOURS = (24, 12)
CLOCK_HOURS_MESSAGE = "Choose 24 (13:30) or 12 (1:30 PM)."


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def check_registration(email: str, password: str, timezone: str) -> str:
    """The normalised email, or ValidationFailed naming each field that breaks a rule."""
    email = normalise_email(email)
    fields = {}
    if problem := email_problem(email):
        fields["email"] = problem
    cfg = current_app.config
    if problem := password_problem(password, email, cfg["AUTH_PASSWORD_MIN"], cfg["AUTH_PASSWORD_MAX"]):
        fields["password"] = problem
    if problem := timezone_problem(timezone):
        fields["timezone"] = problem
    if fields:
        raise ValidationFailed(fields)
    return email


def register_user(
    email: str, password: str, timezone: str | None = None, *, confirmed: bool = True, clock_hours: int = 24
) -> User:
    """A new account; `confirmed=False` when its address must be confirmed by a mailed link;
    `clock_hours` (12 or 24) from the browser's locale (docs/design.md §2.10)."""
    timezone = timezone or current_app.config["DEFAULT_TIMEZONE"]
    email = check_registration(email, password, timezone)
    if find_user_by_email(email) is not None:
        raise Conflict("An account with that email already exists. Try logging in.", field="email")
    user = User(
        email=email,
        password_hash=hash_password(password),
        timezone=timezone,
        clock_hours=clock_hours if clock_hours in CLOCK_HOURS else 24,
        email_confirmed_at=utcnow() if confirmed else None,
    )
    db.session.add(user)
    try:
        db.session.commit()
    except sa.exc.IntegrityError:  # a concurrent registration won the race
        db.session.rollback()
        raise Conflict("An account with that email already exists. Try logging in.", field="email")
    return user


@cache
def _dummy_hash(_params: tuple[int, int, int]) -> str:
    return hash_password(secrets.token_hex(16))


def authenticate(email: str, password: str) -> User | None:
    user = find_user_by_email(email)
    if user is None:
        # Verify against a throwaway hash made with the same parameters, so an unknown
        # email takes as long as a wrong password and the two cannot be told apart.
        cfg = current_app.config
        params = (cfg["AUTH_ARGON2_TIME_COST"], cfg["AUTH_ARGON2_MEMORY_KIB"], cfg["AUTH_ARGON2_PARALLELISM"])
        verify_password(_dummy_hash(params), password)
        return None
    if not verify_password(user.password_hash, password):
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        db.session.commit()
    return user


def update_settings(
    user: User, *, timezone: str | None = None, wake_time: str | None = None, clock_hours: int | None = None
) -> User:
    """Change the settings given (None keeps one); ValidationFailed names each bad one."""
    fields = {}
    if timezone is not None and (problem := timezone_problem(timezone)):
        fields["timezone"] = problem
    if wake_time is not None and wake_time != "" and (problem := wake_time_problem(wake_time)):
        fields["wake_time"] = problem
    if clock_hours is not None and clock_hours not in CLOCK_HOURS:
        fields["clock_hours"] = CLOCK_HOURS_MESSAGE
    if fields:
        raise ValidationFailed(fields)
    if timezone is not None:
        user.timezone = timezone
    if clock_hours is not None:
        user.clock_hours = clock_hours
    if wake_time is not None:
        # Stored as HH:MM whichever spelling was sent ("6:45", "06:45:00").
        user.wake_time = format_clock(parse_clock(wake_time)) if wake_time else None
    db.session.commit()
    return user


def end_everywhere(user: User) -> None:
    """Every browser logged in as the person and every API token stop working."""
    end_all_logins(user)
    revoke_all_tokens(user)


def change_password(user: User, current: str, new: str) -> None:
    """Set a new password (the current one required); ends every log-in and token."""
    fields = {}
    if not verify_password(user.password_hash, current or ""):
        fields["current_password"] = "That is not your current password."  # noqa: S105 (a message)
    cfg = current_app.config
    if problem := password_problem(new or "", user.email, cfg["AUTH_PASSWORD_MIN"], cfg["AUTH_PASSWORD_MAX"]):
        fields["new_password"] = problem
    if fields:
        raise ValidationFailed(fields, "Password not changed.")
    user.password_hash = hash_password(new)
    db.session.commit()
    end_everywhere(user)


def delete_unused_account(user: User) -> None:
    """Undo a registration that just happened (its invitation turned out to be spent)."""
    db.session.execute(sa.delete(User).where(User.id == user.id))
    db.session.commit()


def delete_account(user: User, password: str) -> None:
    """Erase the person and everything they recorded; every session and token stops working."""
    if not verify_password(user.password_hash, password or ""):
        raise ValidationFailed({"password": "That is not your current password."}, "Account not deleted.")
    # Delete owned rows table by table (children first) rather than trusting every
    # slice's foreign keys to cascade, so nothing personal is left behind.
    for table in reversed(db.metadata.sorted_tables):
        if "user_id" in table.c:
            db.session.execute(table.delete().where(table.c.user_id == user.id))
    db.session.execute(sa.delete(User).where(User.id == user.id))
    db.session.commit()
    if db.engine.dialect.name == "sqlite":
        # secure_delete zeroes the freed pages; moving the WAL into the database and
        # truncating it means the deleted text does not linger in the -wal file either.
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
