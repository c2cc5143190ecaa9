"""Helpers and constants for the browser tests; the fixtures that use them are in conftest.py.

Every click that loads another page goes through follow(), which returns only once that
page has loaded, so nothing afterwards reads (or screenshots, or runs axe on) the page being
left. That matters on a busy machine, where the old page can linger for seconds.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 390, "height": 844}
PASSWORD = "e2e correct horse battery"
# Set to a folder (docs/screenshots to refresh the README's pictures) to keep the screenshots;
# otherwise they go to a temporary folder and a test run leaves the tracked files alone.
SCREENSHOT_DIR_ENV = "SLEEPAPP_SCREENSHOT_DIR"
# How long a page may take to arrive; the same as Playwright's default navigation timeout.
NAVIGATION_TIMEOUT_MS = 30_000


@dataclass
class LiveServer:
    url: str
    env: dict[str, str]

    def flask(self, *args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
        """Run a `flask` CLI command against the server's database."""
        return subprocess.run(
            [sys.executable, "-m", "flask", "--app", "wsgi", *args],
            cwd=ROOT,
            env=self.env,
            input=input,
            text=True,
            capture_output=True,
            check=True,
        )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _glob_regex(glob: str) -> re.Pattern[str]:
    """Playwright's URL glob as a regex, for the `*` and `**` the tests use."""
    parts = re.split(r"(\*\*|\*)", glob)
    return re.compile(
        "^" + "".join(".*" if p == "**" else "[^/]*" if p == "*" else re.escape(p) for p in parts) + "$"
    )


def _at(page: Page, url: str | re.Pattern[str]) -> bool:
    pattern = _glob_regex(url) if isinstance(url, str) else url
    return pattern.search(page.url) is not None


def follow(page: Page, target: Locator, url: str | re.Pattern[str], *, shows: Locator | None = None) -> None:
    """Click a link or submit button that loads a page; return once that page has loaded.

    `url` is the next page's address: a glob ("**/diary/20*") or a regex. When the next page
    has the same address as this one (a form shown again with errors or a warning), the address
    cannot tell the two pages apart, so pass `shows`: a locator that only the next page has.
    """
    if shows is None and _at(page, url):
        raise ValueError(
            f"already at {page.url}, which matches {url!r}: pass shows=, a locator only the next page has"
        )
    target.click()
    page.wait_for_url(url, timeout=NAVIGATION_TIMEOUT_MS)
    if shows is not None:
        expect(shows).to_be_visible(timeout=NAVIGATION_TIMEOUT_MS)
    page.wait_for_load_state("load", timeout=NAVIGATION_TIMEOUT_MS)


def register(page: Page, email: str, password: str = PASSWORD, timezone: str = "Europe/London") -> None:
    page.goto("/register")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Repeat the password").fill(password)
    page.get_by_label("Your time zone").select_option(timezone)
    follow(page, page.get_by_role("button", name="Create account"), "**/")


def login_page(page: Page, email: str, password: str = PASSWORD) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    follow(page, page.get_by_role("button", name="Log in"), "**/")


def check_a11y(page: Page) -> None:
    """No serious or critical axe-core violations on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_load_state()
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in {"serious", "critical"}]
    assert not bad, "\n".join(
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes: {[n['target'] for n in v['nodes'][:3]]})"
        for v in bad
    )


def no_horizontal_scroll(page: Page) -> None:
    """The page does not scroll sideways. Call it on a page that has arrived: after goto(),
    follow() or an expect() that saw the new page."""
    page.wait_for_load_state()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert isinstance(overflow, int), f"could not measure the page's width at {page.url}: got {overflow!r}"
    assert overflow <= 0, f"page scrolls sideways by {overflow}px"


def screenshot(page: Page, folder: Path, name: str) -> Path:
    """A full-page screenshot, name.png in folder (the `screenshot_dir` fixture)."""
    page.wait_for_load_state()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
