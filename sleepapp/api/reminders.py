"""The reminders' two channels through the API (docs/design.md §11): the private calendar
feed (`POST`/`DELETE /calendar`) and Web Push (`GET /push/key`, `POST`/`DELETE
/push/subscriptions`). The same services as /account/reminders."""

from __future__ import annotations

from flask import abort, current_app, url_for

from ..reminders import service
from ..reminders.vapid import vapid_keys
from . import bp
from .bearer import api_user
from .bodies import json_body
from .openapi import describe
from .schemas import CalendarFeedUrl, PushKey, PushSubscribed, PushSubscriptionBody, PushSubscriptionEnd


@bp.post("/calendar")
@describe(
    "Turn the calendar feed on, or give it a new secret address (the old one stops at once)",
    {201: ("The feed's address, shown only here", CalendarFeedUrl)},
)
def start_calendar() -> tuple[dict[str, str], int]:
    token = service.start_calendar_feed(api_user())
    return {"url": url_for("reminders.calendar_feed", token=token, _external=True)}, 201


@bp.delete("/calendar")
@describe("Turn the calendar feed off (its address stops at once)", {204: "Off"})
def stop_calendar() -> tuple[str, int]:
    service.stop_calendar_feed(api_user())
    return "", 204


@bp.get("/push/key")
@describe(
    "The server's Web Push (VAPID) public key",
    {200: ("The key", PushKey), 503: "Web Push is not available on this server"},
)
def push_key() -> dict[str, str]:
    try:
        key = vapid_keys().public_key
    except (OSError, RuntimeError, ValueError):
        current_app.logger.exception("Web Push is not available: no usable VAPID key")
        abort(503, description="Notifications are not available on this server.")
    return {"public_key": key}


@bp.post("/push/subscriptions")
@describe(
    "Send reminders to this browser as notifications",
    {
        201: ("Subscribed", PushSubscribed),
        422: "The subscription has no usable endpoint or keys",
    },
    body=PushSubscriptionBody,
)
def push_subscribe() -> tuple[dict[str, int], int]:
    user = api_user()
    sub = service.subscribe(user, json_body())
    return {"id": sub.id, "browsers": len(service.subscriptions(user))}, 201


@bp.delete("/push/subscriptions")
@describe(
    "Stop notifications to one browser",
    {204: "Stopped", 404: "No subscription of yours at that endpoint"},
    body=PushSubscriptionEnd,
)
def push_unsubscribe() -> tuple[str, int]:
    if not service.unsubscribe(api_user(), json_body().get("endpoint")):
        abort(404, description="No notifications go to that browser from your account.")
    return "", 204
