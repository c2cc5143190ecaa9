"""The CBT-I programme's rules as pure functions: the sleep window (docs/design.md §3,
contract), the safety screen, the built-in habit catalogue, adherence and streaks.

No Flask and no database here: the service feeds in diary nights and ticks and stores
what comes out. Dates of nights follow the diary's convention: an entry is dated by the
morning it ends on, so "the night of Mon -> Tue" is the entry dated Tuesday.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from enum import Enum
from fractions import Fraction
from typing import Protocol

# -- sleep window constants (docs/design.md §3, contract) ------------------------------
STEP_MIN = 15
FLOOR_MIN = 330  # 5 h 30: the CBTI-M floor (docs/sources.md 2.2); lower floors hurt adherence
CEILING_MIN = 540
MIN_NIGHTS = 5
WEEK_DAYS = 7
SE_INCREASE_AT = 90  # percent; SE >= 90 -> +15 min
SE_HOLD_AT = 85  # percent; 85 <= SE < 90 -> unchanged; below -> -15 min

MINUTES_PER_DAY = 24 * 60


class Night(Protocol):
    """What the rules need from a diary night (the diary's ``NightMetrics`` fits)."""

    @property
    def date(self) -> date: ...

    @property
    def time_in_bed_min(self) -> float: ...

    @property
    def total_sleep_min(self) -> float: ...


# -- arithmetic -----------------------------------------------------------------------


def round_to_step(minutes: float | Fraction) -> int:
    """Round to the nearest quarter hour, halves up (337.5 -> 345, 322.5 -> 330).

    Works on exact fractions so a mean such as 2362.5 / 7 never lands on the wrong side
    of a half through float error.
    """
    quarters = Fraction(minutes) / STEP_MIN
    return math.floor(quarters + Fraction(1, 2)) * STEP_MIN


def clamp_window(minutes: int) -> int:
    """Keep a window between the floor (330) and the ceiling (540)."""
    return min(max(minutes, FLOOR_MIN), CEILING_MIN)


def bedtime_for(wake: time, window_min: int) -> time:
    """Bedtime as a clock time: wake time minus the window, crossing midnight if needed."""
    wake_min = wake.hour * 60 + wake.minute
    bed_min = (wake_min - window_min) % MINUTES_PER_DAY
    return time(bed_min // 60, bed_min % 60)


def format_duration(minutes: int) -> str:
    """345 -> '5 h 45 min'; 360 -> '6 h'."""
    hours, rest = divmod(minutes, 60)
    if rest == 0:
        return f"{hours} h"
    if hours == 0:
        return f"{rest} min"
    return f"{hours} h {rest} min"


# ASCII digits only: str.isdigit() and int() also take "²", "٦" or "６", which either
# crash int() or sneak past as a clock time nobody typed on purpose.
_CLOCK = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def parse_clock(text: object) -> time | None:
    """'06:30' -> time(6, 30); anything else (including '6:30 pm', '24:00', '²²:00',
    non-text) -> None. Never raises."""
    if not isinstance(text, str):
        return None
    match = _CLOCK.fullmatch(text.strip())
    if match is None:
        return None
    return time(int(match[1]), int(match[2]))


def parse_iso_date(text: object) -> date | None:
    """'2024-06-20' -> date(2024, 6, 20); anything else (other ISO spellings such as
    '20240620' or '2024-W25-4', non-ASCII digits, year 0000, 2024-02-30) -> None.
    Never raises."""
    if not isinstance(text, str):
        return None
    match = _ISO_DATE.fullmatch(text.strip())
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


# -- which nights count ---------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """An inclusive range of diary dates (mornings)."""

    first: date
    last: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first <= day <= self.last

    def days(self) -> list[date]:
        return [self.first + timedelta(days=i) for i in range((self.last - self.first).days + 1)]


def baseline_period(start: date) -> Period:
    """The 7 nights before the start date: the nights ending on the mornings start-6 ..
    start (the last one is the night before the window's first night)."""
    return Period(start - timedelta(days=WEEK_DAYS - 1), start)


def review_period(window_start: date) -> Period:
    """The 7 nights from a window's start: the first night begins on ``window_start`` and
    ends the next morning, so the diary dates are start+1 .. start+7."""
    return Period(window_start + timedelta(days=1), window_start + timedelta(days=WEEK_DAYS))


def review_due_on(window_start: date) -> date:
    """A review is due once the window's 7 days are over, and the next window starts
    that same day (the day after the 7 days)."""
    return window_start + timedelta(days=WEEK_DAYS)


def next_window_start(window_start: date) -> date:
    return review_due_on(window_start)


@dataclass(frozen=True)
class NightTotals:
    """Pooled totals of the nights that fall in a period."""

    period: Period
    nights: int
    total_sleep_min: Fraction
    time_in_bed_min: Fraction

    @property
    def missing(self) -> int:
        """How many more nights are needed to reach the minimum."""
        return max(MIN_NIGHTS - self.nights, 0)

    @property
    def enough(self) -> bool:
        return self.nights >= MIN_NIGHTS

    @property
    def mean_total_sleep_min(self) -> Fraction | None:
        return self.total_sleep_min / self.nights if self.nights else None

    @property
    def efficiency(self) -> Fraction | None:
        """Pooled SE: total TST / total TIB x 100, exact (compared unrounded)."""
        if self.time_in_bed_min <= 0:
            return None
        return self.total_sleep_min / self.time_in_bed_min * 100


def pool_nights(nights: Iterable[Night], period: Period) -> NightTotals:
    """Total the nights dated inside ``period`` (one per date; later duplicates ignored)."""
    seen: set[date] = set()
    tst = Fraction(0)
    tib = Fraction(0)
    for night in nights:
        if night.date not in period or night.date in seen:
            continue
        seen.add(night.date)
        tst += Fraction(night.total_sleep_min)
        tib += Fraction(night.time_in_bed_min)
    return NightTotals(period, len(seen), tst, tib)


def display_efficiency(value: Fraction | None) -> float | None:
    """One decimal, rounded *down*, so a shown 90.0 always means the >= 90 rule fired and
    a true 89.96 shows as 89.9, never as a misleading 90.0."""
    if value is None:
        return None
    return math.floor(value * 10) / 10


def display_minutes(value: Fraction | None) -> float | None:
    if value is None:
        return None
    return round(float(value), 1)


# -- initial window -------------------------------------------------------------------


@dataclass(frozen=True)
class InitialWindow:
    window_min: int
    baseline: NightTotals


@dataclass(frozen=True)
class NotEnoughNights:
    baseline: NightTotals

    @property
    def missing(self) -> int:
        return self.baseline.missing

    @property
    def message(self) -> str:
        p = self.baseline.period
        have = self.baseline.nights
        return (
            f"Needs at least {MIN_NIGHTS} diary nights among the {WEEK_DAYS} before the "
            f"start date ({p.first.isoformat()} to {p.last.isoformat()}); you have {have}, "
            f"{self.missing} more {'night is' if self.missing == 1 else 'nights are'} missing."
        )


def initial_window(nights: Iterable[Night], start: date) -> InitialWindow | NotEnoughNights:
    """Initial window = mean TST of the baseline nights, rounded to 15 min, clamped."""
    baseline = pool_nights(nights, baseline_period(start))
    mean = baseline.mean_total_sleep_min
    if not baseline.enough or mean is None:
        return NotEnoughNights(baseline)
    return InitialWindow(clamp_window(round_to_step(mean)), baseline)


# -- weekly review --------------------------------------------------------------------


class Outcome(Enum):
    INCREASE = "increase"
    UNCHANGED = "unchanged"
    DECREASE = "decrease"
    NOT_ENOUGH_NIGHTS = "not_enough_nights"
    START = "start"
    # Efficiency asked for less time in bed, but the person is sleepy in the day: kept.
    HELD_FOR_SLEEPINESS = "held_for_sleepiness"


@dataclass(frozen=True)
class Review:
    old_window_min: int
    new_window_min: int
    outcome: Outcome
    week: NightTotals
    next_start: date

    @property
    def change_min(self) -> int:
        return self.new_window_min - self.old_window_min


def decide_step(efficiency: Fraction | float) -> Outcome:
    """The contract's thresholds, compared on the unrounded SE."""
    if efficiency >= SE_INCREASE_AT:
        return Outcome.INCREASE
    if efficiency >= SE_HOLD_AT:
        return Outcome.UNCHANGED
    return Outcome.DECREASE


_STEP = {Outcome.INCREASE: STEP_MIN, Outcome.UNCHANGED: 0, Outcome.DECREASE: -STEP_MIN}


def review_window(window_min: int, window_start: date, nights: Iterable[Night]) -> Review:
    """Review the week that began on ``window_start``.

    Too few logged nights keep the window as it is (the next week is another try).
    The floor and ceiling apply after the step, so an out-of-range stored window is
    brought back in range too.
    """
    week = pool_nights(nights, review_period(window_start))
    efficiency = week.efficiency
    nxt = next_window_start(window_start)
    if not week.enough or efficiency is None:
        return Review(window_min, window_min, Outcome.NOT_ENOUGH_NIGHTS, week, nxt)
    outcome = decide_step(efficiency)
    new = clamp_window(window_min + _STEP[outcome])
    return Review(window_min, new, outcome, week, nxt)


def is_review_due(window_start: date, today: date) -> bool:
    return today >= review_due_on(window_start)


# -- safety screen --------------------------------------------------------------------


@dataclass(frozen=True)
class ScreenQuestion:
    key: str
    question: str
    why: str
    # Shown as separate questions on the page, each about one thing; any yes (or not sure)
    # answers the key yes. The API takes the key itself.
    parts: tuple[str, ...] = ()

    @property
    def questions(self) -> tuple[str, ...]:
        return self.parts or (self.question,)


# An answer: yes, no, or not sure (which counts as yes: refer first, docs/design.md §3.5).
UNSURE = "unsure"

# Somryst labelling, the Spielman chapter, the VA page and NICE CKS (docs/sources.md 2.2):
# sleep restriction makes each of these worse or more dangerous, or does not fit them.
SCREEN_QUESTIONS: tuple[ScreenQuestion, ...] = (
    ScreenQuestion(
        "bipolar_or_psychosis",
        "Have you ever had bipolar disorder, mania or a psychotic illness?",
        "Losing sleep can set off mania or psychosis.",
    ),
    ScreenQuestion(
        "epilepsy",
        "Do you have epilepsy or have you had seizures?",
        "Sleep loss makes seizures more likely.",
    ),
    ScreenQuestion(
        "untreated_sleep_apnoea",
        "Do you have sleep apnoea that is not treated, or loud snoring with pauses in breathing?",
        "Apnoea needs checking and treating first; restriction would add to the sleepiness it causes.",
        parts=(
            "Have you been told you have sleep apnoea that is not being treated?",
            "Has anyone noticed that you snore loudly and stop breathing or gasp in your sleep?",
        ),
    ),
    ScreenQuestion(
        "parasomnia",
        "Do you sleepwalk, have night terrors or act out your dreams?",
        "Short sleep can make these happen more often.",
    ),
    ScreenQuestion(
        "pregnancy",
        "Are you pregnant?",
        "Sleep restriction has not been shown to be safe in pregnancy.",
    ),
    ScreenQuestion(
        "fall_risk",
        "Are you at high risk of falling (for example, you have fallen in the past year or feel unsteady)?",
        "Sleepiness and getting up at night raise the risk of a fall.",
    ),
    ScreenQuestion(
        "safety_critical_work",
        "Do you drive for work, operate machinery or do other work where sleepiness could cause an accident?",
        "The first weeks bring daytime sleepiness, which is dangerous at the wheel or "
        "in safety-critical work.",
    ),
    ScreenQuestion(
        "daytime_sleepiness",
        "Do you fall asleep when you do not mean to, for example while driving, talking or eating?",
        "Falling asleep without meaning to needs a check by a doctor first, and a sleep window "
        "would make it worse.",
    ),
    ScreenQuestion(
        "low_mood_or_self_harm",
        "Have you had very low mood, or thoughts of harming yourself or ending your life, lately?",
        "Low mood and thoughts of self-harm come first: please talk to someone now, and to your "
        "doctor before cutting your sleep.",
    ),
    ScreenQuestion(
        "under_18",
        "Are you under 18?",
        "The sleep window here is made for adults; young people need a plan made with their doctor.",
    ),
    ScreenQuestion(
        "rotating_or_night_shifts",
        "Do you work rotating shifts or night shifts?",
        "The window fixes one wake time every day, which shifting work cannot keep.",
    ),
)
SCREEN_KEYS: tuple[str, ...] = tuple(q.key for q in SCREEN_QUESTIONS)
_QUESTIONS_BY_KEY = {q.key: q for q in SCREEN_QUESTIONS}
CRISIS_SCREEN_KEYS = frozenset({"low_mood_or_self_harm"})


def answer_is_yes(value: object) -> bool:
    """Yes, or not sure: either way, talk to a doctor first."""
    return value is True or value == UNSURE


@dataclass(frozen=True)
class ScreenResult:
    missing: tuple[str, ...] = ()
    invalid: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    positive: tuple[str, ...] = ()
    unsure: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return not (self.missing or self.invalid or self.unknown)

    @property
    def cleared(self) -> bool:
        """Every question answered, all with no: a window may be set."""
        return self.complete and not self.positive

    @property
    def needs_crisis_lines(self) -> bool:
        return bool(CRISIS_SCREEN_KEYS.intersection(self.positive))

    @property
    def reasons(self) -> list[ScreenQuestion]:
        return [_QUESTIONS_BY_KEY[k] for k in self.positive]

    @property
    def message(self) -> str:
        if self.missing:
            return "Answer every safety question: missing " + ", ".join(self.missing) + "."
        if self.invalid:
            return 'Answers must be true, false or "unsure": ' + ", ".join(self.invalid) + "."
        if self.unknown:
            return "Unknown safety questions: " + ", ".join(self.unknown) + "."
        if self.positive:
            return (
                "A sleep window is not safe to start on your own with "
                + ", ".join(self.positive)
                + ' ("unsure" counts as yes). Talk to your doctor first.'
            )
        return ""


def check_screen(answers: Mapping[str, object]) -> ScreenResult:
    """Every key is required, each true, false or "unsure"; any answer but false refuses a
    window (not sure counts as yes: refer first)."""
    missing = tuple(k for k in SCREEN_KEYS if k not in answers)
    invalid = tuple(
        k for k in SCREEN_KEYS if k in answers and not (isinstance(answers[k], bool) or answers[k] == UNSURE)
    )
    unknown = tuple(sorted(k for k in answers if k not in _QUESTIONS_BY_KEY))
    positive = tuple(k for k in SCREEN_KEYS if k not in invalid and answer_is_yes(answers.get(k)))
    unsure = tuple(k for k in positive if answers.get(k) == UNSURE)
    return ScreenResult(missing, invalid, unknown, positive, unsure)


def hold_for_sleepiness(review: Review, sleepy: object) -> Review:
    """The weekly review asks about daytime sleepiness first: unless the answer is a plain
    no, the window is never narrowed (it keeps its length or widens as the week allows)."""
    if sleepy is False or review.outcome is not Outcome.DECREASE:
        return review
    return Review(
        review.old_window_min,
        review.old_window_min,
        Outcome.HELD_FOR_SLEEPINESS,
        review.week,
        review.next_start,
    )


# -- habit catalogue ------------------------------------------------------------------


class HabitKind(Enum):
    STIMULUS_CONTROL = "stimulus_control"
    SLEEP_HYGIENE = "sleep_hygiene"


@dataclass(frozen=True)
class BuiltinHabit:
    key: str
    name: str
    why: str
    guide_slug: str
    kind: HabitKind


# Stimulus control: Bootzin's five rules (docs/sources.md 2.3), an active ingredient of CBT-I.
# Sleep hygiene (docs/sources.md 2.4) only supports it: AASM 2021 advises against hygiene alone.
HABITS: tuple[BuiltinHabit, ...] = (
    BuiltinHabit(
        "bed_when_sleepy",
        "Go to bed only when sleepy",
        "Lying awake in bed teaches your brain that bed is a place for being awake. "
        "Sleepy (eyes closing) is not the same as tired.",
        "stimulus-control",
        HabitKind.STIMULUS_CONTROL,
    ),
    BuiltinHabit(
        "bed_for_sleep_only",
        "Bed only for sleep and sex",
        "No screens, reading, eating or worrying in bed, so bed becomes a strong cue for sleep.",
        "stimulus-control",
        HabitKind.STIMULUS_CONTROL,
    ),
    BuiltinHabit(
        "get_up_if_awake",
        "Not asleep after about 20 minutes? Get up, return when sleepy",
        "Guess the time rather than checking. Doing something calm in another room "
        "breaks the link between bed and frustration.",
        "stimulus-control",
        HabitKind.STIMULUS_CONTROL,
    ),
    BuiltinHabit(
        "same_wake_time",
        "Same wake time every day, weekends included",
        "A fixed wake time anchors your body clock and builds sleep pressure for the next night.",
        "sleep-window",
        HabitKind.STIMULUS_CONTROL,
    ),
    BuiltinHabit(
        "no_naps",
        "No napping",
        "Naps use up the sleep pressure you need at night.",
        "naps",
        HabitKind.STIMULUS_CONTROL,
    ),
    BuiltinHabit(
        "no_caffeine_after_lunch",
        "No caffeine after lunch",
        "Caffeine stays in the body for hours and makes it harder to fall asleep.",
        "caffeine-and-alcohol",
        HabitKind.SLEEP_HYGIENE,
    ),
    BuiltinHabit(
        "no_alcohol_nicotine_late",
        "No alcohol or nicotine near bedtime",
        "Alcohol may help you drop off but breaks up sleep later; nicotine is a stimulant.",
        "caffeine-and-alcohol",
        HabitKind.SLEEP_HYGIENE,
    ),
    BuiltinHabit(
        "exercise_not_late",
        "Exercise, but not within 2 hours of bed",
        "Regular activity helps sleep; hard exercise just before bed keeps you alert.",
        "sleep-hygiene",
        HabitKind.SLEEP_HYGIENE,
    ),
    BuiltinHabit(
        "dark_quiet_cool",
        "Dark, quiet, cool bedroom",
        "Light, noise and heat all wake you more easily.",
        "sleep-hygiene",
        HabitKind.SLEEP_HYGIENE,
    ),
    BuiltinHabit(
        "no_screens_last_30",
        "No screens in the last 30 minutes",
        "Screens keep the mind busy and their light pushes your body clock later.",
        "light-and-screens",
        HabitKind.SLEEP_HYGIENE,
    ),
    BuiltinHabit(
        "no_clock_watching",
        "No clock-watching at night",
        "Checking the time feeds worry about sleep; turn the clock away.",
        "sleep-hygiene",
        HabitKind.SLEEP_HYGIENE,
    ),
    BuiltinHabit(
        "no_large_late_meal",
        "No large meal late",
        "A full stomach and heartburn get in the way of sleep.",
        "sleep-hygiene",
        HabitKind.SLEEP_HYGIENE,
    ),
)
HABITS_BY_KEY: dict[str, BuiltinHabit] = {h.key: h for h in HABITS}
SUGGESTED_KEYS: tuple[str, ...] = tuple(h.key for h in HABITS if h.kind is HabitKind.STIMULUS_CONTROL)


# -- adherence and streaks ------------------------------------------------------------


@dataclass(frozen=True)
class Adherence:
    """Ticks (``done``) over the days a habit counted (``possible``; pooled over habits:
    habit-days). ``partial`` says some habit counted fewer days than the span asked for
    (chosen recently), so the percentage rests on few days and must say so."""

    done: int
    possible: int
    partial: bool = field(default=False, compare=False)
    pooled: bool = field(default=False, compare=False)

    @property
    def percent(self) -> int | None:
        """Whole percent, rounded half up; None when there is nothing to count yet."""
        if self.possible == 0:
            return None
        return math.floor(Fraction(self.done * 100, self.possible) + Fraction(1, 2))

    @property
    def summary(self) -> str:
        """Honest wording: '86% of the last 7 days'; for a habit chosen 2 days ago
        '50% (1 of 2 days since you chose it)'; pooled: '60% (6 of 10 possible ticks)'."""
        if self.percent is None:
            return "not counted yet"
        if self.pooled:
            if self.partial:
                return f"{self.percent}% ({self.done} of {self.possible} possible ticks)"
            return f"{self.percent}%"
        if self.partial:
            days = "day" if self.possible == 1 else "days"
            return f"{self.percent}% ({self.done} of {self.possible} {days} since you chose it)"
        return f"{self.percent}% of the last {self.possible} days"

    def __add__(self, other: Adherence) -> Adherence:
        return Adherence(
            self.done + other.done,
            self.possible + other.possible,
            partial=self.partial or other.partial,
            pooled=True,
        )


def active_from(chosen_on: date, ticks: Collection[date]) -> date:
    """The first day a habit counts: the day it was chosen, or an earlier day the person
    ticked (filling in a past day means they were following it then)."""
    return min([chosen_on, *ticks])


def habit_adherence(chosen_on: date, ticks: Collection[date], today: date, days: int) -> Adherence:
    """Ticks over the habit's eligible days among the ``days`` ending today."""
    first = max(today - timedelta(days=days - 1), active_from(chosen_on, ticks))
    if first > today:
        return Adherence(0, 0)
    possible = (today - first).days + 1
    done = sum(1 for d in set(ticks) if first <= d <= today)
    return Adherence(done, possible, partial=possible < days)


def overall_adherence(habits: Iterable[tuple[date, Collection[date]]], today: date, days: int) -> Adherence:
    """Pooled over habits: all ticks / all eligible habit-days."""
    total = Adherence(0, 0, pooled=True)
    for chosen_on, ticks in habits:
        total = total + habit_adherence(chosen_on, ticks, today, days)
    return total


def current_streak(ticks: Collection[date], today: date) -> int:
    """Consecutive ticked days ending today, or ending yesterday while today is still
    open (an unticked today does not break a streak yet)."""
    tick_set = set(ticks)
    day = today if today in tick_set else today - timedelta(days=1)
    streak = 0
    while day in tick_set:
        streak += 1
        day -= timedelta(days=1)
    return streak


def daily_share(habits: Sequence[tuple[date, Collection[date]]], days: Sequence[date]) -> list[Adherence]:
    """For each day: how many of the habits counting that day were ticked (heat-map)."""
    result = []
    for day in days:
        done = possible = 0
        for chosen_on, ticks in habits:
            if day >= active_from(chosen_on, ticks):
                possible += 1
                done += day in ticks
        result.append(Adherence(done, possible))
    return result
