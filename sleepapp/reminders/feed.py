"""The private calendar feed (RFC 5545, written with `icalendar`): the person's chosen
reminders for the past week and the next four as events with an alarm, in their IANA zone
with its VTIMEZONE, so calendars get daylight-saving changes right. Calendar apps fetch it
again every few hours, so a weekly review's new bedtime reaches them by itself."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import date, datetime, timedelta

from icalendar import Alarm, Calendar, Event

from .presenters import message
from .rules import Kind, Plan, Reminder, Setting, reminders_between

DAYS_BACK = 7
DAYS_AHEAD = 28
EVENT_MINUTES = 5


def build_calendar(
    plan: Plan,
    settings: Mapping[Kind, Setting],
    today: date,
    now: datetime,
    uid_seed: str,
    base_url: str,
    hour12: bool = False,
) -> bytes:
    """The feed as bytes. `uid_seed` (the feed's token hash) keeps event ids stable between
    fetches, so each event is updated in place, and unrelated across people and resets."""
    cal = Calendar()
    cal.add("prodid", "-//Sleep diary//Reminders//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "Sleep reminders")
    cal.add("x-wr-timezone", plan.zone.key)
    cal.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT6H")
    first, last = today - timedelta(days=DAYS_BACK), today + timedelta(days=DAYS_AHEAD)
    for reminder in reminders_between(plan, settings, first, last):
        cal.add_component(_event(reminder, plan, now, uid_seed, base_url, hour12))
    cal.add_missing_timezones(first_date=first - timedelta(days=1), last_date=last + timedelta(days=1))
    return cal.to_ical()


def _event(reminder: Reminder, plan: Plan, now: datetime, seed: str, base_url: str, hour12: bool) -> Event:
    text = message(reminder, hour12)
    start = reminder.local.replace(tzinfo=plan.zone)
    digest = hashlib.sha256(f"{seed}:{reminder.key}".encode()).hexdigest()[:24]
    event = Event()
    event.add("uid", f"{digest}@sleep-reminders")
    event.add("dtstamp", now)
    event.add("dtstart", start)
    event.add("duration", timedelta(minutes=EVENT_MINUTES))
    event.add("summary", text.title)
    event.add("description", f"{text.body}\n{base_url.rstrip('/')}{text.path}")
    event.add("url", f"{base_url.rstrip('/')}{text.path}")
    event.add("transp", "TRANSPARENT")  # a reminder, not a busy slot
    event.add("class", "PRIVATE")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text.title)
    alarm.add("trigger", timedelta(0))
    event.add_component(alarm)
    return event
