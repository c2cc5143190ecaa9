"""The share-link API (docs/design.md §5.3, §8.8): the same links the report page makes."""

from __future__ import annotations

from datetime import timedelta

from sleepapp.auth.tokens import issue_token
from sleepapp.diary.service import today_for
from tests.factories import make_entry, make_user
from tests.share.helpers import REPORT, clinician, open_with_code


def _bearer(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    secret, _ = issue_token(user, "shares")
    return {"Authorization": f"Bearer {secret}"}


def test_a_link_made_through_the_api_opens_with_its_code_and_lists_its_openings(app, client):
    user = make_user()
    make_entry(user, today_for(user) - timedelta(days=1))
    auth = _bearer(user)
    made = client.post("/api/v1/shares", json={"days": 28, "valid_days": 3}, headers=auth)
    assert made.status_code == 201
    body = made.get_json()
    assert body["url"].startswith("http://localhost/s/")
    token = body["url"].rsplit("/", 1)[1]
    assert REPORT in open_with_code(clinician(app), token, body["code"]).get_data(as_text=True)
    [listed] = client.get("/api/v1/shares", headers=auth).get_json()
    assert listed["id"] == body["id"] and len(listed["opened"]) == 1
    assert listed["period_end"] == today_for(user).isoformat()
    assert "code" not in listed and "url" not in listed  # shown once, never again


def test_ending_a_link_through_the_api_closes_it_and_others_cannot(app, client):
    owner, other = make_user(), make_user()
    made = client.post("/api/v1/shares", json={"days": 14}, headers=_bearer(owner)).get_json()
    token = made["url"].rsplit("/", 1)[1]
    assert client.delete(f"/api/v1/shares/{made['id']}", headers=_bearer(other)).status_code == 404
    assert clinician(app).get(f"/s/{token}").status_code == 200  # still works
    assert client.delete(f"/api/v1/shares/{made['id']}", headers=_bearer(owner)).status_code == 204
    assert clinician(app).get(f"/s/{token}").status_code == 404
    assert client.get("/api/v1/shares", headers=_bearer(owner)).get_json() == []
