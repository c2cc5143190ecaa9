"""The thinking tools' export sections (docs/design.md §5.8, registered in
account/sections.py): worries and thought records as JSON, and their import plans. Each
item is checked with the tools' own rules; an item the account already holds (same date,
same words) is kept, every other one added. Nothing is ever replaced or deleted."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from ...account.plans import Change, Context, refuse
from ...auth.models import User
from ...diary import metrics as m
from ...extensions import db
from ..parsing import parse_iso_date
from . import rules, service
from .models import ThoughtRecord, Worry

MAX_ITEMS = 5000

WORRY_FIELDS = ("worry", "next_step", "not_mine")
THOUGHT_FIELDS = ("thought", "belief_before", "evidence", "balanced", "belief_after")


def _export(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k != "id"}


def export_worries(user: User) -> list[dict[str, Any]]:
    return [_export(service.worry_json(w)) for w in reversed(service.worries(user, limit=MAX_ITEMS))]


def export_thoughts(user: User) -> list[dict[str, Any]]:
    return [_export(service.thought_json(t)) for t in reversed(service.thoughts(user, limit=MAX_ITEMS))]


def _plan(
    section: str,
    part: object,
    stored: list[dict[str, Any]],
    fields: tuple[str, ...],
    clean: Callable[[Mapping[str, Any]], tuple[dict[str, Any], dict[str, str]]],
    add: Callable[[date, dict[str, Any]], None],
    label_of: str,
) -> list[Change]:
    if not isinstance(part, list):
        return [refuse(section, section, {section: "Expected a list."}, where=section)]
    if len(part) > MAX_ITEMS:
        message = f"At most {MAX_ITEMS} items per import (the file has {len(part)})."
        return [refuse(section, section, {section: message}, where=section)]
    held = {tuple(sorted(item.items())) for item in stored}
    changes: list[Change] = []
    for number, raw in enumerate(part, start=1):
        where = f"{section} #{number}"
        if not isinstance(raw, Mapping):
            changes.append(refuse(section, where, {section: "Expected an object."}, where))
            continue
        problems = {str(k): "Not a field this export format has." for k in raw if k not in {"date", *fields}}
        cleaned, errors = clean(raw)
        problems.update(errors)
        day = parse_iso_date(raw.get("date"))
        if day is None or m.date_range_error(day):
            problems["date"] = "A date (YYYY-MM-DD)."
        label = f"{raw.get('date')}: {str(raw.get(label_of) or '')[:40]}"
        if problems or day is None:
            changes.append(refuse(section, label, problems, where))
            continue
        incoming = {"date": day.isoformat(), **{name: cleaned[name] for name in fields}}
        if tuple(sorted(incoming.items())) in held:
            changes.append(Change(section, "keep", label, "Already in your account.", where=where))
            continue
        held.add(tuple(sorted(incoming.items())))
        changes.append(
            Change(
                section,
                "add",
                label,
                incoming=incoming,
                where=where,
                apply=lambda day=day, cleaned=cleaned: add(day, cleaned),  # type: ignore[misc]
            )
        )
    return changes


def plan_worries(part: object, ctx: Context) -> list[Change]:
    def add(day: date, fields: dict[str, Any]) -> None:
        db.session.add(Worry(user_id=ctx.user.id, day=day, **fields))

    return _plan("worries", part, export_worries(ctx.user), WORRY_FIELDS, rules.clean_worry, add, "worry")


def plan_thoughts(part: object, ctx: Context) -> list[Change]:
    def add(day: date, fields: dict[str, Any]) -> None:
        db.session.add(ThoughtRecord(user_id=ctx.user.id, day=day, **fields))

    return _plan(
        "thought_records",
        part,
        export_thoughts(ctx.user),
        THOUGHT_FIELDS,
        rules.clean_thought,
        add,
        "thought",
    )
