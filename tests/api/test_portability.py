import csv
import io
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sleepapp.account.portability import VERSION
from sleepapp.program.habits.catalogue import HABITS_BY_KEY
from tests.factories import make_entry, make_user


def test_export_json_and_csv_hold_only_own_entries(client, auth):
    sam = make_user(email="sam@example.com")
    kim = make_user(email="kim@example.com")
    make_entry(sam, "2026-03-02", medication='=HYPERLINK("x")')
    make_entry(sam, "2026-03-03")
    make_entry(kim, "2026-03-02")
    headers = auth.token()
    data = client.get("/api/v1/export", headers=headers).get_json()
    assert [e["date"] for e in data["entries"]] == ["2026-03-02", "2026-03-03"]
    # 23:15 to 06:45 is 450 minutes, less SOL (20) and WASO (15).
    assert data["entries"][0]["metrics"]["total_sleep_min"] == 450 - 20 - 15
    resp = client.get("/api/v1/export.csv", headers=headers)
    assert resp.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(resp.get_data(as_text=True))))
    assert len(rows) == 2
    assert rows[0]["medication"].startswith("'=")  # no formula runs in a spreadsheet


def test_csv_round_trip_into_another_account(client, auth):
    sam = make_user(email="sam@example.com")
    make_user(email="kim@example.com")
    make_entry(sam, "2026-03-02", medication="=my own words", comments="noisy, neighbours")
    make_entry(
        sam,
        "2026-03-29",
        in_bed="23:00",
        tried_to_sleep="23:00",
        final_wake="07:00",
        out_of_bed="07:00",
        awake_min=0,
        sleep_latency_min=0,
    )  # clocks go forward in London
    exported = client.get("/api/v1/export.csv", headers=auth.token()).get_data(as_text=True)
    kim = auth.token(email="kim@example.com")
    resp = client.post("/api/v1/import", data=exported, headers={**kim, "Content-Type": "text/csv"})
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json() == {"imported": 2, "created": 2, "replaced": 0}
    entries = client.get("/api/v1/export", headers=kim).get_json()["entries"]
    assert entries[0]["medication"] == "=my own words"
    assert entries[0]["comments"] == "noisy, neighbours"
    assert entries[1]["metrics"]["time_in_bed_min"] == 420
    again = client.post("/api/v1/import", data=exported, headers=kim)
    assert again.get_json() == {"imported": 2, "created": 0, "replaced": 2}


def test_import_is_all_or_nothing_with_line_numbers(client, auth):
    make_user(email="sam@example.com")
    headers = auth.token()
    body = (
        "date,in_bed,tried_to_sleep,sleep_latency_min,awakenings,awake_min,final_wake,out_of_bed,quality\n"
        "2026-03-02,23:00,23:15,20,1,15,06:45,07:00,3\n"
        "2026-03-03,23:00,23:15,600,1,15,06:45,07:00,3\n"
        "not-a-date,23:00,23:15,20,1,15,06:45,07:00,3\n"
    )
    resp = client.post("/api/v1/import", data=body, headers=headers)
    assert resp.status_code == 422
    fields = resp.get_json()["fields"]
    assert any(key.startswith("line 3:") for key in fields)
    assert "line 4: date" in fields
    assert client.get("/api/v1/export", headers=headers).get_json()["entries"] == []


def test_import_rejects_unknown_columns_and_empty_bodies(client, auth):
    make_user(email="sam@example.com")
    headers = auth.token()
    assert client.post("/api/v1/import", data="", headers=headers).status_code == 422
    resp = client.post("/api/v1/import", data="date,shoe_size\n2026-03-02,9\n", headers=headers)
    assert resp.status_code == 422 and "shoe_size" in resp.get_json()["fields"]["csv"]
    assert client.post("/api/v1/import", data=b"\xff\xfe\x00", headers=headers).status_code == 422


def test_import_survives_oversized_and_malformed_csv(client, auth):
    make_user(email="sam@example.com")
    headers = auth.token()
    huge = 'date,comments\n2026-03-01,"' + "a" * 140_000 + '"\n'
    resp = client.post("/api/v1/import", data=huge, headers=headers)
    assert resp.status_code == 422
    assert "could not be read as CSV" in resp.get_json()["fields"]["csv"]


