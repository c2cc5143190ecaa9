"""POST /diary/sync: a night kept offline, sent once the connection returns (docs/design.md
§10.3): saved once however often it is sent, never over a night saved elsewhere without a
question, only for the logged-in person, and every refusal answered in JSON."""

from __future__ import annotations

import pytest

from sleepapp.diary import service
from sleepapp.diary.models import DiaryEntry
from sleepapp.extensions import db
from tests.diary.helpers import make_entry, night
from tests.factories import make_user

DAY = "2026-06-02"


def sync(client, *, csrf: bool = True, **body):
    payload = {"date": DAY, "answers": {k: str(v) for k, v in night().items()}, "version": None, **body}
    headers = {"X-CSRFToken": client.csrf_token()} if csrf else {}
    return client.post("/diary/sync", json=payload, headers=headers)


def entries(user) -> list[DiaryEntry]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(DiaryEntry).where(DiaryEntry.user_id == user.id)))


def test_a_new_night_is_saved_and_sending_it_again_changes_nothing(client, user):
    first = sync(client)
    assert first.status_code == 201
    assert first.get_json() == {
        "status": "created",
        "date": DAY,
        "night": first.get_json()["night"],
        "url": f"/diary/{DAY}",
    }
    again = sync(client)  # the reply was lost and the page sends it once more
    assert again.status_code == 200 and again.get_json()["status"] == "unchanged"
    saved = entries(user)
    assert len(saved) == 1 and saved[0].in_bed.isoformat(timespec="minutes") == "23:00"


def test_a_night_saved_elsewhere_meanwhile_is_a_conflict_not_overwritten(client, user):
    make_entry(user, DAY, in_bed="22:00", quality=5)
    resp = sync(client)
    assert resp.status_code == 409
    body = resp.get_json()
    assert body["error"] == "conflict" and "saved somewhere else" in body["message"]
    assert body["saved"]["in_bed"] == "22:00" and body["saved"]["quality"] == 5
    assert body["version"] == service.version_of(entries(user)[0])
    assert entries(user)[0].quality == 5  # untouched

    # "Replace it with mine": sent again with the version the question showed.
    replaced = sync(client, version=body["version"])
    assert replaced.status_code == 200 and replaced.get_json()["status"] == "replaced"
    assert [e.quality for e in entries(user)] == [3]


def test_replacing_fails_when_the_night_changed_again_after_the_question(client, user):
    make_entry(user, DAY, quality=5)
    version = sync(client).get_json()["version"]
    make_entry(user, DAY, quality=1)  # saved again elsewhere after the question was asked
    resp = sync(client, version=version)
    assert resp.status_code == 409 and resp.get_json()["saved"]["quality"] == 1
    assert [e.quality for e in entries(user)] == [1]


def test_an_offline_edit_of_a_night_deleted_elsewhere_asks(client, user):
    entry = make_entry(user, DAY)
    version = service.version_of(entry)
    service.delete_entry(user, entry.date)
    resp = sync(client, version=version, answers={**night(quality=4), "quality": "4"})
    assert resp.status_code == 409
    assert resp.get_json()["saved"] is None and "deleted" in resp.get_json()["message"]
    assert entries(user) == []


def test_an_offline_edit_saves_when_nothing_changed_since(client, user):
    version = service.version_of(make_entry(user, DAY))
    resp = sync(client, version=version, answers={k: str(v) for k, v in night(quality=1).items()})
    assert resp.status_code == 200 and resp.get_json()["status"] == "replaced"
    assert [e.quality for e in entries(user)] == [1]


def test_a_likely_slip_is_asked_about_and_saved_when_confirmed(client, user):
    slip = {k: str(v) for k, v in night(in_bed="11:00", tried_to_sleep="11:15").items()}
    resp = sync(client, answers=slip)
    assert resp.status_code == 422
    body = resp.get_json()
    assert body["error"] == "likely_slip" and body["warnings"][0]["field"] in {"in_bed", "tried_to_sleep"}
    assert entries(user) == []
    assert sync(client, answers=slip, confirmed=True).status_code == 201


def test_invalid_answers_come_back_field_by_field(client, user):
    resp = sync(client, answers={**night(), "quality": "9", "awakenings": ""})
    assert resp.status_code == 422
    body = resp.get_json()
    assert body["error"] == "validation_failed"
    assert set(body["fields"]) == {"quality", "awakenings"}


@pytest.mark.parametrize(
    "payload",
    [[], {"date": DAY}, {"date": DAY, "answers": "in bed at 11"}, {"date": DAY, "answers": {}, "version": 3}],
)
def test_malformed_bodies_are_a_400(client, user, payload):
    resp = client.post("/diary/sync", json=payload, headers={"X-CSRFToken": client.csrf_token()})
    assert resp.status_code == 400 and resp.get_json()["error"] == "bad_request"


def test_a_bad_date_is_a_422(client, user):
    resp = sync(client, date="yesterday")
    assert resp.status_code == 422 and "date" in resp.get_json()["fields"]


def test_needs_the_session_and_its_csrf_token(client, user):
    assert sync(client, csrf=False).status_code == 400
    assert entries(user) == []
    anon = client.application.test_client()
    resp = anon.post(
        "/diary/sync", json={"date": DAY, "answers": night()}, headers={"X-CSRFToken": anon.csrf_token()}
    )
    assert resp.status_code == 401 and resp.get_json()["error"] == "unauthorized"


def test_saves_only_into_the_logged_in_persons_diary(client, user):
    other = make_user(email="other@example.com")
    make_entry(other, DAY, quality=5)
    resp = sync(client)
    assert resp.status_code == 201  # Sam's morning was empty; the other diary is not looked at
    assert [e.quality for e in entries(other)] == [5]
    assert [e.quality for e in entries(user)] == [3]
