"""Forgotten passwords (docs/design.md §8): a single-use link valid for 30 minutes, by mail
(a real SMTP server, aiosmtpd, runs in the test) or printed by `flask reset-password`."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa

from sleepapp.auth.models import ApiToken, PasswordReset
from sleepapp.extensions import db
from tests.factories import DEFAULT_PASSWORD, make_user

NEW = "a fresh long passphrase"
LINK = re.compile(r"http://localhost(/reset/[A-Za-z0-9_-]+)")


def _ask(client, email):
    return client.post("/forgot", data={"email": email})


def _link(message: str) -> str:
    match = LINK.search(message.replace("=\n", ""))
    assert match, message
    return match.group(1)


def test_reset_by_mail_end_to_end(app, client, inbox):
    make_user(email="sam@example.com")
    other = app.test_client()
    other.post("/login", data={"email": "sam@example.com", "password": DEFAULT_PASSWORD})
    token = client.post("/api/v1/tokens", json={"email": "sam@example.com", "password": DEFAULT_PASSWORD})
    headers = {"Authorization": f"Bearer {token.get_json()['token']}"}

    page = _ask(client, "SAM@example.com").get_data(as_text=True)
    assert "If an account exists for that address" in page
    ((to, message),) = inbox.wait_for(1)
    assert to == ["sam@example.com"] and "30 minutes" in message
    link = _link(message)
    assert client.get(link).status_code == 200
    mismatch = client.post(link, data={"password": NEW, "confirm": NEW + "!"})
    assert "The two passwords differ" in mismatch.get_data(as_text=True)
    weak = client.post(link, data={"password": "password", "confirm": "password"})
    assert weak.status_code == 200 and "Password not changed" not in weak.get_data(as_text=True)
    assert client.get(link).status_code == 200  # a refused password does not use up the link
    assert client.post(link, data={"password": NEW, "confirm": NEW}).status_code == 302
    # Single use, and every log-in and token ended.
    assert client.get(link).status_code == 404
    assert other.get("/account").status_code == 302
    assert client.get("/api/v1/me", headers=headers).status_code == 401
    assert client.post("/login", data={"email": "sam@example.com", "password": NEW}).status_code == 302


def test_unknown_address_gets_the_same_answer_and_no_mail(app, client, inbox):
    make_user(email="sam@example.com")
    unknown = _ask(client, "nobody@example.com").get_data(as_text=True)
    known = _ask(app.test_client(), "sam@example.com").get_data(as_text=True)
    strip = lambda page: re.sub(r'content="[^"]+"|value="[^"]+"', "", page)  # noqa: E731 (CSRF tokens differ)
    assert strip(unknown) == strip(known)
    messages = inbox.wait_for(1)
    assert [to for to, _ in messages] == [["sam@example.com"]]


def test_asking_again_invalidates_the_previous_link(client, inbox):
    make_user(email="sam@example.com")
    _ask(client, "sam@example.com")
    first = _link(inbox.wait_for(1)[0][1])
    _ask(client, "sam@example.com")
    second = _link(inbox.wait_for(2)[1][1])
    assert first != second
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200


def test_link_expires_after_30_minutes(client, inbox):
    make_user(email="sam@example.com")
    _ask(client, "sam@example.com")
    link = _link(inbox.wait_for(1)[0][1])
    reset = db.session.scalar(sa.select(PasswordReset))
    reset.created_at = reset.created_at - timedelta(minutes=31)
    db.session.commit()
    assert client.get(link).status_code == 404
    assert client.post(link, data={"password": NEW, "confirm": NEW}).status_code == 404


def test_reset_requests_are_limited_per_account_and_per_address(app, client, inbox):
    make_user(email="sam@example.com")
    app.config["AUTH_RESETS_PER_ACCOUNT"] = "2 per hour"
    app.config["AUTH_RESETS_PER_ADDRESS"] = "4 per hour"
    statuses = [
        client.post(
            "/forgot", data={"email": "sam@example.com"}, environ_base={"REMOTE_ADDR": f"10.9.0.{i}"}
        ).status_code
        for i in range(3)
    ]
    assert statuses == [200, 200, 429]
    statuses = [_ask(client, f"p{i}@example.com").status_code for i in range(5)]
    assert statuses == [200, 200, 200, 200, 429]


def test_without_mail_the_page_says_ask_the_administrator(client):
    make_user(email="sam@example.com")
    page = client.get("/forgot").get_data(as_text=True)
    assert "ask the person who runs it" in page.lower() and "flask reset-password" in page
    assert "ask the person who runs it" in _ask(client, "sam@example.com").get_data(as_text=True).lower()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PasswordReset)) == 0


def test_cli_prints_a_single_use_link(app, runner, client):
    make_user(email="sam@example.com")
    client.post("/api/v1/tokens", json={"email": "sam@example.com", "password": DEFAULT_PASSWORD})
    result = runner.invoke(
        args=["reset-password", "Sam@Example.com", "--base-url", "https://sleep.example.org"]
    )
    assert result.exit_code == 0, result.output
    url = re.search(r"https://sleep\.example\.org(/reset/\S+)", result.output)
    assert url
    assert client.post(url.group(1), data={"password": NEW, "confirm": NEW}).status_code == 302
    assert client.get(url.group(1)).status_code == 404
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0
    missing = runner.invoke(args=["reset-password", "nobody@example.com"])
    assert missing.exit_code != 0 and "No account" in missing.output
