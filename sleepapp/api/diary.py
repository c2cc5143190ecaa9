"""Diary endpoints (docs/design.md §5): /entries and /summary, over the diary service."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask import abort, request

from ..diary import service
from ..errors import ValidationFailed
from . import bp
from .bearer import api_user
from .bodies import json_body
from .openapi import describe
from .schemas import EntriesQuery, Entry, EntryItems, EntryList, SavedEntry, Summary, SummaryQuery

DAYS_RE = re.compile(r"\d{1,5}", re.ASCII)  # str.isdigit() also passes "²", which int() refuses


def _day_in_path(value: str) -> date:
    """The date in the address: not a date at all is a 404; a date out of range a 422."""
    try:
        date.fromisoformat(value)
    except ValueError:
        abort(404, description="No diary entry for that date (dates look like 2026-06-02).")
    return service.parse_day(value)


def _json_object() -> dict[str, Any]:
    body: dict[str, Any] = json_body()
    return body


def _query_day(name: str) -> date | None:
    value = request.args.get(name)
    return None if value in (None, "") else service.parse_day(value, name)


@bp.get("/entries")
@describe(
    "Diary entries, oldest first",
    {200: ("Entries", EntryList), 422: "`from` or `to` is not a date in range, or `from` is after `to`"},
    query=EntriesQuery,
)
def list_entries() -> dict[str, Any]:
    start, end = _query_day("from"), _query_day("to")
    if start and end and start > end:
        raise ValidationFailed({"from": "`from` must be on or before `to`."})
    entries = service.entries_between(api_user(), start, end)
    return {"entries": [service.entry_json(e) for e in entries]}


@bp.get("/entries/<day>")
@describe(
    "One night's entry",
    {200: ("The entry", Entry), 404: "No entry that morning (or not a date)", 422: "A date out of range"},
)
def get_entry(day: str) -> dict[str, Any]:
    return service.entry_json(service.entry_or_404(api_user(), _day_in_path(day)))


@bp.put("/entries/<day>")
@describe(
    "Create or replace the entry for this morning",
    {
        200: ("Replaced", SavedEntry),
        201: ("Created", SavedEntry),
        422: "Some answers need fixing (docs/design.md §2.5), or the date is not a past morning",
    },
    body=EntryItems,
)
def put_entry(day: str) -> tuple[dict[str, Any], int]:
    try:
        date.fromisoformat(day)
    except ValueError:
        raise ValidationFailed({"date": "The date in the address must be YYYY-MM-DD."}) from None
    parsed = service.parse_day(day)
    saved = service.save_entry(api_user(), parsed, _json_object())
    body = service.entry_json(saved.entry)
    body["warnings"] = [
        {"field": w.field, "entered": w.entered, "suggested": w.suggested, "message": w.message}
        for w in saved.warnings
    ]
    return body, 201 if saved.created else 200


@bp.delete("/entries/<day>")
@describe(
    "Delete the entry",
    {204: "Deleted", 404: "No entry that morning (or not a date)", 422: "A date out of range"},
)
def delete_entry(day: str) -> tuple[str, int]:
    service.delete_entry(api_user(), _day_in_path(day))
    return "", 204


@bp.get("/summary")
@describe(
    "Means over the entries dated in the N days ending at `end`",
    {200: ("Summary", Summary), 422: "`days` or `end` out of range"},
    query=SummaryQuery,
)
def get_summary() -> dict[str, Any]:
    user = api_user()
    raw_days = request.args.get("days", "7").strip()
    if not DAYS_RE.fullmatch(raw_days):
        raise ValidationFailed({"days": "Days must be a whole number, for example 7."})
    end = _query_day("end") or service.today_for(user)
    return service.summary(user, int(raw_days), end).as_dict()
