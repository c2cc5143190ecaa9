"""Pure sleep-diary rules: clock times to instants, the derived metrics, validation and
AM/PM slip detection (docs/design.md §2). No Flask and no database, so every rule here
can be unit- and property-tested on its own.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import UTC, date, datetime, time, timedelta
from fractions import Fraction
from typing import Final, NamedTuple
from zoneinfo import ZoneInfo

from ..clock import CLOCK_MESSAGE, format_clock, format_duration, parse_clock

MINUTES_PER_DAY: Final = 24 * 60
SLIP_TIB_MIN: Final = 16 * 60  # a longer night is probably an AM/PM slip (Shaffer 2023)
MAX_MINUTES: Final = MINUTES_PER_DAY - 1
MAX_AWAKENINGS: Final = 99
MAX_NAPS: Final = 20
MAX_DRINKS: Final = 50
MAX_MEDICATION_LEN: Final = 500
MAX_COMMENTS_LEN: Final = 2000
EARLIEST_DATE: Final = date(1900, 1, 1)
# Far enough ahead for any input that passes `today`, near enough that date arithmetic on
# it (windows of up to ten years either way) can never overflow date.max.
LATEST_DATE: Final = date(9000, 1, 1)
FUTURE_MESSAGE: Final = (
    "That morning has not happened yet. The date is the morning you got up, so it can be "
    "today at the latest (in your time zone)."
)

AWAKENINGS_MESSAGE: Final = (
    "You noted minutes awake in the night but no awakenings: how many times did you wake?"
)

CLOCK_FIELDS: Final = ("in_bed", "tried_to_sleep", "final_wake", "out_of_bed")

LABELS: Final[Mapping[str, str]] = {
    "date": "Date",
    "in_bed": "Got into bed",
    "tried_to_sleep": "Tried to sleep",
    "sleep_latency_min": "Minutes to fall asleep",
    "awakenings": "Times woken",
    "awake_min": "Minutes awake in the night",
    "final_wake": "Final awakening",
    "out_of_bed": "Out of bed",
    "quality": "Sleep quality",
    "rested": "How rested",
    "naps": "Naps",
    "nap_min": "Nap minutes",
    "caffeine_drinks": "Caffeinated drinks",
    "caffeine_last": "Last caffeinated drink",
    "alcohol_drinks": "Alcoholic drinks",
    "alcohol_last": "Last alcoholic drink",
    "medication": "Sleep medication",
    "comments": "Comments",
}

# (name, low, high, required)
_COUNTS: Final = (
    ("sleep_latency_min", 0, MAX_MINUTES, True),
    ("awakenings", 0, MAX_AWAKENINGS, True),
    ("awake_min", 0, MAX_MINUTES, True),
    ("quality", 1, 5, True),
    ("rested", 1, 5, False),
    ("naps", 0, MAX_NAPS, False),
    ("nap_min", 0, MAX_MINUTES, False),
    ("caffeine_drinks", 0, MAX_DRINKS, False),
    ("alcohol_drinks", 0, MAX_DRINKS, False),
)
_OPTIONAL_CLOCKS: Final = ("caffeine_last", "alcohol_last")
_TEXTS: Final = (("medication", MAX_MEDICATION_LEN), ("comments", MAX_COMMENTS_LEN))


@dataclass(frozen=True, slots=True)
class Metrics:
    """The derived metrics of one night (contract names, docs/design.md §2)."""

    time_in_bed_min: int
    sleep_onset_latency_min: int
    wake_after_sleep_onset_min: int
    early_wake_min: int
    total_sleep_min: int
    sleep_efficiency: float

    def as_dict(self) -> dict[str, int | float]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True, slots=True)
class NightMetrics:
    """One dated night's metrics, as handed to the programme (sleep window) rules."""

    date: date
    time_in_bed_min: int
    total_sleep_min: int
    sleep_efficiency: float
    sleep_onset_latency_min: int = 0
    wake_after_sleep_onset_min: int = 0
    early_wake_min: int = 0
    quality: int | None = None


class Instants(NamedTuple):
    """The four clock times of a night as aware UTC instants, in diary order."""

    in_bed: datetime
    tried_to_sleep: datetime
    final_wake: datetime
    out_of_bed: datetime


