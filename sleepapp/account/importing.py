"""The import page (docs/design.md §5.8): upload a CSV of nights or the JSON export, see
what it would add, replace (both versions of a night side by side), keep or refuse and why,
then confirm. The confirm step carries the file back (compressed) with the plan's
fingerprint, so the server keeps nothing between the two steps and imports only what the
person saw; the import itself is the API's, all or nothing."""

from __future__ import annotations

import base64
import binascii
import zlib
from dataclasses import dataclass, field
from typing import Any

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.wrappers import Response

from ..diary.metrics import LABELS
from ..errors import Conflict, ValidationFailed, handle_http_error
from ..extensions import csrf
from . import bp
from .forms import ImportConfirmForm, ImportForm
from .plans import Change
from .portability import Plan, Upload, import_upload, plan_import, read_upload

SECTION_TITLES = {
    "account": "Settings",
    "entries": "Diary nights",
    "habits": "Habits",
    "sleep_windows": "Sleep windows",
    "course": "The course",
    "worries": "Worries",
    "thought_records": "Thought records",
    "reminders": "Reminders",
    "share_links": "Share links",
}
FIELD_LABELS = {
    **LABELS,
    "timezone": "Time zone",
    "wake_time": "Wake time",
    "clock_hours": "Clock (hours)",
    "note": "Note",
    "chosen_on": "Chosen on",
    "archived_at": "Archived",
    "ticks": "Ticked days",
    "enabled": "On",
    "minutes": "Minutes",
}
IMPORT_ENDPOINTS = {"account.import_page", "account.import_confirm"}


def _me():  # type: ignore[no-untyped-def]
    return current_user._get_current_object()  # type: ignore[attr-defined]


def _limit_text() -> str:
    limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
    return f"{limit / 2**20:g} MiB"


# ---------------------------------------------------------------- presenters


@dataclass
class Difference:
    label: str
    stored: str
    incoming: str


@dataclass
class SectionView:
    name: str
    title: str
    add: list[Change] = field(default_factory=list)
    replace: list[tuple[Change, list[Difference]]] = field(default_factory=list)
    keep: list[Change] = field(default_factory=list)


