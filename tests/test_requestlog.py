"""A request id on every response, in gunicorn's access line and in the errors logged for
that request (docs/design.md §6.9)."""

from __future__ import annotations

import http.client
import logging
import os
import re
from pathlib import Path

import pytest

from tests.test_gunicorn import free_port, start_gunicorn, wait_for

HEX16 = re.compile(r"[0-9a-f]{16}")


def test_every_response_carries_its_own_id(client):
    first = client.get("/healthz").headers["X-Request-ID"]
    second = client.get("/no-such-page").headers["X-Request-ID"]
    assert HEX16.fullmatch(first) and HEX16.fullmatch(second)
    assert first != second


def test_a_sane_id_from_the_proxy_is_kept(client):
    rid = "5f2c0e6a9b7d4e1f8a3c2b1d0e9f8a7b"  # nginx's $request_id: 32 hex digits
    assert client.get("/healthz", headers={"X-Request-ID": rid}).headers["X-Request-ID"] == rid


@pytest.mark.parametrize(
    "sent", ["short", "has space in it", 'quote"injected"', "x" * 65, "tab\there-xxxxx", "ünïcode-xxxx"]
)
def test_anything_else_is_replaced(client, sent):
    got = client.get("/healthz", headers={"X-Request-ID": sent}).headers["X-Request-ID"]
    assert HEX16.fullmatch(got)


def test_an_error_is_logged_with_the_id_the_person_sees(app, caplog):
    def boom() -> str:
        raise RuntimeError("broken on purpose")

    app.add_url_rule("/boom", "boom", boom)
    with caplog.at_level(logging.ERROR, logger="sleepapp.errors"):
        response = app.test_client().get("/boom")
    assert response.status_code == 500
    rid = response.headers["X-Request-ID"]
    assert "broken on purpose" not in response.get_data(as_text=True)
    assert any(rid in record.getMessage() for record in caplog.records), caplog.text


def test_gunicorns_access_line_holds_status_duration_and_id(tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "gunicorn.log"
    env = {
        **os.environ,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        "SLEEPAPP_CONFIG": "testing",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'app.db'}",
    }
    proc = start_gunicorn("wsgi:app", env, port, log)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", "/healthz")
        response = conn.getresponse()
        response.read()
        conn.close()
        rid = response.getheader("X-Request-ID")
        assert rid and HEX16.fullmatch(rid)
        pattern = re.compile(rf'"GET /healthz HTTP/1.1" 200 \d+ \d+ms id={rid}$', re.M)
        wait_for(lambda: bool(pattern.search(log.read_text())), "the access line")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
