"""Bearer-token authentication for every API route except the public ones (docs/design.md
§5.2). The description at /openapi.json marks the same public endpoints as needing no token."""

from __future__ import annotations

from flask import abort, g, request
from werkzeug.exceptions import Unauthorized

from ..auth.models import ApiToken, User
from ..auth.tokens import find_token
from . import bp

PUBLIC_ENDPOINTS = {"api.create_token", "api.openapi"}


class TokenRequired(Unauthorized):
    description = "Send a valid token: Authorization: Bearer <token> (get one from POST /api/v1/tokens)."

    def get_headers(self, environ=None, scope=None):  # type: ignore[no-untyped-def]
        return [*super().get_headers(environ, scope), ("WWW-Authenticate", 'Bearer realm="sleepapp"')]


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


@bp.before_request
def authenticate_request() -> None:
    if request.endpoint in PUBLIC_ENDPOINTS or request.endpoint is None:
        return
    token = bearer_token()
    api_token = find_token(token) if token else None
    if api_token is None:
        raise TokenRequired()
    g.api_token = api_token
    g.api_user = api_token.user


def api_user() -> User:
    user = g.get("api_user")
    if user is None:
        abort(401)
    return user


def current_api_token() -> ApiToken:
    return g.api_token
