"""Which reminders fall when (docs/design.md §11): the seven kinds, their anchors and
limits, and the pure rules that place them for a person, a night and a time zone, with the
quiet hours between the sleep window's bedtime and its wake time.

No Flask and no database: the service feeds in the person's settings and sleep windows,
and the calendar feed and `flask send-reminders` both read the same reminders from here,
so both channels deliver the same set. A night is named by the morning it ends on, as the
diary dates its entries (docs/design.md §2.1).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from ..program.window.rules import bedtime_for, review_due_on


class Kind(StrEnum):
    LOG_DIARY = "log_diary"
    WIND_DOWN = "wind_down"
    BEDTIME = "bedtime"
    WAKE = "wake"
    CAFFEINE = "caffeine"
    WORRY_TIME = "worry_time"
    WINDOW_REVIEW = "window_review"


class Anchor(StrEnum):
    AFTER_WAKE = "after_wake"  # minutes after the wake time
    BEFORE_BED = "before_bed"  # minutes before the window's bedtime
    CLOCK = "clock"  # a clock time, minutes after midnight


@dataclass(frozen=True)
class KindInfo:
    kind: Kind
    label: str
    anchor: Anchor
    default_min: int
    min_min: int
    max_min: int
    needs_window: bool
    explains: str

    @property
    def adjustable(self) -> bool:
        return self.min_min != self.max_min


# The kinds the VA's CBT-i Coach offers (issue 18), in the order the settings page shows
# them. Limits keep every kind outside the quiet hours: a window is at most 9 h, so a day
# awake is at least 15 h, and no offset reaches across it.
CATALOGUE: tuple[KindInfo, ...] = (
    KindInfo(
        kind=Kind.LOG_DIARY,
        label="Log last night",
        anchor=Anchor.AFTER_WAKE,
        default_min=30,
        min_min=0,
        max_min=240,
        needs_window=False,
        explains="A while after your wake time, so the night is fresh in your mind. "
        "The notification is skipped when the night is already logged.",
    ),
    KindInfo(
        kind=Kind.WIND_DOWN,
        label="Start winding down",
        anchor=Anchor.BEFORE_BED,
        default_min=30,
        min_min=10,
        max_min=120,
        needs_window=True,
        explains="Time to put work and screens away and do something calm before your bedtime.",
    ),
    KindInfo(
        kind=Kind.BEDTIME,
        label="Bedtime",
        anchor=Anchor.BEFORE_BED,
        default_min=0,
        min_min=0,
        max_min=0,
        needs_window=True,
        explains="Your sleep window's bedtime: go to bed when you feel sleepy, but not before it.",
    ),
    KindInfo(
        kind=Kind.WAKE,
        label="Wake time",
        anchor=Anchor.AFTER_WAKE,
        default_min=0,
        min_min=0,
        max_min=0,
        needs_window=False,
        explains="Get up at the same time every day, even after a poor night.",
    ),
    KindInfo(
        kind=Kind.CAFFEINE,
        label="Last caffeine",
        anchor=Anchor.BEFORE_BED,
        default_min=360,
        min_min=240,
        max_min=720,
        needs_window=True,
        # Caffeine's half-life is about 5 hours (docs/sources.md 3.1).
        explains="Caffeine keeps working for hours: coffee, tea, cola and energy drinks before this "
        "time only.",
    ),
    KindInfo(
        kind=Kind.WORRY_TIME,
        label="Worry time",
        anchor=Anchor.CLOCK,
        default_min=18 * 60,
        min_min=0,
        max_min=24 * 60 - 1,
        needs_window=False,
        # Scheduled worry time (docs/sources.md 3.5); it comes with the course.
        explains="A set time in the early evening to write worries down, so they wait outside the bedroom.",
    ),
    KindInfo(
        kind=Kind.WINDOW_REVIEW,
        label="Weekly sleep-window review",
        anchor=Anchor.AFTER_WAKE,
        default_min=60,
        min_min=0,
        max_min=240,
        needs_window=True,
        explains="When a week of your sleep window is over, a reminder to review it.",
    ),
)
INFO: dict[Kind, KindInfo] = {info.kind: info for info in CATALOGUE}


@dataclass(frozen=True)
class Setting:
    """One kind as the person chose it: on or off, and its minutes (see the kind's anchor)."""

    kind: Kind
    enabled: bool
    minutes: int


def default_setting(kind: Kind) -> Setting:
    """Every kind is off until the person turns it on."""
    return Setting(kind, False, INFO[kind].default_min)


@dataclass(frozen=True)
class WindowSpan:
    """A sleep window as the reminders need it: from its start date, wake time and length."""

    start: date
    wake: time
    window_min: int

    @property
    def bedtime(self) -> time:
        return bedtime_for(self.wake, self.window_min)


@dataclass(frozen=True)
class Plan:
    """What reminders follow for one person: their usual wake time (account settings), the
    sleep windows oldest first, whether a course has started (worry time), and their zone."""

    zone: ZoneInfo
    usual_wake: time | None = None
    windows: tuple[WindowSpan, ...] = ()
    course_started: bool = False

    def window_for(self, night: date) -> WindowSpan | None:
        """The window in force for the night ending on the morning `night`: the newest that
        started before it (a window's first night starts on the evening of its start date)."""
        in_force = [w for w in self.windows if w.start < night]
        return in_force[-1] if in_force else None

    def review_due(self, night: date) -> bool:
        """The weekly review is due on the morning `night` when the window in force is the
        newest (no review has followed it) and its 7 nights are over."""
        window = self.window_for(night)
        return window is not None and window is self.windows[-1] and night >= review_due_on(window.start)


@dataclass(frozen=True)
class Reminder:
    kind: Kind
    night: date  # the morning the night ends on: with the kind, it names the reminder
    local: datetime  # wall-clock time in the person's zone (naive)
    at: datetime  # the instant, aware UTC
    bedtime: time | None  # the window's bedtime that night, for the wording

    @property
    def key(self) -> str:
        return f"{self.kind.value}:{self.night.isoformat()}"


def instant(local: datetime, zone: ZoneInfo) -> datetime:
    """A wall-clock time in `zone` as an aware UTC instant. A time the clocks skip in spring
    (01:30 in London on the last Sunday of March) is read with the offset before the change,
    so it falls an hour later on the new clock; a repeated autumn hour takes its first pass."""
    return local.replace(tzinfo=zone, fold=0).astimezone(UTC)


@dataclass(frozen=True)
class NightTimes:
    wake: datetime  # naive local
    bed: datetime | None  # naive local, None without a window


def night_times(plan: Plan, night: date) -> NightTimes | None:
    """Wake time on the morning `night` and, with a window, the bedtime before it (on the
    evening before, or after midnight on the same date). None without any wake time."""
    window = plan.window_for(night)
    wake_clock = window.wake if window else plan.usual_wake
    if wake_clock is None:
        return None
    wake = datetime.combine(night, wake_clock)
    if window is None:
        return NightTimes(wake, None)
    bed_clock = window.bedtime
    bed_day = night if bed_clock < wake_clock else night - timedelta(days=1)
    return NightTimes(wake, datetime.combine(bed_day, bed_clock))


def in_quiet_hours(plan: Plan, moment: datetime) -> bool:
    """Is the instant strictly between a window's bedtime and the wake time after it?"""
    local_day = moment.astimezone(plan.zone).date()
    for night in (local_day, local_day + timedelta(days=1)):
        times = night_times(plan, night)
        if times is None or times.bed is None:
            continue
        if instant(times.bed, plan.zone) < moment < instant(times.wake, plan.zone):
            return True
    return False


def _place(info: KindInfo, setting: Setting, plan: Plan, night: date) -> tuple[datetime, time | None] | None:
    times = night_times(plan, night)
    window = plan.window_for(night)
    bedtime = window.bedtime if window else None
    if info.anchor is Anchor.CLOCK:
        if info.kind is Kind.WORRY_TIME and not plan.course_started:
            return None  # comes with the course
        return datetime.combine(night, time(setting.minutes // 60, setting.minutes % 60)), bedtime
    if times is None or (info.needs_window and window is None):
        return None
    if info.kind is Kind.WINDOW_REVIEW and not plan.review_due(night):
        return None
    if info.anchor is Anchor.AFTER_WAKE:
        return times.wake + timedelta(minutes=setting.minutes), bedtime
    if times.bed is None:
        return None
    return times.bed - timedelta(minutes=setting.minutes), bedtime


def reminders_for_night(plan: Plan, settings: Mapping[Kind, Setting], night: date) -> list[Reminder]:
    """The reminders the person chose for the night ending on the morning `night` (the
    evening ones fall before it), in time order, none in quiet hours."""
    out: list[Reminder] = []
    for info in CATALOGUE:
        setting = settings.get(info.kind) or default_setting(info.kind)
        if not setting.enabled:
            continue
        placed = _place(info, setting, plan, night)
        if placed is None:
            continue
        local, bedtime = placed
        at = instant(local, plan.zone)
        if in_quiet_hours(plan, at):
            continue
        out.append(Reminder(info.kind, night, local, at, bedtime))
    return sorted(out, key=lambda r: (r.at, r.kind.value))


def reminders_between(
    plan: Plan, settings: Mapping[Kind, Setting], first: date, last: date
) -> list[Reminder]:
    """Every reminder of the nights ending on the mornings first..last, in time order."""
    out: list[Reminder] = []
    night = first
    while night <= last:
        out.extend(reminders_for_night(plan, settings, night))
        night += timedelta(days=1)
    return sorted(out, key=lambda r: (r.at, r.kind.value))


def due_now(
    plan: Plan, settings: Mapping[Kind, Setting], now: datetime, lookback: timedelta
) -> list[Reminder]:
    """The reminders that fell in (now - lookback, now]: what a run every few minutes sends.
    One later than `lookback` is stale (a missed run) and not sent at all."""
    today = now.astimezone(plan.zone).date()
    candidates = reminders_between(plan, settings, today - timedelta(days=1), today + timedelta(days=1))
    return [r for r in candidates if now - lookback < r.at <= now]


def settings_by_kind(settings: Iterable[Setting]) -> dict[Kind, Setting]:
    return {s.kind: s for s in settings}


def check_minutes(kind: Kind, minutes: int) -> str | None:
    """A message when `minutes` is outside the kind's limits, else None."""
    info = INFO[kind]
    if info.min_min <= minutes <= info.max_min:
        return None
    return f"Choose between {info.min_min} and {info.max_min} minutes."


def windows_from(rows: Sequence[tuple[date, time, int]]) -> tuple[WindowSpan, ...]:
    """WindowSpans from (start, wake, minutes) rows already in history order."""
    return tuple(WindowSpan(start, wake, minutes) for start, wake, minutes in rows)
