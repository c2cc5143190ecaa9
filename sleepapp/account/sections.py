"""The parts of a person's export, one `Section` each (docs/design.md §5.8): the account's
settings, the diary, the habits with their ticks, and the sleep windows with their reviews.
Each exports its part as JSON and plans its import: it checks every item the way the app's
own rules would, and compares it with what is stored (nights by date, habits by name), so
nothing is written until the whole plan is known and accepted.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from ..auth.models import User, as_utc
from ..auth.service import timezone_problem, wake_time_problem
from ..clock import format_clock, parse_clock, today_in
from ..diary import metrics as m
from ..diary import service as diary
from ..diary.models import DiaryEntry
from ..errors import ValidationFailed
from ..extensions import db
from ..program.course import portability as course_portability
from ..program.habits import catalogue
from ..program.habits.models import NAME_MAX, NOTE_MAX, Habit, HabitTick
from ..program.habits.service import list_habits
from ..program.parsing import parse_iso_date
from ..program.tools import portability as tools_portability
from ..program.window import rules
from ..program.window.models import SleepWindow
from ..program.window.service import window_history
from ..reminders import portability as reminders_portability
from ..share import portability as share_portability
from .plans import Change, Context, Section, refuse

MAX_NIGHTS = 5000
MAX_HABITS = 200
MAX_TICKS_PER_HABIT = 5000
MAX_WINDOWS = 1000


def _check_list(section: str, part: object, limit: int, what: str) -> list[Change]:
    """A refusal when a section is not a list, or a longer one than an import takes."""
    if not isinstance(part, list):
        return [refuse(section, section, {section: "Expected a list."}, where=section)]
    if len(part) > limit:
        message = f"At most {limit} {what} per import (the file has {len(part)})."
        return [refuse(section, section, {section: message}, where=section)]
    return []


def _unknown_keys(record: Mapping[str, object], known: set[str]) -> dict[str, str]:
    return {str(k): "Not a field this export format has." for k in record if k not in known}


# ---------------------------------------------------------------- account settings

# The settings a person chooses (docs/design.md §5.8). Everything else on the account row is
# identity or security (the address, the password hash, confirmation, the passkey rule) and
# never travels: a new column is left out until it is added here.
SETTINGS: tuple[str, ...] = ("timezone", "wake_time", "clock_hours")
SETTING_LABELS = {"timezone": "Time zone", "wake_time": "Wake time", "clock_hours": "Clock"}
# Read from the account row, but not imported: the address one logs in with stays the account's.
INFORMATIONAL = ("email",)


def settings_columns() -> tuple[str, ...]:
    """The settings this server's account table has (a file may name one it does not)."""
    return tuple(name for name in SETTINGS if name in User.__table__.columns)


def export_account(user: User) -> dict[str, Any]:
    return {"email": user.email, **{name: getattr(user, name) for name in settings_columns()}}


def _clean_setting(name: str, value: object) -> tuple[object, str | None]:
    """(the value to store, None) or (None, why it is refused)."""
    if name == "timezone":
        if not isinstance(value, str) or timezone_problem(value):
            return None, "A time zone name from the IANA list, for example Europe/London."
        return value, None
    if name == "wake_time":
        if value is None or value == "":
            return None, None
        if not isinstance(value, str) or wake_time_problem(value):
            return None, "A time as HH:MM, or null."
        return format_clock(parse_clock(value)), None
    if name == "clock_hours":
        if isinstance(value, bool) or value not in (12, 24):
            return None, "12 or 24."
        return value, None
    return None, "Not a setting this export format has."  # pragma: no cover - SETTINGS guards


