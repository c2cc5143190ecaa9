"""Table-driven and property tests for the sleep window's pure rules (docs/design.md §3.3-3.4)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sleepapp.clock import format_duration
from sleepapp.program.window import rules
from sleepapp.program.window.rules import Outcome
from sleepapp.program.window.screen import UNSURE

START = date(2024, 3, 11)


@dataclass(frozen=True)
class N:
    date: date
    time_in_bed_min: float
    total_sleep_min: float


def baseline(tst: list[float], start: date = START, tib: float = 480) -> list[N]:
    """Nights on the mornings start-6 .. start, one per value."""
    first = start - timedelta(days=6)
    return [N(first + timedelta(days=i), tib, v) for i, v in enumerate(tst)]


def week(se_totals: tuple[int, int], nights: int = 7, start: date = START) -> list[N]:
    """Nights of the review week whose pooled TST/TIB equals the given totals."""
    tst, tib = se_totals
    days = rules.review_period(start).days()[:nights]

    def split(total: int) -> list[int]:  # whole minutes, as the diary stores them
        base, extra = divmod(total, nights)
        return [base + (i < extra) for i in range(nights)]

    return [N(d, b, s) for d, b, s in zip(days, split(tib), split(tst), strict=True)]


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        (337.5, 345),
        (337.4, 330),
        (322.5, 330),
        (352.5, 360),
        (345, 345),
        (0, 0),
        (7.5, 15),
        (7.49, 0),
        (Fraction(2362, 7), 330),  # 337.43: just under the half
    ],
)
def test_round_to_step(minutes: float, expected: int) -> None:
    assert rules.round_to_step(minutes) == expected


def test_round_mean_exact_half() -> None:
    # 7 nights summing to 2362.5 min: mean 337.5 exactly -> 345 (halves up)
    assert rules.round_to_step(Fraction(4725, 14)) == 345


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [(0, 330), (315, 330), (329, 330), (330, 330), (331, 331), (540, 540), (541, 540), (600, 540)],
)
def test_clamp(minutes: int, expected: int) -> None:
    assert rules.clamp_window(minutes) == expected


@pytest.mark.parametrize(
    ("wake", "window", "expected"),
    [
        (time(6, 30), 345, time(0, 45)),
        (time(6, 30), 390, time(0, 0)),
        (time(6, 30), 420, time(23, 30)),
        (time(7, 0), 540, time(22, 0)),
        (time(0, 15), 330, time(18, 45)),
        (time(14, 0), 360, time(8, 0)),  # a day sleeper's window stays on one date
    ],
)
def test_bedtime_crosses_midnight(wake: time, window: int, expected: time) -> None:
    assert rules.bedtime_for(wake, window) == expected


# The window's lengths in the one duration spelling (sleepapp/clock.py; was "6 h", "9 h").
@pytest.mark.parametrize(
    ("minutes", "text"), [(345, "5 h 45 min"), (360, "6 h 00 min"), (15, "15 min"), (540, "9 h 00 min")]
)
def test_format_duration(minutes: int, text: str) -> None:
    assert format_duration(minutes) == text


def test_schedule() -> None:
    assert rules.baseline_period(START) == rules.Period(date(2024, 3, 5), date(2024, 3, 11))
    assert rules.review_period(START) == rules.Period(date(2024, 3, 12), date(2024, 3, 18))
    assert rules.review_due_on(START) == date(2024, 3, 18)
    assert not rules.is_review_due(START, date(2024, 3, 17))
    assert rules.is_review_due(START, date(2024, 3, 18))
    assert rules.is_review_due(START, date(2024, 4, 30))
    # consecutive windows tile the calendar: no night is reviewed twice or skipped
    nxt = rules.review_due_on(START)  # the next window starts on the review day
    assert rules.review_period(nxt).first == rules.review_period(START).last + timedelta(days=1)


@pytest.mark.parametrize(
    ("tst", "expected"),
    [
        ([360] * 7, 360),
        ([360] * 5, 360),  # 5 nights are enough
        ([300] * 7, 330),  # floor
        ([329] * 5, 330),
        ([600] * 7, 540),  # ceiling
        ([545] * 5, 540),
        ([330, 345, 330, 345], None),  # 4 nights are not
        ([], None),
        ([337.5] * 6, 345),  # mean 337.5 -> 345
        ([330, 345], None),
        ([335, 340, 335, 340, 337.5, 337.5], 345),
        ([400, 410, 420, 430, 440, 450, 460], 435),  # mean 430 -> 435 (nearest)
    ],
)
def test_initial_window(tst: list[float], expected: int | None) -> None:
    result = rules.initial_window(baseline(tst), START)
    if expected is None:
        assert isinstance(result, rules.NotEnoughNights)
        assert result.missing == 5 - len(tst)
    else:
        assert isinstance(result, rules.InitialWindow)
        assert result.window_min == expected
        assert result.baseline.nights == len(tst)


def test_initial_window_ignores_nights_outside_the_week() -> None:
    outside = [N(START + timedelta(days=1), 480, 200), N(START - timedelta(days=7), 480, 200)]
    inside = baseline([360] * 4)
    result = rules.initial_window(outside + inside, START)
    assert isinstance(result, rules.NotEnoughNights)
    assert result.missing == 1
    assert "1 more night is missing" in result.message
    assert "2024-03-05 to 2024-03-11" in result.message


def test_initial_window_reports_baseline_means() -> None:
    nights = [N(START - timedelta(days=i), 450, 360) for i in range(5)]
    result = rules.initial_window(nights, START)
    assert isinstance(result, rules.InitialWindow)
    assert result.baseline.mean_total_sleep_min == 360
    assert result.baseline.efficiency == 80


def test_not_enough_message_plural() -> None:
    result = rules.initial_window(baseline([360, 360]), START)
    assert isinstance(result, rules.NotEnoughNights)
    assert "you have 2, 3 more nights are missing" in result.message


@pytest.mark.parametrize(
    ("window", "totals", "nights", "expected", "outcome"),
    [
        (360, (899, 1000), 7, 360, Outcome.UNCHANGED),  # 89.9
        (360, (900, 1000), 7, 375, Outcome.INCREASE),  # 90.0
        (360, (8999, 10000), 7, 360, Outcome.UNCHANGED),  # 89.99, compared unrounded
        (360, (849, 1000), 7, 345, Outcome.DECREASE),  # 84.9
        (360, (850, 1000), 7, 360, Outcome.UNCHANGED),  # 85.0
        (360, (8499, 10000), 7, 345, Outcome.DECREASE),  # 84.99
        (330, (500, 1000), 7, 330, Outcome.DECREASE),  # floor holds
        (345, (500, 1000), 7, 330, Outcome.DECREASE),
        (540, (990, 1000), 7, 540, Outcome.INCREASE),  # ceiling holds
        (525, (990, 1000), 7, 540, Outcome.INCREASE),
        (360, (1000, 1000), 5, 375, Outcome.INCREASE),  # 5 nights are enough
        (360, (1000, 1000), 4, 360, Outcome.NOT_ENOUGH_NIGHTS),  # 4 are not
        (360, (100, 1000), 4, 360, Outcome.NOT_ENOUGH_NIGHTS),
        (300, (870, 1000), 7, 330, Outcome.UNCHANGED),  # clamp after every step
    ],
)
def test_review(window: int, totals: tuple[int, int], nights: int, expected: int, outcome: Outcome) -> None:
    review = rules.review_window(window, START, week(totals, nights))
    assert review.outcome is outcome
    assert review.new_window_min == expected
    assert review.change_min == expected - window
    assert review.next_start == START + timedelta(days=7)
    assert review.week.nights == nights


def test_review_pools_totals_not_nightly_means() -> None:
    # nightly SEs 100% and 50% (mean 75%); pooled 600/900 = 66.7%
    days = rules.review_period(START).days()
    nights = [N(days[0], 100, 100)] + [N(d, 200, 125) for d in days[1:5]]
    # pooled: (100 + 500) / (100 + 800) = 66.7% -> decrease
    review = rules.review_window(400, START, nights)
    assert review.week.efficiency == Fraction(600, 900) * 100
    assert review.outcome is Outcome.DECREASE


def test_review_counts_only_its_week() -> None:
    before = baseline([480] * 7, tib=480)  # SE 100% in the baseline, must not count
    review = rules.review_window(360, START, before + week((800, 1000), 5))
    assert review.outcome is Outcome.DECREASE
    assert review.week.nights == 5


@pytest.mark.parametrize(
    ("value", "shown"),
    [(Fraction(8999, 100), 89.9), (Fraction(90), 90.0), (Fraction(8496, 100), 84.9), (None, None)],
)
def test_display_efficiency_never_rounds_up_across_a_threshold(
    value: Fraction | None, shown: float | None
) -> None:
    assert rules.display_efficiency(value) == shown


minutes_st = st.fractions(min_value=0, max_value=1440)


window_st = st.integers(min_value=rules.FLOOR_MIN, max_value=rules.CEILING_MIN).map(lambda m: m - m % 15)


night_st = st.builds(
    lambda tib, share: (tib, tib * share),
    st.integers(min_value=30, max_value=900),
    st.fractions(min_value=0, max_value=1),
)


@given(minutes_st)
def test_prop_rounding_is_nearest_quarter(minutes: Fraction) -> None:
    result = rules.round_to_step(minutes)
    assert result % 15 == 0
    assert -Fraction(15, 2) <= minutes - result < Fraction(15, 2)  # halves go up


@given(minutes_st, minutes_st)
def test_prop_rounding_is_monotone(a: Fraction, b: Fraction) -> None:
    lo, hi = sorted((a, b))
    assert rules.round_to_step(lo) <= rules.round_to_step(hi)


@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 1200)), max_size=10))
def test_prop_initial_window_in_range(values: list[tuple[int, int]]) -> None:
    nights = [N(START - timedelta(days=d), 1300, tst) for d, tst in values]
    result = rules.initial_window(nights, START)
    distinct = len({d for d, _ in values})
    if distinct >= 5:
        assert isinstance(result, rules.InitialWindow)
        assert rules.FLOOR_MIN <= result.window_min <= rules.CEILING_MIN
        assert result.window_min % 15 == 0
    else:
        assert isinstance(result, rules.NotEnoughNights)
        assert result.missing == 5 - distinct


@given(window_st, st.lists(night_st, min_size=0, max_size=7))
def test_prop_review_moves_at_most_one_step_and_stays_in_range(
    window: int, raw: list[tuple[int, Fraction]]
) -> None:
    days = rules.review_period(START).days()
    nights = [N(days[i], tib, float(tst)) for i, (tib, tst) in enumerate(raw)]
    review = rules.review_window(window, START, nights)
    assert rules.FLOOR_MIN <= review.new_window_min <= rules.CEILING_MIN
    assert review.change_min in (-15, 0, 15)
    if len(raw) < 5:
        assert review.outcome is Outcome.NOT_ENOUGH_NIGHTS
        assert review.change_min == 0


@given(window_st, st.fractions(0, 100), st.fractions(0, 100))
def test_prop_better_week_never_shortens_more(window: int, a: Fraction, b: Fraction) -> None:
    lo, hi = sorted((a, b))
    step = {Outcome.DECREASE: -1, Outcome.UNCHANGED: 0, Outcome.INCREASE: 1}
    assert step[rules.decide_step(lo)] <= step[rules.decide_step(hi)]


@given(st.times(), st.integers(0, 1440))
def test_prop_bedtime_plus_window_is_wake(wake: time, window: int) -> None:
    wake = wake.replace(second=0, microsecond=0)
    bed = rules.bedtime_for(wake, window)
    bed_min = bed.hour * 60 + bed.minute
    assert (bed_min + window) % 1440 == (wake.hour * 60 + wake.minute) % 1440


@given(
    window=st.integers(rules.FLOOR_MIN, rules.CEILING_MIN),
    tst=st.integers(0, 600),
    extra=st.integers(1, 400),
    sleepy=st.sampled_from([True, False, UNSURE]),
)
def test_a_sleepy_week_never_narrows_the_window(window: int, tst: int, extra: int, sleepy: object) -> None:
    start = date(2026, 3, 2)
    nights = [N(start + timedelta(days=i), tst + extra, tst) for i in range(7)]
    review = rules.hold_for_sleepiness(rules.review_window(window, start, nights), sleepy)
    if sleepy is False:
        assert review == rules.review_window(window, start, nights)
    else:
        assert review.new_window_min >= window
        assert review.outcome is not rules.Outcome.DECREASE
