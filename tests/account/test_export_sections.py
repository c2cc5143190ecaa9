"""The reminders and share-links sections of the JSON export (docs/design.md §5.8): the
reminder settings go out and come back, checked as the settings page checks them; the
calendar feed, the browsers and the share links' secrets never leave; share links are
listed on import and never imported, and never refuse a file."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa

from sleepapp.account.portability import export_json
from sleepapp.extensions import db
from sleepapp.reminders import service as reminders
from sleepapp.reminders.models import CalendarFeed, PushSubscription
from sleepapp.reminders.rules import Kind
from sleepapp.share import service as share
from sleepapp.share.models import ShareLink, ShareOpen
from tests.account.test_import import _upload
from tests.factories import ENTRY_DEFAULTS, make_user

ENDPOINT = "https://push.example.com/send/very-private-endpoint-1234"
P256DH = "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM"
BROWSER_AUTH = "tBHItJI5svbpez7KI4CCXg"


def _filled(person) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Reminders chosen, a calendar feed on, a browser subscribed and a share link opened once;
    returns every secret that must never be exported."""
    reminders.save_settings(
        person,
        {Kind.LOG_DIARY: (True, 45), Kind.CAFFEINE: (True, 480), Kind.WORRY_TIME: (False, 19 * 60)},
    )
    feed_token = reminders.start_calendar_feed(person)
    db.session.add(PushSubscription(user_id=person.id, endpoint=ENDPOINT, p256dh=P256DH, auth=BROWSER_AUTH))
    new = share.create_link(person, 28, 10)
    db.session.add(ShareOpen(link_id=new.link.id, opened_at=datetime(2026, 4, 2, 9, 30, tzinfo=UTC)))
    db.session.commit()
    feed = reminders.calendar_feed(person)
    assert feed is not None
    return {
        "feed token": feed_token,
        "feed token hash": feed.token_hash,
        "link token": new.token,
        "link code": new.code,
        "link token hash": new.link.token_hash,
        "link code hash": new.link.code_hash,
        "push endpoint": ENDPOINT,
        "push key": P256DH,
        "push auth": BROWSER_AUTH,
    }


def _settings(person) -> dict[str, tuple[bool, int]]:  # type: ignore[no-untyped-def]
    return {k.value: (s.enabled, s.minutes) for k, s in reminders.load_settings(person).items()}


def test_the_export_holds_the_settings_and_link_metadata_and_no_secret(client, auth):
    sam = make_user(email="sam@example.com")
    secrets = _filled(sam)
    kim = make_user(email="kim@example.com")
    share.create_link(kim, 14)  # another person's link is not in Sam's export
    resp = client.get("/api/v1/export", headers=auth.token())
    document = resp.get_json()
    settings = {s["kind"]: s for s in document["reminders"]["settings"]}
    assert list(settings) == [k.value for k in Kind]
    assert settings["log_diary"] == {"kind": "log_diary", "enabled": True, "minutes": 45}
    assert settings["caffeine"] == {"kind": "caffeine", "enabled": True, "minutes": 480}
    assert settings["worry_time"] == {"kind": "worry_time", "enabled": False, "minutes": 19 * 60}
    assert settings["bedtime"] == {"kind": "bedtime", "enabled": False, "minutes": 0}
    assert document["reminders"]["calendar_feed_on"] is True
    [link] = document["share_links"]
    assert set(link) == {"period_days", "created_at", "expires_at", "opened_at"}
    assert link["period_days"] == 28
    assert link["opened_at"] == ["2026-04-02T09:30:00+00:00"]
    made, ends = datetime.fromisoformat(link["created_at"]), datetime.fromisoformat(link["expires_at"])
    assert (ends - made).days == 10
    text = resp.get_data(as_text=True)
    for name, secret in secrets.items():
        assert secret not in text, name
    for word in ("endpoint", "p256dh", "token", "code_hash", "attempts"):
        assert word not in text


