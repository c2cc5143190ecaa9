"""Reminders in words: the same text in the calendar and in a notification, in the
person's clock, and never about medicines."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from sleepapp.reminders.presenters import message
from sleepapp.reminders.rules import Kind, Reminder

NIGHT = date(2026, 3, 25)


def reminder(kind: Kind, bedtime: time | None = time(23, 30)) -> Reminder:
    return Reminder(
        kind, NIGHT, datetime(2026, 3, 25, 7, 0), datetime(2026, 3, 25, 7, 0, tzinfo=UTC), bedtime
    )


def test_bedtime_in_the_persons_clock() -> None:
    assert message(reminder(Kind.BEDTIME)).title == "Bedtime: not before 23:30"
    assert (
        message(reminder(Kind.BEDTIME), hour12=True).title == "Bedtime: not before 11:30\N{NO-BREAK SPACE}PM"
    )
    assert "23:30" in message(reminder(Kind.WIND_DOWN)).body


def test_the_morning_reminder_opens_that_nights_form() -> None:
    assert message(reminder(Kind.LOG_DIARY, None)).path == "/diary/new?date=2026-03-25"


@pytest.mark.parametrize("kind", list(Kind))
def test_every_kind_has_words_and_a_page_and_no_medicine(kind: Kind) -> None:
    text = message(reminder(kind))
    assert text.title and text.body and text.path.startswith("/")
    words = f"{text.title} {text.body}".lower()
    for word in ("dose", "mg", "pill", "tablet", "medicine", "medication"):
        assert word not in words.split()