def _shown(value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def differences(change: Change) -> list[Difference]:
    """The fields on which the stored and the file's version differ, labelled for people."""
    stored, incoming = change.stored or {}, change.incoming or {}
    rows = []
    for name in dict.fromkeys([*stored, *incoming]):
        if name in ("date", "metrics"):
            continue
        if stored.get(name) != incoming.get(name):
            rows.append(
                Difference(FIELD_LABELS.get(name, name), _shown(stored.get(name)), _shown(incoming.get(name)))
            )
    before, after = stored.get("metrics") or {}, incoming.get("metrics") or {}
    if before.get("total_sleep_min") != after.get("total_sleep_min") and before and after:
        rows.append(
            Difference(
                "Total sleep (minutes)",
                _shown(before.get("total_sleep_min")),
                _shown(after.get("total_sleep_min")),
            )
        )
    return rows


def section_views(plan: Plan) -> list[SectionView]:
    views: dict[str, SectionView] = {}
    for change in plan.changes:
        if change.action == "refuse":
            continue
        view = views.setdefault(
            change.section, SectionView(change.section, SECTION_TITLES.get(change.section, change.section))
        )
        if change.action == "add":
            view.add.append(change)
        elif change.action == "replace":
            view.replace.append((change, differences(change)))
        else:
            view.keep.append(change)
    return list(views.values())


def refusals(plan: Plan) -> list[tuple[str, list[str]]]:
    """Each refused item and its reasons, as sentences."""
    return [
        (
            f"{SECTION_TITLES.get(c.section, c.section)}: {c.item}" + (f" ({c.where})" if c.where else ""),
            [f"{FIELD_LABELS.get(name, name)}: {message}" for name, message in c.fields.items()],
        )
        for c in plan.refused
    ]


# ---------------------------------------------------------------- carrying the file


def pack(raw: bytes) -> str:
    return base64.b64encode(zlib.compress(raw, 9)).decode("ascii")


def unpack(payload: str) -> bytes:
    """The file the preview read; ValidationFailed for anything else (or more than the
    upload limit once inflated)."""
    limit = current_app.config.get("MAX_CONTENT_LENGTH") or 2**21
    try:
        inflater = zlib.decompressobj()
        raw = inflater.decompress(base64.b64decode(payload.encode("ascii"), validate=True), limit + 1)
    except (binascii.Error, zlib.error, UnicodeEncodeError, ValueError):
        raise ValidationFailed(
            {"file": "The preview's copy of the file was damaged: choose the file again."}
        ) from None
    if len(raw) > limit or inflater.unconsumed_tail:
        raise ValidationFailed({"file": f"The file is larger than {_limit_text()}."})
    return raw


def _is_json_file(filename: str | None, mimetype: str | None) -> bool:
    return (filename or "").lower().endswith(".json") or (mimetype or "") == "application/json"


# ---------------------------------------------------------------- pages


def _preview(
    plan: Plan, raw: bytes, filename: str, status: int = 200, message: str | None = None
) -> tuple[str, int]:
    confirm = ImportConfirmForm(
        formdata=None, data={"payload": pack(raw), "digest": plan.digest(), "filename": filename}
    )
    return (
        render_template(
            "account/import_preview.html",
            plan=plan,
            sections=section_views(plan),
            refused=refusals(plan),
            confirm=confirm,
            filename=filename,
            message=message,
        ),
        status,
    )


def _upload_page(form: ImportForm, status: int = 200) -> tuple[str, int]:
    return render_template("account/import.html", form=form, limit=_limit_text()), status


@bp.route("/import", methods=["GET", "POST"])
@login_required
def import_page() -> tuple[str, int]:
    form = ImportForm()
    if not form.validate_on_submit():
        return _upload_page(form, 422 if request.method == "POST" else 200)
    upload_file = form.file.data
    raw = upload_file.read()
    name = upload_file.filename or "the file"
    try:
        upload = read_upload(raw, _is_json_file(upload_file.filename, upload_file.mimetype))
        plan = plan_import(_me(), upload)
    except ValidationFailed as exc:
        form.populate_errors(exc.fields, fallback="file")
        return _upload_page(form, 422)
    return _preview(plan, raw, name)


# The confirm form carries the whole file back in a field, which may be larger than the
# form-field limit (MAX_FORM_MEMORY_SIZE, 500 kB) though within the upload limit: this view
# raises the limit for itself before reading the form, so it checks CSRF itself, after that.
@bp.post("/import/confirm")
@csrf.exempt
@login_required
def import_confirm() -> Response | tuple[str, int]:
    request.max_form_memory_size = current_app.config.get("MAX_CONTENT_LENGTH")
    csrf.protect()
    form = ImportConfirmForm()
    filename = (form.filename.data or "the file")[:200]
    try:
        raw = unpack(form.payload.data or "")
        upload: Upload = read_upload(raw)
    except ValidationFailed as exc:
        flash(" ".join(exc.fields.values()), "error")
        return redirect(url_for("account.import_page"))
    user = _me()
    try:
        result = import_upload(user, upload, expected_digest=form.digest.data or "")
    except Conflict as exc:
        return _preview(plan_import(user, upload), raw, filename, 409, exc.message)
    except ValidationFailed as exc:
        return _preview(plan_import(user, upload), raw, filename, 422, exc.message)
    flash(_done_message(result), "success")
    return redirect(url_for("account.index", _anchor="data"))


def _done_message(result: dict[str, Any]) -> str:
    parts = [f"{result['created']} new night{'s' if result['created'] != 1 else ''}"]
    parts.append(f"{result['replaced']} already in your diary")
    sections = result.get("sections") or {}
    for name in ("habits", "sleep_windows"):
        counts = sections.get(name)
        if counts and (counts["add"] or counts["replace"]):
            parts.append(f"{SECTION_TITLES[name].lower()}: {counts['add']} added, {counts['replace']} merged")
    return "Imported: " + "; ".join(parts) + "."


@bp.errorhandler(RequestEntityTooLarge)
def too_large(exc: HTTPException) -> Response | tuple[str, int]:
    """A file over the upload limit gets the import page back with a plain message."""
    if request.endpoint not in IMPORT_ENDPOINTS:
        return handle_http_error(exc)
    form = ImportForm(formdata=None)
    form.file.errors = [
        f"The file is larger than {_limit_text()}: split it, or import it through the API in parts."
    ]
    return _upload_page(form, 413)
