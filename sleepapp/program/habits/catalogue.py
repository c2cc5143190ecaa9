"""The built-in habit catalogue (docs/design.md §3.1, §3.7): thirteen habits, stimulus
control first, each with a one-line reason and its guide page. Pure data, no Flask.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class HabitKind(Enum):
    STIMULUS_CONTROL = "stimulus_control"
    SLEEP_HYGIENE = "sleep_hygiene"
    RELAXATION = "relaxation"  # a CBT-I component of its own (the course's week 5)


@dataclass(frozen=True)
class BuiltinHabit:
    key: str
    name: str
    why: str
    guide_slug: str
    kind: HabitKind


# Ticked from the relaxation pages too (program/tools), when the person has chosen it.
RELAXATION_KEY = "relax_before_bed"

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
    BuiltinHabit(
        RELAXATION_KEY,
        "A relaxation exercise before bed",
        "Paced breathing, muscle relaxation or a body scan help body and mind slow down.",
        "wind-down",
        HabitKind.RELAXATION,
    ),
)
HABITS_BY_KEY: dict[str, BuiltinHabit] = {h.key: h for h in HABITS}
SUGGESTED_KEYS: tuple[str, ...] = tuple(h.key for h in HABITS if h.kind is HabitKind.STIMULUS_CONTROL)
