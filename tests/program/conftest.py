"""Fixtures for the programme's tests: people in UTC, so nights are whole hours with no DST."""

from __future__ import annotations

import pytest

from sleepapp.extensions import db
from tests.factories import make_user


@pytest.fixture
def me(user):  # type: ignore[no-untyped-def]
    user.timezone = "UTC"  # whole-hour nights, no DST in the test data
    db.session.commit()
    return user


@pytest.fixture
def person(app):  # type: ignore[no-untyped-def]
    return make_user(timezone="UTC")