@dataclass(frozen=True, slots=True)
class EntryData:
    """A cleaned diary entry: the items as typed values (JSON names, docs/design.md §2)."""

    date: date
    in_bed: time
    tried_to_sleep: time
    sleep_latency_min: int
    awakenings: int
    awake_min: int
    final_wake: time
    out_of_bed: time
    quality: int
    rested: int | None = None
    naps: int | None = None
    nap_min: int | None = None
    caffeine_drinks: int | None = None
    caffeine_last: time | None = None
    alcohol_drinks: int | None = None
    alcohol_last: time | None = None
    medication: str | None = None
    comments: str | None = None


@dataclass(frozen=True, slots=True)
class SlipWarning:
    """A likely AM/PM slip: the field, what was entered and the time we suggest."""

    field: str
    entered: str
    suggested: str | None
    message: str


class EntryInvalid(ValueError):
    """Raised with field-level messages when an entry cannot be saved."""

    def __init__(self, fields: Mapping[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in fields.items()))
        self.fields: dict[str, str] = dict(fields)


# ---------------------------------------------------------------- clock times


def _occurrences(day: date, clock: time, zone: ZoneInfo) -> list[datetime]:
    """The UTC instants at which the wall clock in `zone` reads `clock` on `day`.

    An ambiguous time (clocks going back) happens twice: both instants, earlier first.
    A time that does not exist (clocks going forward) has two readings: with the offset
    in force before the change (fold=0, listed first: 01:30 on the morning London
    springs forward is 01:30 GMT, i.e. 02:30 BST) and with the offset after it (00:30
    GMT). Returning both lets the caller pick one without ever raising.
    """
    naive = datetime.combine(day, clock)
    first = naive.replace(tzinfo=zone, fold=0).astimezone(UTC)
    second = naive.replace(tzinfo=zone, fold=1).astimezone(UTC)
    if first == second:
        return [first]
    if first.astimezone(zone).replace(tzinfo=None) != naive:  # in a gap
        return [first, second]
    return sorted((first, second))


def _latest_not_after(clock: time, bound: datetime, zone: ZoneInfo) -> datetime:
    """The latest instant at which the clock reads `clock`, not after `bound`.

    For a time in a daylight-saving gap this prefers the fold=0 reading and falls back
    to the other one only when fold=0 would land after `bound`, so a night never grows
    by a day because one of its times fell into the skipped hour.
    """
    local_day = bound.astimezone(zone).date()
    candidates = [
        instant
        for back in range(3)  # two days back covers any real-world offset change
        for instant in _occurrences(local_day - timedelta(days=back), clock, zone)
        if instant <= bound
    ]
    return max(candidates)


def resolve_instants(
    day: date,
    in_bed: time,
    tried_to_sleep: time,
    final_wake: time,
    out_of_bed: time,
    zone: ZoneInfo,
) -> Instants:
    """Resolve a night's four clock times to UTC instants (docs/design.md §2).

    `out_of_bed` falls on the entry's date (its first occurrence if the clocks go back,
    the fold=0 reading if it falls in the skipped hour);
    each earlier time is the latest occurrence of that clock time not after the next one,
    so a night spans midnight only when the clock says it does and a day sleeper's
    09:00 -> 16:00 stays on one date. Durations between the instants are real elapsed
    time, so a night across a daylight-saving change is an hour longer or shorter.
    """
    out = _occurrences(day, out_of_bed, zone)[0]
    final = _latest_not_after(final_wake, out, zone)
    tried = _latest_not_after(tried_to_sleep, final, zone)
    bed = _latest_not_after(in_bed, tried, zone)
    return Instants(bed, tried, final, out)


def _minutes(start: datetime, end: datetime) -> int:
    return round((end - start).total_seconds() / 60)


def efficiency(total_sleep_min: int, time_in_bed_min: int) -> float:
    """TST / TIB x 100 to one decimal, rounding halves up (exact integer arithmetic)."""
    if time_in_bed_min <= 0:
        raise ValueError("time in bed must be positive")
    tenths = (total_sleep_min * 2000 + time_in_bed_min) // (2 * time_in_bed_min)
    return tenths / 10


