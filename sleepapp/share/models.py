"""Share links for a clinician (docs/design.md §8.8): a link's period, lifetime, the hashes of
its URL token and access code, its code-attempt counter, and the times it was opened."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..clock import utcnow
from ..extensions import Model


class ShareLink(Model):
    __tablename__ = "share_links"
    # Ids are never reused: an access cookie names its link by id (docs/design.md §8.8).
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # SHA-256 of the URL token (32 random bytes): a leaked table opens nothing.
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # HMAC-SHA256 of the access code keyed by the URL token, which is not stored: the code
    # cannot be guessed offline from the table alone.
    code_hash: Mapped[str] = mapped_column(sa.String(64))
    period_days: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    # Code attempts in the current window (rules.MAX_ATTEMPTS per rules.ATTEMPT_WINDOW).
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    attempts_since: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    user: Mapped[User] = relationship()
    opens: Mapped[list[ShareOpen]] = relationship(
        back_populates="link",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ShareOpen.opened_at",
    )


class ShareOpen(Model):
    """One time the right code was entered: the time only, nothing about who or where."""

    __tablename__ = "share_opens"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(sa.ForeignKey("share_links.id", ondelete="CASCADE"), index=True)
    opened_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    link: Mapped[ShareLink] = relationship(back_populates="opens")