def test_import_saves_nothing_when_a_save_fails_midway(client, auth, monkeypatch):
    from sleepapp.account import sections

    make_user(email="sam@example.com")
    headers = auth.token()
    real_save = sections.store_night
    calls = []

    def flaky_save(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real_save(*args, **kwargs)

    monkeypatch.setattr(sections, "store_night", flaky_save)
    body = (
        "date,in_bed,tried_to_sleep,sleep_latency_min,awakenings,awake_min,final_wake,out_of_bed,quality\n"
        "2026-03-02,23:00,23:15,20,1,15,06:45,07:00,3\n"
        "2026-03-03,23:00,23:15,20,1,15,06:45,07:00,3\n"
    )
    client.application.config["PROPAGATE_EXCEPTIONS"] = False
    assert client.post("/api/v1/import", data=body, headers=headers).status_code == 500
    monkeypatch.setattr(sections, "store_night", real_save)
    assert client.get("/api/v1/export", headers=headers).get_json()["entries"] == []


# ---------------------------------------------------------------- the whole record (JSON)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _fixture(version: int) -> dict:  # type: ignore[type-arg]
    return json.loads((FIXTURES / f"export-v{version}.json").read_text(encoding="utf-8"))


def _comparable(document: dict) -> dict:  # type: ignore[type-arg]
    """The export without what the server assigns: when it was made, and whose it is."""
    out = {k: v for k, v in document.items() if k != "exported_at"}
    out["account"] = {k: v for k, v in document["account"].items() if k != "email"}
    return out


def _whole_record(person) -> None:  # type: ignore[no-untyped-def]
    from sleepapp.extensions import db
    from sleepapp.program.habits.models import Habit, HabitTick
    from sleepapp.program.window.models import SleepWindow

    make_entry(person, "2026-03-02", comments="slept badly")
    habit = Habit(user_id=person.id, name="Walk at LUNCH", chosen_on=date(2026, 3, 1))
    db.session.add(habit)
    db.session.flush()
    db.session.add(HabitTick(user_id=person.id, habit_id=habit.id, day=date(2026, 3, 5)))
    db.session.add(
        SleepWindow(
            user_id=person.id,
            start=date(2026, 5, 1),
            window_min=420,
            wake_time="07:00",
            outcome="start",
            based_on_nights=7,
            mean_total_sleep_min=400.0,
            mean_efficiency=88.0,
        )
    )
    db.session.commit()


def test_export_holds_every_section_and_no_secret(client, auth):
    sam = make_user(email="sam@example.com")
    _whole_record(sam)
    headers = auth.token()
    resp = client.get("/api/v1/export", headers=headers)
    document = resp.get_json()
    assert set(document) == {
        "format",
        "version",
        "exported_at",
        "account",
        "entries",
        "habits",
        "sleep_windows",
        "course",
        "worries",
        "thought_records",
        "reminders",
        "share_links",
    }
    assert (document["format"], document["version"]) == ("sleepapp-export", VERSION)
    assert document["entries"][0]["timezone"] == "Europe/London"
    assert document["habits"][0]["ticks"] == ["2026-03-05"]
    assert document["sleep_windows"][0]["review_of"] is None
    text = resp.get_data(as_text=True)
    token = headers["Authorization"].removeprefix("Bearer ")
    for secret in (sam.password_hash, token, "password", "passkey", "token"):
        assert secret not in text


@pytest.mark.parametrize("version", [0, 1, 2])
def test_every_format_version_keeps_importing(client, auth, version):
    """One fixture file per format version: each must import into an empty account whatever
    the current version is, and come back out the same."""
    make_user(email="sam@example.com")
    headers = auth.token()
    document = _fixture(version)
    resp = client.post("/api/v1/import", json=document, headers=headers)
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["created"] == len(document["entries"])
    again = client.get("/api/v1/export", headers=headers).get_json()
    if version >= 1:
        # Sections added since the fixture was written come out at their defaults; the export
        # is written in today's version; share links are listed, never recreated (no secret).
        kept = set(document) - {"version", "share_links"}
        assert _comparable({k: v for k, v in again.items() if k in kept}) == _comparable(
            {k: v for k, v in document.items() if k in kept}
        )
        assert again["version"] == VERSION and again["share_links"] == []
    else:  # version 0: nights without their zone are read in the file's time zone
        assert [{k: v for k, v in e.items() if k != "timezone"} for e in again["entries"]] == document[
            "entries"
        ]
        assert {e["timezone"] for e in again["entries"]} == {document["account"]["timezone"]}
    # The night of 2026-03-29 (clocks forward in London) keeps its true length.
    assert again["entries"][1]["metrics"]["time_in_bed_min"] == 420


def test_a_night_keeps_the_zone_it_was_kept_in(client, auth):
    make_user(email="sam@example.com", timezone="Asia/Tokyo")
    headers = auth.token()
    client.post("/api/v1/import", json=_fixture(1), headers=headers)
    entries = client.get("/api/v1/export", headers=headers).get_json()["entries"]
    assert [e["timezone"] for e in entries] == ["Europe/London", "Europe/London", "America/New_York"]
    # The file's settings replace the account's (the preview says so first).
    assert client.get("/api/v1/me", headers=headers).get_json()["timezone"] == "Europe/London"


def test_import_into_an_account_with_data_merges(client, auth):
    sam = make_user(email="sam@example.com")
    _whole_record(sam)
    headers = auth.token()
    plan = client.post("/api/v1/import/preview", json=_fixture(1), headers=headers).get_json()
    by_item = {(c["section"], c["item"]): c for c in plan["changes"]}
    night = by_item[("entries", "2026-03-02")]
    assert night["action"] == "replace"
    assert night["stored"]["comments"] == "slept badly"
    assert night["incoming"]["comments"] == "noisy, neighbours\r\nsecond line"
    assert by_item[("entries", "2026-03-29")]["action"] == "add"
    walk = by_item[("habits", "Walk at lunch")]  # matched by name whatever the case
    assert walk["action"] == "replace" and "1 more ticked day" in walk["detail"]
    assert by_item[("habits", "No napping")]["action"] == "add"
    windows = [c for c in plan["changes"] if c["section"] == "sleep_windows"]
    assert {c["action"] for c in windows} == {"keep"} and "own sleep-window history" in windows[0]["detail"]
    assert plan["can_import"] is True
    assert client.get("/api/v1/export", headers=headers).get_json()["entries"][0]["comments"] == "slept badly"

    result = client.post("/api/v1/import", json=_fixture(1), headers=headers).get_json()
    assert (result["created"], result["replaced"]) == (2, 1)
    assert result["sections"]["habits"] == {"add": 2, "replace": 1, "keep": 0}
    after = client.get("/api/v1/export", headers=headers).get_json()
    walks = [h for h in after["habits"] if h["key"] is None]
    assert len(walks) == 1 and walks[0]["ticks"] == ["2026-03-03", "2026-03-05"]  # both kept
    assert [w["start"] for w in after["sleep_windows"]] == ["2026-05-01"]  # the account's own stays
    assert after["entries"][0]["comments"] == "noisy, neighbours\r\nsecond line"


def test_importing_ones_own_export_changes_nothing(client, auth):
    sam = make_user(email="sam@example.com")
    _whole_record(sam)
    headers = auth.token()
    before = client.get("/api/v1/export", headers=headers).get_json()
    plan = client.post("/api/v1/import/preview", json=before, headers=headers).get_json()
    assert plan["counts"] == {"add": 0, "replace": 0, "keep": len(plan["changes"]), "refuse": 0}
    assert client.post("/api/v1/import", json=before, headers=headers).status_code == 200
    assert _comparable(client.get("/api/v1/export", headers=headers).get_json()) == _comparable(before)


def _bad(document: dict, section: str, index: int, **changes) -> dict:  # type: ignore[type-arg,no-untyped-def]
    copy = json.loads(json.dumps(document))
    copy[section][index].update(changes)
    return copy


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: _bad(d, "entries", 0, in_bed="25:00"), "entries #1: in_bed"),
        (lambda d: _bad(d, "entries", 0, date="2999-01-01"), "entries #1: date"),
        (lambda d: _bad(d, "entries", 1, date="2026-03-02"), "entries #2: date"),
        (lambda d: _bad(d, "entries", 0, timezone="Mars/Base"), "entries #1: timezone"),
        (lambda d: _bad(d, "entries", 0, shoe_size=9), "entries #1: shoe_size"),
        (lambda d: _bad(d, "habits", 0, key="fly"), "habits #1: key"),
        (lambda d: _bad(d, "habits", 2, name="x" * 81), "habits #3: name"),
        (lambda d: _bad(d, "habits", 1, key=None, name="WALK at lunch"), "habits #3: name"),
        (lambda d: _bad(d, "habits", 0, ticks=["2999-01-01"]), "habits #1: ticks"),
        (lambda d: _bad(d, "habits", 0, archived_at="yesterday"), "habits #1: archived_at"),
        (lambda d: _bad(d, "sleep_windows", 0, window_min=60), "sleep_windows #0: window_min"),
        (lambda d: _bad(d, "sleep_windows", 1, review_of=1), "sleep_windows #1: review_of"),
        (lambda d: _bad(d, "sleep_windows", 1, start="2026-01-01"), "sleep_windows #1: start"),
        (lambda d: {**d, "account": {**d["account"], "timezone": "Nowhere"}}, "account: timezone"),
        (lambda d: {**d, "habits": {"not": "a list"}}, "habits"),
    ],
)
def test_a_refused_item_stops_the_whole_import(client, auth, change, field):
    make_user(email="sam@example.com")
    headers = auth.token()
    document = change(_fixture(1))
    plan = client.post("/api/v1/import/preview", json=document, headers=headers).get_json()
    assert plan["can_import"] is False and plan["counts"]["refuse"] == 1
    resp = client.post("/api/v1/import", json=document, headers=headers)
    assert resp.status_code == 422
    assert field in resp.get_json()["fields"], resp.get_json()["fields"]
    after = client.get("/api/v1/export", headers=headers).get_json()
    assert (after["entries"], after["habits"], after["sleep_windows"]) == ([], [], [])


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"format": "other-app", "version": 1}, "Not this app's export"),
        ({"format": "sleepapp-export", "version": VERSION + 1}, "newer than this server reads"),
        ({"format": "sleepapp-export", "version": True}, '"version" must be'),
        ({"format": "sleepapp-export", "version": 1, "moods": []}, "Unknown parts: moods"),
    ],
)
def test_a_file_that_is_not_our_export_is_refused(client, auth, body, message):
    make_user(email="sam@example.com")
    resp = client.post("/api/v1/import", json=body, headers=auth.token())
    assert resp.status_code == 422
    assert message in resp.get_json()["fields"]["json"]


