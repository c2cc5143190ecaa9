"""Outgoing mail over SMTP (standard library smtplib and email), configured by MAIL_* keys.

Mail is optional: without MAIL_SERVER the app does not send anything, and the pages that
would send (forgot password) say to ask the administrator instead.
"""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

from flask import current_app

log = logging.getLogger(__name__)


def mail_enabled() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def send_mail(to: str, subject: str, body: str) -> bool:
    """Send a plain-text message; False (and a log line, never the body) if it failed."""
    cfg = current_app.config
    message = EmailMessage()
    message["From"] = cfg["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    smtp_class = smtplib.SMTP_SSL if cfg["MAIL_USE_SSL"] else smtplib.SMTP
    try:
        with smtp_class(
            cfg["MAIL_SERVER"], int(cfg["MAIL_PORT"]), timeout=float(cfg["MAIL_TIMEOUT"])
        ) as smtp:
            if cfg["MAIL_USE_TLS"] and not cfg["MAIL_USE_SSL"]:
                smtp.starttls()
            if cfg.get("MAIL_USERNAME"):
                smtp.login(cfg["MAIL_USERNAME"], cfg.get("MAIL_PASSWORD") or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("Could not send mail %r: %s", subject, exc)
        return False
    return True
