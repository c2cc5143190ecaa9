"""Diary API (docs/design.md §5): /entries and /summary, errors and cross-user isolation."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.diary.helpers import make_entry, night
from tests.factories import make_user


@pytest.fixture
def headers(app, auth):
    make_user(email="sam@example.com")
    return auth.token()


def test_token_required(client):
    assert client.get("/api/v1/entries").status_code == 401
    assert client.put("/api/v1/entries/2026-06-02", json=night()).status_code == 401


def test_put_creates_then_replaces(client, headers):
    resp = client.put("/api/v1/entries/2026-06-02", json=night(), headers=headers)
    assert resp.status_code == 201
    body = resp.get_json()
    assert body["date"] == "2026-06-02" and body["in_bed"] == "23:00"
    assert body["metrics"] == {
        "time_in_bed_min": 480,
        "sleep_onset_latency_min": 20,
        "wake_after_sleep_onset_min": 25,
        "early_wake_min": 30,
        "total_sleep_min": 390,
        "sleep_efficiency": 81.3,
    }
    assert body["warnings"] == []
    resp = client.put("/api/v1/entries/2026-06-02", json={**body, "quality": 5}, headers=headers)
    assert resp.status_code == 200 and resp.get_json()["quality"] == 5
    got = client.get("/api/v1/entries/2026-06-02", headers=headers).get_json()
    assert got["quality"] == 5 and got["metrics"]["total_sleep_min"] == 390


def test_put_returns_slip_warnings(client, headers):
    resp = client.put("/api/v1/entries/2026-06-02", json=night(in_bed="11:00"), headers=headers)
    assert resp.status_code == 201
    [warning] = resp.get_json()["warnings"]
    assert warning["field"] == "in_bed" and warning["suggested"] == "23:00"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (night(awake_min=-1), "awake_min"),
        (night(quality=0), "quality"),
        (night(in_bed="7pm"), "in_bed"),
        (night(sleep_latency_min=500), "sleep_latency_min"),
        (night(in_bed="07:00", tried_to_sleep="07:00", final_wake="07:00"), "out_of_bed"),
        (night(date="2026-06-03"), "date"),
        ({}, "in_bed"),
        (night(medication=["x"]), "medication"),
    ],
)
def test_put_validation_is_422_with_fields(client, headers, body, field):
    resp = client.put("/api/v1/entries/2026-06-02", json=body, headers=headers)
    assert resp.status_code == 422
    data = resp.get_json()
    assert data["error"] == "validation_failed" and field in data["fields"]
    assert client.get("/api/v1/entries/2026-06-02", headers=headers).status_code == 404


def test_put_bad_date_and_bad_json(client, headers):
    assert client.put("/api/v1/entries/2026-02-30", json=night(), headers=headers).status_code == 422
    resp = client.put("/api/v1/entries/2026-06-02", data="nope", headers=headers)
    assert resp.status_code == 400


def test_list_range_and_order(client, headers):
    for day in ("2026-06-03", "2026-06-01", "2026-06-02", "2026-05-01"):
        client.put(f"/api/v1/entries/{day}", json=night(), headers=headers)
    resp = client.get("/api/v1/entries?from=2026-06-01&to=2026-06-03", headers=headers)
    assert [e["date"] for e in resp.get_json()["entries"]] == ["2026-06-01", "2026-06-02", "2026-06-03"]
    assert len(client.get("/api/v1/entries", headers=headers).get_json()["entries"]) == 4
    bad = client.get("/api/v1/entries?from=June", headers=headers)
    assert bad.status_code == 422 and "from" in bad.get_json()["fields"]
    assert client.get("/api/v1/entries?from=2026-06-03&to=2026-06-01", headers=headers).status_code == 422


def test_delete(client, headers):
    client.put("/api/v1/entries/2026-06-02", json=night(), headers=headers)
    assert client.delete("/api/v1/entries/2026-06-02", headers=headers).status_code == 204
    assert client.delete("/api/v1/entries/2026-06-02", headers=headers).status_code == 404
    assert client.get("/api/v1/entries/junk", headers=headers).status_code == 404


def test_summary(client, headers):
    client.put("/api/v1/entries/2026-06-01", json=night(), headers=headers)
    client.put(
        "/api/v1/entries/2026-06-02", json=night(out_of_bed="08:00", final_wake="07:30"), headers=headers
    )
    body = client.get("/api/v1/summary?days=7&end=2026-06-02", headers=headers).get_json()
    assert body["nights"] == 2
    assert body["mean"]["time_in_bed_min"] == 510.0 and body["mean"]["total_sleep_min"] == 420.0
    assert set(body["mean"]) >= {"total_sleep_min", "sleep_efficiency", "time_in_bed_min"}
    assert client.get("/api/v1/summary?days=1&end=2026-06-01", headers=headers).get_json()["nights"] == 1
    default = client.get("/api/v1/summary", headers=headers).get_json()
    assert default["days"] == 7
    for query in ("days=0", "days=x", "days=-3", "end=yesterday", "days=99999"):
        assert client.get(f"/api/v1/summary?{query}", headers=headers).status_code == 422


def test_other_peoples_entries_are_invisible(client, headers, auth):
    other = make_user(email="other@example.com")
    make_entry(other, "2026-06-02", quality=1)
    assert client.get("/api/v1/entries/2026-06-02", headers=headers).status_code == 404
    assert client.delete("/api/v1/entries/2026-06-02", headers=headers).status_code == 404
    assert client.get("/api/v1/entries", headers=headers).get_json()["entries"] == []
    assert client.get("/api/v1/summary?end=2026-06-02", headers=headers).get_json()["nights"] == 0
    # PUT on the same date makes the caller's own entry and leaves the other one alone.
    assert client.put("/api/v1/entries/2026-06-02", json=night(), headers=headers).status_code == 201
    other_headers = auth.token("other@example.com")
    got = client.get("/api/v1/entries/2026-06-02", headers=other_headers).get_json()
    assert got["quality"] == 1
    assert date.fromisoformat(got["date"]) == date(2026, 6, 2)


@pytest.mark.parametrize("days", ["%C2%B2", "%D9%A3", "7.0", "1e3", "123456", "", "%207%20x"])
def test_summary_days_must_be_ascii_digits(client, headers, days):
    resp = client.get(f"/api/v1/summary?days={days}", headers=headers)
    assert resp.status_code == 422
    assert set(resp.get_json()["fields"]) == {"days"}


@pytest.mark.parametrize(
    "query",
    [
        "days=7&end=0001-01-01",
        "days=3660&end=0002-01-01",
        "days=1&end=1899-12-31",
        "days=7&end=9000-01-02",
        "days=3660&end=9999-12-31",
    ],
)
def test_summary_end_outside_the_diary_is_422(client, headers, query):
    resp = client.get(f"/api/v1/summary?{query}", headers=headers)
    assert resp.status_code == 422
    assert set(resp.get_json()["fields"]) == {"end"}


def test_summary_at_the_ends_of_the_range(client, headers):
    for query in ("days=3660&end=1900-01-01", "days=3660&end=9000-01-01"):
        resp = client.get(f"/api/v1/summary?{query}", headers=headers)
        assert resp.status_code == 200 and resp.get_json()["nights"] == 0


@pytest.mark.parametrize("name", ["from", "to"])
@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31"])
def test_list_range_outside_the_diary_is_422(client, headers, name, value):
    resp = client.get(f"/api/v1/entries?{name}={value}", headers=headers)
    assert resp.status_code == 422
    assert set(resp.get_json()["fields"]) == {name}


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31"])
def test_path_date_outside_the_diary_is_422(client, headers, value):
    for method in (client.get, client.delete):
        resp = method(f"/api/v1/entries/{value}", headers=headers)
        assert resp.status_code == 422 and set(resp.get_json()["fields"]) == {"date"}
    resp = client.put(f"/api/v1/entries/{value}", json=night(), headers=headers)
    assert resp.status_code == 422 and set(resp.get_json()["fields"]) == {"date"}


def test_put_tomorrow_is_422_today_is_fine(client, headers):
    today = datetime.now(ZoneInfo("Europe/London")).date()  # the token user's zone
    tomorrow = today + timedelta(days=1)
    resp = client.put(f"/api/v1/entries/{tomorrow.isoformat()}", json=night(), headers=headers)
    assert resp.status_code == 422
    assert resp.get_json()["fields"]["date"].startswith("That morning has not happened yet")
    resp = client.put(f"/api/v1/entries/{today.isoformat()}", json=night(), headers=headers)
    assert resp.status_code == 201


@pytest.mark.parametrize("body", ["[" * 100_000, '{"comments": ' + "[" * 990 + "]" * 990 + "}"])
def test_put_deeply_nested_json_is_400(client, headers, body):
    resp = client.put(
        "/api/v1/entries/2026-06-02", data=body, content_type="application/json", headers=headers
    )
    assert resp.status_code == 400 and resp.get_json()["error"] == "bad_request"
    assert client.get("/api/v1/entries/2026-06-02", headers=headers).status_code == 404


def test_minutes_awake_without_awakenings_is_a_field_error(client, headers):
    """QA: 90 minutes awake with 0 awakenings was accepted silently."""
    resp = client.put("/api/v1/entries/2026-06-02", json=night(awakenings=0, awake_min=90), headers=headers)
    assert resp.status_code == 422
    body = resp.get_json()
    assert body["error"] == "validation_failed"
    assert set(body["fields"]) == {"awakenings"}
    assert "how many times did you wake?" in body["fields"]["awakenings"]
    assert client.get("/api/v1/entries/2026-06-02", headers=headers).status_code == 404
    # A brief awakening can round to 0 minutes: that stays allowed.
    resp = client.put("/api/v1/entries/2026-06-02", json=night(awakenings=1, awake_min=0), headers=headers)
    assert resp.status_code == 201
