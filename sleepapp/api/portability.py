"""GET /export (JSON), GET /export.csv, POST /import and POST /import/preview (the CSV or
the JSON export as the body): a person's own data (docs/design.md §5.8)."""

from __future__ import annotations

from typing import Any

from flask import Response, request

from ..account.portability import Upload, export_csv, export_json, import_upload, plan_import, read_upload
from . import bp
from .bearer import api_user
from .bodies import json_body
from .openapi import CSV, describe
from .schemas import Export, ImportPreview, ImportResult


@bp.get("/export")
@describe("Everything the person keeps here, as JSON (docs/design.md §5.8)", {200: ("Export", Export)})
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


def _upload() -> Upload:
    if request.is_json:
        # Read as every JSON body is (400 when it is not an object), then as the export.
        return Upload("json", document=json_body())
    return read_upload(request.get_data())


@bp.post("/import")
@describe(
    "Import the JSON export or a CSV of nights: nights merge by date, habits by name; all or nothing",
    {
        200: ("Imported", ImportResult),
        422: "Not UTF-8, not CSV or this app's JSON export, or items refused (`fields` keyed `line N: field` "
        "or `<section> #N: field`)",
    },
    body=(CSV, Export),
)
def import_entries() -> tuple[dict[str, Any], int]:
    return import_upload(api_user(), _upload()), 200


@bp.post("/import/preview")
@describe(
    "What importing this body would add, replace, keep or refuse, and why; nothing is saved",
    {200: ("The plan", ImportPreview), 422: "Not UTF-8, not CSV or this app's JSON export"},
    body=(CSV, Export),
)
def preview_import() -> tuple[dict[str, Any], int]:
    return plan_import(api_user(), _upload()).as_json(), 200