def plan_account(part: object, ctx: Context) -> list[Change]:
    if not isinstance(part, Mapping):
        return [refuse("account", "account", {"account": "Expected an object of settings."}, where="account")]
    known = set(SETTINGS) | set(INFORMATIONAL)
    problems = _unknown_keys(part, known)
    changes: list[Change] = []
    for name in settings_columns():
        if name not in part:
            continue  # an older file without this setting: the account's stays
        value, problem = _clean_setting(name, part[name])
        if problem:
            problems[name] = problem
            continue
        label = SETTING_LABELS.get(name, name)
        stored = getattr(ctx.user, name)
        if stored == value:
            changes.append(Change("account", "keep", label, "The same as yours."))
            continue

        def apply(name: str = name, value: object = value) -> None:
            setattr(ctx.user, name, value)

        changes.append(
            Change("account", "replace", label, stored={name: stored}, incoming={name: value}, apply=apply)
        )
    if problems:
        return [refuse("account", "settings", problems, where="account")]
    return changes


def file_zone(part: object) -> str | None:
    """The file's time zone, when it names a known one."""
    if isinstance(part, Mapping):
        zone = part.get("timezone")
        if isinstance(zone, str) and not timezone_problem(zone):
            return zone
    return None


# ---------------------------------------------------------------- diary entries

ENTRY_KEYS = {"date", *diary.ITEM_FIELDS, "metrics", "timezone"}


def export_entries(user: User) -> list[dict[str, Any]]:
    return [{**diary.entry_json(e), "timezone": e.timezone} for e in diary.entries_between(user, None, None)]


def night_json(data: m.EntryData, zone: str) -> dict[str, Any]:
    """A night as the export writes it, from checked items (the incoming side of a preview)."""
    out: dict[str, Any] = {"date": data.date.isoformat()}
    for name in diary.ITEM_FIELDS:
        value = getattr(data, name)
        out[name] = format_clock(value) if isinstance(value, time) else value
    out["metrics"] = m.entry_metrics(data, ZoneInfo(zone)).as_dict()
    out["timezone"] = zone
    return out


def store_night(user: User, stored: DiaryEntry | None, data: m.EntryData, zone: str) -> None:
    """Save a checked night with the zone it was kept in (the diary's own save uses the
    person's current zone; an imported night keeps its own, so its metrics do not change)."""
    entry = stored or DiaryEntry(user_id=user.id, date=data.date)
    metrics = m.entry_metrics(data, ZoneInfo(zone))
    for name in diary.ITEM_FIELDS:
        setattr(entry, name, getattr(data, name))
    entry.timezone = zone
    entry.time_in_bed_min = metrics.time_in_bed_min
    entry.early_wake_min = metrics.early_wake_min
    entry.total_sleep_min = metrics.total_sleep_min
    entry.sleep_efficiency = metrics.sleep_efficiency
    if stored is None:
        db.session.add(entry)


def plan_nights(
    user: User, records: list[tuple[str, Mapping[str, object], str]], section: str = "entries"
) -> list[Change]:
    """Nights by date: a new date is added, a stored one replaced (or kept when the same).
    `records` are (where, raw items, zone). A date twice in the file is refused."""
    stored = {e.date: e for e in diary.entries_between(user, None, None)}
    seen: set[date] = set()
    changes: list[Change] = []
    for where, raw, zone in records:
        label = str(raw.get("date") or where)
        try:
            day = diary.parse_day(str(raw.get("date") or ""))
            if day in seen:
                raise ValidationFailed({"date": "This date appears twice in the file."})
            data = m.clean_entry(
                {**raw, "date": day.isoformat()}, ZoneInfo(zone), today=today_in(ZoneInfo(zone))
            )
        except ValidationFailed as exc:
            changes.append(refuse(section, label, exc.fields, where))
            continue
        except m.EntryInvalid as exc:
            changes.append(refuse(section, label, exc.fields, where))
            continue
        seen.add(day)
        label = day.isoformat()
        old = stored.get(day)
        incoming = night_json(data, zone)

        def apply(old: DiaryEntry | None = old, data: m.EntryData = data, zone: str = zone) -> None:
            store_night(user, old, data, zone)

        if old is None:
            changes.append(Change(section, "add", label, incoming=incoming, where=where, apply=apply))
        elif diary.entry_data(old) == data and old.timezone == zone:
            changes.append(Change(section, "keep", label, "The same as your night.", where=where))
        else:
            before = {**diary.entry_json(old), "timezone": old.timezone}
            changes.append(
                Change(section, "replace", label, stored=before, incoming=incoming, where=where, apply=apply)
            )
    return changes


