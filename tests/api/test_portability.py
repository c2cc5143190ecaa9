import csv
import io

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
    from sleepapp.diary import service

    make_user(email="sam@example.com")
    headers = auth.token()
    real_save = service.save_entry
    calls = []

    def flaky_save(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real_save(*args, **kwargs)

    monkeypatch.setattr(service, "save_entry", flaky_save)
    body = (
        "date,in_bed,tried_to_sleep,sleep_latency_min,awakenings,awake_min,final_wake,out_of_bed,quality\n"
        "2026-03-02,23:00,23:15,20,1,15,06:45,07:00,3\n"
        "2026-03-03,23:00,23:15,20,1,15,06:45,07:00,3\n"
    )
    client.application.config["PROPAGATE_EXCEPTIONS"] = False
    assert client.post("/api/v1/import", data=body, headers=headers).status_code == 500
    monkeypatch.setattr(service, "save_entry", real_save)
    assert client.get("/api/v1/export", headers=headers).get_json()["entries"] == []
