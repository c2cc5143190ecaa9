"""The programme in a real browser on a phone: tick habits (with and without JavaScript),
start a sleep window through the safety screen, axe on every page, screenshots."""

from __future__ import annotations

import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tests.e2e.pages import (
    PASSWORD,
    PHONE,
    ROOT,
    check_a11y,
    follow,
    no_horizontal_scroll,
    register,
    screenshot,
)

SEED_PROGRAMME = """
import sys
from datetime import datetime
from sleepapp import create_app
from sleepapp.auth.service import find_user_by_email
from sleepapp.program.demo import seed_programme
app = create_app("production")
with app.app_context():
    user = find_user_by_email(sys.argv[1])
    seed_programme(user, datetime.now(user.zone).date())
"""


def seed_diary(live_server, email: str, nights: int = 35) -> None:  # type: ignore[no-untyped-def]
    live_server.flask(
        "seed-demo", "--email", email, "--password", PASSWORD, "--nights", str(nights), "--no-programme"
    )


def seed_programme(live_server, email: str) -> None:  # type: ignore[no-untyped-def]
    subprocess.run(
        [sys.executable, "-c", SEED_PROGRAMME, email],
        cwd=ROOT,
        env=live_server.env,
        check=True,
        capture_output=True,
        text=True,
    )


def test_choose_and_tick_habits_on_a_phone(page, live_server, new_email) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size(PHONE)
    register(page, new_email)
    seed_diary(live_server, new_email)
    page.goto("/program")
    check_a11y(page)
    follow(page, page.get_by_role("link", name="Choose your habits"), "**/program/habits")
    no_horizontal_scroll(page)
    check_a11y(page)
    # Bootzin's five rules come pre-ticked as an unsaved suggestion; tick one hygiene
    # habit and add an own habit in the same post: the tick is not lost
    expect(page.get_by_text("Nothing is saved yet.")).to_be_visible()
    expect(page.get_by_label("No napping")).to_be_checked()
    page.get_by_label("No caffeine after lunch").check()
    page.get_by_role("textbox", name="Your own habit").fill("Morning walk in daylight")
    follow(page, page.get_by_role("button", name="Add habit"), "**/program/habits#own-title")
    expect(page.get_by_text("Your habits are saved. Added “Morning walk in daylight”.")).to_be_visible()
    expect(page.get_by_label("No caffeine after lunch")).to_be_checked()
    follow(page, page.get_by_role("button", name="Save my habits"), "**/program")

    tick = page.get_by_role("button", name="No napping")
    assert tick.get_attribute("aria-pressed") == "false"
    tick.click()  # one tap, saved by program.js without a reload
    expect(tick).to_have_attribute("aria-pressed", "true")
    # the figures were worked out at page load: the page says they update on reload
    expect(page.get_by_text("they are updated when you reload")).to_be_visible()
    page.get_by_role("button", name="Morning walk in daylight").click()
    expect(page.locator('button.tick[aria-pressed="true"]')).to_have_count(2)
    page.reload()  # the server kept both
    assert page.locator('button.tick[aria-pressed="true"]').count() == 2
    assert page.get_by_role("row", name="No napping").is_visible()
    no_horizontal_scroll(page)
    check_a11y(page)
    # yesterday, from the day navigation
    follow(
        page,
        page.get_by_role("navigation", name="Checklist day").get_by_role("link").first,
        "**/program?day=*",
    )
    page.get_by_role("button", name="Go to bed only when sleepy").click()
    expect(page.get_by_role("button", name="Go to bed only when sleepy")).to_have_attribute(
        "aria-pressed", "true"
    )


def test_ticks_work_without_javascript(browser, live_server, new_email) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    try:
        register(page, new_email)
        page.goto("/program/habits")
        follow(page, page.get_by_role("button", name="Save my habits"), "**/program")
        follow(page, page.get_by_role("button", name="No napping"), "**/program#habit-*")
        expect(page.get_by_role("button", name="No napping")).to_have_attribute("aria-pressed", "true")
        # and off again: the page reloads at the same address, so wait for the untick
        unticked = page.get_by_role("button", name="No napping", pressed=False)
        follow(page, page.get_by_role("button", name="No napping"), "**/program#habit-*", shows=unticked)
        expect(page.get_by_role("button", name="No napping")).to_have_attribute("aria-pressed", "false")
    finally:
        context.close()


def test_start_a_sleep_window(page, live_server, new_email) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size(PHONE)
    register(page, new_email)
    seed_diary(live_server, new_email)
    page.goto("/program")
    follow(page, page.get_by_role("link", name="Start a sleep window"), "**/program/window/start")
    expect(page.get_by_text("Never drive or use machinery when you feel drowsy.")).to_be_visible()
    no_horizontal_scroll(page)
    check_a11y(page)
    for group in page.locator("fieldset.question").all():
        group.get_by_label("No", exact=True).check()
    follow(
        page,
        page.get_by_role("button", name="Continue"),
        "**/program/window/start",
        shows=page.get_by_text("Step 2 of 2"),
    )
    no_horizontal_scroll(page)
    check_a11y(page)
    page.get_by_label("Wake time, every day").fill("06:30")
    follow(page, page.get_by_role("button", name="Set my sleep window"), "**/program/window")
    expect(page.get_by_text("In bed no earlier than").first).to_be_visible()
    expect(page.get_by_text("up at 06:30 every day").first).to_be_visible()
    no_horizontal_scroll(page)
    check_a11y(page)


def test_a_yes_on_the_screen_refuses(page, new_email) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size(PHONE)
    register(page, new_email)
    page.goto("/program/window/start")
    groups = page.locator("fieldset.question").all()
    for group in groups:
        group.get_by_label("No", exact=True).check()
    groups[1].get_by_label("Yes", exact=True).check()  # epilepsy
    refused = page.get_by_role("heading", name="A sleep window is not safe to start on your own")
    follow(page, page.get_by_role("button", name="Continue"), "**/program/window/start", shows=refused)
    expect(refused).to_be_visible()
    # A panel about the screen, with the doctor report, not the medicine panel.
    expect(page.locator(".screen-referral")).to_be_visible()
    expect(page.get_by_role("link", name="Open the report for your doctor")).to_be_visible()
    expect(page.locator(".doctor-referral")).to_have_count(0)
    check_a11y(page)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_programme_screenshots(page, live_server, new_email, scheme, screenshot_dir) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size(PHONE)
    page.emulate_media(color_scheme=scheme)
    register(page, new_email)
    seed_diary(live_server, new_email)
    seed_programme(live_server, new_email)
    page.goto("/program")
    no_horizontal_scroll(page)
    check_a11y(page)
    screenshot(page, screenshot_dir, f"program-phone-{scheme}")
    page.goto("/program/window")
    no_horizontal_scroll(page)
    check_a11y(page)
    screenshot(page, screenshot_dir, f"program-window-phone-{scheme}")
