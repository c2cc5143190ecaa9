import pytest
import sqlalchemy as sa

from sleepapp.auth.models import User
from sleepapp.extensions import db
from tests.factories import DEFAULT_PASSWORD, make_user


def test_register_logs_in_and_shows_nav(client, auth):
    resp = auth.register("New@Example.com")
    assert resp.status_code == 302
    home = client.get("/").get_data(as_text=True)
    for label in ("Diary", "Programme", "Guide", "Account", "Log out"):
        assert label in home
    user = db.session.scalar(sa.select(User))
    assert user.email == "new@example.com"
    assert user.timezone == "Europe/London"


def test_password_is_hashed_with_argon2id(app, auth):
    auth.register()
    user = db.session.scalar(sa.select(User))
    assert user.password_hash.startswith("$argon2id$")
    assert "correct horse" not in user.password_hash


def test_emails_are_unique_case_insensitively(client, auth):
    make_user(email="sam@example.com")
    resp = auth.register("SAM@Example.COM")
    assert resp.status_code == 200
    assert "already exists" in resp.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short", "at least 8 characters"),
        ("password123", "too common"),
        ("iloveyou", "too common"),
        ("x" * 257, "at most 256"),
    ],
)
def test_password_rules(client, auth, password, message):
    resp = auth.register(password=password)
    assert resp.status_code == 200
    assert message in resp.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


@pytest.mark.parametrize(
    "password", ["ä" * 8, "correct horse battery staple", "Tr0ub4dor&3 but longer", "y" * 128]
)
def test_any_characters_and_long_passwords_are_accepted(client, auth, password):
    assert auth.register(password=password).status_code == 302


def test_mismatched_confirmation(client):
    resp = client.post(
        "/register",
        data={
            "email": "a@example.com",
            "password": "long enough pass",
            "confirm": "something else",
            "timezone": "UTC",
        },
    )
    assert "The two passwords differ." in resp.get_data(as_text=True)


def test_unknown_timezone_rejected(client, auth):
    resp = auth.register(timezone="Mars/Olympus")
    assert resp.status_code == 200
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_register_page_recommends_long_passwords(client):
    page = client.get("/register").get_data(as_text=True)
    assert "15 or more" in page
    assert 'name="confirm"' in page


def test_password_never_logged(client, auth, caplog):
    caplog.set_level("DEBUG")
    auth.register(password="a very secret phrase")
    auth.login(password="a very secret phrase")
    assert "a very secret phrase" not in caplog.text


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("sam@example.com", "SAM@EXAMPLE.COM"),
        ("sam@example.com", "ｓａｍ@ｅｘａｍｐｌｅ.ｃｏｍ"),  # full-width letters (NFKC)
        ("strasse@example.com", "STRASSE@example.com"),
        ("straße@example.com", "STRASSE@example.com"),  # case folding: ß folds to ss
    ],
)
def test_two_spellings_of_one_address_are_one_account(client, auth, first, second):
    assert auth.register(email=first).status_code == 302
    auth.logout()
    resp = auth.register(email=second)
    assert resp.status_code == 200 and "already exists" in resp.get_data(as_text=True)
    assert auth.login(email=second).status_code == 302


def _register_with(client, headers=None, **extra):
    data = {
        "email": "kim@example.com",
        "password": DEFAULT_PASSWORD,
        "confirm": DEFAULT_PASSWORD,
        "timezone": "UTC",
        **extra,
    }
    return client.post("/register", data=data, headers=headers or {})


def test_register_page_asks_the_browser_for_its_clock(client):
    page = client.get("/register").get_data(as_text=True)
    assert 'name="clock_hours" type="hidden"' in page or 'type="hidden" name="clock_hours"' in page
    assert "js/clock.js" in page


@pytest.mark.parametrize(
    ("accept_language", "hours"),
    [("en-US,en;q=0.9", 12), ("de-DE,de;q=0.9,en;q=0.5", 24), ("fr;q=0.4,hi-IN", 12), ("", 24)],
)
def test_without_javascript_the_clock_comes_from_accept_language(client, accept_language, hours):
    resp = _register_with(client, headers={"Accept-Language": accept_language} if accept_language else None)
    assert resp.status_code == 302
    assert db.session.scalar(sa.select(User.clock_hours)) == hours


@pytest.mark.parametrize(("sent", "hours"), [("24", 24), ("12", 12), ("13", 12), ("twelve", 12)])
def test_the_browsers_own_answer_wins_when_it_is_one(client, sent, hours):
    """static/js/clock.js fills clock_hours from Intl; anything but 12 or 24 is ignored and
    the header decides (here en-US: 12)."""
    resp = _register_with(client, headers={"Accept-Language": "en-US"}, clock_hours=sent)
    assert resp.status_code == 302
    assert db.session.scalar(sa.select(User.clock_hours)) == hours
