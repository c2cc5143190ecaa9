"""Small keyword-override builders for test data."""

from __future__ import annotations

import itertools
from typing import Any

from sleepapp.auth.models import User
from sleepapp.auth.service import register_user

DEFAULT_PASSWORD = "correct horse battery staple"
_seq = itertools.count(1)


def make_user(**kw: Any) -> User:
    """A saved user; `email`, `password` and `timezone` may be overridden."""
    email = kw.pop("email", None) or f"person{next(_seq)}@example.com"
    password = kw.pop("password", DEFAULT_PASSWORD)
    timezone = kw.pop("timezone", "Europe/London")
    user = register_user(email, password, timezone)
    if kw:
        from sleepapp.extensions import db

        for key, value in kw.items():
            setattr(user, key, value)
        db.session.commit()
    user.test_password = password  # type: ignore[attr-defined]
    return user
