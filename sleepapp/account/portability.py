"""Export a person's diary (JSON and CSV) and import a CSV of nights (create or replace)."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from ..auth.models import User
from ..diary import service as diary
from ..errors import ValidationFailed
from ..extensions import db

CSV_COLUMNS: tuple[str, ...] = ("date", *diary.ITEM_FIELDS, *diary.METRIC_FIELDS)
MAX_IMPORT_ROWS = 5000


def export_json(user: User) -> dict[str, Any]:
    return {
        "account": {"email": user.email, "timezone": user.timezone, "wake_time": user.wake_time},
        "entries": [diary.entry_json(e) for e in diary.entries_between(user, None, None)],
    }


def export_csv(user: User) -> str:
    """The diary as CSV (RFC 4180: CRLF between rows, so the csv module quotes every cell
    holding a CR or LF); text cells escaped by `escape_cell`, so `import_csv` reads back
    exactly what was stored."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for entry in diary.entries_between(user, None, None):
        row = diary.entry_json(entry)
        metrics = row.pop("metrics")
        writer.writerow({k: ("" if v is None else escape_cell(v)) for k, v in {**row, **metrics}.items()})
    return out.getvalue()


# A text cell starting with one of these would run as a formula in a spreadsheet (= + - @,
# and tab or CR before one); "'" is escaped too so that the escape can always be undone.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def escape_cell(value: object) -> object:
    """Prefix "'" to text that starts with a formula character or "'" (spreadsheets show
    the text as typed). `unescape_cell` undoes it exactly: every string round-trips."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unescape_cell(value: str) -> str:
    """Remove exactly one leading "'" (the inverse of `escape_cell`)."""
    return value[1:] if value.startswith("'") else value


def import_csv(user: User, text: str) -> dict[str, int]:
    """Validate every row first; save only if all are valid (nothing half-imported)."""
    try:
        # newline="": the csv module reads line ends itself, so a CR or LF inside a quoted
        # cell is kept as it was (the csv module's documented way to read a file).
        return _import_rows(user, csv.DictReader(io.StringIO(text, newline="")))
    except csv.Error as exc:  # a malformed file, or a cell past the csv module's size limit
        raise ValidationFailed({"csv": f"The file could not be read as CSV: {exc}."}) from None


def _import_rows(user: User, reader: csv.DictReader[str]) -> dict[str, int]:
    if not reader.fieldnames or "date" not in reader.fieldnames:
        raise ValidationFailed({"csv": "The first line must name the columns, including date."})
    unknown = set(reader.fieldnames) - set(CSV_COLUMNS)
    if unknown:
        raise ValidationFailed({"csv": f"Unknown columns: {', '.join(sorted(unknown))}."})
    rows: list[tuple[date, dict[str, object]]] = []
    errors: dict[str, str] = {}
    seen: set[date] = set()
    for number, record in enumerate(reader, start=2):
        if len(rows) >= MAX_IMPORT_ROWS:
            raise ValidationFailed({"csv": f"At most {MAX_IMPORT_ROWS} nights per import."})
        raw: dict[str, object] = {
            k: unescape_cell(v) for k, v in record.items() if k in diary.ITEM_FIELDS and v not in (None, "")
        }
        try:
            day = diary.parse_day(record.get("date"))
            if day in seen:
                raise ValidationFailed({"date": "This date appears twice in the file."})
            diary.clean(user, {"date": day.isoformat(), **raw})
        except ValidationFailed as exc:
            for name, message in exc.fields.items():
                errors[f"line {number}: {name}"] = message
            continue
        seen.add(day)
        rows.append((day, raw))
    if errors:
        raise ValidationFailed(errors, "Nothing was imported: some lines need fixing.")
    # One transaction: either every night is saved or none is.
    created = 0
    try:
        for day, items in rows:
            created += diary.save_entry(user, day, items, confirmed=True, commit=False).created
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return {"imported": len(rows), "created": created, "replaced": len(rows) - created}
