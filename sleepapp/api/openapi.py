"""GET /openapi.json: the OpenAPI 3.1 description of the JSON API (docs/design.md §5.6),
generated from the code. Each view carries `@describe(...)` next to its route (a summary,
its bodies and the statuses it answers itself); the bodies are the pydantic models in
`schemas`, whose JSON Schema (2020-12, what OpenAPI 3.1 uses) becomes `components/schemas`;
the paths are the routes Flask serves. Tests probe every route and check each answer
against this description.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import current_app
from pydantic import BaseModel, TypeAdapter
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode
from werkzeug.routing import Rule

from . import bp
from .bearer import PUBLIC_ENDPOINTS
from .schemas import Error

REF = "#/components/schemas/{model}"
CSV = "text/csv"  # a body of CSV text, not JSON
FHIR = "application/fhir+json"  # a FHIR resource (JSON, described by FHIR, not here)
View = TypeVar("View", bound=Callable[..., Any])


@dataclass(frozen=True)
class Operation:
    summary: str
    responses: Mapping[int, tuple[str, Any]]  # status -> (description, body type or None)
    body: Any = None  # a type pydantic describes, CSV, a tuple of alternatives, or None
    query: type[BaseModel] | None = None
    database: bool = True


def describe(
    summary: str,
    responses: Mapping[int, str | tuple[str, Any]],
    *,
    body: Any = None,
    query: type[BaseModel] | None = None,
    database: bool = True,
) -> Callable[[View], View]:
    """Describe a view for /openapi.json. `responses` maps each status the view itself can
    answer to a description, or to (description, body type) for a success with a body (an
    error's body is always `Error`). The statuses shared by a kind of view are added:
    401 without a token (except PUBLIC_ENDPOINTS), 400 and 413 for a JSON body, 413 for a
    CSV one, 503 while the database is unreachable."""
    operation = Operation(
        summary,
        {status: (r, None) if isinstance(r, str) else r for status, r in responses.items()},
        body,
        query,
        database,
    )

    def attach(view: View) -> View:
        view.api_operation = operation  # type: ignore[attr-defined]
        return view

    return attach


# Route arguments (Werkzeug's names) -> their name and type in the description.
PATH_PARAMETERS: dict[str, tuple[str, Any, str]] = {
    "day": ("date", dt.date, "The morning, YYYY-MM-DD"),
    "token_id": ("token_id", int, "A token's `id`"),
    "link_id": ("share_id", int, "A share link's `id`"),
}
_ARGUMENT = re.compile(r"<(?:[^<>:]+:)?([^<>]+)>")


def _shared(operation: Operation, public: bool) -> dict[int, tuple[str, None]]:
    limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
    shared = {}
    if not public:
        shared[401] = "Missing, unknown, expired or revoked token (see `WWW-Authenticate`)"
    if any(body != CSV for body in _alternatives(operation.body)):
        shared[400] = "The body is not a JSON object (or holds a lone surrogate escape)"
    if operation.body is not None:
        shared[413] = f"The body is over {limit / 2**20:g} MiB" if limit else "The body is too large"
    if operation.database:
        shared[503] = "The database cannot be reached: try again after `Retry-After` seconds"
    return {status: (text, None) for status, text in shared.items()}


class _Schemas(GenerateJsonSchema):
    def field_title_should_be_set(self, schema: Any) -> bool:
        return False  # a property's name says it; titles stay on the models


def _json_schemas(types: list[Any]) -> tuple[dict[Any, Any], dict[str, Any]]:
    """Each type's schema (a $ref for a model) and every model's definition, named by class."""
    inputs: list[tuple[Hashable, JsonSchemaMode, TypeAdapter[Any]]] = [
        (t, "validation", TypeAdapter[Any](t)) for t in types
    ]
    refs, top = TypeAdapter.json_schemas(inputs, ref_template=REF, schema_generator=_Schemas)
    return {t: refs[(t, "validation")] for t in types}, top.get("$defs", {})


def _without_null(schema: dict[str, Any]) -> dict[str, Any]:
    """An optional query parameter's schema: the value when it is given (never null)."""
    schema = dict(schema)
    branches = [b for b in schema.pop("anyOf", []) if b != {"type": "null"}]
    if schema.get("default", ...) is None:
        del schema["default"]
    return {**branches[0], **schema} if branches else schema


def _query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    schema = model.model_json_schema(ref_template=REF, schema_generator=_Schemas)
    out = []
    for name, prop in schema["properties"].items():
        prop = _without_null(prop)
        parameter = {"name": name, "in": "query", "required": name in schema.get("required", ())}
        if "description" in prop:
            parameter["description"] = prop.pop("description")
        out.append({**parameter, "schema": prop})
    return out


def _alternatives(body: Any) -> tuple[Any, ...]:
    """The bodies an operation takes: none, one, or a tuple of alternatives (CSV or JSON)."""
    return () if body is None else body if isinstance(body, tuple) else (body,)


def _content(body: Any, refs: Mapping[Hashable, Any]) -> dict[str, Any]:
    if isinstance(body, tuple):
        return {media: schema for one in body for media, schema in _content(one, refs).items()}
    if body == CSV:
        return {CSV: {"schema": {"type": "string"}}}
    if body == FHIR:
        return {FHIR: {"schema": {"type": "object", "description": "A FHIR R4 resource"}}}
    return {"application/json": {"schema": refs[body]}}


def _operation(rule: Rule, operation: Operation, refs: Mapping[Hashable, Any]) -> dict[str, Any]:
    public = rule.endpoint in PUBLIC_ENDPOINTS
    out: dict[str, Any] = {"operationId": rule.endpoint.partition(".")[2], "summary": operation.summary}
    parameters = []
    for argument in _ARGUMENT.findall(rule.rule):
        name, kind, text = PATH_PARAMETERS[argument]
        parameters.append(
            {"name": name, "in": "path", "required": True, "description": text, "schema": refs[kind]}
        )
    if operation.query is not None:
        parameters += _query_parameters(operation.query)
    if parameters:
        out["parameters"] = parameters
    if operation.body is not None:
        out["requestBody"] = {"required": True, "content": _content(operation.body, refs)}
    if public:
        out["security"] = []
    replies = {**_shared(operation, public), **operation.responses}
    responses: dict[str, Any] = {}
    for status, (text, body) in sorted(replies.items()):
        if status >= 400:
            body = Error
        responses[str(status)] = {"description": text}
        if body is not None:
            responses[str(status)]["content"] = _content(body, refs)
    out["responses"] = responses
    return out


def _prefix() -> str:
    """Where the blueprint is mounted (/api/v1), read off this very route."""
    return next(current_app.url_map.iter_rules(f"{bp.name}.openapi")).rule.removesuffix("/openapi.json")


def _described_routes() -> list[tuple[str, str, Rule, Operation]]:
    """(path in the description, method, rule, operation) for every API route."""
    prefix = _prefix()
    routes = []
    for rule in current_app.url_map.iter_rules():
        if rule.endpoint.partition(".")[0] != bp.name:
            continue
        operation = getattr(current_app.view_functions[rule.endpoint], "api_operation", None)
        if operation is None:
            raise LookupError(f"{rule.endpoint} has no @describe(...): describe it for /openapi.json")
        path = _ARGUMENT.sub(lambda m: "{" + PATH_PARAMETERS[m[1]][0] + "}", rule.rule.removeprefix(prefix))
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            routes.append((path, method.lower(), rule, operation))
    return routes


def spec() -> dict[str, Any]:
    routes = _described_routes()
    types: dict[Hashable, None] = {Error: None}  # ordered and without repeats
    for _, _, _, operation in routes:
        for body in (*_alternatives(operation.body), *(body for _, body in operation.responses.values())):
            if body is not None and body not in (CSV, FHIR):
                types[body] = None
    for _, kind, _ in PATH_PARAMETERS.values():
        types[kind] = None
    refs, definitions = _json_schemas(list(types))
    paths: dict[str, dict[str, Any]] = {}
    for path, method, rule, operation in routes:
        paths.setdefault(path, {})[method] = _operation(rule, operation, refs)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Sleep app API",
            "version": "1.0.0",
            "description": "Token-authenticated JSON API. Errors: {error, message, fields}.",
        },
        "servers": [{"url": _prefix()}],
        "security": [{"bearer": []}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": definitions,
        },
        "paths": paths,
    }


@bp.get("/openapi.json")
@describe("This description", {200: ("OpenAPI 3.1", dict[str, Any])}, database=False)
def openapi() -> dict[str, Any]:
    # Built once per app (the routes and models do not change while it runs): anyone may ask.
    described: dict[str, Any] | None = current_app.extensions.get("api_description")
    if described is None:
        described = current_app.extensions["api_description"] = spec()
    return described
