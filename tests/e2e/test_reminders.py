"""The reminders page in Chromium on a 360 px phone: reached from the account page, choices
saved, the calendar address shown once and served, the notification button offered (never
asked for on arrival), accessible, and no sideways scrolling."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.pages import check_a11y, follow, no_horizontal_scroll

pytestmark = pytest.mark.e2e


def test_reminders_page_on_a_phone(page: Page, registered: str) -> None:
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto("/account")
    follow(page, page.get_by_role("link", name="Reminders"), "**/account/reminders")
    no_horizontal_scroll(page)
    check_a11y(page)
    # Notifications are offered with a button; nothing asks on arrival.
    expect(page.get_by_role("button", name="Turn on notifications in this browser")).to_be_visible()
    assert page.evaluate("Notification.permission") == "default"

    kind = page.locator("#kind-log_diary")
    kind.get_by_label("Remind me").check()
    kind.get_by_label("Minutes after your wake time").fill("45")
    follow(
        page,
        page.get_by_role("button", name="Save reminders"),
        "**/account/reminders",
        shows=page.get_by_text("Reminders saved."),
    )
    expect(page.locator("#kind-log_diary").get_by_label("Remind me")).to_be_checked()
    expect(page.locator("#kind-log_diary").get_by_label("Minutes after your wake time")).to_have_value("45")

    follow(
        page,
        page.get_by_role("button", name="Turn on the calendar feed"),
        "**/account/reminders/calendar",
    )
    address = page.get_by_label("Calendar address").input_value()
    no_horizontal_scroll(page)
    resp = page.request.get(address)
    assert resp.status == 200 and resp.headers["content-type"].startswith("text/calendar")
    assert "SUMMARY:Log last night" not in resp.text()  # no usual wake time and no window yet
    assert "BEGIN:VCALENDAR" in resp.text()


def test_a_push_message_shows_a_notification(page: Page, registered: str, base_url: str) -> None:
    """static/js/sw-push.js inside the site's service worker: a push (delivered by DevTools,
    as a push service would) becomes a notification with the message's title and text."""
    page.context.grant_permissions(["notifications"], origin=base_url)
    page.goto("/account/reminders")
    page.evaluate(
        "navigator.serviceWorker.register('/sw.js', {scope: '/'}).then(() => navigator.serviceWorker.ready)"
    )
    cdp = page.context.new_cdp_session(page)
    registrations: list[str] = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.extend(
            r["registrationId"] for r in event["registrations"] if not r.get("isDeleted")
        ),
    )
    cdp.send("ServiceWorker.enable")  # then reports the registrations the page already has
    deadline = time.monotonic() + 30
    while not registrations and time.monotonic() < deadline:
        page.evaluate("0")  # a round trip: Playwright delivers the DevTools events meanwhile
    assert registrations, "the service worker registered"
    message = '{"title": "Log last night", "body": "How did you sleep?", "url": "/diary/new", "tag": "t1"}'
    shown_text = """async () => {
        const list = await (await navigator.serviceWorker.ready).getNotifications();
        return list.length ? list[0].title + ' | ' + list[0].body + ' | ' + list[0].data.url : null;
    }"""
    shown = None
    deadline = time.monotonic() + 60
    while shown is None and time.monotonic() < deadline:
        # Send (again: the newest registration may still be settling under load), then look
        # for the notification over a few round trips before sending once more.
        cdp.send(
            "ServiceWorker.deliverPushMessage",
            {"origin": base_url, "registrationId": registrations[-1], "data": message},
        )
        for _ in range(50):
            shown = page.evaluate(shown_text)
            if shown is not None:
                break
    assert shown is not None, "no notification arrived"
    assert shown == f"Log last night | How did you sleep? | {base_url}/diary/new"
