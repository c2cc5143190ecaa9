"""The security baseline (issue 2): each test fails if its protection is removed."""

from datetime import UTC, datetime, timedelta
from http.cookies import SimpleCookie

import pytest

from sleepapp import create_app
from sleepapp.extensions import db
from sleepapp.security import safe_next
from tests.factories import make_user


def _set_cookie_headers(resp):
    return resp.headers.getlist("Set-Cookie")


def _cookie(resp, name):
    for header in _set_cookie_headers(resp):
        if header.startswith(f"{name}="):
            return header
    return None


# --- CSRF -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/register", "/login", "/account", "/logout"])
def test_form_posts_without_csrf_token_are_rejected(client, user, path):
    resp = client.post(path, data={"email": "x@example.com", "timezone": "UTC"}, csrf=False)
    assert resp.status_code == 400
    assert "form expired" in resp.get_data(as_text=True)


def test_login_without_csrf_token_does_not_log_in(client):
    make_user(email="sam@example.com")
    client.post(
        "/login", data={"email": "sam@example.com", "password": "correct horse battery staple"}, csrf=False
    )
    assert client.get("/account").status_code == 302


def test_logout_without_csrf_keeps_session(client, user):
    client.post("/logout", csrf=False)
    assert client.get("/account").status_code == 200


# --- Cookies --------------------------------------------------------------------------


def test_session_and_remember_cookies_flags(client, auth):
    make_user(email="sam@example.com")
    resp = auth.login(remember=True)
    session = _cookie(resp, "session")
    remember = _cookie(resp, "remember_token")
    assert session and remember
    for header in (session, remember):
        assert "HttpOnly" in header
        assert "SameSite=Lax" in header
        assert "Secure" not in header  # testing config serves plain HTTP
    expires = SimpleCookie(remember)["remember_token"]["expires"]
    when = datetime.strptime(expires, "%a, %d %b %Y %H:%M:%S GMT").replace(tzinfo=UTC)
    assert timedelta(days=29) < when - datetime.now(UTC) <= timedelta(days=30, minutes=1)


