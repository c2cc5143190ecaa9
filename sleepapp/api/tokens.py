"""API tokens: POST /tokens (log in for a named token with an expiry), GET /tokens (list),
DELETE /tokens/<id>, /tokens/current and /tokens (revoke one, this one, all)."""

from __future__ import annotations

from flask import Response, abort

from ..auth.confirmations import is_confirmed
from ..auth.limits import forget_failures, limit_failures, mark_failure
from ..auth.passkeys import second_step_needed
from ..auth.service import authenticate
from ..auth.tokens import issue_token, list_tokens, revoke_all_tokens, revoke_token, token_as_dict
from ..errors import json_error
from ..extensions import ID_MAX
from . import bp
from .bearer import api_user, current_api_token
from .bodies import read_body
from .openapi import describe
from .schemas import NewToken, Token, TokenRequest


@bp.post("/tokens")
@describe(
    "Log in for a named token that expires",
    {
        201: ("A new token (the secret is shown only here)", NewToken),
        401: "Email or password is incorrect (`invalid_credentials`)",
        403: "The address is not confirmed yet (`email_not_confirmed`), or the account requires a "
        "passkey after the password (`passkey_required`): tokens come from the account page then",
        422: "A field is missing, of the wrong type or out of range",
        429: "Too many failed log-ins (see `Retry-After`)",
    },
    body=TokenRequest,
)
@limit_failures
def create_token() -> tuple[dict[str, object], int] | Response:
    login = read_body(TokenRequest)
    user = authenticate(login.email, login.password)
    if user is None:
        mark_failure()
        return json_error(401, "invalid_credentials", "Email or password is incorrect.")
    forget_failures(user.email)
    # The password alone must not get round the account's other locks.
    if not is_confirmed(user):
        return json_error(
            403,
            "email_not_confirmed",
            "Confirm your email address first: open the link we sent, then try again.",
        )
    if second_step_needed(user):
        return json_error(
            403,
            "passkey_required",
            "This account requires a passkey after the password, which a script cannot give: "
            "log in on the website and manage tokens from the account page.",
        )
    secret, record = issue_token(user, login.name, login.expires_in_days)
    return {"token": secret, **token_as_dict(record)}, 201


@bp.get("/tokens")
@describe("The account's tokens (never their secrets)", {200: ("Tokens, oldest first", list[Token])})
def get_tokens() -> list[dict[str, object]]:
    return [token_as_dict(record) for record in list_tokens(api_user())]


@bp.delete("/tokens/current")
@describe("Revoke the token used for this request", {204: "Revoked"})
def revoke_current_token() -> tuple[str, int]:
    revoke_token(api_user(), current_api_token().id)
    return "", 204


@bp.delete("/tokens/<int:token_id>")
@describe("Revoke one token", {204: "Revoked", 404: "Not one of the account's tokens"})
def revoke_one_token(token_id: int) -> tuple[str, int]:
    if token_id > ID_MAX or not revoke_token(api_user(), token_id):
        abort(404, description="No such token.")
    return "", 204


@bp.delete("/tokens")
@describe("Revoke every token of the account", {204: "Revoked"})
def revoke_every_token() -> tuple[str, int]:
    revoke_all_tokens(api_user())
    return "", 204
