"""Demo course data (`flask seed-demo --course`): a person six weeks into the course, in
week 6 with weeks 1-5 done (the baseline week the first 7 of the last 43 mornings; week 6
opened 7 days ago, so it can be finished today), with worries and a thought record. Needs
the diary nights seeded first."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from ...auth.models import User
from ...extensions import db
from ..tools.models import ThoughtRecord, Worry
from . import rules
from .models import CourseProgress

# Six full weeks before today: week 6 has had its 7 days, so the course can be finished today.
COURSE_DAYS = rules.WEEK_DAYS * rules.LAST_WEEK + 1


def seed_course(user: User, today: date) -> rules.Progress:
    """Replace the person's course and thinking-tool records with the demo's."""
    for model in (CourseProgress, Worry, ThoughtRecord):
        db.session.execute(sa.delete(model).where(model.user_id == user.id))
    started = today - timedelta(days=COURSE_DAYS - 1)  # its first morning is a diary night too
    progress = rules.Progress(
        started_on=started,
        week=rules.LAST_WEEK,
        week_started_on=today - timedelta(days=rules.WEEK_DAYS),
        done=frozenset(range(1, rules.LAST_WEEK)),
        baseline_end=started + timedelta(days=rules.WEEK_DAYS - 1),
    )
    db.session.add(
        CourseProgress(
            user_id=user.id,
            started_on=progress.started_on,
            week=progress.week,
            week_started_on=progress.week_started_on,
            done_weeks=sum(1 << (n - 1) for n in progress.done),
            baseline_end=progress.baseline_end,
        )
    )
    week4 = started + timedelta(days=3 * rules.WEEK_DAYS)
    db.session.add_all(
        [
            Worry(
                user_id=user.id,
                day=today - timedelta(days=1),  # there the next evening
                worry="The report due on Friday",
                next_step="Write the outline on Tuesday morning",
            ),
            Worry(user_id=user.id, day=week4, worry="Whether the train strike goes ahead", not_mine=True),
            ThoughtRecord(
                user_id=user.id,
                day=week4 + timedelta(days=1),
                thought="One bad night will ruin my whole week.",
                belief_before=80,
                evidence="Last Monday was a bad night and the week went fine.",
                balanced="A bad night makes the next day harder, but it passes.",
                belief_after=35,
            ),
        ]
    )
    db.session.commit()
    return progress
