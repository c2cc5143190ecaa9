"""A reader searches the guide and reads pages in a real browser, on a phone, light and dark."""

import re

import pytest
from playwright.sync_api import expect

from sleepapp.guide.dose_scan import find_doses
from tests.e2e.pages import PHONE, check_a11y, follow, no_horizontal_scroll, screenshot


def test_medicine_search_shows_referral_first_and_no_dose(page):
    page.goto("/guide")
    page.get_by_label("Search the guide").fill("how much clonazepam can I take to sleep")
    follow(page, page.get_by_role("button", name="Search"), "**/guide/search?q=*")
    referral = page.locator(".doctor-referral")
    expect(referral).to_be_visible()
    first_result = page.locator(".guide-result").first
    expect(first_result).to_be_visible()
    assert referral.bounding_box()["y"] < first_result.bounding_box()["y"]
    assert find_doses(page.locator("main").inner_text()) == []
    link = first_result.get_by_role("link")
    follow(page, link, re.compile(re.escape(link.get_attribute("href")) + "$"))
    expect(page.locator(".doctor-referral")).to_be_visible()
    assert find_doses(page.locator("main").inner_text()) == []


# Logged out, the crisis lines follow the browser's language (docs/design.md §4.5): these
# browsers say en-US or en-AU instead of the suite's en-GB.
@pytest.mark.browser_context_args(locale="en-US")
@pytest.mark.parametrize("query", ["I+want+to+die", "I+don%27t+want+to+wake+up"])
def test_crisis_search_shows_crisis_lines_first(page, query):
    page.goto(f"/guide/search?q={query}")
    crisis = page.locator(".crisis-lines")
    assert crisis.is_visible()
    assert crisis.get_by_role("link", name="988").is_visible()
    assert crisis.bounding_box()["y"] < page.locator(".guide-result").first.bounding_box()["y"]


def test_footer_help_link_reaches_crisis_lines(page):
    page.goto("/guide/naps")
    follow(page, page.get_by_role("link", name="Crisis lines and getting help"), "**/guide/help")
    expect(page.get_by_role("heading", level=1, name="Getting help now")).to_be_visible()
    expect(page.get_by_text("116 123").first).to_be_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_guide_on_a_phone(page, scheme, screenshot_dir):
    page.set_viewport_size(PHONE)
    page.emulate_media(color_scheme=scheme)
    page.goto("/guide")
    no_horizontal_scroll(page)
    check_a11y(page)

    page.goto("/guide/clonazepam-and-benzodiazepines")
    assert page.locator(".doctor-referral").is_visible()
    no_horizontal_scroll(page)
    check_a11y(page)
    page.goto("/guide/sleep-window")
    no_horizontal_scroll(page)
    check_a11y(page)
    screenshot(page, screenshot_dir, f"guide-page-phone-{scheme}")

    page.goto("/guide/search?q=how+much+clonazepam+can+I+take+to+sleep")
    no_horizontal_scroll(page)
    check_a11y(page)
    screenshot(page, screenshot_dir, f"guide-search-medication-phone-{scheme}")

    page.goto("/guide/search?q=overdose")
    check_a11y(page)
    page.goto("/guide/search?q=" + "long+" * 60)
    check_a11y(page)


@pytest.mark.browser_context_args(locale="en-AU")
def test_crisis_panel_follows_the_browser_and_links_to_every_country(page):
    page.goto("/guide/search?q=I+want+to+die")
    crisis = page.locator(".crisis-lines")
    expect(crisis.get_by_role("link", name="13 11 14", exact=True)).to_be_visible()
    expect(crisis.get_by_role("link", name="000", exact=True)).to_be_visible()
    other_countries = crisis.get_by_role("link", name="Crisis lines in other countries")
    follow(page, other_countries, "**/guide/help/crisis-lines")
    expect(page.get_by_role("heading", level=1, name="Crisis lines by country")).to_be_visible()
    expect(page.locator("section.crisis-country").first).to_have_id("country-au")
    expect(page.get_by_role("heading", level=2, name="New Zealand")).to_be_visible()
    expect(page.get_by_role("link", name="findahelpline.com").first).to_be_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_crisis_lines_page_on_a_phone(page, scheme, screenshot_dir):
    page.set_viewport_size(PHONE)
    page.emulate_media(color_scheme=scheme)
    page.goto("/guide/help/crisis-lines")
    no_horizontal_scroll(page)
    check_a11y(page)
    screenshot(page, screenshot_dir, f"guide-crisis-lines-phone-{scheme}")
    page.goto("/guide/search?q=I+want+to+die")
    no_horizontal_scroll(page)
    check_a11y(page)
