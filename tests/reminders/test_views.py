"""The reminders page and the notification endpoints: choices saved per kind, refused
with a message when out of range, CSRF everywhere, and subscriptions owned by a person."""

from __future__ import annotations

import sqlalchemy as sa

from sleepapp.extensions import db
from sleepapp.reminders import service
from sleepapp.reminders.models import PushSubscription
from sleepapp.reminders.rules import Kind
from tests.factories import make_user
from tests.reminders.conftest import post_json

SUB = {
    "endpoint": "https://push.example.net/send/abc",
    "keys": {
        "p256dh": "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM",
        "auth": "tBHItJI5svbpez7KI4CCXg",
    },
}


def test_the_page_needs_a_log_in(client) -> None:  # type: ignore[no-untyped-def]
    resp = client.get("/account/reminders")
    assert resp.status_code == 302 and "/login" in resp.headers["Location"]


def test_the_account_page_links_to_reminders(client, user) -> None:  # type: ignore[no-untyped-def]
    assert 'href="/account/reminders"' in client.get("/account").get_data(as_text=True)


def test_the_page_lists_every_kind_off(client, user) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/account/reminders").get_data(as_text=True)
    for label in (
        "Log last night",
        "Start winding down",
        "Bedtime",
        "Wake time",
        "Last caffeine",
        "Worry time",
        "Weekly sleep-window review",
    ):
        assert f"<legend>{label}</legend>" in page
    assert "Comes with the course" in page
    assert "checked" not in page
    assert 'data-public-key="B' in page  # the VAPID public key: an uncompressed P-256 point


def test_saving_choices(client, user) -> None:  # type: ignore[no-untyped-def]
    resp = client.post(
        "/account/reminders",
        data={"log_diary_on": "y", "log_diary_minutes": "45", "wind_down_on": "y", "caffeine_minutes": "300"},
    )
    assert resp.status_code == 302
    saved = service.load_settings(user)
    assert saved[Kind.LOG_DIARY].enabled and saved[Kind.LOG_DIARY].minutes == 45
    assert saved[Kind.WIND_DOWN].enabled and saved[Kind.WIND_DOWN].minutes == 30  # default kept
    assert not saved[Kind.CAFFEINE].enabled and saved[Kind.CAFFEINE].minutes == 300
    assert not saved[Kind.WORRY_TIME].enabled
    page = client.get("/account/reminders").get_data(as_text=True)
    assert 'id="log_diary_on" name="log_diary_on" type="checkbox" value="y"' in page
    assert 'value="45"' in page
    # Turning one off keeps the others.
    client.post("/account/reminders", data={"wind_down_on": "y", "log_diary_minutes": "45"})
    saved = service.load_settings(user)
    assert not saved[Kind.LOG_DIARY].enabled and saved[Kind.WIND_DOWN].enabled


def test_minutes_out_of_range_are_refused_with_a_message(client, user) -> None:  # type: ignore[no-untyped-def]
    resp = client.post("/account/reminders", data={"caffeine_on": "y", "caffeine_minutes": "30"})
    assert resp.status_code == 422
    assert "Choose between 240 and 720 minutes." in resp.get_data(as_text=True)
    resp = client.post("/account/reminders", data={"log_diary_on": "y", "log_diary_minutes": "soon"})
    assert resp.status_code == 422
    assert not service.load_settings(user)[Kind.LOG_DIARY].enabled


def test_the_settings_form_needs_its_csrf_token(client, user) -> None:  # type: ignore[no-untyped-def]
    resp = client.post("/account/reminders", data={"log_diary_on": "y"}, csrf=False)
    assert resp.status_code == 400
    assert not service.load_settings(user)[Kind.LOG_DIARY].enabled


