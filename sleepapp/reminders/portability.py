"""The reminders' export section (docs/design.md §5.8, registered in account/sections.py):
each kind's choice (on or off, and its minutes) and whether a calendar feed is on, and the
import plan for them. A kind is matched by its name: the file's choice replaces the
account's, checked by the limits the settings page applies (`rules.check_minutes`).

Never exported: the calendar feed's token (only its hash is kept, and it is a secret) and
the browsers subscribed to notifications (their endpoints and keys belong to a browser).
`calendar_feed_on` says whether a feed was on; an import leaves the feed as it is and the
preview says to turn it on again."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from ..account.plans import Change, Context, refuse
from ..auth.models import User
from ..extensions import db
from . import rules, service
from .models import ReminderSetting
from .rules import Kind, Setting

SECTION = "reminders"
PART_KEYS = {"settings", "calendar_feed_on"}
SETTING_KEYS = {"kind", "enabled", "minutes"}
# One item per kind; a longer list can only repeat or invent kinds.
MAX_SETTINGS = 50
FEED_NOTE = (
    "Not imported: the calendar feed's private address never leaves the server. Turn the feed "
    "on again on the reminders page to get a new address for your calendar app."
)


def _setting_json(setting: Setting) -> dict[str, Any]:
    return {"kind": setting.kind.value, "enabled": setting.enabled, "minutes": setting.minutes}


def export_reminders(user: User) -> dict[str, Any]:
    """Every kind in the catalogue's order, as chosen or at its default (off)."""
    return {
        "settings": [_setting_json(s) for s in service.load_settings(user).values()],
        "calendar_feed_on": service.calendar_feed(user) is not None,
    }


def _clean(raw: Mapping[str, object], current: dict[Kind, Setting]) -> tuple[Setting | None, dict[str, str]]:
    """The setting to store, or the problems, field by field, as the settings page words
    them. Without `minutes` (or null) a kind keeps the account's minutes, as a save does."""
    problems = {str(k): "Not a field this export format has." for k in raw if k not in SETTING_KEYS}
    try:
        kind = Kind(str(raw.get("kind")))
    except ValueError:
        problems["kind"] = f"One of {', '.join(k.value for k in Kind)}."
        return None, problems
    enabled = raw.get("enabled")
    if not isinstance(enabled, bool):
        problems["enabled"] = "true or false."
    minutes = raw.get("minutes")
    if minutes is None:
        minutes = current[kind].minutes
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        problems["minutes"] = "Whole minutes."
    elif (message := rules.check_minutes(kind, minutes)) is not None:
        problems["minutes"] = message
    if problems:
        return None, problems
    assert isinstance(enabled, bool) and isinstance(minutes, int)
    return Setting(kind, enabled, minutes), {}


def _store(user: User, setting: Setting) -> None:
    """Save one kind in the session (the import commits once, for everything)."""
    row = db.session.scalar(
        sa.select(ReminderSetting).where(
            ReminderSetting.user_id == user.id, ReminderSetting.kind == setting.kind.value
        )
    )
    if row is None:
        row = ReminderSetting(user_id=user.id, kind=setting.kind.value)
        db.session.add(row)
    row.enabled, row.minutes = setting.enabled, setting.minutes


def plan_reminders(part: object, ctx: Context) -> list[Change]:
    if not isinstance(part, Mapping):
        return [
            refuse(SECTION, SECTION, {SECTION: "Expected an object: settings and calendar_feed_on."}, SECTION)
        ]
    problems = {str(k): "Not a field this export format has." for k in part if k not in PART_KEYS}
    feed_on = part.get("calendar_feed_on", False)
    if not isinstance(feed_on, bool):
        problems["calendar_feed_on"] = "true or false."
    items = part.get("settings", [])
    if not isinstance(items, list):
        problems["settings"] = "Expected a list."
    elif len(items) > MAX_SETTINGS:
        problems["settings"] = f"At most {MAX_SETTINGS} reminder settings (the file has {len(items)})."
    if problems:
        return [refuse(SECTION, "Reminders", problems, SECTION)]
    assert isinstance(items, list)
    current = service.load_settings(ctx.user)
    seen: set[Kind] = set()
    changes: list[Change] = []
    for number, raw in enumerate(items, start=1):
        where = f"{SECTION} #{number}"
        if not isinstance(raw, Mapping):
            changes.append(refuse(SECTION, f"reminder #{number}", {"reminder": "Expected an object."}, where))
            continue
        setting, errors = _clean(raw, current)
        if setting is not None and setting.kind in seen:
            errors = {"kind": "This reminder appears twice in the file."}
        if setting is None or errors:
            try:
                label = rules.INFO[Kind(str(raw.get("kind")))].label
            except ValueError:
                label = f"reminder #{number}"
            changes.append(refuse(SECTION, label, errors, where))
            continue
        seen.add(setting.kind)
        label = rules.INFO[setting.kind].label
        stored = current[setting.kind]
        if stored == setting:
            changes.append(Change(SECTION, "keep", label, "The same as yours.", where=where))
            continue

        def apply(setting: Setting = setting) -> None:
            _store(ctx.user, setting)

        changes.append(
            Change(
                SECTION,
                "replace",
                label,
                stored=_setting_json(stored),
                incoming=_setting_json(setting),
                where=where,
                apply=apply,
            )
        )
    if feed_on:
        changes.append(Change(SECTION, "keep", "Calendar feed", FEED_NOTE))
    return changes
