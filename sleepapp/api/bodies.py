"""Reading a request's JSON body: a 400 when it is not a JSON object, and for the bodies
that a model in `schemas` checks, a 422 naming each field that is missing, of the wrong
type or out of bounds (docs/design.md §5.5)."""

from __future__ import annotations

from typing import Any, TypeVar

from flask import abort, request
from pydantic import ValidationError

from ..errors import ValidationFailed
from .schemas import RequestBody

Body = TypeVar("Body", bound=RequestBody)


def json_body() -> dict[str, Any]:
    """The request's JSON object, or a 400 that says what is wrong."""
    try:
        data = request.get_json(silent=True)
    except RecursionError:  # thousands of nested brackets
        data = None
    if not isinstance(data, dict):
        abort(400, description="Send a JSON object with Content-Type: application/json.")
    if not _valid_text(data):
        abort(400, description="The JSON holds text that is not valid Unicode (a lone surrogate escape).")
    return data


def read_body(model: type[Body]) -> Body:
    """The JSON object checked against `model` (strict types: `true` is not a number)."""
    data = json_body()
    try:
        return model.model_validate(data, strict=True)
    except ValidationError as exc:
        raise ValidationFailed(model.field_messages(exc), model.refused) from None


def _valid_text(value: object) -> bool:
    # JSON may spell lone surrogates ("\ud800"), which Python decodes but no database,
    # hash or encoder accepts: refuse them here, once, for every endpoint.
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return True
    if isinstance(value, dict):
        return all(_valid_text(k) and _valid_text(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_valid_text(v) for v in value)
    return True
