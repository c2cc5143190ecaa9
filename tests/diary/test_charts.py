"""Chart geometry: timeline segments on a noon-to-noon clock, trend gaps, labels that fit
(no label outside the picture, none overlapping another, over generated diaries), and the
autoescaped template that draws them."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import combinations, pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sleepapp.diary import charts


@dataclass
class FakeNight:
    date: date
    in_bed: time = time(23, 0)
    tried_to_sleep: time = time(23, 15)
    sleep_latency_min: int = 20
    awakenings: int = 2
    awake_min: int = 30
    final_wake: time = time(6, 30)
    out_of_bed: time = time(7, 0)
    time_in_bed_min: int = 480
    total_sleep_min: int = 385
    sleep_efficiency: float = 80.2


END = date(2026, 6, 4)
BUILDERS = (charts.timeline_chart, charts.efficiency_chart, charts.total_sleep_chart)


def render(app, chart: charts.Chart) -> str:
    with app.app_context():
        return str(app.jinja_env.get_template("diary/_charts.html").module.chart_svg(chart))


def test_segments_span_midnight_in_order():
    segs = charts.night_segments(FakeNight(date(2026, 6, 2)))
    assert [s.kind for s in segs] == ["bed", "latency", "asleep", "wake", "asleep", "wake", "asleep", "early"]
    assert segs[0].start == 11 * 60  # 23:00 is 11 h after noon
    assert segs[-1].end == 19 * 60  # 07:00 next morning
    assert sum(s.end - s.start for s in segs if s.kind == "wake") == 30
    assert all(abs(a.end - b.start) < 1e-9 for a, b in pairwise(segs))


def test_day_sleeper_sits_in_the_afternoon():
    night = FakeNight(date(2026, 6, 2), time(9), time(9), 10, 0, 0, time(15, 30), time(16))
    segs = charts.night_segments(night)
    assert segs[0].start == 21 * 60 and segs[-1].end == 28 * 60
    assert [s.kind for s in segs] == ["latency", "asleep", "early"]


@pytest.mark.parametrize("build", BUILDERS)
def test_a_day_sleep_is_named_by_its_day_and_a_night_by_its_night(build):
    day = FakeNight(date(2026, 3, 29), time(8, 30), time(8, 40), 10, 0, 0, time(15, 50), time(16))
    night = FakeNight(date(2026, 3, 30))
    chart = build([day, night], date(2026, 3, 30), 7)
    labels = [row[0] for row in chart.rows]
    assert labels == ["day sleep, Sun 29 Mar", "Sun 29 → Mon 30 Mar"]
    titles = [item.title for item in (*chart.bars, *chart.dots)]
    assert any(t.startswith("day sleep, Sun 29 Mar:") for t in titles)
    assert not any(t.startswith("Sat 28 → Sun 29") for t in titles)


clocks = st.builds(time, st.integers(0, 23), st.integers(0, 59))


@given(clocks, clocks, clocks, clocks, st.integers(0, 300), st.integers(0, 9), st.integers(0, 300))
def test_segments_tile_the_night(a, b, c, d, sol, n, waso):
    segs = charts.night_segments(FakeNight(date(2026, 6, 2), a, b, sol, n, waso, c, d))
    for first, second in pairwise(segs):
        assert abs(first.end - second.start) < 1e-6
    assert all(s.end >= s.start for s in segs)
    if segs:
        assert abs(segs[-1].end - (720 + d.hour * 60 + d.minute)) < 1e-6


def test_charts_describe_and_keep_gaps():
    nights = [FakeNight(date(2026, 6, day)) for day in (1, 2, 4)]
    for build in BUILDERS:
        chart = build(nights, END, 7)
        assert len(chart.rows) == 3 and chart.summary and chart.title
    se = charts.efficiency_chart(nights, END, 7)
    assert len(se.polylines) == 1  # 1-2 June joined; 4 June alone after the gap
    assert len(se.polylines[0].split()) == 2
    assert len(se.dots) == 3
    assert [line.css for line in se.lines].count("target") == 1
    timeline = charts.timeline_chart(nights, END, 7)
    assert [label.text for label in timeline.labels].count("not logged") == 4
    assert "→" in timeline.rows[0][0]
    assert {b.css for b in timeline.bars} == {
        f"seg seg-{k}" for k in ("bed", "latency", "asleep", "wake", "early")
    }


def test_template_draws_the_geometry_accessibly(app):
    nights = [FakeNight(date(2026, 6, day)) for day in (1, 2, 4)]
    for build in BUILDERS:
        chart = build(nights, END, 7)
        svg = render(app, chart)
        assert svg.startswith(f'<svg class="chart" id="{chart.id}"')
        assert f'aria-labelledby="{chart.id}-title {chart.id}-desc"' in svg
        # drawn at its natural size: the width attribute is the viewBox's width
        assert f'viewBox="0 0 {chart.width} {chart.height}" width="{chart.width}"' in svg
        assert "<script" not in svg and "style=" not in svg
        assert svg.count("<text") == len(chart.labels)
    se = render(app, charts.efficiency_chart(nights, END, 7))
    assert se.count("<polyline") == 1 and se.count("<circle") == 3 and 'class="target"' in se


def test_template_escapes_every_text(app):
    chart = charts.Chart(
        "x",
        "<b>title</b>",
        'say "hi" & <script>',
        320,
        100,
        ("h",),
        (),
        bars=(charts.Bar(1, 2, 3, 4, "bar", "<i>tip</i>"),),
        labels=(charts.Label(1, 2, "<em>label</em>"),),
    )
    svg = render(app, chart)
    assert "<b>" not in svg and "<script>" not in svg and "<i>" not in svg and "<em>" not in svg
    assert "&lt;em&gt;label&lt;/em&gt;" in svg and "&lt;script&gt;" in svg


def test_empty_charts_say_so():
    chart = charts.efficiency_chart([], END, 28)
    assert chart.rows == () and "No nights" in chart.summary
    assert charts.timeline_chart([], END, 1).summary == "No nights logged in the last 1 days."


def test_clock_labels_follow_the_setting():
    night = FakeNight(END)
    plain = charts.timeline_chart([night], END, 1)
    twelve = charts.timeline_chart([night], END, 1, hour12=True)
    assert plain.rows[0][1] == "23:00" and "at 23:00" in plain.summary
    assert (
        twelve.rows[0][1] == "11:00\N{NO-BREAK SPACE}PM" and "at 11:00\N{NO-BREAK SPACE}PM" in twelve.summary
    )
    assert any(label.text.endswith("AM") for label in twelve.labels)
    assert not any("M" in label.text for label in plain.labels if label.css == "axis" and ":" in label.text)
    for build in BUILDERS:  # every builder takes the keyword
        assert build([night], END, 7, hour12=True).rows


# ---------------------------------------------------------------- labels that fit


def _problems(chart: charts.Chart) -> list[str]:
    """Labels outside the viewBox or overlapping each other (estimated from character count
    and font size, charts.label_box), and shapes outside the viewBox."""
    found = []
    boxes = [(label, charts.label_box(label)) for label in chart.labels]
    for label, box in boxes:
        if box.x0 < 0 or box.y0 < 0 or box.x1 > chart.width or box.y1 > chart.height:
            found.append(f"{label.text!r} leaves the picture: {box}")
    for (a, box_a), (b, box_b) in combinations(boxes, 2):
        if box_a.overlaps(box_b, margin=1.0):
            found.append(f"{a.text!r} {box_a} overlaps {b.text!r} {box_b}")
    for bar in chart.bars:
        if bar.x < 0 or bar.x + bar.width > chart.width + 0.1 or bar.y + bar.height > chart.height:
            found.append(f"bar outside: {bar}")
    for dot in chart.dots:
        if not (0 <= dot.x <= chart.width and 0 <= dot.y <= chart.height):
            found.append(f"dot outside: {dot}")
    return found


@st.composite
def diary_nights(draw: st.DrawFn) -> dict:
    """A real-looking night at any hour (day sleepers too), with its derived metrics."""
    bed = datetime(2026, 1, 1, draw(st.integers(0, 23)), draw(st.integers(0, 59)))
    tried = bed + timedelta(minutes=draw(st.integers(0, 120)))
    sol = draw(st.integers(0, 240))
    asleep_span = draw(st.integers(0, 900))
    final = tried + timedelta(minutes=sol + asleep_span)
    out = final + timedelta(minutes=draw(st.integers(0, 120)))
    tib = int((out - bed).total_seconds() // 60)
    if not 0 < tib < 1440:
        tib = max(1, min(tib, 1439))
    waso = draw(st.integers(0, asleep_span))
    tst = max(asleep_span - waso, 0)
    return {
        "in_bed": bed.time(),
        "tried_to_sleep": tried.time(),
        "sleep_latency_min": sol,
        "awakenings": draw(st.integers(0 if waso == 0 else 1, 20)),
        "awake_min": waso,
        "final_wake": final.time(),
        "out_of_bed": out.time(),
        "time_in_bed_min": tib,
        "total_sleep_min": min(tst, tib),
        "sleep_efficiency": round(min(tst, tib) / tib * 100, 1),
    }


@given(
    days=st.sampled_from([1, 7, 14, 28, 56, 365]),
    kinds=st.lists(diary_nights(), min_size=1, max_size=6),
    density=st.floats(0, 1),
    rnd=st.randoms(use_true_random=False),
    end=st.dates(date(2020, 1, 1), date(2030, 12, 31)),
    hour12=st.booleans(),
)
def test_no_label_leaves_the_picture_or_meets_another(days, kinds, density, rnd, end, hour12):
    """1 to 365 nights with gaps, at any hours, in both clocks: every label fits."""
    nights = [
        FakeNight(end - timedelta(days=back), **kinds[back % len(kinds)])
        for back in range(days)
        if rnd.random() < density
    ]
    for build in BUILDERS:
        chart = build(nights, end, days, hour12=hour12)
        assert chart.width == charts.WIDTH
        assert not _problems(chart), f"{chart.id}, {days} days: {_problems(chart)[:3]}"


@pytest.mark.parametrize("days", [7, 28])
def test_the_reported_clashes_are_gone(days):
    """Issue 11: the 85% label was clipped at the right edge, and "40%" and "0 h" met the
    first date label."""
    nights = [FakeNight(END - timedelta(days=i), sleep_efficiency=40.0 + i) for i in range(days)]
    se = charts.efficiency_chart(nights, END, days)
    target = next(label for label in se.labels if label.css == "target-label")
    assert charts.label_box(target).x1 <= se.width - charts.PAD
    forty = next(label for label in se.labels if label.text == "40%")
    dates = [label for label in se.labels if label.anchor == "middle"]
    assert dates and not any(charts.label_box(forty).overlaps(charts.label_box(d)) for d in dates)
    tst = charts.total_sleep_chart(nights, END, days)
    zero = next(label for label in tst.labels if label.text == "0 h")
    dates = [label for label in tst.labels if label.anchor == "middle"]
    assert not any(charts.label_box(zero).overlaps(charts.label_box(d)) for d in dates)
    assert dates[-1].text == f"{END.day} {END:%b}"  # the last night is always named


def test_text_estimate_is_wider_for_wider_text():
    assert charts.text_width("100%") > charts.text_width("90%") > charts.text_width("1")
    assert charts.text_width("85%", bold=True) > charts.text_width("85%")
    label = charts.Label(100, 50, "22:00", "end")
    box = charts.label_box(label)
    assert box.x1 == 100 and box.y0 < 50 < box.y1
