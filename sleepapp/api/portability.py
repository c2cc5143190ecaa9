"""GET /export (JSON), GET /export.csv and POST /import (CSV body): a person's own data."""

from __future__ import annotations

from flask import Response, request

from ..account.portability import export_csv, export_json, import_csv
from ..errors import ValidationFailed
from . import bp
from .auth import api_user


@bp.get("/export")
def export() -> dict[str, object]:
    return export_json(api_user())


@bp.get("/export.csv")
def export_as_csv() -> Response:
    return Response(
        export_csv(api_user()),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="sleep-diary.csv"'},
    )


@bp.post("/import")
def import_entries() -> tuple[dict[str, int], int]:
    try:
        text = request.get_data(as_text=False).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationFailed({"csv": "Send the CSV as UTF-8 text."}) from None
    if not text.strip():
        raise ValidationFailed({"csv": "The body is empty: send the CSV file's text."})
    return import_csv(api_user(), text), 200
