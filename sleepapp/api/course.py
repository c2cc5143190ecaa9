"""Course and thinking-tool endpoints (docs/design.md §5b, contract): the course's state and
its start, and the worries and thought records. They call the same services as the pages."""

from __future__ import annotations

from typing import Any

from ..diary.service import today_for
from ..errors import Conflict
from ..program.course import presenters
from ..program.course import rules as course_rules
from ..program.course import service as course_service
from ..program.tools import service as tools
from . import bp
from .bearer import api_user
from .bodies import json_body
from .openapi import describe
from .schemas import Course, ThoughtRecord, ThoughtRecordIn, ThoughtRecordList, Worry, WorryIn, WorryList


@bp.get("/course")
@describe("Where you are in the six-week course", {200: ("Course", Course)})
def get_course() -> dict[str, Any]:
    return presenters.course_json(course_service.progress_of(api_user()))


@bp.post("/course/start")
@describe(
    "Start the course at week 1 (after leaving: back at the week left)",
    {201: ("Started", Course), 409: "In the course already"},
)
def start_course() -> tuple[dict[str, Any], int]:
    user = api_user()
    try:
        progress = course_service.start(user, today_for(user))
    except course_rules.CourseRefused as exc:
        raise Conflict(exc.message) from None
    return presenters.course_json(progress), 201


@bp.get("/worries")
@describe("Your worries from worry time, newest first", {200: ("Worries", WorryList)})
def list_worries() -> dict[str, Any]:
    return {"worries": [tools.worry_json(w) for w in tools.worries(api_user())]}


@bp.post("/worries")
@describe(
    "Write down a worry for this evening",
    {201: ("Saved", Worry), 422: '`fields` says what to fix (a next step or "not_mine" is needed)'},
    body=WorryIn,
)
def add_worry() -> tuple[dict[str, Any], int]:
    user = api_user()
    data = json_body()
    raw: dict[str, Any] = {
        name: data.get(name) for name in ("worry", "next_step", "not_mine") if name in data
    }
    return tools.worry_json(tools.add_worry(user, raw, today_for(user))), 201


@bp.get("/thought-records")
@describe("Your thought records, newest first", {200: ("Thought records", ThoughtRecordList)})
def list_thought_records() -> dict[str, Any]:
    return {"thought_records": [tools.thought_json(t) for t in tools.thoughts(api_user())]}


@bp.post("/thought-records")
@describe(
    "Save a thought record",
    {201: ("Saved", ThoughtRecord), 422: "`fields` says what to fix"},
    body=ThoughtRecordIn,
)
def add_thought_record() -> tuple[dict[str, Any], int]:
    user = api_user()
    data = json_body()
    names = ("thought", "belief_before", "evidence", "balanced", "belief_after")
    raw: dict[str, Any] = {name: data.get(name) for name in names if name in data}
    return tools.thought_json(tools.add_thought(user, raw, today_for(user))), 201
