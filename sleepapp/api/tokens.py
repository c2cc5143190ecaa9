"""POST /tokens (log in for a token) and DELETE /tokens/current (revoke it)."""

from __future__ import annotations

from flask import Response

from ..auth.limits import limit_failures, mark_failure
from ..auth.service import authenticate, issue_token, revoke_token
from ..errors import json_error
from . import bp
from .auth import current_api_token, json_body


@bp.post("/tokens")
@limit_failures
def create_token() -> tuple[dict[str, str], int] | Response:
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
    return {"token": issue_token(user)}, 201


@bp.delete("/tokens/current")
def revoke_current_token() -> tuple[str, int]:
    revoke_token(current_api_token())
    return "", 204
