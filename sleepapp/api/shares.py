"""POST/GET /shares and DELETE /shares/<id>: read-only links for a clinician, the same as the
report page makes (docs/design.md §8.8)."""

from __future__ import annotations

from flask import url_for

from ..auth.models import as_utc
from ..share import service
from ..share.models import ShareLink
from . import bp
from .bearer import api_user
from .bodies import read_body
from .openapi import describe
from .schemas import NewShare, Share, ShareRequest


def _moment(value: object) -> str:
    return as_utc(value).isoformat(timespec="seconds")  # type: ignore[arg-type]


def share_json(link: ShareLink) -> dict[str, object]:
    start, end = service.shared_period(link)
    return {
        "id": link.id,
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "expires_at": _moment(link.expires_at),
        "opened": [_moment(o.opened_at) for o in link.opens],
    }


@bp.post("/shares")
@describe(
    "Make a share link (the code is shown only in this answer)",
    {201: ("The new link", NewShare), 422: "`days` or `valid_days` is missing or out of range"},
    body=ShareRequest,
)
def create_share() -> tuple[dict[str, object], int]:
    wanted = read_body(ShareRequest)
    made = service.create_link(api_user(), wanted.days, wanted.valid_days)
    return {
        "id": made.link.id,
        "url": url_for("share.open_link", token=made.token, _external=True),
        "code": made.code,
        "expires_at": _moment(made.link.expires_at),
    }, 201


@bp.get("/shares")
@describe("The person's share links, newest first", {200: ("Links", list[Share])})
def list_shares() -> list[dict[str, object]]:
    return [share_json(link) for link in service.list_links(api_user())]


@bp.delete("/shares/<int:link_id>")
@describe("End a share link at once", {204: "Ended", 404: "No such link of yours"})
def delete_share(link_id: int) -> tuple[str, int]:
    service.revoke_link(api_user(), link_id)
    return "", 204
