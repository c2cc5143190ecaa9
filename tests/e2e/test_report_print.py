"""The doctor report on paper: a month of nights with every optional item answered prints
to A4 and Letter, with no table cell past the page's content box and nothing interactive
printed."""

from __future__ import annotations

import subprocess
import sys
import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.pages import PASSWORD, ROOT, login_page

MARGIN_MM = 15  # static/css/report.css's @page margin
PAPERS = [("A4", 210.0), ("Letter", 215.9)]

# Every answer given and each one long: the widest night table the diary can produce, on a
# 12-hour clock (the longer times).
FULL_MONTH = """
import sys
from datetime import timedelta

import sqlalchemy as sa

from sleepapp import create_app
from sleepapp.auth.models import User
from sleepapp.diary.service import save_entry, today_for
from sleepapp.extensions import db

app = create_app()
with app.app_context():
    user = db.session.scalar(sa.select(User).where(User.email == sys.argv[1]))
    user.clock_hours = 12
    db.session.commit()
    today = today_for(user)
    for back in range(28):
        save_entry(user, today - timedelta(days=back), {
            "in_bed": "22:45", "tried_to_sleep": "23:10", "sleep_latency_min": 95,
            "awakenings": 12, "awake_min": 125, "final_wake": "05:50", "out_of_bed": "07:10",
            "quality": 2, "rested": 2, "naps": 3, "nap_min": 105,
            "caffeine_drinks": 11, "caffeine_last": "12:45", "alcohol_drinks": 4, "alcohol_last": "22:30",
            "medication": "The one from Dr Lee, as written",
            "comments": "Woke at every noise from the street; " * 5,
        }, confirmed=True)
"""

CELLS_PAST = """(width) => [...document.querySelectorAll('th, td')]
  .filter(c => {
    const r = c.getBoundingClientRect();
    return r.width > 0 && (r.left < -0.5 || r.right > width + 0.5);
  })
  .map(c => c.textContent.trim() + ' ' + Math.round(c.getBoundingClientRect().right))"""


@pytest.fixture(scope="module")
def full_month(live_server):
    email = f"report-{uuid.uuid4().hex[:8]}@example.com"
    live_server.flask("seed-demo", "--email", email, "--password", PASSWORD, "--nights", "28", "--seed", "5")
    subprocess.run([sys.executable, "-c", FULL_MONTH, email], cwd=ROOT, env=live_server.env, check=True)
    return email


@pytest.mark.parametrize(("paper", "width_mm"), PAPERS)
def test_report_prints_on_a4_and_letter(page, full_month, paper, width_mm, tmp_path):
    login_page(page, full_month)
    page.goto("/report?days=28&comments=1")
    expect(page.locator("svg#sleep-timeline")).to_be_visible()
    expect(page.locator("svg#efficiency-trend")).to_be_visible()

    pdf = page.pdf(format=paper, path=str(tmp_path / f"report-{paper}.pdf"))
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000

    content_px = (width_mm - 2 * MARGIN_MM) / 25.4 * 96
    page.emulate_media(media="print")
    page.set_viewport_size({"width": int(content_px), "height": 1100})
    page.wait_for_function(f"document.documentElement.clientWidth === {int(content_px)}")
    rows = page.locator(".report-nights tbody tr")
    expect(rows).to_have_count(28)
    # every optional item is in the table, and the comments the person asked for
    first = rows.first
    for text in (
        "12",
        "2 h 05 min",
        "3 (1 h 45 min)",
        "11 (last 12:45\N{NO-BREAK SPACE}PM)",
        "4 (last 10:30\N{NO-BREAK SPACE}PM)",
    ):
        expect(first).to_contain_text(text)
    expect(page.locator(".night-comments li")).to_have_count(28)
    past = page.evaluate(CELLS_PAST, int(content_px))
    assert not past, f"{paper}: cells past the {int(content_px)}px content box: {past[:5]}"
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{paper}: the printed page is {overflow}px wider than its content box"
    # nothing interactive on paper: the period form, the comments box, the hints
    assert page.locator("form.report-period").is_hidden()
    assert page.get_by_text("swipe the table sideways").is_hidden()
    assert page.get_by_text("use your browser's Print command").is_hidden()
    # the two pictures sit side by side and fit the page's width
    boxes = [page.locator(f"svg#{i}").bounding_box() for i in ("sleep-timeline", "efficiency-trend")]
    assert all(b and b["x"] >= 0 and b["x"] + b["width"] <= content_px + 0.5 for b in boxes)
    assert boxes[0] and boxes[1] and boxes[1]["x"] > boxes[0]["x"] + boxes[0]["width"] - 1
