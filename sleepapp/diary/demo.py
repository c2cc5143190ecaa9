"""Realistic synthetic diary nights (some bad, some good, slowly improving, a few naps and
late coffees) for `flask seed-demo`, the README's "try it" and benchmarks, and nights that
follow a sleep window once the demo programme starts one. Deterministic for a given seed."""

from __future__ import annotations

import random
from datetime import date, timedelta

import sqlalchemy as sa

from ..auth.models import User
from ..extensions import db
from . import metrics as m
from .models import DiaryEntry
from .service import _apply

COMMENTS = [
    "Neighbours were noisy.",
    "Worried about work.",
    "Long day; went to bed tired.",
    "Stayed up watching a film.",
    "Room too warm.",
    "Walked in the morning sun.",
]


def _clock(minutes: float) -> str:
    total = round(minutes) % 1440
    return f"{total // 60:02d}:{total % 60:02d}"


def _times(
    day: date, bed: float, tried: float, latency: int, awakenings: int, awake: int, final: float, out: float
) -> dict[str, object]:
    """The core answers of a synthetic night (clock times given as minutes from midnight)."""
    return {
        "date": day.isoformat(),
        "in_bed": _clock(bed),
        "tried_to_sleep": _clock(tried),
        "sleep_latency_min": latency,
        "awakenings": awakenings,
        "awake_min": awake if awakenings else 0,
        "final_wake": _clock(final),
        "out_of_bed": _clock(out),
    }


def demo_night(day: date, progress: float, rng: random.Random) -> dict[str, object]:
    """One plausible night's answers. progress 0..1 moves from poor sleep towards better."""
    bad = rng.random() < 0.18 - 0.1 * progress
    weekend = day.weekday() in (5, 6)  # the morning after Friday or Saturday night
    bed = 23 * 60 - 15 + rng.gauss(0, 35) + (40 if weekend else 0) - 20 * progress  # from midnight-1d
    tried = bed + max(0, rng.gauss(20 - 10 * progress, 10))
    latency = max(3, rng.gauss(45 - 30 * progress, 12)) * (2.2 if bad else 1)
    awakenings = max(0, round(rng.gauss(3 - 1.8 * progress, 1) + (2 if bad else 0)))
    awake = awakenings * max(2, rng.gauss(14 - 7 * progress, 5)) * (1.8 if bad else 1)
    final = 24 * 60 + 6 * 60 + 20 + rng.gauss(0, 25) + (45 if weekend else 0) - (40 if bad else 0)
    out = final + max(2, rng.gauss(35 - 22 * progress, 10))
    span = final - tried
    latency, awake = round(min(latency, span * 0.45)), round(min(awake, span * 0.3))
    raw: dict[str, object] = {
        **_times(day, bed, tried, latency, awakenings, awake, final, out),
        "quality": 1 if bad else min(5, max(1, round(rng.gauss(2.4 + 1.8 * progress, 0.7)))),
        "rested": 1 if bad else min(5, max(1, round(rng.gauss(2.2 + 1.8 * progress, 0.8)))),
        "caffeine_drinks": max(0, round(rng.gauss(3 - 1.5 * progress, 1))),
    }
    if raw["caffeine_drinks"]:
        raw["caffeine_last"] = _clock(rng.choice([10, 12, 14, 15, 16, 17, 19]) * 60 - 120 * progress)
    if rng.random() < 0.2 - 0.1 * progress:
        raw["naps"], raw["nap_min"] = 1, rng.choice([15, 20, 30, 45, 60])
    if weekend or rng.random() < 0.1:
        raw["alcohol_drinks"] = rng.choice([1, 1, 2, 3])
        raw["alcohol_last"] = _clock(rng.choice([20, 21, 22]) * 60)
    if bad or rng.random() < 0.05:
        raw["comments"] = rng.choice(COMMENTS)
    return raw


def window_night(
    day: date, window_min: int, wake: int, progress: float, rng: random.Random
) -> dict[str, object]:
    """A night kept to a sleep window of `window_min` minutes ending at `wake` (minutes after
    midnight): into bed as the window opens or a little later, up at the wake time, little
    time awake in bed (what following the window looks like). progress 0..1 as above."""
    wake_at = 24 * 60 + wake  # minutes from the midnight before the night, as demo_night
    bed = wake_at - window_min + abs(rng.gauss(0, 10))
    tried = bed + max(0, rng.gauss(3, 3))
    final = wake_at - max(0, rng.gauss(6, 6))
    out = max(final + 2, wake_at + rng.gauss(3, 4))
    awakenings = max(0, round(rng.gauss(1.6 - progress, 0.8)))
    span = final - tried
    latency = round(min(max(3, rng.gauss(18 - 8 * progress, 6)), span * 0.3))
    awake = round(min(awakenings * max(2, rng.gauss(9 - 3 * progress, 3)), span * 0.2))
    raw: dict[str, object] = {
        **_times(day, bed, tried, latency, awakenings, awake, final, out),
        "quality": min(5, max(1, round(rng.gauss(3 + 1.2 * progress, 0.7)))),
        "rested": min(5, max(1, round(rng.gauss(2.6 + 1.4 * progress, 0.8)))),
        "caffeine_drinks": max(0, round(rng.gauss(2 - progress, 0.8))),
    }
    if raw["caffeine_drinks"]:
        raw["caffeine_last"] = _clock(rng.choice([9, 10, 11, 12, 13]) * 60)
    return raw


def replace_nights(user: User, nights: list[dict[str, object]]) -> None:
    """Put these synthetic nights (demo_night / window_night answers) in place of whatever
    the diary holds for their dates; one commit."""
    days = [date.fromisoformat(str(raw["date"])) for raw in nights]
    db.session.execute(sa.delete(DiaryEntry).where(DiaryEntry.user_id == user.id, DiaryEntry.date.in_(days)))
    rows = []
    for day, raw in zip(days, nights, strict=True):
        entry = DiaryEntry(user_id=user.id, date=day)
        _apply(entry, m.clean_entry(raw, user.zone), user)
        rows.append(entry)
    db.session.add_all(rows)
    db.session.commit()


def seed_nights(user: User, nights: int, end: date, seed: int) -> int:
    """Replace `user`'s diary with `nights` synthetic nights ending at `end`; one commit."""
    rng = random.Random(seed)
    db.session.execute(sa.delete(DiaryEntry).where(DiaryEntry.user_id == user.id))
    rows = []
    for i in range(nights):
        day = end - timedelta(days=nights - 1 - i)
        raw = demo_night(day, i / max(nights - 1, 1), rng)
        data = m.clean_entry(raw, user.zone)
        entry = DiaryEntry(user_id=user.id, date=day)
        _apply(entry, data, user)
        rows.append(entry)
    db.session.add_all(rows)
    db.session.commit()
    return len(rows)
