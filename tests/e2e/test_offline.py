"""The installable app in Chromium (docs/design.md §10): installable with an active worker
and no console errors; with the network off the morning form opens and a night logged there
reaches the database once when the network returns; a clash asks; logging out leaves no kept
pages and no queue; and the taps from the home screen to a saved night on a 360 px phone."""

from __future__ import annotations

import json
import sqlite3
import urllib.request
from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from playwright.sync_api import Error as PlaywrightError

from tests.e2e.pages import PASSWORD, follow, register

PHONE_360 = {"width": 360, "height": 740}
NIGHT = {
    "What time did you get into bed?": "23:10",
    "What time did you try to go to sleep?": "23:30",
    "How long did it take you to fall asleep? (minutes)": "20",
    "How many times did you wake up, not counting your final awakening?": "2",
    "In total, how long did these awakenings last? (minutes)": "30",
    "What time was your final awakening?": "06:40",
    "What time did you get out of bed for the day?": "07:00",
}

WORKER_READY = "navigator.serviceWorker.ready.then((registration) => registration.active.scriptURL)"
CONTROLLED = """() => navigator.serviceWorker.controller !== null
  && navigator.serviceWorker.controller.state === 'activated'"""
KEPT = """async (path) => {
  for (const name of await caches.keys()) {
    if (name.startsWith("sleep-pages-") && await (await caches.open(name)).match(path, {ignoreVary: true})) {
      return true;
    }
  }
  return false;
}"""
QUEUE_SIZE = """async () => {
  const names = (await indexedDB.databases()).map((d) => d.name);
  if (!names.includes("sleep-offline")) { return 0; }
  return await new Promise((resolve, reject) => {
    const open = indexedDB.open("sleep-offline");
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains("nights")) { db.close(); resolve(0); return; }
      const count = db.transaction("nights").objectStore("nights").count();
      count.onsuccess = () => { db.close(); resolve(count.result); };
      count.onerror = () => reject(count.error);
    };
    open.onerror = () => reject(open.error);
  });
}"""


