"""Every text the diary accepts survives export to CSV and import back, exactly.

The CSV escape rule (docs/design.md, export and import): a text cell starting with
= + - @ tab CR or ' gets one "'" in front on export (no formula runs in a spreadsheet),
and import removes exactly one leading "'"; cells holding CR or LF are quoted.
"""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sleepapp.account.portability import escape_cell, unescape_cell
from sleepapp.diary.metrics import MAX_COMMENTS_LEN, MAX_MEDICATION_LEN
from tests.factories import DEFAULT_PASSWORD, ENTRY_DEFAULTS, make_user

DAY = "2026-03-02"


def _token(client, email: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    resp = client.post("/api/v1/tokens", json={"email": email, "password": DEFAULT_PASSWORD})
    assert resp.status_code == 201, resp.get_data(as_text=True)
    return {"Authorization": f"Bearer {resp.get_json()['token']}"}


def _round_trip(client, medication: str | None, comments: str | None) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Save a night with these texts through the API, export it as CSV, import the file into
    a fresh account and return that account's stored night."""
    source, target = make_user(), make_user()
    source_auth, target_auth = _token(client, source.email), _token(client, target.email)
    body = {**ENTRY_DEFAULTS, "medication": medication, "comments": comments}
    saved = client.put(f"/api/v1/entries/{DAY}", json=body, headers=source_auth)
    assert saved.status_code in (200, 201), saved.get_json()
    exported = client.get("/api/v1/export.csv", headers=source_auth)
    assert exported.status_code == 200
    imported = client.post(
        "/api/v1/import", data=exported.get_data(), headers={**target_auth, "Content-Type": "text/csv"}
    )
    assert imported.status_code == 200, imported.get_json()
    assert imported.get_json()["imported"] == 1
    entry = client.get(f"/api/v1/entries/{DAY}", headers=target_auth).get_json()
    return {"medication": entry["medication"], "comments": entry["comments"], "csv": exported.get_data()}


# Text the diary stores: any Unicode except NUL (refused: databases cannot store it) and lone
# surrogates (not valid Unicode, refused at the JSON boundary), not blank (a blank answer is
# "no answer"), at most MAX_MEDICATION_LEN / MAX_COMMENTS_LEN characters.
_CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
_TRICKY = st.sampled_from(["=", "+", "-", "@", "\t", "\r", "\n", "\r\n", "'", "'=", "''", '"', ",", " "])


def diary_text(limit: int) -> st.SearchStrategy[str]:
    plain = st.text(_CHARS, min_size=1, max_size=min(limit, 60))
    tricky = st.lists(st.one_of(_TRICKY, st.text(_CHARS, max_size=4)), min_size=1, max_size=12).map("".join)
    long = st.text(_CHARS, min_size=limit - 5, max_size=limit)
    return st.one_of(plain, tricky, long).filter(lambda t: len(t) <= limit and t.strip() != "")


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(medication=diary_text(MAX_MEDICATION_LEN), comments=diary_text(MAX_COMMENTS_LEN))
def test_any_diary_text_survives_export_and_import(client, medication, comments):
    """Property: for any text the diary accepts (see diary_text: no NUL, no lone surrogate,
    not blank, within the length limits), export then import stores exactly the same text."""
    back = _round_trip(client, medication, comments)
    assert back["medication"] == medication
    assert back["comments"] == comments


@pytest.mark.parametrize(
    "text",
    [
        "woke up\r=1+2",
        "woke up\r\n=1+2",
        "line one\nline two",
        "\r=cmd|' /C calc'!A0",
        '=HYPERLINK("http://evil.example")',
        "+1",
        "-2",
        "@SUM(A1)",
        "\t=1",
        "'=1+2",
        "'plain",
        "''",
        "'",
        'quote " and, comma',
        "  leading spaces",
        "\u202eevil",
        "trailing CR\r",
    ],
)
def test_specific_texts_round_trip(client, text):
    back = _round_trip(client, text, text)
    assert back["medication"] == text
    assert back["comments"] == text


@pytest.mark.parametrize("text", ["woke up\r=1+2", "a\rb", "a\nb", "a\r\nb"])
def test_line_breaks_inside_a_cell_are_quoted(client, text):
    """A CR-aware reader (a spreadsheet, csv with newline="") sees one row, the cell intact."""
    raw = _round_trip(client, None, text)["csv"].decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(raw, newline="")))
    assert len(rows) == 1
    assert rows[0]["comments"] == text
    assert f'"{text}"' in raw


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("=1+2", "'=1+2"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@x", "'@x"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("'=1", "''=1"),
        ("'x", "''x"),
        ("x'", "x'"),
        ("plain", "plain"),
        ("a\r=1", "a\r=1"),
    ],
)
def test_escape_table(text, cell):
    assert escape_cell(text) == cell
    assert unescape_cell(cell) == text


def test_no_cell_in_the_export_starts_a_formula(client):
    """The spreadsheet guard still holds: no exported cell starts with a formula character,
    and the CR in "woke up\r=1+2" stays inside its quoted cell instead of starting a row."""
    raw = _round_trip(client, "=1+2", "woke up\r=1+2")["csv"].decode("utf-8")
    for row in csv.reader(io.StringIO(raw, newline="")):
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell


@pytest.mark.parametrize("line_end", ["\n", "\r\n", "\r"])
def test_import_reads_every_line_ending(client, line_end):
    """Files saved by other tools end rows with LF, CRLF or (old spreadsheets) a bare CR."""
    user = make_user()
    headers = _token(client, user.email)
    names = ["date", *ENTRY_DEFAULTS, "comments"]
    rows = [names, [DAY, *map(str, ENTRY_DEFAULTS.values()), '"two\r\nlines"']]
    body = line_end.join(",".join(row) for row in rows) + line_end
    resp = client.post("/api/v1/import", data=body, headers={**headers, "Content-Type": "text/csv"})
    assert resp.status_code == 200, resp.get_json()
    entry = client.get(f"/api/v1/entries/{DAY}", headers=headers).get_json()
    assert entry["comments"] == "two\r\nlines"
