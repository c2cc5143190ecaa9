import pytest
import sqlalchemy as sa

from sleepapp.auth.models import ApiToken
from sleepapp.extensions import db
from tests.factories import DEFAULT_PASSWORD, make_user


def test_token_lifecycle(client, auth):
    make_user(email="sam@example.com")
    resp = client.post(
        "/api/v1/tokens", json={"email": "Sam@example.com", "password": "correct horse battery staple"}
    )
    assert resp.status_code == 201
    token = resp.get_json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    me = client.get("/api/v1/me", headers=headers)
    assert me.status_code == 200
    assert me.get_json()["email"] == "sam@example.com"
    assert me.headers["Cache-Control"] == "no-store"
    assert client.delete("/api/v1/tokens/current", headers=headers).status_code == 204
    again = client.get("/api/v1/me", headers=headers)
    assert again.status_code == 401
    assert again.get_json()["error"] == "unauthorized"


def test_tokens_are_stored_hashed(client, auth):
    make_user(email="sam@example.com")
    token = auth.token()["Authorization"].split()[1]
    stored = db.session.scalars(sa.select(ApiToken.token_hash)).all()
    assert len(stored) == 1 and token not in stored[0] and len(stored[0]) == 64


def test_wrong_credentials_answer_the_same(client):
    make_user(email="sam@example.com")
    a = client.post("/api/v1/tokens", json={"email": "sam@example.com", "password": "wrong wrong wrong"})
    b = client.post("/api/v1/tokens", json={"email": "ghost@example.com", "password": "wrong wrong wrong"})
    assert a.status_code == b.status_code == 401
    assert a.get_json() == b.get_json()


def test_token_request_validation(client):
    assert client.post("/api/v1/tokens", data="not json").status_code == 400
    resp = client.post("/api/v1/tokens", json={"email": "x@example.com"})
    assert resp.status_code == 422
    assert "password" in resp.get_json()["fields"]


def test_api_requires_bearer_token_not_cookies(client, user):
    # Logged in with a browser session, but the API only trusts tokens (no CSRF exposure).
    assert client.get("/api/v1/me").status_code == 401
    assert client.get("/api/v1/me", headers={"Authorization": "Bearer nonsense"}).status_code == 401
    assert client.get("/api/v1/me", headers={"Authorization": "Basic abc"}).status_code == 401


def test_patch_me_timezone_and_wake_time(client, auth):
    make_user(email="sam@example.com")
    headers = auth.token()
    resp = client.patch(
        "/api/v1/me", json={"timezone": "America/New_York", "wake_time": "06:30"}, headers=headers
    )
    assert resp.status_code == 200
    assert resp.get_json()["timezone"] == "America/New_York"
    assert resp.get_json()["wake_time"] == "06:30"


def test_patch_me_validation(client, auth):
    make_user(email="sam@example.com")
    headers = auth.token()
    resp = client.patch(
        "/api/v1/me", json={"timezone": "Nowhere/Land", "wake_time": "25:00"}, headers=headers
    )
    assert resp.status_code == 422
    body = resp.get_json()
    assert set(body["fields"]) == {"timezone", "wake_time"}
    assert body["error"] == "validation_failed"
    resp = client.patch("/api/v1/me", json={"email": "new@example.com"}, headers=headers)
    assert resp.status_code == 422 and "email" in resp.get_json()["fields"]
    resp = client.patch("/api/v1/me", json={"timezone": 5}, headers=headers)
    assert resp.status_code == 422
    assert client.get("/api/v1/me", headers=headers).get_json()["timezone"] == "Europe/London"


def test_one_person_cannot_use_anothers_token_after_revocation(client, auth):
    make_user(email="sam@example.com")
    make_user(email="kim@example.com")
    sam = auth.token()
    kim = auth.token(email="kim@example.com")
    client.delete("/api/v1/tokens/current", headers=sam)
    assert client.get("/api/v1/me", headers=kim).get_json()["email"] == "kim@example.com"


def test_lone_surrogates_in_json_are_a_400(client, auth):
    make_user(email="sam@example.com")
    raw = '{"email": "sam@example.com", "password": "\\ud800abcdefgh"}'
    resp = client.post("/api/v1/tokens", data=raw, content_type="application/json")
    assert resp.status_code == 400
    assert "Unicode" in resp.get_json()["message"]
    headers = auth.token()
    resp = client.patch(
        "/api/v1/me", data='{"timezone": "\\udc00"}', content_type="application/json", headers=headers
    )
    assert resp.status_code == 400


def test_deeply_nested_json_is_a_400(client):
    resp = client.post("/api/v1/tokens", data="[" * 100_000, content_type="application/json")
    assert resp.status_code == 400


@pytest.mark.parametrize(
    ("method", "url", "body", "fields"),
    [
        ("POST", "/api/v1/tokens", {}, {"email", "password"}),
        ("POST", "/api/v1/tokens", {"email": 5, "password": ["x"]}, {"email", "password"}),
        (
            "POST",
            "/api/v1/tokens",
            {
                "email": "sam@example.com",
                "password": DEFAULT_PASSWORD,
                "name": "n" * 81,
                "expires_in_days": 7.0,
            },
            {"name", "expires_in_days"},
        ),
        (
            "PATCH",
            "/api/v1/me",
            {"timezone": None, "wake_time": 630, "colour": "red"},
            {"timezone", "wake_time", "colour"},
        ),
        ("DELETE", "/api/v1/me", {"password": ""}, {"password"}),
        ("DELETE", "/api/v1/me", {"password": 5}, {"password"}),
        (
            "POST",
            "/api/v1/me/password",
            {"current_password": 5, "new_password": ""},
            {"current_password", "new_password"},
        ),
    ],
)
def test_request_bodies_name_every_field_at_once(client, auth, method, url, body, fields):
    make_user(email="sam@example.com")
    headers = auth.token()
    resp = client.open(url, method=method, json=body, headers=headers)
    assert resp.status_code == 422
    answer = resp.get_json()
    assert answer["error"] == "validation_failed" and answer["message"]
    assert set(answer["fields"]) == fields
    assert all(message.endswith(".") for message in answer["fields"].values())  # sentences, not codes
    assert client.get("/api/v1/me", headers=headers).status_code == 200  # nothing was changed


def test_a_malformed_token_request_checks_no_password(client):
    # The body is checked before the password: a refused body is no guess, so it never counts
    # against the log-in limits (and says nothing about the password).
    make_user(email="sam@example.com")
    for _ in range(15):
        resp = client.post(
            "/api/v1/tokens",
            json={"email": "sam@example.com", "password": "wrong guess", "expires_in_days": 0},
        )
        assert resp.status_code == 422 and set(resp.get_json()["fields"]) == {"expires_in_days"}
    good = {"email": "sam@example.com", "password": DEFAULT_PASSWORD}
    assert client.post("/api/v1/tokens", json=good).status_code == 201
