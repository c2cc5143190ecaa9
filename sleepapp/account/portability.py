"""A person's whole record in and out (docs/design.md §5.8): the JSON export (every section
in `sections.SECTIONS`, with a format name and version), the diary as CSV, and importing
either. An import is planned first (what would be added, replaced, kept or refused, and
why), and then applied in one transaction: all of it, or nothing.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..auth.models import User
from ..clock import utcnow
from ..diary import service as diary
from ..errors import Conflict, ValidationFailed
from ..extensions import db
from .plans import ACTIONS, Change, Context
from .sections import MAX_NIGHTS, SECTIONS, file_zone, plan_nights

FORMAT = "sleepapp-export"
# Version 1: settings, entries (each with its zone), habits with ticks, sleep windows. Version 2
# adds the course, worries, thought records, reminder settings and share-link metadata. Version 0 is the
# export before it had a name: {"account", "entries"}, read the same way. Every version keeps
# importing (tests/fixtures/export-v*.json).
VERSION = 2
CSV_COLUMNS: tuple[str, ...] = ("date", *diary.ITEM_FIELDS, *diary.METRIC_FIELDS)
MAX_IMPORT_ROWS = MAX_NIGHTS
DOCUMENT_KEYS = {"format", "version", "exported_at", *(s.name for s in SECTIONS)}


def export_json(user: User) -> dict[str, Any]:
    """Everything the person keeps here, one key per section; never a secret (no password
    hash, tokens, passkeys or log-in records)."""
    head: dict[str, Any] = {"format": FORMAT, "version": VERSION, "exported_at": utcnow().isoformat()}
    return head | {section.name: section.export(user) for section in SECTIONS}


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


# ---------------------------------------------------------------- reading a file


@dataclass(frozen=True)
class Upload:
    """A file that could be read: a CSV's text, or the export document."""

    kind: str  # "csv" or "json"
    csv_text: str = ""
    document: Mapping[str, Any] | None = None


def read_upload(raw: bytes, json_hint: bool = False) -> Upload:
    """Decide what a file is and read it, or raise ValidationFailed saying why it cannot be
    read. JSON when it says so (`json_hint`) or its text starts with "{"; otherwise CSV."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationFailed({"file": "The file is not UTF-8 text: export it again as UTF-8."}) from None
    if not text.strip():
        raise ValidationFailed({"file": "The file is empty."})
    if json_hint or text.lstrip().startswith("{"):
        return Upload("json", document=read_document(text))
    return Upload("csv", csv_text=text)


def read_document(text: str) -> Mapping[str, Any]:
    try:
        data = json.loads(text)
        json.dumps(data, ensure_ascii=False).encode("utf-8")  # a lone surrogate escape cannot be stored
    except (ValueError, RecursionError, UnicodeEncodeError):
        raise ValidationFailed({"json": "The file is not valid JSON."}) from None
    if not isinstance(data, dict):
        raise ValidationFailed({"json": "The file must hold one JSON object: this app's export."})
    return data


def document_version(document: Mapping[str, Any]) -> int:
    """The export format version, or ValidationFailed for a file that is not our export."""
    if "format" not in document and {"account", "entries"} <= set(document):
        return 0
    if document.get("format") != FORMAT:
        raise ValidationFailed({"json": f'Not this app\'s export: "format" must be "{FORMAT}".'})
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ValidationFailed({"json": '"version" must be a whole number from 1.'})
    if version > VERSION:
        raise ValidationFailed(
            {
                "json": f"This export is version {version}, newer than this server reads "
                f"({VERSION}): update the app."
            }
        )
    unknown = set(document) - DOCUMENT_KEYS
    if unknown:
        raise ValidationFailed({"json": f"Unknown parts: {', '.join(sorted(map(str, unknown)))}."})
    return version


def _csv_records(text: str) -> list[tuple[str, Mapping[str, object], str]]:
    """The rows of a CSV as (line, items) with the person's zone filled in later."""
    try:
        # newline="": the csv module reads line ends itself, so a CR or LF inside a quoted
        # cell is kept as it was (the csv module's documented way to read a file).
        reader = csv.DictReader(io.StringIO(text, newline=""))
        if not reader.fieldnames or "date" not in reader.fieldnames:
            raise ValidationFailed({"csv": "The first line must name the columns, including date."})
        unknown = set(reader.fieldnames) - set(CSV_COLUMNS)
        if unknown:
            raise ValidationFailed({"csv": f"Unknown columns: {', '.join(sorted(unknown))}."})
        rows: list[tuple[str, Mapping[str, object], str]] = []
        for number, record in enumerate(reader, start=2):
            if len(rows) >= MAX_IMPORT_ROWS:
                raise ValidationFailed({"csv": f"At most {MAX_IMPORT_ROWS} nights per import."})
            items: dict[str, object] = {
                k: unescape_cell(v)
                for k, v in record.items()
                if k in diary.ITEM_FIELDS and v not in (None, "")
            }
            items["date"] = record.get("date") or ""
            rows.append((f"line {number}", items, ""))
        return rows
    except csv.Error as exc:  # a malformed file, or a cell past the csv module's size limit
        raise ValidationFailed({"csv": f"The file could not be read as CSV: {exc}."}) from None


