"""The API under generated attack (schemathesis): for every operation in
/api/v1/openapi.json, requests generated from the description (valid and invalid) never
get a 5xx, and every answer matches what the description promises: its status codes, content
types, headers and body schemas (docs/design.md §5.6).

Bounded: a few examples per operation (the `ci` hypothesis profile keeps them derandomised).
The probe in test_openapi.py walks each route's known answers by hand; this finds the ones
nobody thought of."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from sleepapp import create_app
from sleepapp.auth.tokens import issue_token
from tests.factories import make_entry, make_user

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def _operations() -> list[tuple[str, str]]:
    """(method, path) of every described operation, read from a throwaway app (no database
    is touched) so that each one is its own test."""
    described = schemathesis.openapi.from_wsgi(
        "/api/v1/openapi.json",
        create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": "sqlite://"}),
    )
    found = [result.ok() for result in described.get_all_operations()]
    return [(op.method.upper(), op.path) for op in found]


@pytest.fixture
def bearer(app):  # type: ignore[no-untyped-def]
    """A person with a night in their diary, and their token."""
    user = make_user(email="fuzz@example.com")
    make_entry(user, "2026-03-02")
    secret, _ = issue_token(user, "schemathesis")
    return {"Authorization": f"Bearer {secret}"}


@pytest.mark.parametrize(("method", "path"), _operations(), ids=lambda v: v)
def test_no_server_errors_and_every_answer_as_described(app, bearer, method, path):  # type: ignore[no-untyped-def]
    if (method, path) == ("DELETE", "/me"):
        pytest.skip("deleting the account would end the run; tests/api/test_openapi.py covers it")
    operation = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)[path][method]

    @given(case=operation.as_strategy())
    @settings(max_examples=12, suppress_health_check=list(HealthCheck), deadline=None)
    def answers_as_described(case):  # type: ignore[no-untyped-def]
        case.call_and_validate(headers=bearer, checks=CHECKS)

    answers_as_described()
