"""Log-in limits (docs/design.md §8): one budget per account and per address shared by the
log-in page and POST /api/v1/tokens, reset by a successful log-in, shared by workers through
Redis, and still enforced in memory while Redis is down."""

from __future__ import annotations

import logging
import os
import shutil
import socket
import subprocess
import threading
import time
import uuid

import pytest

from sleepapp import create_app
from sleepapp.extensions import db
from tests.conftest import CSRFClient
from tests.factories import DEFAULT_PASSWORD, make_user

WRONG = "wrong password here"


def _page_fail(client, email="sam@example.com", addr="10.0.0.1"):
    return client.post("/login", data={"email": email, "password": WRONG}, environ_base={"REMOTE_ADDR": addr})


def _api_fail(client, email="sam@example.com", addr="10.0.0.1"):
    return client.post(
        "/api/v1/tokens", json={"email": email, "password": WRONG}, environ_base={"REMOTE_ADDR": addr}
    )


def test_page_and_api_share_one_budget_per_account(app, client):
    make_user(email="sam@example.com")
    app.config["AUTH_FAILURES_PER_ACCOUNT"] = "4 per minute"
    assert _page_fail(client, addr="10.0.0.1").status_code == 200
    assert _api_fail(client, addr="10.0.0.2").status_code == 401
    assert _page_fail(client, addr="10.0.0.3").status_code == 200
    assert _api_fail(client, email="SAM@example.com", addr="10.0.0.4").status_code == 401
    assert _api_fail(client, addr="10.0.0.5").status_code == 429
    assert _page_fail(client, addr="10.0.0.6").status_code == 429


def test_page_and_api_share_one_budget_per_address(app, client):
    app.config["AUTH_FAILURES_PER_ADDRESS"] = "3 per minute"
    assert _page_fail(client, email="a@example.com").status_code == 200
    assert _api_fail(client, email="b@example.com").status_code == 401
    assert _page_fail(client, email="c@example.com").status_code == 200
    assert _api_fail(client, email="d@example.com").status_code == 429
    assert _page_fail(client, email="e@example.com").status_code == 429


def test_a_successful_login_resets_the_accounts_failures(app, client):
    make_user(email="sam@example.com")
    app.config["AUTH_FAILURES_PER_ACCOUNT"] = "3 per minute"
    for addr in ("10.0.0.1", "10.0.0.2"):
        assert _page_fail(client, addr=addr).status_code == 200
    ok = client.post("/api/v1/tokens", json={"email": "sam@example.com", "password": DEFAULT_PASSWORD})
    assert ok.status_code == 201
    for addr in ("10.0.0.3", "10.0.0.4"):  # 4 failures in the minute, but 2 since the success
        assert _page_fail(client, addr=addr).status_code == 200
    browser = app.test_client()
    assert (
        browser.post("/login", data={"email": "sam@example.com", "password": DEFAULT_PASSWORD}).status_code
        == 302
    )
    for addr in ("10.0.0.5", "10.0.0.6", "10.0.0.7"):
        assert _api_fail(client, addr=addr).status_code == 401
    assert _api_fail(client, addr="10.0.0.8").status_code == 429


@pytest.mark.parametrize("body", ["x", 123, [1], True, None, 1.5, [{"email": "sam@example.com"}]])
def test_token_endpoint_answers_400_to_a_body_that_is_not_an_object(client, body):
    import json

    resp = client.post("/api/v1/tokens", data=json.dumps(body), content_type="application/json")
    assert resp.status_code == 400
    assert resp.get_json()["error"] == "bad_request"


# --- Redis ---------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _app_on(schema: str, storage: str, **extra):
    made = create_app(
        {
            "CONFIG_NAME": "testing",
            "SQLALCHEMY_DATABASE_URI": schema,
            "RATELIMIT_STORAGE_URI": storage,
            "RATELIMIT_KEY_PREFIX": uuid.uuid4().hex,
            **extra,
        }
    )
    made.test_client_class = CSRFClient
    return made


