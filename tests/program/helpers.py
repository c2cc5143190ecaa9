"""Test data for the programme: diary nights with exact time in bed and total sleep."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sleepapp.diary import service as diary


def add_night(user, day: date, tst: int = 360, tib: int = 420, out_of_bed: str = "07:00") -> None:  # type: ignore[no-untyped-def]
    """Save a diary entry for the morning `day`: in bed `tib` minutes before getting up,
    asleep `tst` of them (the rest is time to fall asleep). Use a zone without DST."""
    out = datetime.combine(day, datetime.strptime(out_of_bed, "%H:%M").time())
    in_bed = (out - timedelta(minutes=tib)).strftime("%H:%M")
    diary.save_entry(
        user,
        day,
        {
            "in_bed": in_bed,
            "tried_to_sleep": in_bed,
            "sleep_latency_min": tib - tst,
            "awakenings": 0,
            "awake_min": 0,
            "final_wake": out_of_bed,
            "out_of_bed": out_of_bed,
            "quality": 3,
        },
    )


def add_nights(user, days: list[date], tst: int = 360, tib: int = 420) -> None:  # type: ignore[no-untyped-def]
    for day in days:
        add_night(user, day, tst, tib)


def span(first: date, count: int) -> list[date]:
    return [first + timedelta(days=i) for i in range(count)]
