"""The built-in habit catalogue (docs/design.md §3.1, §3.7)."""

from __future__ import annotations

from sleepapp.program.habits import catalogue


def test_catalogue_has_bootzins_five_rules_as_stimulus_control() -> None:
    stim = [h for h in catalogue.HABITS if h.kind is catalogue.HabitKind.STIMULUS_CONTROL]
    assert len(stim) == 5
    assert tuple(h.key for h in stim) == catalogue.SUGGESTED_KEYS
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
    assert len(catalogue.HABITS_BY_KEY) == len(catalogue.HABITS)
    hygiene = [h for h in catalogue.HABITS if h.kind is catalogue.HabitKind.SLEEP_HYGIENE]
    assert len(hygiene) == 7
    for habit in catalogue.HABITS:
        assert habit.name and habit.why.endswith(".")
        assert habit.guide_slug in slugs
