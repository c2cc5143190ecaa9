"""Adherence and streaks: table-driven and property tests (docs/design.md §3.2)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sleepapp.program.habits import adherence

TODAY = date(2024, 3, 31)


def days_back(*offsets: int) -> set[date]:
    return {TODAY - timedelta(days=o) for o in offsets}


@pytest.mark.parametrize(
    ("chosen_ago", "ticks", "days", "done", "possible"),
    [
        (100, days_back(0, 1, 2, 3, 4, 5, 6), 7, 7, 7),
        (100, days_back(0, 1, 2, 3, 4, 5, 6, 7, 8), 7, 7, 7),  # older ticks don't count
        (100, days_back(1, 3), 7, 2, 7),
        (100, set(), 28, 0, 28),
        (2, days_back(0, 1), 7, 2, 3),  # chosen 2 days ago: 3 days count
        (0, set(), 7, 0, 1),
        (0, days_back(5), 7, 1, 6),  # a back-filled tick extends the habit's days
        (100, days_back(27, 28), 28, 1, 28),
    ],
)
def test_habit_adherence(chosen_ago: int, ticks: set[date], days: int, done: int, possible: int) -> None:
    result = adherence.habit_adherence(TODAY - timedelta(days=chosen_ago), ticks, TODAY, days)
    assert (result.done, result.possible) == (done, possible)


def test_adherence_percent() -> None:
    assert adherence.Adherence(0, 0).percent is None
    assert adherence.Adherence(1, 3).percent == 33
    assert adherence.Adherence(2, 3).percent == 67
    assert adherence.Adherence(1, 8).percent == 13  # 12.5 -> 13, halves up
    assert adherence.Adherence(7, 7).percent == 100


def test_adherence_says_how_many_days_it_counts() -> None:
    """QA: a habit ticked once, chosen two days before, read "100% of the last 28 days"."""
    chosen = TODAY - timedelta(days=1)
    new = adherence.habit_adherence(chosen, {TODAY}, TODAY, 28)
    assert (new.done, new.possible, new.partial) == (1, 2, True)
    assert new.summary == "50% (1 of 2 days since you chose it)"
    ticked_both = adherence.habit_adherence(chosen, {chosen, TODAY}, TODAY, 28)
    assert ticked_both.summary == "100% (2 of 2 days since you chose it)"
    assert (
        adherence.habit_adherence(TODAY, {TODAY}, TODAY, 7).summary == "100% (1 of 1 day since you chose it)"
    )
    old = adherence.habit_adherence(TODAY - timedelta(days=40), {TODAY}, TODAY, 7)
    assert (old.possible, old.partial, old.summary) == (7, False, "14% of the last 7 days")
    assert adherence.habit_adherence(TODAY + timedelta(days=1), set(), TODAY, 7).summary == "not counted yet"
    pooled = adherence.overall_adherence([(chosen, {TODAY}), (TODAY - timedelta(days=40), {TODAY})], TODAY, 7)
    assert (pooled.done, pooled.possible, pooled.partial) == (2, 9, True)
    assert pooled.summary == "22% (2 of 9 possible ticks)"
    full = adherence.overall_adherence([(TODAY - timedelta(days=40), {TODAY})], TODAY, 7)
    assert full.summary == "14%" and not full.partial
    assert adherence.Adherence(1, 2) == adherence.Adherence(1, 2, partial=True)  # flags do not compare


def test_overall_adherence_pools_habit_days() -> None:
    long_ago = TODAY - timedelta(days=100)
    habits = [(long_ago, days_back(*range(7))), (TODAY, set[date]())]
    result = adherence.overall_adherence(habits, TODAY, 7)
    assert (result.done, result.possible) == (7, 8)
    assert result.percent == 88


@pytest.mark.parametrize(
    ("ticks", "streak"),
    [
        (days_back(0, 1, 2), 3),
        (days_back(1, 2), 2),  # today still open
        (days_back(0, 2, 3), 1),
        (days_back(2, 3), 0),
        (set(), 0),
    ],
)
def test_current_streak(ticks: set[date], streak: int) -> None:
    assert adherence.current_streak(ticks, TODAY) == streak


def test_daily_share() -> None:
    long_ago = TODAY - timedelta(days=100)
    habits = [(long_ago, days_back(0)), (TODAY, days_back(0))]
    shares = adherence.daily_share(habits, [TODAY - timedelta(days=1), TODAY])
    assert [(s.done, s.possible) for s in shares] == [(0, 1), (2, 2)]


@given(
    st.integers(0, 60),
    st.sets(st.integers(0, 60)),
    st.sampled_from([7, 28]),
)
def test_prop_adherence_and_streak_bounds(chosen_ago: int, offsets: set[int], days: int) -> None:
    ticks = {TODAY - timedelta(days=o) for o in offsets}
    result = adherence.habit_adherence(TODAY - timedelta(days=chosen_ago), ticks, TODAY, days)
    assert 0 <= result.done <= result.possible <= days
    assert result.percent is None or 0 <= result.percent <= 100
    streak = adherence.current_streak(ticks, TODAY)
    assert 0 <= streak <= len(ticks)
