"""The diary in a real browser: log a night on a phone, see its metrics, see the dashboard's
charts, pass axe, and take the README's screenshots of 28 demo nights."""

import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.pages import (
    PASSWORD,
    PHONE,
    check_a11y,
    follow,
    login_page,
    no_horizontal_scroll,
    screenshot,
)

DESKTOP = {"width": 1280, "height": 900}


def test_log_a_night_on_a_phone(page, registered, screenshot_dir):
    page.set_viewport_size(PHONE)
    page.goto("/diary")
    check_a11y(page)
    follow(page, page.get_by_role("link", name="Log last night"), "**/diary/new")
    no_horizontal_scroll(page)
    check_a11y(page)
    page.get_by_label("What time did you get into bed?").fill("23:10")
    page.get_by_label("What time did you try to go to sleep?").fill("23:30")
    page.get_by_label("How long did it take you to fall asleep? (minutes)").fill("20")
    page.get_by_label("How many times did you wake up, not counting your final awakening?").fill("2")
    page.get_by_label("In total, how long did these awakenings last? (minutes)").fill("30")
    page.get_by_label("What time was your final awakening?").fill("06:40")
    page.get_by_label("What time did you get out of bed for the day?").fill("07:00")
    page.get_by_text("3 · Fair").click()
    screenshot(page, screenshot_dir, "diary-new-phone-light")
    follow(page, page.get_by_role("button", name="Save", exact=True), "**/diary/20*")
    metrics = page.locator("dl.metrics")
    expect(metrics).to_contain_text("6 h 20 min")  # (06:40 - 23:30) - 20 - 30
    expect(metrics).to_contain_text("80.9%")  # 380 / 470
    no_horizontal_scroll(page)
    check_a11y(page)
    screenshot(page, screenshot_dir, "diary-night-phone-light")


def test_am_pm_slip_is_offered_a_fix(page, registered):
    page.set_viewport_size(PHONE)
    page.goto("/diary/new")
    page.get_by_label("What time did you get into bed?").fill("11:00")
    page.get_by_label("What time did you try to go to sleep?").fill("23:15")
    for label, value in [
        ("How long did it take you to fall asleep? (minutes)", "15"),
        ("How many times did you wake up, not counting your final awakening?", "0"),
        ("In total, how long did these awakenings last? (minutes)", "0"),
        ("What time was your final awakening?", "06:30"),
        ("What time did you get out of bed for the day?", "07:00"),
    ]:
        page.get_by_label(label).fill(value)
    page.get_by_text("4 · Good").click()
    check_times = page.get_by_role("heading", name="Check these times")
    follow(page, page.get_by_role("button", name="Save", exact=True), "**/diary/new", shows=check_times)
    expect(check_times).to_be_visible()
    check_a11y(page)
    corrected = page.get_by_role("heading", name="Check the corrected time")
    follow(page, page.get_by_role("button", name="Show the suggested time"), "**/diary/new", shows=corrected)
    check_a11y(page)
    follow(page, page.get_by_role("button", name="Save with the corrected time"), "**/diary/20*")
    expect(page.locator("dl.metrics")).to_contain_text("8 h 00 min")


def test_two_tabs_editing_one_night_do_not_overwrite_each_other(page, registered):
    page.set_viewport_size(PHONE)
    _log_a_night(page)
    edit_url = page.url + "/edit"

    other = page.context.new_page()
    other.set_viewport_size(PHONE)
    page.goto(edit_url)
    other.goto(edit_url)
    other.get_by_text("5 · Very good").click()
    follow(other, other.get_by_role("button", name="Save", exact=True), "**/diary/20*")

    page.get_by_text("1 · Very poor").click()
    stale = page.get_by_role("heading", name="This night was changed somewhere else")
    follow(page, page.get_by_role("button", name="Save", exact=True), edit_url, shows=stale)
    expect(stale).to_be_visible()
    expect(page.locator(".stale dl.answers")).to_contain_text("5 of 5")
    expect(page.get_by_label("1 · Very poor")).to_be_checked()  # their choice is kept
    no_horizontal_scroll(page)
    check_a11y(page)
    # now a deliberate replace
    follow(page, page.get_by_role("button", name="Save", exact=True), "**/diary/20*")
    expect(page.locator("dl.metrics")).to_contain_text("1 of 5")


