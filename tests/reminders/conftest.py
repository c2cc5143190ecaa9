"""Fixtures for the reminders' tests: a VAPID key per test run (never written into
instance/), a person's sleep window, and a JSON post with the page's CSRF token."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from sleepapp.extensions import db
from sleepapp.program.window.models import SleepWindow
from sleepapp.reminders.vapid import generate_private_key

_KEY = generate_private_key()


@pytest.fixture(autouse=True)
def _vapid(app):  # type: ignore[no-untyped-def]
    app.config["VAPID_PRIVATE_KEY"] = _KEY
    app.config["VAPID_SUBJECT"] = "mailto:ops@example.org"


def add_window(
    user, start: date, wake: str = "06:30", minutes: int = 420, outcome: str = "start"
) -> SleepWindow:  # type: ignore[no-untyped-def]
    """A sleep window row as the window service stores one (bedtime = wake - minutes)."""
    window = SleepWindow(
        user_id=user.id,
        start=start,
        window_min=minutes,
        wake_time=wake,
        outcome=outcome,
        change_min=0,
        based_on_nights=7,
    )
    db.session.add(window)
    db.session.commit()
    return window


def post_json(client, url: str, body: Any, csrf: bool = True):  # type: ignore[no-untyped-def]
    headers = {"X-CSRFToken": client.csrf_token()} if csrf else {}
    return client.post(url, json=body, headers=headers)