def plan_entries(part: object, ctx: Context) -> list[Change]:
    if bad := _check_list("entries", part, MAX_NIGHTS, "nights"):
        return bad
    assert isinstance(part, list)
    records: list[tuple[str, Mapping[str, object], str]] = []
    early: list[Change] = []
    for number, raw in enumerate(part, start=1):
        where = f"entries #{number}"
        if not isinstance(raw, Mapping):
            early.append(refuse("entries", f"night #{number}", {"entry": "Expected an object."}, where))
            continue
        problems = _unknown_keys(raw, ENTRY_KEYS)
        zone = raw.get("timezone", ctx.zone)
        if not isinstance(zone, str) or timezone_problem(zone):
            problems["timezone"] = "A time zone name from the IANA list, for example Europe/London."
        if problems:
            early.append(refuse("entries", str(raw.get("date") or f"night #{number}"), problems, where))
            continue
        items = {k: v for k, v in raw.items() if k in diary.ITEM_FIELDS or k == "date"}
        records.append((where, items, str(zone)))
    return early + plan_nights(ctx.user, records)


# ---------------------------------------------------------------- habits and ticks

HABIT_KEYS = {"key", "name", "note", "chosen_on", "archived_at", "ticks"}


def export_habits(user: User) -> list[dict[str, Any]]:
    habits = list_habits(user, archived=None)
    ticks: dict[int, list[date]] = {}
    for habit_id, day in db.session.execute(
        sa.select(HabitTick.habit_id, HabitTick.day)
        .where(HabitTick.user_id == user.id)
        .order_by(HabitTick.day)
    ):
        ticks.setdefault(habit_id, []).append(day)
    return [
        {
            "key": h.builtin_key,
            "name": h.title,
            "note": h.note,
            "chosen_on": h.chosen_on.isoformat(),
            "archived_at": as_utc(h.archived_at).isoformat() if h.archived_at else None,
            "ticks": [d.isoformat() for d in ticks.get(h.id, [])],
        }
        for h in habits
    ]


def _habit_text(value: object, limit: int, label: str, *, required: bool) -> tuple[str | None, str | None]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, (f"Give the {label} a name." if required else None)
    if not isinstance(value, str) or "\x00" in value:
        return None, f"The {label} must be text."
    text = " ".join(value.split())  # as the habits page keeps them
    if len(text) > limit:
        return None, f"Keep the {label} to {limit} characters or fewer."
    return text, None


def _moment(value: object) -> datetime | None:
    if not isinstance(value, str):
        raise ValueError
    moment = datetime.fromisoformat(value)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _clean_habit(raw: Mapping[str, object], last_day: date) -> tuple[dict[str, Any], dict[str, str]]:
    problems = _unknown_keys(raw, HABIT_KEYS)
    out: dict[str, Any] = {"key": None, "name": None}
    key = raw.get("key")
    if key is not None:
        if not isinstance(key, str) or key not in catalogue.HABITS_BY_KEY:
            problems["key"] = "Not one of the built-in habits."
        else:
            out["key"] = key
    else:
        out["name"], problem = _habit_text(raw.get("name"), NAME_MAX, "habit", required=True)
        if problem:
            problems["name"] = problem
    out["note"], problem = _habit_text(raw.get("note"), NOTE_MAX, "note", required=False)
    if problem:
        problems["note"] = problem
    chosen = parse_iso_date(raw.get("chosen_on"))
    if chosen is None or m.date_range_error(chosen) or chosen > last_day:
        problems["chosen_on"] = "A date (YYYY-MM-DD), not in the future."
    out["chosen_on"] = chosen
    try:
        out["archived_at"] = None if raw.get("archived_at") is None else _moment(raw.get("archived_at"))
    except (ValueError, OverflowError):
        problems["archived_at"] = "A date and time (ISO 8601), or null."
    ticks = raw.get("ticks", [])
    days: set[date] = set()
    if not isinstance(ticks, list):
        problems["ticks"] = "Expected a list of dates."
    elif len(ticks) > MAX_TICKS_PER_HABIT:
        problems["ticks"] = f"At most {MAX_TICKS_PER_HABIT} ticked days per habit."
    else:
        for value in ticks:
            day = parse_iso_date(value)
            if day is None or m.date_range_error(day) or day > last_day:
                problems["ticks"] = f"{str(value)[:20]!r} is not a past date (YYYY-MM-DD)."
                break
            days.add(day)
    out["ticks"] = days
    return out, problems


