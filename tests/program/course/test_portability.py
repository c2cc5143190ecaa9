"""Worries and thought records travel in the JSON export and come back with the import:
a round trip into another account, a second import keeping what is there, and a bad item
refusing the whole import with a reason (docs/design.md §5.8)."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sleepapp.diary.service import today_for
from sleepapp.program.tools import service as tools
from tests.factories import make_user


def _export(client, headers) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    resp = client.get("/api/v1/export", headers=headers)
    assert resp.status_code == 200
    return resp.get_json()  # type: ignore[no-any-return]


def test_round_trip_into_another_account(client, auth) -> None:  # type: ignore[no-untyped-def]
    sam = make_user(email="sam@example.com")
    today = today_for(sam)
    tools.add_worry(sam, {"worry": "The boiler", "next_step": "Call the plumber"}, today)
    tools.add_worry(sam, {"worry": "The election", "not_mine": True}, today)
    tools.add_thought(
        sam,
        {"thought": "I must get 8 hours", "belief_before": 90, "evidence": "Fine on 6", "belief_after": 40},
        today,
    )
    document = _export(client, auth.token())
    assert [w["worry"] for w in document["worries"]] == ["The boiler", "The election"]
    assert document["thought_records"][0]["belief_after"] == 40
    assert "id" not in document["worries"][0]

    make_user(email="alex@example.com")
    alex = auth.token("alex@example.com")
    plan = client.post("/api/v1/import/preview", json=document, headers=alex).get_json()
    ours = [c for c in plan["changes"] if c["section"] in ("worries", "thought_records")]
    assert [c["action"] for c in ours] == ["add", "add", "add"]
    assert client.post("/api/v1/import", json=document, headers=alex).status_code == 200
    again = _export(client, alex)
    assert again["worries"] == document["worries"]
    assert again["thought_records"] == document["thought_records"]

    plan = client.post("/api/v1/import/preview", json=document, headers=alex).get_json()
    assert {c["action"] for c in plan["changes"] if c["section"] == "worries"} == {"keep"}


def test_a_bad_item_refuses_the_import(client, auth) -> None:  # type: ignore[no-untyped-def]
    make_user(email="sam@example.com")
    headers = auth.token()
    document = {
        "format": "sleepapp-export",
        "version": 1,
        "thought_records": [{"date": "2026-03-01", "thought": "x", "belief_before": 101}],
        "worries": [{"date": "2026-03-01", "worry": "y", "not_mine": True}],
    }
    resp = client.post("/api/v1/import", json=document, headers=headers)
    assert resp.status_code == 422
    assert "thought_records #1: belief_before" in resp.get_json()["fields"]
    assert _export(client, headers)["worries"] == []


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
_NAMES = st.sampled_from(
    ["date", "worry", "next_step", "not_mine", "thought", "belief_before", "belief_after"]
)


@settings(max_examples=80, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(section=st.sampled_from(["worries", "thought_records"]), name=_NAMES, value=_JSON, whole=st.booleans())
def test_no_item_makes_the_import_fail_badly(app, section, name, value, whole) -> None:  # type: ignore[no-untyped-def]
    """Property: whatever stands in for a section or a field, the import is refused with
    reasons or made; never an unexpected error."""
    from sleepapp.account.portability import Upload, apply_plan, plan_import
    from sleepapp.errors import ValidationFailed

    item: dict[str, Any] = (
        {"date": "2026-03-01", "worry": "w", "not_mine": True}
        if section == "worries"
        else {"date": "2026-03-01", "thought": "t", "belief_before": 50}
    )
    document: dict[str, Any] = {"format": "sleepapp-export", "version": 1}
    if whole:
        document[section] = value
    else:
        item[name] = value
        document[section] = [item]
    person = make_user()
    try:
        apply_plan(person, plan_import(person, Upload("json", document=document)))
    except ValidationFailed as exc:
        assert exc.fields and all(isinstance(m, str) and m for m in exc.fields.values())
