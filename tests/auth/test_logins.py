"""Log-in records (docs/design.md §8): cookies carry only a random key, ids are never reused,
logging out ends this browser only, and the account page ends any or all browsers."""

from __future__ import annotations

import sqlalchemy as sa

from sleepapp.auth.models import LoginSession, User
from sleepapp.extensions import db
from tests.factories import DEFAULT_PASSWORD, make_user

SESSION, REMEMBER = "session", "remember_token"
ANDROID_CHROME = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/130.0 Mobile Safari/537.36"


def _log_in(app, email, password=DEFAULT_PASSWORD, remember=False):
    browser = app.test_client()
    data = {"email": email, "password": password}
    if remember:
        data["remember"] = "y"
    assert browser.post("/login", data=data).status_code == 302
    return browser


def _with_cookie(app, name, value):
    browser = app.test_client()
    browser.set_cookie(name, value)
    return browser


def _logged_in(browser) -> bool:
    return browser.get("/account").status_code == 200


def _export_email(browser) -> str | None:
    resp = browser.get("/account/export.json")
    return resp.get_json()["account"]["email"] if resp.status_code == 200 else None


def test_deleted_accounts_cookies_never_reach_the_next_person_to_register(app):
    """The probe's steps: V logs in on a second device with "keep me logged in", deletes
    the account on the first; W registers; the second device's old cookies read nothing."""
    make_user(email="first@example.com")
    v = make_user(email="v@example.com")
    v_id = v.id
    first = _log_in(app, "v@example.com")
    second = _log_in(app, "v@example.com", remember=True)
    session_cookie = second.get_cookie(SESSION).value
    remember_cookie = second.get_cookie(REMEMBER).value
    assert first.post("/account/delete", data={"password": DEFAULT_PASSWORD}).status_code == 302

    w = make_user(email="w@example.com")
    assert w.id > v_id  # never the deleted person's id, even though it was the highest
    for name, value in ((SESSION, session_cookie), (REMEMBER, remember_cookie)):
        replay = _with_cookie(app, name, value)
        assert _export_email(replay) is None
        assert not _logged_in(replay)


def test_cookies_hold_a_random_key_not_the_user_id(app, user):
    browser = _log_in(app, "sam@example.com", remember=True)
    record = db.session.scalar(sa.select(LoginSession).where(LoginSession.user_id == user.id))
    assert record is not None
    remember = browser.get_cookie(REMEMBER).value
    key = remember.split("|")[0]
    assert len(key) >= 40 and str(user.id) != key and f"{user.id}:" not in remember
    assert record.key_hash != key  # only the digest is stored


def test_logging_out_ends_this_browser_only(app):
    make_user(email="sam@example.com")
    desktop = _log_in(app, "sam@example.com")
    phone = _log_in(app, "sam@example.com", remember=True)
    desktop_session = desktop.get_cookie(SESSION).value
    assert desktop.post("/logout").status_code == 302
    assert not _logged_in(desktop)
    assert _logged_in(phone)  # the phone keeps its diary log-in
    assert not _logged_in(_with_cookie(app, SESSION, desktop_session))  # replay after logout
    phone_remember = phone.get_cookie(REMEMBER).value
    phone.post("/logout")
    assert not _logged_in(_with_cookie(app, REMEMBER, phone_remember))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LoginSession)) == 0


def test_account_page_lists_browsers_and_ends_one(app):
    sam = make_user(email="sam@example.com")
    make_user(email="kim@example.com")
    desktop = _log_in(app, "sam@example.com")
    phone = app.test_client()
    phone.post(
        "/login",
        data={"email": "sam@example.com", "password": DEFAULT_PASSWORD},
        headers={"User-Agent": ANDROID_CHROME},
    )
    kim = _log_in(app, "kim@example.com")
    page = desktop.get("/account").get_data(as_text=True)
    assert "Chrome on Android" in page and "(this browser)" in page
    phone_login = db.session.scalar(
        sa.select(LoginSession).where(
            LoginSession.user_id == sam.id, LoginSession.device == "Chrome on Android"
        )
    )
    # Another person cannot end it; the owner can.
    assert kim.post(f"/account/logins/{phone_login.id}/end").status_code == 404
    assert _logged_in(phone)
    assert desktop.post(f"/account/logins/{phone_login.id}/end").status_code == 302
    assert not _logged_in(phone)
    assert _logged_in(desktop) and _logged_in(kim)


def test_end_every_other_browser_keeps_this_one(app):
    make_user(email="sam@example.com")
    here, there, elsewhere = (_log_in(app, "sam@example.com") for _ in range(3))
    assert "Logged out 2 other browsers" in here.post(
        "/account/logins/end-others", follow_redirects=True
    ).get_data(as_text=True)
    assert _logged_in(here) and not _logged_in(there) and not _logged_in(elsewhere)


def test_ending_this_browser_from_the_list_logs_it_out(app):
    make_user(email="sam@example.com")
    here = _log_in(app, "sam@example.com")
    here.get("/account")
    record = db.session.scalar(sa.select(LoginSession))
    assert here.post(f"/account/logins/{record.id}/end").status_code == 302
    assert not _logged_in(here)


def test_ending_a_login_needs_the_csrf_token(app):
    make_user(email="sam@example.com")
    here = _log_in(app, "sam@example.com")
    record = db.session.scalar(sa.select(LoginSession))
    assert here.post(f"/account/logins/{record.id}/end", csrf=False).status_code == 400
    assert _logged_in(here)


def test_a_login_past_its_lifetime_ends(app):
    make_user(email="sam@example.com")
    browser = _log_in(app, "sam@example.com")
    record = db.session.scalar(sa.select(LoginSession))
    record.last_seen_at = record.last_seen_at - app.config["PERMANENT_SESSION_LIFETIME"] * 2
    db.session.commit()
    assert not _logged_in(browser)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LoginSession)) == 0


def test_user_ids_are_never_reused_after_deleting_the_newest(app):
    make_user(email="a@example.com")
    newest = make_user(email="b@example.com")
    newest_id = newest.id
    db.session.execute(sa.delete(User).where(User.id == newest_id))
    db.session.commit()
    assert make_user(email="c@example.com").id > newest_id
