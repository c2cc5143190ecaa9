"""GET /openapi.json: the OpenAPI 3.1 description of the JSON API (docs/design.md §5).

Tests check that every API route is described here and every path here is served, and that
the entry, metric and screen field lists match the code's own.
"""

from __future__ import annotations

from typing import Any

from ..diary.service import CORE_FIELDS
from ..program.rules import SCREEN_KEYS
from . import bp

HHMM = {"type": "string", "pattern": "^([01]\\d|2[0-3]):[0-5]\\d$", "examples": ["23:10"]}
DATE = {"type": "string", "format": "date"}
MINUTES = {"type": "integer", "minimum": 0}
COUNT = {"type": "integer", "minimum": 0}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, **_json(_ref("Error"))}


ERRORS = {
    "400": _error("Malformed request"),
    "401": _error("Missing, unknown or revoked token"),
    "404": _error("Not found (another person's data is never visible)"),
    "422": _error("Validation failed: `fields` names each problem"),
}

SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error", "message", "fields"],
        "properties": {
            "error": {"type": "string"},
            "message": {"type": "string"},
            "fields": {"type": "object", "additionalProperties": {"type": "string"}},
        },
    },
    "EntryItems": {
        "type": "object",
        "description": "Consensus Sleep Diary items (core first, then expanded).",
        "required": list(CORE_FIELDS),
        "properties": {
            "date": DATE,
            "in_bed": HHMM,
            "tried_to_sleep": HHMM,
            "sleep_latency_min": MINUTES,
            "awakenings": COUNT,
            "awake_min": MINUTES,
            "final_wake": HHMM,
            "out_of_bed": HHMM,
            "quality": {"type": "integer", "minimum": 1, "maximum": 5},
            "rested": {"type": ["integer", "null"], "minimum": 1, "maximum": 5},
            "naps": {"type": ["integer", "null"], "minimum": 0},
            "nap_min": {"type": ["integer", "null"], "minimum": 0},
            "caffeine_drinks": {"type": ["integer", "null"], "minimum": 0},
            "caffeine_last": {"oneOf": [HHMM, {"type": "null"}]},
            "alcohol_drinks": {"type": ["integer", "null"], "minimum": 0},
            "alcohol_last": {"oneOf": [HHMM, {"type": "null"}]},
            "medication": {
                "type": ["string", "null"],
                "description": "The person's own words, kept verbatim.",
            },
            "comments": {"type": ["string", "null"]},
        },
    },
    "Metrics": {
        "type": "object",
        "properties": {
            "time_in_bed_min": MINUTES,
            "sleep_onset_latency_min": MINUTES,
            "wake_after_sleep_onset_min": MINUTES,
            "early_wake_min": MINUTES,
            "total_sleep_min": MINUTES,
            "sleep_efficiency": {"type": "number", "minimum": 0, "maximum": 100},
        },
    },
    "Entry": {
        "allOf": [
            _ref("EntryItems"),
            {"type": "object", "required": ["date", "metrics"], "properties": {"metrics": _ref("Metrics")}},
        ]
    },
    "Summary": {
        "type": "object",
        "required": ["nights", "mean"],
        "properties": {
            "days": {"type": "integer"},
            "start": DATE,
            "end": DATE,
            "nights": {"type": "integer"},
            "mean": {"type": "object", "additionalProperties": {"type": ["number", "null"]}},
        },
    },
    "Token": {
        "type": "object",
        "required": ["id", "name", "created_at", "last_used_on", "expires_at"],
        "properties": {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "created_at": {"type": "string", "format": "date-time"},
            "last_used_on": {"oneOf": [{"type": "string", "format": "date"}, {"type": "null"}]},
            "expires_at": {"type": "string", "format": "date-time"},
        },
    },
    "NewToken": {
        "allOf": [
            {"$ref": "#/components/schemas/Token"},
            {"type": "object", "required": ["token"], "properties": {"token": {"type": "string"}}},
        ]
    },
    "Me": {
        "type": "object",
        "properties": {
            "email": {"type": "string", "format": "email"},
            "timezone": {"type": "string", "examples": ["Europe/London"]},
            "wake_time": {"oneOf": [HHMM, {"type": "null"}]},
            "created_at": {"type": "string", "format": "date-time"},
        },
    },
    "Screen": {
        "type": "object",
        "description": 'Safety screen; all keys required. Any true or "unsure": no window '
        "(422, fields.screen).",
        "required": list(SCREEN_KEYS),
        "properties": {key: {"oneOf": [{"type": "boolean"}, {"const": "unsure"}]} for key in SCREEN_KEYS},
    },
    "SleepWindow": {
        "type": "object",
        "required": [
            "window_min",
            "bedtime",
            "wake_time",
            "start",
            "based_on_nights",
            "mean_total_sleep_min",
            "mean_efficiency",
            "next_review",
            "history",
        ],
        "properties": {
            "window_min": {"type": "integer", "minimum": 330, "maximum": 540},
            "bedtime": HHMM,
            "wake_time": HHMM,
            "start": DATE,
            "based_on_nights": {"type": "integer"},
            "mean_total_sleep_min": {"type": ["number", "null"]},
            "mean_efficiency": {"type": ["number", "null"]},
            "next_review": DATE,
            "review_due": {"type": "boolean"},
            "change": {"type": "object"},
            "history": {"type": "array", "items": {"type": "object"}},
        },
    },
}

