"""Geometry of the diary's SVG charts (the sleep timeline, the SE and TST trends), computed
here so that an autoescaped template only draws it (templates/diary/_charts.html).

Drawn on the server (no JavaScript) so they print and work everywhere; colours come from
CSS classes so dark mode applies. Each chart carries a title, a text summary and the rows of
a data table as its accessible alternative.

Labels are placed to fit: every chart is WIDTH user units wide and drawn at most at that
size (1 unit = 1 CSS px), so its 12 px text stays 11-12 px from a 360 px phone to a desktop,
and margins and tick steps come from each label's estimated extent (`label_box`), so no
label leaves the picture or overlaps another whatever the nights.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Protocol

from ..clock import format_clock, format_duration, night_label

WIDTH = 320  # user units; the svg's natural width in CSS px (it shrinks on narrower screens)
FONT = 12.0  # every label's font-size in user units: the same number as static/css/charts.css
PAD = 2.0  # the least room kept between two labels and between a label and the edge
GAP = 6.0  # between an axis label and the plot
GOOD_EFFICIENCY = 85.0  # the usual research threshold for good sleep efficiency (docs/sources.md 1.5)

# Glyph advances in em, generous for the sans-serif fonts the page may fall back on
# (DejaVu Sans is the widest of them): an estimate that errs towards too wide.
_NARROW = frozenset("ijlrtf.,:;'|!() \N{NO-BREAK SPACE}\N{NARROW NO-BREAK SPACE}")
_WIDE = frozenset("mwMW%@")
_ASCENT, _DESCENT = 0.97, 0.27  # of the font size, above and below the baseline


class Night(Protocol):
    date: date
    in_bed: time
    tried_to_sleep: time
    sleep_latency_min: int
    awakenings: int
    awake_min: int
    final_wake: time
    out_of_bed: time
    time_in_bed_min: int
    total_sleep_min: int
    sleep_efficiency: float


@dataclass(frozen=True)
class Label:
    x: float
    y: float  # the baseline
    text: str
    anchor: str = "start"  # start | middle | end
    css: str = "axis"  # axis | missing | target-label (bold)


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    css: str  # grid | target


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    css: str
    title: str


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    css: str
    title: str


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    summary: str
    width: int
    height: int
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    lines: tuple[Line, ...] = ()
    polylines: tuple[str, ...] = ()  # SVG points lists
    bars: tuple[Bar, ...] = ()
    dots: tuple[Dot, ...] = ()
    labels: tuple[Label, ...] = ()


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box, margin: float = 0.0) -> bool:
        return not (
            self.x1 + margin <= other.x0
            or other.x1 + margin <= self.x0
            or self.y1 + margin <= other.y0
            or other.y1 + margin <= self.y0
        )


def text_width(text: str, bold: bool = False) -> float:
    """The estimated advance of `text` at FONT, from its characters."""
    ems = sum(0.36 if c in _NARROW else 1.0 if c in _WIDE else 0.8 if c.isupper() else 0.64 for c in text)
    return ems * FONT * (1.1 if bold else 1.0)


def label_box(label: Label) -> Box:
    """The estimated box a label's text covers, in the chart's user units."""
    width = text_width(label.text, bold=label.css == "target-label")
    x0 = label.x - {"start": 0.0, "middle": width / 2, "end": width}[label.anchor]
    return Box(x0, label.y - _ASCENT * FONT, x0 + width, label.y + _DESCENT * FONT)


LABEL_HEIGHT = (_ASCENT + _DESCENT) * FONT
CENTRE = (_ASCENT - _DESCENT) / 2 * FONT  # baseline offset that centres a label on a y


def _named(night: Night) -> str:
    """A night's label; a sleep mostly in daylight is named by its day (§2.1)."""
    return night_label(night.date, night.in_bed, night.out_of_bed)


def _r(value: float) -> float:
    return round(value, 1)


def _clock(value: time) -> int:
    return value.hour * 60 + value.minute


def _day_label(day: date) -> str:
    return f"{day:%a} {day.day}"


def _dates(end: date, days: int) -> list[date]:
    return [end - timedelta(days=days - 1 - i) for i in range(days)]


