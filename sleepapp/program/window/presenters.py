"""A sleep window in words and in the API's JSON (docs/design.md §3.4, §5.4): its bedtime,
what each weekly outcome means, where its length comes from, and the window object. The
service returns rows; the pages and the API present them with these."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time

from ...clock import clock_or_none, format_clock, format_duration
from . import rules
from .models import SleepWindow
from .rules import Outcome


def bedtime(window: SleepWindow) -> str:
    """The window's bedtime as stored times are, "HH:MM" (the API's form); pages write it in
    the person's clock with the `clock` filter, as they do the wake time (§2.10)."""
    wake = clock_or_none(window.wake_time) or time(0, 0)
    return format_clock(rules.bedtime_for(wake, window.window_min))


OUTCOME_TEXT = {
    Outcome.START: "First window, from your diary's average sleep.",
    Outcome.INCREASE: "Sleep efficiency was 90% or more: 15 minutes more time in bed.",
    Outcome.UNCHANGED: "Sleep efficiency was between 85% and 90%: the window stays the same.",
    Outcome.DECREASE: "Sleep efficiency was under 85%: 15 minutes less time in bed.",
    Outcome.HELD_FOR_SLEEPINESS: "Sleep efficiency was under 85%, but you were sleepy in the day, so "
    "the window stays the same. Please talk to your doctor about the sleepiness.",
}


def describe_change(window: SleepWindow) -> str:
    outcome = window.rule_outcome
    text = OUTCOME_TEXT.get(outcome, "") if outcome else ""
    if outcome is Outcome.NOT_ENOUGH_NIGHTS:
        short = rules.MIN_NIGHTS - window.based_on_nights
        text = (
            f"Only {window.based_on_nights} of that week's 7 nights were logged ({short} short of the "
            f"{rules.MIN_NIGHTS} needed), so the window stayed the same."
        )
    limit = ""
    if outcome is Outcome.INCREASE and window.change_min == 0:
        limit = f" It is already at the most this programme sets ({format_duration(rules.CEILING_MIN)})."
    elif outcome is Outcome.DECREASE and window.change_min == 0:
        limit = f" It is already at the least this programme sets ({format_duration(rules.FLOOR_MIN)})."
    return text + limit


_BANDS = {
    Outcome.INCREASE: f"{rules.SE_INCREASE_AT}% or more",
    Outcome.UNCHANGED: f"between {rules.SE_HOLD_AT}% and {rules.SE_INCREASE_AT}%",
    Outcome.DECREASE: f"under {rules.SE_HOLD_AT}%",
}


def explain_window(window: SleepWindow) -> str:
    """Where this window's length comes from, in one or two sentences: the first window
    from its baseline nights, a reviewed one from the review that set it."""
    outcome = window.rule_outcome
    length = format_duration(window.window_min)
    if outcome is Outcome.START:
        basis = f"That is a window of {length}"
        if window.based_on_nights:
            basis += f", based on {window.based_on_nights} diary nights"
            details = []
            if window.mean_total_sleep_min is not None:
                details.append(f"average sleep {format_duration(window.mean_total_sleep_min)}")
            if window.mean_efficiency is not None:
                details.append(f"sleep efficiency {window.mean_efficiency:.1f}%")
            if details:
                basis += f" ({', '.join(details)})"
        return basis + "."
    if outcome is Outcome.NOT_ENOUGH_NIGHTS:
        return (
            f"Only {window.based_on_nights} of last week's 7 nights were logged ({rules.MIN_NIGHTS} are "
            f"needed for a review), so the window stayed at {length}."
        )
    if outcome is Outcome.HELD_FOR_SLEEPINESS:
        se = f"{window.mean_efficiency:.1f}%" if window.mean_efficiency is not None else "not known"
        return (
            f"Last week's sleep efficiency was {se} (under {rules.SE_HOLD_AT}%), but you were sleepy in "
            f"the day, so the window stayed at {length} rather than getting shorter. Please tell your "
            "doctor about the sleepiness."
        )
    band = _BANDS.get(outcome) if outcome else None
    if band is None:
        return f"That is a window of {length}."
    se = f"{window.mean_efficiency:.1f}%" if window.mean_efficiency is not None else "not known"
    first = f"Last week's sleep efficiency was {se} ({band}), so "
    old = window.window_min - window.change_min
    if window.change_min:
        return first + f"the window went from {format_duration(old)} to {length}."
    if outcome is Outcome.INCREASE:
        return first + f"the window would grow, but {length} is the most this programme sets."
    if outcome is Outcome.DECREASE:
        return first + f"the window would shrink, but {length} is the least this programme sets."
    return first + f"the window stays at {length}."


def window_as_dict(window: SleepWindow, history: Sequence[SleepWindow], today: date) -> dict[str, object]:
    """The API's window object (docs/design.md §5, contract names first); ``history`` is
    the person's windows, oldest first (window_service.window_history)."""
    due = rules.review_due_on(window.start)
    return {
        "window_min": window.window_min,
        "bedtime": bedtime(window),
        "wake_time": window.wake_time,
        "start": window.start.isoformat(),
        "based_on_nights": window.based_on_nights,
        "mean_total_sleep_min": window.mean_total_sleep_min,
        "mean_efficiency": window.mean_efficiency,
        "next_review": due.isoformat(),
        "review_due": today >= due,
        "change": {
            "outcome": window.outcome,
            "change_min": window.change_min,
            "from_min": window.window_min - window.change_min,
            "to_min": window.window_min,
            "message": describe_change(window),
        },
        "history": [
            {
                "start": w.start.isoformat(),
                "window_min": w.window_min,
                "bedtime": bedtime(w),
                "wake_time": w.wake_time,
                "outcome": w.outcome,
                "change_min": w.change_min,
                "based_on_nights": w.based_on_nights,
                "mean_total_sleep_min": w.mean_total_sleep_min,
                "mean_efficiency": w.mean_efficiency,
            }
            for w in history
        ],
    }
