"""Passkeys (docs/design.md §8.7), driven by a software authenticator (tests/auth/softauthn.py):
adding one, logging in with it instead of the password, requiring it after the password,
the lock-out rules, failure budgets, ownership and CSRF."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa

from sleepapp.auth import passkeys as passkey_service
from sleepapp.auth.models import LoginSession, Passkey, User
from sleepapp.auth.resets import create_reset
from sleepapp.extensions import db
from tests.auth.softauthn import SoftAuthenticator
from tests.factories import DEFAULT_PASSWORD, make_user

NEW = "a fresh long passphrase"


def jpost(client, url, body=None, *, csrf=True, **kw):
    headers = {"X-CSRFToken": client.csrf_token()} if csrf else {}
    return client.post(url, json=body if body is not None else {}, headers=headers, **kw)


def add_passkey(client, name="My phone", authenticator=None):
    options = jpost(client, "/account/passkeys/options", {"password": DEFAULT_PASSWORD})
    assert options.status_code == 200, options.get_data(as_text=True)
    authenticator = authenticator or SoftAuthenticator()
    resp = jpost(
        client, "/account/passkeys", {"credential": authenticator.create(options.get_json()), "name": name}
    )
    assert resp.status_code == 201, resp.get_data(as_text=True)
    return authenticator


def passkey_login(client, authenticator, email=None, **get_kw):
    options = jpost(client, "/login/passkey/options", {"email": email} if email else {})
    assert options.status_code == 200, options.get_data(as_text=True)
    return jpost(
        client, "/login/passkey/verify", {"credential": authenticator.get(options.get_json(), **get_kw)}
    )


def second_step(client, authenticator, **get_kw):
    options = jpost(client, "/login/second-step/options")
    assert options.status_code == 200, options.get_data(as_text=True)
    return jpost(
        client, "/login/second-step/verify", {"credential": authenticator.get(options.get_json(), **get_kw)}
    )


def fresh(model, key):
    """The row as the database has it now (requests run in their own sessions)."""
    db.session.expire_all()
    return db.session.get(model, key)


def logins_of(user) -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(LoginSession).where(LoginSession.user_id == user.id)
    )


def require(client, on=True, password=DEFAULT_PASSWORD):
    data = {"password": password}
    if on:
        data["required"] = "y"
    return client.post("/account/passkeys/required", data=data)


def test_add_a_passkey_then_log_in_with_it_instead_of_the_password(client, user, auth):
    options = jpost(client, "/account/passkeys/options", {"password": DEFAULT_PASSWORD}).get_json()
    assert options["rp"] == {"name": "Sleep diary", "id": "localhost"}
    assert options["user"]["name"] == "sam@example.com"
    assert "sam" not in options["user"]["id"]  # the user handle is not the address
    authenticator = SoftAuthenticator()
    resp = jpost(
        client, "/account/passkeys", {"credential": authenticator.create(options), "name": " Laptop  key "}
    )
    assert resp.status_code == 201
    page = client.get("/account").get_data(as_text=True)
    assert "Laptop key" in page and "never" in page

    auth.logout()
    assert client.get("/account").status_code == 302
    resp = passkey_login(client, authenticator)  # no email typed: a discoverable credential
    assert resp.status_code == 200 and resp.get_json()["redirect"] == "/"
    assert client.get("/account").status_code == 200
    passkey = db.session.scalar(sa.select(Passkey))
    assert passkey.sign_count == 1 and passkey.last_used_at is not None
    assert logins_of(user) == 1  # the earlier log-in ended at logout; this is the passkey's


def test_email_first_offers_only_that_accounts_passkeys_and_a_decoy_for_others(client, user, auth):
    authenticator = add_passkey(client)
    auth.logout()
    mine = jpost(client, "/login/passkey/options", {"email": "SAM@example.com"}).get_json()
    assert [c["id"] for c in mine["allowCredentials"]] == [authenticator.id]
    assert mine["userVerification"] == "required"
    unknown = jpost(client, "/login/passkey/options", {"email": "nobody@example.com"}).get_json()
    again = jpost(client, "/login/passkey/options", {"email": "nobody@example.com"}).get_json()
    assert len(unknown["allowCredentials"]) == 1  # looks like an account with one passkey
    assert unknown["allowCredentials"] == again["allowCredentials"]
    # A passkey of another account does not log in after someone else's address.
    make_user(email="kim@example.com")
    assert passkey_login(client, authenticator, email="kim@example.com").status_code == 400
    assert passkey_login(client, authenticator, email="sam@example.com").status_code == 200


def test_adding_a_passkey_needs_the_current_password(client, user):
    resp = jpost(client, "/account/passkeys/options", {"password": "not my password"})
    assert resp.status_code == 403
    # Without options (so without a challenge) nothing can be added.
    resp = jpost(
        client,
        "/account/passkeys",
        {"credential": SoftAuthenticator().create({"challenge": "AAAA", "user": {"id": "MQ"}})},
    )
    assert resp.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Passkey)) == 0


def test_registration_challenges_are_single_use_and_checked(client, user):
    options = jpost(client, "/account/passkeys/options", {"password": DEFAULT_PASSWORD}).get_json()
    authenticator = SoftAuthenticator()
    wrong_origin = authenticator.create(options, origin="https://evil.example")
    assert jpost(client, "/account/passkeys", {"credential": wrong_origin}).status_code == 400
    # The failed answer used the challenge up: the right answer to it is refused now.
    assert (
        jpost(client, "/account/passkeys", {"credential": authenticator.create(options)}).status_code == 400
    )
    options = jpost(client, "/account/passkeys/options", {"password": DEFAULT_PASSWORD}).get_json()
    wrong_rp = authenticator.create(options, rp_id="evil.example")
    assert jpost(client, "/account/passkeys", {"credential": wrong_rp}).status_code == 400
    for junk in (None, "x", [1], {"id": "AA", "response": {}}):
        options = jpost(client, "/account/passkeys/options", {"password": DEFAULT_PASSWORD})
        assert jpost(client, "/account/passkeys", {"credential": junk}).status_code == 400
    # The same authenticator cannot be added twice.
    add_passkey(client, authenticator=authenticator)
    options = jpost(client, "/account/passkeys/options", {"password": DEFAULT_PASSWORD}).get_json()
    assert [c["id"] for c in options["excludeCredentials"]] == [authenticator.id]
    assert (
        jpost(client, "/account/passkeys", {"credential": authenticator.create(options)}).status_code == 409
    )


def test_log_in_challenges_are_single_use_and_expire(client, user, auth, monkeypatch):
    authenticator = add_passkey(client)
    auth.logout()
    options = jpost(client, "/login/passkey/options").get_json()
    answer = authenticator.get(options)
    assert jpost(client, "/login/passkey/verify", {"credential": answer}).status_code == 200
    auth.logout()
    assert jpost(client, "/login/passkey/verify", {"credential": answer}).status_code == 400  # replayed

    options = jpost(client, "/login/passkey/options").get_json()
    later = time.time() + passkey_service.CEREMONY_SECONDS + 1
    monkeypatch.setattr(passkey_service.time, "time", lambda: later)
    resp = jpost(client, "/login/passkey/verify", {"credential": authenticator.get(options)})
    assert resp.status_code == 400 and "too long" in resp.get_json()["message"]


def test_passkey_log_in_refuses_forgeries(client, user, auth):
    authenticator = add_passkey(client)
    auth.logout()
    assert passkey_login(client, authenticator, bad_signature=True).status_code == 400
    assert passkey_login(client, authenticator, origin="http://evil.example").status_code == 400
    assert passkey_login(client, authenticator, rp_id="evil.example").status_code == 400
    # A passkey alone must verify the person (PIN, fingerprint), not only their presence.
    assert passkey_login(client, authenticator, user_verified=False).status_code == 400
    # A cloned authenticator shows up as a counter that does not go up.
    assert passkey_login(client, authenticator).status_code == 200
    auth.logout()
    assert passkey_login(client, authenticator, count_up=False).status_code == 400
    stranger = SoftAuthenticator()
    stranger.user_handle = authenticator.user_handle
    assert passkey_login(client, stranger).status_code == 400
    assert client.get("/account").status_code == 302


def test_a_password_needs_the_passkey_next_when_required(client, user, auth):
    authenticator = add_passkey(client)
    assert require(client).status_code == 302
    assert fresh(User, user.id).passkey_required
    auth.logout()

    resp = client.post(
        "/login?next=/diary", data={"email": "sam@example.com", "password": DEFAULT_PASSWORD, "remember": "y"}
    )
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/login/second-step")
    # The password alone created no log-in record and logs in nowhere.
    assert logins_of(user) == 0
    assert client.get("/account").status_code == 302
    assert client.get("/login/second-step").status_code == 200
    resp = second_step(client, authenticator, user_verified=False)  # presence is enough here
    assert resp.status_code == 200 and resp.get_json()["redirect"] == "/diary"
    assert client.get("/account").status_code == 200
    (record,) = db.session.scalars(sa.select(LoginSession).where(LoginSession.user_id == user.id))
    assert record.remember


def test_the_second_step_takes_only_the_persons_own_passkey(app, client, user, auth):
    mine = add_passkey(client)
    require(client)
    kim = make_user(email="kim@example.com")
    other = app.test_client()
    other.post("/login", data={"email": "kim@example.com", "password": DEFAULT_PASSWORD})
    theirs = add_passkey(other)
    auth.logout()
    auth.login()
    assert second_step(client, theirs).status_code == 400
    assert logins_of(user) == 0 and logins_of(kim) == 1
    assert second_step(client, mine).status_code == 200


def test_the_second_step_waits_five_minutes_and_ends_with_a_password_change(client, user, auth, monkeypatch):
    authenticator = add_passkey(client)
    require(client)
    auth.logout()
    auth.login()
    later = time.time() + passkey_service.CEREMONY_SECONDS + 1
    with monkeypatch.context() as m:
        m.setattr(passkey_service.time, "time", lambda: later)
        assert client.get("/login/second-step").status_code == 302
        assert jpost(client, "/login/second-step/options").status_code == 409
    auth.login()
    options = jpost(client, "/login/second-step/options").get_json()
    person = fresh(User, user.id)
    person.password_hash = person.password_hash + "x"  # changed elsewhere meanwhile
    db.session.commit()
    resp = jpost(client, "/login/second-step/verify", {"credential": authenticator.get(options)})
    assert resp.status_code == 409 and logins_of(user) == 0


def test_cancel_the_second_step(client, user, auth):
    add_passkey(client)
    require(client)
    auth.logout()
    auth.login()
    assert client.post("/login/second-step/cancel").status_code == 302
    assert client.get("/login/second-step").status_code == 302


def test_failed_passkey_answers_count_against_the_log_in_budget(app, client, user, auth):
    app.config["AUTH_FAILURES_PER_ACCOUNT"] = "3 per 15 minutes"
    authenticator = add_passkey(client)
    require(client)
    auth.logout()
    auth.login()
    for _ in range(3):
        assert second_step(client, authenticator, bad_signature=True).status_code == 400
    assert second_step(client, authenticator).status_code == 429
    assert auth.login().status_code == 429  # the password page shares the account's budget


def test_passkey_failures_count_per_address(app, client, user, auth):
    app.config["AUTH_FAILURES_PER_ADDRESS"] = "2 per 15 minutes"
    authenticator = add_passkey(client)
    auth.logout()
    for _ in range(2):
        assert passkey_login(client, authenticator, bad_signature=True).status_code == 400
    assert passkey_login(client, authenticator).status_code == 429


def test_a_success_clears_the_accounts_failures(app, client, user, auth):
    app.config["AUTH_FAILURES_PER_ACCOUNT"] = "3 per 15 minutes"
    authenticator = add_passkey(client)
    require(client)
    auth.logout()
    auth.login()
    for _ in range(2):
        second_step(client, authenticator, bad_signature=True)
    assert second_step(client, authenticator).status_code == 200
    auth.logout()
    auth.login()
    for _ in range(2):
        assert second_step(client, authenticator, bad_signature=True).status_code == 400


def test_one_way_in_always_stays(client, user):
    assert require(client).status_code == 302  # no passkey yet: refused
    assert not fresh(User, user.id).passkey_required
    add_passkey(client)
    assert require(client, password="wrong password").status_code == 302
    assert not fresh(User, user.id).passkey_required
    require(client)
    assert fresh(User, user.id).passkey_required
    (only,) = db.session.scalars(sa.select(Passkey))
    page = client.get("/account").get_data(as_text=True)
    assert f"/account/passkeys/{only.id}/remove" not in page and "turn that off" in page
    client.post(f"/account/passkeys/{only.id}/remove")
    assert fresh(Passkey, only.id) is not None  # the last one stays while required
    second = add_passkey(client, name="Spare key")
    client.post(f"/account/passkeys/{only.id}/remove")
    assert fresh(Passkey, only.id) is None  # another one is left
    (spare,) = db.session.scalars(sa.select(Passkey))
    client.post(f"/account/passkeys/{spare.id}/remove")
    assert fresh(Passkey, spare.id) is not None
    require(client, on=False)
    client.post(f"/account/passkeys/{spare.id}/remove")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Passkey)) == 0
    assert second is not None


def test_no_passkeys_left_means_the_password_alone_logs_in(client, user, auth):
    """Even if the requirement were left on with nothing to answer it, the password works."""
    add_passkey(client)
    require(client)
    db.session.execute(sa.delete(Passkey))
    db.session.commit()
    auth.logout()
    resp = auth.login()
    assert resp.status_code == 302 and resp.headers["Location"] == "/"


def test_another_persons_passkeys_are_404(app, client, user):
    other = app.test_client()
    make_user(email="kim@example.com")
    other.post("/login", data={"email": "kim@example.com", "password": DEFAULT_PASSWORD})
    add_passkey(other, name="Kim's phone")
    (theirs,) = db.session.scalars(sa.select(Passkey))
    assert client.post(f"/account/passkeys/{theirs.id}/remove").status_code == 404
    assert client.post(f"/account/passkeys/{theirs.id}/rename", data={"name": "mine now"}).status_code == 404
    db.session.refresh(theirs)
    assert theirs.name == "Kim's phone"
    assert "Kim" not in client.get("/account").get_data(as_text=True)


def test_rename_a_passkey(client, user):
    add_passkey(client)
    (passkey,) = db.session.scalars(sa.select(Passkey))
    client.post(f"/account/passkeys/{passkey.id}/rename", data={"name": "  Work   laptop "})
    db.session.refresh(passkey)
    assert passkey.name == "Work laptop"
    client.post(f"/account/passkeys/{passkey.id}/rename", data={"name": "x" * 81})
    db.session.refresh(passkey)
    assert passkey.name == "Work laptop"


@pytest.mark.parametrize(
    "url",
    [
        "/account/passkeys/options",
        "/account/passkeys",
        "/login/passkey/options",
        "/login/passkey/verify",
        "/login/second-step/options",
        "/login/second-step/verify",
    ],
)
def test_json_endpoints_need_the_csrf_header(client, user, url):
    resp = jpost(client, url, {"password": DEFAULT_PASSWORD}, csrf=False)
    assert resp.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Passkey)) == 0


def test_forms_need_the_csrf_token(client, user):
    add_passkey(client)
    (passkey,) = db.session.scalars(sa.select(Passkey))
    assert client.post(f"/account/passkeys/{passkey.id}/remove", csrf=False).status_code == 400
    assert (
        client.post(f"/account/passkeys/{passkey.id}/rename", data={"name": "x"}, csrf=False).status_code
        == 400
    )
    resp = client.post(
        "/account/passkeys/required", data={"required": "y", "password": DEFAULT_PASSWORD}, csrf=False
    )
    assert resp.status_code == 400
    assert fresh(Passkey, passkey.id) is not None
    assert not fresh(User, user.id).passkey_required


def test_changing_the_password_keeps_passkeys_and_the_requirement(client, user, auth):
    authenticator = add_passkey(client)
    require(client)
    resp = client.post(
        "/account/password", data={"current_password": DEFAULT_PASSWORD, "new_password": NEW, "confirm": NEW}
    )
    assert resp.status_code == 302
    assert fresh(User, user.id).passkey_required
    auth.logout()
    assert auth.login(password=NEW).headers["Location"].endswith("/login/second-step")
    assert second_step(client, authenticator).status_code == 200


def test_a_reset_link_keeps_passkeys_and_turns_the_requirement_off(client, user, auth):
    authenticator = add_passkey(client)
    require(client)
    auth.logout()
    secret = create_reset(fresh(User, user.id))
    assert client.post(f"/reset/{secret}", data={"password": NEW, "confirm": NEW}).status_code == 302
    assert not fresh(User, user.id).passkey_required
    assert auth.login(password=NEW).headers["Location"] == "/"  # no second step any more
    auth.logout()
    assert passkey_login(client, authenticator).status_code == 200  # the passkey still works


def test_deleting_the_account_deletes_its_passkeys(client, user):
    add_passkey(client)
    assert client.post("/account/delete", data={"password": DEFAULT_PASSWORD}).status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Passkey)) == 0


def test_rp_id_and_origin_follow_the_request_or_the_settings(app, client, user):
    with app.test_request_context("/", base_url="http://Diary.Example:8443"):
        assert passkey_service.rp_id() == "diary.example"
        assert passkey_service.expected_origin() == "http://diary.example:8443"
    with app.test_request_context("/", base_url="http://[::1]:8000"):
        assert passkey_service.rp_id() == "::1"
    app.config.update(WEBAUTHN_RP_ID="example.org", WEBAUTHN_ORIGIN="https://sleep.example.org/")
    options = jpost(client, "/account/passkeys/options", {"password": DEFAULT_PASSWORD}).get_json()
    assert options["rp"]["id"] == "example.org"
    authenticator = SoftAuthenticator(rp_id="example.org", origin="https://sleep.example.org")
    resp = jpost(client, "/account/passkeys", {"credential": authenticator.create(options)})
    assert resp.status_code == 201


def test_pages_show_the_passkey_parts(client, user, auth):
    page = client.get("/account").get_data(as_text=True)
    assert 'id="passkeys"' in page and "js/passkeys.js" in page and "No passkeys yet" in page
    assert "Require a passkey after my password" not in page  # nothing to require yet
    add_passkey(client)
    assert "Require a passkey after my password" in client.get("/account").get_data(as_text=True)
    auth.logout()
    login = client.get("/login").get_data(as_text=True)
    assert "Use a passkey instead" in login and "js/passkeys.js" in login
