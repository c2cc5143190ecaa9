"""The sleep-window API (docs/design.md §5, contract): shapes, 422s, 404s, isolation."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sleepapp.diary.service import today_for
from sleepapp.extensions import db
from sleepapp.program.window import screen, service
from tests.factories import make_user
from tests.program.helpers import add_nights, span

NO = {k: False for k in screen.SCREEN_KEYS}
WINDOW_KEYS = {
    "window_min",
    "bedtime",
    "wake_time",
    "start",
    "based_on_nights",
    "mean_total_sleep_min",
    "mean_efficiency",
    "next_review",
    "history",
}


@pytest.fixture
def me(app, auth):  # type: ignore[no-untyped-def]
    person = make_user(email="sam@example.com", timezone="UTC")
    return person, auth.token()


def start_body(today, **kw):  # type: ignore[no-untyped-def]
    return {"wake_time": "06:30", "start": today.isoformat(), "screen": dict(NO), **kw}


def test_needs_a_token(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/api/v1/sleep-window").status_code == 401
    assert client.post("/api/v1/sleep-window", json={}).status_code == 401
    assert client.post("/api/v1/sleep-window/review").status_code == 401


def test_no_window_is_404(client, me) -> None:  # type: ignore[no-untyped-def]
    _, headers = me
    resp = client.get("/api/v1/sleep-window", headers=headers)
    assert resp.status_code == 404
    assert resp.get_json()["error"] == "not_found"
    assert (
        client.post("/api/v1/sleep-window/review", json={"sleepy": False}, headers=headers).status_code == 404
    )


def test_start_get_and_review(client, me) -> None:  # type: ignore[no-untyped-def]
    person, headers = me
    today = today_for(person)
    start = today - timedelta(days=7)
    add_nights(person, span(start - timedelta(days=6), 7), tst=352, tib=420)
    resp = client.post("/api/v1/sleep-window", json=start_body(start), headers=headers)
    assert resp.status_code == 201, resp.get_json()
    body = resp.get_json()
    assert set(body) >= WINDOW_KEYS
    assert body["window_min"] == 345 and body["bedtime"] == "00:45" and body["wake_time"] == "06:30"
    assert body["start"] == start.isoformat() and body["based_on_nights"] == 7
    assert body["mean_total_sleep_min"] == 352.0 and body["mean_efficiency"] == 83.8
    assert body["next_review"] == today.isoformat() and body["review_due"] is True
    assert body["change"]["outcome"] == "start"
    assert client.get("/api/v1/sleep-window", headers=headers).get_json() == body

    add_nights(person, span(start + timedelta(days=1), 6), tst=340, tib=400)  # 85%: unchanged
    resp = client.post("/api/v1/sleep-window/review", json={"sleepy": False}, headers=headers)
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["window_min"] == 345 and body["start"] == today.isoformat()
    assert body["based_on_nights"] == 6 and body["mean_efficiency"] == 85.0
    assert body["change"]["outcome"] == "unchanged" and body["change"]["change_min"] == 0
    assert [h["window_min"] for h in body["history"]] == [345, 345]
    resp = client.post("/api/v1/sleep-window/review", json={"sleepy": False}, headers=headers)
    assert resp.status_code == 409 and resp.get_json()["error"] == "conflict"


@pytest.mark.parametrize("key", screen.SCREEN_KEYS)
def test_any_true_in_screen_is_422_screen(client, me, key) -> None:  # type: ignore[no-untyped-def]
    person, headers = me
    today = today_for(person)
    add_nights(person, span(today - timedelta(days=6), 7))
    body = start_body(today, screen={**NO, key: True})
    resp = client.post("/api/v1/sleep-window", json=body, headers=headers)
    assert resp.status_code == 422
    data = resp.get_json()
    assert data["error"] == "validation_failed" and key in data["fields"]["screen"]
    assert client.get("/api/v1/sleep-window", headers=headers).status_code == 404


@pytest.mark.parametrize(
    "screen",
    [None, "no", [], {k: v for k, v in NO.items() if k != "fall_risk"}, {**NO, "epilepsy": "false"}],
)
def test_incomplete_screen_is_422_screen(client, me, screen) -> None:  # type: ignore[no-untyped-def]
    person, headers = me
    today = today_for(person)
    add_nights(person, span(today - timedelta(days=6), 7))
    resp = client.post("/api/v1/sleep-window", json=start_body(today, screen=screen), headers=headers)
    assert resp.status_code == 422
    assert "screen" in resp.get_json()["fields"]


def test_too_few_nights_is_422_start(client, me) -> None:  # type: ignore[no-untyped-def]
    person, headers = me
    today = today_for(person)
    add_nights(person, span(today - timedelta(days=6), 4))
    resp = client.post("/api/v1/sleep-window", json=start_body(today), headers=headers)
    assert resp.status_code == 422
    assert "1 more night is missing" in resp.get_json()["fields"]["start"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"wake_time": "6:30 am"}, "wake_time"),
        ({"wake_time": 630}, "wake_time"),
        ({"start": "20/01/2024"}, "start"),
        ({"start": None}, "start"),
        ({"wake_time": "²²:00"}, "wake_time"),
        # "0٦:30" and "０６:３０" read as 06:30 now, as in the diary (sleepapp/clock.py)
        ({"wake_time": "06:30:15"}, "wake_time"),
        ({"wake_time": "6:30:00:00"}, "wake_time"),
        ({"wake_time": "99999999999999999999:00"}, "wake_time"),
        ({"wake_time": ["06:30"]}, "wake_time"),
        ({"start": "0001-01-01"}, "start"),
        ({"start": "0001-01-07"}, "start"),
        ({"start": "9999-12-31"}, "start"),
        ({"start": "0000-01-01"}, "start"),
        ({"start": "２０２４-01-01"}, "start"),
        ({"start": 99999999999999999999}, "start"),
        ({"start": {"year": 2024}}, "start"),
    ],
)
def test_bad_fields_are_422(client, me, change, field) -> None:  # type: ignore[no-untyped-def]
    person, headers = me
    today = today_for(person)
    add_nights(person, span(today - timedelta(days=6), 7))
    resp = client.post("/api/v1/sleep-window", json={**start_body(today), **change}, headers=headers)
    assert resp.status_code == 422
    fields = resp.get_json()["fields"]
    assert set(fields) == {field}
    assert "invalid literal" not in fields[field] and "out of range" not in fields[field]
    assert client.get("/api/v1/sleep-window", headers=headers).status_code == 404


def test_non_ascii_wake_time_gets_the_hh_mm_message(client, me) -> None:  # type: ignore[no-untyped-def]
    person, headers = me
    today = today_for(person)
    add_nights(person, span(today - timedelta(days=6), 7))
    resp = client.post("/api/v1/sleep-window", json=start_body(today, wake_time="²²:00"), headers=headers)
    assert resp.status_code == 422
    assert resp.get_json()["fields"] == {
        "wake_time": "Enter the wake time as HH:MM (24-hour), for example 06:30."
    }


def test_restart_on_a_reviewed_windows_start_is_201_and_keeps_history(client, me) -> None:  # type: ignore[no-untyped-def]
    person, headers = me
    today = today_for(person)
    add_nights(person, span(today - timedelta(days=16), 16), tst=465, tib=500)  # 93%
    resp = client.post("/api/v1/sleep-window", json=start_body(today - timedelta(days=8)), headers=headers)
    assert resp.status_code == 201 and resp.get_json()["window_min"] == 465
    resp = client.post("/api/v1/sleep-window/review", json={"sleepy": False}, headers=headers)
    assert resp.status_code == 200
    reviewed = resp.get_json()
    assert reviewed["window_min"] == 480 and reviewed["change"]["outcome"] == "increase"
    assert reviewed["start"] == (today - timedelta(days=1)).isoformat()

    body = start_body(today - timedelta(days=1), wake_time="05:00")
    resp = client.post("/api/v1/sleep-window", json=body, headers=headers)
    assert resp.status_code == 201, resp.get_json()
    restarted = resp.get_json()
    assert restarted["start"] == reviewed["start"] and restarted["wake_time"] == "05:00"
    assert restarted["change"]["outcome"] == "start"
    after = client.get("/api/v1/sleep-window", headers=headers).get_json()
    assert after == restarted  # the new start is the current window
    assert [(h["start"], h["outcome"], h["window_min"], h["wake_time"]) for h in after["history"]] == [
        ((today - timedelta(days=8)).isoformat(), "start", 465, "06:30"),
        (reviewed["start"], "increase", 480, "06:30"),  # the reviewed row is still there
        (reviewed["start"], "start", 465, "05:00"),
    ]
    # its week is not over yet, so no second review today
    resp = client.post("/api/v1/sleep-window/review", json={"sleepy": False}, headers=headers)
    assert (
        resp.status_code == 409
        and len(client.get("/api/v1/sleep-window", headers=headers).get_json()["history"]) == 3
    )


def test_not_json_is_400(client, me) -> None:  # type: ignore[no-untyped-def]
    _, headers = me
    resp = client.post("/api/v1/sleep-window", data="wake=06:30", headers=headers)
    assert resp.status_code == 400


def test_windows_are_isolated_between_people(client, me, auth) -> None:  # type: ignore[no-untyped-def]
    person, headers = me
    other = make_user(email="alex@example.com", timezone="UTC")
    other_headers = auth.token("alex@example.com")
    today = today_for(person)
    add_nights(person, span(today - timedelta(days=6), 7), tst=400, tib=450)
    assert client.post("/api/v1/sleep-window", json=start_body(today), headers=headers).status_code == 201
    # the other person sees no window, cannot review mine, and my diary does not count for them
    assert client.get("/api/v1/sleep-window", headers=other_headers).status_code == 404
    assert (
        client.post("/api/v1/sleep-window/review", json={"sleepy": False}, headers=other_headers).status_code
        == 404
    )
    resp = client.post("/api/v1/sleep-window", json=start_body(today), headers=other_headers)
    assert resp.status_code == 422 and "you have 0" in resp.get_json()["fields"]["start"]
    db.session.expire_all()
    assert service.current_window(other) is None
    assert service.current_window(person) is not None


@pytest.mark.parametrize("sleepy", [True, "unsure"])
def test_review_with_sleepiness_never_narrows(client, me, sleepy) -> None:  # type: ignore[no-untyped-def]
    person, headers = me
    today = today_for(person)
    start = today - timedelta(days=7)
    add_nights(person, span(start - timedelta(days=6), 7), tst=352, tib=420)
    assert client.post("/api/v1/sleep-window", json=start_body(start), headers=headers).status_code == 201
    add_nights(person, span(start + timedelta(days=1), 7), tst=300, tib=420)  # 71%: would shrink
    resp = client.post("/api/v1/sleep-window/review", json={"sleepy": sleepy}, headers=headers)
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["window_min"] == 345 and body["change"]["outcome"] == "held_for_sleepiness"
    assert "doctor" in body["change"]["message"]


def test_review_with_no_sleepiness_follows_the_rules(client, me) -> None:  # type: ignore[no-untyped-def]
    person, headers = me
    today = today_for(person)
    start = today - timedelta(days=7)
    add_nights(person, span(start - timedelta(days=6), 7), tst=352, tib=420)
    client.post("/api/v1/sleep-window", json=start_body(start), headers=headers)
    add_nights(person, span(start + timedelta(days=1), 7), tst=300, tib=420)
    body = client.post("/api/v1/sleep-window/review", json={"sleepy": False}, headers=headers).get_json()
    assert body["window_min"] == 330 and body["change"]["outcome"] == "decrease"


@pytest.mark.parametrize("body", [None, {}, {"sleepy": "yes"}, {"sleepy": 1}, {"sleepy": None}])
def test_review_asks_about_sleepiness(client, me, body) -> None:  # type: ignore[no-untyped-def]
    person, headers = me
    today = today_for(person)
    start = today - timedelta(days=7)
    add_nights(person, span(start - timedelta(days=6), 7), tst=352, tib=420)
    client.post("/api/v1/sleep-window", json=start_body(start), headers=headers)
    resp = client.post("/api/v1/sleep-window/review", json=body, headers=headers)
    assert resp.status_code == 422 and "sleepy" in resp.get_json()["fields"]
    assert client.get("/api/v1/sleep-window", headers=headers).get_json()["change"]["outcome"] == "start"


@pytest.mark.parametrize(
    "key", ["daytime_sleepiness", "low_mood_or_self_harm", "under_18", "rotating_or_night_shifts"]
)
@pytest.mark.parametrize("answer", [True, "unsure"])
def test_new_screen_keys_refuse_with_yes_or_unsure(client, me, key, answer) -> None:  # type: ignore[no-untyped-def]
    person, headers = me
    today = today_for(person)
    add_nights(person, span(today - timedelta(days=6), 7))
    body = start_body(today)
    body["screen"] = {**body["screen"], key: answer}
    resp = client.post("/api/v1/sleep-window", json=body, headers=headers)
    assert resp.status_code == 422 and "screen" in resp.get_json()["fields"]
