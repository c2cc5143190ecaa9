"""Diary service: saving, replacing, conflicts, owner isolation and SQL aggregates."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.exc import IntegrityError

from sleepapp.diary import service
from sleepapp.diary.metrics import NightMetrics
from sleepapp.errors import Conflict, NotFound, ValidationFailed
from sleepapp.extensions import db
from tests.diary.helpers import make_entry, night
from tests.factories import make_user

D = date(2026, 6, 2)


def test_add_entry_stores_items_and_metrics(app):
    user = make_user()
    saved = service.add_entry(user, night(date="2026-06-02", medication="one of the blue ones, 10pm"))
    entry = saved.entry
    assert saved.created and saved.warnings == []
    assert (entry.time_in_bed_min, entry.total_sleep_min, entry.sleep_efficiency) == (480, 390, 81.3)
    assert entry.early_wake_min == 30 and entry.timezone == "Europe/London"
    assert entry.medication == "one of the blue ones, 10pm"
    assert service.entry_json(entry)["metrics"]["total_sleep_min"] == 390


def test_second_entry_for_the_same_morning_is_a_conflict(app):
    user = make_user()
    service.add_entry(user, night(date="2026-06-02"))
    with pytest.raises(Conflict) as info:
        service.add_entry(user, night(date="2026-06-02", quality=5))
    assert info.value.field == "date"
    assert service.get_entry(user, D).quality == 3  # nothing lost


def test_save_entry_replaces(app):
    user = make_user()
    assert service.save_entry(user, D, night()).created
    again = service.save_entry(user, D, night(out_of_bed="08:00", quality=5))
    assert not again.created
    assert again.entry.time_in_bed_min == 540 and again.entry.quality == 5


def test_save_entry_rejects_a_different_body_date(app):
    user = make_user()
    with pytest.raises(ValidationFailed) as info:
        service.save_entry(user, D, night(date="2026-06-03"))
    assert "date" in info.value.fields


def test_invalid_entry_saves_nothing(app):
    user = make_user()
    with pytest.raises(ValidationFailed) as info:
        service.save_entry(user, D, night(sleep_latency_min=400, awake_min=100))
    assert set(info.value.fields) == {"sleep_latency_min", "awake_min"}
    assert service.get_entry(user, D) is None


def test_future_mornings_are_rejected(app):
    user = make_user()
    with pytest.raises(ValidationFailed) as info:
        service.add_entry(user, night(date="2099-01-01"))
    assert "has not happened yet" in info.value.fields["date"]


def test_tomorrow_is_rejected_and_today_accepted_in_the_persons_zone(app):
    user = make_user(timezone="Pacific/Kiritimati")  # UTC+14: often a day ahead of UTC
    today = service.today_for(user)
    assert today == datetime.now(ZoneInfo("Pacific/Kiritimati")).date()
    with pytest.raises(ValidationFailed) as info:
        service.save_entry(user, today + timedelta(days=1), night())
    assert info.value.fields["date"].startswith("That morning has not happened yet")
    assert service.save_entry(user, today, night()).created


@pytest.mark.parametrize("value", ["0001-01-01", "1899-12-31", "9000-01-02", "9999-12-31"])
def test_parse_day_refuses_dates_outside_the_diary(value):
    with pytest.raises(ValidationFailed) as info:
        service.parse_day(value, "end")
    assert set(info.value.fields) == {"end"}


@pytest.mark.parametrize(
    ("days", "end"), [(3660, date(1900, 1, 1)), (3660, date(9000, 1, 1)), (1, date(9000, 1, 1))]
)
def test_summary_at_the_ends_of_the_range(app, days, end):
    assert service.summary(make_user(), days, end).nights == 0


@pytest.mark.parametrize("end", [date.min, date(1899, 12, 31), date(9000, 1, 2), date.max])
def test_summary_refuses_an_end_outside_the_range(app, end):
    with pytest.raises(ValidationFailed) as info:
        service.summary(make_user(), 7, end)
    assert set(info.value.fields) == {"end"}


def test_history_page_clamps_a_huge_page_number(app):
    user = make_user()
    make_entry(user, D)
    page = service.history_page(user, 10**20, 30)
    assert page.items == [] and page.total == 1


def test_likely_slip_needs_confirmation_on_request(app):
    user = make_user()
    with pytest.raises(service.LikelySlip) as info:
        service.add_entry(user, night(date="2026-06-02", in_bed="11:00"), confirmed=False)
    assert info.value.warnings[0].suggested == "23:00"
    saved = service.add_entry(user, night(date="2026-06-02", in_bed="11:00"))
    assert saved.warnings and saved.entry.time_in_bed_min == 1200


def test_other_people_cannot_see_or_delete(app):
    owner, other = make_user(), make_user()
    make_entry(owner, D)
    assert service.get_entry(other, D) is None
    with pytest.raises(NotFound):
        service.delete_entry(other, D)
    assert service.entries_between(other, None, None) == []
    assert service.nightly_metrics(other, D, D) == []
    service.delete_entry(owner, D)
    assert service.get_entry(owner, D) is None


def test_nightly_metrics_inclusive_and_ordered(app):
    user = make_user()
    for day in ("2026-06-05", "2026-06-01", "2026-06-03", "2026-05-31"):
        make_entry(user, day)
    nights = service.nightly_metrics(user, date(2026, 6, 1), date(2026, 6, 5))
    assert [n.date for n in nights] == [date(2026, 6, 1), date(2026, 6, 3), date(2026, 6, 5)]
    assert nights[0] == NightMetrics(
        date=date(2026, 6, 1),
        time_in_bed_min=480,
        total_sleep_min=390,
        sleep_efficiency=81.3,
        sleep_onset_latency_min=20,
        wake_after_sleep_onset_min=25,
        early_wake_min=30,
        quality=3,
    )


def test_summary_means_over_the_window(app):
    user = make_user()
    make_entry(user, "2026-06-01", out_of_bed="07:00", quality=2)  # TIB 480
    make_entry(user, "2026-06-02", out_of_bed="08:00", final_wake="07:30", quality=4)  # TIB 540
    make_entry(user, "2026-05-20", quality=5)  # outside 7 days
    week = service.summary(user, 7, date(2026, 6, 2))
    assert week.nights == 2
    assert week.mean["time_in_bed_min"] == 510.0
    assert week.mean["quality"] == 3.0
    assert week.mean["total_sleep_min"] == (390 + 450) / 2
    assert week.mean["sleep_efficiency"] == round((81.3 + 83.3) / 2, 1)
    empty = service.summary(user, 7, date(2026, 1, 1))
    assert empty.nights == 0 and empty.mean["total_sleep_min"] is None
    with pytest.raises(ValidationFailed):
        service.summary(user, 0, date(2026, 6, 2))


def test_history_newest_first_and_paginated(app):
    user = make_user()
    for day in range(1, 6):
        make_entry(user, date(2026, 6, day))
    page = service.history_page(user, 1, 2)
    assert [e.date.day for e in page.items] == [5, 4]
    assert page.pages == 3
    assert [e.date.day for e in service.history_page(user, 3, 2).items] == [1]


def test_dashboard_windows(app):
    user = make_user()
    for day in (date(2026, 6, 2), date(2026, 5, 30), date(2026, 5, 10)):
        make_entry(user, day)
    data = service.dashboard(user, today=date(2026, 6, 2))
    assert data.total_nights == 3
    assert data.week.nights == 2 and data.month.nights == 3
    assert [e.date for e in data.recent] == [date(2026, 5, 10), date(2026, 5, 30), date(2026, 6, 2)]


def test_save_entry_without_commit_leaves_the_transaction_to_the_caller(app):
    user = make_user()
    make_entry(user, D, quality=3)
    first = service.save_entry(user, date(2026, 6, 1), night(), commit=False)
    replaced = service.save_entry(user, D, night(quality=5), commit=False)
    assert first.created and first.entry.id is not None  # flushed: has its row id
    assert not replaced.created
    db.session.rollback()  # the caller decides: nothing of the batch is kept
    assert service.get_entry(user, date(2026, 6, 1)) is None
    assert service.get_entry(user, D).quality == 3
    service.save_entry(user, date(2026, 6, 1), night(), commit=False)
    db.session.commit()
    db.session.expire_all()
    assert service.get_entry(user, date(2026, 6, 1)) is not None


def test_save_entry_without_commit_lets_a_concurrent_duplicate_raise(app, monkeypatch):
    user = make_user()
    make_entry(user, D, quality=3)
    # Another request created the same morning between the lookup and the flush.
    monkeypatch.setattr(service, "get_entry", lambda *_: None)
    with pytest.raises(IntegrityError):
        service.save_entry(user, D, night(quality=5), commit=False)
    db.session.rollback()
    monkeypatch.undo()
    assert service.get_entry(user, D).quality == 3


def test_save_entry_with_a_stale_version_saves_nothing(app):
    user = make_user()
    opened = service.version_of(make_entry(user, D, quality=3))
    service.save_entry(user, D, night(quality=5), expected_version=opened)  # still current: saves
    with pytest.raises(service.StaleEntry) as info:
        service.save_entry(user, D, night(quality=1), expected_version=opened)
    assert info.value.entry.quality == 5
    db.session.rollback()
    assert service.get_entry(user, D).quality == 5
    current = service.version_of(service.get_entry(user, D))
    assert current != opened
    assert service.save_entry(user, D, night(quality=1), expected_version=current).entry.quality == 1


def test_version_is_a_utc_iso_string(app):
    user = make_user()
    version = service.version_of(make_entry(user, D))
    assert datetime.fromisoformat(version).utcoffset() == timedelta(0)
    db.session.expire_all()  # read back from the database: SQLite drops the zone
    assert service.version_of(service.get_entry(user, D)) == version


def test_period_efficiency_is_pooled_and_rounded_down(app):
    """One definition everywhere (docs/design.md §2.7): all sleep / all time in bed, as the
    sleep window's review pools it, rounded down; not the mean of each night's percentage."""
    from datetime import date

    from sleepapp.diary.service import summary
    from tests.factories import make_entry, make_user

    person = make_user()
    # 350 of 600 min (58.3%) and 415 of 480 min (86.5%): mean 72.4%, pooled 765/1080 = 70.83%.
    make_entry(person, "2026-03-07", in_bed="21:00", tried_to_sleep="21:15", awake_min=200, awakenings=3)
    make_entry(person, "2026-03-08")
    assert summary(person, 7, date(2026, 3, 8)).mean["sleep_efficiency"] == 70.8
