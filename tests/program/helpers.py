"""Helpers for the programme's page tests. The test-data builders live in tests/factories.py;
`add_nights` and `span` are re-exported here only for tests/api/test_program_api.py."""

from __future__ import annotations

from typing import Any

from tests.factories import make_nights as add_nights
from tests.factories import span

__all__ = ["add_nights", "span", "text"]


def text(resp: Any) -> str:
    """A response's body as text."""
    return str(resp.get_data(as_text=True))