DATE_PARAM = {"name": "date", "in": "path", "required": True, "schema": DATE}


def _op(summary: str, responses: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "summary": summary,
        "responses": {**responses, **{k: v for k, v in ERRORS.items() if k not in responses}},
        **extra,
    }


PATHS: dict[str, Any] = {
    "/tokens": {
        "post": _op(
            "Log in for a named token that expires",
            {
                "201": {
                    "description": "A new token (the secret is shown only here)",
                    **_json(_ref("NewToken")),
                },
                "401": _error("Email or password is incorrect"),
                "429": _error("Too many failed attempts"),
            },
            security=[],
            requestBody={
                "required": True,
                **_json(
                    {
                        "type": "object",
                        "required": ["email", "password"],
                        "properties": {
                            "email": {"type": "string"},
                            "password": {"type": "string"},
                            "name": {"type": "string", "maxLength": 80},
                            "expires_in_days": {
                                "type": "integer",
                                "minimum": 1,
                                "maximum": 3650,
                                "default": 90,
                            },
                        },
                    }
                ),
            },
        ),
        "get": _op(
            "The account's tokens (never their secrets)",
            {"200": {"description": "Tokens", **_json({"type": "array", "items": _ref("Token")})}},
        ),
        "delete": _op("Revoke every token of the account", {"204": {"description": "Revoked"}}),
    },
    "/tokens/current": {
        "delete": _op("Revoke the token used for this request", {"204": {"description": "Revoked"}})
    },
    "/tokens/{token_id}": {
        "delete": _op(
            "Revoke one token",
            {"204": {"description": "Revoked"}},
            parameters=[{"name": "token_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
        )
    },
    "/me/password": {
        "post": _op(
            "Change the password; every log-in and token ends, this one too",
            {"204": {"description": "Changed"}},
            requestBody={
                "required": True,
                **_json(
                    {
                        "type": "object",
                        "required": ["current_password", "new_password"],
                        "properties": {
                            "current_password": {"type": "string"},
                            "new_password": {"type": "string"},
                        },
                    }
                ),
            },
        )
    },
    "/me": {
        "get": _op("The account's settings", {"200": {"description": "Settings", **_json(_ref("Me"))}}),
        "patch": _op(
            "Change time zone and/or wake time",
            {"200": {"description": "Updated", **_json(_ref("Me"))}},
            requestBody={
                "required": True,
                **_json(
                    {
                        "type": "object",
                        "properties": {
                            "timezone": {"type": "string"},
                            "wake_time": {"oneOf": [HHMM, {"type": "null"}]},
                        },
                    }
                ),
            },
        ),
        "delete": _op(
            "Delete the account and everything in it; every session and token stops working",
            {"204": {"description": "Deleted"}},
            requestBody={
                "required": True,
                **_json(
                    {
                        "type": "object",
                        "required": ["password"],
                        "properties": {"password": {"type": "string"}},
                    }
                ),
            },
        ),
    },
    "/entries": {
        "get": _op(
            "Diary entries, oldest first",
            {
                "200": {
                    "description": "Entries",
                    **_json(
                        {
                            "type": "object",
                            "properties": {"entries": {"type": "array", "items": _ref("Entry")}},
                        }
                    ),
                }
            },
            parameters=[
                {"name": "from", "in": "query", "schema": DATE},
                {"name": "to", "in": "query", "schema": DATE},
            ],
        )
    },
    "/entries/{date}": {
        "parameters": [DATE_PARAM],
        "get": _op("One night's entry", {"200": {"description": "The entry", **_json(_ref("Entry"))}}),
        "put": _op(
            "Create or replace the entry for this morning",
            {
                "200": {"description": "Replaced", **_json(_ref("Entry"))},
                "201": {"description": "Created", **_json(_ref("Entry"))},
            },
            requestBody={"required": True, **_json(_ref("EntryItems"))},
        ),
        "delete": _op("Delete the entry", {"204": {"description": "Deleted"}}),
    },
    "/summary": {
        "get": _op(
            "Means over the entries dated in the N days ending at `end`",
            {"200": {"description": "Summary", **_json(_ref("Summary"))}},
            parameters=[
                {"name": "days", "in": "query", "schema": {"type": "integer", "default": 7}},
                {"name": "end", "in": "query", "schema": DATE},
            ],
        )
    },
    "/sleep-window": {
        "get": _op(
            "The current sleep window", {"200": {"description": "Window", **_json(_ref("SleepWindow"))}}
        ),
        "post": _op(
            "Start a sleep window (safety screen first; needs 5 of the 7 nights before `start`)",
            {"201": {"description": "Started", **_json(_ref("SleepWindow"))}},
            requestBody={
                "required": True,
                **_json(
                    {
                        "type": "object",
                        "required": ["wake_time", "start", "screen"],
                        "properties": {"wake_time": HHMM, "start": DATE, "screen": _ref("Screen")},
                    }
                ),
            },
        ),
    },
    "/sleep-window/review": {
        "post": _op(
            "Run the weekly review when it is due; sleepiness is asked first",
            {
                "200": {"description": "Reviewed", **_json(_ref("SleepWindow"))},
                "409": _error("Not due yet"),
                "422": _error('`sleepy` missing or not true, false or "unsure"'),
            },
            requestBody={
                "required": True,
                **_json(
                    {
                        "type": "object",
                        "required": ["sleepy"],
                        "properties": {
                            "sleepy": {
                                "description": "Very sleepy in the day this week? Anything but false never "
                                "narrows the window.",
                                "oneOf": [{"type": "boolean"}, {"const": "unsure"}],
                            }
                        },
                    }
                ),
            },
        )
    },
    "/export": {
        "get": _op(
            "Everything the person recorded, as JSON",
            {"200": {"description": "Export", **_json({"type": "object"})}},
        )
    },
    "/export.csv": {
        "get": _op(
            "The diary as CSV",
            {"200": {"description": "CSV", "content": {"text/csv": {"schema": {"type": "string"}}}}},
        )
    },
    "/import": {
        "post": _op(
            "Import a CSV of nights (create or replace); all or nothing",
            {"200": {"description": "Imported", **_json({"type": "object"})}},
            requestBody={"required": True, "content": {"text/csv": {"schema": {"type": "string"}}}},
        )
    },
    "/openapi.json": {
        "get": {
            "summary": "This description",
            "security": [],
            "responses": {"200": {"description": "OpenAPI 3.1"}},
        }
    },
}


def spec() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Sleep app API",
            "version": "1.0.0",
            "description": "Token-authenticated JSON API. Errors: {error, message, fields}.",
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": SCHEMAS,
        },
        "paths": PATHS,
    }


@bp.get("/openapi.json")
def openapi() -> dict[str, Any]:
    return spec()