def test_reminder_settings_come_back_in_a_fresh_account(client, auth):
    sam = make_user(email="sam@example.com")
    _filled(sam)
    sam_before = _settings(sam)
    document = client.get("/api/v1/export", headers=auth.token()).get_json()
    kim = make_user(email="kim@example.com")
    headers = auth.token(email="kim@example.com")

    plan = client.post("/api/v1/import/preview", json=document, headers=headers).get_json()
    assert plan["can_import"] is True
    by_item = {(c["section"], c["item"]): c for c in plan["changes"]}
    coffee = by_item[("reminders", "Last caffeine")]
    assert coffee["action"] == "replace"
    assert (coffee["stored"], coffee["incoming"]) == (
        {"kind": "caffeine", "enabled": False, "minutes": 360},
        {"kind": "caffeine", "enabled": True, "minutes": 480},
    )
    assert by_item[("reminders", "Bedtime")]["action"] == "keep"
    feed = by_item[("reminders", "Calendar feed")]
    assert feed["action"] == "keep" and "Turn the feed on again" in feed["detail"]
    [link] = [c for c in plan["changes"] if c["section"] == "share_links"]
    assert link["action"] == "keep" and link["detail"].startswith("Not imported")
    assert link["item"].startswith("Link sharing 28 days, made ")

    result = client.post("/api/v1/import", json=document, headers=headers)
    assert result.status_code == 200, result.get_json()
    assert result.get_json()["sections"]["reminders"] == {"add": 0, "replace": 3, "keep": 5}
    assert result.get_json()["sections"]["share_links"] == {"add": 0, "replace": 0, "keep": 1}
    assert _settings(kim) == sam_before
    # Nothing secret or browser-bound came across; Sam's own record is as it was.
    assert reminders.calendar_feed(kim) is None
    assert reminders.subscriptions(kim) == [] and len(reminders.subscriptions(sam)) == 1
    assert share.list_links(kim) == [] and len(share.list_links(sam)) == 1
    assert _settings(sam) == sam_before
    again = client.get("/api/v1/export", headers=headers).get_json()
    assert again["reminders"] == {**document["reminders"], "calendar_feed_on": False}
    assert again["share_links"] == []


def test_importing_ones_own_reminders_changes_nothing(client, auth):
    sam = make_user(email="sam@example.com")
    _filled(sam)
    headers = auth.token()
    document = client.get("/api/v1/export", headers=headers).get_json()
    plan = client.post("/api/v1/import/preview", json=document, headers=headers).get_json()
    assert plan["counts"]["add"] == plan["counts"]["replace"] == plan["counts"]["refuse"] == 0


def test_a_kind_without_minutes_keeps_the_accounts(client, auth):
    sam = make_user(email="sam@example.com")
    reminders.save_settings(sam, {Kind.WIND_DOWN: (False, 45)})
    document = {
        "format": "sleepapp-export",
        "version": 1,
        "reminders": {"settings": [{"kind": "wind_down", "enabled": True}]},
    }
    assert client.post("/api/v1/import", json=document, headers=auth.token()).status_code == 200
    assert _settings(sam)["wind_down"] == (True, 45)


def _with(document: dict, **setting: Any) -> dict:  # type: ignore[type-arg]
    copy = json.loads(json.dumps(document))
    copy["reminders"]["settings"][0].update(setting)
    return copy


BASE = {
    "format": "sleepapp-export",
    "version": 1,
    "entries": [],
    "reminders": {
        "settings": [
            {"kind": "log_diary", "enabled": True, "minutes": 30},
            {"kind": "caffeine", "enabled": True, "minutes": 300},
        ],
        "calendar_feed_on": False,
    },
}


