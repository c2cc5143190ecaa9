"""The course's tests use the programme's fixtures (people in UTC)."""

from tests.program.conftest import me, person  # noqa: F401
