"""API tokens: POST /tokens (log in for a named token with an expiry), GET /tokens (list),
DELETE /tokens/<id>, /tokens/current and /tokens (revoke one, this one, all)."""

from __future__ import annotations

from flask import Response, abort

from ..auth.limits import forget_failures, limit_failures, mark_failure
from ..auth.service import authenticate
from ..auth.tokens import issue_token, list_tokens, revoke_all_tokens, revoke_token, token_as_dict
from ..errors import json_error
from . import bp
from .auth import api_user, current_api_token, json_body


@bp.post("/tokens")
@limit_failures
def create_token() -> tuple[dict[str, object], int] | Response:
    data = json_body()
    email, password = data.get("email"), data.get("password")
    if not isinstance(email, str) or not isinstance(password, str) or not email or not password:
        fields = {}
        if not isinstance(email, str) or not email:
            fields["email"] = "Required."
        if not isinstance(password, str) or not password:
            fields["password"] = "Required."  # noqa: S105 (a message, not a password)
        return json_error(422, "validation_failed", "Email and password are required.", fields)
    user = authenticate(email, password)
    if user is None:
        mark_failure()
        return json_error(401, "invalid_credentials", "Email or password is incorrect.")
    forget_failures(user.email)
    secret, record = issue_token(user, data.get("name"), data.get("expires_in_days"))
    return {"token": secret, **token_as_dict(record)}, 201


@bp.get("/tokens")
def get_tokens() -> list[dict[str, object]]:
    return [token_as_dict(record) for record in list_tokens(api_user())]


@bp.delete("/tokens/current")
def revoke_current_token() -> tuple[str, int]:
    revoke_token(api_user(), current_api_token().id)
    return "", 204


@bp.delete("/tokens/<int:token_id>")
def revoke_one_token(token_id: int) -> tuple[str, int]:
    if not revoke_token(api_user(), token_id):
        abort(404, description="No such token.")
    return "", 204


@bp.delete("/tokens")
def revoke_every_token() -> tuple[str, int]:
    revoke_all_tokens(api_user())
    return "", 204
