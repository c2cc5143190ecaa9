"""A person registers, logs in and out in a real browser; pages pass axe on a phone."""

import pytest
from playwright.sync_api import expect

from tests.e2e.pages import PHONE, check_a11y, follow, login_page, no_horizontal_scroll, register, screenshot


def test_register_login_logout(page, new_email):
    register(page, new_email)
    nav = page.get_by_role("navigation", name="Main")
    for name in ("Diary", "Programme", "Guide", "Account"):
        expect(nav.get_by_role("link", name=name)).to_be_visible()
    logged_out = page.get_by_text("You have logged out of this browser.")
    follow(page, page.get_by_role("button", name="Log out"), "**/", shows=logged_out)
    expect(logged_out).to_be_visible()
    page.goto("/account")
    assert "/login" in page.url
    login_page(page, new_email)
    page.goto("/account")
    expect(page.get_by_text(new_email)).to_be_visible()


def test_wrong_password_message(page, new_email):
    register(page, new_email)
    follow(
        page,
        page.get_by_role("button", name="Log out"),
        "**/",
        shows=page.get_by_text("You have logged out of this browser."),
    )
    page.goto("/login")
    page.get_by_label("Email").fill(new_email)
    page.get_by_label("Password").fill("not my password at all")
    incorrect = page.get_by_text("Email or password is incorrect.")
    follow(page, page.get_by_role("button", name="Log in"), "**/login", shows=incorrect)
    expect(incorrect).to_be_visible()


def test_keyboard_reaches_the_nav_with_visible_focus(page):
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_home_on_a_phone(page, new_email, scheme, screenshot_dir):
    page.set_viewport_size(PHONE)
    page.emulate_media(color_scheme=scheme)
    for path in ("/", "/login", "/register"):
        page.goto(path)
        no_horizontal_scroll(page)
        check_a11y(page)
    register(page, new_email)
    no_horizontal_scroll(page)
    check_a11y(page)
    bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert (bg == "rgb(18, 19, 26)") == (scheme == "dark")
    screenshot(page, screenshot_dir, f"home-phone-{scheme}")
    page.goto("/account")
    no_horizontal_scroll(page)
    check_a11y(page)


def test_csp_blocks_nothing_of_ours(page, new_email):
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    register(page, new_email)
    page.goto("/account")
    assert not [e for e in errors if "Content Security Policy" in e]


def test_focus_moves_to_the_error_summary(page, new_email):
    page.goto("/register")
    page.get_by_label("Email").fill(new_email)
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_label("Repeat the password").fill("short")
    summary = page.locator(".error-summary")
    follow(page, page.get_by_role("button", name="Create account"), "**/register", shows=summary)
    expect(summary).to_be_focused()