def _every(count: int, step: int) -> list[int]:
    """Indexes 0..count-1 counted back from the last by `step`, oldest first."""
    return sorted(range(count - 1, -1, -step))


# ---------------------------------------------------------------- sleep timeline


@dataclass(frozen=True)
class Segment:
    start: float  # minutes after noon of the day before the entry's date (wall clock)
    end: float
    kind: str  # bed | latency | asleep | wake | early


def night_segments(night: Night) -> list[Segment]:
    """A night's bar on a wall-clock axis from noon to noon: in bed before trying, falling
    asleep, asleep with the night's awakenings, and early waking.

    The diary records how many awakenings and their total, not when they happened, so
    they are drawn spread evenly across the time asleep (the summary says so).
    """
    out = 720 + _clock(night.out_of_bed)
    final = out - (_clock(night.out_of_bed) - _clock(night.final_wake)) % 1440
    tried = final - (_clock(night.final_wake) - _clock(night.tried_to_sleep)) % 1440
    bed = tried - (_clock(night.tried_to_sleep) - _clock(night.in_bed)) % 1440
    onset = min(tried + night.sleep_latency_min, final)
    segments = []
    if tried > bed:
        segments.append(Segment(bed, tried, "bed"))
    if onset > tried:
        segments.append(Segment(tried, onset, "latency"))
    span = final - onset
    gaps = max(night.awakenings, 1) if night.awake_min > 0 and span > 0 else 0
    gap = min(night.awake_min, span) / gaps if gaps else 0.0
    chunk = (span - gap * gaps) / (gaps + 1)  # asleep, awake, asleep, ..., asleep
    cursor = float(onset)
    for _ in range(gaps):
        if chunk > 0:
            segments.append(Segment(cursor, cursor + chunk, "asleep"))
        segments.append(Segment(cursor + chunk, cursor + chunk + gap, "wake"))
        cursor += chunk + gap
    if final > cursor:
        segments.append(Segment(cursor, final, "asleep"))
    if out > final:
        segments.append(Segment(final, out, "early"))
    return segments


