"""The person's clock in a real browser (docs/design.md §2.10): registration takes 12 or 24
hours from the browser's locale (static/js/clock.js, or the Accept-Language header without
JavaScript), and the settings change it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from sleepapp.clock import locale_clock_hours
from tests.e2e.pages import PASSWORD, PHONE, check_a11y, follow

TWELVE = "1:30 PM (12-hour clock)"
TWENTY_FOUR = "13:30 (24-hour clock)"


def _register(page: Page, email: str) -> None:
    page.goto("/register")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password := PASSWORD)
    page.get_by_label("Repeat the password").fill(password)
    follow(page, page.get_by_role("button", name="Create account"), "**/")


@pytest.mark.parametrize(
    ("locale", "javascript", "checked"),
    [
        ("en-US", True, TWELVE),
        ("de-DE", True, TWENTY_FOUR),
        ("en-US", False, TWELVE),  # without JavaScript the Accept-Language header decides
        ("de-DE", False, TWENTY_FOUR),
    ],
)
def test_registration_takes_the_browsers_clock(
    browser: Browser, base_url: str, new_email: str, locale, javascript, checked
):
    """Chromium's `locale` sets both Intl's default (what static/js/clock.js reads) and the
    Accept-Language header; tests/auth/test_register.py shows the script's answer wins."""
    context = browser.new_context(base_url=base_url, locale=locale, java_script_enabled=javascript)
    try:
        page = context.new_page()
        page.goto("/register")
        filled = page.locator("input[name=clock_hours]")
        if javascript:
            expect(filled).to_have_value("12" if checked == TWELVE else "24")
        else:
            expect(filled).to_have_value("")
        _register(page, new_email)
        page.goto("/account")
        expect(page.get_by_label(checked)).to_be_checked()
    finally:
        context.close()


def test_changing_the_clock_changes_the_pages(page: Page, registered: str):
    """Registered in an en-GB browser (conftest), so 24 hours; the settings switch it, and
    the night just logged reads "10:30 PM". The time fields stay the browser's picker."""
    page.set_viewport_size(PHONE)
    page.goto("/diary/new")
    for label, value in [
        ("What time did you get into bed?", "22:30"),
        ("What time did you try to go to sleep?", "22:45"),
        ("How long did it take you to fall asleep? (minutes)", "15"),
        ("How many times did you wake up, not counting your final awakening?", "1"),
        ("In total, how long did these awakenings last? (minutes)", "10"),
        ("What time was your final awakening?", "06:30"),
        ("What time did you get out of bed for the day?", "07:00"),
    ]:
        page.get_by_label(label).fill(value)
    page.get_by_text("3 · Fair").click()
    follow(page, page.get_by_role("button", name="Save", exact=True), "**/diary/20*")
    night = page.url
    expect(page.locator("main dl.answers")).to_contain_text("22:30")

    page.goto("/account")
    expect(page.get_by_label(TWENTY_FOUR)).to_be_checked()
    page.get_by_label(TWELVE).check()
    follow(
        page,
        page.get_by_role("button", name="Save settings"),
        "**/account",
        shows=page.get_by_text("Settings saved."),
    )
    expect(page.get_by_label(TWELVE)).to_be_checked()
    check_a11y(page)

    page.goto(night)
    expect(page.locator("main dl.answers")).to_contain_text("10:30\N{NO-BREAK SPACE}PM")
    page.goto(night + "/edit")
    expect(page.get_by_label("What time did you get into bed?")).to_have_value("22:30")


def test_the_fallback_table_agrees_with_chromium(page: Page):
    """The server's Accept-Language table (clock.locale_clock_hours) gives what Chromium's
    Intl gives for the same locales, so the two paths of registration agree."""
    tags = [
        *["en", "en-US", "en-GB", "en-CA", "en-AU", "en-NZ", "en-IE", "en-IN", "en-PH", "en-ZA"],
        *["es", "es-ES", "es-MX", "es-US", "es-419", "fr", "fr-CA", "de", "pt-BR", "it", "nl"],
        *["ar", "ar-EG", "ar-MA", "hi", "bn", "ur", "ko", "ja", "zh-CN", "zh-TW", "zh-HK", "el"],
        *["ta", "ms", "id", "th", "vi", "tr", "ru", "pl", "fa", "he"],
    ]
    page.goto("/guide")
    browser_says = page.evaluate(
        """tags => Object.fromEntries(tags.map(t => {
             const o = new Intl.DateTimeFormat(t, {hour: "numeric"}).resolvedOptions();
             return [t, (o.hourCycle === "h12" || o.hourCycle === "h11") ? 12 : 24];
           }))""",
        tags,
    )
    server_says = {tag: locale_clock_hours([tag]) for tag in tags}
    assert server_says == browser_says
