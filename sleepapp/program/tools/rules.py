"""The thinking tools' rules, pure (no Flask, no database): what a worry and a thought
record must hold, checked field by field into messages for a person, and the common
beliefs about sleep a thought record may start from (the guide's thinking-skills page)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

TEXT_MAX = 500
EVIDENCE_MAX = 2000


@dataclass(frozen=True)
class Example:
    thought: str
    balanced: str


# From sleepapp/guide/content/thinking-skills.md ("Check your beliefs about sleep").
EXAMPLES: tuple[Example, ...] = (
    Example(
        "I must get eight hours, or I can't function.",
        "People need different amounts of sleep. After a short night I feel tired, but I usually "
        "get through the day.",
    ),
    Example(
        "One bad night will ruin my whole week.",
        "One short night does less harm than it feels. Bad nights have come and gone before.",
    ),
    Example(
        "If I can't sleep, I should stay in bed and try harder.",
        "Trying harder keeps me awake. Getting up until I am sleepy helps my bed mean sleep again.",
    ),
    Example(
        "I have no control over my sleep any more.",
        "I cannot force sleep, but I can keep my wake time and my window, and that helps over weeks.",
    ),
)


def _text(
    raw: Mapping[str, Any], name: str, limit: int, label: str, *, required: bool
) -> tuple[str | None, str | None]:
    value = raw.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, (f"Write the {label}." if required else None)
    if not isinstance(value, str):
        return None, f"The {label} is text."
    value = value.strip()
    if len(value) > limit:
        return None, f"Keep the {label} to {limit} characters (it has {len(value)})."
    return value, None


def _belief(raw: Mapping[str, Any], name: str, *, required: bool) -> tuple[int | None, str | None]:
    value = raw.get(name)
    if value is None or value == "":
        return None, ("Say how much you believe it, from 0 to 100." if required else None)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        return None, "A whole number from 0 (not at all) to 100 (completely)."
    return value, None


def clean_worry(raw: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """(worry, next_step, not_mine) and the problems by field. A worry needs a next step,
    or "not mine to solve now" (not both empty)."""
    errors: dict[str, str] = {}
    worry, problem = _text(raw, "worry", TEXT_MAX, "worry", required=True)
    if problem:
        errors["worry"] = problem
    step, problem = _text(raw, "next_step", TEXT_MAX, "next step", required=False)
    if problem:
        errors["next_step"] = problem
    not_mine = raw.get("not_mine", False)
    if not isinstance(not_mine, bool):
        errors["not_mine"] = "true or false."
        not_mine = False
    if not errors and step is None and not not_mine:
        errors["next_step"] = 'Write a next step, or choose "not mine to solve now".'
    return {"worry": worry, "next_step": step, "not_mine": not_mine}, errors


def clean_thought(raw: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """A thought record's fields and the problems by field: the thought and how much it is
    believed are needed; the evidence, the balanced thought and the belief after are not."""
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}
    for name, limit, label, required in (
        ("thought", TEXT_MAX, "thought", True),
        ("evidence", EVIDENCE_MAX, "evidence", False),
        ("balanced", TEXT_MAX, "balanced thought", False),
    ):
        out[name], problem = _text(raw, name, limit, label, required=required)
        if problem:
            errors[name] = problem
    for name, required in (("belief_before", True), ("belief_after", False)):
        out[name], problem = _belief(raw, name, required=required)
        if problem:
            errors[name] = problem
    return out, errors
