"""Chart geometry: timeline segments on a noon-to-noon clock, trend gaps, accessible SVG."""

from dataclasses import dataclass
from datetime import date, time
from itertools import pairwise

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


clocks = st.builds(time, st.integers(0, 23), st.integers(0, 59))


@given(clocks, clocks, clocks, clocks, st.integers(0, 300), st.integers(0, 9), st.integers(0, 300))
def test_segments_tile_the_night(a, b, c, d, sol, n, waso):
    segs = charts.night_segments(FakeNight(date(2026, 6, 2), a, b, sol, n, waso, c, d))
    for first, second in pairwise(segs):
        assert abs(first.end - second.start) < 1e-6
    assert all(s.end >= s.start for s in segs)
    if segs:
        assert abs(segs[-1].end - (720 + d.hour * 60 + d.minute)) < 1e-6


def test_charts_escape_and_describe():
    nights = [FakeNight(date(2026, 6, day)) for day in (1, 2, 4)]
    for chart in (
        charts.timeline_chart(nights, date(2026, 6, 4), 7),
        charts.efficiency_chart(nights, date(2026, 6, 4), 7),
        charts.total_sleep_chart(nights, date(2026, 6, 4), 7),
    ):
        assert f'aria-labelledby="{chart.id}-title {chart.id}-desc"' in chart.svg
        assert "<script" not in chart.svg and "style=" not in chart.svg
        assert len(chart.rows) == 3 and chart.summary
    se = charts.efficiency_chart(nights, date(2026, 6, 4), 7)
    assert se.svg.count("<polyline") == 1  # 1-2 June joined; 4 June alone after the gap
    assert se.svg.count("<circle") == 3
    assert 'class="target"' in se.svg
    timeline = charts.timeline_chart(nights, date(2026, 6, 4), 7)
    assert timeline.svg.count("not logged") == 4
    assert "→" in timeline.rows[0][0]


def test_empty_charts_say_so():
    chart = charts.efficiency_chart([], date(2026, 6, 4), 28)
    assert chart.rows == [] and "No nights" in chart.summary