def pooled_efficiency(total_sleep_min: int | None, time_in_bed_min: int | None) -> float | None:
    """Sleep efficiency over several nights: all sleep / all time in bed x 100, one decimal
    rounded *down* (as the sleep window shows it: a shown 90.0 always means 90 or more)."""
    if not total_sleep_min or not time_in_bed_min or time_in_bed_min <= 0:
        return None if not time_in_bed_min else 0.0
    return math.floor(Fraction(int(total_sleep_min) * 1000, int(time_in_bed_min))) / 10


def compute_metrics(instants: Instants, sleep_latency_min: int, awake_min: int) -> Metrics:
    """The derived metrics, exactly as docs/design.md §2 defines them (minutes; SE one decimal).

    Callers validate first: with valid input TIB > 0 and TST >= 0.
    """
    tib = _minutes(instants.in_bed, instants.out_of_bed)
    tst = _minutes(instants.tried_to_sleep, instants.final_wake) - sleep_latency_min - awake_min
    return Metrics(
        time_in_bed_min=tib,
        sleep_onset_latency_min=sleep_latency_min,
        wake_after_sleep_onset_min=awake_min,
        early_wake_min=_minutes(instants.final_wake, instants.out_of_bed),
        total_sleep_min=tst,
        sleep_efficiency=efficiency(tst, tib),
    )


def entry_instants(entry: EntryData, zone: ZoneInfo) -> Instants:
    return resolve_instants(
        entry.date,
        entry.in_bed,
        entry.tried_to_sleep,
        entry.final_wake,
        entry.out_of_bed,
        zone,
    )


def entry_metrics(entry: EntryData, zone: ZoneInfo) -> Metrics:
    return compute_metrics(entry_instants(entry, zone), entry.sleep_latency_min, entry.awake_min)


# ---------------------------------------------------------------- validation


