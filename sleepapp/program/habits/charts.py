"""Geometry for the checklist's small SVG strips, computed here so the templates only draw
(program/_charts.html): a 28-day strip per habit beside the diary's sleep efficiency."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ..window.charts import se_band
from ..window.rules import SE_HOLD_AT

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
    high = sum(1 for v in logged if v >= SE_HOLD_AT)
    summary = (
        f"Sleep efficiency: {len(logged)} nights logged in 28 days, {high} of them at 85% or more"
        if logged
        else "Sleep efficiency: no diary nights in the last 28 days"
    )
    return Strip("Sleep efficiency (diary)", summary, cells, _x(len(days)) - GAP)
