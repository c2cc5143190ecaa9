"""A database outage is answered with the app's own 503 (page or JSON), never a bare 500.

Each test logs in while the database works, then makes it unreachable mid-test and checks
that pages and the API answer 503 with Retry-After and every security header.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from flask import Flask

from sleepapp import create_app
from sleepapp.extensions import db
from tests.conftest import CSRFClient
from tests.factories import DEFAULT_PASSWORD, make_user

PAGES = ("/diary", "/account", "/program", "/guide", "/")


@contextmanager
def database_unreachable(app: Flask) -> Iterator[None]:
    """Every new connection fails as if the server were down (works on SQLite and PostgreSQL):
    the pool is emptied and the driver's connect raises its own OperationalError."""
    with app.app_context():
        engine = db.engine
        dbapi = engine.dialect.loaded_dbapi

        def refuse(*_args: object) -> None:
            raise dbapi.OperationalError("connection refused (the test took the database away)")

        sa.event.listen(engine, "do_connect", refuse)
        engine.dispose()
    try:
        yield
    finally:
        with app.app_context():
            sa.event.remove(engine, "do_connect", refuse)
            engine.dispose()


def assert_security_headers(resp) -> None:  # type: ignore[no-untyped-def]
    assert "frame-ancestors 'none'" in resp.headers["Content-Security-Policy"]
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["X-Frame-Options"] == "DENY"
    assert resp.headers["Cache-Control"] == "no-store"


def assert_unavailable_page(resp) -> None:  # type: ignore[no-untyped-def]
    body = resp.get_data(as_text=True)
    assert resp.status_code == 503, body
    assert resp.headers["Retry-After"] == "30"
    assert "text/html" in resp.content_type
    assert 'class="site-header"' in body and "Service unavailable" in body  # the app's own page
    assert "Traceback" not in body and "OperationalError" not in body
    assert_security_headers(resp)


def assert_unavailable_json(resp, retry_after: str | None = "30") -> None:  # type: ignore[no-untyped-def]
    assert resp.status_code == 503, resp.get_data(as_text=True)
    assert int(resp.headers["Retry-After"]) > 0
    if retry_after is not None:
        assert resp.headers["Retry-After"] == retry_after
    data = resp.get_json()
    assert data["error"] == "service_unavailable"
    assert data["message"] and data["fields"] == {}
    assert set(data) == {"error", "message", "fields"}
    assert_security_headers(resp)


def test_logged_in_pages_answer_503_while_the_database_is_down(app, client, user):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    assert client.get_cookie("session") is not None
    with database_unreachable(app):
        for path in PAGES:
            resp = client.get(path)
            assert_unavailable_page(resp)
            # Who is logged in is unknown: no "Log in" link offered to someone who is.
            assert 'href="/login"' not in resp.get_data(as_text=True)
    assert client.get("/diary").status_code == 200  # and back once it returns


def test_remember_me_cookie_during_an_outage(app, client, auth):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    make_user(email="sam@example.com")
    auth.login(remember=True)
    remember = client.get_cookie("remember_token")
    assert remember is not None
    returning = app.test_client()  # a new browser: only the remember-me cookie
    returning.set_cookie("remember_token", remember.value)
    with database_unreachable(app):
        assert_unavailable_page(returning.get("/diary"))


def test_api_answers_json_503_while_the_database_is_down(app, client, auth):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    make_user(email="sam@example.com")
    headers = auth.token()
    with database_unreachable(app):
        assert_unavailable_json(client.get("/api/v1/entries", headers=headers))
        assert_unavailable_json(client.get("/api/v1/me", headers=headers))
        # The log-in limiter stamps its own Retry-After on /tokens (its window's reset).
        assert_unavailable_json(
            client.post("/api/v1/tokens", json={"email": "sam@example.com", "password": DEFAULT_PASSWORD}),
            retry_after=None,
        )
        ready = client.get("/readyz")
        assert ready.status_code == 503
    assert client.get("/api/v1/entries", headers=headers).status_code == 200


def test_anonymous_pages_that_need_no_database_still_work(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    with database_unreachable(app):
        resp = client.get("/login")
        assert resp.status_code == 200
        assert "Content-Security-Policy" in resp.headers


def test_a_connection_lost_mid_request_is_503(app, client, user, monkeypatch):
    """Not only OperationalError: any database error that invalidated its connection."""
    from sleepapp.diary import service

    app.config["PROPAGATE_EXCEPTIONS"] = False

    def dropped(*_args: object, **_kwargs: object) -> None:
        raise sa.exc.InterfaceError("SELECT 1", {}, Exception("server closed"), connection_invalidated=True)

    monkeypatch.setattr(service, "dashboard", dropped)
    assert_unavailable_page(client.get("/diary"))


def test_other_database_errors_stay_500(app, client, user, monkeypatch):
    """Only an unreachable database is a 503; a bad query is a bug and answers 500."""
    from sleepapp.diary import service

    app.config["PROPAGATE_EXCEPTIONS"] = False

    def broken(*_args: object, **_kwargs: object) -> None:
        raise sa.exc.ProgrammingError("SELECT nonsense", {}, Exception("syntax error"))

    monkeypatch.setattr(service, "dashboard", broken)
    resp = client.get("/diary")
    assert resp.status_code == 500
    assert "Retry-After" not in resp.headers


def test_headers_hook_never_loads_the_user(app, client, user):
    """The security-headers hook decides "personal" from the request, not the database."""
    from sleepapp.security import set_security_headers

    cookie = {"Cookie": f"session={client.get_cookie('session').value}"}
    with app.test_request_context("/guide", headers=cookie), database_unreachable(app):
        resp = set_security_headers(app.response_class("x"))
    assert resp.headers["Cache-Control"] == "no-store"


def test_sqlite_file_gone_mid_test(tmp_path: Path):
    """A real outage on SQLite: the database's folder disappears while a person is logged in."""
    folder = tmp_path / "data"
    folder.mkdir()
    app = create_app(
        {
            "CONFIG_NAME": "testing",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'app.db'}",
            "PROPAGATE_EXCEPTIONS": False,
        }
    )
    app.test_client_class = CSRFClient
    with app.app_context():
        db.create_all()
        make_user(email="sam@example.com")
        db.session.remove()
    client: CSRFClient = app.test_client()  # type: ignore[assignment]
    login = client.post("/login", data={"email": "sam@example.com", "password": DEFAULT_PASSWORD})
    assert login.status_code == 302
    token = client.post("/api/v1/tokens", json={"email": "sam@example.com", "password": DEFAULT_PASSWORD})
    headers = {"Authorization": f"Bearer {token.get_json()['token']}"}
    assert client.get("/diary").status_code == 200
    shutil.rmtree(folder)
    with app.app_context():
        db.engine.dispose()  # open connections would keep the deleted file alive
    assert_unavailable_page(client.get("/diary"))
    assert_unavailable_json(client.get("/api/v1/entries", headers=headers))
