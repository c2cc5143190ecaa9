"""Geometry for the programme's small SVG pictures, computed here so the templates only
draw: per-habit 28-day strips beside the diary's sleep efficiency, and the history of
sleep windows against the SE trend."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ..diary.metrics import NightMetrics
from . import rules
from .models import SleepWindow

CELL = 10
GAP = 2


@dataclass(frozen=True)
class Cell:
    x: int
    css: str
    title: str


@dataclass(frozen=True)
class Strip:
    label: str
    summary: str  # the picture in words, for screen readers
    cells: list[Cell]
    width: int
    height: int = CELL


def se_band(value: float | None) -> str:
    """CSS class for a night's SE, banded at the review thresholds."""
    if value is None:
        return "none"
    if value >= rules.SE_INCREASE_AT:
        return "se-high"
    if value >= rules.SE_HOLD_AT:
        return "se-mid"
    return "se-low"


def _x(i: int) -> int:
    return i * (CELL + GAP)


def habit_strip(label: str, days: Sequence[date], strip: Sequence[bool | None]) -> Strip:
    cells = []
    for i, (day, done) in enumerate(zip(days, strip, strict=True)):
        css = "off" if done is None else ("done" if done else "miss")
        word = "not followed yet" if done is None else ("done" if done else "not done")
        cells.append(Cell(_x(i), css, f"{day:%a %d %b}: {word}"))
    counted = [d for d in strip if d is not None]
    # The label may be a person's own habit name; in an SVG <title> (text only, no <bdi>)
    # the Unicode isolates FSI ... PDI keep its right-to-left characters to itself.
    name = f"\u2068{label}\u2069"
    summary = f"{name}: done on {sum(counted)} of the last {len(counted)} days" if counted else f"{name}: new"
    return Strip(label, summary, cells, _x(len(days)) - GAP)


def efficiency_strip(days: Sequence[date], values: Sequence[float | None]) -> Strip:
    cells = []
    for i, (day, value) in enumerate(zip(days, values, strict=True)):
        text = "no diary entry" if value is None else f"sleep efficiency {value:.1f}%"
        cells.append(Cell(_x(i), se_band(value), f"Night to {day:%a %d %b}: {text}"))
    logged = [v for v in values if v is not None]
    high = sum(1 for v in logged if v >= rules.SE_HOLD_AT)
    summary = (
        f"Sleep efficiency: {len(logged)} nights logged in 28 days, {high} of them at 85% or more"
        if logged
        else "Sleep efficiency: no diary nights in the last 28 days"
    )
    return Strip("Sleep efficiency (diary)", summary, cells, _x(len(days)) - GAP)


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


def window_history(
    history: Sequence[SleepWindow], nights: Sequence[NightMetrics], today: date
) -> HistoryChart:
    """Two panels sharing a date axis: nightly SE (dots, 85% and 90% guides) above, the
    window length as steps below."""
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
        window_points.append(Point(x0, y, f"From {w.start:%d %b}: {rules.format_duration(w.window_min)}"))
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
        f"now {rules.format_duration(current.window_min)}; {len(se_points)} diary nights shown."
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