def _clock_at(offset: float, hour12: bool) -> str:
    total = round(12 * 60 + offset) % 1440
    return format_clock(time(total // 60, total % 60), hour12=hour12)


# Hour-tick steps in minutes; each divides a day evenly, so ticks fall on the same clock
# hours every day (midnight included).
TICK_STEPS = (60, 120, 180, 240, 360, 720, 1440)
_SEGMENT_NAMES = {
    "bed": "in bed before trying",
    "latency": "falling asleep",
    "asleep": "asleep",
    "wake": "awake in the night",
    "early": "awake before getting up",
}


def timeline_chart(nights: Sequence[Night], end: date, days: int, *, hour12: bool = False) -> Chart:
    chart_id = "sleep-timeline"
    by_date = {n.date: n for n in nights}
    dates = _dates(end, days)
    segs = {d: night_segments(by_date[d]) for d in dates if d in by_date}
    names = {d: _named(by_date[d]) for d in segs}  # once per night, not per segment
    lo = min([600.0, *(s[0].start for s in segs.values() if s)])  # at least 22:00 ..
    hi = max([1200.0, *(s[-1].end for s in segs.values() if s)])  # .. to 08:00
    # Rows shrink for long periods (the printed report's 8 weeks stay on a page); their
    # labels then go on every few rows, counted back from the last night.
    row = 22.0 if days <= 14 else max(10.0, min(19.0, 560 / days))
    bar = round(row * 0.68, 1)
    label_every = math.ceil((LABEL_HEIGHT + PAD) / row)
    top = PAD + LABEL_HEIGHT + 6
    height = math.ceil(top + row * len(dates) + 6)
    left = PAD + max(text_width(_day_label(d)) for d in dates) + GAP

    def hour_text(offset: float) -> str:
        return _clock_at(offset, hour12)

    widest = max(text_width(hour_text(h * 60)) for h in range(24))
    left = max(left, PAD + widest / 2)
    right = PAD + widest / 2
    plot = WIDTH - left - right
    for step in TICK_STEPS:  # the smallest step whose labels do not touch
        lo_s, hi_s = math.floor(lo / step) * step, math.ceil(hi / step) * step
        scale = plot / (hi_s - lo_s)
        if step * scale >= widest + 2 * PAD:
            break

    lines: list[Line] = []
    labels: list[Label] = []
    bars: list[Bar] = []
    tick = lo_s
    while tick <= hi_s:
        x = _r(left + (tick - lo_s) * scale)
        lines.append(Line(x, top - 4, x, height - 4, "grid"))
        labels.append(Label(x, _r(PAD + _ASCENT * FONT), hour_text(tick), "middle"))
        tick += step
    labelled = set(_every(len(dates), label_every))
    for i, day in enumerate(dates):
        y = top + i * row
        middle = _r(y + bar / 2 + CENTRE)
        if i in labelled:
            labels.append(Label(_r(left - GAP), middle, _day_label(day), "end"))
        if day not in segs:
            if row >= LABEL_HEIGHT + PAD:
                labels.append(Label(_r(left + 4), middle, "not logged", css="missing"))
            continue
        for s in segs[day]:
            bars.append(
                Bar(
                    _r(left + (s.start - lo_s) * scale),
                    _r(y),
                    _r(max((s.end - s.start) * scale, 0)),
                    bar,
                    f"seg seg-{s.kind}",
                    f"{names[day]}: {_SEGMENT_NAMES[s.kind]} {format_duration(s.end - s.start)}",
                )
            )
    logged = [by_date[d] for d in dates if d in by_date]
    title = f"Sleep timeline, last {days} nights"
    if days == 1 and logged:
        n = logged[0]
        title = "The night on a clock"
        summary = (
            f"From getting into bed at {format_clock(n.in_bed, hour12=hour12)} to getting up at "
            f"{format_clock(n.out_of_bed, hour12=hour12)}; the solid part is the "
            f"{format_duration(n.total_sleep_min)} asleep. Awakenings are drawn spread evenly: "
            "the diary records their number and length, not when."
        )
    elif logged:
        starts = [segs[n.date][0].start for n in logged if segs[n.date]]
        ends = [segs[n.date][-1].end for n in logged if segs[n.date]]
        summary = (
            f"{len(logged)} of {days} nights logged. Each row is a night, from getting into bed to "
            f"getting up; the solid part is time asleep. Bed times ranged {_clock_at(min(starts), hour12)}–"
            f"{_clock_at(max(starts), hour12)} and getting-up times {_clock_at(min(ends), hour12)}–"
            f"{_clock_at(max(ends), hour12)}. "
            "Awakenings are drawn spread evenly: the diary records their number and length, not when."
        )
    else:
        summary = f"No nights logged in the last {days} days."
    rows = tuple(
        (
            _named(n),
            format_clock(n.in_bed, hour12=hour12),
            format_clock(n.tried_to_sleep, hour12=hour12),
            str(n.sleep_latency_min),
            f"{n.awakenings} ({n.awake_min} min)",
            format_clock(n.final_wake, hour12=hour12),
            format_clock(n.out_of_bed, hour12=hour12),
            format_duration(n.total_sleep_min),
        )
        for n in logged
    )
    headers = (
        "Night",
        "Into bed",
        "Tried to sleep",
        "Min to fall asleep",
        "Awakenings",
        "Final wake",
        "Out of bed",
        "Asleep",
    )
    return Chart(
        chart_id,
        title,
        summary,
        WIDTH,
        height,
        headers,
        rows,
        lines=tuple(lines),
        bars=tuple(bars),
        labels=tuple(labels),
    )


# ---------------------------------------------------------------- trends

TREND_TOP = PAD + LABEL_HEIGHT / 2 + 4  # room above the top grid line for its label
TREND_PLOT = 138.0
TREND_BOTTOM = TREND_TOP + TREND_PLOT
# The date labels' tops sit below the lowest y-axis label's bottom, so the two axes'
# labels cannot meet in the corner whatever their widths.
DATE_BASELINE = TREND_BOTTOM + LABEL_HEIGHT / 2 + PAD + _ASCENT * FONT + 1
TREND_HEIGHT = math.ceil(DATE_BASELINE + _DESCENT * FONT + PAD)
# Date-label steps in nights: daily, every other night, then whole weeks.
DATE_STEPS = (1, 2, 7, 14, 28, 56, 91, 182, 364, 728)


def _y_labels(values: Iterable[tuple[float, str]], left: float) -> list[Label]:
    return [Label(_r(left - GAP), _r(y + CENTRE), text, "end") for y, text in values]


def _date_labels(dates: list[date], slot: float, first_x: float) -> list[Label]:
    """Dates under the plot: the last night always, then back by the smallest step whose
    labels do not touch; a label that would leave the picture is moved in, and one that
    then meets its neighbour is left out."""
    texts = [f"{d.day} {d:%b}" for d in dates]
    widest = max(text_width(t) for t in texts)
    step = next((s for s in DATE_STEPS if s * slot >= widest + 2 * PAD), DATE_STEPS[-1])
    kept: list[Label] = []
    for i in reversed(_every(len(dates), step)):
        w = text_width(texts[i])
        x = first_x + i * slot
        x = min(max(x, PAD + w / 2), WIDTH - PAD - w / 2)
        label = Label(_r(x), _r(DATE_BASELINE), texts[i], "middle")
        if kept and label_box(label).overlaps(label_box(kept[-1]), PAD):
            continue
        kept.append(label)
    return kept[::-1]


def _trend_frame(days: int, left: float, right: float) -> tuple[float, float]:
    plot = WIDTH - left - right
    return plot / days, left + plot / days / 2


def efficiency_chart(nights: Sequence[Night], end: date, days: int, *, hour12: bool = False) -> Chart:
    """Each night's sleep efficiency as a dot, consecutive nights joined, with the 85% line.
    (`hour12` is accepted like every builder's; this chart writes no clock times.)"""
    chart_id = "efficiency-trend"
    by_date = {n.date: n for n in nights}
    dates = _dates(end, days)
    logged = [by_date[d] for d in dates if d in by_date]
    floor = min([50.0, *(n.sleep_efficiency for n in logged)])
    step = 10 if 100 - (floor // 10) * 10 <= 50 else 20
    floor = max((floor // step) * step, 0)
    grid = list(range(int(floor), 101, step))
    left = PAD + max(text_width(f"{g}%") for g in grid) + GAP
    target_text = f"{GOOD_EFFICIENCY:.0f}%"
    right = 4 + text_width(target_text, bold=True) + PAD
    slot, first_x = _trend_frame(days, left, right)

    def y(value: float) -> float:
        return _r(TREND_BOTTOM - (value - floor) / (100 - floor) * TREND_PLOT)

    lines = [Line(_r(left), y(g), _r(WIDTH - right), y(g), "grid") for g in grid]
    lines.append(Line(_r(left), y(GOOD_EFFICIENCY), _r(WIDTH - right), y(GOOD_EFFICIENCY), "target"))
    labels = _y_labels(((y(g), f"{g}%") for g in grid), left)
    labels.append(
        Label(_r(WIDTH - right + 4), _r(y(GOOD_EFFICIENCY) + CENTRE), target_text, css="target-label")
    )
    runs: list[list[str]] = [[]]
    dots = []
    for i, day in enumerate(dates):
        night = by_date.get(day)
        if night is None:
            runs.append([])
            continue
        px, py = _r(first_x + i * slot), y(night.sleep_efficiency)
        runs[-1].append(f"{px},{py}")
        below = " below" if night.sleep_efficiency < GOOD_EFFICIENCY else ""
        dots.append(Dot(px, py, f"trend-dot{below}", f"{_named(night)}: {night.sleep_efficiency:.1f}%"))
    labels += _date_labels(dates, slot, first_x)
    title = f"Sleep efficiency, last {days} nights"
    if logged:
        above = sum(n.sleep_efficiency >= GOOD_EFFICIENCY for n in logged)
        first, last = _halves_mean([n.sleep_efficiency for n in logged])
        summary = (
            f"Sleep efficiency (time asleep as a share of time in bed) on {len(logged)} logged nights "
            f"ranged {min(n.sleep_efficiency for n in logged):.1f}%–"
            f"{max(n.sleep_efficiency for n in logged):.1f}%; {above} at or above the 85% line. "
            f"{_direction(first, last, '%', 1)}"
        )
    else:
        summary = f"No nights logged in the last {days} days."
    rows = tuple((_named(n), f"{n.sleep_efficiency:.1f}%") for n in logged)
    return Chart(
        chart_id,
        title,
        summary,
        WIDTH,
        TREND_HEIGHT,
        ("Night", "Sleep efficiency"),
        rows,
        lines=tuple(lines),
        # Lines join consecutive logged nights only: a gap in the diary stays a gap.
        polylines=tuple(" ".join(r) for r in runs if len(r) > 1),
        dots=tuple(dots),
        labels=tuple(labels),
    )


# Hour steps of the total-sleep axis, in minutes.
HOUR_STEPS = (120, 180, 240, 360, 720)


def total_sleep_chart(nights: Sequence[Night], end: date, days: int, *, hour12: bool = False) -> Chart:
    """Each night's total sleep as a bar. (`hour12` is accepted like every builder's; this
    chart writes no clock times.)"""
    chart_id = "total-sleep-trend"
    by_date = {n.date: n for n in nights}
    dates = _dates(end, days)
    logged = [by_date[d] for d in dates if d in by_date]
    most = max([600, *(n.total_sleep_min for n in logged)])
    for step in HOUR_STEPS:  # the smallest step whose labels do not touch
        ceiling = -(-most // step) * step
        if TREND_PLOT * step / ceiling >= LABEL_HEIGHT + 2 * PAD:
            break
    grid = range(0, ceiling + 1, step)
    left = PAD + max(text_width(f"{g // 60} h") for g in grid) + GAP
    right = PAD + 6
    slot, first_x = _trend_frame(days, left, right)

    def y(minutes: float) -> float:
        return _r(TREND_BOTTOM - minutes / ceiling * TREND_PLOT)

    lines = [Line(_r(left), y(g), _r(WIDTH - right), y(g), "grid") for g in grid]
    labels = _y_labels(((y(g), f"{g // 60} h") for g in grid), left)
    bars = []
    for i, day in enumerate(dates):
        night = by_date.get(day)
        if night is None:
            continue
        top = y(night.total_sleep_min)
        bars.append(
            Bar(
                _r(first_x + i * slot - slot * 0.35),
                top,
                _r(slot * 0.7),
                _r(TREND_BOTTOM - top),
                "bar",
                f"{_named(night)}: {format_duration(night.total_sleep_min)} asleep",
            )
        )
    labels += _date_labels(dates, slot, first_x)
    title = f"Total sleep time, last {days} nights"
    if logged:
        first, last = _halves_mean([n.total_sleep_min for n in logged])
        summary = (
            f"Total sleep on {len(logged)} logged nights ranged "
            f"{format_duration(min(n.total_sleep_min for n in logged))}"
            f" to {format_duration(max(n.total_sleep_min for n in logged))}. "
            f"{_direction(first, last, ' min', 0)}"
        )
    else:
        summary = f"No nights logged in the last {days} days."
    rows = tuple((_named(n), format_duration(n.total_sleep_min)) for n in logged)
    return Chart(
        chart_id,
        title,
        summary,
        WIDTH,
        TREND_HEIGHT,
        ("Night", "Total sleep"),
        rows,
        lines=tuple(lines),
        bars=tuple(bars),
        labels=tuple(labels),
    )


def _halves_mean(values: list[float] | list[int]) -> tuple[float | None, float | None]:
    if len(values) < 4:
        return None, None
    half = len(values) // 2
    return sum(values[:half]) / half, sum(values[-half:]) / half


def _direction(first: float | None, last: float | None, unit: str, digits: int) -> str:
    if first is None or last is None:
        return ""
    change = last - first
    if abs(change) < (1 if unit == "%" else 10):
        return "About the same in the second half of the period as in the first."
    word = "Up" if change > 0 else "Down"
    return (
        f"{word} {abs(change):.{digits}f}{unit} on average from the first half of the period to the second."
    )