@pytest.fixture(scope="module")
def demo_account(live_server):
    email = f"demo-{uuid.uuid4().hex[:8]}@example.com"
    live_server.flask("seed-demo", "--email", email, "--password", PASSWORD, "--nights", "28", "--seed", "7")
    return email


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("form_factor", "size"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_dashboard_charts(page, demo_account, form_factor, size, scheme, screenshot_dir):
    page.set_viewport_size(size)
    page.emulate_media(color_scheme=scheme)
    login_page(page, demo_account)
    page.goto("/diary")
    for chart_id in ("sleep-timeline", "efficiency-trend", "total-sleep-trend"):
        chart = page.locator(f"svg#{chart_id}")
        assert chart.is_visible()
        assert chart.locator("title").first.text_content()
    assert page.locator("#sleep-timeline rect.seg-asleep").count() >= 14
    assert page.locator("#efficiency-trend .target").count() == 1
    assert page.locator("#efficiency-trend circle").count() == 28
    assert page.get_by_role("table").first.is_visible()  # the means
    no_horizontal_scroll(page)
    check_a11y(page)
    screenshot(page, screenshot_dir, f"diary-dashboard-{form_factor}-{scheme}")
    page.get_by_text("Show the data as a table").first.click()
    expect(page.locator("#sleep-timeline-caption ~ details table tbody tr")).to_have_count(14)
    check_a11y(page)


def test_history_and_edit_on_a_phone(page, demo_account):
    page.set_viewport_size(PHONE)
    login_page(page, demo_account)
    page.goto("/diary/history")
    no_horizontal_scroll(page)
    check_a11y(page)
    follow(page, page.locator("table.history tbody tr th a").first, "**/diary/20*")
    follow(page, page.get_by_role("link", name="Edit this night"), "**/diary/20*/edit")
    no_horizontal_scroll(page)
    check_a11y(page)
    more = page.locator("details.more")
    if more.get_attribute("open") is None:  # folded unless the night has expanded answers
        page.get_by_text("More about yesterday (optional)").click()
    expect(page.locator(".doctor-referral")).to_be_visible()


def _log_a_night(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/diary/new")
    for label, value in [
        ("What time did you get into bed?", "23:00"),
        ("What time did you try to go to sleep?", "23:15"),
        ("How long did it take you to fall asleep? (minutes)", "15"),
        ("How many times did you wake up, not counting your final awakening?", "1"),
        ("In total, how long did these awakenings last? (minutes)", "10"),
        ("What time was your final awakening?", "06:30"),
        ("What time did you get out of bed for the day?", "07:00"),
    ]:
        page.get_by_label(label).fill(value)
    page.get_by_text("3 · Fair").click()
    follow(page, page.get_by_role("button", name="Save", exact=True), "**/diary/20*")


def test_delete_asks_first_with_and_without_javascript(page, registered, browser, base_url):
    page.set_viewport_size(PHONE)
    _log_a_night(page)
    night_url = page.url
    # Without JavaScript the link opens a confirmation page; Cancel keeps the night.
    context = browser.new_context(base_url=base_url, java_script_enabled=False, viewport=PHONE)
    try:
        nojs = context.new_page()
        login_page(nojs, registered)
        nojs.goto(night_url)
        follow(nojs, nojs.get_by_role("link", name="Delete this night"), "**/delete")
        expect(nojs.locator("main")).to_contain_text("the diary offers to undo it")
        follow(nojs, nojs.get_by_role("link", name="Cancel"), night_url)
        follow(nojs, nojs.get_by_role("link", name="Delete this night"), "**/delete")
        follow(nojs, nojs.get_by_role("button", name="Delete this night"), "**/diary/history")
        expect(nojs.locator("main")).to_contain_text("Night deleted")
    finally:
        context.close()
    # With JavaScript a confirm() dialog short-cuts the page: dismissing it keeps the night.
    _log_a_night(page)
    page.goto(night_url + "/delete")
    no_horizontal_scroll(page)
    check_a11y(page)
    page.goto(night_url)
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("link", name="Delete this night").click()  # dismissed: no navigation
    assert page.url == night_url
    page.once("dialog", lambda dialog: dialog.accept())
    follow(page, page.get_by_role("link", name="Delete this night"), "**/diary/history")
    expect(page.locator("main")).to_contain_text("Night deleted")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_choice_circles_sit_on_their_text_line(page, registered, scheme):
    """QA: app.css's `.field label { display: block }` put each radio above its text."""
    page.set_viewport_size({"width": 360, "height": 800})
    page.emulate_media(color_scheme=scheme)
    page.goto("/diary/new")
    page.get_by_text("More about yesterday (optional)").click()
    page.get_by_text("4 · Good").click()
    labels = page.locator("label.choice")
    assert labels.count() == 10  # quality and rested
    for i in range(labels.count()):
        label = labels.nth(i)
        circle = label.locator("input").bounding_box()
        text = label.locator("span").bounding_box()
        assert circle and text
        assert abs((circle["y"] + circle["height"] / 2) - (text["y"] + text["height"] / 2)) <= 2
        assert circle["x"] + circle["width"] <= text["x"]  # beside the text, not over it
    no_horizontal_scroll(page)
    check_a11y(page)
