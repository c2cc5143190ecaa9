"""GET /export.fhir.json: the person's diary as a FHIR R4 Bundle (docs/design.md §5.7)."""

from __future__ import annotations

import json
from datetime import date

from flask import Response, request

from ..diary.service import parse_day
from ..errors import ValidationFailed
from ..share.service import fhir_export
from . import bp
from .bearer import api_user
from .openapi import FHIR, describe
from .schemas import EntriesQuery


def _query_day(name: str) -> date | None:
    value = request.args.get(name)
    return None if value in (None, "") else parse_day(value, name)


@bp.get("/export.fhir.json")
@describe(
    "The diary as a FHIR R4 Bundle (type collection): a Patient without name or email, one "
    "Observation per night (LOINC 93832-4, sleep duration in minutes, with the other measures "
    "as components)",
    {
        200: ("FHIR R4 Bundle", FHIR),
        422: "`from` or `to` is not a date in range, or `from` is after `to`",
    },
    query=EntriesQuery,
)
def export_fhir() -> Response:
    start, end = _query_day("from"), _query_day("to")
    if start and end and start > end:
        raise ValidationFailed({"from": "`from` must be on or before `to`."})
    return Response(json.dumps(fhir_export(api_user(), start, end), ensure_ascii=False), mimetype=FHIR)
