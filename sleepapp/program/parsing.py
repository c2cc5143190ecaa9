"""Strict parsers for the dates people send (ticked days, start dates), shared by the habit
and window rooms. Pure: no Flask, never raises. Clock times are read by sleepapp/clock.py.
"""

from __future__ import annotations

import re
from datetime import date

# ASCII digits only: str.isdigit() and int() also take "²", "٦" or "６", which either
# crash int() or sneak past as a date nobody typed on purpose.
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def parse_iso_date(text: object) -> date | None:
    """'2024-06-20' -> date(2024, 6, 20); anything else (other ISO spellings such as
    '20240620' or '2024-W25-4', non-ASCII digits, year 0000, 2024-02-30) -> None.
    Never raises."""
    if not isinstance(text, str):
        return None
    match = _ISO_DATE.fullmatch(text.strip())
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
