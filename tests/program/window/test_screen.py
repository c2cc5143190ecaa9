"""The safety screen's rules (docs/design.md §3.5, contract keys)."""

from __future__ import annotations

import pytest

from sleepapp.program.window import screen

ALL_NO = {k: False for k in screen.SCREEN_KEYS}


def test_screen_keys_are_the_contract() -> None:
    assert screen.SCREEN_KEYS == (
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
    result = screen.check_screen(ALL_NO)
    assert result.cleared
    assert result.message == ""


@pytest.mark.parametrize("key", screen.SCREEN_KEYS)
def test_screen_any_yes_refuses(key: str) -> None:
    result = screen.check_screen({**ALL_NO, key: True})
    assert result.complete
    assert not result.cleared
    assert result.positive == (key,)
    assert [q.key for q in result.reasons] == [key]
    assert key in result.message


@pytest.mark.parametrize("key", screen.SCREEN_KEYS)
def test_screen_every_key_required(key: str) -> None:
    answers = {k: v for k, v in ALL_NO.items() if k != key}
    result = screen.check_screen(answers)
    assert result.missing == (key,)
    assert not result.cleared
    assert key in result.message


@pytest.mark.parametrize("value", ["no", 0, None, "false", 1])
def test_screen_answers_must_be_booleans(value: object) -> None:
    result = screen.check_screen({**ALL_NO, "epilepsy": value})
    assert result.invalid == ("epilepsy",)
    assert not result.cleared


def test_screen_unknown_key() -> None:
    result = screen.check_screen({**ALL_NO, "epilepsey": False})
    assert result.unknown == ("epilepsey",)
    assert not result.cleared


@pytest.mark.parametrize("key", screen.SCREEN_KEYS)
def test_screen_unsure_counts_as_yes(key: str) -> None:
    result = screen.check_screen({**ALL_NO, key: screen.UNSURE})
    assert result.complete and not result.cleared
    assert result.positive == (key,) and result.unsure == (key,)
    assert result.needs_crisis_lines is (key == "low_mood_or_self_harm")


@pytest.mark.parametrize("value", ["yes", "no", "Unsure", 1, 0, None, "", [True]])
def test_screen_refuses_other_values(value: object) -> None:
    result = screen.check_screen({**ALL_NO, "epilepsy": value})
    assert not result.complete and result.invalid == ("epilepsy",)
    assert not result.cleared
