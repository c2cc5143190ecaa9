"""The import page in a real browser on a phone: a CSV into an empty diary, an unreadable
file, then the whole JSON export over it (both versions of a night side by side), confirmed."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.pages import check_a11y, follow, no_horizontal_scroll, register, screenshot
from tests.factories import ENTRY_DEFAULTS

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "export-v1.json"
SMALL_PHONE = {"width": 360, "height": 740}
ACCOUNT = re.compile(r"/account(#data)?$")


def _choose(page, path: Path) -> None:  # type: ignore[no-untyped-def]
    page.get_by_label("The file to import").set_input_files(str(path))


def test_import_a_csv_then_the_whole_record(page, new_email, tmp_path, screenshot_dir):
    page.set_viewport_size(SMALL_PHONE)
    register(page, new_email)
    page.goto("/account")
    follow(page, page.get_by_role("link", name="Import", exact=True), "**/account/import")
    check_a11y(page)
    no_horizontal_scroll(page)

    # 1. A CSV of one night into an empty diary.
    csv_file = tmp_path / "nights.csv"
    names = ["date", *ENTRY_DEFAULTS, "comments"]
    csv_file.write_text(
        ",".join(names)
        + "\n"
        + ",".join(["2026-03-02", *map(str, ENTRY_DEFAULTS.values()), "from the CSV"])
        + "\n"
    )
    _choose(page, csv_file)
    preview = page.get_by_role("heading", name="Check the import")
    follow(
        page, page.get_by_role("button", name="Show what would change"), "**/account/import", shows=preview
    )
    expect(page.get_by_role("heading", name="To add (1)")).to_be_visible()
    check_a11y(page)
    done = page.get_by_text("Imported: 1 new night; 0 already in your diary.")
    follow(page, page.get_by_role("button", name="Import", exact=True), ACCOUNT, shows=done)

    # 2. A file that cannot be read says why, on the upload page.
    page.goto("/account/import")
    broken = tmp_path / "broken.json"
    broken.write_bytes(b'{"format": "sleepapp-export", ')
    _choose(page, broken)
    why = page.get_by_text("The file is not valid JSON.").first
    follow(page, page.get_by_role("button", name="Show what would change"), "**/account/import", shows=why)
    check_a11y(page)

    # 3. The whole record over it: the night of 2 March would be replaced, both versions shown.
    _choose(page, FIXTURE)
    follow(
        page, page.get_by_role("button", name="Show what would change"), "**/account/import", shows=preview
    )
    nights = page.get_by_role("region", name="Diary nights")
    expect(nights.get_by_role("heading", name="To replace (1)")).to_be_visible()
    compare = nights.get_by_role("table", name=re.compile("2026-03-02"))
    expect(compare.get_by_role("row", name=re.compile("Comments"))).to_contain_text("from the CSV")
    expect(compare.get_by_role("row", name=re.compile("Comments"))).to_contain_text("noisy, neighbours")
    expect(page.get_by_role("heading", name="Habits")).to_be_visible()
    no_horizontal_scroll(page)
    check_a11y(page)
    screenshot(page, screenshot_dir, "import-preview-phone")
    done = page.get_by_text(re.compile(r"Imported: 2 new nights; 1 already in your diary; habits: 3 added"))
    follow(page, page.get_by_role("button", name="Import", exact=True), ACCOUNT, shows=done)

    page.goto("/program/habits")
    expect(page.get_by_text("Walk at lunch").first).to_be_visible()
