"""Taking it to the doctor: read-only share links for a clinician, opened with an access
code (docs/design.md §8.8), and the diary as a FHIR R4 Bundle (§5.7)."""

from flask import Blueprint

bp = Blueprint("share", __name__)

from . import views  # noqa: E402,F401
