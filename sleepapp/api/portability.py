"""GET /export (JSON), GET /export.csv and POST /import (CSV body): a person's own data."""

from __future__ import annotations

from flask import Response, request

from ..account.portability import export_csv, export_json, import_csv
from ..errors import ValidationFailed
from . import bp
from .bearer import api_user
from .openapi import CSV, describe
from .schemas import Export, ImportResult


@bp.get("/export")
@describe("Everything the person recorded, as JSON", {200: ("Export", Export)})
def export() -> dict[str, object]:
    return export_json(api_user())


@bp.get("/export.csv")
@describe("The diary as CSV (docs/design.md §5.3: the CSV escape rule)", {200: ("CSV", CSV)})
def export_as_csv() -> Response:
    return Response(
        export_csv(api_user()),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="sleep-diary.csv"'},
    )


@bp.post("/import")
@describe(
    "Import a CSV of nights (create or replace); all or nothing",
    {200: ("Imported", ImportResult), 422: "Not UTF-8 CSV, or lines to fix (`fields` keyed `line N: field`)"},
    body=CSV,
)
def import_entries() -> tuple[dict[str, int], int]:
    try:
        text = request.get_data(as_text=False).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationFailed({"csv": "Send the CSV as UTF-8 text."}) from None
    if not text.strip():
        raise ValidationFailed({"csv": "The body is empty: send the CSV file's text."})
    return import_csv(api_user(), text), 200
