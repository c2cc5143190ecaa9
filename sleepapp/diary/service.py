"""Diary operations shared by the pages and the API: save, read, delete (and undo), summarise.

Every query filters by the owner; another person's night is a 404. Aggregates run in SQL
over the metrics stored at save time, so pages cost a fixed number of queries whatever
the number of nights.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.exc import IntegrityError

from ..auth.models import User
from ..clock import format_clock, night_of, parse_clock, today_in, utcnow
from ..errors import Conflict, NotFound, ValidationFailed
from ..extensions import db
from . import metrics as m
from .models import DeletedEntry, DiaryEntry

# Consensus Sleep Diary items by their contract names (docs/design.md §2).
CORE_FIELDS: tuple[str, ...] = (
    "in_bed",
    "tried_to_sleep",
    "sleep_latency_min",
    "awakenings",
    "awake_min",
    "final_wake",
    "out_of_bed",
    "quality",
)
EXPANDED_FIELDS: tuple[str, ...] = (
    "rested",
    "naps",
    "nap_min",
    "caffeine_drinks",
    "caffeine_last",
    "alcohol_drinks",
    "alcohol_last",
    "medication",
    "comments",
)
ITEM_FIELDS: tuple[str, ...] = CORE_FIELDS + EXPANDED_FIELDS
METRIC_FIELDS: tuple[str, ...] = (
    "time_in_bed_min",
    "sleep_onset_latency_min",
    "wake_after_sleep_onset_min",
    "early_wake_min",
    "total_sleep_min",
    "sleep_efficiency",
)
# Metric name -> the column holding it (SOL and WASO are the diary items themselves).
METRIC_COLUMNS: dict[str, Any] = {
    "time_in_bed_min": DiaryEntry.time_in_bed_min,
    "sleep_onset_latency_min": DiaryEntry.sleep_latency_min,
    "wake_after_sleep_onset_min": DiaryEntry.awake_min,
    "early_wake_min": DiaryEntry.early_wake_min,
    "total_sleep_min": DiaryEntry.total_sleep_min,
    "sleep_efficiency": DiaryEntry.sleep_efficiency,
    "quality": DiaryEntry.quality,
}
MAX_SUMMARY_DAYS = 3660
MAX_HISTORY_PAGE = 1_000_000


class LikelySlip(Exception):
    """The entry is valid but looks like an AM/PM slip; the page asks to confirm or fix."""

    def __init__(self, warnings: list[m.SlipWarning]) -> None:
        super().__init__("; ".join(w.message for w in warnings))
        self.warnings = warnings


class StaleEntry(Conflict):
    """The night changed (another tab, another device) since the form was opened."""

    def __init__(self, entry: DiaryEntry) -> None:
        super().__init__(
            "This night was changed somewhere else (another tab or device) after you opened "
            "this form, so your answers were not saved."
        )
        self.entry = entry


@dataclass(frozen=True)
class Saved:
    entry: DiaryEntry
    created: bool
    warnings: list[m.SlipWarning] = field(default_factory=list)


@dataclass(frozen=True)
class Summary:
    days: int
    end: date
    nights: int
    mean: dict[str, float | None]

    @property
    def start(self) -> date:
        return self.end - timedelta(days=self.days - 1)

    def as_dict(self) -> dict[str, Any]:
        return {
            "days": self.days,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "nights": self.nights,
            "mean": self.mean,
        }


# ---------------------------------------------------------------- helpers


def today_for(user: User) -> date:
    """Today's date where the person is: the morning a new entry is for (clock.today_in)."""
    return today_in(user.zone)


def parse_day(value: str | None, name: str = "date") -> date:
    """A YYYY-MM-DD date within the diary's range, or ValidationFailed naming `name`."""
    try:
        day = date.fromisoformat((value or "").strip())
    except ValueError:
        raise ValidationFailed({name: "Enter a date as YYYY-MM-DD."}) from None
    if (out_of_range := m.date_range_error(day)) is not None:
        raise ValidationFailed({name: out_of_range})
    return day


def version_of(entry: DiaryEntry) -> str:
    """The entry's last-saved time as a UTC ISO string: what an edit form carries to detect
    a save made elsewhere in between (SQLite hands the time back without its zone)."""
    stamp = entry.updated_at
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    return stamp.astimezone(UTC).isoformat(timespec="microseconds")


