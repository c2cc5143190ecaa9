"""Confirmed addresses (docs/design.md §8.6): with mail, a new account confirms its address
by a mailed link before it can log in; registering an address that has an account sends its
owner a note, and the page answers the same either way."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa

from sleepapp.auth.models import EmailConfirmation, User
from sleepapp.extensions import db
from tests.factories import DEFAULT_PASSWORD, make_user

LINK = re.compile(r"http://localhost(/confirm/[A-Za-z0-9_-]+)")


def _register(client, email):
    return client.post(
        "/register",
        data={"email": email, "password": DEFAULT_PASSWORD, "confirm": DEFAULT_PASSWORD, "timezone": "UTC"},
    )


def _login(client, email):
    return client.post("/login", data={"email": email, "password": DEFAULT_PASSWORD})


def _link(message):
    match = LINK.search(message.replace("=\n", ""))
    assert match, message
    return match.group(1)


def _strip_tokens(page):
    return re.sub(r'content="[^"]+"|value="[^"]+"|<bdi>[^<]*</bdi>', "", page)


def test_new_account_confirms_by_link_before_it_can_log_in(app, client, inbox):
    resp = _register(client, "new@example.com")
    assert resp.status_code == 200 and "Check your email" in resp.get_data(as_text=True)
    assert client.get("/account").status_code == 302  # not logged in
    ((to, message),) = inbox.wait_for(1)
    assert to == ["new@example.com"] and "48 hours" in message
    refused = _login(client, "new@example.com")
    assert refused.status_code == 200 and "Confirm your email address first" in refused.get_data(as_text=True)
    assert client.get("/account").status_code == 302
    link = _link(inbox.wait_for(2)[1][1])  # logging in sent a fresh link, the old one ended
    assert client.get(_link(message)).status_code == 404
    assert client.get(link).status_code == 302
    assert client.get(link).status_code == 404  # single use
    assert _login(client, "new@example.com").status_code == 302
    assert client.get("/account").status_code == 200


def test_registering_an_existing_address_answers_the_same_and_notes_the_owner(app, client, inbox):
    make_user(email="sam@example.com")
    known = _register(client, "SAM@example.com").get_data(as_text=True)
    unknown = _register(app.test_client(), "fresh@example.com").get_data(as_text=True)
    assert _strip_tokens(known) == _strip_tokens(unknown)
    messages = sorted(inbox.wait_for(2), key=lambda m: m[0])
    assert messages[0][0] == ["fresh@example.com"] and "/confirm/" in messages[0][1]
    assert messages[1][0] == ["sam@example.com"] and "Someone tried to create" in messages[1][1]
    assert "/confirm/" not in messages[1][1]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 2
    # The owner's password did not change, and they can still log in.
    assert _login(client, "sam@example.com").status_code == 302


def test_confirmation_link_expires_after_48_hours(client, inbox):
    _register(client, "new@example.com")
    link = _link(inbox.wait_for(1)[0][1])
    record = db.session.scalar(sa.select(EmailConfirmation))
    record.created_at = record.created_at - timedelta(hours=49)
    db.session.commit()
    assert client.get(link).status_code == 404
    assert db.session.scalar(sa.select(User.email_confirmed_at)) is None


def test_weak_password_is_still_refused_on_the_page(client, inbox):
    resp = client.post(
        "/register",
        data={"email": "new@example.com", "password": "password", "confirm": "password", "timezone": "UTC"},
    )
    assert resp.status_code == 200 and "Check your email" not in resp.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_without_mail_accounts_are_confirmed_at_once(client, auth):
    assert auth.register(email="new@example.com").status_code == 302
    assert db.session.scalar(sa.select(User.email_confirmed_at)) is not None


def test_cli_accounts_are_confirmed(runner, app):
    result = runner.invoke(
        args=["create-user", "cli@example.com"], input=f"{DEFAULT_PASSWORD}\n{DEFAULT_PASSWORD}\n"
    )
    assert result.exit_code == 0, result.output
    assert db.session.scalar(sa.select(User.email_confirmed_at).where(User.email == "cli@example.com"))


def test_an_account_waiting_for_its_link_keeps_the_browsers_clock(app, client, inbox):
    resp = client.post(
        "/register",
        data={
            "email": "kim@example.com",
            "password": DEFAULT_PASSWORD,
            "confirm": DEFAULT_PASSWORD,
            "timezone": "UTC",
            "clock_hours": "12",
        },
        headers={"Accept-Language": "de-DE"},
    )
    assert resp.status_code == 200 and "Check your email" in resp.get_data(as_text=True)
    user = db.session.scalar(sa.select(User))
    assert (user.email_confirmed_at, user.clock_hours) == (None, 12)
    inbox.wait_for(1)
