"""The course in the whole-record export (docs/design.md §5.8): out and back in, kept when
the account has its own place, refused with reasons when the file's record cannot be."""

from __future__ import annotations

from datetime import date

import pytest

from sleepapp.program.course import service
from tests.factories import make_user


def _token(client, email):  # type: ignore[no-untyped-def]
    from sleepapp.auth.service import find_user_by_email
    from sleepapp.auth.tokens import issue_token

    secret, _ = issue_token(find_user_by_email(email), "course")
    return {"Authorization": f"Bearer {secret}"}


def test_the_course_goes_out_and_comes_back_into_a_fresh_account(client):
    sam = make_user(email="sam@example.com")
    service.start(sam, date(2026, 3, 2))
    service.go_without_window(sam)
    exported = client.get("/api/v1/export", headers=_token(client, "sam@example.com")).get_json()
    assert exported["course"]["week"] == 1 and exported["course"]["started_on"] == "2026-03-02"
    assert exported["course"]["without_window"] is True
    make_user(email="kim@example.com")
    kim = _token(client, "kim@example.com")
    assert client.post("/api/v1/import", json=exported, headers=kim).status_code == 200
    again = client.get("/api/v1/export", headers=kim).get_json()
    assert again["course"] == exported["course"]


def test_an_account_with_its_own_place_keeps_it(client):
    kim = make_user(email="kim@example.com")
    service.start(kim, date(2026, 5, 4))
    document = {
        "format": "sleepapp-export",
        "version": 2,
        "course": {
            "started_on": "2026-03-02",
            "week": 4,
            "week_started_on": "2026-03-30",
            "done_weeks": [1, 2, 3],
        },
    }
    headers = _token(client, "kim@example.com")
    preview = client.post("/api/v1/import/preview", json=document, headers=headers).get_json()
    [change] = [c for c in preview["changes"] if c["section"] == "course"]
    assert change["action"] == "keep"
    client.post("/api/v1/import", json=document, headers=headers)
    assert service.progress_of(kim).started_on == date(2026, 5, 4)


@pytest.mark.parametrize(
    ("course", "field"),
    [
        ({"started_on": "2026-03-02", "week": 7, "week_started_on": "2026-03-02"}, "week"),
        ({"started_on": "2026-03-02", "week": True, "week_started_on": "2026-03-02"}, "week"),
        ({"week": 1, "week_started_on": "2026-03-02"}, "started_on"),
        ({"started_on": "2026-03-09", "week": 2, "week_started_on": "2026-03-02"}, "week_started_on"),
        (
            {"started_on": "2026-03-02", "week": 2, "week_started_on": "2026-03-09", "done_weeks": [0]},
            "done_weeks",
        ),
        ({"started_on": "2026-03-02", "week": 1, "week_started_on": "2026-03-02", "mood": 3}, "mood"),
        (
            {"started_on": "2026-03-02", "week": 1, "week_started_on": "2026-03-02", "without_window": "no"},
            "without_window",
        ),
    ],
)
def test_a_course_record_that_cannot_be_is_refused_with_its_field(client, course, field):
    make_user(email="kim@example.com")
    document = {"format": "sleepapp-export", "version": 2, "course": course}
    resp = client.post("/api/v1/import", json=document, headers=_token(client, "kim@example.com"))
    assert resp.status_code == 422
    assert f"course: {field}" in resp.get_json()["fields"]
