"""A request id on every request, so a deployer can match a person's report, the access log
line and any error logged for it (docs/design.md §6.9).

The id comes from the proxy when it sends a sane one (nginx's `$request_id`, see
deploy/nginx.conf), otherwise it is made here. It goes back in the `X-Request-ID` header,
into gunicorn's access line (gunicorn.conf.py prints that header with the status and the
duration) and into every error this app logs while serving the request.
"""

from __future__ import annotations

import re
import secrets
from typing import Final

from flask import Flask, Response, g, has_request_context, request

HEADER: Final = "X-Request-ID"
# What a proxy may hand us: short, printable, no spaces or quotes (it ends up in log lines).
_SANE: Final = re.compile(r"[A-Za-z0-9._-]{8,64}")


def request_id() -> str:
    """This request's id, or "-" outside a request."""
    if not has_request_context():
        return "-"
    rid = g.get("request_id")
    if rid is None:  # an error before the request began (or a test calling a handler)
        rid = g.request_id = _incoming_or_new()
    return str(rid)


def _incoming_or_new() -> str:
    incoming = request.headers.get(HEADER, "")
    return incoming if _SANE.fullmatch(incoming) else secrets.token_hex(8)


def _assign() -> None:
    g.request_id = _incoming_or_new()


def _send(response: Response) -> Response:
    response.headers[HEADER] = request_id()
    return response


def register(app: Flask) -> None:
    app.before_request(_assign)
    app.after_request(_send)
