"""Diary care in a real browser (issue 11): the phone header, disclosure markers, whole-word
table headers, the AM/PM question beside its buttons with its preview, and "Undo"."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.pages import PASSWORD, PHONE, check_a11y, follow, login_page, no_horizontal_scroll

SMALL_PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
HEADER_MAX_PX = 72


@pytest.fixture(scope="module")
def diary_account(live_server):  # type: ignore[no-untyped-def]
    email = f"care-{uuid.uuid4().hex[:8]}@example.com"
    live_server.flask(
        "seed-demo", "--email", email, "--password", PASSWORD, "--nights", "14", "--no-programme"
    )
    return email


def _header_height(page: Page) -> float:
    return page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")


def test_phone_header_is_one_row_with_a_menu(page, diary_account):
    """QA: at 360 px the nav wrapped onto two rows with "Log out" alone; ~140 px of header."""
    page.set_viewport_size(SMALL_PHONE)
    login_page(page, diary_account)
    page.goto("/diary")
    assert _header_height(page) <= HEADER_MAX_PX
    nav = page.get_by_role("navigation", name="Main")
    brand, toggle = nav.get_by_role("link", name="Sleep"), nav.locator("summary", has_text="Menu")
    brand_box, toggle_box = brand.bounding_box(), toggle.bounding_box()
    assert brand_box and toggle_box
    assert abs(brand_box["y"] + brand_box["height"] / 2 - (toggle_box["y"] + toggle_box["height"] / 2)) <= 4
    assert toggle_box["height"] >= 44  # a comfortable target
    expect(nav.get_by_role("link", name="Account")).to_be_hidden()
    toggle.click()
    for name in ("Diary", "Programme", "Guide", "Account"):
        expect(nav.get_by_role("link", name=name)).to_be_visible()
    expect(nav.get_by_role("button", name="Log out")).to_be_visible()
    assert _header_height(page) <= HEADER_MAX_PX  # the open menu drops over the page
    no_horizontal_scroll(page)
    check_a11y(page)
    follow(page, nav.get_by_role("link", name="Account"), "**/account")
    # Without JavaScript the menu works the same (it is a <details>).
    context = page.context.browser.new_context(
        base_url=page.url.split("/account")[0], java_script_enabled=False, viewport=SMALL_PHONE
    )
    try:
        nojs = context.new_page()
        login_page(nojs, diary_account)
        nojs.goto("/guide")
        nojs.get_by_role("navigation", name="Main").locator("summary").click()
        follow(
            nojs, nojs.get_by_role("navigation", name="Main").get_by_role("link", name="Diary"), "**/diary"
        )
    finally:
        context.close()


def test_desktop_header_shows_the_links_in_one_row(page, diary_account):
    page.set_viewport_size(DESKTOP)
    login_page(page, diary_account)
    page.goto("/diary")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.locator("summary")).to_be_hidden()
    tops = set()
    for name in ("Diary", "Programme", "Guide", "Account"):
        link = nav.get_by_role("link", name=name)
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box
        tops.add(round(box["y"]))
    assert len(tops) == 1
    assert _header_height(page) <= HEADER_MAX_PX


def _marker(page: Page, summary_text: str) -> dict[str, str]:
    return page.evaluate(
        """(text) => {
          const s = [...document.querySelectorAll('summary')].find(e => e.textContent.includes(text));
          const m = getComputedStyle(s, '::before');
          return {
            content: m.content, width: m.borderLeftWidth, color: m.borderLeftColor, transform: m.transform,
          };
        }""",
        summary_text,
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_summaries_have_a_disclosure_marker(page, diary_account, scheme):
    """QA: "More about yesterday" and "Show the data as a table" had no marker."""
    page.set_viewport_size(SMALL_PHONE)
    page.emulate_media(color_scheme=scheme)
    login_page(page, diary_account)
    for path, text in (("/diary/new", "More about yesterday"), ("/diary", "Show the data as a table")):
        page.goto(path)
        closed = _marker(page, text)
        assert closed["content"] != "none" and float(closed["width"].removesuffix("px")) >= 5
        assert closed["color"] not in ("rgba(0, 0, 0, 0)", "transparent")
        assert closed["transform"] == "none"
        page.locator("summary", has_text=text).first.click()
        expect(page.locator("details[open] > summary", has_text=text).first).to_be_visible()
        page.wait_for_function(
            "(text) => { const s = [...document.querySelectorAll('details[open] > summary')]"
            ".find(e => e.textContent.includes(text));"
            " return s && getComputedStyle(s, '::before').transform !== 'none'; }",
            arg=text,
        )


def test_history_headers_keep_whole_words_on_a_phone(page, diary_account):
    """QA: history on a phone broke "Efficienc/y" mid-word."""
    page.set_viewport_size(SMALL_PHONE)
    login_page(page, diary_account)
    page.goto("/diary/history")
    split = page.evaluate(
        """() => {
          const out = [];
          for (const th of document.querySelectorAll('table.history th')) {
            const node = th.querySelector('a') ? th.querySelector('a').firstChild : th.firstChild;
            if (!node || node.nodeType !== Node.TEXT_NODE) continue;
            const re = /\\S+/g;
            let m;
            while ((m = re.exec(node.textContent))) {
              const range = document.createRange();
              range.setStart(node, m.index);
              range.setEnd(node, m.index + m[0].length);
              const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
              if (lines.size > 1) out.push(m[0]);
            }
          }
          return out;
        }"""
    )
    assert split == []
    expect(page.get_by_role("columnheader", name="Efficiency")).to_be_visible()
    no_horizontal_scroll(page)


def _fill_night(page: Page, in_bed: str, out_of_bed: str) -> None:
    for label, value in [
        ("What time did you get into bed?", in_bed),
        ("What time did you try to go to sleep?", "23:15"),
        ("How long did it take you to fall asleep? (minutes)", "15"),
        ("How many times did you wake up, not counting your final awakening?", "0"),
        ("In total, how long did these awakenings last? (minutes)", "0"),
        ("What time was your final awakening?", "06:30"),
        ("What time did you get out of bed for the day?", out_of_bed),
    ]:
        page.get_by_label(label).fill(value)
    page.get_by_text("4 · Good").click()


def test_slip_question_beside_its_buttons_and_a_preview(page, registered):
    page.set_viewport_size(PHONE)
    page.goto("/diary/new")
    _fill_night(page, "11:00", "07:00")
    question = page.get_by_role("heading", name="Check these times")
    follow(page, page.get_by_role("button", name="Save", exact=True), "**/diary/new", shows=question)
    # The question and its buttons are on one screen.
    suggest = page.get_by_role("button", name="Show the suggested time")
    question_box, button_box = question.bounding_box(), suggest.bounding_box()
    assert question_box and button_box
    assert 0 < button_box["y"] - question_box["y"] < PHONE["height"] / 2
    preview = page.get_by_role("heading", name="Check the corrected time")
    follow(page, suggest, "**/diary/new", shows=preview)
    section = page.locator("#slip-question")
    expect(section).to_contain_text("Nothing is saved yet")
    expect(section).to_contain_text("Got into bed: 11:00 → 23:00")
    expect(section.get_by_role("row", name="In bed")).to_contain_text("20 h 00 min")
    expect(section.get_by_role("row", name="In bed")).to_contain_text("8 h 00 min")
    expect(page.get_by_label("What time did you get into bed?")).to_have_value("23:00")
    no_horizontal_scroll(page)
    page.set_viewport_size(SMALL_PHONE)  # the before/after table fits inside its box
    inside = page.evaluate(
        "() => { const box = document.querySelector('#slip-question').getBoundingClientRect();"
        " const t = document.querySelector('table.slip-metrics').getBoundingClientRect();"
        " return t.right <= box.right && t.left >= box.left; }"
    )
    assert inside
    page.set_viewport_size(PHONE)
    check_a11y(page)
    # Back shows the times as typed; nothing was saved.
    follow(page, page.get_by_role("button", name="Back to the times I typed"), "**/diary/new", shows=question)
    expect(page.get_by_label("What time did you get into bed?")).to_have_value("11:00")
    page.goto("/diary/history")
    expect(page.get_by_text("No nights here yet.")).to_be_visible()


def test_delete_then_undo_restores_the_night(page, registered):
    page.set_viewport_size(PHONE)
    page.goto("/diary/new")
    _fill_night(page, "23:00", "07:00")
    follow(page, page.get_by_role("button", name="Save", exact=True), "**/diary/20*")
    night_url = page.url
    metrics = page.locator("dl.metrics").inner_text()
    page.once("dialog", lambda dialog: dialog.accept())
    follow(page, page.get_by_role("link", name="Delete this night"), "**/diary/history")
    banner = page.locator(".undo-banner")
    expect(banner).to_contain_text("Night deleted")
    no_horizontal_scroll(page)
    check_a11y(page)
    page.goto("/diary")
    expect(page.locator(".undo-banner")).to_contain_text("Night deleted")
    follow(page, page.get_by_role("button", name="Undo"), night_url)
    expect(page.get_by_text("Restored the night of")).to_be_visible()
    assert page.locator("dl.metrics").inner_text() == metrics
    page.goto("/diary/history")
    expect(page.locator(".undo-banner")).to_have_count(0)
