"""The diary's chart labels as Chromium draws them, on a 360 px phone and a desktop: every
label inside its picture, none overlapping another, and the text the same size on both."""

from __future__ import annotations

import uuid
from itertools import combinations

import pytest

from tests.e2e.pages import PASSWORD, login_page

SMALL_PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}

# Each chart's labels: the real box of each text (getBBox, in the svg's own units), the
# svg's viewBox, and the text's size on screen (its font size times the svg's drawn scale,
# from getBoundingClientRect).
MEASURE = """() => [...document.querySelectorAll('svg.chart')].map(svg => {
  const vb = svg.viewBox.baseVal;
  const scale = svg.getBoundingClientRect().width / vb.width;
  return {
    id: svg.id, width: vb.width, height: vb.height, scale,
    labels: [...svg.querySelectorAll(':scope > text')].map(t => {
      const b = t.getBBox();
      return {text: t.textContent, x0: b.x, y0: b.y, x1: b.x + b.width, y1: b.y + b.height,
              px: parseFloat(getComputedStyle(t).fontSize) * scale};
    }),
  };
})"""


def _check(charts: list[dict], where: str) -> None:
    assert charts, f"no charts at {where}"
    for chart in charts:
        assert chart["labels"], f"{chart['id']} has no labels at {where}"
        for label in chart["labels"]:
            inside = (
                label["x0"] >= -0.5
                and label["y0"] >= -0.5
                and label["x1"] <= chart["width"] + 0.5
                and label["y1"] <= chart["height"] + 0.5
            )
            assert inside, (
                f"{chart['id']} at {where}: {label} leaves the {chart['width']}x{chart['height']} box"
            )
            # Steady text: 12 px on a desktop, no smaller than 11 px on a 360 px phone.
            assert 11 <= label["px"] <= 13, (
                f"{chart['id']} at {where}: {label['text']!r} is {label['px']:.1f}px"
            )
        for a, b in combinations(chart["labels"], 2):
            apart = (
                a["x1"] <= b["x0"] + 0.5
                or b["x1"] <= a["x0"] + 0.5
                or a["y1"] <= b["y0"] + 0.5
                or b["y1"] <= a["y0"] + 0.5
            )
            assert apart, f"{chart['id']} at {where}: {a} overlaps {b}"


@pytest.fixture(scope="module")
def diary_account(live_server):
    """Four weeks of demo nights with gaps (the seed leaves some mornings out)."""
    email = f"labels-{uuid.uuid4().hex[:8]}@example.com"
    live_server.flask("seed-demo", "--email", email, "--password", PASSWORD, "--nights", "28", "--seed", "3")
    return email


@pytest.mark.parametrize(("form_factor", "size"), [("phone", SMALL_PHONE), ("desktop", DESKTOP)])
def test_chart_labels_fit_and_keep_their_size(page, diary_account, form_factor, size):
    page.set_viewport_size(size)
    login_page(page, diary_account)
    page.goto("/diary")
    page.wait_for_load_state()
    charts = page.evaluate(MEASURE)
    assert {c["id"] for c in charts} == {"sleep-timeline", "efficiency-trend", "total-sleep-trend"}
    _check(charts, f"/diary ({form_factor})")
    assert page.locator("#sleep-timeline rect.seg-asleep").count() > 0
    # One night's page: the chart the issue saw at 26 px on a desktop and 10 px on a phone.
    page.goto("/diary/history")
    first_night = page.locator("table a[href*='/diary/20']").first.get_attribute("href")
    assert first_night
    page.goto(first_night)
    page.wait_for_load_state()
    single = page.evaluate(MEASURE)
    assert [c["id"] for c in single] == ["sleep-timeline"]
    _check(single, f"{first_night} ({form_factor})")
