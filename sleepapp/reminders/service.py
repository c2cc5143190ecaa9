"""Reminder services: the person's choices, the plan the rules place reminders by (their
sleep windows, read through the window service), the calendar feed's token and the
browsers subscribed to Web Push. Pages call these; they load, validate, save and commit."""

from __future__ import annotations

import binascii
import hashlib
import secrets
from collections.abc import Mapping
from datetime import time

import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy.exc import IntegrityError

from ..auth.models import User
from ..clock import clock_or_none, utcnow
from ..errors import NotFound, ValidationFailed
from ..extensions import db
from ..program.course import rules as course_rules
from ..program.course import service as course_service
from ..program.window.service import window_history
from . import rules
from .models import CalendarFeed, PushSubscription, ReminderSetting
from .rules import Kind, Plan, Setting, WindowSpan
from .vapid import unb64url

# -------------------------------------------------------------------- settings


def load_settings(user: User) -> dict[Kind, Setting]:
    """Every kind, as chosen or at its default (off)."""
    rows = db.session.scalars(sa.select(ReminderSetting).where(ReminderSetting.user_id == user.id))
    chosen: dict[Kind, Setting] = {}
    for row in rows:
        try:
            kind = Kind(row.kind)
        except ValueError:
            continue
        chosen[kind] = Setting(kind, row.enabled, row.minutes)
    return {info.kind: chosen.get(info.kind) or rules.default_setting(info.kind) for info in rules.CATALOGUE}


def save_settings(user: User, choices: Mapping[Kind, tuple[bool, int | None]]) -> dict[Kind, Setting]:
    """Store each kind's (on, minutes); a kind without minutes keeps its stored or default
    minutes. Minutes outside a kind's limits are refused, field by field
    (`<kind>_minutes`), and nothing is saved."""
    current = load_settings(user)
    errors: dict[str, str] = {}
    wanted: dict[Kind, Setting] = {}
    for kind, (enabled, minutes) in choices.items():
        value = current[kind].minutes if minutes is None or not rules.INFO[kind].adjustable else minutes
        if (message := rules.check_minutes(kind, value)) is not None:
            errors[f"{kind.value}_minutes"] = message
        wanted[kind] = Setting(kind, bool(enabled), value)
    if errors:
        raise ValidationFailed(errors, "Some reminder times need fixing.")
    rows = {
        row.kind: row
        for row in db.session.scalars(sa.select(ReminderSetting).where(ReminderSetting.user_id == user.id))
    }
    for kind, setting in wanted.items():
        row = rows.get(kind.value)
        if row is None:
            row = ReminderSetting(user_id=user.id, kind=kind.value)
            db.session.add(row)
        row.enabled, row.minutes = setting.enabled, setting.minutes
    db.session.commit()
    return load_settings(user)


def plan_for(user: User) -> Plan:
    """What the rules need: the zone, the usual wake time and the sleep windows in order.
    Reminders follow the current window, so a weekly review moves them at once."""
    windows = tuple(
        WindowSpan(w.start, clock_or_none(w.wake_time) or time(0, 0), w.window_min)
        for w in window_history(user)
    )
    # Worry time is placed once the course reaches it (docs/design.md §11.1).
    reached = course_rules.reached_worry_time(course_service.progress_of(user))
    return Plan(user.zone, clock_or_none(user.wake_time), windows, course_started=reached)


# -------------------------------------------------------------------- calendar feed


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def calendar_feed(user: User) -> CalendarFeed | None:
    return db.session.scalar(sa.select(CalendarFeed).where(CalendarFeed.user_id == user.id))


def start_calendar_feed(user: User) -> str:
    """Turn the feed on, or give it a new address: returns the new random token (shown
    once). Only its hash is stored, so the old address stops working at once."""
    token = secrets.token_urlsafe(32)
    feed = calendar_feed(user)
    if feed is None:
        feed = CalendarFeed(user_id=user.id)
        db.session.add(feed)
    feed.token_hash = token_hash(token)
    feed.created_at = utcnow()
    feed.last_fetched_on = None
    db.session.commit()
    return token


