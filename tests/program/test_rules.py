"""Table-driven and property tests for the programme's pure rules (docs/design.md §3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sleepapp.program import rules
from sleepapp.program.rules import Outcome

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


# -- rounding, clamping, clock --------------------------------------------------------


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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("06:30", time(6, 30)),
        ("23:59", time(23, 59)),
        ("00:00", time(0, 0)),
        ("6:30", None),
        ("24:00", None),
        ("06:60", None),
        ("", None),
        ("ab:cd", None),
        ("06:30:00", None),
        ("-1:30", None),
        (" 06:30 ", time(6, 30)),
        # str.isdigit() says yes to these, int() crashes on the first and takes the rest
        ("²²:00", None),
        ("0٦:30", None),
        ("０６:３０", None),
        ("99999999999999999999:00", None),
        ("06:30\x00", None),
        (None, None),
        (630, None),
    ],
)
def test_parse_clock(text: object, expected: time | None) -> None:
    assert rules.parse_clock(text) == expected


@given(st.text())
def test_parse_clock_never_raises(text: str) -> None:
    result = rules.parse_clock(text)
    assert result is None or (result.second == 0 and f"{result:%H:%M}" == text.strip())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-06-20", date(2024, 6, 20)),
        (" 2024-06-20 ", date(2024, 6, 20)),
        ("0001-01-01", date(1, 1, 1)),
        ("9999-12-31", date(9999, 12, 31)),
        ("0000-01-01", None),
        ("2024-02-30", None),
        ("2024-13-01", None),
        ("20240620", None),
        ("2024-W25-4", None),
        ("２０２４-06-20", None),
        ("2024-0٦-20", None),
        ("99999999999999999999-01-01", None),
        ("2024-06-20\x00", None),
        ("", None),
        (None, None),
        (20240620, None),
    ],
)
def test_parse_iso_date(text: object, expected: date | None) -> None:
    assert rules.parse_iso_date(text) == expected


@given(st.text())
def test_parse_iso_date_never_raises(text: str) -> None:
    result = rules.parse_iso_date(text)
    assert result is None or result.isoformat() == text.strip()


@pytest.mark.parametrize(
    ("minutes", "text"), [(345, "5 h 45 min"), (360, "6 h"), (15, "15 min"), (540, "9 h")]
)
def test_format_duration(minutes: int, text: str) -> None:
    assert rules.format_duration(minutes) == text


# -- schedule -------------------------------------------------------------------------


def test_schedule() -> None:
    assert rules.baseline_period(START) == rules.Period(date(2024, 3, 5), date(2024, 3, 11))
    assert rules.review_period(START) == rules.Period(date(2024, 3, 12), date(2024, 3, 18))
    assert rules.review_due_on(START) == date(2024, 3, 18)
    assert rules.next_window_start(START) == date(2024, 3, 18)
    assert not rules.is_review_due(START, date(2024, 3, 17))
    assert rules.is_review_due(START, date(2024, 3, 18))
    assert rules.is_review_due(START, date(2024, 4, 30))
    # consecutive windows tile the calendar: no night is reviewed twice or skipped
    nxt = rules.next_window_start(START)
    assert rules.review_period(nxt).first == rules.review_period(START).last + timedelta(days=1)


# -- initial window -------------------------------------------------------------------


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


# -- weekly review --------------------------------------------------------------------


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


# -- safety screen --------------------------------------------------------------------

ALL_NO = {k: False for k in rules.SCREEN_KEYS}


def test_screen_keys_are_the_contract() -> None:
    assert rules.SCREEN_KEYS == (
        "bipolar_or_psychosis",
        "epilepsy",
        "untreated_sleep_apnoea",
        "parasomnia",
        "pregnancy",
        "fall_risk",
        "safety_critical_work",
        "daytime_sleepiness",
        "low_mood_or_self_harm",
        "under_18",
        "rotating_or_night_shifts",
    )


def test_screen_all_no_clears() -> None:
    result = rules.check_screen(ALL_NO)
    assert result.cleared
    assert result.message == ""


@pytest.mark.parametrize("key", rules.SCREEN_KEYS)
def test_screen_any_yes_refuses(key: str) -> None:
    result = rules.check_screen({**ALL_NO, key: True})
    assert result.complete
    assert not result.cleared
    assert result.positive == (key,)
    assert [q.key for q in result.reasons] == [key]
    assert key in result.message


@pytest.mark.parametrize("key", rules.SCREEN_KEYS)
def test_screen_every_key_required(key: str) -> None:
    answers = {k: v for k, v in ALL_NO.items() if k != key}
    result = rules.check_screen(answers)
    assert result.missing == (key,)
    assert not result.cleared
    assert key in result.message


@pytest.mark.parametrize("value", ["no", 0, None, "false", 1])
def test_screen_answers_must_be_booleans(value: object) -> None:
    result = rules.check_screen({**ALL_NO, "epilepsy": value})
    assert result.invalid == ("epilepsy",)
    assert not result.cleared


def test_screen_unknown_key() -> None:
    result = rules.check_screen({**ALL_NO, "epilepsey": False})
    assert result.unknown == ("epilepsey",)
    assert not result.cleared


# -- habits ---------------------------------------------------------------------------


def test_catalogue_has_bootzins_five_rules_as_stimulus_control() -> None:
    stim = [h for h in rules.HABITS if h.kind is rules.HabitKind.STIMULUS_CONTROL]
    assert len(stim) == 5
    assert tuple(h.key for h in stim) == rules.SUGGESTED_KEYS
    names = " ".join(h.name.lower() for h in stim)
    for phrase in ("only when sleepy", "sleep and sex", "20 minutes", "wake time", "napping"):
        assert phrase in names


def test_catalogue_entries_are_complete_and_link_known_pages() -> None:
    slugs = {
        "stimulus-control",
        "sleep-window",
        "sleep-hygiene",
        "caffeine-and-alcohol",
        "naps",
        "light-and-screens",
        "wind-down",
    }
    assert len(rules.HABITS_BY_KEY) == len(rules.HABITS)
    hygiene = [h for h in rules.HABITS if h.kind is rules.HabitKind.SLEEP_HYGIENE]
    assert len(hygiene) == 7
    for habit in rules.HABITS:
        assert habit.name and habit.why.endswith(".")
        assert habit.guide_slug in slugs


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
    result = rules.habit_adherence(TODAY - timedelta(days=chosen_ago), ticks, TODAY, days)
    assert (result.done, result.possible) == (done, possible)


def test_adherence_percent() -> None:
    assert rules.Adherence(0, 0).percent is None
    assert rules.Adherence(1, 3).percent == 33
    assert rules.Adherence(2, 3).percent == 67
    assert rules.Adherence(1, 8).percent == 13  # 12.5 -> 13, halves up
    assert rules.Adherence(7, 7).percent == 100


def test_adherence_says_how_many_days_it_counts() -> None:
    """QA: a habit ticked once, chosen two days before, read "100% of the last 28 days"."""
    chosen = TODAY - timedelta(days=1)
    new = rules.habit_adherence(chosen, {TODAY}, TODAY, 28)
    assert (new.done, new.possible, new.partial) == (1, 2, True)
    assert new.summary == "50% (1 of 2 days since you chose it)"
    ticked_both = rules.habit_adherence(chosen, {chosen, TODAY}, TODAY, 28)
    assert ticked_both.summary == "100% (2 of 2 days since you chose it)"
    assert rules.habit_adherence(TODAY, {TODAY}, TODAY, 7).summary == "100% (1 of 1 day since you chose it)"
    old = rules.habit_adherence(TODAY - timedelta(days=40), {TODAY}, TODAY, 7)
    assert (old.possible, old.partial, old.summary) == (7, False, "14% of the last 7 days")
    assert rules.habit_adherence(TODAY + timedelta(days=1), set(), TODAY, 7).summary == "not counted yet"
    pooled = rules.overall_adherence([(chosen, {TODAY}), (TODAY - timedelta(days=40), {TODAY})], TODAY, 7)
    assert (pooled.done, pooled.possible, pooled.partial) == (2, 9, True)
    assert pooled.summary == "22% (2 of 9 possible ticks)"
    full = rules.overall_adherence([(TODAY - timedelta(days=40), {TODAY})], TODAY, 7)
    assert full.summary == "14%" and not full.partial
    assert rules.Adherence(1, 2) == rules.Adherence(1, 2, partial=True)  # flags do not compare


def test_overall_adherence_pools_habit_days() -> None:
    long_ago = TODAY - timedelta(days=100)
    habits = [(long_ago, days_back(*range(7))), (TODAY, set[date]())]
    result = rules.overall_adherence(habits, TODAY, 7)
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
    assert rules.current_streak(ticks, TODAY) == streak


def test_daily_share() -> None:
    long_ago = TODAY - timedelta(days=100)
    habits = [(long_ago, days_back(0)), (TODAY, days_back(0))]
    shares = rules.daily_share(habits, [TODAY - timedelta(days=1), TODAY])
    assert [(s.done, s.possible) for s in shares] == [(0, 1), (2, 2)]


# -- properties -----------------------------------------------------------------------

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
    st.integers(0, 60),
    st.sets(st.integers(0, 60)),
    st.sampled_from([7, 28]),
)
def test_prop_adherence_and_streak_bounds(chosen_ago: int, offsets: set[int], days: int) -> None:
    ticks = {TODAY - timedelta(days=o) for o in offsets}
    result = rules.habit_adherence(TODAY - timedelta(days=chosen_ago), ticks, TODAY, days)
    assert 0 <= result.done <= result.possible <= days
    assert result.percent is None or 0 <= result.percent <= 100
    streak = rules.current_streak(ticks, TODAY)
    assert 0 <= streak <= len(ticks)


@pytest.mark.parametrize("key", rules.SCREEN_KEYS)
def test_screen_unsure_counts_as_yes(key: str) -> None:
    result = rules.check_screen({**ALL_NO, key: rules.UNSURE})
    assert result.complete and not result.cleared
    assert result.positive == (key,) and result.unsure == (key,)
    assert result.needs_crisis_lines is (key == "low_mood_or_self_harm")


@pytest.mark.parametrize("value", ["yes", "no", "Unsure", 1, 0, None, "", [True]])
def test_screen_refuses_other_values(value: object) -> None:
    result = rules.check_screen({**ALL_NO, "epilepsy": value})
    assert not result.complete and result.invalid == ("epilepsy",)
    assert not result.cleared


@given(
    window=st.integers(rules.FLOOR_MIN, rules.CEILING_MIN),
    tst=st.integers(0, 600),
    extra=st.integers(1, 400),
    sleepy=st.sampled_from([True, False, rules.UNSURE]),
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
