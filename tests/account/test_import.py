"""The import page (docs/design.md §5.8): upload a CSV or the JSON export, a preview of what
would be added, replaced (both versions) or refused and why, then confirm; all or nothing."""

from __future__ import annotations

import html
import json
import random
import re
import string
from pathlib import Path

import pytest

from sleepapp.account.portability import export_json
from sleepapp.extensions import db
from tests.factories import make_entry

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "export-v1.json"
HIDDEN = re.compile(r'<input id="(payload|digest|filename)" name="\1" type="hidden" value="([^"]*)">')


def _upload(client, raw: bytes, name: str = "export.json"):  # type: ignore[no-untyped-def]
    """Post the file as a browser does. The body is encoded here: the test client would spool
    a large one to a temporary file that it never closes."""
    boundary = "----sleepapp-test-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n'.encode()
        + f"{client.csrf_token()}\r\n".encode(),
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'.encode()
        + b"Content-Type: application/octet-stream\r\n\r\n"
        + raw
        + b"\r\n",
        f"--{boundary}--\r\n".encode(),
    ]
    return client.post(
        "/account/import", data=b"".join(parts), content_type=f"multipart/form-data; boundary={boundary}"
    )


def _confirm_fields(page: str) -> dict[str, str]:
    fields = {name: html.unescape(value) for name, value in HIDDEN.findall(page)}
    assert set(fields) == {"payload", "digest", "filename"}, "the preview must carry the confirm fields"
    return fields


def _text(resp) -> str:  # type: ignore[no-untyped-def]
    return str(resp.get_data(as_text=True))


def test_the_account_page_links_to_the_import(client, user):
    page = _text(client.get("/account"))
    assert 'href="/account/import"' in page
    assert client.get("/account/import").status_code == 200


def test_the_import_needs_a_log_in(client):
    assert client.get("/account/import").status_code == 302


def test_preview_shows_both_versions_then_confirm_imports_everything(client, user):
    make_entry(user, "2026-03-02", comments="slept badly")
    resp = _upload(client, FIXTURE.read_bytes())
    assert resp.status_code == 200
    page = _text(resp)
    assert "Check the import" in page
    assert "To replace (1)" in page and "To add (2)" in page  # the nights
    assert "slept badly" in page and "noisy, neighbours" in page  # both versions of the night
    assert "Walk at lunch" in page and "Sleep windows" in page
    assert export_json(user)["habits"] == []  # nothing yet
    resp = client.post("/account/import/confirm", data=_confirm_fields(page))
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/account#data")
    assert "Imported: 2 new nights; 1 already in your diary" in _text(client.get("/account"))
    db.session.expire_all()
    after = export_json(user)
    assert after["entries"][0]["comments"] == "noisy, neighbours\r\nsecond line"
    assert len(after["habits"]) == 3 and len(after["sleep_windows"]) == 2


def test_a_csv_goes_the_same_way(client, user):
    make_entry(user, "2026-03-02")
    csv_text = client.get("/account/export.csv").get_data()
    make_entry(user, "2026-03-02", comments="changed since")
    page = _text(_upload(client, csv_text, "sleep-diary.csv"))
    assert "a CSV of diary nights" in page and "To replace (1)" in page and "changed since" in page
    assert client.post("/account/import/confirm", data=_confirm_fields(page)).status_code == 302
    db.session.expire_all()
    assert export_json(user)["entries"][0]["comments"] is None


@pytest.mark.parametrize(
    ("raw", "name", "message"),
    [
        (b"\xff\xfe\x00", "export.json", "not UTF-8 text"),
        (b"   ", "export.json", "The file is empty."),
        (b"[1, 2]", "export.json", "must hold one JSON object"),
        (b'{"format": "sleepapp-export", ', "export.json", "not valid JSON"),
        (b'{"format": "other", "version": 1}', "export.json", "Not this app&#39;s export"),
        (b"hello,world\n1,2\n", "nights.csv", "The first line must name the columns"),
        (b"date,shoe_size\n2026-03-02,9\n", "nights.csv", "Unknown columns: shoe_size"),
    ],
)
def test_a_file_that_cannot_be_read_gets_a_clear_message(client, user, raw, name, message):
    resp = _upload(client, raw, name)
    assert resp.status_code == 422
    page = _text(resp)
    assert message in page
    assert 'aria-invalid="true"' in page  # on the file field, linked from the summary


def test_no_file_chosen(client, user):
    resp = client.post("/account/import", data={}, content_type="multipart/form-data")
    assert resp.status_code == 422 and "Choose a file" in _text(resp)


def test_refused_items_are_listed_with_reasons_and_nothing_can_be_confirmed(client, user):
    document = json.loads(FIXTURE.read_text(encoding="utf-8"))
    document["entries"][0]["in_bed"] = "25:00"
    document["habits"][0]["ticks"] = ["2999-01-01"]
    resp = _upload(client, json.dumps(document).encode())
    assert resp.status_code == 200
    page = _text(resp)
    assert "Nothing can be imported until these are fixed" in page
    assert "Got into bed:" in page and "Ticked days:" in page
    assert "account/import/confirm" not in page


def test_confirm_stops_when_the_data_changed_since_the_preview(client, user):
    fields = _confirm_fields(_text(_upload(client, FIXTURE.read_bytes())))
    make_entry(user, "2026-03-29", comments="logged on the phone meanwhile")
    resp = client.post("/account/import/confirm", data=fields)
    assert resp.status_code == 409
    page = _text(resp)
    assert "Your data changed since the preview" in page and "logged on the phone meanwhile" in page
    db.session.expire_all()
    assert [e["date"] for e in export_json(user)["entries"]] == ["2026-03-29"]  # nothing imported
    assert client.post("/account/import/confirm", data=_confirm_fields(page)).status_code == 302


def test_a_damaged_confirm_imports_nothing(client, user):
    fields = _confirm_fields(_text(_upload(client, FIXTURE.read_bytes())))
    resp = client.post("/account/import/confirm", data={**fields, "payload": "not base64!"})
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/account/import")
    assert "damaged" in _text(client.get("/account/import"))
    assert export_json(user)["entries"] == []


def test_the_confirm_checks_csrf(client, user):
    fields = _confirm_fields(_text(_upload(client, FIXTURE.read_bytes())))
    resp = client.post("/account/import/confirm", data=fields, csrf=False)
    assert resp.status_code == 400
    assert export_json(user)["entries"] == []


def test_a_file_over_the_limit_gets_413_and_a_message(client, user):
    resp = _upload(client, b"{" + b" " * (2 * 1024 * 1024) + b"}")
    assert resp.status_code == 413
    assert "The file is larger than 2 MiB" in _text(resp)


def test_a_large_file_survives_the_confirm_step(client, user):
    """The confirm form carries the file back: more than the 500 kB a form field may
    normally hold, so the confirm view raises that limit for itself."""
    rng = random.Random(7)
    document = json.loads(FIXTURE.read_text(encoding="utf-8"))
    night = document["entries"][0]
    document["entries"] = [
        {
            **night,
            "date": f"2025-{1 + i // 28:02d}-{1 + i % 28:02d}",
            "comments": "".join(rng.choices(string.ascii_letters, k=1900)),
        }
        for i in range(336)
    ]
    fields = _confirm_fields(_text(_upload(client, json.dumps(document).encode())))
    assert len(fields["payload"]) > 500_000
    assert client.post("/account/import/confirm", data=fields).status_code == 302
    assert len(export_json(user)["entries"]) == 336