def test_subscribe_and_unsubscribe_this_browser(client, user) -> None:  # type: ignore[no-untyped-def]
    resp = post_json(client, "/account/reminders/push/subscribe", SUB)
    assert resp.status_code == 201 and resp.get_json()["browsers"] == 1
    again = post_json(client, "/account/reminders/push/subscribe", SUB)  # same browser: updated
    assert again.status_code == 201 and again.get_json()["browsers"] == 1
    resp = post_json(client, "/account/reminders/push/unsubscribe", {"endpoint": SUB["endpoint"]})
    assert resp.get_json() == {"removed": True, "browsers": 0}


def test_subscribing_needs_the_csrf_header(client, user) -> None:  # type: ignore[no-untyped-def]
    resp = post_json(client, "/account/reminders/push/subscribe", SUB, csrf=False)
    assert resp.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PushSubscription)) == 0


def test_a_bad_subscription_is_a_clear_4xx(client, user) -> None:  # type: ignore[no-untyped-def]
    resp = post_json(client, "/account/reminders/push/subscribe", {"endpoint": "ftp://x", "keys": {}})
    assert resp.status_code == 422 and "endpoint" in resp.get_json()["fields"]
    resp = post_json(client, "/account/reminders/push/subscribe", {"endpoint": SUB["endpoint"]})
    assert resp.status_code == 422 and "keys" in resp.get_json()["fields"]
    resp = post_json(client, "/account/reminders/push/subscribe", ["not", "an", "object"])
    assert resp.status_code == 400


def test_unsubscribe_touches_only_ones_own_browsers(client, user) -> None:  # type: ignore[no-untyped-def]
    other = make_user(email="robin@example.com")
    service.subscribe(other, SUB)
    resp = post_json(client, "/account/reminders/push/unsubscribe", {"endpoint": SUB["endpoint"]})
    assert resp.get_json()["removed"] is False
    assert len(service.subscriptions(other)) == 1


def test_a_browser_belongs_to_whoever_subscribed_it_last(client, user) -> None:  # type: ignore[no-untyped-def]
    other = make_user(email="robin@example.com")
    service.subscribe(other, SUB)
    assert post_json(client, "/account/reminders/push/subscribe", SUB).status_code == 201
    assert service.subscriptions(other) == [] and len(service.subscriptions(user)) == 1


def test_keys_that_cannot_encrypt_are_refused(client, user) -> None:  # type: ignore[no-untyped-def]
    bad_point = {**SUB, "keys": {**SUB["keys"], "p256dh": "BA" + "A" * 85}}  # not on the curve
    short_auth = {**SUB, "keys": {**SUB["keys"], "auth": "c2hvcnQ"}}
    for body in (bad_point, short_auth):
        resp = post_json(client, "/account/reminders/push/subscribe", body)
        assert resp.status_code == 422 and "keys" in resp.get_json()["fields"]
    assert service.subscriptions(user) == []


def test_deleting_the_account_deletes_its_reminders(client, user) -> None:  # type: ignore[no-untyped-def]
    from sleepapp.auth.service import delete_account
    from sleepapp.reminders.models import CalendarFeed, ReminderSetting

    service.save_settings(user, {Kind.LOG_DIARY: (True, 30)})
    service.start_calendar_feed(user)
    service.subscribe(user, SUB)
    delete_account(user, user.test_password)
    for model in (ReminderSetting, CalendarFeed, PushSubscription):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(model)) == 0


def test_the_page_names_the_window_it_follows(client, user) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from tests.reminders.conftest import add_window

    before = client.get("/account/reminders").get_data(as_text=True)
    assert "Starts with your sleep window." in before
    add_window(user, date(2026, 3, 20), wake="06:30", minutes=420)
    after = client.get("/account/reminders").get_data(as_text=True)
    assert "wake time 06:30, bedtime 23:30" in after
    assert "Starts with your sleep window." not in after


def test_a_bad_vapid_key_hides_the_button_but_not_the_page(app, client, user) -> None:  # type: ignore[no-untyped-def]
    app.config["VAPID_PUBLIC_KEY"] = "BAnotthematchingkey"
    resp = client.get("/account/reminders")
    assert resp.status_code == 200
    page = resp.get_data(as_text=True)
    assert 'id="push"' not in page and "Notifications are not set up on this server" in page