def metrics_of(entry: DiaryEntry) -> m.Metrics:
    return m.Metrics(
        time_in_bed_min=entry.time_in_bed_min,
        sleep_onset_latency_min=entry.sleep_latency_min,
        wake_after_sleep_onset_min=entry.awake_min,
        early_wake_min=entry.early_wake_min,
        total_sleep_min=entry.total_sleep_min,
        sleep_efficiency=entry.sleep_efficiency,
    )


def entry_data(entry: DiaryEntry) -> m.EntryData:
    return m.EntryData(date=entry.date, **{name: getattr(entry, name) for name in ITEM_FIELDS})


def entry_json(entry: DiaryEntry) -> dict[str, Any]:
    """An entry as the API shows it: the items (contract names) and its `metrics`."""
    out: dict[str, Any] = {"date": entry.date.isoformat()}
    for name in ITEM_FIELDS:
        value = getattr(entry, name)
        out[name] = format_clock(value) if hasattr(value, "minute") else value
    out["metrics"] = metrics_of(entry).as_dict()
    return out


def clean(user: User, raw: Mapping[str, object]) -> m.EntryData:
    """Validate raw input (JSON names) in the person's zone, or raise ValidationFailed."""
    try:
        return m.clean_entry(raw, user.zone, today=today_for(user), hour12=user.hour12)
    except m.EntryInvalid as exc:
        raise ValidationFailed(exc.fields, "Some answers need fixing.") from None


def _apply(entry: DiaryEntry, data: m.EntryData, user: User) -> None:
    metrics = m.entry_metrics(data, user.zone)
    for name in ITEM_FIELDS:
        setattr(entry, name, getattr(data, name))
    entry.timezone = user.timezone
    entry.time_in_bed_min = metrics.time_in_bed_min
    entry.early_wake_min = metrics.early_wake_min
    entry.total_sleep_min = metrics.total_sleep_min
    entry.sleep_efficiency = metrics.sleep_efficiency


def _owned(user: User) -> sa.Select[DiaryEntry]:
    return sa.select(DiaryEntry).where(DiaryEntry.user_id == user.id)


# ---------------------------------------------------------------- single entries


def get_entry(user: User, day: date) -> DiaryEntry | None:
    return db.session.scalar(_owned(user).where(DiaryEntry.date == day))


def entry_or_404(user: User, day: date) -> DiaryEntry:
    entry = get_entry(user, day)
    if entry is None:
        raise NotFound(f"No diary entry for {day.isoformat()}.")
    return entry


def previous_entry(user: User, before: date) -> DiaryEntry | None:
    """The latest entry dated before `before` (to prefill the next morning's times)."""
    return db.session.scalar(
        _owned(user).where(DiaryEntry.date < before).order_by(DiaryEntry.date.desc()).limit(1)
    )


USUAL_FROM_NIGHTS = 14


def likely_slips(user: User, data: m.EntryData) -> list[m.SlipWarning]:
    """AM/PM slip warnings for a night, read against the person's own recent nights."""
    recent = db.session.execute(
        sa.select(DiaryEntry.in_bed, DiaryEntry.out_of_bed)
        .where(DiaryEntry.user_id == user.id, DiaryEntry.date < data.date)
        .order_by(DiaryEntry.date.desc())
        .limit(USUAL_FROM_NIGHTS)
    ).all()
    usual = m.usual_times([(bed, up) for bed, up in recent])
    return m.detect_slips(data, user.zone, usual, hour12=user.hour12)


@dataclass(frozen=True)
class Change:
    """One clock answer a suggestion changes: the field, as typed and as suggested."""

    field: str
    before: time
    after: time


@dataclass(frozen=True)
class SlipPreview:
    """What "use the suggestion" would save, shown before anything is saved: the answers
    that change, the answers with them applied, and the night's metrics both ways."""

    changes: list[Change]
    raw: dict[str, object]
    typed: m.Metrics
    corrected: m.Metrics


def preview_suggestion(user: User, raw: Mapping[str, object]) -> SlipPreview | None:
    """The night as it would be with the AM/PM suggestion applied, or None when the answers
    are invalid or nothing is suggested. Saves nothing."""
    try:
        data = clean(user, raw)
    except ValidationFailed:
        return None
    changes = [
        Change(w.field, getattr(data, w.field), parse_clock(w.suggested))
        for w in likely_slips(user, data)
        if w.suggested
    ]
    if not changes:
        return None
    corrected_raw = {**raw, **{c.field: format_clock(c.after) for c in changes}}
    try:
        corrected = clean(user, corrected_raw)
    except ValidationFailed:
        return None
    return SlipPreview(
        changes,
        corrected_raw,
        m.entry_metrics(data, user.zone),
        m.entry_metrics(corrected, user.zone),
    )