def test_json_sent_as_text_is_read_as_json(client, auth):
    make_user(email="sam@example.com")
    headers = auth.token()
    body = json.dumps(_fixture(1)).encode()
    resp = client.post("/api/v1/import", data=body, headers={**headers, "Content-Type": "text/plain"})
    assert resp.status_code == 200 and resp.get_json()["created"] == 3
    resp = client.post("/api/v1/import", data=b'{"format": "sleepapp-export", ', headers=headers)
    assert resp.status_code == 422 and "not valid JSON" in resp.get_json()["fields"]["json"]


def test_another_persons_data_is_untouched(client, auth):
    sam = make_user(email="sam@example.com")
    kim = make_user(email="kim@example.com")
    _whole_record(kim)
    kim_headers = auth.token(email="kim@example.com")
    kim_before = client.get("/api/v1/export", headers=kim_headers).get_json()
    resp = client.post("/api/v1/import", json=_fixture(1), headers=auth.token())
    assert resp.status_code == 200
    assert _comparable(client.get("/api/v1/export", headers=kim_headers).get_json()) == _comparable(
        kim_before
    )
    from sleepapp.extensions import db
    from sleepapp.program.habits.models import Habit

    owners = {h.user_id for h in db.session.scalars(sa.select(Habit).where(Habit.name == "Walk at lunch"))}
    assert owners == {sam.id}  # kim's "Walk at LUNCH" is kim's alone, sam's is new


