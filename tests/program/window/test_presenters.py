"""How a sleep window is put into words (docs/design.md §3.4)."""

from __future__ import annotations

from datetime import date

import pytest

from sleepapp.program.window import presenters
from sleepapp.program.window.models import SleepWindow

START = date(2024, 6, 10)


@pytest.mark.parametrize(
    ("outcome", "window_min", "change_min", "se", "nights", "expected"),
    [
        (
            "start",
            345,
            0,
            83.0,
            7,
            "That is a window of 5 h 45 min, based on 7 diary nights"
            " (average sleep 7 h 02 min, sleep efficiency 83.0%).",
        ),
        (
            "decrease",
            345,
            -15,
            82.4,
            7,
            "Last week's sleep efficiency was 82.4% (under 85%)"
            ", so the window went from 6 h 00 min to 5 h 45 min.",
        ),
        (
            "increase",
            375,
            15,
            91.0,
            6,
            "Last week's sleep efficiency was 91.0% (90% or more)"
            ", so the window went from 6 h 00 min to 6 h 15 min.",
        ),
        (
            "unchanged",
            360,
            0,
            87.5,
            5,
            "Last week's sleep efficiency was 87.5% (between 85% and 90%)"
            ", so the window stays at 6 h 00 min.",
        ),
        (
            "decrease",
            330,
            0,
            70.0,
            7,
            "Last week's sleep efficiency was 70.0% (under 85%)"
            ", so the window would shrink, but 5 h 30 min is the least this programme sets.",
        ),
        (
            "increase",
            540,
            0,
            95.0,
            7,
            "Last week's sleep efficiency was 95.0% (90% or more)"
            ", so the window would grow, but 9 h 00 min is the most this programme sets.",
        ),
        (
            "not_enough_nights",
            360,
            0,
            None,
            3,
            "Only 3 of last week's 7 nights were logged (5 are needed for a review)"
            ", so the window stayed at 6 h 00 min.",
        ),
    ],
)
def test_explain_window_uses_the_review_that_set_it(
    outcome, window_min, change_min, se, nights, expected
) -> None:  # type: ignore[no-untyped-def]
    """QA: a window from -15 min reviews was explained from the first week's diary nights."""
    window = SleepWindow(
        start=START,
        window_min=window_min,
        wake_time="06:30",
        outcome=outcome,
        change_min=change_min,
        based_on_nights=nights,
        mean_total_sleep_min=422.0,
        mean_efficiency=se,
    )
    assert presenters.explain_window(window) == expected
