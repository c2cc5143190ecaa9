"""Sharing with a clinician in a real browser (docs/design.md §8.8): the person makes a link
from the report page; a clinician with no account opens it on a 360 px phone with the code,
reads the report without sideways scrolling, prints it to an A4 PDF with nothing cut, and
loses it the moment the person ends the link."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.pages import PASSWORD, check_a11y, follow, login_page, no_horizontal_scroll, screenshot

SMALL_PHONE = {"width": 360, "height": 740}
A4_WIDTH_PX = 794  # 210 mm at the 96 px per inch of CSS


@pytest.fixture(scope="module")
def demo_email(live_server) -> str:  # type: ignore[no-untyped-def]
    email = "share-demo@example.com"
    live_server.flask("seed-demo", "--email", email, "--password", PASSWORD, "--nights", "28")
    return email


def _make_link(page: Page, email: str) -> tuple[str, str]:
    login_page(page, email)
    page.goto("/report")
    follow(page, page.get_by_role("link", name="Share this report with your doctor"), "**/report/share")
    page.get_by_label("What to share").select_option(label="The last 4 weeks")
    page.get_by_label("Days the link works").fill("7")
    follow(
        page,
        page.get_by_role("button", name="Make a link"),
        "**/report/share",
        shows=page.get_by_role("heading", name="Your link is ready"),
    )
    return page.locator("#share-url").inner_text(), page.locator("#share-code").inner_text()


def test_a_clinician_opens_reads_and_prints_the_shared_report(
    page: Page, browser: Browser, demo_email: str, screenshot_dir
) -> None:  # type: ignore[no-untyped-def]
    url, code = _make_link(page, demo_email)
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code)

    doctor = browser.new_context(viewport=SMALL_PHONE)
    try:
        clinician = doctor.new_page()
        first = clinician.goto(url)
        assert first is not None and first.status == 200
        assert first.headers["x-robots-tag"] == "noindex, nofollow"
        assert first.headers["referrer-policy"] == "no-referrer"
        no_horizontal_scroll(clinician)
        check_a11y(clinician)

        clinician.get_by_label("Access code").fill("AAAA-AAAA")
        wrong = clinician.locator("#code-error").get_by_text("That code is not right")
        follow(clinician, clinician.get_by_role("button", name="Open the report"), url, shows=wrong)

        clinician.get_by_label("Access code").fill(code.lower())
        report = clinician.get_by_role("heading", name="Night by night")
        follow(clinician, clinician.get_by_role("button", name="Open the report"), url, shows=report)
        expect(clinician.get_by_role("heading", name="Sleep report", exact=True)).to_be_visible()
        assert demo_email not in clinician.content()
        expect(clinician.get_by_role("link", name="Account")).to_have_count(0)
        no_horizontal_scroll(clinician)
        check_a11y(clinician)
        screenshot(clinician, screenshot_dir, "shared-report-phone")

        # Printed: A4 wide, the screen-only parts hidden, nothing wider than the page.
        clinician.emulate_media(media="print")
        clinician.set_viewport_size({"width": A4_WIDTH_PX, "height": 1123})
        expect(clinician.locator(".shared-banner")).to_be_hidden()
        expect(clinician.get_by_role("heading", name="Night by night")).to_be_visible()
        widest = clinician.evaluate(
            "Math.max(...[...document.querySelectorAll('main *')].map(e => e.getBoundingClientRect().right))"
        )
        assert widest <= A4_WIDTH_PX, f"something is {widest - A4_WIDTH_PX:.0f}px wider than A4"
        no_horizontal_scroll(clinician)
        pdf = clinician.pdf(format="A4", print_background=True)
        assert pdf.startswith(b"%PDF")
        assert len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 1
        (screenshot_dir / "shared-report.pdf").write_bytes(pdf)

        # The person ends the link: the clinician's next look is a plain 404.
        page.goto("/report/share")
        follow(
            page,
            page.get_by_role("button", name=re.compile("^End link")).first,
            "**/report/share",
            shows=page.get_by_text("Link ended"),
        )
        gone = clinician.goto(url)
        assert gone is not None and gone.status == 404
    finally:
        doctor.close()
