"""The course's progression rules, pure: waiting for 5 of 7 baseline nights, 7 days a week,
repeating, pausing and leaving; and the outcome comparison."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sleepapp.program.course import presenters, rules

DAY = date(2026, 3, 1)


def _in_week(n: int, opened: date = DAY) -> rules.Progress:
    return rules.Progress(
        started_on=opened - timedelta(days=7 * (n - 1)),
        week=n,
        week_started_on=opened,
        done=frozenset(range(1, n)),
        baseline_end=None if n == 1 else opened - timedelta(days=7 * (n - 2) + 1),
    )


def test_a_new_course_is_in_week_1_with_the_rest_locked() -> None:
    progress = rules.start(DAY)
    assert [s for _, s in rules.statuses(progress)] == ["current"] + ["locked"] * 5
    assert [s for _, s in rules.statuses(None)] == ["locked"] * 6


@pytest.mark.parametrize("nights", [0, 3, 4])
def test_week_2_waits_for_5_of_the_7_baseline_nights(nights: int) -> None:
    progress = rules.start(DAY)
    with pytest.raises(rules.CourseRefused, match=f"you have {nights}, so log {5 - nights} more"):
        rules.next_week(progress, DAY + timedelta(days=10), nights)


@pytest.mark.parametrize("nights", [5, 6, 7])
def test_week_2_opens_with_5_nights_and_marks_the_baseline(nights: int) -> None:
    today = DAY + timedelta(days=4)  # a diary kept before the course counts
    moved = rules.next_week(rules.start(DAY), today, nights)
    assert (moved.week, moved.done, moved.baseline_end, moved.week_started_on) == (2, {1}, today, today)


def test_later_weeks_wait_their_7_days() -> None:
    progress = _in_week(3)
    with pytest.raises(rules.CourseRefused, match="opens on 2026-03-08"):
        rules.next_week(progress, DAY + timedelta(days=6), 7)
    assert rules.next_week(progress, DAY + timedelta(days=7), 0).week == 4


def test_week_6_done_finishes_the_course() -> None:
    finished = rules.next_week(_in_week(6), DAY + timedelta(days=7), 0)
    assert finished.finished_on == DAY + timedelta(days=7) and finished.current_week is None
    assert [s for _, s in rules.statuses(finished)] == ["done"] * 6
    assert rules.restart(finished, DAY + timedelta(days=30)).week == 1


def test_repeat_the_current_or_a_done_week_only() -> None:
    progress = _in_week(4)
    again = rules.repeat(progress, 2, DAY + timedelta(days=3))
    assert (again.week, again.week_started_on, again.done) == (2, DAY + timedelta(days=3), {1, 2, 3})
    with pytest.raises(rules.CourseRefused):
        rules.repeat(progress, 5, DAY)
    assert rules.repeat(progress, 4, DAY + timedelta(days=2)).week_started_on == DAY + timedelta(days=2)


def test_pause_stops_the_clock_and_the_moves() -> None:
    paused = rules.pause(_in_week(3), DAY + timedelta(days=2))
    with pytest.raises(rules.CourseRefused, match="paused"):
        rules.next_week(paused, DAY + timedelta(days=30), 7)
    resumed = rules.resume(paused, DAY + timedelta(days=12))  # 10 days paused
    assert resumed.week_started_on == DAY + timedelta(days=10)
    with pytest.raises(rules.CourseRefused):
        rules.next_week(resumed, DAY + timedelta(days=16), 7)
    assert rules.next_week(resumed, DAY + timedelta(days=17), 7).week == 4


def test_leaving_keeps_the_place_and_starting_again_returns_to_it() -> None:
    left = rules.leave(_in_week(4), DAY + timedelta(days=1))
    assert left.current_week is None
    assert [s for _, s in rules.statuses(left)] == ["done"] * 3 + ["locked"] * 3
    with pytest.raises(rules.CourseRefused):
        rules.next_week(left, DAY + timedelta(days=20), 7)
    back = rules.restart(left, DAY + timedelta(days=20))
    assert (back.week, back.done, back.week_started_on) == (4, {1, 2, 3}, DAY + timedelta(days=20))
    with pytest.raises(rules.CourseRefused, match="already"):
        rules.restart(back, DAY + timedelta(days=21))


MOVES = st.sampled_from(["next", "repeat", "pause", "resume", "leave", "restart"])


@given(moves=st.lists(st.tuples(MOVES, st.integers(0, 9), st.integers(1, 6), st.integers(0, 7)), max_size=40))
def test_any_sequence_of_moves_keeps_the_course_consistent(moves: list[tuple[str, int, int, int]]) -> None:
    """Property: whatever a person does, there is at most one current week, it is between 1
    and 6, every week done before it was opened in order, and no week opens early."""
    today = DAY
    progress = rules.start(today)
    for move, days, n, nights in moves:
        today += timedelta(days=days)
        before = progress
        try:
            if move == "next":
                progress = rules.next_week(progress, today, nights)
                if before.week == 1:
                    assert nights >= rules.BASELINE_NEEDED
                else:
                    assert today >= rules.week_opens_on(before)
                assert before.week in progress.done
            elif move == "repeat":
                progress = rules.repeat(progress, n, today)
            elif move == "pause":
                progress = rules.pause(progress, today)
            elif move == "resume":
                progress = rules.resume(progress, today)
            elif move == "leave":
                progress = rules.leave(progress, today)
            else:
                progress = rules.restart(progress, today)
        except rules.CourseRefused as exc:
            assert exc.message and progress == before
        statuses = [s for _, s in rules.statuses(progress)]
        assert statuses.count("current") == (1 if progress.active else 0)
        assert 1 <= progress.week <= rules.LAST_WEEK
        assert progress.done <= set(range(1, rules.LAST_WEEK + 1))
        assert all(w - 1 in progress.done for w in progress.done if w > 1)
        if progress.active and progress.week > 1:
            assert progress.week - 1 in progress.done and progress.baseline_end is not None


def test_outcomes_say_which_way_each_measure_moved() -> None:
    before = {
        "sleep_efficiency": 72.0,
        "sleep_onset_latency_min": 45.0,
        "wake_after_sleep_onset_min": 60.0,
        "total_sleep_min": 330.0,
        "quality": 2.0,
    }
    after = {
        "sleep_efficiency": 88.0,
        "sleep_onset_latency_min": 20.0,
        "wake_after_sleep_onset_min": 55.0,
        "total_sleep_min": 300.0,
        "quality": None,
    }
    rows = {r.key: r for r in rules.compare_weeks(before, after)}
    assert rows["sleep_efficiency"].verdict == "better"
    assert rows["sleep_onset_latency_min"].verdict == "better"
    assert rows["wake_after_sleep_onset_min"].verdict == "same"
    assert rows["total_sleep_min"].verdict == "worse"
    assert rows["quality"].verdict == "unknown"
    assert presenters.describe_row(rows["sleep_efficiency"]) == (
        "Sleep efficiency: up by 16 points since your first week, a step in the right direction."
    )
    assert "down by 25 min" in presenters.describe_row(rows["sleep_onset_latency_min"])
    assert "not enough diary nights" in presenters.describe_row(rows["quality"])
    assert "Some things have improved" in presenters.summary_words(list(rows.values()))


def test_the_api_object_follows_the_contract() -> None:
    assert presenters.course_json(None) == {
        "week": None,
        "started_on": None,
        "weeks": [{"n": w.n, "title": w.title, "status": "locked"} for w in rules.WEEKS],
    }
    body = presenters.course_json(_in_week(3))
    assert body["week"] == 3 and body["started_on"] == "2026-02-15"
    assert [w["status"] for w in body["weeks"]] == ["done", "done", "current", "locked", "locked", "locked"]


def test_outcome_bars_fill_the_row_with_the_larger_week_and_skip_missing_ones():
    from sleepapp.program.course.presenters import outcome_bars

    rows = rules.compare_weeks(
        {"sleep_efficiency": 70.0, "sleep_onset_latency_min": 40.0, "quality": None},
        {"sleep_efficiency": 87.5, "sleep_onset_latency_min": 10.0, "quality": 3.0},
    )
    bars = {b.label: b for b in outcome_bars(rows)}
    assert all(max(b.before, b.after) == 100 for b in bars.values())
    assert all(0 <= min(b.before, b.after) <= 100 for b in bars.values())
    efficiency = next(b for label, b in bars.items() if "fficiency" in label)
    assert efficiency.before == 80.0 and efficiency.after == 100
    assert not any("uality" in label for label in bars)  # no first-week value: no picture