def test_production_config_marks_cookies_secure(monkeypatch, tmp_path):
    monkeypatch.setenv("FLASK_SECRET_KEY", "a" * 64)
    app = create_app({"CONFIG_NAME": "production", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.db"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    assert app.debug is False


def test_secure_cookie_switch_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("FLASK_SECRET_KEY", "a" * 64)
    monkeypatch.setenv("FLASK_SESSION_COOKIE_SECURE", "false")
    app = create_app({"CONFIG_NAME": "production", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.db"})
    assert app.config["SESSION_COOKIE_SECURE"] is False


# --- Session lifecycle ----------------------------------------------------------------


def test_session_cookie_changes_at_login(client, auth):
    make_user(email="sam@example.com")
    client.get("/login")
    before = client.get_cookie("session")
    auth.login()
    after = client.get_cookie("session")
    assert before is not None and after is not None
    assert before.value != after.value


def test_planted_session_data_does_not_survive_login(app, client, auth):
    make_user(email="sam@example.com")
    with client.session_transaction() as sess:
        sess["planted"] = "attacker"
    auth.login()
    with client.session_transaction() as sess:
        assert "planted" not in sess
        assert "_user_id" in sess


def test_copied_session_cookie_is_dead_after_logout(app, client, auth):
    make_user(email="sam@example.com")
    auth.login()
    stolen = client.get_cookie("session").value
    auth.logout()
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/account").status_code == 302


def test_copied_remember_cookie_is_dead_after_logout(app, client, auth):
    make_user(email="sam@example.com")
    auth.login(remember=True)
    remember = client.get_cookie("remember_token").value
    thief = app.test_client()
    thief.set_cookie("remember_token", remember)
    assert thief.get("/account").status_code == 200  # the cookie works before logout...
    auth.logout()
    thief = app.test_client()
    thief.set_cookie("remember_token", remember)
    assert thief.get("/account").status_code == 302  # ...and not after


# --- Redirects ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "/\\evil.example",
        "javascript:alert(1)",
        "https://evil.example/x",
        "\\\\evil.example",
        "/%09/evil.example",
        "%2F%2Fevil.example",
        "http:evil.example",
        "///evil.example",
    ],
)
def test_next_never_leaves_the_site(client, auth, target):
    make_user(email="sam@example.com")
    resp = client.post(
        "/login?next=" + target, data={"email": "sam@example.com", "password": "correct horse battery staple"}
    )
    assert resp.status_code == 302
    assert resp.headers["Location"] == "/"


def test_next_within_site_is_followed(client, auth):
    make_user(email="sam@example.com")
    resp = client.post(
        "/login?next=/diary", data={"email": "sam@example.com", "password": "correct horse battery staple"}
    )
    assert resp.headers["Location"] == "/diary"


@pytest.mark.parametrize(
    ("target", "expected"),
    [("/a/b?c=1", "/a/b?c=1"), ("", "/"), (None, "/"), ("evil.example", "/"), ("/%2F%2Fevil", "/%2F%2Fevil")],
)
def test_safe_next(target, expected):
    assert safe_next(target) == expected


# --- Rate limits ----------------------------------------------------------------------


def _fail_login(client, email="sam@example.com", addr="10.0.0.1"):
    return client.post(
        "/login", data={"email": email, "password": "wrong password here"}, environ_base={"REMOTE_ADDR": addr}
    )


def test_login_failures_limited_per_account(app, client):
    make_user(email="sam@example.com")
    app.config["AUTH_FAILURES_PER_ACCOUNT"] = "3 per minute"
    for i in range(3):
        assert _fail_login(client, addr=f"10.0.0.{i}").status_code == 200
    # A fourth try from yet another address is refused, even with the right password.
    resp = client.post(
        "/login",
        data={"email": "SAM@example.com", "password": "correct horse battery staple"},
        environ_base={"REMOTE_ADDR": "10.0.0.99"},
    )
    assert resp.status_code == 429
    assert "Too many attempts" in resp.get_data(as_text=True)
    # Another account is not affected.
    make_user(email="other@example.com")
    assert _fail_login(client, email="other@example.com", addr="10.0.0.50").status_code == 200


def test_login_failures_limited_per_address(app, client):
    app.config["AUTH_FAILURES_PER_ADDRESS"] = "3 per minute"
    for i in range(3):
        assert _fail_login(client, email=f"p{i}@example.com").status_code == 200
    assert _fail_login(client, email="p9@example.com").status_code == 429
    assert _fail_login(client, email="p9@example.com", addr="10.0.0.2").status_code == 200


def test_successful_logins_do_not_count(app, client, auth):
    make_user(email="sam@example.com")
    app.config["AUTH_FAILURES_PER_ACCOUNT"] = "2 per minute"
    for _ in range(4):
        assert auth.login().status_code == 302
        auth.logout()


def test_token_endpoint_shares_the_failure_limits(app, client):
    make_user(email="sam@example.com")
    app.config["AUTH_FAILURES_PER_ACCOUNT"] = "2 per minute"
    for _ in range(2):
        resp = client.post("/api/v1/tokens", json={"email": "sam@example.com", "password": "nope nope nope"})
        assert resp.status_code == 401
    resp = client.post(
        "/api/v1/tokens", json={"email": "sam@example.com", "password": "correct horse battery staple"}
    )
    assert resp.status_code == 429
    assert resp.get_json()["error"] == "too_many_requests"


# --- Headers --------------------------------------------------------------------------


def test_security_headers_on_every_response(client):
    for path in ("/", "/login", "/healthz", "/nope", "/api/v1/nope", "/static/css/app.css"):
        resp = client.get(path)
        csp = resp.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "object-src 'none'" in csp
        assert "base-uri 'none'" in csp
        assert "frame-ancestors 'none'" in csp
        assert resp.headers["X-Content-Type-Options"] == "nosniff"
        assert resp.headers["Referrer-Policy"]
        resp.close()


def test_no_store_for_logged_in_pages_only(client, user):
    assert client.get("/account").headers["Cache-Control"] == "no-store"
    assert client.get("/").headers["Cache-Control"] == "no-store"
    anon = client.application.test_client()
    assert "no-store" not in anon.get("/login").headers.get("Cache-Control", "")


def test_no_store_is_decided_without_the_database(app, client, user):
    from flask import g

    from sleepapp.security import set_security_headers

    static = client.get("/static/css/app.css")  # carries the session cookie, yet not personal
    assert "no-store" not in static.headers.get("Cache-Control", "")
    static.close()
    with app.test_request_context("/login"):  # no cookie, nobody loaded
        assert "Cache-Control" not in set_security_headers(app.response_class("x")).headers
    with app.test_request_context("/login", method="POST"):  # no cookie yet: just logged in
        g._login_user = user
        assert set_security_headers(app.response_class("x")).headers["Cache-Control"] == "no-store"
        g.pop("_login_user")


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/").headers
    resp = client.get("/", base_url="https://localhost")
    assert resp.headers["Strict-Transport-Security"].startswith("max-age=")


def test_no_inline_scripts_in_pages(client, user):
    import re

    for path in ("/", "/account", "/register"):
        html = client.get(path).get_data(as_text=True)
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag
        assert " onclick=" not in html and "style=" not in html


# --- Production and errors ------------------------------------------------------------


@pytest.mark.parametrize("secret", [None, "", "changeme", "dev", "short"])
def test_production_refuses_to_start_without_a_real_secret(monkeypatch, tmp_path, secret):
    monkeypatch.delenv("FLASK_SECRET_KEY", raising=False)
    if secret is not None:
        monkeypatch.setenv("FLASK_SECRET_KEY", secret)
    with pytest.raises(RuntimeError, match="FLASK_SECRET_KEY"):
        create_app({"CONFIG_NAME": "production", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.db"})


def test_production_never_debug_even_if_asked(monkeypatch, tmp_path):
    monkeypatch.setenv("FLASK_SECRET_KEY", "b" * 64)
    monkeypatch.setenv("FLASK_DEBUG", "true")
    app = create_app({"CONFIG_NAME": "production", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.db"})
    assert app.debug is False


def _boom_app(tmp_path):
    app = create_app(
        {
            "CONFIG_NAME": "testing",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/e.db",
            "PROPAGATE_EXCEPTIONS": False,
        }
    )

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals /etc/passwd")

    @app.get("/api/v1/boom")
    def api_boom():
        raise RuntimeError("secret internals /etc/passwd")

    return app


def test_errors_show_a_friendly_page_without_traceback(tmp_path):
    client = _boom_app(tmp_path).test_client()
    resp = client.get("/boom")
    body = resp.get_data(as_text=True)
    assert resp.status_code == 500
    assert "Something went wrong" in body
    assert "Traceback" not in body and "secret internals" not in body


def test_api_errors_are_json_without_traceback(tmp_path):
    client = _boom_app(tmp_path).test_client()
    resp = client.get("/api/v1/boom")
    assert resp.status_code == 500
    data = resp.get_json()
    assert data["error"] == "internal_server_error"
    assert "secret internals" not in resp.get_data(as_text=True)


def test_unknown_api_route_is_json_404(client):
    resp = client.get("/api/v1/does-not-exist")
    assert resp.status_code == 404
    assert resp.get_json()["error"] == "not_found"
    assert set(resp.get_json()) == {"error", "message", "fields"}


def test_unknown_page_is_html_404(client):
    resp = client.get("/does-not-exist")
    assert resp.status_code == 404
    assert "text/html" in resp.content_type


def test_limits_shared_across_workers_with_redis(_schema, monkeypatch):
    """With Redis storage, two app processes (workers) count failures together."""
    import os
    import uuid

    redis_url = os.environ.get("TEST_REDIS_URL")
    if not redis_url:
        pytest.skip("TEST_REDIS_URL not set (make test sets it)")
    prefix = uuid.uuid4().hex
    settings = {
        "CONFIG_NAME": "testing",
        "SQLALCHEMY_DATABASE_URI": _schema,
        "RATELIMIT_STORAGE_URI": redis_url,
        "RATELIMIT_KEY_PREFIX": prefix,
        "AUTH_FAILURES_PER_ADDRESS": "3 per minute",
    }
    workers = [create_app(settings), create_app(settings)]
    statuses = []
    for i in range(4):
        client = workers[i % 2].test_client()
        page = client.get("/login").get_data(as_text=True)
        token = page.split('name="csrf-token" content="')[1].split('"')[0]
        resp = client.post(
            "/login", data={"email": f"x{i}@example.com", "password": "wrong password", "csrf_token": token}
        )
        statuses.append(resp.status_code)
    assert statuses == [200, 200, 200, 429]
    # The counts really live in Redis (where every worker and instance sees them).
    import redis

    conn = redis.Redis.from_url(redis_url)
    keys = conn.keys(f"*{prefix}*")
    assert keys
    conn.delete(*keys)
    conn.close()
    for worker in workers:
        with worker.app_context():
            db.engine.dispose()


def test_production_hashing_parameters(monkeypatch, tmp_path):
    from sleepapp.auth.passwords import hash_password

    monkeypatch.setenv("FLASK_SECRET_KEY", "c" * 64)
    app = create_app({"CONFIG_NAME": "production", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.db"})
    with app.app_context():
        hashed = hash_password("a long enough password")
    assert hashed.startswith("$argon2id$")
    assert "m=65536,t=3,p=4" in hashed


def test_proxy_fix_trusts_forwarded_proto_only_when_configured(tmp_path):
    settings = {"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.db"}
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    plain = create_app(settings).test_client().get("/healthz", headers=forwarded)
    assert "Strict-Transport-Security" not in plain.headers
    proxied = create_app({**settings, "PROXY_FIX_HOPS": 1}).test_client().get("/healthz", headers=forwarded)
    assert "Strict-Transport-Security" in proxied.headers


def test_expired_token_keeps_the_answers_for_a_same_site_post(client, user):
    data = {"timezone": "Asia/Tokyo", "wake_time": "06:45", "csrf_token": "expired"}
    resp = client.post("/account", data=data, csrf=False, headers={"Origin": "http://localhost"})
    page = resp.get_data(as_text=True)
    assert resp.status_code == 400
    assert "form expired" in page
    assert 'name="wake_time" value="06:45"' in page
    assert 'value="expired"' not in page
    # Sending it again with the fresh token saves it.
    fresh = page.split('name="csrf_token" value="')[1].split('"')[0]
    resp = client.post("/account", data={**data, "csrf_token": fresh}, csrf=False)
    assert resp.status_code == 302


def test_cross_site_post_is_not_offered_for_resending(client, user):
    resp = client.post(
        "/account",
        data={"timezone": "Asia/Tokyo", "wake_time": "06:45"},
        csrf=False,
        headers={"Origin": "https://evil.example"},
    )
    assert resp.status_code == 400
    assert "06:45" not in resp.get_data(as_text=True)


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://localhost.attacker.net"},
        {"Origin": "http://sleep.example.com.attacker.net"},
        {"Referer": "http://localhost.attacker.net/account"},
        {"Origin": "http://localhost:8080"},
        {"Referer": "http://localhost:8080/account"},
        {"Origin": "https://localhost"},
        {"Origin": "null"},
        {"Referer": "/account"},
    ],
)
def test_look_alike_origins_are_not_offered_for_resending(client, user, headers):
    resp = client.post(
        "/account", data={"timezone": "Asia/Tokyo", "wake_time": "06:45"}, csrf=False, headers=headers
    )
    page = resp.get_data(as_text=True)
    assert resp.status_code == 400
    assert "Send again" not in page and "06:45" not in page


def test_look_alike_of_a_named_host_is_not_offered_for_resending(client, user):
    base = "http://sleep.example.com"
    data = {"timezone": "Asia/Tokyo", "wake_time": "06:45"}
    forged = client.post(
        "/account", data=data, csrf=False, base_url=base, headers={"Origin": base + ".attacker.net"}
    )
    assert forged.status_code == 400 and "Send again" not in forged.get_data(as_text=True)
    own = client.post("/account", data=data, csrf=False, base_url=base, headers={"Origin": base})
    assert own.status_code == 400 and "Send again" in own.get_data(as_text=True)


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://localhost"},
        {"Origin": "http://localhost:80"},
        {"Origin": "HTTP://LocalHost/"},
        {"Referer": "http://localhost/account?x=1"},
    ],
)
def test_same_origin_still_gets_the_resend_page(client, user, headers):
    resp = client.post(
        "/account", data={"timezone": "Asia/Tokyo", "wake_time": "06:45"}, csrf=False, headers=headers
    )
    page = resp.get_data(as_text=True)
    assert resp.status_code == 400
    assert "Send again" in page and 'name="wake_time" value="06:45"' in page


def test_passwords_are_never_echoed_on_resend(client):
    resp = client.post(
        "/register",
        data={
            "email": "a@example.com",
            "password": "hunter2 secret phrase",
            "confirm": "hunter2 secret phrase",
        },
        csrf=False,
        headers={"Referer": "http://localhost/register"},
    )
    page = resp.get_data(as_text=True)
    assert "a@example.com" in page
    assert "hunter2" not in page