def stop_calendar_feed(user: User) -> None:
    db.session.execute(sa.delete(CalendarFeed).where(CalendarFeed.user_id == user.id))
    db.session.commit()


def feed_owner(token: str) -> tuple[CalendarFeed, User]:
    """The feed and its person for a token from a URL; an unknown token is NotFound."""
    if not token or len(token) > 100:
        raise NotFound("No such calendar.")
    row = db.session.execute(
        sa.select(CalendarFeed, User)
        .join(User, User.id == CalendarFeed.user_id)
        .where(CalendarFeed.token_hash == token_hash(token))
    ).first()
    if row is None:
        raise NotFound("No such calendar.")
    feed, user = row
    today = utcnow().date()
    if feed.last_fetched_on != today:  # one write a day at most, for "last fetched" on the page
        feed.last_fetched_on = today
        db.session.commit()
    return feed, user


# -------------------------------------------------------------------- push subscriptions

SUBSCRIPTION_MESSAGE = "This browser sent a subscription the app cannot use; reload and try again."


def _text(value: object, limit: int) -> str | None:
    return value if isinstance(value, str) and 0 < len(value) <= limit else None


def _browser_keys_ok(p256dh: str, auth: str) -> bool:
    """The browser's key is a P-256 point (65 bytes, uncompressed) and its auth secret 16
    bytes (RFC 8291), so a message to it can always be encrypted."""
    try:
        point, secret = unb64url(p256dh), unb64url(auth)
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
    except (ValueError, binascii.Error):
        return False
    return len(point) == 65 and len(secret) == 16


def subscribe(user: User, body: Mapping[str, object]) -> PushSubscription:
    """Save a browser's PushSubscription (its JSON: endpoint and keys). An endpoint is one
    browser: subscribing again updates it, and it moves to whoever subscribed it last."""
    keys = body.get("keys")
    keys = keys if isinstance(keys, Mapping) else {}
    endpoint = _text(body.get("endpoint"), 1024)
    p256dh, auth = _text(keys.get("p256dh"), 200), _text(keys.get("auth"), 100)
    if endpoint is None or not endpoint.startswith(("https://", "http://")):
        raise ValidationFailed({"endpoint": SUBSCRIPTION_MESSAGE}, SUBSCRIPTION_MESSAGE)
    if p256dh is None or auth is None or not _browser_keys_ok(p256dh, auth):
        raise ValidationFailed({"keys": SUBSCRIPTION_MESSAGE}, SUBSCRIPTION_MESSAGE)
    user_id = user.id
    for _ in range(2):  # a race with the same browser subscribing twice: the second updates
        sub = db.session.scalar(sa.select(PushSubscription).where(PushSubscription.endpoint == endpoint))
        if sub is None:
            sub = PushSubscription(endpoint=endpoint, user_id=user_id, p256dh=p256dh, auth=auth)
            db.session.add(sub)
        else:
            sub.user_id, sub.p256dh, sub.auth = user_id, p256dh, auth
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            continue
        return sub
    raise ValidationFailed({"endpoint": SUBSCRIPTION_MESSAGE}, SUBSCRIPTION_MESSAGE)


def unsubscribe(user: User, endpoint: object) -> bool:
    """Forget this person's subscription at `endpoint`; False when there was none."""
    if not isinstance(endpoint, str):
        return False
    result = db.session.execute(
        sa.delete(PushSubscription).where(
            PushSubscription.user_id == user.id, PushSubscription.endpoint == endpoint
        )
    )
    db.session.commit()
    return bool(getattr(result, "rowcount", 0))


def subscriptions(user: User) -> list[PushSubscription]:
    return list(
        db.session.scalars(
            sa.select(PushSubscription)
            .where(PushSubscription.user_id == user.id)
            .order_by(PushSubscription.created_at)
        )
    )