def _habit_json(fields: Mapping[str, Any]) -> dict[str, Any]:
    archived = fields["archived_at"]
    return {
        "note": fields["note"],
        "chosen_on": fields["chosen_on"].isoformat(),
        "archived_at": as_utc(archived).isoformat() if archived else None,
    }


def plan_habits(part: object, ctx: Context) -> list[Change]:
    if bad := _check_list("habits", part, MAX_HABITS, "habits"):
        return bad
    assert isinstance(part, list)
    user = ctx.user
    # A day's slack: the file may come from a server or a person a zone ahead.
    last_day = today_in(user.zone) + timedelta(days=1)
    stored = list_habits(user, archived=None)
    by_key = {h.builtin_key: h for h in stored if h.builtin_key}
    by_name = {(h.name or "").casefold(): h for h in stored if not h.builtin_key}
    stored_ticks: dict[int, set[date]] = {}
    for habit_id, day in db.session.execute(
        sa.select(HabitTick.habit_id, HabitTick.day).where(HabitTick.user_id == user.id)
    ):
        stored_ticks.setdefault(habit_id, set()).add(day)
    seen: set[str] = set()
    changes: list[Change] = []
    for number, raw in enumerate(part, start=1):
        where = f"habits #{number}"
        if not isinstance(raw, Mapping):
            changes.append(refuse("habits", f"habit #{number}", {"habit": "Expected an object."}, where))
            continue
        fields, problems = _clean_habit(raw, last_day)
        key, name = fields["key"], fields["name"]
        title = (
            catalogue.HABITS_BY_KEY[key].name if key else (name or str(raw.get("name") or f"habit #{number}"))
        )
        match_key = f"key:{key}" if key else f"name:{(name or '').casefold()}"
        if not problems and match_key in seen:
            problems["name" if not key else "key"] = "This habit appears twice in the file."
        if problems:
            changes.append(refuse("habits", title, problems, where))
            continue
        seen.add(match_key)
        old = by_key.get(key) if key else by_name.get((name or "").casefold())
        incoming = {**_habit_json(fields), "ticks": len(fields["ticks"])}
        if old is None:

            def add(fields: dict[str, Any] = fields) -> None:
                habit = Habit(
                    user_id=user.id,
                    builtin_key=fields["key"],
                    name=fields["name"],
                    note=fields["note"],
                    chosen_on=fields["chosen_on"],
                    archived_at=fields["archived_at"],
                )
                db.session.add(habit)
                db.session.flush()
                db.session.add_all(
                    HabitTick(user_id=user.id, habit_id=habit.id, day=d) for d in sorted(fields["ticks"])
                )

            ticked = len(fields["ticks"])
            detail = f"{ticked} ticked day{'s' if ticked != 1 else ''}"
            changes.append(Change("habits", "add", title, detail, incoming=incoming, where=where, apply=add))
            continue
        have = stored_ticks.get(old.id, set())
        new_ticks = fields["ticks"] - have
        before = {
            "note": old.note,
            "chosen_on": old.chosen_on.isoformat(),
            "archived_at": as_utc(old.archived_at).isoformat() if old.archived_at else None,
        }
        same = before == _habit_json(fields)
        if same and not new_ticks:
            changes.append(Change("habits", "keep", title, "The same as yours.", where=where))
            continue

        def merge(
            old: Habit = old, fields: dict[str, Any] = fields, new_ticks: set[date] = new_ticks
        ) -> None:
            old.note, old.chosen_on, old.archived_at = (
                fields["note"],
                fields["chosen_on"],
                fields["archived_at"],
            )
            db.session.add_all(HabitTick(user_id=user.id, habit_id=old.id, day=d) for d in sorted(new_ticks))

        parts = [] if same else ["its note, start or archived state from the file"]
        if new_ticks:
            parts.append(f"{len(new_ticks)} more ticked day{'s' if len(new_ticks) != 1 else ''}")
        changes.append(
            Change(
                "habits",
                "replace",
                title,
                "Merged with yours: " + " and ".join(parts) + "; your own ticks stay.",
                stored={**before, "ticks": len(have)},
                incoming={**incoming, "ticks": len(have | fields["ticks"])},
                where=where,
                apply=merge,
            )
        )
    return changes