@pytest.mark.parametrize(
    ("document", "field"),
    [
        (_with(BASE, kind="nap_time"), "reminders #1: kind"),
        (_with(BASE, enabled="yes"), "reminders #1: enabled"),
        (_with(BASE, minutes=241), "reminders #1: minutes"),  # log_diary: 0 to 240, as the page
        (_with(BASE, minutes=-1), "reminders #1: minutes"),
        (_with(BASE, minutes="30"), "reminders #1: minutes"),
        (_with(BASE, minutes=True), "reminders #1: minutes"),
        (_with(BASE, kind="bedtime", minutes=15), "reminders #1: minutes"),  # bedtime has none
        (_with(BASE, kind="caffeine", minutes=300), "reminders #2: kind"),  # twice in the file
        (_with(BASE, colour="blue"), "reminders #1: colour"),
        ({**BASE, "reminders": {**BASE["reminders"], "settings": "all"}}, "reminders: settings"),
        (
            {**BASE, "reminders": {**BASE["reminders"], "calendar_feed_on": "yes"}},
            "reminders: calendar_feed_on",
        ),
        ({**BASE, "reminders": {**BASE["reminders"], "feed_token": "x"}}, "reminders: feed_token"),
        ({**BASE, "reminders": [1, 2]}, "reminders"),
    ],
)
def test_a_refused_reminder_stops_the_whole_import(client, auth, document, field):
    sam = make_user(email="sam@example.com")
    headers = auth.token()
    before = _settings(sam)
    document = {**document, "entries": [{"date": "2026-03-02", **ENTRY_DEFAULTS}]}
    plan = client.post("/api/v1/import/preview", json=document, headers=headers).get_json()
    assert plan["can_import"] is False and plan["counts"]["refuse"] == 1
    resp = client.post("/api/v1/import", json=document, headers=headers)
    assert resp.status_code == 422
    assert field in resp.get_json()["fields"], resp.get_json()["fields"]
    assert _settings(sam) == before
    assert client.get("/api/v1/export", headers=headers).get_json()["entries"] == []


@pytest.mark.parametrize(
    "links",
    [
        [{"period_days": 28, "created_at": "2026-04-01T08:00:00+00:00", "token_hash": "0" * 64}],
        [{"period_days": "a lot"}, "nonsense", None],
        {"not": "a list"},
        "nonsense",
    ],
)
def test_share_links_are_listed_never_imported_and_never_refuse_the_file(client, auth, links):
    sam = make_user(email="sam@example.com")
    headers = auth.token()
    document = {"format": "sleepapp-export", "version": 1, "share_links": links}
    plan = client.post("/api/v1/import/preview", json=document, headers=headers).get_json()
    assert plan["can_import"] is True
    changes = plan["changes"]
    assert len(changes) == (len(links) if isinstance(links, list) else 1)
    assert {c["action"] for c in changes} == {"keep"}
    assert all(c["detail"].startswith("Not imported") for c in changes)
    assert client.post("/api/v1/import", json=document, headers=headers).status_code == 200
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ShareLink)) == 0
    assert share.list_links(sam) == []


def test_a_feed_that_was_on_is_not_turned_on_by_an_import(client, auth):
    sam = make_user(email="sam@example.com")
    document = {"format": "sleepapp-export", "version": 1, "reminders": {"calendar_feed_on": True}}
    headers = auth.token()
    plan = client.post("/api/v1/import/preview", json=document, headers=headers).get_json()
    assert [(c["item"], c["action"]) for c in plan["changes"]] == [("Calendar feed", "keep")]
    assert client.post("/api/v1/import", json=document, headers=headers).status_code == 200
    assert reminders.calendar_feed(sam) is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CalendarFeed)) == 0


def test_the_import_page_shows_the_reminders_and_why_links_stay_out(client, user):
    kim = make_user(email="kim@example.com")
    _filled(kim)
    raw = json.dumps(export_json(kim)).encode()
    page = _upload(client, raw).get_data(as_text=True)
    reminders_part = page.split('id="import-reminders"')[1].split("</section>")[0]
    assert "Last caffeine" in reminders_part
    assert "<td><bdi>no</bdi></td><td><bdi>yes</bdi></td>" in reminders_part  # off, then on
    assert "<td><bdi>360</bdi></td><td><bdi>480</bdi></td>" in reminders_part
    assert "Calendar feed" in reminders_part and "Turn the feed on again" in reminders_part
    links_part = page.split('id="import-share_links"')[1].split("</section>")[0]
    assert "Share links" in links_part and "Not imported: a share link works only" in links_part
