"""Reminders in words: the title and text of each kind, the same in the calendar and in a
notification, and where tapping it leads. The rules place reminders; this names them."""

from __future__ import annotations

from dataclasses import dataclass

from ..clock import format_clock
from .rules import Kind, Reminder


@dataclass(frozen=True)
class Message:
    title: str
    body: str
    path: str  # where a tap leads, on this site


def message(reminder: Reminder, hour12: bool = False) -> Message:
    bed = format_clock(reminder.bedtime, hour12) if reminder.bedtime else None
    return _MESSAGES[reminder.kind](reminder, bed)


_MESSAGES = {
    Kind.LOG_DIARY: lambda r, bed: Message(
        "Log last night", "A minute now, while you remember: how did you sleep?", f"/diary/new?date={r.night}"
    ),
    Kind.WIND_DOWN: lambda r, bed: Message(
        "Start winding down",
        f"Bedtime is not before {bed}: time to put screens away and do something calm.",
        "/program/window",
    ),
    Kind.BEDTIME: lambda r, bed: Message(
        f"Bedtime: not before {bed}",
        "Go to bed when you feel sleepy, and not before your window's bedtime.",
        "/program/window",
    ),
    Kind.WAKE: lambda r, bed: Message(
        "Wake time", "Time to get up, at the same time every day, even after a poor night.", "/program"
    ),
    Kind.CAFFEINE: lambda r, bed: Message(
        "Last caffeine",
        f"Last coffee, tea, cola or energy drink for today: bedtime is at {bed}.",
        "/program",
    ),
    Kind.WORRY_TIME: lambda r, bed: Message(
        "Worry time", "Write down what is on your mind, and a next step for each.", "/program"
    ),
    Kind.WINDOW_REVIEW: lambda r, bed: Message(
        "Review your sleep window",
        "A week of your sleep window is over: time for the weekly review.",
        "/program/window",
    ),
}