def _dispose(*apps):
    for each in apps:
        with each.app_context():
            db.engine.dispose()


def test_redis_down_still_lets_people_in_and_still_limits(_schema, app, caplog):
    make_user(email="sam@example.com")
    down = _app_on(_schema, f"redis://127.0.0.1:{_free_port()}/0", AUTH_FAILURES_PER_ACCOUNT="2 per minute")
    client = down.test_client()
    with caplog.at_level(logging.WARNING):
        page = client.get("/register").get_data(as_text=True)
        token = page.split('name="csrf-token" content="')[1].split('"')[0]
        registered = client.post(
            "/register",
            data={
                "email": "new@example.com",
                "password": DEFAULT_PASSWORD,
                "confirm": DEFAULT_PASSWORD,
                "timezone": "UTC",
                "csrf_token": token,
            },
        )
        assert registered.status_code == 302
        other = down.test_client()
        statuses = [_api_fail(other).status_code for _ in range(3)]
        assert statuses == [401, 401, 429]  # counted in memory meanwhile
        right = other.post("/api/v1/tokens", json={"email": "new@example.com", "password": DEFAULT_PASSWORD})
        assert right.status_code == 201
    outage_lines = [r for r in caplog.records if "unreachable" in r.getMessage()]
    assert len(outage_lines) == 1  # logged once, not per request
    _dispose(down)


@pytest.mark.skipif(not shutil.which("redis-server"), reason="redis-server is not installed")
def test_limits_go_back_to_redis_when_it_returns(_schema, app, tmp_path):
    import redis

    make_user(email="sam@example.com")
    port = _free_port()
    flaky = _app_on(
        _schema,
        f"redis://127.0.0.1:{port}/0",
        AUTH_FAILURES_PER_ACCOUNT="1000 per minute",
        AUTH_FAILURES_PER_ADDRESS="1000 per minute",
    )
    client = flaky.test_client()
    assert _api_fail(client).status_code == 401  # Redis is not there yet: in memory
    poll = threading.Event()
    server = subprocess.Popen(
        [
            shutil.which("redis-server") or "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        conn = redis.Redis(port=port)
        deadline = time.monotonic() + 30
        while True:  # wait for Redis to answer
            try:
                conn.ping()
                break
            except redis.ConnectionError:
                assert time.monotonic() < deadline, "redis-server did not start"
        # The limiter re-checks its storage with a back-off; failures land in Redis again.
        while not conn.keys("*account:sam@example.com*"):
            assert time.monotonic() < deadline, "the limiter never went back to Redis"
            assert _api_fail(client).status_code == 401
            poll.wait(0.05)  # poll, do not spin
        conn.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
        _dispose(flaky)


def test_two_workers_on_redis_share_one_budget_across_both_endpoints(_schema, app):
    redis_url = os.environ.get("TEST_REDIS_URL")
    if not redis_url:
        pytest.skip("TEST_REDIS_URL not set (make test starts a Redis and sets it)")
    make_user(email="sam@example.com")
    settings = {"AUTH_FAILURES_PER_ACCOUNT": "4 per minute"}
    storage = redis_url
    prefix = uuid.uuid4().hex
    workers = [_app_on(_schema, storage, RATELIMIT_KEY_PREFIX=prefix, **settings) for _ in range(2)]
    clients = [w.test_client() for w in workers]
    statuses = [
        _api_fail(clients[0], addr="10.1.0.1").status_code,
        _api_fail(clients[1], addr="10.1.0.2").status_code,
        _api_fail(clients[0], addr="10.1.0.3").status_code,
        _api_fail(clients[1], addr="10.1.0.4").status_code,
        _page_fail(clients[0], addr="10.1.0.5").status_code,
        _api_fail(clients[1], addr="10.1.0.6").status_code,
    ]
    assert statuses == [401, 401, 401, 401, 429, 429]
    import redis

    conn = redis.Redis.from_url(redis_url)
    keys = conn.keys(f"*{prefix}*")
    assert keys
    conn.delete(*keys)
    conn.close()
    _dispose(*workers)
