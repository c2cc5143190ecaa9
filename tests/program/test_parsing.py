"""The strict clock and date parsers: table-driven cases and never-raises properties."""

from __future__ import annotations

from datetime import date, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sleepapp.program import parsing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("06:30", time(6, 30)),
        ("23:59", time(23, 59)),
        ("00:00", time(0, 0)),
        ("6:30", None),
        ("24:00", None),
        ("06:60", None),
        ("", None),
        ("ab:cd", None),
        ("06:30:00", None),
        ("-1:30", None),
        (" 06:30 ", time(6, 30)),
        # str.isdigit() says yes to these, int() crashes on the first and takes the rest
        ("²²:00", None),
        ("0٦:30", None),
        ("０６:３０", None),
        ("99999999999999999999:00", None),
        ("06:30\x00", None),
        (None, None),
        (630, None),
    ],
)
def test_parse_clock(text: object, expected: time | None) -> None:
    assert parsing.parse_clock(text) == expected


@given(st.text())
def test_parse_clock_never_raises(text: str) -> None:
    result = parsing.parse_clock(text)
    assert result is None or (result.second == 0 and f"{result:%H:%M}" == text.strip())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-06-20", date(2024, 6, 20)),
        (" 2024-06-20 ", date(2024, 6, 20)),
        ("0001-01-01", date(1, 1, 1)),
        ("9999-12-31", date(9999, 12, 31)),
        ("0000-01-01", None),
        ("2024-02-30", None),
        ("2024-13-01", None),
        ("20240620", None),
        ("2024-W25-4", None),
        ("２０２４-06-20", None),
        ("2024-0٦-20", None),
        ("99999999999999999999-01-01", None),
        ("2024-06-20\x00", None),
        ("", None),
        (None, None),
        (20240620, None),
    ],
)
def test_parse_iso_date(text: object, expected: date | None) -> None:
    assert parsing.parse_iso_date(text) == expected


@given(st.text())
def test_parse_iso_date_never_raises(text: str) -> None:
    result = parsing.parse_iso_date(text)
    assert result is None or result.isoformat() == text.strip()