# ---------------------------------------------------------------- the plan


@dataclass(frozen=True)
class Plan:
    """Everything an import would do. `counts` per action; `nights` is how many nights the
    file held, `created`/`replaced` how many are new or already had an entry."""

    kind: str  # "csv" or "json"
    version: int | None
    changes: list[Change]

    @property
    def refused(self) -> list[Change]:
        return [c for c in self.changes if c.action == "refuse"]

    @property
    def can_import(self) -> bool:
        return not self.refused

    def counts(self, section: str | None = None) -> dict[str, int]:
        chosen = [c for c in self.changes if section is None or c.section == section]
        return {action: sum(c.action == action for c in chosen) for action in ACTIONS}

    @property
    def sections(self) -> list[str]:
        return list(dict.fromkeys(c.section for c in self.changes))

    def digest(self) -> str:
        """A fingerprint of the plan: the page's confirm step checks nothing moved since."""
        text = json.dumps([c.as_json() for c in self.changes], sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()

    def as_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT if self.kind == "json" else "csv",
            "version": self.version,
            "can_import": self.can_import,
            "counts": self.counts(),
            "changes": [c.as_json() for c in self.changes],
            "digest": self.digest(),
        }


def plan_import(user: User, upload: Upload) -> Plan:
    """What importing `upload` would change (nothing is written)."""
    if upload.kind == "csv":
        records = [(where, items, user.timezone) for where, items, _ in _csv_records(upload.csv_text)]
        return Plan("csv", None, plan_nights(user, records))
    assert upload.document is not None
    document = upload.document
    version = document_version(document)
    context = Context(user=user, version=version, zone=file_zone(document.get("account")) or user.timezone)
    changes: list[Change] = []
    for section in SECTIONS:
        if section.name in document:
            changes += section.plan(document[section.name], context)
    return Plan("json", version, changes)


def apply_plan(user: User, plan: Plan) -> dict[str, Any]:
    """Make every change in one transaction, or refuse them all (422 naming each problem)."""
    if not plan.can_import:
        fields: dict[str, str] = {}
        for change in plan.refused:
            fields.update(change.error_fields())
        raise ValidationFailed(fields, "Nothing was imported: some lines need fixing.")
    try:
        for change in plan.changes:
            if change.apply is not None and change.action in ("add", "replace"):
                change.apply()
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    nights = plan.counts("entries")
    result: dict[str, Any] = {
        "imported": nights["add"] + nights["replace"] + nights["keep"],
        "created": nights["add"],
        "replaced": nights["replace"] + nights["keep"],
    }
    if plan.kind == "json":
        result["sections"] = {
            name: {action: n for action, n in plan.counts(name).items() if action != "refuse"}
            for name in plan.sections
        }
    return result


def import_upload(user: User, upload: Upload, expected_digest: str | None = None) -> dict[str, Any]:
    """Plan and apply. With `expected_digest` (the preview's), nothing is written when the
    plan has changed since the person saw it."""
    plan = plan_import(user, upload)
    if expected_digest is not None and plan.digest() != expected_digest:
        raise Conflict("Your data changed since the preview: check the new preview before importing.")
    return apply_plan(user, plan)


def import_csv(user: User, text: str) -> dict[str, Any]:
    """Validate every row first; save only if all are valid (nothing half-imported)."""
    return import_upload(user, Upload("csv", csv_text=text))
