"""Confirming a new account's address (docs/design.md §8.6). When the server can send mail,
registration sends a link (valid 48 hours) and the account cannot log in until it is
opened; registering an address that already has an account sends its owner a note instead,
and the page answers the same either way, so it does not tell who has an account."""

from __future__ import annotations

from datetime import timedelta

from flask import url_for

from ..clock import utcnow
from ..extensions import db
from ..mail import send_mail
from .links import find_link, issue_link
from .models import EmailConfirmation, User

CONFIRM_LIFETIME = timedelta(hours=48)

CONFIRM_MAIL = """Welcome to your sleep diary.

Open this link within 48 hours to confirm your email address and start using your account:

{url}

If you did not create an account, ignore this message: without the link, nothing happens.
"""

ALREADY_REGISTERED_MAIL = """Someone tried to create a sleep diary account with this email
address, which already has an account.

If it was you: log in at {login}, or choose a new password at {forgot}.
If it was not you, you need not do anything: your account is unchanged.
"""


def is_confirmed(user: User) -> bool:
    return user.email_confirmed_at is not None


def mark_confirmed(user: User) -> None:
    user.email_confirmed_at = utcnow()
    db.session.commit()


def send_confirmation(user: User) -> bool:
    secret = issue_link(EmailConfirmation, user)
    url = url_for("auth.confirm_email", secret=secret, _external=True)
    return send_mail(user.email, "Confirm your sleep diary account", CONFIRM_MAIL.format(url=url))


def send_already_registered(user: User) -> bool:
    body = ALREADY_REGISTERED_MAIL.format(
        login=url_for("auth.login", _external=True), forgot=url_for("auth.forgot", _external=True)
    )
    return send_mail(user.email, "Someone tried to register with your address", body)


def confirm(secret: str) -> User | None:
    """Use a confirmation link: the person's address is confirmed, the link spent."""
    link = find_link(EmailConfirmation, secret, CONFIRM_LIFETIME)
    if link is None:
        return None
    user = link.user
    user.email_confirmed_at = utcnow()
    db.session.delete(link)
    db.session.commit()
    return user
