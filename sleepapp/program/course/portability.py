"""The course's export section (docs/design.md §5.8, registered in account/sections.py):
where the person is in the six weeks, and its import plan. Progress is one record, not a
list to merge: an account that has its own keeps it (the preview says so), an account
without one takes the file's."""

from __future__ import annotations

from datetime import date
from typing import Any

from ...account.plans import Change, Context, refuse
from ...auth.models import User
from ...extensions import db
from ..parsing import parse_iso_date
from . import rules
from .models import CourseProgress
from .service import progress_of, without_window

SECTION = "course"
DATES = ("started_on", "week_started_on", "baseline_end", "paused_on", "left_on", "finished_on")
REQUIRED = ("started_on", "week_started_on")
FIELDS = (*DATES, "week", "done_weeks", "without_window")


def export_course(user: User) -> dict[str, Any] | None:
    """The person's place in the course, or None when they never started it."""
    progress = progress_of(user)
    if progress is None:
        return None
    out: dict[str, Any] = {name: _iso(getattr(progress, name)) for name in DATES}
    out["week"] = progress.week
    out["done_weeks"] = sorted(progress.done)
    out["without_window"] = without_window(user)
    return out


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _clean(part: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    problems = {str(k): "Not a field this export format has." for k in part if k not in FIELDS}
    cleaned: dict[str, Any] = {}
    for name in DATES:
        value = part.get(name)
        day = parse_iso_date(value) if value is not None else None
        if value is not None and day is None:
            problems[name] = "A date (YYYY-MM-DD) or null."
        elif day is None and name in REQUIRED:
            problems[name] = "Required: a date (YYYY-MM-DD)."
        cleaned[name] = day
    week = part.get("week")
    if isinstance(week, bool) or not isinstance(week, int) or not 1 <= week <= rules.LAST_WEEK:
        problems["week"] = f"A week from 1 to {rules.LAST_WEEK}."
    cleaned["week"] = week
    done = part.get("done_weeks", [])
    if not isinstance(done, list) or any(
        isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= rules.LAST_WEEK for n in done
    ):
        problems["done_weeks"] = f"A list of week numbers from 1 to {rules.LAST_WEEK}."
        done = []
    cleaned["done_weeks"] = sorted(set(done))
    without = part.get("without_window", False)
    if not isinstance(without, bool):
        problems["without_window"] = "true or false."
    cleaned["without_window"] = without is True
    if not problems and cleaned["week_started_on"] < cleaned["started_on"]:
        problems["week_started_on"] = "Not before the day the course started."
    return cleaned, problems


def plan_course(part: object, ctx: Context) -> list[Change]:
    if part is None:
        return []
    if not isinstance(part, dict):
        return [refuse(SECTION, "course", {SECTION: "Expected an object or null."}, where=SECTION)]
    cleaned, problems = _clean(part)
    label = f"Course, week {part.get('week')}"
    if problems:
        return [refuse(SECTION, label, problems, where=SECTION)]
    if progress_of(ctx.user) is not None:
        return [
            Change(SECTION, "keep", label, "Your account has its own place in the course.", where=SECTION)
        ]

    def add() -> None:
        done = sum(1 << (n - 1) for n in cleaned["done_weeks"])
        db.session.add(CourseProgress(user_id=ctx.user.id, **{**cleaned, "done_weeks": done}))

    incoming = export_like(cleaned)
    return [Change(SECTION, "add", label, incoming=incoming, where=SECTION, apply=add)]


def export_like(cleaned: dict[str, Any]) -> dict[str, Any]:
    """The cleaned record written as the export writes it (for the preview)."""
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in cleaned.items()}
