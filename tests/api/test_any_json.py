"""Any JSON value sent to any API route that takes a body: never a 5xx, and a body that is
not a JSON object is a 400 `bad_request` wherever the route reads JSON.

The routes come from app.url_map (every rule under /api/v1 with POST, PUT, PATCH or DELETE),
so a route added later is covered without touching this file. A route "reads JSON" when the
request called Request.get_json (json_body does); the test checks that at least the known
JSON routes are seen doing so, so the spy cannot silently see nothing.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import flask
import pytest
from flask import Flask
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from werkzeug.routing import IntegerConverter

from sleepapp.extensions import limiter
from tests.factories import DEFAULT_PASSWORD, make_user

DAY = "2026-03-02"
BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# Routes that must be seen reading a JSON body (checked, so the spy is not vacuous).
KNOWN_JSON_ROUTES = {
    ("PUT", "/api/v1/entries/<day>"),
    ("POST", "/api/v1/sleep-window"),
    ("PATCH", "/api/v1/me"),
    ("DELETE", "/api/v1/me"),
    ("POST", "/api/v1/tokens"),
}
NON_OBJECTS = ["x", "", 123, 1.5, -1, [1], [], [{"email": "sam@example.com"}], True, False, None, [[[]]]]
AUTH_MODES = ("valid", "none", "bogus")


@dataclass(frozen=True)
class Route:
    method: str
    rule: str
    url: str
    public: bool

    def __str__(self) -> str:
        return f"{self.method} {self.rule}"


def _argument(name: str, converter: object) -> object:
    if isinstance(converter, IntegerConverter):
        return 1
    return DAY if name in {"day", "date"} else "x"


def body_routes(app: Flask) -> list[Route]:
    from sleepapp.api.bearer import PUBLIC_ENDPOINTS

    adapter = app.url_map.bind("localhost")
    routes = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        # Werkzeug keeps each argument's converter here (no public accessor).
        values = {name: _argument(name, conv) for name, conv in rule._converters.items()}
        for method in sorted((rule.methods or set()) & BODY_METHODS):
            url = adapter.build(rule.endpoint, values, method=method)
            routes.append(Route(method, rule.rule, url, rule.endpoint in PUBLIC_ENDPOINTS))
    return sorted(routes, key=str)


class Caller:
    """Sends raw JSON bodies with a valid, a missing or a bogus bearer token; keeps a valid
    token at hand (issuing a new one after a call that may have revoked it). `headers` comes
    first, so the log-in that issues a token is not mistaken for the call under test."""

    def __init__(self, client: flask.testing.FlaskClient, email: str) -> None:
        self.client = client
        self.email = email
        self.token: str | None = None

    def _valid_token(self) -> str:
        if self.token is None:
            resp = self.client.post(
                "/api/v1/tokens", json={"email": self.email, "password": DEFAULT_PASSWORD}
            )
            assert resp.status_code == 201, resp.get_data(as_text=True)
            self.token = resp.get_json()["token"]
        return self.token

    def headers(self, auth: str) -> dict[str, str]:
        headers = {"Content-Type": "application/json"}
        if auth == "valid":
            headers["Authorization"] = f"Bearer {self._valid_token()}"
        elif auth == "bogus":
            headers["Authorization"] = "Bearer not-a-real-token"
        limiter.reset()  # random log-in bodies must not lock the next example out
        return headers

    def send(self, route: Route, raw: bytes | str, headers: dict[str, str]):  # type: ignore[no-untyped-def]
        resp = self.client.open(route.url, method=route.method, data=raw, headers=headers)
        if route.rule.startswith("/api/v1/tokens") and route.method == "DELETE":
            self.token = None  # that call may have revoked the token
        return resp


class _ErrorRecords(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def _capture_errors() -> Iterator[list[logging.LogRecord]]:
    """Records logged at ERROR or above (by any logger) inside the block."""
    handler = _ErrorRecords()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler.records
    finally:
        root.removeHandler(handler)


@pytest.fixture
def json_reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Paths of the requests that called Request.get_json."""
    seen: list[str] = []
    real = flask.Request.get_json

    def spy(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(self.path)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(flask.Request, "get_json", spy)
    yield seen


@pytest.fixture
def caller(app: Flask, client) -> Caller:  # type: ignore[no-untyped-def]
    app.config["PROPAGATE_EXCEPTIONS"] = False  # a crash must show up as a 500, not a raise
    return Caller(client, make_user(email="sam@example.com").email)


def check(caller: Caller, json_reads: list[str], route: Route, value: object, raw: str, auth: str) -> None:
    headers = caller.headers(auth)
    json_reads.clear()
    with _capture_errors() as logged:
        resp = caller.send(route, raw, headers)
    body = resp.get_data(as_text=True)
    where = f"{route} auth={auth} body={raw[:80]!r}"
    assert resp.status_code < 500, f"{where} -> {resp.status_code} {body[:300]}"
    # A crash swallowed on the way (the limiter's key function, say) is a failure too.
    assert not logged, f"{where} logged: {[r.getMessage() for r in logged]}"
    if not route.public and auth != "valid":
        assert resp.status_code == 401, f"{where} -> {resp.status_code}"
        return
    if route.url in json_reads and not isinstance(value, dict):
        assert resp.status_code == 400, f"{where} -> {resp.status_code} {body[:300]}"
        assert resp.get_json()["error"] == "bad_request", where


def test_the_route_walk_finds_the_json_routes(app, caller, json_reads):
    routes = {(r.method, r.rule): r for r in body_routes(app)}
    assert set(routes) >= KNOWN_JSON_ROUTES
    for key in sorted(KNOWN_JSON_ROUTES):
        headers = caller.headers("valid")
        json_reads.clear()
        caller.send(routes[key], "{}", headers)
        assert routes[key].url in json_reads, f"{key} did not read its JSON body"


@pytest.mark.parametrize("auth", AUTH_MODES)
def test_non_object_bodies_on_every_route(app, caller, json_reads, auth):
    for route in body_routes(app):
        for value in NON_OBJECTS:
            check(caller, json_reads, route, value, json.dumps(value), auth)


@pytest.mark.parametrize(
    "raw",
    [
        "[" * 100_000 + "]" * 100_000,  # nesting past Python's recursion limit
        '"\\ud800"',  # a lone surrogate
        "not json at all",
        "",
    ],
)
def test_odd_bodies_on_every_route(app, caller, json_reads, raw):
    for route in body_routes(app):
        for auth in AUTH_MODES:
            check(caller, json_reads, route, raw, raw, auth)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(blacklist_categories=())),  # lone surrogates too (sent escaped)
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.one_of(st.text(max_size=12), st.sampled_from(["email", "password", "date", "wake_time"])),
            children,
            max_size=4,
        )
    ),
    max_leaves=12,
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), value=json_values, auth=st.sampled_from(AUTH_MODES))
@example(data=None, value="x", auth="valid")
@example(data=None, value=123, auth="valid")
@example(data=None, value=[1], auth="valid")
@example(data=None, value=True, auth="valid")
@example(data=None, value=None, auth="valid")
@example(data=None, value=[{"email": "sam@example.com", "password": "x"}], auth="none")
def test_any_json_value_on_any_route(app, caller, json_reads, data, value, auth):
    routes = body_routes(app)
    # The fixed examples go to every route; generated ones each to one route Hypothesis picks.
    chosen = routes if data is None else [data.draw(st.sampled_from(routes), label="route")]
    for route in chosen:
        check(caller, json_reads, route, value, json.dumps(value), auth)