def usual_final_wake(user: User) -> time | None:
    """The person's usual final awakening over their last USUAL_FROM_NIGHTS nights, to the
    nearest 5 minutes (a starting value for a wake-time picker); None with fewer than
    metrics.USUAL_MIN_NIGHTS nights."""
    wakes = db.session.scalars(
        sa.select(DiaryEntry.final_wake)
        .where(DiaryEntry.user_id == user.id)
        .order_by(DiaryEntry.date.desc())
        .limit(USUAL_FROM_NIGHTS)
    ).all()
    usual = m.usual_times([(wake, wake) for wake in wakes])
    if usual is None:
        return None
    minute = round((usual.out_of_bed.hour * 60 + usual.out_of_bed.minute) / 5) * 5 % m.MINUTES_PER_DAY
    return time(minute // 60, minute % 60)


def add_entry(user: User, raw: Mapping[str, object], *, confirmed: bool = True) -> Saved:
    """Create the entry for raw["date"]; Conflict if that morning already has one.

    With confirmed=False a likely AM/PM slip raises LikelySlip instead of saving.
    """
    data = clean(user, raw)
    warnings = likely_slips(user, data)
    if warnings and not confirmed:
        raise LikelySlip(warnings)
    if get_entry(user, data.date) is not None:
        raise _conflict(data.date)
    entry = DiaryEntry(user_id=user.id, date=data.date)
    _apply(entry, data, user)
    db.session.add(entry)
    try:
        db.session.commit()
    except IntegrityError:  # a concurrent save of the same morning won the race
        db.session.rollback()
        raise _conflict(data.date) from None
    return Saved(entry, True, warnings)


def save_entry(
    user: User,
    day: date,
    raw: Mapping[str, object],
    *,
    confirmed: bool = True,
    commit: bool = True,
    expected_version: str | None = None,
) -> Saved:
    """Create or replace the entry for `day` (the API's PUT and the page's edit).

    With expected_version (the version_of() the edit form was opened with) nothing is saved
    if the stored entry has changed since: StaleEntry carries the saved entry instead.
    With commit=False the change is only flushed: the caller commits or rolls back (an
    all-or-nothing import saves many nights in one transaction). An IntegrityError from
    the flush (the same morning created concurrently) then propagates to the caller.
    """
    given = raw.get("date")
    if given not in (None, "") and str(given).strip() != day.isoformat():
        raise ValidationFailed({"date": "The date in the body must match the date in the address."})
    if expected_version is not None:
        _check_unchanged(user, day, expected_version)
    data = clean(user, {**raw, "date": day.isoformat()})
    warnings = likely_slips(user, data)
    if warnings and not confirmed:
        raise LikelySlip(warnings)
    entry = get_entry(user, day)
    created = entry is None
    if entry is None:
        entry = DiaryEntry(user_id=user.id, date=day)
        db.session.add(entry)
    _apply(entry, data, user)
    if not commit:
        db.session.flush()
        return Saved(entry, created, warnings)
    try:
        db.session.commit()
    except IntegrityError:  # created concurrently: replace that one instead
        db.session.rollback()
        entry = entry_or_404(user, day)
        _apply(entry, data, user)
        db.session.commit()
        created = False
    return Saved(entry, created, warnings)


def _check_unchanged(user: User, day: date, expected_version: str) -> None:
    # Lock the row (PostgreSQL; SQLite ignores FOR UPDATE and serialises writers) and read
    # it afresh, so a save committed by another request since this one began is seen.
    query = _owned(user).where(DiaryEntry.date == day).with_for_update()
    current = db.session.scalar(query.execution_options(populate_existing=True))
    if current is None:
        raise NotFound(f"No diary entry for {day.isoformat()}: it was deleted elsewhere.")
    if version_of(current) != expected_version:
        raise StaleEntry(current)


UNDO_MINUTES = 10  # how long "Undo" stays offered after a night is deleted
_NOT_SNAPSHOT = frozenset({"id", "user_id"})


def snapshot_of(entry: DiaryEntry) -> dict[str, Any]:
    """Every column of the entry but its id and owner, as JSON-safe text (ISO dates, times
    and instants), so a restore puts back exactly what was stored, version included."""
    out: dict[str, Any] = {}
    for column in DiaryEntry.__table__.columns:
        if column.key in _NOT_SNAPSHOT:
            continue
        value = getattr(entry, column.key)
        if isinstance(value, datetime) and value.tzinfo is None:  # SQLite drops the zone
            value = value.replace(tzinfo=UTC)
        out[column.key] = value.isoformat() if hasattr(value, "isoformat") else value
    return out


def _restored(user: User, snapshot: Mapping[str, Any]) -> DiaryEntry:
    entry = DiaryEntry(user_id=user.id)
    for column in DiaryEntry.__table__.columns:
        if column.key in _NOT_SNAPSHOT:
            continue
        value = snapshot[column.key]
        kind = column.type.python_type
        if value is not None and kind in (date, time, datetime):
            value = kind.fromisoformat(value)
        setattr(entry, column.key, value)
    return entry


def _purge_expired_undos(now: datetime) -> None:
    """Forget every deleted night whose undo has run out (anyone's: they are past use)."""
    # "fetch": the rows gone are also dropped from the session (evaluating the condition in
    # Python would compare SQLite's zone-less times with `now`).
    db.session.execute(
        sa.delete(DeletedEntry).where(DeletedEntry.expires_at <= now),
        execution_options={"synchronize_session": "fetch"},
    )


def delete_entry(user: User, day: date, *, now: datetime | None = None) -> DeletedEntry:
    """Delete the night and keep a copy for UNDO_MINUTES; returns the copy (its id is what
    undo_delete takes). Expired copies are purged in the same transaction."""
    now = now or utcnow()
    entry = entry_or_404(user, day)
    _purge_expired_undos(now)
    kept = DeletedEntry(
        user_id=user.id,
        date=entry.date,
        snapshot=snapshot_of(entry),
        deleted_at=now,
        expires_at=now + timedelta(minutes=UNDO_MINUTES),
    )
    db.session.add(kept)
    db.session.delete(entry)
    db.session.commit()
    return kept


def pending_undo(user: User, *, now: datetime | None = None) -> DeletedEntry | None:
    """The person's most recently deleted night while it can still be restored."""
    return db.session.scalar(
        sa.select(DeletedEntry)
        .where(DeletedEntry.user_id == user.id, DeletedEntry.expires_at > (now or utcnow()))
        .order_by(DeletedEntry.deleted_at.desc(), DeletedEntry.id.desc())
        .limit(1)
    )


def undo_delete(user: User, undo_id: int, *, now: datetime | None = None) -> DiaryEntry:
    """Put a deleted night back exactly as it was stored (a new id; its version continues).

    NotFound for another person's copy, a used one or an expired one (expired copies are
    purged here too); Conflict when that morning has been logged again since.
    """
    now = now or utcnow()
    _purge_expired_undos(now)
    kept = db.session.scalar(
        sa.select(DeletedEntry).where(DeletedEntry.id == undo_id, DeletedEntry.user_id == user.id)
    )
    if kept is None:
        db.session.commit()  # the purge
        raise NotFound("That deleted night can no longer be restored (undo lasts 10 minutes).")
    if get_entry(user, kept.date) is not None:
        db.session.commit()
        raise Conflict(
            f"You have logged the {night_of(kept.date)} again since deleting it, so the "
            "deleted answers were not put back.",
            field="date",
        )
    entry = _restored(user, kept.snapshot)
    db.session.delete(kept)
    db.session.add(entry)
    try:
        db.session.commit()
    except IntegrityError:  # the same morning saved concurrently
        db.session.rollback()
        raise Conflict(f"You have logged the {night_of(kept.date)} again since deleting it.") from None
    return entry


def _conflict(day: date) -> Conflict:
    return Conflict(f"You already logged the {night_of(day)}. Edit it or replace it.", field="date")


# ---------------------------------------------------------------- lists and aggregates


def entries_between(user: User, start: date | None, end: date | None) -> Sequence[DiaryEntry]:
    """Entries dated start..end inclusive (either bound optional), oldest first."""
    query = _owned(user)
    if start is not None:
        query = query.where(DiaryEntry.date >= start)
    if end is not None:
        query = query.where(DiaryEntry.date <= end)
    return db.session.scalars(query.order_by(DiaryEntry.date)).all()


def nightly_metrics(user: User, start: date, end: date) -> list[m.NightMetrics]:
    """Each logged night's metrics dated start..end inclusive, ordered by date (one query).

    The programme's sleep-window rules build on this.
    """
    cols = (
        DiaryEntry.date,
        DiaryEntry.time_in_bed_min,
        DiaryEntry.total_sleep_min,
        DiaryEntry.sleep_efficiency,
        DiaryEntry.sleep_latency_min,
        DiaryEntry.awake_min,
        DiaryEntry.early_wake_min,
        DiaryEntry.quality,
    )
    rows = db.session.execute(
        sa.select(*cols)
        .where(DiaryEntry.user_id == user.id, DiaryEntry.date >= start, DiaryEntry.date <= end)
        .order_by(DiaryEntry.date)
    )
    return [
        m.NightMetrics(
            date=row[0],
            time_in_bed_min=row[1],
            total_sleep_min=row[2],
            sleep_efficiency=row[3],
            sleep_onset_latency_min=row[4],
            wake_after_sleep_onset_min=row[5],
            early_wake_min=row[6],
            quality=row[7],
        )
        for row in rows
    ]


def history_page(user: User, page: int, per_page: int) -> Pagination:
    """All nights, newest first, one page at a time (a count and a page query).

    `page` is clamped to 1..MAX_HISTORY_PAGE so the OFFSET always fits the database's
    integer (a page past the last one is simply empty).
    """
    page = min(max(page, 1), MAX_HISTORY_PAGE)
    query = _owned(user).order_by(DiaryEntry.date.desc())
    return db.paginate(query, page=page, per_page=per_page, max_per_page=200, error_out=False)


def summaries(user: User, end: date, windows: Sequence[int]) -> dict[int, Summary]:
    """Means over the entries dated in each window of N days ending at `end`: one query."""
    longest = max(windows)
    selects: list[sa.ColumnElement[Any]] = []
    for days in windows:
        inside = DiaryEntry.date >= end - timedelta(days=days - 1)
        selects.append(sa.func.count(sa.case((inside, 1))))
        selects.extend(sa.func.avg(sa.case((inside, col))) for col in METRIC_COLUMNS.values())
        # Sleep efficiency over a period is pooled (all sleep / all time in bed), as the
        # sleep window's review computes it, not the mean of each night's percentage.
        selects.append(sa.func.sum(sa.case((inside, DiaryEntry.total_sleep_min))))
        selects.append(sa.func.sum(sa.case((inside, DiaryEntry.time_in_bed_min))))
    row = db.session.execute(
        sa.select(*selects).where(
            DiaryEntry.user_id == user.id,
            DiaryEntry.date <= end,
            DiaryEntry.date >= end - timedelta(days=longest - 1),
        )
    ).one()
    out: dict[int, Summary] = {}
    width = 1 + len(METRIC_COLUMNS) + 2
    for i, days in enumerate(windows):
        chunk = row[i * width : (i + 1) * width]
        means = {
            name: None if value is None else round(float(value), 1)
            for name, value in zip(METRIC_COLUMNS, chunk[1 : 1 + len(METRIC_COLUMNS)], strict=True)
        }
        means["sleep_efficiency"] = m.pooled_efficiency(chunk[-2], chunk[-1])
        out[days] = Summary(days=days, end=end, nights=int(chunk[0]), mean=means)
    return out


def summary(user: User, days: int, end: date) -> Summary:
    if not 1 <= days <= MAX_SUMMARY_DAYS:
        raise ValidationFailed({"days": f"Days must be between 1 and {MAX_SUMMARY_DAYS}."})
    if (out_of_range := m.date_range_error(end)) is not None:
        raise ValidationFailed({"end": out_of_range})
    return summaries(user, end, [days])[days]


@dataclass(frozen=True)
class Dashboard:
    today: date
    total_nights: int
    week: Summary
    month: Summary
    recent: Sequence[DiaryEntry]  # the last CHART_DAYS days' entries, oldest first
    chart_days: int


CHART_DAYS = 28


def dashboard(user: User, today: date | None = None) -> Dashboard:
    """Everything /diary shows, in three queries whatever the number of nights."""
    today = today or today_for(user)
    means = summaries(user, today, [7, 28])
    recent = entries_between(user, today - timedelta(days=CHART_DAYS - 1), today)
    total = db.session.scalar(sa.select(sa.func.count()).where(DiaryEntry.user_id == user.id)) or 0
    return Dashboard(
        today=today,
        total_nights=total,
        week=means[7],
        month=means[28],
        recent=recent,
        chart_days=CHART_DAYS,
    )
