"""The account, the browsers it is logged in on, and its API tokens."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..extensions import Model


def as_utc(moment: datetime) -> datetime:
    """The same moment in UTC. SQLite hands back naive datetimes for timezone=True columns
    (they are stored as UTC); PostgreSQL hands them back in the server's time zone, which a
    deployer may have set to anything: the API writes every moment in UTC either way."""
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


class User(UserMixin, Model):
    __tablename__ = "users"
    # Ids are never reused, even after the newest account is deleted (SQLite reuses the
    # highest rowid without AUTOINCREMENT; PostgreSQL sequences never go back).
    __table_args__ = (
        sa.CheckConstraint("clock_hours IN (12, 24)", name="clock_hours"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased: emails are unique case-insensitively.
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    timezone: Mapped[str] = mapped_column(sa.String(64))
    wake_time: Mapped[str | None] = mapped_column(sa.String(5))
    # Set once the person opened the link mailed at registration (or at once when the server
    # sends no mail, and for accounts made by `flask create-user`): docs/design.md §8.6.
    email_confirmed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # "Require a passkey after my password" (docs/design.md §8.7): only ever true while the
    # person has at least one passkey; a password reset turns it off.
    passkey_required: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # How times are written for this person, 24 ("22:30") or 12 ("10:30 PM"): docs/design.md
    # §2.10. Set at registration from the browser's locale; the API always speaks 24-hour.
    clock_hours: Mapped[int] = mapped_column(sa.SmallInteger, default=24, server_default="24")
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    tokens: Mapped[list[ApiToken]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )
    logins: Mapped[list[LoginSession]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )
    passkeys: Mapped[list[Passkey]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )

    # The random key of the log-in this request came with (set at log-in and by the
    # session loader): what Flask-Login stores in the session and remember cookies. A plain
    # attribute, not a column.
    if TYPE_CHECKING:
        login_key: str | None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def hour12(self) -> bool:
        """True when this person reads a 12-hour clock (what format_clock's `hour12` takes)."""
        return self.clock_hours == 12

    def get_id(self) -> str:
        if not getattr(self, "login_key", None):
            raise RuntimeError("log in through auth.service.start_login, which sets login_key")
        return str(self.login_key)

    def __repr__(self) -> str:
        return f"<User {self.id}>"


class LoginSession(Model):
    """One browser that logged in. Its cookies carry only a random key whose SHA-256 is
    stored here, looked up on every request: ending the row ends that browser's log-in, and
    no arithmetic on ids can make a cookie match another person."""

    __tablename__ = "login_sessions"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    device: Mapped[str] = mapped_column(sa.String(80))
    remember: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    user: Mapped[User] = relationship(back_populates="logins")


class Passkey(Model):
    """A WebAuthn credential (auth/passkeys.py): the authenticator keeps the private key, we
    keep its public key (COSE), the id the browser names it by, and its signature counter."""

    __tablename__ = "passkeys"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # The credential id, base64url without padding (at most 1023 bytes, so 1364 characters).
    credential_id: Mapped[str] = mapped_column(sa.String(1400), unique=True)
    public_key: Mapped[bytes] = mapped_column(sa.LargeBinary)
    # An unsigned 32-bit counter on the authenticator (0 when it keeps none).
    sign_count: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    name: Mapped[str] = mapped_column(sa.String(80), default="")
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    user: Mapped[User] = relationship(back_populates="passkeys")


class OneTimeLink:
    """A link mailed to the person: at most one live per person (a new one replaces it),
    deleted when used, refused once too old. Only the link secret's SHA-256 is kept."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    key_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)


class PasswordReset(OneTimeLink, Model):
    """A "forgot password" link (auth/resets.py)."""

    __tablename__ = "password_resets"
    __table_args__ = ({"sqlite_autoincrement": True},)

    user: Mapped[User] = relationship()


class EmailConfirmation(OneTimeLink, Model):
    """The link that confirms a new account's address (auth/confirmations.py)."""

    __tablename__ = "email_confirmations"
    __table_args__ = ({"sqlite_autoincrement": True},)

    user: Mapped[User] = relationship()


class Invite(Model):
    """A single-use registration code for FLASK_REGISTRATION="invite" (`flask invite`)."""

    __tablename__ = "invites"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))


class ApiToken(Model):
    __tablename__ = "api_tokens"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # SHA-256 of the token: a leaked table does not leak usable tokens.
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    name: Mapped[str] = mapped_column(sa.String(80), default="")
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    last_used_on: Mapped[date | None] = mapped_column(sa.Date)

    user: Mapped[User] = relationship(back_populates="tokens")