# ---------------------------------------------------------------- sleep windows and reviews

WINDOW_KEYS = {
    "start",
    "window_min",
    "wake_time",
    "outcome",
    "change_min",
    "based_on_nights",
    "mean_total_sleep_min",
    "mean_efficiency",
    "review_of",
}
_OUTCOMES = {o.value for o in rules.Outcome}


def export_windows(user: User) -> list[dict[str, Any]]:
    history = window_history(user)
    position = {w.id: i for i, w in enumerate(history)}
    return [
        {
            "start": w.start.isoformat(),
            "window_min": w.window_min,
            "wake_time": w.wake_time,
            "outcome": w.outcome,
            "change_min": w.change_min,
            "based_on_nights": w.based_on_nights,
            "mean_total_sleep_min": w.mean_total_sleep_min,
            "mean_efficiency": w.mean_efficiency,
            "review_of": position.get(w.reviewed_window_id) if w.reviewed_window_id else None,
        }
        for w in history
    ]


def _whole(value: object, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _number_or_none(value: object, low: float, high: float) -> bool:
    if value is None:
        return True
    return isinstance(value, int | float) and not isinstance(value, bool) and low <= value <= high


def _clean_window(
    raw: Mapping[str, object], number: int, earlier: list[date], reviewed: set[int]
) -> dict[str, str]:
    problems = _unknown_keys(raw, WINDOW_KEYS)
    start = parse_iso_date(raw.get("start"))
    if start is None or m.date_range_error(start):
        problems["start"] = "A date (YYYY-MM-DD)."
    elif earlier and start < earlier[-1]:
        problems["start"] = "Windows are listed oldest first: this one starts before the one above it."
    if not _whole(raw.get("window_min"), rules.FLOOR_MIN, rules.CEILING_MIN):
        problems["window_min"] = f"Whole minutes from {rules.FLOOR_MIN} to {rules.CEILING_MIN}."
    wake = raw.get("wake_time")
    if not isinstance(wake, str) or wake_time_problem(wake):
        problems["wake_time"] = "A time as HH:MM."
    if raw.get("outcome") not in _OUTCOMES:
        problems["outcome"] = f"One of {', '.join(sorted(_OUTCOMES))}."
    if not _whole(raw.get("change_min", 0), -rules.CEILING_MIN, rules.CEILING_MIN):
        problems["change_min"] = "Whole minutes."
    if not _whole(raw.get("based_on_nights"), 0, rules.WEEK_DAYS):
        problems["based_on_nights"] = f"A whole number from 0 to {rules.WEEK_DAYS}."
    if not _number_or_none(raw.get("mean_total_sleep_min"), 0, m.MAX_MINUTES):
        problems["mean_total_sleep_min"] = "Minutes, or null."
    if not _number_or_none(raw.get("mean_efficiency"), 0, 100):
        problems["mean_efficiency"] = "A percentage, or null."
    review_of = raw.get("review_of")
    if review_of is not None and (not _whole(review_of, 0, number - 1) or review_of in reviewed):
        problems["review_of"] = "The position (from 0) of an earlier window not reviewed already, or null."
    if start is not None:
        earlier.append(start)
    if isinstance(review_of, int):
        reviewed.add(review_of)
    return problems


def plan_windows(part: object, ctx: Context) -> list[Change]:
    if bad := _check_list("sleep_windows", part, MAX_WINDOWS, "sleep windows"):
        return bad
    assert isinstance(part, list)
    user = ctx.user
    earlier: list[date] = []
    reviewed: set[int] = set()
    changes: list[Change] = []
    cleaned: list[dict[str, Any]] = []
    for number, raw in enumerate(part):
        where = f"sleep_windows #{number}"
        if not isinstance(raw, Mapping):
            changes.append(
                refuse("sleep_windows", f"window #{number}", {"window": "Expected an object."}, where)
            )
            continue
        label = f"Window from {raw.get('start')}"
        problems = _clean_window(raw, number, earlier, reviewed)
        if problems:
            changes.append(refuse("sleep_windows", label, problems, where))
            continue
        window = {k: raw.get(k) for k in sorted(WINDOW_KEYS)}
        window["change_min"] = raw.get("change_min", 0)
        window["wake_time"] = format_clock(parse_clock(str(raw["wake_time"])))
        cleaned.append(window)
    if changes:
        return changes
    stored = export_windows(user)
    if stored and stored == [{k: w[k] for k in sorted(WINDOW_KEYS)} for w in cleaned]:
        return [
            Change("sleep_windows", "keep", f"Window from {w['start']}", "Already in your history.")
            for w in cleaned
        ]
    if stored:
        why = (
            "Your account has its own sleep-window history, which stays: windows are one programme "
            "and are not mixed."
        )
        return [Change("sleep_windows", "keep", f"Window from {w['start']}", why) for w in cleaned]
    rows: list[SleepWindow] = []

    def add(window: dict[str, Any]) -> None:
        review_of = window["review_of"]
        row = SleepWindow(
            user_id=user.id,
            start=date.fromisoformat(window["start"]),
            window_min=window["window_min"],
            wake_time=window["wake_time"],
            outcome=window["outcome"],
            change_min=window["change_min"],
            based_on_nights=window["based_on_nights"],
            mean_total_sleep_min=window["mean_total_sleep_min"],
            mean_efficiency=window["mean_efficiency"],
            reviewed_window_id=rows[review_of].id if review_of is not None else None,
        )
        db.session.add(row)
        db.session.flush()  # its id names it for the review that follows it
        rows.append(row)

    return [
        Change(
            "sleep_windows",
            "add",
            f"Window from {w['start']}",
            f"{w['window_min'] // 60} h {w['window_min'] % 60:02d} min, {w['outcome'].replace('_', ' ')}",
            incoming=w,
            apply=lambda w=w: add(w),  # type: ignore[misc]
        )
        for w in cleaned
    ]


# The registry (docs/design.md §5.8): the export's parts in the order they are written and
# imported. A feature that keeps personal data adds its Section here.
SECTIONS: tuple[Section, ...] = (
    Section("account", export_account, plan_account),
    Section("entries", export_entries, plan_entries),
    Section("habits", export_habits, plan_habits),
    Section("sleep_windows", export_windows, plan_windows),
    Section("course", course_portability.export_course, course_portability.plan_course),
    Section("worries", tools_portability.export_worries, tools_portability.plan_worries),
    Section("thought_records", tools_portability.export_thoughts, tools_portability.plan_thoughts),
    Section("reminders", reminders_portability.export_reminders, reminders_portability.plan_reminders),
    # Metadata only, never imported: a link cannot be made again without its secrets.
    Section("share_links", share_portability.export_share_links, share_portability.plan_share_links),
)