def test_limits_on_size_and_count(client, auth):
    make_user(email="sam@example.com")
    headers = auth.token()
    huge = b'{"format": "sleepapp-export", "version": 1, "entries": [' + b" " * (2 * 1024 * 1024) + b"]}"
    resp = client.post("/api/v1/import", data=huge, headers={**headers, "Content-Type": "application/json"})
    assert resp.status_code == 413 and resp.get_json()["error"] == "request_entity_too_large"
    many = {"format": "sleepapp-export", "version": 1, "entries": [{"date": "2026-03-02"}] * 5001}
    resp = client.post("/api/v1/import", json=many, headers=headers)
    assert resp.status_code == 422
    assert "At most 5000 nights" in resp.get_json()["fields"]["entries"]


# ---------------------------------------------------------------- round trip (property)

ZONES = ["Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "UTC"]
_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=30
)
_DAYS = st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 6, 30))


def _clock(minute: int) -> str:
    return f"{minute // 60 % 24:02d}:{minute % 60:02d}"


@st.composite
def _night(draw: st.DrawFn) -> dict[str, object]:
    out_of_bed = draw(st.integers(0, 24 * 60 - 1))
    in_bed_for = draw(st.integers(60, 14 * 60))
    lying = draw(st.integers(0, 60))
    lingering = draw(st.integers(0, 60))
    asleep_span = in_bed_for - lying - lingering
    latency = draw(st.integers(0, max(0, asleep_span // 3)))
    awake = draw(st.integers(0, max(0, asleep_span // 3)))
    night: dict[str, object] = {
        "in_bed": _clock(out_of_bed - in_bed_for),
        "tried_to_sleep": _clock(out_of_bed - in_bed_for + lying),
        "sleep_latency_min": latency,
        "awakenings": draw(st.integers(1, 5)) if awake else draw(st.integers(0, 3)),
        "awake_min": awake,
        "final_wake": _clock(out_of_bed - lingering),
        "out_of_bed": _clock(out_of_bed),
        "quality": draw(st.integers(1, 5)),
    }
    optional = {
        "rested": st.integers(1, 5),
        "naps": st.integers(0, 20),
        "caffeine_last": st.integers(0, 1439).map(_clock),
        "medication": _TEXT,
        "comments": _TEXT,
    }
    for name, strategy in optional.items():
        if draw(st.booleans()):
            night[name] = draw(strategy)
    return night


@st.composite
def _record(draw: st.DrawFn) -> dict[str, object]:
    days = draw(st.lists(_DAYS, max_size=6, unique=True))
    own = draw(
        st.lists(_TEXT.map(lambda t: " ".join(t.split())).filter(bool), max_size=3, unique_by=str.casefold)
    )
    habits = [
        {"key": k} for k in draw(st.lists(st.sampled_from(list(HABITS_BY_KEY)), max_size=3, unique=True))
    ]
    habits += [{"key": None, "name": name} for name in own]
    for habit in habits:
        habit["note"] = draw(st.none() | _TEXT.map(lambda t: " ".join(t.split()) or None))
        habit["chosen_on"] = draw(_DAYS)
        habit["archived_at"] = draw(
            st.none() | st.datetimes(datetime(2024, 1, 1), datetime(2026, 6, 30), timezones=st.just(UTC))
        )
        habit["ticks"] = draw(st.lists(_DAYS, max_size=5, unique=True))
    windows = []
    for number, start in enumerate(sorted(draw(st.lists(_DAYS, max_size=4)))):
        windows.append(
            {
                "start": start,
                "window_min": draw(st.integers(330, 540)),
                "wake_time": _clock(draw(st.integers(0, 1439))),
                "outcome": draw(st.sampled_from(["start", "increase", "decrease", "unchanged"])),
                "change_min": draw(st.sampled_from([-15, 0, 15])),
                "based_on_nights": draw(st.integers(0, 7)),
                "mean_total_sleep_min": draw(st.none() | st.floats(0, 900).map(lambda x: round(x, 1))),
                "mean_efficiency": draw(st.none() | st.floats(0, 100).map(lambda x: round(x, 1))),
                "review_of": number - 1 if number and draw(st.booleans()) else None,
            }
        )
    return {
        "zone": draw(st.sampled_from(ZONES)),
        "wake_time": draw(st.none() | st.integers(0, 1439).map(_clock)),
        "clock_hours": draw(st.sampled_from([12, 24])),
        "nights": [(day, draw(st.sampled_from(ZONES)), draw(_night())) for day in days],
        "habits": habits,
        "windows": windows,
    }


def _store(person, record) -> None:  # type: ignore[no-untyped-def]
    """Save a generated record with the models, as the app's pages would have left it."""
    from zoneinfo import ZoneInfo

    from sleepapp.account.sections import store_night
    from sleepapp.diary import metrics
    from sleepapp.extensions import db
    from sleepapp.program.habits.models import Habit, HabitTick
    from sleepapp.program.window.models import SleepWindow

    person.timezone, person.wake_time = record["zone"], record["wake_time"]
    if hasattr(person, "clock_hours"):
        person.clock_hours = record["clock_hours"]
    for day, zone, night in record["nights"]:
        try:
            data = metrics.clean_entry({**night, "date": day.isoformat()}, ZoneInfo(zone))
        except metrics.EntryInvalid:
            continue  # a clock change made this generated night impossible: leave it out
        store_night(person, None, data, zone)
    for fields in record["habits"]:
        habit = Habit(
            user_id=person.id,
            builtin_key=fields["key"],
            name=fields.get("name"),
            note=fields["note"],
            chosen_on=fields["chosen_on"],
            archived_at=fields["archived_at"],
        )
        db.session.add(habit)
        db.session.flush()
        db.session.add_all(HabitTick(user_id=person.id, habit_id=habit.id, day=d) for d in fields["ticks"])
    rows: list[SleepWindow] = []
    for window in record["windows"]:
        review_of = window["review_of"]
        row = SleepWindow(
            user_id=person.id,
            **{k: v for k, v in window.items() if k != "review_of"},
            reviewed_window_id=rows[review_of].id if review_of is not None else None,
        )
        db.session.add(row)
        db.session.flush()
        rows.append(row)
    db.session.commit()


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(record=_record())
def test_export_import_export_gives_the_same_document(app, record):
    """Property: for any record (settings, nights in several zones, built-in and own habits,
    archived or not, with ticks, a window history with reviews), export -> import into a
    fresh account -> export gives the same document apart from what the server assigns."""
    from sleepapp.account.portability import export_json, import_upload, read_upload

    source, target = make_user(), make_user()
    _store(source, record)
    first = export_json(source)
    result = import_upload(target, read_upload(json.dumps(first).encode()))
    assert result["created"] == len(first["entries"])
    assert _comparable(export_json(target)) == _comparable(first)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
_NAMES = st.sampled_from(
    [
        *("date", "in_bed", "quality", "timezone", "key", "name", "ticks", "archived_at", "start"),
        *("review_of", "window_min", "mean_efficiency", "wake_time", "clock_hours", "chosen_on", "note"),
    ]
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    section=st.sampled_from(["account", "entries", "habits", "sleep_windows"]),
    name=_NAMES | st.text(max_size=10),
    value=_JSON,
    whole=st.booleans(),
)
def test_no_document_makes_the_import_fail_badly(app, section, name, value, whole):
    """Property: whatever a file holds in place of a section or one of its fields, the import
    is refused with reasons (a 422) or it is made; never an unexpected error."""
    from sleepapp.account.portability import Upload, apply_plan, plan_import
    from sleepapp.errors import ValidationFailed

    document = _fixture(1)
    if whole:
        document[section] = value
    else:
        (document[section] if section == "account" else document[section][0])[name] = value
    person = make_user()
    try:
        apply_plan(person, plan_import(person, Upload("json", document=document)))
    except ValidationFailed as exc:
        assert exc.fields and all(isinstance(m, str) and m for m in exc.fields.values())
