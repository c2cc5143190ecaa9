"""Geometry for the sleep window's SVG picture, computed here so the template only draws
(program/_charts.html): the history of windows against the nightly SE trend."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta

from ...clock import clock_or_none, format_clock, format_duration
from ...diary.metrics import NightMetrics
from . import rules
from .models import SleepWindow


def se_band(value: float | None) -> str:
    """CSS class for a night's SE, banded at the review thresholds."""
    if value is None:
        return "none"
    if value >= rules.SE_INCREASE_AT:
        return "se-high"
    if value >= rules.SE_HOLD_AT:
        return "se-mid"
    return "se-low"


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    title: str
    css: str = ""


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    anchor: str = "start"


@dataclass(frozen=True)
class HistoryChart:
    width: int
    height: int
    se_points: list[Point]
    window_path: str
    window_points: list[Point]
    guides: list[Label]  # horizontal guide lines with their labels
    axis: list[Label]
    summary: str
    se_top: float
    se_bottom: float
    win_top: float
    win_bottom: float
    left: float
    right: float


def _short(minutes: int) -> str:
    """540 -> '9h', 330 -> '5h30' (axis labels)."""
    hours, rest = divmod(minutes, 60)
    return f"{hours}h{rest:02d}" if rest else f"{hours}h"


def _hours(window: SleepWindow, hour12: bool) -> str:
    """'01:00–07:00' (or '1:00 AM–7:00 AM'): the window's bedtime and wake time."""
    wake = clock_or_none(window.wake_time) or time(0, 0)
    bed = rules.bedtime_for(wake, window.window_min)
    return f"{format_clock(bed, hour12)}–{format_clock(wake, hour12)}"


def window_history(
    history: Sequence[SleepWindow], nights: Sequence[NightMetrics], today: date, *, hour12: bool = False
) -> HistoryChart:
    """Two panels sharing a date axis: nightly SE (dots, 85% and 90% guides) above, the
    window length as steps below; the window's times in the person's clock (`hour12`)."""
    width, height = 340, 250
    left, right = 34.0, width - 8.0
    se_top, se_bottom = 22.0, 122.0
    win_top, win_bottom = 162.0, 222.0
    first = history[0].start - timedelta(days=rules.WEEK_DAYS - 1)
    last = max(today, rules.review_due_on(history[-1].start))
    span = max((last - first).days, 1)

    def x_of(day: date) -> float:
        return round(left + (right - left) * (day - first).days / span, 1)

    se_lo, se_hi = 60.0, 100.0  # lower nights sit on the bottom line

    def y_se(value: float) -> float:
        clamped = min(max(value, se_lo), se_hi)
        return round(se_bottom - (se_bottom - se_top) * (clamped - se_lo) / (se_hi - se_lo), 1)

    win_lo, win_hi = rules.FLOOR_MIN, rules.CEILING_MIN

    def y_win(value: int) -> float:
        return round(win_bottom - (win_bottom - win_top) * (value - win_lo) / (win_hi - win_lo), 1)

    se_points = [
        Point(
            x_of(n.date),
            y_se(n.sleep_efficiency),
            f"{n.date:%d %b}: {n.sleep_efficiency:.1f}%",
            se_band(n.sleep_efficiency),
        )
        for n in nights
        if first <= n.date <= last
    ]
    path: list[str] = []
    window_points = []
    for i, w in enumerate(history):
        end = history[i + 1].start if i + 1 < len(history) else last
        x0, x1, y = x_of(w.start), x_of(end), y_win(w.window_min)
        path.append(f"{'M' if i == 0 else 'L'}{x0},{y} L{x1},{y}")
        window_points.append(
            Point(x0, y, f"From {w.start:%d %b}: {format_duration(w.window_min)}, {_hours(w, hour12)}")
        )
    guides = [
        Label(left, y_se(90), "90%"),
        Label(left, y_se(85), "85%"),
        Label(left, y_se(se_lo), "≤60%"),
        Label(left, y_win(win_hi), _short(win_hi)),
        Label(left, y_win(win_lo), _short(win_lo)),
    ]
    axis = [
        Label(left, height - 8, f"{first:%d %b}"),
        Label(right, height - 8, f"{last:%d %b}", "end"),
    ]
    current = history[-1]
    summary = (
        f"{len(history)} window{'s' if len(history) != 1 else ''} since {history[0].start:%d %b %Y}, "
        f"now {format_duration(current.window_min)} ({_hours(current, hour12)}); "
        f"{len(se_points)} diary nights shown."
    )
    return HistoryChart(
        width,
        height,
        se_points,
        " ".join(path),
        window_points,
        guides,
        axis,
        summary,
        se_top,
        se_bottom,
        win_top,
        win_bottom,
        left,
        right,
    )
