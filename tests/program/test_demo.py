"""The demo data (`flask seed-demo`): once the sleep window starts, the diary follows it."""

from __future__ import annotations

from datetime import date, time

import pytest

from sleepapp.diary.demo import seed_nights
from sleepapp.diary.service import entries_between
from sleepapp.program.demo import seed_programme
from sleepapp.program.window.service import window_history


def _minutes(clock: time) -> int:
    return clock.hour * 60 + clock.minute


def _after(clock: time, start: int) -> int:
    """Minutes from `start` (minutes after midnight) to `clock`, going forward round the day."""
    return (_minutes(clock) - start) % (24 * 60)


@pytest.mark.parametrize("seed", [1, 7])
def test_nights_follow_the_window_once_it_starts(person, seed) -> None:  # type: ignore[no-untyped-def]
    """QA: the demo's window (01:00-06:30) contradicted its bedtimes (~22:00)."""
    today = date(2026, 6, 28)
    seed_nights(person, 28, today, seed)
    seed_programme(person, today, seed)
    windows = window_history(person)
    assert len(windows) >= 3  # started three weeks ago and reviewed each week
    first = windows[0].start
    nights = entries_between(person, first, today)[1:]  # the first night is dated start + 1
    assert len(nights) == (today - first).days
    for night in nights:
        # the window in force that night: the newest that started before its evening
        window = [w for w in windows if w.start < night.date][-1]
        wake = _minutes(time.fromisoformat(window.wake_time))
        opens = (wake - window.window_min) % (24 * 60)
        assert _after(night.in_bed, opens) <= 45, (night.date, night.in_bed, opens)  # not before it opens
        apart = _after(night.out_of_bed, wake)
        assert min(apart, 24 * 60 - apart) <= 20, (night.date, night.out_of_bed, wake)  # up at the wake time
        assert night.time_in_bed_min <= window.window_min + 60
    # before it, the untreated baseline: longer in bed than the first window allows
    baseline = entries_between(person, None, first)
    assert sum(n.time_in_bed_min for n in baseline) / len(baseline) > windows[0].window_min + 60
