"""Thinking-tool services: save and read worries and thought records. Every query filters
by the person: another person's record is not found (a 404)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from ...auth.models import User
from ...errors import NotFound, ValidationFailed
from ...extensions import db
from . import rules
from .models import ThoughtRecord, Worry

LIST_LIMIT = 200


def add_worry(user: User, raw: Mapping[str, Any], today: date) -> Worry:
    fields, errors = rules.clean_worry(raw)
    if errors:
        raise ValidationFailed(errors, "The worry was not saved.")
    worry = Worry(user_id=user.id, day=today, **fields)
    db.session.add(worry)
    db.session.commit()
    return worry


def worries(user: User, since: date | None = None, limit: int = LIST_LIMIT) -> list[Worry]:
    query = sa.select(Worry).where(Worry.user_id == user.id)
    if since is not None:
        query = query.where(Worry.day >= since)
    return list(db.session.scalars(query.order_by(Worry.day.desc(), Worry.id.desc()).limit(limit)))


def worries_by_evening(user: User, today: date, days: int = 7) -> tuple[list[Worry], list[Worry]]:
    """Tonight's list, and the last evenings' (the list is there the next evening)."""
    recent = worries(user, since=today - timedelta(days=days))
    return [w for w in recent if w.day == today], [w for w in recent if w.day < today]


def worry_or_404(user: User, worry_id: int) -> Worry:
    worry = db.session.scalar(sa.select(Worry).where(Worry.id == worry_id, Worry.user_id == user.id))
    if worry is None:
        raise NotFound("We could not find that worry.")
    return worry


def delete_worry(user: User, worry_id: int) -> None:
    db.session.delete(worry_or_404(user, worry_id))
    db.session.commit()


def add_thought(user: User, raw: Mapping[str, Any], today: date) -> ThoughtRecord:
    fields, errors = rules.clean_thought(raw)
    if errors:
        raise ValidationFailed(errors, "The thought record was not saved.")
    record = ThoughtRecord(user_id=user.id, day=today, **fields)
    db.session.add(record)
    db.session.commit()
    return record


def thoughts(user: User, limit: int = LIST_LIMIT) -> list[ThoughtRecord]:
    return list(
        db.session.scalars(
            sa.select(ThoughtRecord)
            .where(ThoughtRecord.user_id == user.id)
            .order_by(ThoughtRecord.day.desc(), ThoughtRecord.id.desc())
            .limit(limit)
        )
    )


def thought_or_404(user: User, record_id: int) -> ThoughtRecord:
    record = db.session.scalar(
        sa.select(ThoughtRecord).where(ThoughtRecord.id == record_id, ThoughtRecord.user_id == user.id)
    )
    if record is None:
        raise NotFound("We could not find that thought record.")
    return record


def worry_json(w: Worry) -> dict[str, Any]:
    return {
        "id": w.id,
        "date": w.day.isoformat(),
        "worry": w.worry,
        "next_step": w.next_step,
        "not_mine": w.not_mine,
    }


def thought_json(t: ThoughtRecord) -> dict[str, Any]:
    return {
        "id": t.id,
        "date": t.day.isoformat(),
        "thought": t.thought,
        "belief_before": t.belief_before,
        "evidence": t.evidence,
        "balanced": t.balanced,
        "belief_after": t.belief_after,
    }
