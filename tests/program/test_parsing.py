"""The strict date parser: table-driven cases and a never-raises property (clock times:
tests/test_clock.py)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sleepapp.program import parsing


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
