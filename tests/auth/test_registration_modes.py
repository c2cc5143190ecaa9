"""FLASK_REGISTRATION (docs/design.md §8): open, invite (single-use codes from `flask
invite --expires`) or closed (accounts only from `flask create-user`)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from sleepapp import create_app
from sleepapp.auth.invites import parse_duration
from sleepapp.auth.models import Invite, User
from sleepapp.extensions import db
from tests.factories import DEFAULT_PASSWORD


def _register(client, email, invite=None):
    data = {"email": email, "password": DEFAULT_PASSWORD, "confirm": DEFAULT_PASSWORD, "timezone": "UTC"}
    if invite is not None:
        data["invite"] = invite
    return client.post("/register", data=data)


def _users():
    return db.session.scalars(sa.select(User.email).order_by(User.email)).all()


def test_closed_registration_explains_and_refuses(app, client):
    app.config["REGISTRATION"] = "closed"
    page = client.get("/register").get_data(as_text=True)
    assert "flask create-user" in page and 'name="password"' not in page
    assert _register(client, "sam@example.com").status_code == 403
    assert _users() == []


def test_invite_registration_needs_a_live_single_use_code(app, client, runner):
    app.config["REGISTRATION"] = "invite"
    assert "Invitation code" in client.get("/register").get_data(as_text=True)
    missing = _register(client, "a@example.com", invite="")
    assert missing.status_code == 200 and "not valid" in missing.get_data(as_text=True)
    result = runner.invoke(args=["invite", "--expires", "2d"])
    assert result.exit_code == 0, result.output
    code = re.search(r": (\S+)$", result.output.strip()).group(1)
    assert _register(client, "a@example.com", invite=code).status_code == 302
    client.post("/logout")
    reused = _register(client, "b@example.com", invite=code)
    assert reused.status_code == 200 and "not valid" in reused.get_data(as_text=True)
    assert _users() == ["a@example.com"]


def test_a_refused_password_does_not_spend_the_invitation(app, client, runner):
    app.config["REGISTRATION"] = "invite"
    code = re.search(r": (\S+)$", runner.invoke(args=["invite"]).output.strip()).group(1)
    weak = client.post(
        "/register",
        data={
            "email": "a@example.com",
            "password": "password",
            "confirm": "password",
            "timezone": "UTC",
            "invite": code,
        },
    )
    assert weak.status_code == 200
    assert _register(client, "a@example.com", invite=code).status_code == 302


def test_an_expired_invitation_is_refused(app, client, runner):
    app.config["REGISTRATION"] = "invite"
    code = re.search(r": (\S+)$", runner.invoke(args=["invite", "--expires", "1h"]).output.strip()).group(1)
    invite = db.session.scalar(sa.select(Invite))
    invite.expires_at = invite.expires_at - timedelta(hours=2)
    db.session.commit()
    assert "not valid" in _register(client, "a@example.com", invite=code).get_data(as_text=True)
    assert _users() == []


def test_open_registration_ignores_the_invite_field(client):
    assert "Invitation code" not in client.get("/register").get_data(as_text=True)
    assert _register(client, "a@example.com").status_code == 302


@pytest.mark.parametrize(
    ("text", "expected"),
    [("7d", timedelta(days=7)), ("12h", timedelta(hours=12)), ("30m", timedelta(minutes=30))],
)
def test_parse_duration(text, expected):
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "7", "0d", "7w", "-1d", "d7", "99999d"])
def test_parse_duration_refuses(text):
    with pytest.raises(ValueError):
        parse_duration(text)


def test_cli_invite_rejects_a_bad_duration(runner):
    result = runner.invoke(args=["invite", "--expires", "forever"])
    assert result.exit_code != 0 and "7d" in result.output


def test_unknown_registration_mode_refuses_to_start(tmp_path):
    with pytest.raises(RuntimeError, match="FLASK_REGISTRATION"):
        create_app(
            {
                "CONFIG_NAME": "testing",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db",
                "REGISTRATION": "invitation",
            }
        )
