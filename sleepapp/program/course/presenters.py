"""How the course speaks: the API's course object, the home page's "This week" line and
the outcomes in plain words. Pure: no Flask."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import rules


def course_json(progress: rules.Progress | None) -> dict[str, Any]:
    """The contract's course object (docs/design.md §5b)."""
    return {
        "week": None if progress is None else progress.current_week,
        "started_on": None if progress is None else progress.started_on.isoformat(),
        "weeks": [{"n": w.n, "title": w.title, "status": s} for w, s in rules.statuses(progress)],
    }


def this_week(progress: rules.Progress | None) -> str | None:
    """The home page's line for a person in the course (None otherwise)."""
    if progress is None or progress.current_week is None:
        return None
    week = rules.WEEKS[progress.week - 1]
    paused = " (paused)" if progress.paused_on else ""
    return f"This week: week {week.n} of {rules.LAST_WEEK}, {week.title.lower()}{paused}. {week.todo}"


def _amount(row: rules.OutcomeRow, value: float) -> str:
    if row.unit == "%":
        return f"{value:.0f}%"
    if row.unit == "min":
        minutes = round(abs(value))
        return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"
    return f"{abs(value):.1f}"


def describe_row(row: rules.OutcomeRow) -> str:
    """One plain sentence about how one measure moved."""
    if row.verdict == "unknown":
        return f"{row.label}: not enough diary nights in one of the two weeks to compare."
    assert row.change is not None
    if row.verdict == "same":
        return f"{row.label}: about the same as in your first week."
    direction = "up" if row.change > 0 else "down"
    amount = _amount(row, row.change) if row.unit != "%" else f"{abs(row.change):.0f} points"
    helpful = "a step in the right direction" if row.verdict == "better" else "not yet where you want it"
    return f"{row.label}: {direction} by {amount} since your first week, {helpful}."


def summary_words(rows: list[rules.OutcomeRow]) -> str:
    better = sum(r.verdict == "better" for r in rows)
    worse = sum(r.verdict == "worse" for r in rows)
    if all(r.verdict == "unknown" for r in rows):
        return "There are not enough diary nights yet to compare your first week with the last."
    if better and not worse:
        return "Your sleep has improved since your first week. Keep the habits that helped."
    if worse and not better:
        return (
            "Some things are harder than in your first week. Setbacks are common: the guide's page "
            "on setbacks says what to do, and your doctor can help."
        )
    if better:
        return "Some things have improved since your first week and some have not yet: that is common."
    return "Your sleep is much the same as in your first week. Gains often come slowly, over more weeks."


def value_text(row: rules.OutcomeRow, value: float | None) -> str:
    if value is None:
        return "–"
    if row.unit == "min":
        return _amount(row, value)
    if row.unit == "%":
        return f"{value:.0f}%"
    return f"{value:.1f}"


@dataclass(frozen=True)
class BarPair:
    """One measure's picture: the first week's and the last week's bars, as widths out of
    100 (the larger of the two fills the row), drawn by templates/program/course/outcomes.html."""

    label: str
    before: float
    after: float
    verdict: str


def outcome_bars(rows: list[rules.OutcomeRow]) -> list[BarPair]:
    """Pure geometry for the outcomes picture; a measure missing either week is left out."""
    bars = []
    for row in rows:
        if row.before is None or row.after is None:
            continue
        top = max(abs(row.before), abs(row.after)) or 1.0
        bars.append(
            BarPair(
                row.label,
                round(abs(row.before) / top * 100, 1),
                round(abs(row.after) / top * 100, 1),
                row.verdict,
            )
        )
    return bars