def _as_int(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d{1,6}\s*", value):
        return int(value)
    raise ValueError("Enter a whole number.")


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def _clock_of(value: object) -> time:
    if isinstance(value, time):
        return time(value.hour, value.minute)
    if isinstance(value, str):
        return parse_clock(value)
    raise ValueError(CLOCK_MESSAGE)


def date_range_error(day: date) -> str | None:
    """Why `day` is outside the dates the diary handles, or None if it is inside."""
    if day < EARLIEST_DATE:
        return f"Enter a date on or after {EARLIEST_DATE.isoformat()}."
    if day > LATEST_DATE:
        return f"Enter a date on or before {LATEST_DATE.isoformat()}."
    return None


def _date_of(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError("Enter a date as YYYY-MM-DD.")


def clean_entry(
    raw: Mapping[str, object], zone: ZoneInfo, today: date | None = None, *, hour12: bool = False
) -> EntryData:
    """Turn raw input (JSON or form data, JSON field names) into a valid EntryData.

    Raises EntryInvalid with one message per offending field; nothing is partially kept.
    `today` (in the person's zone) forbids entries for future mornings; messages write
    times in the person's clock (`hour12`, docs/design.md §2.10).
    """
    errors: dict[str, str] = {}
    values: dict[str, object] = {}

    def required(name: str) -> bool:
        if _blank(raw.get(name)):
            errors[name] = f"{LABELS[name]} is required."
            return False
        return True

    if required("date"):
        try:
            day = _date_of(raw["date"])
            if (out_of_range := date_range_error(day)) is not None:
                errors["date"] = out_of_range
            elif today is not None and day > today:
                errors["date"] = FUTURE_MESSAGE
            else:
                values["date"] = day
        except ValueError as exc:
            errors["date"] = str(exc)

    for name in CLOCK_FIELDS:
        if required(name):
            try:
                values[name] = _clock_of(raw[name])
            except ValueError as exc:
                errors[name] = str(exc)

    for name, low, high, is_required in _COUNTS:
        if _blank(raw.get(name)):
            if is_required:
                required(name)
            continue
        try:
            number = _as_int(raw[name])
        except ValueError as exc:
            errors[name] = str(exc)
            continue
        if number < low:
            errors[name] = (
                f"{LABELS[name]} cannot be negative."
                if low == 0
                else f"{LABELS[name]} must be between {low} and {high}."
            )
        elif number > high:
            errors[name] = f"{LABELS[name]} must be at most {high}."
        else:
            values[name] = number

    for name in _OPTIONAL_CLOCKS:
        if not _blank(raw.get(name)):
            try:
                values[name] = _clock_of(raw[name])
            except ValueError as exc:
                errors[name] = str(exc)

    for name, limit in _TEXTS:
        text = raw.get(name)
        if _blank(text):
            continue
        if not isinstance(text, str):
            errors[name] = f"{LABELS[name]} must be text."
        elif len(text) > limit:
            errors[name] = f"{LABELS[name]} must be at most {limit} characters."
        elif "\x00" in text:
            errors[name] = f"{LABELS[name]} contains a character that cannot be stored."
        else:
            values[name] = text  # kept verbatim: never interpreted (medication rule)

    if errors:
        raise EntryInvalid(errors)
    entry = EntryData(**values)  # type: ignore[arg-type]
    errors = validate_entry(entry, zone, hour12=hour12)
    if errors:
        raise EntryInvalid(errors)
    return entry


def validate_entry(entry: EntryData, zone: ZoneInfo, *, hour12: bool = False) -> dict[str, str]:
    """Cross-field rules on a typed entry: TIB in (0, 24 h), TST never negative, and
    minutes awake in the night only with at least one awakening (a brief awakening may
    round to 0 min, so awakenings without minutes are allowed). Times in messages are
    written in the person's clock (`hour12`)."""
    errors: dict[str, str] = {}
    if entry.awake_min > 0 and entry.awakenings == 0:
        errors["awakenings"] = AWAKENINGS_MESSAGE
    instants = entry_instants(entry, zone)
    tib = _minutes(instants.in_bed, instants.out_of_bed)
    if tib <= 0:
        errors["out_of_bed"] = (
            "Got into bed and out of bed are the same time; time in bed must be more "
            "than 0 (a 24-hour night is not possible)."
        )
        return errors
    if tib >= MINUTES_PER_DAY:
        hints = [
            f"{LABELS[w.field]} {format_clock(_flip(getattr(entry, w.field)), hour12)}"
            for w in detect_slips(entry, zone)
            if w.suggested
        ]
        if not hints and (order_errors := _order_errors(entry, instants, hour12)):
            return errors | order_errors  # two times the wrong way round, not a 12-hour slip
        message = (
            f"These times give {format_duration(tib)} in bed; time in bed (from got into bed to out "
            "of bed) must be less than 24 h. Check the four clock times for an AM/PM slip."
        )
        if hints:
            message += f" Did you mean: {', '.join(hints)}?"
        errors["in_bed"] = message
        return errors
    asleep_span = _minutes(instants.tried_to_sleep, instants.final_wake)
    if entry.sleep_latency_min + entry.awake_min > asleep_span:
        message = (
            f"Minutes to fall asleep ({entry.sleep_latency_min}) plus minutes awake in the "
            f"night ({entry.awake_min}) are more than the {asleep_span} min from tried to "
            "sleep to final awakening, so total sleep would be negative."
        )
        errors["sleep_latency_min"] = message
        errors["awake_min"] = message
    return errors


# (earlier field, later field, the field to flag, the message): consecutive times whose
# order is the usual mistake. {a} and {b} are the earlier and later field's clock times.
_ORDER_CHECKS: Final = (
    (
        "in_bed",
        "tried_to_sleep",
        "tried_to_sleep",
        "You tried to sleep ({b}) before getting into bed ({a})? Check both times.",
    ),
    (
        "tried_to_sleep",
        "final_wake",
        "final_wake",
        "Your final awakening ({b}) is before you tried to sleep ({a})? Check both times.",
    ),
    (
        "final_wake",
        "out_of_bed",
        "final_wake",
        "Your final awakening ({a}) is after you got out of bed ({b})? Check both times.",
    ),
)
# Two consecutive times this close but the wrong way round are an ordering mistake, not a
# day-long gap (an AM/PM slip puts them about 12 h the wrong way round instead).
ORDER_SLACK_MIN: Final = 6 * 60


def _order_errors(entry: EntryData, instants: Instants, hour12: bool = False) -> dict[str, str]:
    """Field messages for consecutive times entered the wrong way round.

    Resolving each time to its latest occurrence not after the next one (docs/design.md §2) turns
    bed 23:00 with "tried to sleep" 22:00 into a 23-hour gap. Called only once the night
    is already impossible (24 h or more in bed), so a genuine long span is never blamed:
    a gap of at least 24 h minus ORDER_SLACK_MIN between two consecutive times means
    they were typed in the wrong order. The caller asks only when no 12-hour correction
    explains the night (bed 23:00, "tried to sleep" 11:15 is a slip, not an order mistake).
    """
    errors: dict[str, str] = {}
    for earlier, later, flagged, template in _ORDER_CHECKS:
        gap = _minutes(getattr(instants, earlier), getattr(instants, later))
        if gap >= MINUTES_PER_DAY - ORDER_SLACK_MIN and flagged not in errors:
            a = format_clock(getattr(entry, earlier), hour12)
            b = format_clock(getattr(entry, later), hour12)
            errors[flagged] = template.format(a=a, b=b)
    return errors


# ---------------------------------------------------------------- AM/PM slips


def _flip(value: time) -> time:
    return time((value.hour + 12) % 24, value.minute)


def _is_morning(value: time) -> bool:
    return 5 <= value.hour < 12


def _is_evening(value: time) -> bool:
    return value.hour >= 18


def _morning_to_evening(entry: EntryData) -> bool:
    return _is_morning(entry.in_bed) and (_is_evening(entry.final_wake) or _is_evening(entry.out_of_bed))


@dataclass(frozen=True, slots=True)
class UsualTimes:
    """When this person usually gets into and out of bed (from their recent nights)."""

    in_bed: time
    out_of_bed: time


USUAL_MIN_NIGHTS: Final = 3


def _clock_minutes(value: time) -> int:
    return value.hour * 60 + value.minute


def _circular_mean(clocks: list[time]) -> time:
    """The mean of clock times on the 24-hour circle (23:30 and 00:30 average to 00:00)."""
    angles = [_clock_minutes(c) / MINUTES_PER_DAY * 2 * math.pi for c in clocks]
    x = sum(math.cos(a) for a in angles)
    y = sum(math.sin(a) for a in angles)
    minute = round((math.atan2(y, x) % (2 * math.pi)) / (2 * math.pi) * MINUTES_PER_DAY) % MINUTES_PER_DAY
    return time(minute // 60, minute % 60)


def usual_times(nights: list[tuple[time, time]]) -> UsualTimes | None:
    """Usual bed and out-of-bed clock times from (in_bed, out_of_bed) pairs, or None with
    fewer than USUAL_MIN_NIGHTS nights to go on."""
    if len(nights) < USUAL_MIN_NIGHTS:
        return None
    return UsualTimes(_circular_mean([n[0] for n in nights]), _circular_mean([n[1] for n in nights]))


def _hours_apart(a: time, b: time) -> float:
    gap = abs(_clock_minutes(a) - _clock_minutes(b))
    return min(gap, MINUTES_PER_DAY - gap) / 60


# Plausibility, in penalty points (docs/design.md §2.6): 0 is an ordinary night.
SLIP_FLAG_AT: Final = 20  # a typed night this implausible is worth a question
SLIP_MARGIN: Final = 10  # a correction must be at least this much more plausible
_NIGHT_BED = (18, 4)  # without a history, bed times from 18:00 to 04:59 are usual


def _tib_penalty(tib: int) -> float:
    hours = tib / 60
    if hours > 11:
        return (hours - 11) ** 2
    if hours < 3:
        return 4 * (3 - hours) ** 2
    return 0.0


def _bed_penalty(entry: EntryData, usual: UsualTimes | None) -> float:
    if usual is not None:
        return max(0.0, _hours_apart(entry.in_bed, usual.in_bed) - 2) ** 2 / 2
    if _morning_to_evening(entry):
        return 30.0  # into bed in the morning, up in the evening: the classic slip
    first, last = _NIGHT_BED
    return 0.0 if entry.in_bed.hour >= first or entry.in_bed.hour <= last else 2.0


def _wake_penalty(entry: EntryData, usual: UsualTimes | None) -> float:
    if usual is None:
        return 0.0
    return max(0.0, _hours_apart(entry.out_of_bed, usual.out_of_bed) - 2) ** 2 / 2


@dataclass(frozen=True, slots=True)
class _Reading:
    """One way of reading the four clock times: its time in bed and how plausible it is."""

    fields: tuple[str, ...]
    entry: EntryData
    tib: int
    flag: float  # time in bed and bed time: is this night, as read, worth a question?
    score: float  # flag plus the waking time: which reading is most like this person


def _read(
    entry: EntryData, group: tuple[str, ...], zone: ZoneInfo, usual: UsualTimes | None
) -> _Reading | None:
    """A candidate reading, or None when it is not a possible night."""
    candidate = _flipped(entry, group) if group else entry
    instants = entry_instants(candidate, zone)
    tib = _minutes(instants.in_bed, instants.out_of_bed)
    span = _minutes(instants.tried_to_sleep, instants.final_wake)
    if not 0 < tib < MINUTES_PER_DAY or candidate.sleep_latency_min + candidate.awake_min > span:
        return None
    flag = _tib_penalty(tib) + _bed_penalty(candidate, usual)
    return _Reading(group, candidate, tib, flag, flag + _wake_penalty(candidate, usual))


def _needs_question(reading: _Reading) -> bool:
    return reading.tib > SLIP_TIB_MIN or reading.flag >= SLIP_FLAG_AT


# Single fields, the natural pairs (both bed times, both waking times), and all four.
_SLIP_GROUPS: Final[tuple[tuple[str, ...], ...]] = (
    *((name,) for name in CLOCK_FIELDS),
    ("in_bed", "tried_to_sleep"),
    ("final_wake", "out_of_bed"),
    CLOCK_FIELDS,
)


def _flipped(entry: EntryData, group: tuple[str, ...]) -> EntryData:
    def pick(name: str, value: time) -> time:
        return _flip(value) if name in group else value

    return replace(
        entry,
        in_bed=pick("in_bed", entry.in_bed),
        tried_to_sleep=pick("tried_to_sleep", entry.tried_to_sleep),
        final_wake=pick("final_wake", entry.final_wake),
        out_of_bed=pick("out_of_bed", entry.out_of_bed),
    )


def detect_slips(
    entry: EntryData, zone: ZoneInfo, usual: UsualTimes | None = None, *, hour12: bool = False
) -> list[SlipWarning]:
    """Ask about a likely AM/PM slip (docs/design.md §2.6).

    Each reading of the night (as typed, and with one field, the pair of bed times, the pair
    of waking times or all four shifted by 12 hours) is scored for plausibility: time in
    bed, and how the times fit this person's usual bed and waking times when their diary
    has them (day sleepers included), else a night-time bed. A night worth a question (more
    than 16 h in bed, or implausible enough) gets the best other reading as a suggestion
    when it is clearly better and itself would raise no question; one warning per field
    that changes. With no such reading, a night over 16 h still gets a warning. Messages
    write times in the person's clock (`hour12`, §2.10); `entered` and `suggested` stay HH:MM.
    """
    instants = entry_instants(entry, zone)
    tib = _minutes(instants.in_bed, instants.out_of_bed)
    typed = _read(entry, (), zone, usual)
    if typed is not None and not _needs_question(typed):
        return []
    readings = [r for g in _SLIP_GROUPS if (r := _read(entry, g, zone, usual)) is not None]
    better = [
        r
        for r in readings
        if not _needs_question(r) and (typed is None or r.score + SLIP_MARGIN < typed.score)
    ]
    reason = (
        f"these times give {format_duration(tib)} in bed"
        if tib > SLIP_TIB_MIN or not _morning_to_evening(entry)
        else "the bed time is in the morning and the waking time in the evening"
    )
    if not better:
        if tib <= SLIP_TIB_MIN:
            return []
        message = f"Check for an AM/PM slip: {reason}."
        return [SlipWarning("in_bed", format_clock(entry.in_bed), None, message)]
    best = min(better, key=lambda r: (r.score, len(r.fields), _SLIP_GROUPS.index(r.fields)))
    warnings = []
    for name in best.fields:
        entered = format_clock(getattr(entry, name))
        suggested = format_clock(_flip(getattr(entry, name)))
        said, meant = (format_clock(t, hour12) for t in (getattr(entry, name), _flip(getattr(entry, name))))
        message = f"{LABELS[name]} {said}: did you mean {meant}? As entered, {reason}."
        warnings.append(SlipWarning(name, entered, suggested, message))
    return warnings
