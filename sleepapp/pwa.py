"""The installable app (docs/design.md §10): the web app manifest, the service worker served
at the site root so it may control every page, the offline page, and the account tag that
tells the worker whose pages it is keeping."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from flask import Blueprint, Response, current_app, g, json, render_template, send_from_directory, url_for

bp = Blueprint("pwa", __name__)

# The response header (and the page's <meta name="sleep-account">) naming whose page this is.
ACCOUNT_HEADER = "Sleep-Account"

# The site's colours (static/css/app.css: the header's card colour and the page background).
LIGHT = {"theme_color": "#ffffff", "background_color": "#fbfbfd"}
DARK = {"theme_color": "#1c1e29", "background_color": "#12131a"}


def account_tag(user_id: int) -> str:
    """An opaque, stable name for one account (never its id or address), keyed by the secret
    key: the worker files a person's pages under it and the page files queued nights under
    it, so nothing kept for one person is shown to or sent for another."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, f"pwa-account:{user_id}".encode(), hashlib.sha256).hexdigest()[:32]


def current_account_tag() -> str | None:
    """The logged-in person's tag, from the user already loaded in this request (never a
    database query: this also runs on error pages while the database is away)."""
    user = g.get("_login_user")
    if user is None or not user.is_authenticated:
        return None
    return account_tag(int(user.id))


def manifest_data() -> dict[str, Any]:
    icon = lambda name: url_for("static", filename=f"img/{name}")  # noqa: E731
    return {
        "id": "/diary",
        "name": "Sleep diary",
        "short_name": "Sleep",
        "description": "Keep a sleep diary each morning and follow the CBT-I programme.",
        "lang": "en",
        "dir": "ltr",
        "start_url": url_for("diary.index"),
        "scope": "/",
        "display": "standalone",
        "orientation": "any",
        **LIGHT,
        # Chromium's proposal for a dark variant; other browsers ignore it and use the
        # pages' <meta name="theme-color" media="(prefers-color-scheme: dark)">.
        "user_preferences": {"color_scheme_dark": DARK},
        "icons": [
            {"src": icon("icon.svg"), "sizes": "any", "type": "image/svg+xml", "purpose": "any"},
            {"src": icon("icon-192.png"), "sizes": "192x192", "type": "image/png", "purpose": "any"},
            {"src": icon("icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any"},
            {
                "src": icon("icon-maskable-192.png"),
                "sizes": "192x192",
                "type": "image/png",
                "purpose": "maskable",
            },
            {
                "src": icon("icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
        "shortcuts": [
            {
                "name": "Log last night",
                "short_name": "Log night",
                "url": url_for("diary.new_entry"),
                "icons": [{"src": icon("icon-192.png"), "sizes": "192x192", "type": "image/png"}],
            },
            {
                "name": "Today's habits",
                "short_name": "Habits",
                "url": url_for("program.index"),
                "icons": [{"src": icon("icon-192.png"), "sizes": "192x192", "type": "image/png"}],
            },
        ],
    }


@bp.get("/manifest.webmanifest")
def manifest() -> Response:
    resp = current_app.response_class(
        json.dumps(manifest_data(), indent=2), mimetype="application/manifest+json"
    )
    resp.headers["Cache-Control"] = "no-cache"
    return resp


@bp.get("/sw.js")
def service_worker() -> Response:
    """The worker from static/js, served from the root: a worker controls only the pages
    under its own path, so /static/js/sw.js could not keep /diary/new."""
    resp = send_from_directory(
        current_app.static_folder or "static", "js/sw.js", mimetype="text/javascript", max_age=0
    )
    # Browsers check for a new worker on each visit; never let a cache answer that check.
    resp.headers["Cache-Control"] = "no-cache"
    return resp


@bp.get("/offline")
def offline() -> str:
    """What the worker shows for a page it has not kept, with the network off."""
    return render_template("pwa/offline.html", title="Offline")


@bp.app_context_processor
def account_context() -> dict[str, Any]:
    return {"pwa_account_tag": current_account_tag}


@bp.after_app_request
def tag_personal_pages(response: Response) -> Response:
    """Name whose page this is, for the worker (static/js/sw.js): it keeps only pages that
    carry the header and drops what it kept when the name changes or disappears."""
    if response.mimetype == "text/html" and (tag := current_account_tag()):
        response.headers[ACCOUNT_HEADER] = tag
    return response