def console_errors(page: Page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


WARMED = """() => new Promise((resolve) => {
  const channel = new MessageChannel();
  channel.port1.onmessage = (event) => resolve(event.data.type);
  const urls = ["/", "/diary", "/diary/new"];
  navigator.serviceWorker.controller.postMessage({type: "warm", urls}, [channel.port2]);
})"""


def worker_active(page: Page) -> None:
    """Wait until the worker is active and controls this page. It claims the pages open when
    it activates; a page that started loading just before that is controlled once reloaded."""
    assert page.evaluate(WORKER_READY).endswith("/sw.js")
    if not page.evaluate(CONTROLLED):
        page.reload()
    page.wait_for_function(CONTROLLED)


def ready_offline(page: Page) -> None:
    """Logged in on some page: wait until the worker controls it and has kept the morning's
    pages (the worker says so once they are stored, as the page's script asks it to)."""
    worker_active(page)
    assert page.evaluate(WARMED) == "warmed"
    for path in ("/", "/diary", "/diary/new", "/program/tools/breathing"):
        assert page.evaluate(KEPT, path), path


def fill_night(page: Page, quality: str = "3 · Fair") -> None:
    for label, value in NIGHT.items():
        page.get_by_label(label).fill(value)
    page.get_by_text(quality).click()


def nights_in_database(live_server: Any, email: str) -> list[tuple[str, int]]:
    path = live_server.env["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return conn.execute(
            "SELECT d.date, d.quality FROM diary_entries d JOIN users u ON u.id = d.user_id"
            " WHERE u.email = ?",
            (email,),
        ).fetchall()


def api_token(live_server: Any, email: str) -> str:
    request = urllib.request.Request(  # noqa: S310 (our own server)
        live_server.url + "/api/v1/tokens",
        data=json.dumps({"email": email, "password": PASSWORD}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as resp:  # noqa: S310 (our own server)
        return str(json.load(resp)["token"])


def api_put_night(live_server: Any, email: str, day: str, quality: int) -> None:
    """Save a night "somewhere else": another device, through the API."""
    body = {
        "in_bed": "22:00",
        "tried_to_sleep": "22:10",
        "sleep_latency_min": 10,
        "awakenings": 0,
        "awake_min": 0,
        "final_wake": "06:00",
        "out_of_bed": "06:10",
        "quality": quality,
    }
    request = urllib.request.Request(  # noqa: S310 (our own server)
        f"{live_server.url}/api/v1/entries/{day}",
        data=json.dumps(body).encode(),
        headers={
            "Content-Type": "application/json",
            "Authorization": f"Bearer {api_token(live_server, email)}",
        },
        method="PUT",
    )
    with urllib.request.urlopen(request, timeout=10) as resp:  # noqa: S310 (our own server)
        assert resp.status == 201


def this_morning(page: Page) -> str:
    return str(page.locator('input[name="date"]').input_value())


def test_installable_with_an_active_worker_and_no_console_errors(page: Page, registered: str) -> None:
    errors = console_errors(page)
    page.goto("/diary")
    worker_active(page)
    cdp = page.context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["url"].endswith("/manifest.webmanifest") and not manifest["errors"]
    installability = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # Playwright's contexts are incognito, where Chromium never installs; nothing else may remain.
    assert [e["errorId"] for e in installability if e["errorId"] != "in-incognito"] == [], installability
    page.reload()
    expect(page.get_by_role("heading", name="Your sleep diary")).to_be_visible()
    assert page.evaluate("navigator.serviceWorker.controller.scriptURL").endswith("/sw.js")
    assert errors == []


def test_a_night_logged_offline_is_saved_once_when_back_online(
    page: Page, context: BrowserContext, registered: str, live_server: Any
) -> None:
    errors = console_errors(page)
    page.goto("/diary")
    ready_offline(page)

    context.set_offline(True)
    page.goto("/diary/new")
    expect(page.locator("#offline-status")).to_contain_text("You are offline.")
    fill_night(page)
    day = this_morning(page)
    page.get_by_role("button", name="Save", exact=True).click()
    status = page.locator("#offline-status")
    expect(status).to_contain_text("Kept on this device")
    expect(status).to_contain_text("1 night waiting to be sent")
    # The breathing guide is kept for a night without a connection.
    page.goto("/program/tools/breathing")
    expect(page.get_by_role("heading", level=1, name="Paced breathing")).to_be_visible()
    # A page never opened here is not invented: the worker says it has no copy.
    page.goto("/program/habits")
    expect(page.get_by_role("heading", name="This page is not kept on this device")).to_be_visible()
    expect(page.locator("#offline-status")).to_contain_text("1 night waiting to be sent")
    # A second tab, also waiting for the network: both will try to send the night.
    other = context.new_page()
    other.goto("/diary")
    expect(other.locator("#offline-status")).to_contain_text("1 night waiting to be sent")
    assert nights_in_database(live_server, registered) == []

    context.set_offline(False)
    # Both tabs hear the network return; one sends (one tab at a time), the other finds
    # nothing left to send.
    for tab in (page, other):
        expect(tab.locator("#offline-status")).not_to_contain_text("waiting to be sent", timeout=15_000)
    assert nights_in_database(live_server, registered) == [(day, 3)]
    assert page.evaluate(QUEUE_SIZE) == 0
    sender = page if "is saved" in page.locator("#offline-status").inner_text() else other
    expect(sender.locator("#offline-status")).to_contain_text("Sent: your night of")
    follow(sender, sender.get_by_role("link", name="See it"), f"**/diary/{day}")
    page = sender
    expect(page.locator("dl.metrics")).to_contain_text("6 h 20 min")
    assert nights_in_database(live_server, registered) == [(day, 3)]
    assert errors == []


def test_a_night_saved_elsewhere_meanwhile_asks_before_replacing(
    page: Page, context: BrowserContext, registered: str, live_server: Any
) -> None:
    page.goto("/diary")
    ready_offline(page)
    context.set_offline(True)
    page.goto("/diary/new")
    fill_night(page, "4 · Good")
    day = this_morning(page)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#offline-status")).to_contain_text("1 night waiting to be sent")
    api_put_night(live_server, registered, day, quality=1)  # another device, meanwhile

    context.set_offline(False)
    status = page.locator("#offline-status")
    expect(status).to_contain_text("Which should stay?", timeout=15_000)
    expect(status).to_contain_text("Saved: in bed 22:00, up 06:10, quality 1 of 5")
    expect(status).to_contain_text("Yours, from this device: in bed 23:10, up 07:00, quality 4 of 5")
    assert nights_in_database(live_server, registered) == [(day, 1)]  # nothing overwritten yet
    page.reload()  # the question survives a reload: it is kept with the night
    status.get_by_role("button", name="Replace it with mine").click()
    expect(status).to_contain_text("is saved", timeout=15_000)
    assert nights_in_database(live_server, registered) == [(day, 4)]


def test_logging_out_empties_the_kept_pages_and_the_queue(
    page: Page, context: BrowserContext, registered: str
) -> None:
    page.goto("/diary")
    ready_offline(page)
    context.set_offline(True)
    page.goto("/diary/new")
    fill_night(page)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#offline-status")).to_contain_text("1 night waiting to be sent")
    assert page.evaluate(QUEUE_SIZE) == 1
    # Back online, but the night cannot be sent yet (the server is away), so it still waits.
    page.route("**/diary/sync", lambda route: route.abort())
    context.set_offline(False)
    page.goto("/diary")
    expect(page.locator("#offline-status")).to_contain_text("1 night waiting to be sent")

    page.once("dialog", lambda dialog: dialog.accept())  # "1 night ... not been sent yet"
    follow(
        page,
        page.get_by_role("button", name="Log out"),
        "**/",
        shows=page.get_by_text("You have logged out of this browser."),
    )
    assert page.evaluate("caches.keys()") == []
    assert page.evaluate(QUEUE_SIZE) == 0
    assert page.evaluate("navigator.serviceWorker.getRegistrations().then((r) => r.length)") == 0
    # Nothing is left to answer offline: no worker, no kept form.
    context.set_offline(True)
    with pytest.raises(PlaywrightError, match="ERR_INTERNET_DISCONNECTED"):
        page.goto("/diary/new")


@pytest.fixture
def phone(browser: Any, base_url: str) -> Any:
    context = browser.new_context(base_url=base_url, viewport=PHONE_360, has_touch=True, is_mobile=True)
    yield context.new_page()
    context.close()


def test_taps_from_the_home_screen_to_a_saved_night_on_a_phone(
    phone: Page, new_email: str, live_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """The closing note's figure: taps (touches on the screen; typed digits are counted
    apart) to log a typical night once yesterday's answers carry over (target: 6 or fewer)."""
    page = phone
    register(page, new_email)
    worker_active(page)
    yesterday = date.fromisoformat(page.evaluate("new Date().toISOString().slice(0, 10)")) - timedelta(days=1)
    page.goto(f"/diary/new?date={yesterday.isoformat()}")  # the night before: not counted
    fill_night(page)
    follow(page, page.get_by_role("button", name="Save", exact=True), "**/diary/20*")

    manifest = page.evaluate("fetch('/manifest.webmanifest').then((r) => r.json())")
    taps = 0
    keys = 0
    taps += 1  # the icon on the home screen opens the start URL
    page.goto(manifest["start_url"])
    taps += 1
    link = page.get_by_role("link", name="Log last night")
    link.tap()
    page.wait_for_url("**/diary/new")
    for label, value in NIGHT.items():
        field = page.get_by_label(label)
        if field.input_value() == "":
            taps += 1
            field.tap()
            page.keyboard.type(value)
            keys += len(value)
    taps += 1
    page.get_by_text("3 · Fair").tap()
    taps += 1
    page.get_by_role("button", name="Save", exact=True).tap()
    page.wait_for_url("**/diary/20*")
    expect(page.locator("dl.metrics")).to_contain_text("6 h 20 min")
    assert len(nights_in_database(live_server, new_email)) == 2
    with capsys.disabled():
        print(
            f"\n[figure] taps from the home screen to a saved night (360 px): {taps} taps"
            f" + {keys} typed digits"
        )
    assert taps <= 6
