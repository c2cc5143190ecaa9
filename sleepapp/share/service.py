"""Share links and the FHIR export: storage and transactions (docs/design.md §8.8, §5.7).
The rules are in rules.py and fhir.py (pure); wording stays in the templates."""

from __future__ import annotations

import hashlib
import hmac
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from ..auth.models import User, as_utc
from ..clock import utcnow
from ..diary import metrics as m
from ..diary import service as diary
from ..diary.models import DiaryEntry
from ..errors import NotFound, ValidationFailed
from ..extensions import ID_MAX, db
from . import fhir, rules
from .models import ShareLink, ShareOpen


@dataclass(frozen=True)
class NewLink:
    """A link just made: its URL token and access code exist only here, shown once."""

    link: ShareLink
    token: str
    code: str


@dataclass(frozen=True)
class CodeCheck:
    """The answer to one code attempt: `opened`, or refused (`wrong`), or refused unread
    because the link's attempts are spent until `locked_until`."""

    opened: bool
    locked_until: datetime | None = None


def link_problems(period_days: object, lifetime_days: object) -> dict[str, str]:
    fields = {}
    if period_days not in rules.PERIODS:
        fields["period_days"] = "Choose 2, 4 or 8 weeks."
    if (
        isinstance(lifetime_days, bool)
        or not isinstance(lifetime_days, int)
        or not 1 <= lifetime_days <= rules.MAX_LIFETIME_DAYS
    ):
        fields["lifetime_days"] = f"Enter a whole number of days from 1 to {rules.MAX_LIFETIME_DAYS}."
    return fields


def create_link(user: User, period_days: int, lifetime_days: int = rules.DEFAULT_LIFETIME_DAYS) -> NewLink:
    if fields := link_problems(period_days, lifetime_days):
        raise ValidationFailed(fields, "Link not created.")
    token, code = rules.new_token(), rules.new_code()
    now = utcnow()
    link = ShareLink(
        user_id=user.id,
        token_hash=rules.token_digest(token),
        code_hash=rules.code_digest(token, code),
        period_days=period_days,
        created_at=now,
        expires_at=now + timedelta(days=lifetime_days),
    )
    db.session.add(link)
    db.session.commit()
    return NewLink(link, token, code)


def list_links(user: User) -> list[ShareLink]:
    """The person's links, newest first, with their opening times (two queries)."""
    return list(
        db.session.scalars(
            sa.select(ShareLink)
            .where(ShareLink.user_id == user.id)
            .options(selectinload(ShareLink.opens))
            .order_by(ShareLink.created_at.desc(), ShareLink.id.desc())
        )
    )


def revoke_link(user: User, link_id: int) -> None:
    """End one of the person's links at once: the row and its opening times are deleted."""
    if link_id > ID_MAX:
        raise NotFound("No such link.")
    link = db.session.scalar(
        sa.select(ShareLink).where(ShareLink.id == link_id, ShareLink.user_id == user.id)
    )
    if link is None:
        raise NotFound("No such link.")
    db.session.execute(sa.delete(ShareOpen).where(ShareOpen.link_id == link.id))
    db.session.delete(link)
    db.session.commit()


def live_link(token: str) -> ShareLink | None:
    """The link with this URL token, unless unknown, revoked or expired (all alike: None)."""
    if not token or len(token) > 200:
        return None
    link = db.session.scalar(sa.select(ShareLink).where(ShareLink.token_hash == rules.token_digest(token)))
    if link is None or not rules.is_live(as_utc(link.expires_at), utcnow()):
        return None
    return link


def check_code(link: ShareLink, token: str, typed: str) -> CodeCheck:
    """One attempt at the access code. The attempt is counted first, in one UPDATE, so
    requests racing each other cannot get more than rules.MAX_ATTEMPTS reads of the code per
    window; a right code resets the count and records the opening (its time only)."""
    now = utcnow()
    since = sa.literal(now, ShareLink.attempts_since.type)
    fresh = sa.or_(
        ShareLink.attempts_since.is_(None),
        ShareLink.attempts_since <= sa.literal(now - rules.ATTEMPT_WINDOW, ShareLink.attempts_since.type),
    )
    attempts, attempts_since = db.session.execute(
        sa.update(ShareLink)
        .where(ShareLink.id == link.id)
        .values(
            attempts=sa.case((fresh, 1), else_=ShareLink.attempts + 1),
            attempts_since=sa.case((fresh, since), else_=ShareLink.attempts_since),
        )
        .returning(ShareLink.attempts, ShareLink.attempts_since)
        .execution_options(synchronize_session=False)
    ).one()
    db.session.commit()
    until = rules.locked_until(attempts, as_utc(attempts_since) if attempts_since else None)
    if until is not None:
        return CodeCheck(opened=False, locked_until=until)
    if not rules.code_matches(token, typed, link.code_hash):
        return CodeCheck(opened=False)
    db.session.execute(
        sa.update(ShareLink)
        .where(ShareLink.id == link.id)
        .values(attempts=0, attempts_since=None)
        .execution_options(synchronize_session=False)
    )
    db.session.add(ShareOpen(link_id=link.id, opened_at=now))
    db.session.commit()
    return CodeCheck(opened=True)


def shared_period(link: ShareLink) -> tuple[date, date]:
    """The mornings the link shows today: its period, ending today where the person lives."""
    return rules.period_dates(link.period_days, diary.today_for(link.user))


# ---------------------------------------------------------------- FHIR


def patient_id(user: User) -> str:
    """A pseudonym for the person in FHIR exports: stable for this account on this server,
    derived from its id with the secret key, so it says nothing about who they are."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    digest = hmac.new(key, f"fhir-patient:{user.id}".encode(), hashlib.sha256).digest()
    return str(uuid.UUID(bytes=digest[:16], version=4))


def fhir_night(entry: DiaryEntry) -> fhir.Night:
    """A stored night for the export; its instants in the zone it was saved in (§2.3)."""
    zone = ZoneInfo(entry.timezone)
    instants = m.resolve_instants(
        entry.date, entry.in_bed, entry.tried_to_sleep, entry.final_wake, entry.out_of_bed, zone
    )
    return fhir.Night(
        date=entry.date,
        tried_to_sleep=instants.tried_to_sleep.astimezone(zone),
        final_wake=instants.final_wake.astimezone(zone),
        recorded=as_utc(entry.updated_at),
        total_sleep_min=entry.total_sleep_min,
        time_in_bed_min=entry.time_in_bed_min,
        sleep_onset_latency_min=entry.sleep_latency_min,
        wake_after_sleep_onset_min=entry.awake_min,
        awakenings=entry.awakenings,
        sleep_efficiency=entry.sleep_efficiency,
        quality=entry.quality,
    )


def fhir_export(user: User, start: date | None = None, end: date | None = None) -> dict[str, Any]:
    """The person's nights dated start..end (either bound optional) as a FHIR R4 Bundle,
    validated before it leaves."""
    entries: Sequence[DiaryEntry] = diary.entries_between(user, start, end)
    document = fhir.bundle(patient_id(user), [fhir_night(e) for e in entries], utcnow())
    fhir.validate(document)
    return document
