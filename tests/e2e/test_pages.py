"""Every page a logged-in person with demo data can open: no sideways scroll on a 360 px
phone and no serious axe violations, in light and dark mode."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.pages import PASSWORD, check_a11y, login_page, no_horizontal_scroll, screenshot

SMALL_PHONE = {"width": 360, "height": 740}


def _pages() -> list[str]:
    today = datetime.now(ZoneInfo("Europe/London")).date().isoformat()
    return [
        "/",
        "/diary",
        "/diary/new",
        f"/diary/{today}",
        f"/diary/{today}/edit",
        "/diary/history",
        "/program",
        "/program/habits",
        "/program/window",
        "/program/window/start",
        "/guide",
        "/guide/sleep-window",
        "/guide/clonazepam-and-benzodiazepines",
        "/guide/help",
        "/guide/search?q=how+much+zolpidem",
        "/report",
        "/account",
        "/account/delete",
    ]


@pytest.fixture(scope="module")
def demo_email(live_server) -> str:  # type: ignore[no-untyped-def]
    email = "pages-demo@example.com"
    live_server.flask("seed-demo", "--email", email, "--password", PASSWORD, "--nights", "40")
    return email


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_fits_a_small_phone_and_passes_axe(page, demo_email, scheme, screenshot_dir):
    page.set_viewport_size(SMALL_PHONE)
    page.emulate_media(color_scheme=scheme)
    login_page(page, demo_email)
    for path in _pages():
        resp = page.goto(path)
        assert resp is not None and resp.status == 200, path
        try:
            no_horizontal_scroll(page)
            check_a11y(page)
        except AssertionError as exc:
            raise AssertionError(f"{path} ({scheme}): {exc}") from None
        if path == "/report":
            screenshot(page, screenshot_dir, f"report-phone-{scheme}")
