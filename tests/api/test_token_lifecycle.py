"""API tokens have a name and an expiry, can be listed and revoked one by one or all, and
all end when the password changes (docs/design.md §5)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from sleepapp.auth.models import ApiToken
from sleepapp.extensions import db
from tests.factories import DEFAULT_PASSWORD, make_user


def _token(client, email="sam@example.com", **extra):
    resp = client.post("/api/v1/tokens", json={"email": email, "password": DEFAULT_PASSWORD, **extra})
    assert resp.status_code == 201, resp.get_data(as_text=True)
    body = resp.get_json()
    return body, {"Authorization": f"Bearer {body['token']}"}


def test_token_has_name_and_default_expiry(client):
    make_user(email="sam@example.com")
    body, headers = _token(client, name="my script")
    assert body["name"] == "my script"
    expires = datetime.fromisoformat(body["expires_at"])
    assert timedelta(days=89) < expires - datetime.now(UTC) <= timedelta(days=90)
    listed = client.get("/api/v1/tokens", headers=headers).get_json()
    assert [t["id"] for t in listed] == [body["id"]]
    assert set(listed[0]) == {"id", "name", "created_at", "last_used_on", "expires_at"}  # never the secret
    assert listed[0]["last_used_on"] == datetime.now(UTC).date().isoformat()


def test_expires_in_days_is_checked(client):
    make_user(email="sam@example.com")
    body, _ = _token(client, expires_in_days=2)
    assert datetime.fromisoformat(body["expires_at"]) - datetime.now(UTC) <= timedelta(days=2)
    for bad in (0, -1, 4000, "7", 1.5, True):
        resp = client.post(
            "/api/v1/tokens",
            json={"email": "sam@example.com", "password": DEFAULT_PASSWORD, "expires_in_days": bad},
        )
        assert resp.status_code == 422 and "expires_in_days" in resp.get_json()["fields"]
    resp = client.post(
        "/api/v1/tokens", json={"email": "sam@example.com", "password": DEFAULT_PASSWORD, "name": 5}
    )
    assert resp.status_code == 422 and "name" in resp.get_json()["fields"]


def test_expired_token_stops_working(client):
    make_user(email="sam@example.com")
    body, headers = _token(client)
    record = db.session.get(ApiToken, body["id"])
    record.expires_at = datetime.now(UTC) - timedelta(seconds=1)
    db.session.commit()
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_revoke_one_and_all_and_never_anothers(client):
    make_user(email="sam@example.com")
    make_user(email="kim@example.com")
    _, h1 = _token(client)
    second, h2 = _token(client)
    kims, kim_headers = _token(client, email="kim@example.com")
    assert client.delete(f"/api/v1/tokens/{kims['id']}", headers=h1).status_code == 404
    assert client.get("/api/v1/me", headers=kim_headers).status_code == 200
    assert client.delete(f"/api/v1/tokens/{second['id']}", headers=h1).status_code == 204
    assert client.get("/api/v1/me", headers=h2).status_code == 401
    _, h3 = _token(client)
    assert client.delete("/api/v1/tokens", headers=h1).status_code == 204
    assert client.get("/api/v1/me", headers=h1).status_code == 401
    assert client.get("/api/v1/me", headers=h3).status_code == 401
    assert client.get("/api/v1/me", headers=kim_headers).status_code == 200


def test_account_page_lists_and_revokes_tokens(client, user):
    body, headers = _token(client, name="phone shortcut")
    page = client.get("/account").get_data(as_text=True)
    assert "phone shortcut" in page and "Logging out of a browser does not revoke tokens" in page
    assert client.post(f"/account/tokens/{body['id']}/revoke").status_code == 302
    assert client.get("/api/v1/me", headers=headers).status_code == 401
    _, again = _token(client)
    assert client.post("/account/tokens/revoke-all").status_code == 302
    assert client.get("/api/v1/me", headers=again).status_code == 401


def test_browser_logout_keeps_api_tokens(client, user):
    _, headers = _token(client)
    client.post("/logout")
    assert client.get("/api/v1/me", headers=headers).status_code == 200


def test_change_password_by_api_ends_every_token_and_login(app, client):
    make_user(email="sam@example.com")
    _, headers = _token(client)
    _, other = _token(client)
    browser = app.test_client()
    browser.post("/login", data={"email": "sam@example.com", "password": DEFAULT_PASSWORD})
    new = "a brand new passphrase here"
    wrong = client.post(
        "/api/v1/me/password",
        json={"current_password": "nope nope nope", "new_password": new},
        headers=headers,
    )
    assert wrong.status_code == 422 and "current_password" in wrong.get_json()["fields"]
    weak = client.post(
        "/api/v1/me/password",
        json={"current_password": DEFAULT_PASSWORD, "new_password": "short"},
        headers=headers,
    )
    assert weak.status_code == 422 and "new_password" in weak.get_json()["fields"]
    assert (
        client.post(
            "/api/v1/me/password", json={"current_password": DEFAULT_PASSWORD}, headers=headers
        ).status_code
        == 422
    )
    ok = client.post(
        "/api/v1/me/password",
        json={"current_password": DEFAULT_PASSWORD, "new_password": new},
        headers=headers,
    )
    assert ok.status_code == 204
    assert client.get("/api/v1/me", headers=headers).status_code == 401  # the caller's too
    assert client.get("/api/v1/me", headers=other).status_code == 401
    assert browser.get("/account").status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0
    assert (
        client.post("/api/v1/tokens", json={"email": "sam@example.com", "password": new}).status_code == 201
    )
    assert (
        client.post(
            "/api/v1/tokens", json={"email": "sam@example.com", "password": DEFAULT_PASSWORD}
        ).status_code
        == 401
    )


def test_change_password_page_keeps_this_browser_and_ends_the_others(app, client, user):
    _, headers = _token(client)
    other = app.test_client()
    other.post("/login", data={"email": "sam@example.com", "password": DEFAULT_PASSWORD})
    new = "another long passphrase"
    resp = client.post(
        "/account/password", data={"current_password": "wrong one here", "new_password": new, "confirm": new}
    )
    assert resp.status_code == 200 and "not your current password" in resp.get_data(as_text=True)
    resp = client.post(
        "/account/password",
        data={"current_password": DEFAULT_PASSWORD, "new_password": new, "confirm": new + "x"},
    )
    assert resp.status_code == 200 and "The two passwords differ" in resp.get_data(as_text=True)
    assert new not in resp.get_data(as_text=True)
    resp = client.post(
        "/account/password",
        data={"current_password": DEFAULT_PASSWORD, "new_password": new, "confirm": new},
        follow_redirects=True,
    )
    assert "Every other browser has been logged out" in resp.get_data(as_text=True)
    assert client.get("/account").status_code == 200
    assert other.get("/account").status_code == 302
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_an_unconfirmed_address_gets_no_token(client):
    user = make_user(email="new@example.com")
    user.email_confirmed_at = None
    db.session.commit()
    resp = client.post("/api/v1/tokens", json={"email": "new@example.com", "password": DEFAULT_PASSWORD})
    assert resp.status_code == 403 and resp.get_json()["error"] == "email_not_confirmed"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0


def test_a_passkey_only_account_gets_no_token_from_the_password_alone(client, monkeypatch):
    from sleepapp.api import tokens as api_tokens

    make_user(email="sam@example.com")
    monkeypatch.setattr(api_tokens, "second_step_needed", lambda user: True)
    resp = client.post("/api/v1/tokens", json={"email": "sam@example.com", "password": DEFAULT_PASSWORD})
    assert resp.status_code == 403 and resp.get_json()["error"] == "passkey_required"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0
