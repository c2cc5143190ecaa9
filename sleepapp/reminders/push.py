"""Sending reminders by Web Push (RFC 8030, encrypted per RFC 8291, signed with VAPID):
what `flask send-reminders` runs. Safe every few minutes on several instances at once:
each reminder is claimed per browser by inserting a uniquely keyed row, committed before
the message leaves, so a second run (or instance) cannot send it again. Expired browsers
(404/410) are removed; other failures wait and are retried with backoff, a few times."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import requests
import sqlalchemy as sa
from flask import current_app
from pywebpush import WebPushException, webpush
from sqlalchemy.exc import IntegrityError

from ..auth.models import User, as_utc
from ..clock import utcnow
from ..diary.service import get_entry
from ..extensions import db
from . import service
from .models import PushSubscription, ReminderClaim, ReminderSetting
from .presenters import message
from .rules import Kind, Plan, Reminder, due_now, in_quiet_hours
from .vapid import VapidKeys, vapid_keys

log = logging.getLogger(__name__)

# Waits before the 2nd, 3rd and 4th try; after that, or once the reminder is 3 hours old,
# it is given up. A push service's Retry-After is honoured when it asks for longer.
BACKOFF = (timedelta(minutes=5), timedelta(minutes=20), timedelta(minutes=60))
GIVE_UP_AFTER = timedelta(hours=3)
KEEP_CLAIMS = timedelta(days=14)
SEND_TIMEOUT_S = 10
GONE = (404, 410)  # the subscription expired or was withdrawn: remove it
PERMANENT = (400, 401, 403, 413)  # this message will never be accepted: do not retry


@dataclass
class RunReport:
    sent: int = 0
    failed: int = 0
    removed: int = 0
    gave_up: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"sent {self.sent}, will retry {self.failed}, gave up {self.gave_up}, "
            f"removed {self.removed} expired subscriptions, skipped {self.skipped}"
        )


def send_due(now: datetime | None = None) -> RunReport:
    """Send what is due at `now` (default: the present), then retry earlier failures whose
    wait is over. Each claim is one short transaction; no lock is held while sending."""
    moment = now or utcnow()
    report = RunReport()
    keys = vapid_keys()
    lookback = timedelta(minutes=int(current_app.config["REMINDERS_LOOKBACK_MIN"]))
    with requests.Session() as http:
        for user in _people_with_reminders():
            plan = service.plan_for(user)
            settings = service.load_settings(user)
            for reminder in due_now(plan, settings, moment, lookback):
                if _already_done(user, reminder):
                    report.skipped += 1
                    continue
                for sub in service.subscriptions(user):
                    claim = _claim(sub, reminder)
                    if claim is not None:
                        _deliver(claim, sub, user, plan, reminder, keys, http, moment, report)
        _retry_failed(keys, http, moment, report)
    _forget_old_claims(moment)
    return report


def _forget_old_claims(now: datetime) -> None:
    """Claims only matter while their reminder could still be sent (the lookback, the
    retries): keep two weeks for the record, then delete them."""
    db.session.execute(
        sa.delete(ReminderClaim).where(ReminderClaim.due_at < now - KEEP_CLAIMS),
        execution_options={"synchronize_session": False},
    )
    db.session.commit()


def _people_with_reminders() -> list[User]:
    has_browser = sa.exists().where(PushSubscription.user_id == User.id)
    has_choice = sa.exists().where(ReminderSetting.user_id == User.id, ReminderSetting.enabled.is_(True))
    return list(db.session.scalars(sa.select(User).where(has_browser, has_choice).order_by(User.id)))


def _already_done(user: User, reminder: Reminder) -> bool:
    """The morning diary reminder is only worth sending while last night is not logged."""
    return reminder.kind is Kind.LOG_DIARY and get_entry(user, reminder.night) is not None


def _claim(sub: PushSubscription, reminder: Reminder) -> ReminderClaim | None:
    """Insert this reminder's claim for this browser and commit; None when another run got
    there first (the unique key refuses the insert: on PostgreSQL the second insert waits
    for the first transaction, then fails)."""
    claim = ReminderClaim(
        subscription_id=sub.id,
        kind=reminder.kind.value,
        night=reminder.night,
        due_at=reminder.at,
        status="sending",
        attempts=1,
    )
    db.session.add(claim)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    return claim


def payload(reminder: Reminder, hour12: bool = False) -> str:
    text = message(reminder, hour12)
    return json.dumps({"title": text.title, "body": text.body, "url": text.path, "tag": reminder.key})


def _deliver(
    claim: ReminderClaim,
    sub: PushSubscription,
    user: User,
    plan: Plan,
    reminder: Reminder,
    keys: VapidKeys,
    http: requests.Session,
    now: datetime,
    report: RunReport,
) -> None:
    sub_id = sub.id
    info = {"endpoint": sub.endpoint, "keys": {"p256dh": sub.p256dh, "auth": sub.auth}}
    ttl = max(60, int((as_utc(claim.due_at) + GIVE_UP_AFTER - now).total_seconds()))
    try:
        webpush(
            info,
            payload(reminder, bool(getattr(user, "hour12", False))),
            vapid_private_key=keys.private_key,
            vapid_claims={"sub": keys.subject},
            ttl=ttl,
            timeout=SEND_TIMEOUT_S,
            requests_session=http,
        )
    except WebPushException as exc:
        status = exc.status_code
        if status in GONE:
            db.session.execute(sa.delete(PushSubscription).where(PushSubscription.id == sub_id))
            db.session.commit()
            report.removed += 1
            return
        _failed(
            claim, plan, now, f"push service answered {status}", exc, report, permanent=status in PERMANENT
        )
        return
    except requests.RequestException as exc:
        _failed(claim, plan, now, f"could not reach the push service: {type(exc).__name__}", exc, report)
        return
    except (ValueError, TypeError) as exc:  # keys that cannot encrypt: this will never work
        _failed(claim, plan, now, f"could not encrypt: {type(exc).__name__}", exc, report, permanent=True)
        return
    claim.status, claim.sent_at, claim.next_attempt_at, claim.last_error = "sent", now, None, None
    db.session.execute(
        sa.update(PushSubscription).where(PushSubscription.id == sub_id).values(last_sent_at=now)
    )
    db.session.commit()
    report.sent += 1


def _retry_wait(attempts: int, exc: Exception) -> timedelta | None:
    """How long before the next try after `attempts` tries; None when they are used up."""
    if attempts > len(BACKOFF):
        return None
    wait = BACKOFF[attempts - 1]
    retry_after = getattr(exc, "retry_after", None)
    if isinstance(retry_after, str) and retry_after.isdigit():
        wait = max(wait, timedelta(seconds=int(retry_after)))
    return wait


def _failed(
    claim: ReminderClaim,
    plan: Plan,
    now: datetime,
    reason: str,
    exc: Exception,
    report: RunReport,
    permanent: bool = False,
) -> None:
    log.warning(
        "reminder %s:%s to subscription %s failed: %s", claim.kind, claim.night, claim.subscription_id, reason
    )
    wait = None if permanent else _retry_wait(claim.attempts, exc)
    next_at = now + wait if wait else None
    if next_at is None or next_at > as_utc(claim.due_at) + GIVE_UP_AFTER or in_quiet_hours(plan, next_at):
        claim.status, claim.next_attempt_at = "gave_up", None
        report.gave_up += 1
    else:
        claim.status, claim.next_attempt_at = "failed", next_at
        report.failed += 1
    claim.last_error = reason[:200]
    report.errors.append(reason)
    db.session.commit()


def _retry_failed(keys: VapidKeys, http: requests.Session, now: datetime, report: RunReport) -> None:
    """Try again the failed claims whose wait is over. Each is taken with a conditional
    update (failed -> sending), so two runs never retry the same claim."""
    waiting = db.session.execute(
        sa.select(ReminderClaim.id, ReminderClaim.attempts)
        .where(ReminderClaim.status == "failed", ReminderClaim.next_attempt_at <= now)
        .order_by(ReminderClaim.next_attempt_at)
    ).all()
    for claim_id, attempts in waiting:
        taken = db.session.execute(
            sa.update(ReminderClaim)
            .where(
                ReminderClaim.id == claim_id,
                ReminderClaim.status == "failed",
                ReminderClaim.attempts == attempts,
            )
            .values(status="sending", attempts=attempts + 1)
        )
        db.session.commit()
        if getattr(taken, "rowcount", 0) != 1:
            continue
        claim = db.session.get(ReminderClaim, claim_id)
        sub = db.session.get(PushSubscription, claim.subscription_id) if claim else None
        user = db.session.get(User, sub.user_id) if sub else None
        if claim is None or sub is None or user is None:
            continue
        plan = service.plan_for(user)
        reminder = _reminder_of(claim, plan)
        if in_quiet_hours(plan, now) or reminder is None or _already_done(user, reminder):
            claim.status, claim.next_attempt_at = "gave_up", None
            db.session.commit()
            report.gave_up += 1
            continue
        _deliver(claim, sub, user, plan, reminder, keys, http, now, report)


def _reminder_of(claim: ReminderClaim, plan: Plan) -> Reminder | None:
    """The claimed reminder again, for its wording (bedtime from the window that night)."""
    try:
        kind = Kind(claim.kind)
    except ValueError:
        return None
    window = plan.window_for(claim.night)
    due = as_utc(claim.due_at)
    return Reminder(
        kind,
        claim.night,
        due.astimezone(plan.zone).replace(tzinfo=None),
        due,
        window.bedtime if window else None,
    )
