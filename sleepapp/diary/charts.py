"""Server-side SVG charts of the diary: the sleep timeline and the SE and TST trends.

Drawn in Python (no JavaScript) so they print and work everywhere; colours come from CSS
classes so dark mode applies. Each chart carries a title, a text summary and the rows of
a data table as its accessible alternative.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Protocol

from markupsafe import Markup, escape

from ..clock import format_duration, night_label

WIDTH = 400
LEFT = 52
RIGHT = 28
GOOD_EFFICIENCY = 85.0  # the usual research threshold for good sleep efficiency (docs/sources.md 1.5)


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
class Chart:
    id: str
    title: str
    summary: str
    svg: Markup
    headers: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]


def _clock(value: time) -> int:
    return value.hour * 60 + value.minute


def _day_label(day: date) -> str:
    return f"{day:%a} {day.day}"


def _svg(chart_id: str, title: str, summary: str, height: float, body: list[str]) -> Markup:
    head = (
        f'<svg class="chart" id="{chart_id}" viewBox="0 0 {WIDTH} {height:.0f}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(summary)}</desc>'
    )
    return Markup(head + "".join(body) + "</svg>")  # noqa: S704 - every text part is escaped


def _rect(x: float, y: float, w: float, h: float, cls: str, tip: str | None = None) -> str:
    title = f"<title>{escape(tip)}</title>" if tip else ""
    return (
        f'<rect class="{cls}" x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{h:.1f}" rx="1">'
        f"{title}</rect>"
    )


def _text(x: float, y: float, text: str, cls: str = "label", anchor: str = "start") -> str:
    return f'<text class="{cls}" x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}">{escape(text)}</text>'


def _line(x1: float, y1: float, x2: float, y2: float, cls: str) -> str:
    return f'<line class="{cls}" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}"/>'


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


def _clock_at(offset: float) -> str:
    total = round(12 * 60 + offset) % 1440
    return f"{total // 60:02d}:{total % 60:02d}"


def _axis_label(offset: float) -> str:
    return f"{int((12 * 60 + offset) // 60) % 24:02d}:00"


def timeline_chart(nights: Sequence[Night], end: date, days: int) -> Chart:
    chart_id = "sleep-timeline"
    by_date = {n.date: n for n in nights}
    dates = [end - timedelta(days=days - 1 - i) for i in range(days)]
    segs = {d: night_segments(by_date[d]) for d in dates if d in by_date}
    lo = min([600.0, *(s[0].start for s in segs.values())])  # at least 22:00 ..
    hi = max([1200.0, *(s[-1].end for s in segs.values())])  # .. to 08:00
    lo, hi = (lo // 60) * 60, -(-hi // 60) * 60
    row, bar, top = 22.0, 15.0, 26.0
    height = top + row * len(dates) + 6
    scale = (WIDTH - LEFT - RIGHT) / (hi - lo)
    step = 120 if hi - lo <= 16 * 60 else 240
    body: list[str] = []
    tick = lo
    while tick <= hi:
        x = LEFT + (tick - lo) * scale
        body.append(_line(x, top - 4, x, height - 4, "grid"))
        body.append(_text(x, top - 8, _axis_label(tick), "axis", "middle"))
        tick += step
    names = {
        "bed": "in bed before trying",
        "latency": "falling asleep",
        "asleep": "asleep",
        "wake": "awake in the night",
        "early": "awake before getting up",
    }
    for i, day in enumerate(dates):
        y = top + i * row
        body.append(_text(LEFT - 6, y + bar - 3, _day_label(day), "axis", "end"))
        if day not in segs:
            body.append(_text(LEFT + 4, y + bar - 3, "not logged", "missing"))
            continue
        for s in segs[day]:
            tip = f"{night_label(day)}: {names[s.kind]} {format_duration(s.end - s.start)}"
            body.append(
                _rect(
                    LEFT + (s.start - lo) * scale, y, (s.end - s.start) * scale, bar, f"seg seg-{s.kind}", tip
                )
            )
    logged = [by_date[d] for d in dates if d in by_date]
    title = f"Sleep timeline, last {days} nights"
    if days == 1 and logged:
        n = logged[0]
        title = "The night on a clock"
        summary = (
            f"From getting into bed at {n.in_bed:%H:%M} to getting up at {n.out_of_bed:%H:%M}; the solid "
            f"part is the {format_duration(n.total_sleep_min)} asleep. Awakenings are drawn spread evenly: "
            "the diary records their number and length, not when."
        )
    elif logged:
        starts = [segs[n.date][0].start for n in logged]
        ends = [segs[n.date][-1].end for n in logged]
        summary = (
            f"{len(logged)} of {days} nights logged. Each row is a night, from getting into bed to "
            f"getting up; the solid part is time asleep. Bed times ranged {_clock_at(min(starts))}–"
            f"{_clock_at(max(starts))} and getting-up times {_clock_at(min(ends))}–{_clock_at(max(ends))}. "
            "Awakenings are drawn spread evenly: the diary records their number and length, not when."
        )
    else:
        summary = f"No nights logged in the last {days} days."
    rows = [
        (
            night_label(n.date),
            f"{n.in_bed:%H:%M}",
            f"{n.tried_to_sleep:%H:%M}",
            str(n.sleep_latency_min),
            f"{n.awakenings} ({n.awake_min} min)",
            f"{n.final_wake:%H:%M}",
            f"{n.out_of_bed:%H:%M}",
            format_duration(n.total_sleep_min),
        )
        for n in logged
    ]
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
    return Chart(chart_id, title, summary, _svg(chart_id, title, summary, height, body), headers, rows)


# ---------------------------------------------------------------- trends


def _trend_frame(days: int) -> tuple[float, float]:
    plot = WIDTH - LEFT - RIGHT
    return plot / days, LEFT + plot / days / 2


def _x_axis(body: list[str], dates: list[date], bottom: float, slot: float, first_x: float) -> None:
    for i, day in enumerate(dates):
        if i % 7 == len(dates) % 7 or i == len(dates) - 1:
            x = first_x + i * slot
            body.append(_text(x, bottom + 14, f"{day.day} {day:%b}", "axis", "middle"))


def efficiency_chart(nights: Sequence[Night], end: date, days: int) -> Chart:
    chart_id = "efficiency-trend"
    by_date = {n.date: n for n in nights}
    dates = [end - timedelta(days=days - 1 - i) for i in range(days)]
    top, bottom = 12.0, 150.0
    logged = [by_date[d] for d in dates if d in by_date]
    floor = min([50.0, *(n.sleep_efficiency for n in logged)])
    floor = (floor // 10) * 10
    slot, first_x = _trend_frame(days)

    def y(value: float) -> float:
        return bottom - (value - floor) / (100 - floor) * (bottom - top)

    body: list[str] = []
    for g in range(int(floor), 101, 10 if 100 - floor <= 50 else 20):
        body.append(_line(LEFT, y(g), WIDTH - RIGHT, y(g), "grid"))
        body.append(_text(LEFT - 6, y(g) + 4, f"{g}%", "axis", "end"))
    body.append(_line(LEFT, y(GOOD_EFFICIENCY), WIDTH - RIGHT, y(GOOD_EFFICIENCY), "target"))
    body.append(_text(WIDTH - RIGHT + 3, y(GOOD_EFFICIENCY) + 4, "85%", "target-label"))
    runs: list[list[str]] = [[]]
    for i, day in enumerate(dates):
        night = by_date.get(day)
        if night is None:
            runs.append([])
            continue
        px, py = first_x + i * slot, y(night.sleep_efficiency)
        runs[-1].append(f"{px:.1f},{py:.1f}")
        below = " below" if night.sleep_efficiency < GOOD_EFFICIENCY else ""
        body.append(
            f'<circle class="trend-dot{below}" cx="{px:.1f}" cy="{py:.1f}" r="3">'
            f"<title>{escape(night_label(day))}: {night.sleep_efficiency:.1f}%</title></circle>"
        )
    # Lines join consecutive logged nights only: a gap in the diary stays a gap.
    body[:0] = [f'<polyline class="trend-line" points="{" ".join(r)}"/>' for r in runs if len(r) > 1]
    _x_axis(body, dates, bottom, slot, first_x)
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
    rows = [(night_label(n.date), f"{n.sleep_efficiency:.1f}%") for n in logged]
    svg = _svg(chart_id, title, summary, bottom + 20, body)
    return Chart(chart_id, title, summary, svg, ("Night", "Sleep efficiency"), rows)


def total_sleep_chart(nights: Sequence[Night], end: date, days: int) -> Chart:
    chart_id = "total-sleep-trend"
    by_date = {n.date: n for n in nights}
    dates = [end - timedelta(days=days - 1 - i) for i in range(days)]
    top, bottom = 12.0, 150.0
    logged = [by_date[d] for d in dates if d in by_date]
    ceiling = max([600, *(n.total_sleep_min for n in logged)])
    ceiling = -(-ceiling // 120) * 120
    slot, first_x = _trend_frame(days)

    def y(minutes: float) -> float:
        return bottom - minutes / ceiling * (bottom - top)

    body: list[str] = []
    for g in range(0, ceiling + 1, 120):
        body.append(_line(LEFT, y(g), WIDTH - RIGHT, y(g), "grid"))
        body.append(_text(LEFT - 6, y(g) + 4, f"{g // 60} h", "axis", "end"))
    for i, day in enumerate(dates):
        night = by_date.get(day)
        if night is None:
            continue
        x = first_x + i * slot - slot * 0.35
        tip = f"{night_label(day)}: {format_duration(night.total_sleep_min)} asleep"
        body.append(
            _rect(x, y(night.total_sleep_min), slot * 0.7, bottom - y(night.total_sleep_min), "bar", tip)
        )
    _x_axis(body, dates, bottom, slot, first_x)
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
    rows = [(night_label(n.date), format_duration(n.total_sleep_min)) for n in logged]
    svg = _svg(chart_id, title, summary, bottom + 20, body)
    return Chart(chart_id, title, summary, svg, ("Night", "Total sleep"), rows)


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
