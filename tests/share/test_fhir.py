"""The FHIR R4 export (docs/design.md §5.7): every resource validates, the sleep durations
and periods equal the diary's own metrics, and nothing in it names the person."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.codesystem import CodeSystem
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient
from pydantic import ValidationError

from sleepapp.diary import metrics
from sleepapp.diary.service import entries_between, entry_data, today_for
from sleepapp.share import fhir, service
from tests.factories import make_entry, make_user
from tests.share.helpers import clinician, link_for, open_with_code

MODELS = {"Bundle": Bundle, "Patient": Patient, "Observation": Observation, "CodeSystem": CodeSystem}


def _resources(bundle: dict, kind: str) -> list[dict]:  # type: ignore[type-arg]
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def _component(observation: dict, code: str) -> dict:  # type: ignore[type-arg]
    [found] = [c for c in observation["component"] if c["code"]["coding"][0]["code"] == code]
    return found


@pytest.fixture
def person(app):  # type: ignore[no-untyped-def]
    user = make_user(email="sam.private@example.com", timezone="Europe/London")
    # Ordinary nights, one across the clocks going back (Sun 25 Oct 2026 in London: the
    # night is an hour longer than its clock faces), one kept in another zone.
    make_entry(user, date(2026, 10, 20))
    make_entry(user, date(2026, 10, 25), in_bed="23:00", tried_to_sleep="23:30", final_wake="06:30")
    make_entry(user, date(2026, 11, 3), awakenings=3, awake_min=40, quality=5, medication="my own words")
    user.timezone = "America/New_York"
    make_entry(user, date(2026, 11, 10), in_bed="22:00", tried_to_sleep="22:10", final_wake="05:50")
    return user


def test_every_resource_validates_as_fhir(person):
    bundle = service.fhir_export(person)
    Bundle.model_validate(bundle)  # the whole
    for entry in bundle["entry"]:  # and each resource on its own
        resource = entry["resource"]
        MODELS[resource["resourceType"]].model_validate(resource)
        assert entry["fullUrl"] == f"urn:uuid:{resource['id']}"
    assert bundle["type"] == "collection"
    assert [e["resource"]["resourceType"] for e in bundle["entry"]] == [
        "CodeSystem",
        "Patient",
        *["Observation"] * 4,
    ]


def test_validation_refuses_a_broken_bundle(person):
    bundle = service.fhir_export(person)
    del _resources(bundle, "Observation")[0]["status"]
    with pytest.raises(ValidationError):
        fhir.validate(bundle)


def test_sleep_durations_and_periods_are_the_diarys_metrics(person):
    bundle = service.fhir_export(person)
    observations = _resources(bundle, "Observation")
    entries = entries_between(person, None, None)
    assert len(observations) == len(entries) == 4
    for obs, entry in zip(observations, entries, strict=True):
        zone = ZoneInfo(entry.timezone)
        recomputed = metrics.entry_metrics(entry_data(entry), zone)
        assert obs["code"]["coding"] == [
            {"system": "http://loinc.org", "code": "93832-4", "display": "Sleep duration"}
        ]
        assert obs["valueQuantity"] == {
            "value": recomputed.total_sleep_min,
            "unit": "min",
            "system": "http://unitsofmeasure.org",
            "code": "min",
        }
        assert obs["valueQuantity"]["value"] == entry.total_sleep_min
        assert _component(obs, "time-in-bed")["valueQuantity"]["value"] == recomputed.time_in_bed_min
        assert _component(obs, "sleep-onset-latency")["valueQuantity"]["value"] == entry.sleep_latency_min
        assert _component(obs, "wake-after-sleep-onset")["valueQuantity"]["value"] == entry.awake_min
        assert _component(obs, "awakenings")["valueInteger"] == entry.awakenings
        assert _component(obs, "sleep-efficiency")["valueQuantity"] == {
            "value": recomputed.sleep_efficiency,
            "unit": "%",
            "system": "http://unitsofmeasure.org",
            "code": "%",
        }
        assert _component(obs, "sleep-quality")["valueInteger"] == entry.quality
        # From trying to sleep to the final awakening: TST + time to fall asleep + awake.
        start = datetime.fromisoformat(obs["effectivePeriod"]["start"])
        end = datetime.fromisoformat(obs["effectivePeriod"]["end"])
        minutes = (end - start).total_seconds() / 60
        assert minutes == entry.total_sleep_min + entry.sleep_latency_min + entry.awake_min
        # Written with the offset of the zone the night was kept in.
        assert start.utcoffset() == start.astimezone(zone).utcoffset()
        assert end.time().strftime("%H:%M") == entry.final_wake.strftime("%H:%M")
        assert start.time().strftime("%H:%M") == entry.tried_to_sleep.strftime("%H:%M")


def test_offsets_follow_the_clock_change_and_the_zone(person):
    by_day = {
        o["code"]["text"][-10:]: o["effectivePeriod"]
        for o in _resources(service.fhir_export(person), "Observation")
    }
    assert by_day["2026-10-25"] == {"start": "2026-10-24T23:30:00+01:00", "end": "2026-10-25T06:30:00+00:00"}
    assert by_day["2026-11-10"] == {"start": "2026-11-09T22:10:00-05:00", "end": "2026-11-10T05:50:00-05:00"}


def test_the_person_is_a_patient_without_name_or_email(person):
    bundle = service.fhir_export(person)
    text = json.dumps(bundle)
    assert "sam.private" not in text and "example.com" not in text and "@" not in text
    [patient] = _resources(bundle, "Patient")
    assert set(patient) == {"resourceType", "id", "active"}
    for obs in _resources(bundle, "Observation"):
        assert obs["subject"] == {"reference": f"urn:uuid:{patient['id']}"}
        assert obs["performer"] == [obs["subject"]]  # reported by the person themselves
        assert obs["category"][0]["coding"][0]["code"] == "activity"
    # Medication notes and comments stay in the report, not in this export.
    assert "my own words" not in text


def test_ids_are_stable_and_the_patient_is_a_pseudonym_per_person(app, person):
    first, second = service.fhir_export(person), service.fhir_export(person)
    assert [e["fullUrl"] for e in first["entry"]] == [e["fullUrl"] for e in second["entry"]]
    other = make_user(email="alex@example.com")
    make_entry(other, date(2026, 10, 20))
    theirs = service.fhir_export(other)
    assert _resources(theirs, "Patient")[0]["id"] != _resources(first, "Patient")[0]["id"]
    assert len(_resources(theirs, "Observation")) == 1  # only their own night
    assert _resources(theirs, "Observation")[0]["id"] != _resources(first, "Observation")[0]["id"]


def test_the_code_system_defines_every_code_used(person):
    bundle = service.fhir_export(person)
    [system] = _resources(bundle, "CodeSystem")
    defined = {c["code"] for c in system["concept"]}
    used = {
        c["code"]["coding"][0]["code"]
        for o in _resources(bundle, "Observation")
        for c in o["component"]
        if c["code"]["coding"][0]["system"] == system["url"]
    }
    assert used == defined


def test_the_builder_needs_aware_times():
    night = fhir.Night(
        date(2026, 3, 2),
        datetime(2026, 3, 1, 23, 0),
        datetime(2026, 3, 2, 7, 0, tzinfo=UTC),
        datetime(2026, 3, 2, 8, 0, tzinfo=UTC),
        400,
        480,
        20,
        15,
        1,
        83.3,
        3,
    )
    with pytest.raises(ValueError, match="aware"):
        fhir.bundle("x", [night], datetime.now(UTC))


# ---------------------------------------------------------------- where it is offered


def test_the_account_page_offers_the_download(client, person):
    client.post("/login", data={"email": "sam.private@example.com", "password": person.test_password})
    assert 'href="/account/export.fhir.json"' in client.get("/account").get_data(as_text=True)
    resp = client.get("/account/export.fhir.json")
    assert resp.status_code == 200
    assert resp.mimetype == "application/fhir+json"
    assert resp.headers["Content-Disposition"] == 'attachment; filename="sleep-diary.fhir.json"'
    assert len(_resources(json.loads(resp.get_data()), "Observation")) == 4


def test_the_download_needs_a_login(client):
    assert client.get("/account/export.fhir.json").status_code == 302


def test_the_api_export_takes_a_period(client, auth, person):
    headers = auth.token("sam.private@example.com", person.test_password)
    whole = client.get("/api/v1/export.fhir.json", headers=headers)
    assert whole.status_code == 200 and len(_resources(whole.get_json(), "Observation")) == 4
    part = client.get("/api/v1/export.fhir.json?from=2026-10-21&to=2026-11-05", headers=headers).get_json()
    assert [o["code"]["text"][-10:] for o in _resources(part, "Observation")] == ["2026-10-25", "2026-11-03"]
    assert client.get("/api/v1/export.fhir.json").status_code == 401


def test_the_shared_page_offers_the_links_period_only(app):
    user = make_user(email="sam@example.com")
    today = today_for(user)
    for back in (1, 5, 20):
        make_entry(user, today - timedelta(days=back))
    new = link_for(user, period_days=14)
    browser = clinician(app)
    assert browser.get(f"/s/{new.token}/fhir.json").status_code == 302  # the code first
    open_with_code(browser, new.token, new.code)
    resp = browser.get(f"/s/{new.token}/fhir.json")
    assert resp.status_code == 200 and resp.mimetype == "application/fhir+json"
    assert resp.headers["Cache-Control"] == "no-store" and resp.headers["X-Robots-Tag"] == "noindex, nofollow"
    bundle = json.loads(resp.get_data())
    Bundle.model_validate(bundle)
    days = sorted(o["code"]["text"][-10:] for o in _resources(bundle, "Observation"))
    assert days == [(today - timedelta(days=b)).isoformat() for b in (5, 1)]
