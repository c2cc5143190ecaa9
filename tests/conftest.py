"""Shared fixtures: app, client, runner, auth, user. Set TEST_DATABASE_URL to run on PostgreSQL."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings

from sleepapp import create_app
from sleepapp.extensions import db
from tests.factories import DEFAULT_PASSWORD, make_user

# Hypothesis profiles, chosen once here rather than per test. CI (CI=true) runs on a busy
# machine: no deadline, no "input generation too slow" health check, and derandomised so a
# failure reproduces on the next run. Locally, `dev` tries more examples.
settings.register_profile(
    "ci",
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile(
    "dev", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") == "true" else "dev")
)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """`make test` names a lane it could not set up (no root to install a piece) here, so its
    tests are skipped with the reason printed, never silently."""
    skip_all = os.environ.get("SLEEPAPP_SKIP_ALL")
    skip_e2e = os.environ.get("SLEEPAPP_SKIP_E2E")
    for item in items:
        if skip_all:
            item.add_marker(pytest.mark.skip(reason=skip_all))
        elif skip_e2e and item.get_closest_marker("e2e"):
            item.add_marker(pytest.mark.skip(reason=skip_e2e))


CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


def database_url(tmp_dir: Path) -> str:
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_dir / 'test.db'}"


class CSRFClient(FlaskClient):
    """A test client that adds a valid CSRF token to form posts, like a browser would.

    Pass csrf=False to send a form without one (for the CSRF tests themselves).
    """

    def csrf_token(self) -> str:
        page = self.get("/").get_data(as_text=True)
        match = CSRF_META.search(page)
        assert match, "base.html must carry the csrf-token meta tag"
        return match.group(1)

    def open(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        add_token = kwargs.pop("csrf", True)
        method = (kwargs.get("method") or "GET").upper()
        path = str(args[0]) if args else str(kwargs.get("path", ""))
        data = kwargs.get("data")
        if (
            add_token
            and method in {"POST", "PUT", "PATCH", "DELETE"}
            and not path.startswith("/api/")
            and "json" not in kwargs
            and (data is None or isinstance(data, dict))
        ):
            data = dict(data or {})
            data.setdefault("csrf_token", self.csrf_token())
            kwargs["data"] = data
        # A fresh app context per request, as in a real server: otherwise `g` (CSRF token,
        # Flask-Login's cached user) and the database session would leak between requests.
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def _schema(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Create the schema once per test run; each test then starts from empty tables."""
    url = database_url(tmp_path_factory.mktemp("db"))
    app = create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.drop_all()
        db.create_all()
        db.engine.dispose()
    return url


def _empty_tables() -> None:
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture
def app(_schema: str) -> Iterator[Flask]:
    app = create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": _schema})
    app.test_client_class = CSRFClient
    with app.app_context():
        _empty_tables()
        from sleepapp.extensions import limiter

        limiter.reset()
        # The Limiter is one module-level object that every app a test builds shares: a test
        # that took its storage down (Redis outage tests) must not leave the next test on the
        # in-memory fallback, nor its key prefix (the first app's prefix sticks otherwise).
        limiter._storage_dead = False
        limiter._key_prefix = ""
        yield app
        db.session.remove()
        _empty_tables()
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> CSRFClient:
    return app.test_client()  # type: ignore[return-value]


@pytest.fixture
def runner(app: Flask):  # type: ignore[no-untyped-def]
    return app.test_cli_runner()


class AuthActions:
    def __init__(self, client: CSRFClient) -> None:
        self.client = client

    def register(
        self,
        email: str = "sam@example.com",
        password: str = DEFAULT_PASSWORD,
        timezone: str = "Europe/London",
    ) -> Any:
        return self.client.post(
            "/register",
            data={"email": email, "password": password, "confirm": password, "timezone": timezone},
        )

    def login(
        self, email: str = "sam@example.com", password: str = DEFAULT_PASSWORD, remember: bool = False
    ) -> Any:
        data = {"email": email, "password": password}
        if remember:
            data["remember"] = "y"
        return self.client.post("/login", data=data)

    def logout(self) -> Any:
        return self.client.post("/logout")

    def token(self, email: str = "sam@example.com", password: str = DEFAULT_PASSWORD) -> dict[str, str]:
        resp = self.client.post("/api/v1/tokens", json={"email": email, "password": password})
        assert resp.status_code == 201, resp.get_data(as_text=True)
        return {"Authorization": f"Bearer {resp.get_json()['token']}"}


@pytest.fixture
def auth(client: CSRFClient) -> AuthActions:
    return AuthActions(client)


@pytest.fixture
def user(app: Flask, auth: AuthActions):  # type: ignore[no-untyped-def]
    """A registered user (sam@example.com, Europe/London), logged in on `client`."""
    person = make_user(email="sam@example.com")
    resp = auth.login()
    assert resp.status_code == 302
    return person


def count_queries(engine: sa.Engine):  # type: ignore[no-untyped-def]
    """Context manager collecting the SQL statements run on `engine`."""
    from contextlib import contextmanager

    @contextmanager
    def _counter():  # type: ignore[no-untyped-def]
        statements: list[str] = []

        def before(conn, cursor, statement, params, context, executemany):  # type: ignore[no-untyped-def]
            statements.append(statement)

        sa.event.listen(engine, "before_cursor_execute", before)
        try:
            yield statements
        finally:
            sa.event.remove(engine, "before_cursor_execute", before)

    return _counter()
