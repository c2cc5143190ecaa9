"""Unit and property tests for the pure diary rules (sleepapp/diary/metrics.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from sleepapp.clock import parse_clock
from sleepapp.diary.metrics import (
    CLOCK_FIELDS,
    EARLIEST_DATE,
    LABELS,
    LATEST_DATE,
    EntryData,
    EntryInvalid,
    NightMetrics,
    UsualTimes,
    clean_entry,
    compute_metrics,
    date_range_error,
    detect_slips,
    efficiency,
    entry_instants,
    entry_metrics,
    resolve_instants,
    usual_times,
)

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
SYDNEY = ZoneInfo("Australia/Sydney")
KOLKATA = ZoneInfo("Asia/Kolkata")
ZONES = [
    "UTC",
    "Europe/London",
    "America/New_York",
    "Australia/Sydney",
    "Australia/Lord_Howe",  # 30-minute daylight-saving shift
    "Pacific/Chatham",
    "Asia/Kolkata",
    "America/Sao_Paulo",
    "Africa/Casablanca",
]

clocks = st.builds(time, st.integers(0, 23), st.integers(0, 59))
days = st.dates(date(2000, 1, 1), date(2035, 12, 31))
zones = st.sampled_from(ZONES).map(ZoneInfo)


def t(text: str) -> time:
    return parse_clock(text)


def raw_entry(**overrides: object) -> dict[str, object]:
    raw: dict[str, object] = {
        "date": "2026-06-02",
        "in_bed": "23:00",
        "tried_to_sleep": "23:15",
        "sleep_latency_min": 20,
        "awakenings": 2,
        "awake_min": 25,
        "final_wake": "06:30",
        "out_of_bed": "07:00",
        "quality": 3,
    }
    raw.update(overrides)
    return raw


def minutes_between(a: datetime, b: datetime) -> int:
    return round((b - a).total_seconds() / 60)


# ---------------------------------------------------------------- clock parsing


@pytest.mark.parametrize(
    ("text", "expected"),
    [("23:15", time(23, 15)), ("7:05", time(7, 5)), ("00:00", time(0)), ("06:30:00", time(6, 30))],
)
def test_parse_clock_accepts(text: str, expected: time) -> None:
    assert parse_clock(text) == expected


@pytest.mark.parametrize("text", ["24:00", "12:60", "7pm", "", "12.30", "123:00", "06:30:15"])
def test_parse_clock_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="time"):
        parse_clock(text)


# ---------------------------------------------------------------- instants


def test_night_across_midnight_starts_the_day_before() -> None:
    inst = resolve_instants(date(2026, 6, 2), t("23:10"), t("23:30"), t("06:40"), t("07:00"), LONDON)
    assert inst.in_bed == datetime(2026, 6, 1, 23, 10, tzinfo=LONDON)
    assert inst.tried_to_sleep == datetime(2026, 6, 1, 23, 30, tzinfo=LONDON)
    assert inst.final_wake == datetime(2026, 6, 2, 6, 40, tzinfo=LONDON)
    assert inst.out_of_bed == datetime(2026, 6, 2, 7, 0, tzinfo=LONDON)
    assert compute_metrics(inst, 0, 0).time_in_bed_min == 470


def test_day_sleeper_stays_on_one_date() -> None:
    inst = resolve_instants(date(2026, 6, 2), t("09:00"), t("09:15"), t("15:30"), t("16:00"), LONDON)
    assert {i.astimezone(LONDON).date() for i in inst} == {date(2026, 6, 2)}
    metrics = compute_metrics(inst, 15, 30)
    assert metrics.time_in_bed_min == 420
    assert metrics.total_sleep_min == 375 - 45
    assert metrics.early_wake_min == 30


def test_night_after_midnight_stays_on_the_date() -> None:
    inst = resolve_instants(date(2026, 6, 2), t("00:30"), t("00:45"), t("08:00"), t("08:10"), LONDON)
    assert inst.in_bed.astimezone(LONDON).date() == date(2026, 6, 2)
    assert compute_metrics(inst, 0, 0).time_in_bed_min == 460


@pytest.mark.parametrize(
    ("zone", "day", "expected"),
    [
        (LONDON, date(2026, 10, 25), 540),  # clocks go back: an hour longer
        (LONDON, date(2026, 3, 29), 420),  # clocks go forward: an hour shorter
        (LONDON, date(2026, 10, 26), 480),
        (NEW_YORK, date(2026, 11, 1), 540),
        (NEW_YORK, date(2026, 3, 8), 420),
        (SYDNEY, date(2026, 4, 5), 540),
        (SYDNEY, date(2026, 10, 4), 420),
        (KOLKATA, date(2026, 10, 25), 480),
    ],
)
def test_daylight_saving_changes_real_elapsed_time(zone: ZoneInfo, day: date, expected: int) -> None:
    inst = resolve_instants(day, t("23:00"), t("23:00"), t("07:00"), t("07:00"), zone)
    metrics = compute_metrics(inst, 0, 0)
    assert metrics.time_in_bed_min == expected
    assert metrics.total_sleep_min == expected
    assert metrics.sleep_efficiency == 100.0


def test_nonexistent_time_is_read_with_the_offset_before_the_change() -> None:
    # 01:30 does not exist in London on 2026-03-29; fold=0 reads it as 01:30 GMT (02:30 BST).
    inst = resolve_instants(date(2026, 3, 29), t("00:30"), t("01:30"), t("06:00"), t("06:30"), LONDON)
    assert inst.tried_to_sleep == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert compute_metrics(inst, 0, 0).time_in_bed_min == 300


def test_nonexistent_out_of_bed_time_does_not_fail() -> None:
    entry = clean_entry(
        raw_entry(
            date="2026-03-29",
            in_bed="23:00",
            tried_to_sleep="23:00",
            final_wake="01:15",
            out_of_bed="01:45",
            sleep_latency_min=0,
            awake_min=0,
        ),
        LONDON,
    )
    metrics = entry_metrics(entry, LONDON)
    assert metrics.time_in_bed_min == 165  # 23:00 GMT to 01:45 GMT (= 02:45 BST)


def test_ambiguous_times_take_real_occurrences() -> None:
    # 01:10 .. 01:40 happen twice in London on 2026-10-25; out of bed takes the first.
    inst = resolve_instants(date(2026, 10, 25), t("01:10"), t("01:15"), t("01:30"), t("01:40"), LONDON)
    assert inst.out_of_bed == datetime(2026, 10, 25, 0, 40, tzinfo=UTC)
    assert compute_metrics(inst, 0, 0).time_in_bed_min == 30
    # A night running into the repeated hour: 00:30 BST to 01:40 BST.
    inst = resolve_instants(date(2026, 10, 25), t("00:30"), t("00:30"), t("01:40"), t("01:40"), LONDON)
    assert compute_metrics(inst, 0, 0).time_in_bed_min == 70


# ---------------------------------------------------------------- metrics


def test_metrics_follow_design_formulas() -> None:
    entry = clean_entry(raw_entry(), LONDON)
    metrics = entry_metrics(entry, LONDON)
    assert metrics.as_dict() == {
        "time_in_bed_min": 480,
        "sleep_onset_latency_min": 20,
        "wake_after_sleep_onset_min": 25,
        "early_wake_min": 30,
        "total_sleep_min": 435 - 20 - 25,
        "sleep_efficiency": 81.3,  # 390 / 480 = 81.25 -> halves up
    }


@pytest.mark.parametrize(
    ("tst", "tib", "se"),
    [(390, 480, 81.3), (1, 3, 33.3), (2, 3, 66.7), (0, 10, 0.0), (10, 10, 100.0), (1, 8, 12.5), (1, 16, 6.3)],
)
def test_efficiency_one_decimal_halves_up(tst: int, tib: int, se: float) -> None:
    assert efficiency(tst, tib) == se


def test_night_metrics_minimal_construction() -> None:
    night = NightMetrics(date(2026, 1, 1), 480, 400, 83.3)
    assert night.early_wake_min == 0


# ---------------------------------------------------------------- validation


def test_clean_entry_types_and_optional_items() -> None:
    entry = clean_entry(
        raw_entry(
            rested="4",
            naps=1,
            nap_min="20",
            caffeine_drinks=2,
            caffeine_last="14:00",
            alcohol_drinks=0,
            alcohol_last="",
            medication="  the one my GP gave me  ",
            comments="",
        ),
        LONDON,
    )
    assert entry.rested == 4
    assert entry.nap_min == 20
    assert entry.caffeine_last == time(14)
    assert entry.alcohol_drinks == 0
    assert entry.alcohol_last is None
    assert entry.medication == "  the one my GP gave me  "  # verbatim
    assert entry.comments is None


@pytest.mark.parametrize(
    ("overrides", "field", "needle"),
    [
        ({"in_bed": None}, "in_bed", "required"),
        ({"quality": ""}, "quality", "required"),
        ({"date": "2026-13-01"}, "date", "YYYY-MM-DD"),
        ({"date": "1850-01-01"}, "date", "1900"),
        ({"in_bed": "25:00"}, "in_bed", "between"),
        ({"final_wake": "late"}, "final_wake", "HH:MM"),
        ({"sleep_latency_min": -5}, "sleep_latency_min", "negative"),
        ({"awakenings": -1}, "awakenings", "negative"),
        ({"awakenings": 1000}, "awakenings", "at most"),
        ({"awake_min": "ten"}, "awake_min", "whole number"),
        ({"awake_min": 2.5}, "awake_min", "whole number"),
        ({"awake_min": True}, "awake_min", "whole number"),
        ({"awake_min": 5000}, "awake_min", "at most"),
        ({"quality": 0}, "quality", "between 1 and 5"),
        ({"quality": 6}, "quality", "at most 5"),
        ({"rested": 9}, "rested", "at most 5"),
        ({"naps": -2}, "naps", "negative"),
        ({"nap_min": -2}, "nap_min", "negative"),
        ({"caffeine_drinks": -1}, "caffeine_drinks", "negative"),
        ({"alcohol_drinks": 51}, "alcohol_drinks", "at most"),
        ({"caffeine_last": "3pm"}, "caffeine_last", "HH:MM"),
        ({"medication": "x" * 501}, "medication", "500"),
        ({"comments": "bad\x00byte"}, "comments", "character"),
        ({"medication": 12}, "medication", "text"),
        ({"in_bed": "07:00", "tried_to_sleep": "07:00", "final_wake": "07:00"}, "out_of_bed", "more than 0"),
        ({"in_bed": "23:00", "tried_to_sleep": "11:30", "final_wake": "06:00"}, "in_bed", "less than 24 h"),
    ],
)
def test_clean_entry_field_messages(overrides: dict[str, object], field: str, needle: str) -> None:
    with pytest.raises(EntryInvalid) as info:
        clean_entry(raw_entry(**overrides), LONDON)
    assert field in info.value.fields
    assert needle in info.value.fields[field]


def test_future_date_rejected_only_with_today() -> None:
    clean_entry(raw_entry(date="2026-06-03"), LONDON)
    with pytest.raises(EntryInvalid) as info:
        clean_entry(raw_entry(date="2026-06-03"), LONDON, today=date(2026, 6, 2))
    assert "has not happened yet" in info.value.fields["date"]
    assert clean_entry(raw_entry(date="2026-06-02"), LONDON, today=date(2026, 6, 2)).date == date(2026, 6, 2)


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "9000-01-02", "9999-12-31"])
def test_dates_outside_the_diary_range_are_field_errors(day: str) -> None:
    with pytest.raises(EntryInvalid) as info:
        clean_entry(raw_entry(date=day), LONDON)
    assert set(info.value.fields) == {"date"}
    assert "1900-01-01" in info.value.fields["date"] or "9000-01-01" in info.value.fields["date"]


def test_the_range_ends_are_inside_it() -> None:
    assert date_range_error(EARLIEST_DATE) is None and date_range_error(LATEST_DATE) is None
    assert date_range_error(date.min) and date_range_error(date.max)


def test_all_errors_reported_at_once() -> None:
    with pytest.raises(EntryInvalid) as info:
        clean_entry(raw_entry(in_bed="", quality=9, awakenings=-1), LONDON)
    assert set(info.value.fields) == {"in_bed", "quality", "awakenings"}


def test_negative_total_sleep_names_both_fields() -> None:
    with pytest.raises(EntryInvalid) as info:
        clean_entry(
            raw_entry(tried_to_sleep="23:30", final_wake="00:00", sleep_latency_min=20, awake_min=20), LONDON
        )
    assert set(info.value.fields) == {"sleep_latency_min", "awake_min"}
    message = info.value.fields["awake_min"]
    assert "fall asleep" in message and "awake" in message and "negative" in message


def test_tib_over_24_hours_suggests_the_slip() -> None:
    with pytest.raises(EntryInvalid) as info:
        clean_entry(raw_entry(tried_to_sleep="11:30"), LONDON)
    assert "Tried to sleep 23:30" in info.value.fields["in_bed"]


# ---------------------------------------------------------------- AM/PM slips


def test_no_slip_for_ordinary_nights_and_day_sleepers() -> None:
    assert detect_slips(clean_entry(raw_entry(), LONDON), LONDON) == []
    day = raw_entry(in_bed="09:00", tried_to_sleep="09:15", final_wake="15:30", out_of_bed="16:00")
    assert detect_slips(clean_entry(day, LONDON), LONDON) == []


def test_slip_long_night_suggests_bed_time() -> None:
    entry = clean_entry(raw_entry(in_bed="11:00"), LONDON)
    [warning] = detect_slips(entry, LONDON)
    assert (warning.field, warning.entered, warning.suggested) == ("in_bed", "11:00", "23:00")
    assert "20 h" in warning.message and LABELS["in_bed"] in warning.message


def test_slip_evening_wake_suggests_morning() -> None:
    entry = clean_entry(raw_entry(out_of_bed="19:00", final_wake="18:30"), LONDON)
    warnings = detect_slips(entry, LONDON)
    assert {(w.field, w.suggested) for w in warnings} == {("final_wake", "06:30"), ("out_of_bed", "07:00")}


def test_slip_morning_bed_and_evening_wake() -> None:
    entry = clean_entry(
        raw_entry(in_bed="10:00", tried_to_sleep="10:15", final_wake="18:00", out_of_bed="18:30"), LONDON
    )
    assert entry_metrics(entry, LONDON).time_in_bed_min == 510  # not long, but suspicious
    suggestions = {w.field: w.suggested for w in detect_slips(entry, LONDON)}
    assert suggestions == {
        "in_bed": "22:00",
        "tried_to_sleep": "22:15",
        "final_wake": "06:00",
        "out_of_bed": "06:30",
    }


def test_slip_without_a_clear_fix_still_warns() -> None:
    # 17 h in bed, but every 12-hour correction leaves too little time for the
    # 600 minutes it took to fall asleep, so there is no suggestion to offer.
    entry = EntryData(date(2026, 6, 2), t("12:00"), t("12:00"), 600, 0, 0, t("05:00"), t("05:05"), 3)
    warnings = detect_slips(entry, LONDON)
    assert [(w.field, w.suggested) for w in warnings] == [("in_bed", None)]
    assert "17 h 05 min" in warnings[0].message


# The three slips an outside review found, their mirror images, and a real long night.
SLIP_CASES = [
    # Bed 12:15 PM meant 00:15: the bed times change, not the waking ones (was: wake 19:00).
    (
        {"in_bed": "12:15", "tried_to_sleep": "12:30", "final_wake": "07:00", "out_of_bed": "07:15"},
        {"in_bed": "00:15", "tried_to_sleep": "00:30"},
    ),
    # Bed 15:00 meant 03:00, wake 10:00 (was: wake 22:00).
    (
        {"in_bed": "15:00", "tried_to_sleep": "15:10", "final_wake": "10:00", "out_of_bed": "10:15"},
        {"in_bed": "03:00", "tried_to_sleep": "03:10"},
    ),
    # Bed 15:00 meant 03:00, out of bed 07:00: exactly 16 h in bed (was: no question at all).
    (
        {"in_bed": "15:00", "tried_to_sleep": "03:10", "final_wake": "06:45", "out_of_bed": "07:00"},
        {"in_bed": "03:00"},
    ),
    # Mirror images: the waking times typed 12 hours off.
    (
        {"in_bed": "00:15", "tried_to_sleep": "00:30", "final_wake": "19:00", "out_of_bed": "19:15"},
        {"final_wake": "07:00", "out_of_bed": "07:15"},
    ),
    (
        {"in_bed": "03:00", "tried_to_sleep": "03:10", "final_wake": "22:00", "out_of_bed": "22:15"},
        {"final_wake": "10:00", "out_of_bed": "10:15"},
    ),
    (
        {"in_bed": "23:00", "tried_to_sleep": "23:10", "final_wake": "06:45", "out_of_bed": "19:00"},
        {"out_of_bed": "07:00"},
    ),
]


@pytest.mark.parametrize(("typed", "expected"), SLIP_CASES)
def test_the_slip_suggestion_changes_the_right_field(typed: dict[str, str], expected: dict[str, str]) -> None:
    entry = clean_entry(raw_entry(sleep_latency_min=10, awakenings=0, awake_min=0, **typed), LONDON)
    warnings = detect_slips(entry, LONDON)
    assert {w.field: w.suggested for w in warnings} == expected
    for w in warnings:  # each message names its own field
        assert w.message.startswith(f"{LABELS[w.field]} {typed[w.field]}: did you mean {expected[w.field]}?")


DAY_SLEEPER = usual_times([(t("08:30"), t("16:00"))] * 7)


def test_a_real_long_recovery_sleep_of_a_day_sleeper_is_not_questioned() -> None:
    # 15 h in bed after a night shift, from a person whose diary shows day sleep.
    entry = clean_entry(
        raw_entry(in_bed="08:00", tried_to_sleep="08:10", final_wake="22:45", out_of_bed="23:00"), LONDON
    )
    assert detect_slips(entry, LONDON, DAY_SLEEPER) == []


def test_a_day_sleepers_own_slip_is_read_from_their_history() -> None:
    # Usually in bed 08:30-16:00; bed typed 20:30 (meant 08:30): 19 h 30 min in bed.
    entry = clean_entry(
        raw_entry(in_bed="20:30", tried_to_sleep="08:40", final_wake="15:45", out_of_bed="16:00"), LONDON
    )
    assert {w.field: w.suggested for w in detect_slips(entry, LONDON, DAY_SLEEPER)} == {"in_bed": "08:30"}


def test_usual_times_average_across_midnight() -> None:
    usual = usual_times([(t("23:30"), t("07:00")), (t("00:30"), t("07:30")), (t("00:00"), t("06:30"))])
    assert usual == UsualTimes(t("00:00"), t("07:00"))
    assert usual_times([(t("23:00"), t("07:00"))] * 2) is None  # too few nights


# ---------------------------------------------------------------- properties


@given(
    entry_times=st.tuples(*[st.integers(0, 24 * 60 - 1)] * 4),
    latency=st.integers(0, 90),
    zone=st.sampled_from(["UTC", "Europe/London"]).map(ZoneInfo),
    history=st.sampled_from([None, DAY_SLEEPER, usual_times([(t("23:00"), t("07:00"))] * 5)]),
)
def test_a_suggestion_never_gives_a_night_the_rule_would_question(
    entry_times: tuple[int, int, int, int], latency: int, zone: ZoneInfo, history: UsualTimes | None
) -> None:
    names = ("in_bed", "tried_to_sleep", "final_wake", "out_of_bed")
    raw = raw_entry(
        sleep_latency_min=latency,
        awakenings=0,
        awake_min=0,
        **{n: f"{m // 60:02d}:{m % 60:02d}" for n, m in zip(names, entry_times, strict=True)},
    )
    try:
        entry = clean_entry(raw, zone)
    except EntryInvalid:
        return
    warnings = detect_slips(entry, zone, history)
    suggested = {w.field: w.suggested for w in warnings if w.suggested}
    if not suggested:
        return
    fixed = clean_entry({**raw, **suggested}, zone)
    assert detect_slips(fixed, zone, history) == []


@given(zone=zones, day=days, a=clocks, b=clocks, c=clocks, d=clocks)
@example(zone=LONDON, day=date(2026, 3, 29), a=time(1, 30), b=time(1, 30), c=time(1, 45), d=time(1, 59))
@example(zone=LONDON, day=date(2026, 10, 25), a=time(1, 30), b=time(1, 10), c=time(1, 45), d=time(1, 20))
def test_instants_are_ordered_and_read_the_entered_clock(
    zone: ZoneInfo, day: date, a: time, b: time, c: time, d: time
) -> None:
    inst = resolve_instants(day, a, b, c, d, zone)
    assert inst.in_bed <= inst.tried_to_sleep <= inst.final_wake <= inst.out_of_bed
    for instant, clock in zip(inst, (a, b, c, d), strict=True):
        local = instant.astimezone(zone)
        exists = (
            datetime.combine(local.date(), clock, tzinfo=zone).astimezone(UTC).astimezone(zone).time()
            == clock
        )
        if exists:
            assert local.time() == clock
    if inst.out_of_bed.astimezone(zone).time() == d:
        assert inst.out_of_bed.astimezone(zone).date() == day
    for earlier, later in pairwise(inst):
        # "latest occurrence not after the next one": never a day or more apart
        # (allowing for a daylight-saving shift of at most an hour).
        assert later - earlier < timedelta(hours=25)


@given(
    day=days,
    a=clocks,
    b=clocks,
    c=clocks,
    d=clocks,
    zone=st.sampled_from(["UTC", "Asia/Kolkata"]).map(ZoneInfo),
)
def test_without_daylight_saving_tib_is_clock_arithmetic(
    day: date, a: time, b: time, c: time, d: time, zone: ZoneInfo
) -> None:
    def m(x: time) -> int:
        return x.hour * 60 + x.minute

    steps = [(m(b) - m(a)) % 1440, (m(c) - m(b)) % 1440, (m(d) - m(c)) % 1440]
    inst = resolve_instants(day, a, b, c, d, zone)
    assert minutes_between(inst.in_bed, inst.out_of_bed) == sum(steps)
    assert minutes_between(inst.final_wake, inst.out_of_bed) == steps[2]


@given(
    zone=zones,
    day=days,
    a=clocks,
    b=clocks,
    c=clocks,
    d=clocks,
    sol=st.integers(0, 600),
    waso=st.integers(0, 600),
)
def test_valid_entries_have_sane_metrics(
    zone: ZoneInfo, day: date, a: time, b: time, c: time, d: time, sol: int, waso: int
) -> None:
    raw = raw_entry(
        date=day.isoformat(),
        in_bed=f"{a:%H:%M}",
        tried_to_sleep=f"{b:%H:%M}",
        final_wake=f"{c:%H:%M}",
        out_of_bed=f"{d:%H:%M}",
        sleep_latency_min=sol,
        awake_min=waso,
    )
    try:
        entry = clean_entry(raw, zone)
    except EntryInvalid as exc:
        # Times typed the wrong way round are named on the field to check (_ORDER_CHECKS).
        allowed = {"in_bed", "tried_to_sleep", "final_wake", "out_of_bed", "sleep_latency_min", "awake_min"}
        assert set(exc.fields) <= allowed
        return
    inst = entry_instants(entry, zone)
    metrics = entry_metrics(entry, zone)
    assert 0 < metrics.time_in_bed_min < 1440
    assert 0 <= metrics.total_sleep_min <= metrics.time_in_bed_min
    assert 0.0 <= metrics.sleep_efficiency <= 100.0
    assert (
        abs(metrics.sleep_efficiency - metrics.total_sleep_min / metrics.time_in_bed_min * 100) <= 0.05 + 1e-9
    )
    # The night's minutes add up: lying awake before trying + SOL + WASO + TST + early waking.
    assert metrics.time_in_bed_min == (
        minutes_between(inst.in_bed, inst.tried_to_sleep)
        + metrics.sleep_onset_latency_min
        + metrics.wake_after_sleep_onset_min
        + metrics.total_sleep_min
        + metrics.early_wake_min
    )


@given(
    zone=zones,
    day=days,
    b=clocks,
    span=st.integers(0, 900),
    sol=st.integers(0, 1439),
    waso=st.integers(0, 1439),
)
def test_negative_total_sleep_is_always_rejected(
    zone: ZoneInfo, day: date, b: time, span: int, sol: int, waso: int
) -> None:
    assume(sol + waso > span + 60)  # beyond any daylight-saving hour
    wake = (datetime.combine(day, b) + timedelta(minutes=span)).time()
    raw = raw_entry(
        date=day.isoformat(),
        in_bed=f"{b:%H:%M}",
        tried_to_sleep=f"{b:%H:%M}",
        final_wake=f"{wake:%H:%M}",
        out_of_bed=f"{wake:%H:%M}",
        sleep_latency_min=sol,
        awake_min=waso,
    )
    with pytest.raises(EntryInvalid) as info:
        clean_entry(raw, zone)
    fields = info.value.fields
    assert "out_of_bed" in fields or {"sleep_latency_min", "awake_min"} <= set(fields)


values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**9), 10**9),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.sampled_from(["23:00", "7:5", "2026-06-02", "", " ", "1e3", "06:30:00"]),
)


@given(st.dictionaries(st.sampled_from([*LABELS, "junk"]), values), zones)
def test_clean_entry_never_crashes(raw: dict[str, object], zone: ZoneInfo) -> None:
    merged = {**raw_entry(), **raw}
    try:
        entry = clean_entry(merged, zone)
    except EntryInvalid as exc:
        assert exc.fields and set(exc.fields) <= set(LABELS)
        assert all(isinstance(v, str) and v for v in exc.fields.values())
    else:
        detect_slips(entry, zone)


@given(
    bed=st.integers(20 * 60, 25 * 60 + 59),
    tib=st.integers(6 * 60, 10 * 60),
    field=st.sampled_from(CLOCK_FIELDS),
    zone=st.sampled_from(["UTC", "Europe/London", "Asia/Kolkata"]).map(ZoneInfo),
    day=days,
)
def test_a_single_am_pm_slip_is_caught_and_undone(
    bed: int, tib: int, field: str, zone: ZoneInfo, day: date
) -> None:
    def clock(minute: int) -> str:
        return f"{minute // 60 % 24:02d}:{minute % 60:02d}"

    times = {
        "in_bed": bed,
        "tried_to_sleep": bed + 10,
        "final_wake": bed + tib - 20,
        "out_of_bed": bed + tib,
    }
    true_raw = raw_entry(date=day.isoformat(), **{k: clock(v) for k, v in times.items()})
    true_entry = clean_entry(true_raw, zone)
    assume(detect_slips(true_entry, zone) == [])
    slipped = {**true_raw, field: clock(times[field] + 12 * 60)}
    try:
        entry = clean_entry(slipped, zone)
    except EntryInvalid as exc:  # over 24 h in bed: the message carries the suggestion
        assert f"{LABELS[field]} {true_raw[field]}" in next(iter(exc.fields.values()))
        return
    warnings = detect_slips(entry, zone)
    assert warnings, slipped
    assert {w.field: w.suggested for w in warnings}.get(field) == true_raw[field]


@pytest.mark.parametrize(
    ("times", "field", "message"),
    [
        (
            {"in_bed": "23:00", "tried_to_sleep": "22:00"},
            "tried_to_sleep",
            "You tried to sleep (22:00) before getting into bed (23:00)? Check both times.",
        ),
        (
            {"final_wake": "07:30", "out_of_bed": "06:45"},
            "final_wake",
            "Your final awakening (07:30) is after you got out of bed (06:45)? Check both times.",
        ),
        (
            {"tried_to_sleep": "23:15", "final_wake": "23:00"},
            "final_wake",
            "Your final awakening (23:00) is before you tried to sleep (23:15)? Check both times.",
        ),
    ],
)
def test_times_in_the_wrong_order_are_named_on_the_wrong_field(
    times: dict[str, str], field: str, message: str
) -> None:
    """QA: these gave "31 h 45 min in bed ... AM/PM slip" under "got into bed"."""
    with pytest.raises(EntryInvalid) as info:
        clean_entry(raw_entry(**times), LONDON)
    assert info.value.fields == {field: message}


def test_both_pairs_in_the_wrong_order_name_both_fields() -> None:
    raw = raw_entry(in_bed="23:00", tried_to_sleep="22:00", final_wake="07:30", out_of_bed="06:45")
    with pytest.raises(EntryInvalid) as info:
        clean_entry(raw, LONDON)
    assert set(info.value.fields) == {"tried_to_sleep", "final_wake"}


def test_a_twelve_hour_slip_still_gets_the_slip_message_not_an_order_one() -> None:
    # "Tried to sleep" 11:15 after bed 23:00 is 23:15 typed without PM, not an order mistake.
    with pytest.raises(EntryInvalid) as info:
        clean_entry(raw_entry(in_bed="23:00", tried_to_sleep="11:15", final_wake="06:30"), LONDON)
    assert set(info.value.fields) == {"in_bed"}
    assert "Did you mean: Tried to sleep 23:15?" in info.value.fields["in_bed"]


def test_genuine_long_spans_keep_the_design_rule() -> None:
    # A day sleeper's 09:00 -> 16:00 and a long lie-in still resolve as the clock says.
    entry = clean_entry(
        raw_entry(in_bed="08:30", tried_to_sleep="09:00", final_wake="16:00", out_of_bed="16:30"), LONDON
    )
    assert entry_metrics(entry, LONDON).time_in_bed_min == 480
    entry = clean_entry(
        raw_entry(in_bed="21:00", tried_to_sleep="21:30", final_wake="11:00", out_of_bed="12:30"), LONDON
    )
    assert entry_metrics(entry, LONDON).time_in_bed_min == 930


def test_a_double_am_pm_slip_suggests_all_four_times() -> None:
    raw = raw_entry(in_bed="11:00", tried_to_sleep="11:15", final_wake="18:45", out_of_bed="19:00")
    warnings = detect_slips(clean_entry(raw, LONDON), LONDON)
    assert {w.field: w.suggested for w in warnings} == {
        "in_bed": "23:00",
        "tried_to_sleep": "23:15",
        "final_wake": "06:45",
        "out_of_bed": "07:00",
    }
    assert "Got into bed 11:00: did you mean 23:00?" in warnings[0].message


def test_minutes_awake_need_at_least_one_awakening() -> None:
    with pytest.raises(EntryInvalid) as info:
        clean_entry(raw_entry(awakenings=0, awake_min=90), LONDON)
    assert info.value.fields == {
        "awakenings": "You noted minutes awake in the night but no awakenings: how many times did you wake?"
    }
    assert clean_entry(raw_entry(awakenings=1, awake_min=0), LONDON).awake_min == 0  # a brief one
    assert clean_entry(raw_entry(awakenings=0, awake_min=0), LONDON).awakenings == 0
    # Reported together with a problem in the times, not instead of it.
    with pytest.raises(EntryInvalid) as info:
        clean_entry(raw_entry(awakenings=0, awake_min=90, in_bed="23:00", tried_to_sleep="22:00"), LONDON)
    assert set(info.value.fields) == {"awakenings", "tried_to_sleep"}
