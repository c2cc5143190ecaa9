"""The six-week course in a real browser on a phone, with a person seeded through six weeks
(`flask seed-demo --course`): the home page's "This week" line, every session page and
tool page (axe on each, no sideways scrolling, screenshots light and dark), a worry and a
thought record written through the forms, the breathing guide counting, a routine's timer
moving on by itself, and finishing the course onto the outcomes page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.pages import PASSWORD, PHONE, check_a11y, follow, login_page, no_horizontal_scroll, screenshot


@pytest.fixture
def course_person(live_server, new_email) -> str:  # type: ignore[no-untyped-def]
    live_server.flask(
        "seed-demo",
        "--email",
        new_email,
        "--password",
        PASSWORD,
        "--nights",
        "42",
        "--no-programme",
        "--course",
    )
    return new_email


def _checked(page, screenshot_dir, name: str) -> None:  # type: ignore[no-untyped-def]
    no_horizontal_scroll(page)
    check_a11y(page)
    screenshot(page, screenshot_dir, name)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_walk_the_course_on_a_phone(page, course_person, scheme, screenshot_dir) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size(PHONE)
    page.emulate_media(color_scheme=scheme)
    login_page(page, course_person)
    expect(page.get_by_text("This week: week 6 of 6, keeping the gains.")).to_be_visible()
    follow(page, page.get_by_role("link", name="Open week 6"), "**/program/course/week/6")
    page.goto("/program/course")
    expect(page.locator(".course-week.done")).to_have_count(5)
    _checked(page, screenshot_dir, f"course-{scheme}")
    for n in range(1, 7):
        follow(page, page.get_by_role("link", name=f"Week {n}:"), f"**/program/course/week/{n}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        _checked(page, screenshot_dir, f"course-week{n}-phone-{scheme}")
        page.goto("/program/course")
    for path in ("breathing", "muscle-relaxation", "body-scan", "worries", "thoughts"):
        page.goto(f"/program/tools/{path}")
        _checked(page, screenshot_dir, f"course-tool-{path}-{scheme}")


def test_tools_and_finishing_the_course(page, course_person, screenshot_dir) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size(PHONE)
    login_page(page, course_person)

    page.goto("/program/tools/worries")
    expect(
        page.locator(".worry-text", has_text="The report due on Friday")
    ).to_be_visible()  # from an earlier evening
    page.get_by_label("What is on your mind?").fill("The car's MOT")
    page.get_by_label("One small next step (optional)").fill("Book it on Monday")
    follow(
        page,
        page.get_by_role("button", name="Add to tonight's list"),
        "**/program/tools/worries",
        shows=page.locator("#tonight-title + ul .worry-text", has_text="The car's MOT"),
    )

    page.goto("/program/tools/thoughts")
    page.get_by_text("Common thoughts to start from").click()
    expect(page.get_by_text("I must get eight hours, or I can't function.")).to_be_visible()
    page.get_by_label("The thought, as it sounds in your head").fill("I can't cope after a bad night")
    page.get_by_label("How much do you believe it? (0 to 100)").fill("70")
    follow(page, page.get_by_role("button", name="Save the thought record"), "**/program/tools/thoughts/*")
    expect(page.get_by_text("70 of 100")).to_be_visible()
    check_a11y(page)

    page.goto("/program/tools/breathing")
    page.get_by_role("button", name="Start").click()
    expect(page.locator("[data-breath-count]")).to_contain_text("Breathe in")
    expect(page.locator("[data-breath-count]")).to_contain_text("Breathe out", timeout=8000)
    page.get_by_role("button", name="Stop").click()

    page.goto("/program/tools/body-scan")
    expect(page.locator("[data-routine-status]")).to_contain_text("Step 1 of 8")
    page.get_by_role("button", name="Next step").click()
    expect(page.locator("[data-routine-status]")).to_contain_text("Step 2 of 8: Feet")
    expect(page.locator("#step-2")).to_be_focused()

    page.goto("/program/course/week/6")
    follow(page, page.get_by_role("button", name="Finish the course"), "**/program/course/outcomes")
    expect(page.get_by_role("table")).to_be_visible()
    expect(page.locator(".outcomes tbody tr")).to_have_count(5)
    _checked(page, screenshot_dir, "course-outcomes-phone")


def test_reduced_motion_keeps_the_count_without_the_shape(page, course_person) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size(PHONE)
    page.emulate_media(reduced_motion="reduce")
    login_page(page, course_person)
    page.goto("/program/tools/breathing")
    expect(page.locator(".breath-stage")).to_be_hidden()
    page.get_by_role("button", name="Start").click()
    expect(page.locator("[data-breath-count]")).to_contain_text("Breathe in")
